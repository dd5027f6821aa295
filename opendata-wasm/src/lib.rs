//! WebAssembly bindings of `opendata`: conversion only. Reports become plain JS objects
//! (maps as objects, via `serde-wasm-bindgen`'s JSON-compatible serializer); errors are
//! thrown as JS `Error`s named `OpendataError` with a `code` property.

use opendata_core::table::{check_csv as core_check_csv, CheckOptions};
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

/// Every finding code with its severity, meaning and fix hint.
#[wasm_bindgen(unchecked_return_type = "CodeInfo[]")]
pub fn codes() -> Result<JsValue, JsValue> {
    to_js(&opendata_core::report::codes())
}
