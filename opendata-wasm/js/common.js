// Shared by the browser entry (index.js), the worker (worker.js) and the Node entry
// (node.mjs): the error class and the wrapping of the wasm-bindgen exports.

/** The functions the wasm module exports, wrapped one for one. */
export const FUNCTIONS = [
  "checkCsv", "checkChunks", "inferSchema", "validateRows",
  "resolveLicence", "analyseLicence", "checkLicence", "licenceCompatibility", "licenceAttribution",
  "scanCsv", "scanColumns", "scanText", "scanTexts", "suggestPolicy", "anonymiseCsv", "validateMetadata", "codes",
];

/** Default bytes read per chunk by checkFile: large enough that the per-call overhead
 * between JS and wasm is negligible, small enough to keep memory flat. */
export const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;

/** Every error the package raises about the input or the options; `code` is stable
 * (`table.invalid-option`, `anonymise.missing-key`, ...). */
export class OpendataError extends Error {
  constructor(message, code, options) {
    super(message, options);
    this.name = "OpendataError";
    this.code = code;
  }
}

/** The wasm module throws plain `Error`s named "OpendataError" with a `code`; turn them
 * into instances of the class so `instanceof` works. Anything else passes unchanged. */
export function toOpendataError(err) {
  if (err instanceof OpendataError) return err;
  if (err && err.name === "OpendataError" && typeof err.code === "string") {
    return new OpendataError(err.message, err.code, { cause: err });
  }
  return err;
}

/** A worker cannot post an Error with its own properties (structured clone keeps only the
 * message of a non-standard error), so errors cross as plain objects. */
export function errorToMessage(err) {
  if (err && typeof err === "object") {
    return { name: String(err.name ?? "Error"), message: String(err.message ?? err), code: err.code };
  }
  return { name: "Error", message: String(err) };
}

export function errorFromMessage(data) {
  if (data.name === "OpendataError" && typeof data.code === "string") {
    return new OpendataError(data.message, data.code);
  }
  const err = new Error(data.message);
  err.name = data.name;
  return err;
}

/** Wraps every export so that it throws OpendataError. */
export function wrapAll(wasm) {
  const out = {};
  for (const name of FUNCTIONS) {
    const fn = wasm[name];
    if (typeof fn !== "function") continue;
    out[name] = (...args) => {
      try {
        return fn(...args);
      } catch (err) {
        throw toOpendataError(err);
      }
    };
  }
  return out;
}

/** Splits checkFile's options into the core's CheckOptions and the reading settings, so
 * that an unknown core option is still refused by the core. */
export function splitFileOptions(options = {}) {
  const { onProgress, chunkSize, signal, ...check } = options ?? {};
  const size = chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(size) || size < 1) {
    throw new OpendataError(`chunkSize must be a positive integer, not ${chunkSize}`, "invalid-options");
  }
  return { check, onProgress, chunkSize: size, signal };
}

/** A `pull` function for checkChunks over a synchronous `read(offset, length)`; reports
 * progress after each chunk. Only the current chunk is alive at any time. */
export function chunkPuller(read, total, chunkSize, onProgress) {
  let offset = 0;
  return () => {
    if (offset >= total) return null;
    const length = Math.min(chunkSize, total - offset);
    const chunk = read(offset, length);
    if (chunk.length === 0) return null;
    offset += chunk.length;
    if (onProgress) onProgress(offset, total);
    return chunk;
  };
}
