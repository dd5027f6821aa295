//! Python bindings of `opendata`: conversion only. Reports cross the boundary as the same
//! JSON the CLI prints, and the pure-Python layer in `python/opendata/` wraps them.

mod distributed;

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use arrow_array::RecordBatch;
use arrow_schema::ArrowError;
use opendata_core::table::schema::{validate_rows, TableSchema, ValidateRowsOptions};
use opendata_core::table::CsvReader;
use opendata_core::table::{
    check_and_infer_schema, check_batches, check_csv_with_progress, CheckOptions, Progress,
};
use opendata_core::{anonymise, catalog, licence, pii};
use opendata_core::{options_from_json, Error};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBytes, PyDict, PyList};
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::PyTable;

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

/// Check options, with the Table Schema given apart so that a broken schema is a
/// `SchemaError` naming the schema's own JSON path (as in the CLI), not an options error.
fn check_options(options_json: Option<&str>, schema_json: Option<&str>) -> PyResult<CheckOptions> {
    let mut options: CheckOptions = parse_options(options_json).map_err(to_py_err)?;
    if let Some(schema_json) = schema_json {
        options.schema =
            Some(TableSchema::from_json(schema_json).map_err(|e| to_py_err(e.into()))?);
    }
    Ok(options)
}

fn parse_options<T: serde::de::DeserializeOwned + Default>(json: Option<&str>) -> Result<T, Error> {
    match json {
        Some(json) => options_from_json(json),
        None => Ok(T::default()),
    }
}

/// A Python progress callback `callback(done, total)` called from Rust while the GIL is
/// released: each call takes the GIL back for just that call. The first exception the
/// callback raises stops further calls and is raised when the work ends.
struct ProgressCallback {
    callback: Option<Py<PyAny>>,
    total: Option<u64>,
    error: Option<PyErr>,
}

impl ProgressCallback {
    fn new(callback: Option<Py<PyAny>>, total: Option<u64>) -> Self {
        Self {
            callback,
            total,
            error: None,
        }
    }

    fn report(&mut self, done: u64) {
        if self.error.is_some() {
            return;
        }
        if let Some(callback) = &self.callback {
            let total = self.total;
            if let Err(e) = Python::attach(|py| callback.call1(py, (done, total)).map(|_| ())) {
                self.error = Some(e);
            }
        }
    }

    /// The result of the work, unless the callback raised.
    fn finish<T>(self, result: PyResult<T>) -> PyResult<T> {
        match self.error {
            Some(e) => Err(e),
            None => result,
        }
    }
}

fn open_csv(path: &std::path::Path) -> Result<BufReader<File>, Error> {
    let file = File::open(path).map_err(|e| Error::from(opendata_core::TableError::Io(e)))?;
    Ok(BufReader::with_capacity(256 * 1024, file))
}

/// Checks a CSV given as a path or as bytes; returns the report as JSON. `progress` is
/// called with `(bytes read, total bytes)`.
#[pyfunction]
#[pyo3(signature = (source, options_json=None, progress=None, total=None, schema_json=None))]
fn check_csv_json(
    py: Python<'_>,
    source: CsvSource,
    options_json: Option<&str>,
    progress: Option<Py<PyAny>>,
    total: Option<u64>,
    schema_json: Option<&str>,
) -> PyResult<String> {
    let options = check_options(options_json, schema_json)?;
    let mut callback = ProgressCallback::new(progress, total);
    let result = py.detach(|| {
        let mut on_progress = |p: Progress| callback.report(p.bytes);
        match source {
            CsvSource::Path(path) => {
                check_csv_with_progress(open_csv(&path)?, &options, &mut on_progress)
            }
            CsvSource::Bytes(bytes) => {
                check_csv_with_progress(bytes.as_slice(), &options, &mut on_progress)
            }
        }
    });
    callback.finish(result.map(|report| report.to_json()).map_err(to_py_err))
}

/// Every batch of an Arrow input (pyarrow / polars / any object with the Arrow PyCapsule
/// interface). The batches share the caller's buffers: nothing is copied.
fn read_batches(data: AnyRecordBatch) -> PyResult<(arrow_schema::SchemaRef, Vec<RecordBatch>)> {
    let reader = data.into_reader()?;
    let schema = reader.schema();
    let batches = reader
        .collect::<Result<Vec<_>, ArrowError>>()
        .map_err(|e| to_py_err(opendata_core::TableError::Arrow(e.to_string()).into()))?;
    Ok((schema, batches))
}

fn rows_of(batches: &[RecordBatch]) -> u64 {
    batches.iter().map(|b| b.num_rows() as u64).sum()
}

/// Checks an Arrow table (cells, header, columns, Table Schema); the report as JSON.
/// `progress` is called with `(rows done, total rows)`.
#[pyfunction]
#[pyo3(signature = (data, options_json=None, progress=None, schema_json=None))]
fn check_arrow_json(
    py: Python<'_>,
    data: AnyRecordBatch,
    options_json: Option<&str>,
    progress: Option<Py<PyAny>>,
    schema_json: Option<&str>,
) -> PyResult<String> {
    let options = check_options(options_json, schema_json)?;
    let (schema, batches) = read_batches(data)?;
    let mut callback = ProgressCallback::new(progress, Some(rows_of(&batches)));
    let result = py.detach(|| {
        // Rows count from the header (row 1), as in a CSV; progress counts data rows.
        check_batches(&schema, batches.into_iter().map(Ok), &options, &mut |p| {
            callback.report(p.rows.saturating_sub(1))
        })
    });
    callback.finish(result.map(|r| r.to_json()).map_err(to_py_err))
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
        CsvSource::Path(path) => check_and_infer_schema(open_csv(&path)?, &options, &mut |_| {}),
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

fn rules(rules_json: Option<&str>) -> Result<std::sync::Arc<pii::RuleSet>, Error> {
    Ok(pii::RuleSet::shared(rules_json)?)
}

/// Finds personal data in every column of a CSV; the scan report as JSON. `progress` is
/// called with `(bytes read, total bytes)` during the check pass.
#[pyfunction]
#[pyo3(signature = (source, check_options_json=None, scan_options_json=None, rules_json=None, progress=None, total=None))]
fn scan_csv_json(
    py: Python<'_>,
    source: CsvSource,
    check_options_json: Option<&str>,
    scan_options_json: Option<&str>,
    rules_json: Option<&str>,
    progress: Option<Py<PyAny>>,
    total: Option<u64>,
) -> PyResult<String> {
    let check_options: CheckOptions = parse_options(check_options_json).map_err(to_py_err)?;
    let scan_options: pii::ScanOptions = parse_options(scan_options_json).map_err(to_py_err)?;
    let rules = rules(rules_json).map_err(to_py_err)?;
    let mut callback = ProgressCallback::new(progress, total);
    let result = py.detach(|| {
        let reader = match source {
            CsvSource::Path(path) => {
                CsvReader::from_path_with_progress(path, &check_options, &mut |p: Progress| {
                    callback.report(p.bytes)
                })?
            }
            CsvSource::Bytes(bytes) => {
                let len = bytes.len() as u64;
                let reader = CsvReader::from_bytes(bytes, &check_options)?;
                callback.report(len);
                reader
            }
        };
        pii::scan_csv(&reader, &rules, &scan_options)
    });
    callback.finish(result.map(|r| to_json(&r)).map_err(to_py_err))
}

/// Finds personal data in every column of an Arrow table; the scan report as JSON.
/// `progress` is called with `(rows done, total rows)` after each batch.
#[pyfunction]
#[pyo3(signature = (data, scan_options_json=None, rules_json=None, progress=None))]
fn scan_arrow_json(
    py: Python<'_>,
    data: AnyRecordBatch,
    scan_options_json: Option<&str>,
    rules_json: Option<&str>,
    progress: Option<Py<PyAny>>,
) -> PyResult<String> {
    let scan_options: pii::ScanOptions = parse_options(scan_options_json).map_err(to_py_err)?;
    let rules = rules(rules_json).map_err(to_py_err)?;
    let (_, batches) = read_batches(data)?;
    let mut callback = ProgressCallback::new(progress, Some(rows_of(&batches)));
    let result = py.detach(|| -> Result<pii::ScanReport, Error> {
        scan_options.validate()?;
        let mut scanner = pii::ColumnScanner::new(&rules, &scan_options);
        let mut done = 0;
        for batch in &batches {
            scanner.update(batch)?;
            done += batch.num_rows() as u64;
            callback.report(done);
        }
        Ok(scanner.finish())
    });
    callback.finish(result.map(|r| to_json(&r)).map_err(to_py_err))
}

/// Personal data spans in free text, as a list of dicts (the keys of the JSON `Span`).
/// Built here rather than crossing as JSON: per call on a short text, the JSON round trip
/// cost twice the scan itself.
#[pyfunction]
#[pyo3(signature = (text, scan_options_json=None, rules_json=None))]
fn scan_text<'py>(
    py: Python<'py>,
    text: &str,
    scan_options_json: Option<&str>,
    rules_json: Option<&str>,
) -> PyResult<Bound<'py, PyList>> {
    let scan_options: pii::ScanOptions = parse_options(scan_options_json).map_err(to_py_err)?;
    let rules = rules(rules_json).map_err(to_py_err)?;
    // The GIL stays held for short texts: releasing and taking it back costs more than
    // scanning a sentence.
    let spans = if text.len() < LONG_TEXT_BYTES {
        pii::scan_text(text, &rules, &scan_options)
    } else {
        py.detach(|| pii::scan_text(text, &rules, &scan_options))
    };
    span_list(py, &spans)
}

/// Texts from this size are scanned with the GIL released.
const LONG_TEXT_BYTES: usize = 4096;

/// The spans of many texts, one list per text, scanned with the GIL released on every
/// core.
#[pyfunction]
#[pyo3(signature = (texts, scan_options_json=None, rules_json=None))]
fn scan_texts<'py>(
    py: Python<'py>,
    texts: Vec<Option<PyBackedStr>>,
    scan_options_json: Option<&str>,
    rules_json: Option<&str>,
) -> PyResult<Bound<'py, PyList>> {
    let scan_options: pii::ScanOptions = parse_options(scan_options_json).map_err(to_py_err)?;
    let rules = rules(rules_json).map_err(to_py_err)?;
    let texts: Vec<&str> = texts.iter().map(|t| t.as_deref().unwrap_or("")).collect();
    let spans = py.detach(|| pii::scan_texts(&texts, &rules, &scan_options));
    let out = PyList::empty(py);
    for text_spans in &spans {
        out.append(span_list(py, text_spans)?)?;
    }
    Ok(out)
}

fn span_list<'py>(py: Python<'py>, spans: &[pii::Span]) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for s in spans {
        let d = PyDict::new(py);
        d.set_item(intern!(py, "entity"), &s.entity)?;
        d.set_item(intern!(py, "rule_id"), &s.rule_id)?;
        d.set_item(intern!(py, "start"), s.start)?;
        d.set_item(intern!(py, "end"), s.end)?;
        d.set_item(intern!(py, "char_start"), s.char_start)?;
        d.set_item(intern!(py, "char_end"), s.char_end)?;
        d.set_item(intern!(py, "confidence"), s.confidence)?;
        d.set_item(intern!(py, "context"), s.context)?;
        d.set_item(intern!(py, "masked"), &s.masked)?;
        list.append(d)?;
    }
    Ok(list)
}

/// Whether `value` passes the named checksum / structure validator (`iban`, `uk_nhs`,
/// ...): the same check a rule with that validator runs on its candidates.
#[pyfunction]
fn check_identifier(validator: &str, value: &str) -> PyResult<bool> {
    match pii::Validator::from_name(validator) {
        Some(v) => Ok(v.check(value)),
        None => {
            // A misspelt name is a bad argument, not a failed scan: ValueError, with the
            // `.code` every opendata exception carries so callers can still match on it.
            let err = pyo3::exceptions::PyValueError::new_err(format!(
                "unknown validator `{validator}` (known: {})",
                validator_names().join(", ")
            ));
            Python::attach(|py| {
                let _ = err.value(py).setattr("code", "pii.unknown-validator");
            });
            Err(err)
        }
    }
}

/// The names `check_identifier` and rule files accept, in the engine's order.
#[pyfunction]
fn validator_names() -> Vec<&'static str> {
    pii::Validator::ALL.iter().map(|v| v.name()).collect()
}

fn policy_and_context(
    policy: &str,
    key: Option<Vec<u8>>,
    seed: Option<Vec<u8>>,
) -> Result<(anonymise::Policy, anonymise::Context), Error> {
    // JSON objects start with `{`; anything else is the TOML a person writes by hand.
    let policy = if policy.trim_start().starts_with('{') {
        anonymise::Policy::from_json(policy)
    } else {
        anonymise::Policy::from_toml(policy)
    }?;
    let mut context = anonymise::Context::new();
    if let Some(key) = key {
        context = context.with_key(anonymise::Key::new(key)?);
    }
    if let Some(seed) = seed {
        context = context.with_seed(anonymise::Seed::from_bytes(&seed));
    }
    Ok((policy, context))
}

/// Anonymises an Arrow table as a policy (JSON or TOML text) says; returns the output as
/// a pyarrow Table (its batches are handed over, not copied) and the report as JSON.
/// `progress` is called with `(rows done, total rows)` after each output batch;
/// `entities` maps columns to the entity a scan found in them.
#[pyfunction]
#[pyo3(signature = (data, policy, key=None, seed=None, progress=None, entities=None))]
fn anonymise_arrow<'py>(
    py: Python<'py>,
    data: AnyRecordBatch,
    policy: &str,
    key: Option<Vec<u8>>,
    seed: Option<Vec<u8>>,
    progress: Option<Py<PyAny>>,
    entities: Option<std::collections::BTreeMap<String, String>>,
) -> PyResult<(Bound<'py, PyAny>, String)> {
    let (policy, mut context) = policy_and_context(policy, key, seed).map_err(to_py_err)?;
    if let Some(entities) = entities {
        // Column -> detected entity (from a scan), for policies that act on entities.
        context = context.with_entities(entities);
    }
    let (schema, batches) = read_batches(data)?;
    let mut callback = ProgressCallback::new(progress, Some(rows_of(&batches)));
    let result = py.detach(|| -> Result<_, Error> {
        let mut anonymiser = anonymise::Anonymiser::new(&schema, &policy, &context)?;
        // A privacy model (k-anonymity, suppression) needs a first pass over every row.
        if anonymiser.needs_observation() {
            for batch in &batches {
                anonymiser.observe(batch)?;
            }
            anonymiser.resolve()?;
        }
        let mut out = Vec::with_capacity(batches.len());
        let mut done = 0;
        for batch in &batches {
            out.push(anonymiser.apply(batch)?);
            done += batch.num_rows() as u64;
            callback.report(done);
        }
        Ok((anonymiser.output_schema(), out, anonymiser.report()))
    });
    let (schema, out, report) = callback.finish(result.map_err(to_py_err))?;
    let table = PyTable::try_new(out, schema)?.into_pyarrow(py)?;
    Ok((table, to_json(&report)))
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
    let (policy, context) = policy_and_context(policy, key, seed).map_err(to_py_err)?;
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

fn metadata_format(
    option: &'static str,
    name: Option<&str>,
) -> PyResult<Option<catalog::MetadataFormat>> {
    name.map(|n| catalog::MetadataFormat::parse_option(option, n))
        .transpose()
        .map_err(|e| to_py_err(e.into()))
}

/// The format a metadata file is read as: `from_` (by name or alias) when given, else
/// detected from the content (the file name when the content is ambiguous); `None` when
/// it is empty or not recognised.
#[pyfunction]
#[pyo3(signature = (data, file_name=None, from_=None))]
fn metadata_format_name(
    data: Vec<u8>,
    file_name: Option<&str>,
    from_: Option<&str>,
) -> PyResult<Option<&'static str>> {
    let from = metadata_format("from", from_)?;
    Ok(catalog::input_format(&data, from, file_name).map(catalog::MetadataFormat::name))
}

/// Converts metadata to another format (`opendata metadata convert`); returns
/// `(text, reading report as JSON)`.
#[pyfunction]
#[pyo3(signature = (data, to, from_=None, file_name=None))]
fn convert_metadata(
    py: Python<'_>,
    data: Vec<u8>,
    to: &str,
    from_: Option<&str>,
    file_name: Option<&str>,
) -> PyResult<(String, String)> {
    let to = catalog::MetadataFormat::parse_option("to", to).map_err(|e| to_py_err(e.into()))?;
    let from = metadata_format("from", from_)?;
    let (text, report) = py
        .detach(|| catalog::convert(&data, from, to, file_name))
        .map_err(|e| to_py_err(e.into()))?;
    Ok((text, report.to_json()))
}

/// Scores metadata after the MQA indicators and judges freshness on `today` (YYYY-MM-DD)
/// (`opendata metadata score --format json`); the quality report as the CLI's JSON.
#[pyfunction]
#[pyo3(signature = (data, today, request_json=None, options_json=None))]
fn score_metadata_json(
    py: Python<'_>,
    data: Vec<u8>,
    today: &str,
    request_json: Option<&str>,
    options_json: Option<&str>,
) -> PyResult<String> {
    let day = catalog::DateValue::parse_day(today).ok_or_else(|| {
        to_py_err(Error::from(opendata_core::CatalogError::InvalidOption {
            option: "today",
            reason: format!("takes a date as YYYY-MM-DD, not {today:?}"),
        }))
    })?;
    let request: catalog::ValidateRequest = parse_options(request_json).map_err(to_py_err)?;
    let options: catalog::ScoreOptions = parse_options(options_json).map_err(to_py_err)?;
    let quality = py.detach(|| catalog::assess(&data, &request, &options, day));
    serde_json::to_string_pretty(&quality).map_err(|e| {
        to_py_err(Error::from(opendata_core::CatalogError::Serialise(
            e.to_string(),
        )))
    })
}

/// Proposes a distribution for a data file (a path or its bytes) named `file_name`
/// (`opendata metadata propose --format json`); the proposal as the CLI's JSON.
#[pyfunction]
#[pyo3(signature = (source, file_name, options_json=None))]
fn propose_distribution_json(
    py: Python<'_>,
    source: CsvSource,
    file_name: &str,
    options_json: Option<&str>,
) -> PyResult<String> {
    let options: catalog::ProposeOptions = parse_options(options_json).map_err(to_py_err)?;
    let proposal = py
        .detach(|| match source {
            CsvSource::Path(path) => File::open(path)
                .map_err(opendata_core::CatalogError::Io)
                .and_then(|f| {
                    catalog::propose_distribution(BufReader::new(f), file_name, &options)
                }),
            CsvSource::Bytes(bytes) => {
                catalog::propose_distribution(bytes.as_slice(), file_name, &options)
            }
        })
        .map_err(|e| to_py_err(e.into()))?;
    serde_json::to_string_pretty(&proposal).map_err(|e| {
        to_py_err(Error::from(opendata_core::CatalogError::Serialise(
            e.to_string(),
        )))
    })
}

/// Verifies a distribution's file (a path or its bytes) against the checksum the metadata
/// records (`opendata metadata verify --format json`); `{"verification", "report"}` as
/// the CLI's JSON.
#[pyfunction]
#[pyo3(signature = (data, source, distribution=None, from_=None, file_name=None))]
fn verify_distribution_json(
    py: Python<'_>,
    data: Vec<u8>,
    source: CsvSource,
    distribution: Option<&str>,
    from_: Option<&str>,
    file_name: Option<&str>,
) -> PyResult<String> {
    let from = metadata_format("from", from_)?;
    let result = py.detach(|| {
        let mut sink = opendata_core::report::FindingSink::new(100);
        let parsed = catalog::read(&data, from, file_name, None, &mut sink);
        match source {
            CsvSource::Path(path) => File::open(path)
                .map_err(opendata_core::CatalogError::Io)
                .and_then(|f| {
                    catalog::verify_distribution_file(
                        &parsed.document,
                        distribution,
                        BufReader::new(f),
                    )
                }),
            CsvSource::Bytes(bytes) => {
                catalog::verify_distribution_file(&parsed.document, distribution, bytes.as_slice())
            }
        }
    });
    let (verification, report) = result.map_err(|e| to_py_err(e.into()))?;
    let value = serde_json::json!({"verification": verification, "report": report});
    serde_json::to_string_pretty(&value).map_err(|e| {
        to_py_err(Error::from(opendata_core::CatalogError::Serialise(
            e.to_string(),
        )))
    })
}

/// Writes one distribution (JSON of the core's `Distribution`) alone in a metadata format,
/// as `opendata metadata propose --to FORMAT` prints it.
#[pyfunction]
fn write_distribution(distribution_json: &str, to: &str) -> PyResult<String> {
    let to = catalog::MetadataFormat::parse_option("to", to).map_err(|e| to_py_err(e.into()))?;
    let distribution: catalog::Distribution =
        options_from_json(distribution_json).map_err(to_py_err)?;
    let mut document = catalog::MetadataDocument::default();
    document.distributions.push(distribution);
    catalog::write_document(&document, to).map_err(|e| to_py_err(e.into()))
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
    m.add_function(wrap_pyfunction!(scan_arrow_json, m)?)?;
    m.add_function(wrap_pyfunction!(check_arrow_json, m)?)?;
    m.add_function(wrap_pyfunction!(anonymise_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(scan_text, m)?)?;
    m.add_function(wrap_pyfunction!(scan_texts, m)?)?;
    m.add_function(wrap_pyfunction!(check_identifier, m)?)?;
    m.add_function(wrap_pyfunction!(validator_names, m)?)?;
    m.add_function(wrap_pyfunction!(anonymise_csv_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(validate_metadata_json, m)?)?;
    m.add_function(wrap_pyfunction!(check_csv_json, m)?)?;
    m.add_function(wrap_pyfunction!(metadata_format_name, m)?)?;
    m.add_function(wrap_pyfunction!(convert_metadata, m)?)?;
    m.add_function(wrap_pyfunction!(score_metadata_json, m)?)?;
    m.add_function(wrap_pyfunction!(propose_distribution_json, m)?)?;
    m.add_function(wrap_pyfunction!(write_distribution, m)?)?;
    m.add_function(wrap_pyfunction!(verify_distribution_json, m)?)?;
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
