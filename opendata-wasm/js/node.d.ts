// Types of the Node entry.
import type { Report, CheckFileOptions } from "./types.js";

export * from "./types.js";

/** Nothing to load in Node; present so browser code runs unchanged. */
export declare function init(): Promise<void>;
/** Checks a CSV file (path, file: URL or open descriptor) read in chunks with fs.readSync. */
export declare function checkFile(file: string | URL | number, options?: CheckFileOptions): Promise<Report>;
export declare function checkFileSync(file: string | URL | number, options?: CheckFileOptions): Report;
