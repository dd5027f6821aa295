//! Validating a whole table given as rows of strings: the one-call form of
//! [`SchemaValidator`] that bindings and the conformance vectors use.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::TableSchema;
use super::validate::SchemaValidator;
use crate::error::SchemaError;
use crate::report::{FindingSink, Report};

/// Options of [`validate_rows`]; deserialises from JSON with the same field names (the
/// `options` of the `tests/vectors/schema/` cases).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct ValidateRowsOptions {
    /// Whether the first row is the header (default true); without one, fields are
    /// taken by position.
    pub header: bool,
    /// At most this many findings of one code are kept; the rest are counted in `omitted`.
    pub max_findings_per_code: usize,
    /// The tables foreign keys refer to, by resource name: rows of strings, header first.
    pub references: BTreeMap<String, Vec<Vec<String>>>,
}

impl Default for ValidateRowsOptions {
    fn default() -> Self {
        Self {
            header: true,
            max_findings_per_code: 100,
            references: BTreeMap::new(),
        }
    }
}

/// Validates a table held in memory as rows of strings (numbered from 1, the header
/// first unless `options.header` is false) against a schema.
///
/// ```
/// use opendata_core::table::schema::{validate_rows, TableSchema, ValidateRowsOptions};
///
/// let schema = TableSchema::from_json(r#"{"fields": [{"name": "n", "type": "integer"}]}"#)?;
/// let rows = vec![vec!["n".to_owned()], vec!["1".to_owned()], vec!["one".to_owned()]];
/// let report = validate_rows(&schema, &rows, &ValidateRowsOptions::default())?;
/// assert_eq!(report.findings[0].code, "type-error");
/// assert_eq!(report.findings[0].location.row, Some(3));
/// # Ok::<(), opendata_core::SchemaError>(())
/// ```
pub fn validate_rows(
    schema: &TableSchema,
    rows: &[Vec<String>],
    options: &ValidateRowsOptions,
) -> Result<Report, SchemaError> {
    let mut validator = SchemaValidator::new(schema)?;
    for (resource, table) in &options.references {
        if let Some((head, body)) = table.split_first() {
            let head: Vec<&str> = head.iter().map(String::as_str).collect();
            validator.add_reference(resource, &head, body)?;
        }
    }
    let mut sink = FindingSink::new(options.max_findings_per_code);
    let mut cells: Vec<&str> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        cells.clear();
        cells.extend(row.iter().map(String::as_str));
        let number = i as u64 + 1;
        if options.header && i == 0 {
            validator.check_header(number, &cells, &mut sink);
        } else {
            validator.check_row(number, &cells, &mut sink);
        }
    }
    validator.finish(&mut sink);
    Ok(sink.into_report(None))
}
