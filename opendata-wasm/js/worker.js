// The package's Web Worker: runs the wasm module off the page's main thread, so the page
// stays responsive while a large file is checked. Files are read here with FileReaderSync
// (only available in workers), chunk by chunk for checks.
import init, * as wasm from "../pkg/opendata_wasm.js";
import { wrapAll, chunkPuller, errorToMessage } from "./common.js";

let api = null;

async function ready(wasmUrl) {
  if (!api) {
    await init(wasmUrl ? { module_or_path: wasmUrl } : undefined);
    api = wrapAll(wasm);
  }
  return api;
}

const reader = new FileReaderSync();
const readAll = (blob) => new Uint8Array(reader.readAsArrayBuffer(blob));

self.onmessage = async (event) => {
  const { id, op, wasmUrl } = event.data;
  try {
    const od = await ready(wasmUrl);
    let result;
    let transfer = [];
    if (op === "checkFile") {
      const { file, check, chunkSize } = event.data;
      // Progress messages are throttled to whole percents so that a 2 GB file does not
      // flood the page with thousands of messages.
      let lastPercent = -1;
      const progress = (done, total) => {
        const percent = total > 0 ? Math.floor((done * 100) / total) : 100;
        if (percent !== lastPercent || done === total) {
          lastPercent = percent;
          self.postMessage({ id, progress: [done, total] });
        }
      };
      const pull = chunkPuller(
        (offset, length) => readAll(file.slice(offset, offset + length)),
        file.size, chunkSize, progress,
      );
      result = od.checkChunks(pull, check);
    } else if (op === "call") {
      // Blobs among the arguments are read whole: scan and anonymise work in memory.
      const args = event.data.args.map((a) => (a instanceof Blob ? readAll(a) : a));
      const fn = od[event.data.name];
      if (!fn) throw new Error(`no function ${event.data.name}`);
      result = fn(...args);
      if (result && result.csv instanceof Uint8Array) transfer = [result.csv.buffer];
    } else {
      throw new Error(`unknown operation ${op}`);
    }
    self.postMessage({ id, result }, transfer);
  } catch (err) {
    self.postMessage({ id, error: errorToMessage(err) });
  }
};
