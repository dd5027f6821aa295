// The browser entry of the npm package (ES module). Two ways in:
// - `await init()`, then the synchronous functions (checkCsv, scanCsv, ...) on bytes held in
//   memory, on the calling thread;
// - checkFile / scanFile / anonymiseFile / validateMetadataFile on a File or Blob, run in a
//   Web Worker (worker.js) so the page stays responsive. checkFile reads the file in chunks.
import initWasm, * as wasm from "../pkg/opendata_wasm.js";
import {
  FUNCTIONS, OpendataError, wrapAll, splitFileOptions, errorFromMessage,
} from "./common.js";

export { OpendataError };

let api = null;

/** Loads the wasm module for the synchronous functions. `wasmUrl` overrides where the
 * `.wasm` file is fetched from (by default next to pkg/opendata_wasm.js). */
export async function init(wasmUrl) {
  if (!api) {
    await initWasm(wasmUrl ? { module_or_path: wasmUrl } : undefined);
    api = wrapAll(wasm);
  }
}

function sync(name) {
  return (...args) => {
    if (!api) throw new OpendataError(`call await init() before ${name}()`, "not-initialised");
    return api[name](...args);
  };
}

export const checkCsv = sync("checkCsv");
export const checkChunks = sync("checkChunks");
export const inferSchema = sync("inferSchema");
export const validateRows = sync("validateRows");
export const resolveLicence = sync("resolveLicence");
export const analyseLicence = sync("analyseLicence");
export const checkLicence = sync("checkLicence");
export const licenceCompatibility = sync("licenceCompatibility");
export const licenceAttribution = sync("licenceAttribution");
export const scanCsv = sync("scanCsv");
export const scanColumns = sync("scanColumns");
export const scanText = sync("scanText");
export const scanTexts = sync("scanTexts");
export const suggestPolicy = sync("suggestPolicy");
export const anonymiseCsv = sync("anonymiseCsv");
export const validateMetadata = sync("validateMetadata");
export const codes = sync("codes");

/** A Web Worker running the wasm module. One call runs at a time in it, in order. */
export class OpendataWorker {
  constructor({ worker, wasmUrl } = {}) {
    this.worker = worker ?? new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    this.wasmUrl = wasmUrl ? String(wasmUrl) : undefined;
    this.pending = new Map();
    this.nextId = 1;
    this.worker.onmessage = (event) => this.#receive(event.data);
    // A worker that fails to load (or dies) fails every call waiting on it.
    this.worker.onerror = (event) => {
      event.preventDefault?.();
      this.#failAll(new Error(`the opendata worker failed: ${event.message ?? "unknown error"}`));
    };
  }

  #receive(data) {
    const call = this.pending.get(data.id);
    if (!call) return;
    if (data.progress) {
      call.onProgress?.(data.progress[0], data.progress[1]);
      return;
    }
    this.pending.delete(data.id);
    call.signal?.removeEventListener("abort", call.abort);
    if (data.error) call.reject(errorFromMessage(data.error));
    else call.resolve(data.result);
  }

  #failAll(err) {
    for (const call of this.pending.values()) call.reject(err);
    this.pending.clear();
  }

  #post(message, { onProgress, signal } = {}) {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      // A check is one synchronous loop inside the worker; the only way to stop it is to
      // end the worker, so aborting ends this worker and fails what was queued on it.
      const abort = () => {
        this.terminate();
        this.#failAll(signal.reason);
      };
      signal?.addEventListener("abort", abort, { once: true });
      this.pending.set(id, { resolve, reject, onProgress, signal, abort });
      this.worker.postMessage({ id, wasmUrl: this.wasmUrl, ...message });
    });
  }

  /** Checks a File or Blob read in chunks (`chunkSize`, default 4 MiB); memory stays
   * bounded by a chunk and the longest record. `onProgress(bytesDone, bytesTotal)`. */
  checkFile(file, options = {}) {
    let split;
    try {
      split = splitFileOptions(options);
    } catch (err) {
      return Promise.reject(err);
    }
    const { check, onProgress, chunkSize, signal } = split;
    return this.#post({ op: "checkFile", file, check, chunkSize }, { onProgress, signal });
  }

  /** Calls any function of the module in the worker; File / Blob arguments are read whole
   * into memory first. */
  call(name, args = [], { signal } = {}) {
    if (!FUNCTIONS.includes(name)) {
      return Promise.reject(new OpendataError(`no function ${name}`, "invalid-options"));
    }
    return this.#post({ op: "call", name, args }, { signal });
  }

  /** Personal data per column of a CSV File (read whole into the worker's memory). */
  scanFile(file, { checkOptions, scanOptions, rules, signal } = {}) {
    return this.call("scanCsv", [file, checkOptions, scanOptions, rules], { signal });
  }

  /** Anonymises a CSV File as `policy` says (in memory); resolves to `{ csv, report }`. */
  anonymiseFile(file, policy, { key, seed, checkOptions, signal } = {}) {
    return this.call("anonymiseCsv", [file, policy, key, seed, checkOptions], { signal });
  }

  /** Validates a metadata File (Turtle, JSON-LD, RDF/XML, N-Triples, CKAN, data.json). */
  validateMetadataFile(file, request, { signal } = {}) {
    return this.call("validateMetadata", [file, request], { signal });
  }

  terminate() {
    this.worker.terminate();
    if (shared === this) shared = null;
  }
}

let shared = null;
function sharedWorker() {
  shared ??= new OpendataWorker();
  return shared;
}

/** checkFile on a worker shared by the module-level functions. */
export function checkFile(file, options) {
  return sharedWorker().checkFile(file, options);
}
export function scanFile(file, options) {
  return sharedWorker().scanFile(file, options);
}
export function anonymiseFile(file, policy, options) {
  return sharedWorker().anonymiseFile(file, policy, options);
}
export function validateMetadataFile(file, request, options) {
  return sharedWorker().validateMetadataFile(file, request, options);
}
