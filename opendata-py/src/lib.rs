//! Python bindings of `opendata`: conversion only. Reports cross the boundary as the same
//! JSON the CLI prints, and the pure-Python layer in `python/opendata/` wraps them.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use opendata_core::licence;
use opendata_core::table::schema::{validate_rows, TableSchema, ValidateRowsOptions};
use opendata_core::table::{check_and_infer_schema, check_csv as core_check_csv, CheckOptions};
use opendata_core::{options_from_json, Error};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

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

/// The one place where core errors become Python exceptions.
fn to_py_err(err: Error) -> PyErr {
    let code = err.code();
    let message = err.to_string();
    let py_err = match &err {
        Error::Table(_) => TableError::new_err(message),
        Error::InvalidOptions(_) => InvalidOptionsError::new_err(message),
        Error::Licence(_) => LicenceError::new_err(message),
        Error::Schema(_) => SchemaError::new_err(message),
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
    Ok(())
}
