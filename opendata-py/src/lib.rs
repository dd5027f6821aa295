//! Python bindings of `opendata`: conversion only. Reports cross the boundary as the same
//! JSON the CLI prints, and the pure-Python layer in `python/opendata/` wraps them.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use opendata_core::table::{check_csv as core_check_csv, CheckOptions};
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

/// The one place where core errors become Python exceptions.
fn to_py_err(err: Error) -> PyErr {
    let code = err.code();
    let message = err.to_string();
    let py_err = match &err {
        Error::Table(_) => TableError::new_err(message),
        Error::InvalidOptions(_) => InvalidOptionsError::new_err(message),
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
    m.add_function(wrap_pyfunction!(check_csv_json, m)?)?;
    m.add_function(wrap_pyfunction!(codes_json, m)?)?;
    Ok(())
}
