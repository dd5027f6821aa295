//! A CSV input that has been through the check pass and can be read again from the start:
//! what [`CsvReader`](super::CsvReader) and [`CsvRecords`](super::records::CsvRecords)
//! share.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::PathBuf;
use std::sync::Arc;

use super::check::{read_sample, run_check, CheckOptions, Layout, Progress};
use super::decode::DecodeReader;
use super::profile::InferredType;
use crate::error::TableError;
use crate::report::Report;

/// Where the CSV comes from; a second read starts again from the beginning.
#[derive(Debug, Clone)]
pub(crate) enum Source {
    Path(PathBuf),
    Bytes(Arc<[u8]>),
}

impl Source {
    fn open(&self) -> Result<Box<dyn Read + Send>, TableError> {
        Ok(match self {
            Source::Path(p) => Box::new(BufReader::with_capacity(256 * 1024, File::open(p)?)),
            Source::Bytes(b) => Box::new(std::io::Cursor::new(Arc::clone(b))),
        })
    }
}

/// A parser over the decoded input from its first byte, in the dialect the check found.
pub(crate) type DataReader = csv::Reader<DecodeReader<Box<dyn Read + Send>>>;

/// The input, the options it was checked with, the check's report and the table layout.
#[derive(Debug, Clone)]
pub(crate) struct CheckedCsv {
    source: Source,
    pub options: CheckOptions,
    pub report: Report,
    pub layout: Option<Layout>,
}

impl CheckedCsv {
    /// Runs the check pass over `source`.
    pub fn check(
        source: Source,
        options: &CheckOptions,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Self, crate::Error> {
        let outcome = run_check(source.open()?, options, progress)?;
        Ok(Self {
            source,
            options: options.clone(),
            report: outcome.report,
            layout: outcome.layout,
        })
    }

    /// The inferred type of each column (empty when the input is not a table).
    pub fn inferred_types(&self) -> &[InferredType] {
        self.layout.as_ref().map_or(&[], |l| &l.types)
    }

    /// Reads the input again, for the data; an input that is not a table is an error
    /// naming the check's error codes.
    pub fn reopen(&self) -> Result<(DataReader, &Layout), crate::Error> {
        let Some(layout) = &self.layout else {
            let codes: Vec<&str> = self
                .report
                .findings
                .iter()
                .filter(|f| f.severity == crate::Severity::Error)
                .map(|f| f.code.as_str())
                .collect();
            return Err(TableError::NotATable(codes.join(", ")).into());
        };
        let mut input = self.source.open()?;
        let (sample, sample_is_all) = read_sample(&mut input)?;
        let decoded = DecodeReader::new(input, sample, sample_is_all, &layout.dialect.guess);
        Ok((layout.dialect.csv_reader(decoded), layout))
    }
}

/// Which records of the input are data: those after the first `skip` (title rows, the
/// header), blank lines left out, up to `left` of them (notes below the table are not).
#[derive(Debug, Clone, Copy)]
pub(crate) struct DataRows {
    skip: u64,
    left: u64,
}

impl DataRows {
    pub(crate) fn of(layout: &Layout) -> Self {
        Self {
            skip: layout.skip_records,
            left: layout.data_rows,
        }
    }
}

/// Reads the next data record into `record`; `false` at the end of the data.
pub(crate) fn next_data_record(
    reader: &mut DataReader,
    record: &mut csv::ByteRecord,
    rows: &mut DataRows,
) -> Result<bool, TableError> {
    loop {
        if rows.left == 0 {
            return Ok(false);
        }
        let more = reader
            .read_byte_record(record)
            .map_err(|e| match e.into_kind() {
                csv::ErrorKind::Io(io) => TableError::Io(io),
                other => TableError::Io(std::io::Error::other(format!("{other:?}"))),
            })?;
        if !more {
            return Ok(false);
        }
        if rows.skip > 0 {
            rows.skip -= 1;
            continue;
        }
        if !record.iter().all(<[u8]>::is_empty) {
            rows.left -= 1;
            return Ok(true);
        }
    }
}

/// The missing-value markers of [`CheckOptions::missing_values`], with the length of the
/// longest: most cells are longer than every marker and are settled by one comparison.
#[derive(Debug, Clone)]
pub(crate) struct MissingValues {
    markers: Vec<String>,
    longest: usize,
}

impl MissingValues {
    pub fn new(markers: &[String]) -> Self {
        Self {
            markers: markers.to_vec(),
            longest: markers.iter().map(String::len).max().unwrap_or(0),
        }
    }

    /// Whether `cell` is one of the markers.
    pub fn contains(&self, cell: &str) -> bool {
        cell.len() <= self.longest && self.markers.iter().any(|m| m == cell)
    }
}
