//! Python bindings of `opendata`: conversion only. Reports cross the boundary as the same
//! JSON the CLI prints, and the pure-Python layer in `python/opendata/` wraps them.

mod distributed;

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use opendata_core::table::schema::{validate_rows, TableSchema, ValidateRowsOptions};
use opendata_core::table::CsvReader;
use opendata_core::table::{check_and_infer_schema, check_csv as core_check_csv, CheckOptions};
use opendata_core::{anonymise, catalog, licence, pii};
use opendata_core::{options_from_json, Error};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

create_exception!(
    _opendata,
    OpendataError,
    PyException,
    "Base class of every opendata error."
);
create_exception!(
    _opendata,
    TableError,
    OpendataError,
    "A table could not be read or checked."
);
create_exception!(
    _opendata,
    InvalidOptionsError,
    OpendataError,
    "Options do not fit what the function takes."
);
create_exception!(
    _opendata,
    LicenceError,
    OpendataError,
    "A licence question could not be answered."
);
create_exception!(
    _opendata,
    SchemaError,
    OpendataError,
    "A Table Schema is malformed or cannot be used."
);
create_exception!(
    _opendata,
    PiiError,
    OpendataError,
    "Personal-data rules or a scan could not be used."
);
create_exception!(
    _opendata,
    AnonymiseError,
    OpendataError,
    "A policy, key or table cannot be anonymised."
);
create_exception!(
    _opendata,
    CatalogError,
    OpendataError,
    "Catalogue metadata could not be read, converted or written."
);

/// The one place where core errors become Python exceptions.
fn to_py_err(err: Error) -> PyErr {
    let code = err.code();
    let message = err.to_string();
    let py_err = match &err {
        Error::Table(_) => TableError::new_err(message),
        Error::InvalidOptions(_) => InvalidOptionsError::new_err(message),
        Error::Licence(_) => LicenceError::new_err(message),
        Error::Schema(_) => SchemaError::new_err(message),
        Error::Pii(_) => PiiError::new_err(message),
        Error::Anonymise(_) => AnonymiseError::new_err(message),
        Error::Catalog(_) => CatalogError::new_err(message),
        _ => OpendataError::new_err(message),
    };
    Python::attach(|py| {
        // `.code` on every exception, like the JS errors carry.
        let _ = py_err.value(py).setattr("code", code);
    });
    py_err
}

/// What a CSV argument was: the Python layer decides, Rust only reads.
#[derive(FromPyObject)]
enum CsvSource {
    Path(PathBuf),
    Bytes(Vec<u8>),
}

fn parse_options<T: serde::de::DeserializeOwned + Default>(json: Option<&str>) -> Result<T, Error> {
    match json {
        Some(json) => options_from_json(json),
        None => Ok(T::default()),
    }
}

/// Checks a CSV given as a path or as bytes; returns the report as JSON.
#[pyfunction]
#[pyo3(signature = (source, options_json=None))]
fn check_csv_json(
    py: Python<'_>,
    source: CsvSource,
    options_json: Option<&str>,
) -> PyResult<String> {
    let options: CheckOptions = parse_options(options_json).map_err(to_py_err)?;
    let result = py.detach(move || match source {
        CsvSource::Path(path) => {
            let file =
                File::open(&path).map_err(|e| Error::from(opendata_core::TableError::Io(e)))?;
            core_check_csv(BufReader::with_capacity(256 * 1024, file), &options)
        }
        CsvSource::Bytes(bytes) => core_check_csv(bytes.as_slice(), &options),
    });
    result.map(|report| report.to_json()).map_err(to_py_err)
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Checks a CSV and infers its Table Schema; returns `(report_json, schema_json or None)`.
#[pyfunction]
#[pyo3(signature = (source, options_json=None))]
fn infer_schema_json(
    py: Python<'_>,
    source: CsvSource,
    options_json: Option<&str>,
) -> PyResult<(String, Option<String>)> {
    let options: CheckOptions = parse_options(options_json).map_err(to_py_err)?;
    let result = py.detach(move || match source {
        CsvSource::Path(path) => {
            let file =
                File::open(&path).map_err(|e| Error::from(opendata_core::TableError::Io(e)))?;
            check_and_infer_schema(
                BufReader::with_capacity(256 * 1024, file),
                &options,
                &mut |_| {},
            )
        }
        CsvSource::Bytes(bytes) => check_and_infer_schema(bytes.as_slice(), &options, &mut |_| {}),
    });
    let (report, schema) = result.map_err(to_py_err)?;
    Ok((report.to_json(), schema.map(|s| s.to_json())))
}

/// Validates rows of strings against a Table Schema (JSON); returns the report as JSON.
#[pyfunction]
#[pyo3(signature = (schema_json, rows, options_json=None))]
fn validate_rows_json(
    schema_json: &str,
    rows: Vec<Vec<String>>,
    options_json: Option<&str>,
) -> PyResult<String> {
    let schema = TableSchema::from_json(schema_json).map_err(|e| to_py_err(e.into()))?;
    let options: ValidateRowsOptions = parse_options(options_json).map_err(to_py_err)?;
    validate_rows(&schema, &rows, &options)
        .map(|r| r.to_json())
        .map_err(|e| to_py_err(e.into()))
}

/// Resolves what people write for a licence; the resolution as JSON.
#[pyfunction]
fn licence_resolve_json(text: &str) -> String {
    to_json(&licence::resolve(text))
}

/// The licence report the CLI prints (`ok`, the resolution, findings) as JSON.
#[pyfunction]
fn licence_analyse_json(text: &str) -> String {
    to_json(&licence::analyse(text))
}

/// Licence findings as JSON.
#[pyfunction]
fn licence_check_json(text: &str) -> String {
    to_json(&licence::check(text))
}

/// Combined obligations and allowed output licences of several inputs, as JSON.
#[pyfunction]
fn licence_compatibility_json(inputs: Vec<String>) -> PyResult<String> {
    let refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    licence::compatibility(&refs)
        .map(|c| to_json(&c))
        .map_err(|e| to_py_err(e.into()))
}

/// An attribution statement from an `AttributionInput` given as JSON.
#[pyfunction]
fn licence_attribution(input_json: &str) -> PyResult<String> {
    let input: licence::AttributionInput = options_from_json(input_json).map_err(to_py_err)?;
    Ok(licence::attribution(&input))
}

/// Every licence of the registry, as JSON.
#[pyfunction]
fn licences_json() -> String {
    to_json(&licence::all())
}

fn rules(rules_json: Option<&str>) -> Result<pii::RuleSet, Error> {
    Ok(match rules_json {
        Some(json) => pii::RuleSet::builtin_with(json)?,
        None => pii::RuleSet::builtin()?,
    })
}

fn csv_reader(source: CsvSource, options: &CheckOptions) -> Result<CsvReader, Error> {
    match source {
        CsvSource::Path(path) => CsvReader::from_path(path, options),
        CsvSource::Bytes(bytes) => CsvReader::from_bytes(bytes, options),
    }
}

/// Finds personal data in every column of a CSV; the scan report as JSON.
#[pyfunction]
#[pyo3(signature = (source, check_options_json=None, scan_options_json=None, rules_json=None))]
fn scan_csv_json(
    py: Python<'_>,
    source: CsvSource,
    check_options_json: Option<&str>,
    scan_options_json: Option<&str>,
    rules_json: Option<&str>,
) -> PyResult<String> {
    let check_options: CheckOptions = parse_options(check_options_json).map_err(to_py_err)?;
    let scan_options: pii::ScanOptions = parse_options(scan_options_json).map_err(to_py_err)?;
    let rules = rules(rules_json).map_err(to_py_err)?;
    py.detach(move || {
        let reader = csv_reader(source, &check_options)?;
        pii::scan_csv(&reader, &rules, &scan_options)
    })
    .map(|r| to_json(&r))
    .map_err(to_py_err)
}

/// Personal data spans in free text, as JSON.
#[pyfunction]
#[pyo3(signature = (text, scan_options_json=None, rules_json=None))]
fn scan_text_json(
    text: &str,
    scan_options_json: Option<&str>,
    rules_json: Option<&str>,
) -> PyResult<String> {
    let scan_options: pii::ScanOptions = parse_options(scan_options_json).map_err(to_py_err)?;
    let rules = rules(rules_json).map_err(to_py_err)?;
    Ok(to_json(&pii::scan_text(text, &rules, &scan_options)))
}

/// Anonymises a CSV (bytes) as a policy (JSON or TOML text) says; returns the output CSV
/// bytes and the report as JSON. The key never leaves Rust.
#[pyfunction]
#[pyo3(signature = (data, policy, key=None, seed=None, check_options_json=None))]
fn anonymise_csv_bytes<'py>(
    py: Python<'py>,
    data: Vec<u8>,
    policy: &str,
    key: Option<Vec<u8>>,
    seed: Option<Vec<u8>>,
    check_options_json: Option<&str>,
) -> PyResult<(Bound<'py, PyBytes>, String)> {
    let check_options: CheckOptions = parse_options(check_options_json).map_err(to_py_err)?;
    let policy = if policy.trim_start().starts_with('{') {
        anonymise::Policy::from_json(policy)
    } else {
        anonymise::Policy::from_toml(policy)
    }
    .map_err(|e| to_py_err(e.into()))?;
    let mut context = anonymise::Context::new();
    if let Some(key) = key {
        context = context.with_key(anonymise::Key::new(key).map_err(|e| to_py_err(e.into()))?);
    }
    if let Some(seed) = seed {
        context = context.with_seed(anonymise::Seed::from_bytes(&seed));
    }
    let (out, report) = py
        .detach(|| anonymise::anonymise_csv(&data, &check_options, &policy, &context))
        .map_err(to_py_err)?;
    Ok((PyBytes::new(py, &out), to_json(&report)))
}

/// Validates catalogue metadata (Turtle, JSON-LD, RDF/XML, N-Triples, CKAN, data.json);
/// the report as JSON.
#[pyfunction]
#[pyo3(signature = (data, request_json=None))]
fn validate_metadata_json(data: Vec<u8>, request_json: Option<&str>) -> PyResult<String> {
    let request: catalog::ValidateRequest = parse_options(request_json).map_err(to_py_err)?;
    Ok(catalog::validate(&data, &request).to_json())
}

/// The table of every finding code, as JSON.
#[pyfunction]
fn codes_json() -> String {
    serde_json::to_string(&opendata_core::report::codes()).unwrap_or_default()
}

#[pymodule]
fn _opendata(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("OpendataError", py.get_type::<OpendataError>())?;
    m.add("TableError", py.get_type::<TableError>())?;
    m.add("InvalidOptionsError", py.get_type::<InvalidOptionsError>())?;
    m.add("LicenceError", py.get_type::<LicenceError>())?;
    m.add("SchemaError", py.get_type::<SchemaError>())?;
    m.add("PiiError", py.get_type::<PiiError>())?;
    m.add("AnonymiseError", py.get_type::<AnonymiseError>())?;
    m.add("CatalogError", py.get_type::<CatalogError>())?;
    m.add_function(wrap_pyfunction!(scan_csv_json, m)?)?;
    m.add_function(wrap_pyfunction!(scan_text_json, m)?)?;
    m.add_function(wrap_pyfunction!(anonymise_csv_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(validate_metadata_json, m)?)?;
    m.add_function(wrap_pyfunction!(check_csv_json, m)?)?;
    m.add_function(wrap_pyfunction!(codes_json, m)?)?;
    m.add_function(wrap_pyfunction!(infer_schema_json, m)?)?;
    m.add_function(wrap_pyfunction!(validate_rows_json, m)?)?;
    m.add_function(wrap_pyfunction!(licence_resolve_json, m)?)?;
    m.add_function(wrap_pyfunction!(licence_analyse_json, m)?)?;
    m.add_function(wrap_pyfunction!(licence_check_json, m)?)?;
    m.add_function(wrap_pyfunction!(licence_compatibility_json, m)?)?;
    m.add_function(wrap_pyfunction!(licence_attribution, m)?)?;
    m.add_function(wrap_pyfunction!(licences_json, m)?)?;
    distributed::register(m)?;
    Ok(())
}
