//! The check of a table that is already Arrow (a pandas / polars / pyarrow frame, a
//! Parquet file read by the caller): the header checks, the per-cell checks and the
//! Table Schema validation of the CSV check, run on the text of each cell.
//!
//! Row numbers are those the same table would have as a CSV with a header: the header is
//! row 1 and the first data row is row 2, so both paths give identical findings.

use arrow_array::cast::AsArray;
use arrow_array::{Array, RecordBatch};
use arrow_schema::{ArrowError, DataType, Schema};

use super::check::{check_header, column_findings, CellChecks, CheckOptions, Progress};
use super::codes;
use super::parse::RecordChunk;
use super::write::format_value;
use crate::error::TableError;
use crate::report::{Location, Report, TableSummary};

/// Progress is reported after every batch, and at least every this many rows.
const PROGRESS_EVERY: u64 = 16 * 1024;

/// Checks a table given as Arrow record batches, with the finding codes of
/// [`check_csv`](super::check_csv).
///
/// The structural checks of a CSV file (encoding, delimiter, quotes, ragged rows) do not
/// apply; the header checks (`blank-header`, `duplicate-header`, `header-whitespace`),
/// `blank-row` for a row of nulls, the cell checks (`whitespace`, `control-character`,
/// `formula-injection`, `scientific-notation`, `thousands-separator`), the column checks
/// (`mixed-date-formats`, `inconsistent-values`) and, with `options.schema`, every Table
/// Schema check do. Typed cells are checked as the text a CSV export would hold (see
/// [`format_value`](super::format_value)); nulls are missing values.
///
/// ```
/// use std::sync::Arc;
/// use arrow_array::{RecordBatch, StringArray};
/// use opendata_core::table::{check_batches, CheckOptions};
///
/// let batch = RecordBatch::try_from_iter([
///     ("name", Arc::new(StringArray::from(vec![" Ann", "=SUM(A1)"])) as _),
/// ]).unwrap();
/// let report = check_batches(&batch.schema(), [Ok(batch)], &CheckOptions::default(), &mut |_| {})?;
/// let codes: Vec<_> = report.findings.iter().map(|f| f.code.as_str()).collect();
/// assert_eq!(codes, ["whitespace", "formula-injection"]);
/// assert_eq!(report.findings[0].location.row, Some(2));
/// # Ok::<(), opendata_core::Error>(())
/// ```
pub fn check_batches<I>(
    schema: &Schema,
    batches: I,
    options: &CheckOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Report, crate::Error>
where
    I: IntoIterator<Item = Result<RecordBatch, ArrowError>>,
{
    let (mut sink, mut validator) = super::check::start_check(options)?;
    let names: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    if names.len() > options.max_columns {
        return Err(TableError::InvalidOption {
            option: "max_columns",
            reason: format!(
                "the table has {} columns, more than the limit of {}",
                names.len(),
                options.max_columns
            ),
        }
        .into());
    }
    // Every column must have a text form before any finding is made.
    for field in schema.fields() {
        if !has_text_form(field.data_type()) {
            return Err(TableError::UnsupportedType {
                column: field.name().clone(),
                data_type: field.data_type().to_string(),
            }
            .into());
        }
    }
    const HEADER_ROW: u64 = 1;
    let header = csv::ByteRecord::from(names.clone());
    check_header(&header, HEADER_ROW, &mut sink);
    if let Some(validator) = validator.as_mut() {
        let labels: Vec<&str> = names.iter().map(String::as_str).collect();
        validator.check_header(HEADER_ROW, &labels, &mut sink);
    }
    let mut checks = CellChecks::new(names.clone(), &options.missing_values, validator.take());

    let mut row = HEADER_ROW;
    let mut chunk = RecordChunk::default();
    let mut text = String::new();
    let mut last_progress = 0;
    for batch in batches {
        let batch = batch.map_err(|e| TableError::Arrow(e.to_string()))?;
        if batch.num_columns() != names.len() {
            return Err(TableError::Arrow(format!(
                "a batch has {} columns, the schema {}",
                batch.num_columns(),
                names.len()
            ))
            .into());
        }
        let columns = batch.columns();
        for i in 0..batch.num_rows() {
            row += 1;
            let mut blank = true;
            for column in columns {
                let value = cell_text(column.as_ref(), i, &mut text)?;
                blank &= value.is_empty();
                chunk.push_field(value.as_bytes());
            }
            chunk.finish_record(row);
            if blank {
                chunk.pop();
                sink.push(
                    &codes::BLANK_ROW,
                    Location::row(row),
                    format!("row {row} is empty"),
                );
                continue;
            }
            if chunk.is_full() {
                checks.chunk(&chunk, &mut sink);
                chunk.clear();
            }
            if row - last_progress >= PROGRESS_EVERY {
                last_progress = row;
                progress(Progress {
                    bytes: 0,
                    rows: row,
                });
            }
        }
        last_progress = row;
        progress(Progress {
            bytes: 0,
            rows: row,
        });
    }
    checks.chunk(&chunk, &mut sink);
    let header_row = (HEADER_ROW, names.clone());
    column_findings(&checks, Some(&header_row), &mut sink);
    if let Some(validator) = checks.validator.take() {
        validator.finish(&mut sink);
    }
    let summary = TableSummary {
        header: true,
        rows: row,
        columns: names.len() as u64,
        ..TableSummary::default()
    };
    let mut report = sink.into_report(Some(summary));
    // Column findings come last from the profile; present everything in row order.
    report.findings.sort_by_key(|f| f.location.row.unwrap_or(0));
    Ok(report)
}

/// Whether [`format_value`] can write the type (the types CSV reading produces and the
/// ones pandas, polars and pyarrow frames commonly hold).
fn has_text_form(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Utf8
            | DataType::LargeUtf8
            | DataType::Utf8View
            | DataType::Boolean
            | DataType::Int8
            | DataType::Int16
            | DataType::Int32
            | DataType::Int64
            | DataType::UInt8
            | DataType::UInt16
            | DataType::UInt32
            | DataType::UInt64
            | DataType::Float32
            | DataType::Float64
            | DataType::Date32
            | DataType::Timestamp(_, _)
            | DataType::Null
    ) || *data_type == DataType::Time64(arrow_schema::TimeUnit::Microsecond)
}

/// The text of a cell: borrowed for string columns (most of a frame's cells), written
/// into `buffer` for typed ones; empty for a null.
fn cell_text<'a>(
    array: &'a dyn Array,
    row: usize,
    buffer: &'a mut String,
) -> Result<&'a str, TableError> {
    if array.is_null(row) {
        return Ok("");
    }
    Ok(match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().value(row),
        DataType::LargeUtf8 => array.as_string::<i64>().value(row),
        DataType::Utf8View => array.as_string_view().value(row),
        _ => {
            format_value(array, row, buffer)?;
            buffer.as_str()
        }
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::{ArrayRef, Float64Array, Int64Array, StringArray};

    use super::*;
    use crate::table::check_csv;
    use crate::table::schema::TableSchema;

    fn strings(values: &[Option<&str>]) -> ArrayRef {
        Arc::new(StringArray::from(values.to_vec()))
    }

    fn check(batch: RecordBatch, options: &CheckOptions) -> Report {
        check_batches(&batch.schema(), [Ok(batch)], options, &mut |_| {}).unwrap()
    }

    fn codes_of(report: &Report) -> Vec<&str> {
        report.findings.iter().map(|f| f.code.as_str()).collect()
    }

    #[test]
    fn cell_checks_have_the_csv_codes_and_rows() {
        let batch = RecordBatch::try_from_iter([
            ("id", strings(&[Some("1.23457E+11"), Some("2"), Some("3")])),
            (
                "amount",
                strings(&[Some("1,234,567"), Some("12"), Some("13")]),
            ),
            (
                "note",
                strings(&[Some("ok"), Some(" padded"), Some("=HYPERLINK(\"x\")")]),
            ),
            ("bell", strings(&[Some("a\u{7}b"), None, Some("c")])),
        ])
        .unwrap();
        let report = check(batch, &CheckOptions::default());
        let found: Vec<(&str, Option<u64>, Option<u64>)> = report
            .findings
            .iter()
            .map(|f| (f.code.as_str(), f.location.row, f.location.column))
            .collect();
        assert_eq!(
            found,
            [
                ("scientific-notation", Some(2), Some(1)),
                ("thousands-separator", Some(2), Some(2)),
                ("control-character", Some(2), Some(4)),
                ("whitespace", Some(3), Some(3)),
                ("formula-injection", Some(4), Some(3)),
            ]
        );
    }

    #[test]
    fn same_findings_as_the_csv_check_of_the_same_table() {
        let csv = "name,joined,amount\n\
                   Ann ,2020-01-02,10\n\
                   Bob,03/04/2021,11\n\
                   Cy,2020-05-06,12\n\
                   Di,2020-05-07,x\n";
        let from_csv = check_csv(csv.as_bytes(), &CheckOptions::default()).unwrap();
        let batch = RecordBatch::try_from_iter([
            (
                "name",
                strings(&[Some("Ann "), Some("Bob"), Some("Cy"), Some("Di")]),
            ),
            (
                "joined",
                strings(&[
                    Some("2020-01-02"),
                    Some("03/04/2021"),
                    Some("2020-05-06"),
                    Some("2020-05-07"),
                ]),
            ),
            (
                "amount",
                strings(&[Some("10"), Some("11"), Some("12"), Some("x")]),
            ),
        ])
        .unwrap();
        let from_arrow = check(batch, &CheckOptions::default());
        assert_eq!(from_arrow.findings, from_csv.findings);
        assert_eq!(codes_of(&from_arrow), ["mixed-date-formats", "whitespace"]);
    }

    #[test]
    fn header_problems_and_blank_rows() {
        let batch = RecordBatch::try_from_iter([
            ("a", strings(&[Some("1"), None])),
            ("", strings(&[Some("2"), None])),
            ("a", strings(&[Some("3"), None])),
            ("b ", strings(&[Some("4"), None])),
        ])
        .unwrap();
        let report = check(batch, &CheckOptions::default());
        assert_eq!(
            codes_of(&report),
            [
                "blank-header",
                "duplicate-header",
                "header-whitespace",
                "blank-row"
            ]
        );
        assert_eq!(report.findings[3].location.row, Some(3));
        assert!(!report.ok);
    }

    #[test]
    fn typed_columns_are_checked_as_their_text_and_against_a_schema() {
        let batch = RecordBatch::try_from_iter([
            (
                "id",
                Arc::new(Int64Array::from(vec![Some(1), Some(1), None])) as ArrayRef,
            ),
            (
                "score",
                Arc::new(Float64Array::from(vec![0.5, 1.5, 2.0])) as ArrayRef,
            ),
        ])
        .unwrap();
        assert!(check(batch.clone(), &CheckOptions::default())
            .findings
            .is_empty());
        let schema = TableSchema::from_json(
            r#"{"fields":[{"name":"id","type":"integer","constraints":{"required":true,"unique":true}},
                          {"name":"score","type":"number","constraints":{"maximum":1}}]}"#,
        )
        .unwrap();
        let options = CheckOptions {
            schema: Some(schema),
            ..CheckOptions::default()
        };
        let mut codes = codes_of(&check(batch, &options))
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>();
        codes.sort();
        assert_eq!(
            codes,
            [
                "constraint-error",
                "constraint-error",
                "constraint-error",
                "unique-error"
            ]
        );
    }

    #[test]
    fn unsupported_types_and_broken_streams_are_errors() {
        let schema = Schema::new(vec![arrow_schema::Field::new(
            "tags",
            DataType::List(Arc::new(arrow_schema::Field::new(
                "item",
                DataType::Utf8,
                true,
            ))),
            true,
        )]);
        let err = check_batches(&schema, [], &CheckOptions::default(), &mut |_| {}).unwrap_err();
        assert_eq!(err.code(), "table.unsupported-type");

        let schema = Schema::new(vec![arrow_schema::Field::new("a", DataType::Utf8, true)]);
        let broken = [Err(ArrowError::ComputeError("stream broke".into()))];
        let err =
            check_batches(&schema, broken, &CheckOptions::default(), &mut |_| {}).unwrap_err();
        assert_eq!(err.code(), "table.arrow");
        assert_eq!(err.to_string(), "arrow: Compute error: stream broke");
    }

    #[test]
    fn progress_counts_rows() {
        let batch = RecordBatch::try_from_iter([("a", strings(&[Some("x"), Some("y")]))]).unwrap();
        let mut seen = Vec::new();
        check_batches(
            &batch.schema(),
            [Ok(batch.clone()), Ok(batch)],
            &CheckOptions::default(),
            &mut |p| seen.push(p.rows),
        )
        .unwrap();
        assert_eq!(seen, [3, 5]);
    }
}
