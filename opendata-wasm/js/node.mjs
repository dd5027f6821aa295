// The Node entry of the npm package (ES module over the wasm-bindgen `nodejs` build).
// The same functions as the browser entry; checkFile reads a path with fs.readSync in
// chunks, so a file of any size is checked with bounded memory.
import { createRequire } from "node:module";
import { openSync, closeSync, fstatSync, readSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { OpendataError, wrapAll, splitFileOptions, chunkPuller } from "./common.js";

export { OpendataError };

const require = createRequire(import.meta.url);
const api = wrapAll(require("../pkg-node/opendata_wasm.js"));

export const {
  checkCsv, checkChunks, inferSchema, validateRows, resolveLicence, analyseLicence, checkLicence,
  licenceCompatibility, licenceAttribution, scanCsv, scanColumns, scanText, scanTexts, suggestPolicy, anonymiseCsv,
  validateMetadata, codes,
} = api;

/** Nothing to load in Node (the module is compiled when imported); kept so that code
 * written for the browser entry runs unchanged. */
export async function init() {}

/** checkFile without the Promise: `file` is a path, a file: URL or an open descriptor. */
export function checkFileSync(file, options = {}) {
  const { check, onProgress, chunkSize, signal } = splitFileOptions(options);
  const owned = typeof file !== "number";
  const fd = owned ? openSync(file instanceof URL ? fileURLToPath(file) : file, "r") : file;
  try {
    const total = fstatSync(fd).size;
    // One buffer reused for every chunk: the core copies each chunk before asking for the
    // next, so no chunk outlives its call.
    const buffer = new Uint8Array(Math.min(chunkSize, Math.max(total, 1)));
    const pull = chunkPuller((offset, length) => {
      signal?.throwIfAborted();
      const n = readSync(fd, buffer, 0, length, offset);
      return buffer.subarray(0, n);
    }, total, buffer.length, onProgress);
    return checkChunks(pull, check);
  } finally {
    if (owned) closeSync(fd);
  }
}

/** Checks a CSV file read in chunks; `onProgress(bytesDone, bytesTotal)`. */
export async function checkFile(file, options) {
  return checkFileSync(file, options);
}
