// The API shared by the browser entry (index.d.ts) and the Node entry (node.d.ts). The
// report types are the ones the wasm module declares (its TypeScript custom section).
import type {
  Report, CheckOptions, TableSchema, ValidateRowsOptions, LicenceResolution, LicenceReport,
  Finding, LicenceCompatibility, AttributionInput, ScanOptions, ScanReport, Span,
  SuggestedPolicy, Policy, AnonymiseReport, CodeInfo,
} from "../pkg/opendata_wasm.js";

export type {
  Severity, Location, Finding, TableSummary, Report, CheckOptions, TableSchema,
  ValidateRowsOptions, Obligations, Licence, LicenceResolution, LicenceReport,
  LicenceCompatibility, AttributionInput, ScanOptions, ScanReport, Span, SuggestedPolicy,
  Action, Policy, AnonymiseReport, CodeInfo,
} from "../pkg/opendata_wasm.js";

/** Every error about the input or the options; `code` is stable (docs/codes.md). */
export declare class OpendataError extends Error {
  constructor(message: string, code: string, options?: { cause?: unknown });
  readonly name: "OpendataError";
  readonly code: string;
}

/** `onProgress(bytesDone, bytesTotal)`, called as chunks are read. */
export type ProgressCallback = (bytesDone: number, bytesTotal: number) => void;

/** checkFile's options: the core's CheckOptions plus how the file is read. */
export interface CheckFileOptions extends CheckOptions {
  onProgress?: ProgressCallback;
  /** Bytes read per chunk (default 4 MiB). */
  chunkSize?: number;
  /** Aborting stops the check (in the browser: ends the worker running it). */
  signal?: AbortSignal;
}

export interface MetadataRequest {
  profile?: "dcat-ap-3" | "dcat-us" | "schema-org";
  format?: "jsonld" | "turtle" | "rdfxml" | "ntriples";
  [k: string]: unknown;
}

export declare function checkCsv(bytes: Uint8Array, options?: CheckOptions): Report;
/** Checks a CSV given chunk by chunk: `pull()` returns the next chunk, `null` at the end. */
export declare function checkChunks(pull: () => Uint8Array | null | undefined, options?: CheckOptions): Report;
export declare function inferSchema(bytes: Uint8Array, options?: CheckOptions): { report: Report; schema: TableSchema | null };
export declare function validateRows(schema: TableSchema, rows: string[][], options?: ValidateRowsOptions): Report;
export declare function resolveLicence(text: string): LicenceResolution;
export declare function analyseLicence(text: string): LicenceReport;
export declare function checkLicence(text: string): Finding[];
export declare function licenceCompatibility(inputs: string[]): LicenceCompatibility;
export declare function licenceAttribution(input: AttributionInput): string;
export declare function scanCsv(bytes: Uint8Array, checkOptions?: CheckOptions, scanOptions?: ScanOptions, rules?: object[]): ScanReport;
/** Personal data in columns of text held in JS (every value read as text). */
export declare function scanColumns(columns: Array<{ name: string; values: Array<string | null> }>, scanOptions?: ScanOptions, rules?: object[]): ScanReport;
export declare function scanText(text: string, scanOptions?: ScanOptions, rules?: object[]): Span[];
/** scanText over many texts in one call (`null` / `undefined` are empty texts, any other non-string throws): one span list per text, in order. */
export declare function scanTexts(texts: Array<string | null>, scanOptions?: ScanOptions, rules?: object[]): Span[][];
/** A first policy: `entities` maps column -> entity found by scanCsv; `referenceDate` is YYYY-MM-DD. */
export declare function suggestPolicy(columns: string[], entities: Record<string, string> | undefined, referenceDate: string): SuggestedPolicy;
export declare function anonymiseCsv(bytes: Uint8Array, policy: Policy, key?: Uint8Array | null, seed?: Uint8Array | null, checkOptions?: CheckOptions): { csv: Uint8Array; report: AnonymiseReport };
export declare function validateMetadata(bytes: Uint8Array, request?: MetadataRequest): Report;
export declare function codes(): CodeInfo[];
