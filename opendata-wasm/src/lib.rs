//! WebAssembly bindings of `opendata`: conversion only. Reports become plain JS objects
//! (maps as objects, via `serde-wasm-bindgen`'s JSON-compatible serializer); errors are
//! thrown as JS `Error`s named `OpendataError` with a `code` property.

use opendata_core::table::schema::{self, TableSchema, ValidateRowsOptions};
use opendata_core::table::CsvReader;
use opendata_core::table::{check_and_infer_schema, check_csv as core_check_csv, CheckOptions};
use opendata_core::{anonymise, catalog, licence, pii};
use opendata_core::{options_from_json, Error};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
export type Severity = "error" | "warning" | "info";
export interface Location {
  row?: number; column?: number; field?: string; byte_offset?: number;
  path?: string; subject?: string; property?: string;
}
export interface Finding { code: string; severity: Severity; location: Location; message: string; hint: string; }
export interface TableSummary { encoding: string; delimiter: string; header: boolean; rows: number; columns: number; bytes: number; }
export interface Report {
  ok: boolean;
  counts: { error: number; warning: number; info: number };
  findings: Finding[];
  omitted?: Record<string, number>;
  table?: TableSummary;
}
export interface CheckOptions {
  delimiter?: string | null; quote?: string; header?: boolean; encoding?: string | null;
  max_findings_per_code?: number; max_cell_bytes?: number; max_columns?: number;
  missing_values?: string[]; batch_size?: number; schema?: TableSchema | null; parallel?: boolean;
}
export type TableSchema = { fields: Array<{ name: string; type: string; format?: string; [k: string]: unknown }>; [k: string]: unknown };
export interface ValidateRowsOptions { header?: boolean; max_findings_per_code?: number; references?: Record<string, string[][]>; }
export interface Obligations { attribution: boolean; share_alike: boolean; non_commercial: boolean; no_derivatives: boolean; public_domain: boolean; notice: boolean; state_changes: boolean; }
export interface Licence { id: string; spdx_id: string | null; title: string; eu_uri: string | null; open: boolean; hvd_compatible: boolean; obligations: Obligations; urls: string[]; [k: string]: unknown; }
export interface LicenceResolution { input: string; licence: Licence | null; matched_by: "exact-id" | "url" | "eu-uri" | "alias" | "expression" | "fuzzy-title" | "none"; confidence: number; candidates: Licence[]; version_assumed: boolean; deprecated_id: boolean; expression?: LicenceExpression; }
export interface LicenceExpression { normalised: string; operator: "OR" | "AND" | "WITH"; licences: string[]; open: boolean; }
export interface LicenceReport extends LicenceResolution { ok: boolean; findings: Finding[]; }
export interface LicenceCompatibility { compatible: boolean; obligations: Obligations; allowed: Licence[]; recommended: Licence | null; [k: string]: unknown; }
export interface AttributionInput { licence: string; title?: string; author?: string; source?: string; modified?: boolean; }
export interface ScanOptions { min_confidence?: number; min_share?: number; text_min_confidence?: number; max_examples?: number; free_text?: boolean; [k: string]: unknown; }
export interface ScanReport { rows: number; columns: Array<{ index: number; name: string; verdict: string | null; confidence: number; examples: string[]; [k: string]: unknown }>; findings: Finding[]; }
export interface Span { entity: string; rule_id: string; start: number; end: number; char_start: number; char_end: number; confidence: number; masked: string; [k: string]: unknown; }
export interface SuggestedPolicy { policy: Policy; reasons: Array<{ column: string; entity: string; basis: "scan" | "column-name" }>; }
export type Action =
  | { action: "keep" } | { action: "drop" } | { action: "redact"; with?: string }
  | { action: "entity-tag"; entity?: string }
  | { action: "mask"; keep_first?: number; keep_last?: number; mask_char?: string }
  | { action: "pseudonym"; length?: number; encoding?: "base32" | "hex"; join?: string; prefix?: string }
  | { action: "random-token"; length?: number; prefix?: string }
  | { action: "date"; level: "year" | "quarter" | "month" }
  | { action: "age-band"; reference_date: string; width?: number; top?: number }
  | { action: "postcode"; level: "sector" | "district" | "outward" | "area" }
  | { action: string; [k: string]: unknown };
export interface Policy {
  version?: 1; default_personal?: Action; columns?: Record<string, Action>; entities?: Record<string, Action>;
  privacy?: { quasi_identifiers: string[]; k: number; [k: string]: unknown };
}
export interface AnonymiseReport {
  rows_in: number; rows_out: number;
  columns: Array<{ column: string; action: string; entity?: string; unreadable_cells: number; [k: string]: unknown }>;
  privacy?: { [k: string]: unknown };
  report: Report;
}
export interface CodeInfo { code: string; severity: Severity; meaning: string; hint: string; }
"#;

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// The one place where core errors become JS errors.
fn to_js_error(err: Error) -> JsValue {
    let js = js_sys::Error::new(&err.to_string());
    js.set_name("OpendataError");
    let _ = js_sys::Reflect::set(
        &js,
        &JsValue::from_str("code"),
        &JsValue::from_str(err.code()),
    );
    js.into()
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| to_js_error(Error::InvalidOptions(e.to_string())))
}

/// Options go through JSON so that unknown fields and wrong types are refused with the
/// same messages as in Python and the CLI.
fn from_js<T: DeserializeOwned + Default>(value: JsValue) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    let json = js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| {
            to_js_error(Error::InvalidOptions(
                "options must be a plain object".to_owned(),
            ))
        })?;
    options_from_json(&json).map_err(to_js_error)
}

/// Checks the structure of a CSV file given as bytes.
#[wasm_bindgen(js_name = checkCsv, unchecked_return_type = "Report")]
pub fn check_csv(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_param_type = "CheckOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let options: CheckOptions = from_js(options)?;
    let report = core_check_csv(bytes, &options).map_err(to_js_error)?;
    to_js(&report)
}

/// A `Read` over chunks that a JS function hands over one call at a time. The check in
/// core is synchronous, so the caller's `pull` must be synchronous too (`FileReaderSync`
/// in a worker, `fs.readSync` in Node); only one chunk is held at a time, which is what
/// keeps memory bounded for a file of any size.
struct PullReader {
    pull: js_sys::Function,
    chunk: Vec<u8>,
    pos: usize,
    done: bool,
    /// The JS exception thrown by `pull`, rethrown as is rather than as an I/O error so
    /// the caller sees its own error.
    thrown: Option<JsValue>,
}

impl std::io::Read for PullReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.pos >= self.chunk.len() {
            if self.done {
                return Ok(0);
            }
            let next = match self.pull.call0(&JsValue::NULL) {
                Ok(next) => next,
                Err(thrown) => {
                    self.thrown = Some(thrown);
                    return Err(std::io::Error::other("the chunk source threw"));
                }
            };
            if next.is_undefined() || next.is_null() {
                self.done = true;
                return Ok(0);
            }
            let Some(array) = next.dyn_ref::<js_sys::Uint8Array>() else {
                return Err(std::io::Error::other(
                    "the chunk source must return a Uint8Array, or null at the end",
                ));
            };
            // An empty chunk also ends the input, as an empty read does in Rust.
            self.done = array.length() == 0;
            self.chunk = array.to_vec();
            self.pos = 0;
        }
        let n = out.len().min(self.chunk.len() - self.pos);
        out[..n].copy_from_slice(&self.chunk[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Checks a CSV read chunk by chunk: `pull()` returns the next `Uint8Array`, or `null` (or
/// an empty array) at the end. Memory is bounded by a chunk and the longest record, not
/// the file.
#[wasm_bindgen(js_name = checkChunks, unchecked_return_type = "Report")]
pub fn check_chunks(
    #[wasm_bindgen(unchecked_param_type = "() => Uint8Array | null | undefined")]
    pull: js_sys::Function,
    #[wasm_bindgen(unchecked_param_type = "CheckOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let options: CheckOptions = from_js(options)?;
    let mut reader = PullReader {
        pull,
        chunk: Vec::new(),
        pos: 0,
        done: false,
        thrown: None,
    };
    let result = core_check_csv(&mut reader, &options);
    if let Some(thrown) = reader.thrown.take() {
        return Err(thrown);
    }
    to_js(&result.map_err(to_js_error)?)
}

/// Checks a CSV and infers its Table Schema: `{ report, schema }` (`schema` is null when
/// the input is not a readable table).
#[wasm_bindgen(js_name = inferSchema, unchecked_return_type = "{ report: Report; schema: TableSchema | null }")]
pub fn infer_schema(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_param_type = "CheckOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let options: CheckOptions = from_js(options)?;
    let (report, schema) =
        check_and_infer_schema(bytes, &options, &mut |_| {}).map_err(to_js_error)?;
    #[derive(Serialize)]
    struct Inferred {
        report: opendata_core::Report,
        schema: Option<TableSchema>,
    }
    to_js(&Inferred { report, schema })
}

/// Validates rows of strings (header first unless `header: false`) against a Table Schema.
#[wasm_bindgen(js_name = validateRows, unchecked_return_type = "Report")]
pub fn validate_rows(
    #[wasm_bindgen(unchecked_param_type = "TableSchema")] schema: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string[][]")] rows: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ValidateRowsOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let schema_json = js_sys::JSON::stringify(&schema)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| {
            to_js_error(Error::InvalidOptions(
                "the schema must be a plain object".to_owned(),
            ))
        })?;
    let schema = TableSchema::from_json(&schema_json).map_err(|e| to_js_error(e.into()))?;
    let rows: Vec<Vec<String>> = from_js(rows)?;
    let options: ValidateRowsOptions = from_js(options)?;
    let report =
        schema::validate_rows(&schema, &rows, &options).map_err(|e| to_js_error(e.into()))?;
    to_js(&report)
}

/// Resolves what people write for a licence (SPDX id, URL, EU URI, CKAN id, title).
#[wasm_bindgen(js_name = resolveLicence, unchecked_return_type = "LicenceResolution")]
pub fn resolve_licence(text: &str) -> Result<JsValue, JsValue> {
    to_js(&licence::resolve(text))
}

/// The licence report the CLI prints: `ok`, the resolution and findings.
#[wasm_bindgen(js_name = analyseLicence, unchecked_return_type = "LicenceReport")]
pub fn analyse_licence(text: &str) -> Result<JsValue, JsValue> {
    to_js(&licence::analyse(text))
}

/// Findings about a licence field.
#[wasm_bindgen(js_name = checkLicence, unchecked_return_type = "Finding[]")]
pub fn check_licence(text: &str) -> Result<JsValue, JsValue> {
    to_js(&licence::check(text))
}

/// Combined obligations and the licences a derived dataset may use.
#[wasm_bindgen(js_name = licenceCompatibility, unchecked_return_type = "LicenceCompatibility")]
pub fn licence_compatibility(inputs: Vec<String>) -> Result<JsValue, JsValue> {
    let refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let compatibility = licence::compatibility(&refs).map_err(|e| to_js_error(e.into()))?;
    to_js(&compatibility)
}

/// An attribution statement (title, author, source, licence with link).
#[wasm_bindgen(js_name = licenceAttribution)]
pub fn licence_attribution(
    #[wasm_bindgen(unchecked_param_type = "AttributionInput")] input: JsValue,
) -> Result<String, JsValue> {
    let input: Option<licence::AttributionInput> = from_js(input)?;
    let input = input.ok_or_else(|| {
        to_js_error(Error::InvalidOptions(
            "an attribution input is required".to_owned(),
        ))
    })?;
    Ok(licence::attribution(&input))
}

fn rule_set(rules: JsValue) -> Result<std::sync::Arc<pii::RuleSet>, JsValue> {
    if rules.is_undefined() || rules.is_null() {
        return pii::RuleSet::shared(None).map_err(|e| to_js_error(e.into()));
    }
    let json = js_sys::JSON::stringify(&rules)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| {
            to_js_error(Error::InvalidOptions(
                "rules must be an array of rule objects".to_owned(),
            ))
        })?;
    pii::RuleSet::shared(Some(&json)).map_err(|e| to_js_error(e.into()))
}

/// Finds personal data in every column of a CSV: one entry per column with its verdict.
#[wasm_bindgen(js_name = scanCsv, unchecked_return_type = "ScanReport")]
pub fn scan_csv(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_param_type = "CheckOptions | undefined")] check_options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ScanOptions | undefined")] scan_options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "object[] | undefined")] rules: JsValue,
) -> Result<JsValue, JsValue> {
    let check_options: CheckOptions = from_js(check_options)?;
    let scan_options: pii::ScanOptions = from_js(scan_options)?;
    let rules = rule_set(rules)?;
    let reader = CsvReader::from_bytes(bytes.to_vec(), &check_options).map_err(to_js_error)?;
    to_js(&pii::scan_csv(&reader, &rules, &scan_options).map_err(to_js_error)?)
}

/// Finds personal data in columns of text held in JS (e.g. a table a page already parsed):
/// `[{ name, values: (string | null)[] }]`, every column read as text, so no type inference
/// comes between the values and the rules.
#[wasm_bindgen(js_name = scanColumns, unchecked_return_type = "ScanReport")]
pub fn scan_columns(
    #[wasm_bindgen(unchecked_param_type = "Array<{ name: string; values: Array<string | null> }>")]
    columns: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ScanOptions | undefined")] scan_options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "object[] | undefined")] rules: JsValue,
) -> Result<JsValue, JsValue> {
    #[derive(serde::Deserialize, Default)]
    #[serde(deny_unknown_fields)]
    struct Column {
        name: String,
        values: Vec<Option<String>>,
    }
    let columns: Vec<Column> = from_js(columns)?;
    let scan_options: pii::ScanOptions = from_js(scan_options)?;
    let rules = rule_set(rules)?;
    let arrays: Vec<(String, arrow_array::ArrayRef)> = columns
        .into_iter()
        .map(|c| {
            let array: arrow_array::ArrayRef =
                std::sync::Arc::new(arrow_array::StringArray::from(c.values));
            (c.name, array)
        })
        .collect();
    let mut scanner = pii::ColumnScanner::new(&rules, &scan_options);
    if !arrays.is_empty() {
        let batch = arrow_array::RecordBatch::try_from_iter(arrays).map_err(|e| {
            to_js_error(Error::InvalidOptions(format!(
                "the columns cannot form a table: {e}"
            )))
        })?;
        scanner.update(&batch).map_err(|e| to_js_error(e.into()))?;
    }
    to_js(&scanner.finish())
}

/// Personal-data spans in free text.
#[wasm_bindgen(js_name = scanText, unchecked_return_type = "Span[]")]
pub fn scan_text(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "ScanOptions | undefined")] scan_options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "object[] | undefined")] rules: JsValue,
) -> Result<JsValue, JsValue> {
    let scan_options: pii::ScanOptions = from_js(scan_options)?;
    let rules = rule_set(rules)?;
    to_js(&pii::scan_text(text, &rules, &scan_options))
}

/// Personal-data spans in many texts (a column of notes), one list per text in order: one
/// crossing into WebAssembly for the lot instead of one per text; `null` is an empty text,
/// any other value that is not a string an error (code `invalid-options`).
#[wasm_bindgen(js_name = scanTexts, unchecked_return_type = "Span[][]")]
pub fn scan_texts(
    #[wasm_bindgen(unchecked_param_type = "Array<string | null>")] texts: Vec<JsValue>,
    #[wasm_bindgen(unchecked_param_type = "ScanOptions | undefined")] scan_options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "object[] | undefined")] rules: JsValue,
) -> Result<JsValue, JsValue> {
    let scan_options: pii::ScanOptions = from_js(scan_options)?;
    let rules = rule_set(rules)?;
    // A missing cell (null, undefined) is an empty text, as in a column of notes; anything
    // else that is not a string is a mistake worth an error, not a silent empty text.
    let texts = texts
        .iter()
        .enumerate()
        .map(|(i, t)| match t.as_string() {
            Some(text) => Ok(text),
            None if t.is_null() || t.is_undefined() => Ok(String::new()),
            None => Err(to_js_error(Error::InvalidOptions(format!(
                "scanTexts: item {i} is not a string"
            )))),
        })
        .collect::<Result<Vec<String>, JsValue>>()?;
    to_js(&pii::scan_texts(&texts, &rules, &scan_options))
}

/// Anonymises a CSV as a policy says; returns `{ csv: Uint8Array, report }`. Pass a `seed`
/// from `crypto.getRandomValues` when the policy uses random tokens.
#[wasm_bindgen(js_name = anonymiseCsv, unchecked_return_type = "{ csv: Uint8Array; report: AnonymiseReport }")]
pub fn anonymise_csv(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_param_type = "Policy")] policy: JsValue,
    key: Option<Vec<u8>>,
    seed: Option<Vec<u8>>,
    #[wasm_bindgen(unchecked_param_type = "CheckOptions | undefined")] check_options: JsValue,
) -> Result<JsValue, JsValue> {
    let check_options: CheckOptions = from_js(check_options)?;
    let policy_json = js_sys::JSON::stringify(&policy)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| {
            to_js_error(Error::InvalidOptions(
                "the policy must be a plain object".to_owned(),
            ))
        })?;
    let policy = anonymise::Policy::from_json(&policy_json).map_err(|e| to_js_error(e.into()))?;
    let mut context = anonymise::Context::new();
    if let Some(key) = key {
        context = context.with_key(anonymise::Key::new(key).map_err(|e| to_js_error(e.into()))?);
    }
    if let Some(seed) = seed {
        context = context.with_seed(anonymise::Seed::from_bytes(&seed));
    }
    let (csv, report) =
        anonymise::anonymise_csv(bytes, &check_options, &policy, &context).map_err(to_js_error)?;
    let result = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &result,
        &"csv".into(),
        &js_sys::Uint8Array::from(csv.as_slice()),
    );
    let _ = js_sys::Reflect::set(&result, &"report".into(), &to_js(&report)?);
    Ok(result.into())
}

/// A first policy for a table: the rule core suggests for each column, from the PII scan's
/// verdicts (`entities`: column -> entity) or else from the column's name. The page starts
/// from it and lets people change each column's action.
#[wasm_bindgen(js_name = suggestPolicy, unchecked_return_type = "SuggestedPolicy")]
pub fn suggest_policy(
    columns: Vec<String>,
    #[wasm_bindgen(unchecked_param_type = "Record<string, string> | undefined")] entities: JsValue,
    #[wasm_bindgen(js_name = referenceDate)] reference_date: &str,
) -> Result<JsValue, JsValue> {
    let entities: std::collections::BTreeMap<String, String> = from_js(entities)?;
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = time::Date::parse(reference_date, &format).map_err(|_| {
        to_js_error(Error::InvalidOptions(format!(
            "the reference date must be YYYY-MM-DD, not {reference_date:?}"
        )))
    })?;
    to_js(&anonymise::suggest_policy(&columns, &entities, date))
}

/// Validates catalogue metadata (Turtle, JSON-LD, RDF/XML, N-Triples, CKAN, data.json).
#[wasm_bindgen(js_name = validateMetadata, unchecked_return_type = "Report")]
pub fn validate_metadata(
    bytes: &[u8],
    #[wasm_bindgen(
        unchecked_param_type = "{ profile?: \"dcat-ap-3\" | \"dcat-us\" | \"schema-org\"; [k: string]: unknown } | undefined"
    )]
    request: JsValue,
) -> Result<JsValue, JsValue> {
    let request: catalog::ValidateRequest = from_js(request)?;
    to_js(&catalog::validate(bytes, &request))
}

/// Every finding code with its severity, meaning and fix hint.
#[wasm_bindgen(unchecked_return_type = "CodeInfo[]")]
pub fn codes() -> Result<JsValue, JsValue> {
    to_js(&opendata_core::report::codes())
}
