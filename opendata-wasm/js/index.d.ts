// Types of the browser entry.
import type {
  Report, CheckFileOptions, CheckOptions, ScanOptions, ScanReport, Policy, AnonymiseReport,
  MetadataRequest,
} from "./types.js";

export * from "./types.js";

/** Loads the wasm module for the synchronous functions (not needed for the *File ones). */
export declare function init(wasmUrl?: string | URL): Promise<void>;

export interface ScanFileOptions { checkOptions?: CheckOptions; scanOptions?: ScanOptions; rules?: object[]; signal?: AbortSignal; }
export interface AnonymiseFileOptions { key?: Uint8Array; seed?: Uint8Array; checkOptions?: CheckOptions; signal?: AbortSignal; }

/** A Web Worker running the wasm module; calls run one at a time, in order. */
export declare class OpendataWorker {
  constructor(options?: { worker?: Worker; wasmUrl?: string | URL });
  /** Reads the file in chunks through FileReaderSync; memory stays bounded. */
  checkFile(file: Blob, options?: CheckFileOptions): Promise<Report>;
  call(name: string, args?: unknown[], options?: { signal?: AbortSignal }): Promise<unknown>;
  /** Reads the whole file into the worker's memory. */
  scanFile(file: Blob, options?: ScanFileOptions): Promise<ScanReport>;
  /** Reads the whole file into the worker's memory. */
  anonymiseFile(file: Blob, policy: Policy, options?: AnonymiseFileOptions): Promise<{ csv: Uint8Array; report: AnonymiseReport }>;
  validateMetadataFile(file: Blob, request?: MetadataRequest, options?: { signal?: AbortSignal }): Promise<Report>;
  terminate(): void;
}

export declare function checkFile(file: Blob, options?: CheckFileOptions): Promise<Report>;
export declare function scanFile(file: Blob, options?: ScanFileOptions): Promise<ScanReport>;
export declare function anonymiseFile(file: Blob, policy: Policy, options?: AnonymiseFileOptions): Promise<{ csv: Uint8Array; report: AnonymiseReport }>;
export declare function validateMetadataFile(file: Blob, request?: MetadataRequest, options?: { signal?: AbortSignal }): Promise<Report>;
