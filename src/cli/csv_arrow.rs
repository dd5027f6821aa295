//! A stop-gap CSV <-> Arrow bridge for the anonymise commands: every column is read as text
//! (Utf8, empty cell = null) in batches, and batches are written back as CSV.
//!
//! It goes away when the typed `opendata_core::table::CsvReader` / `table::write_csv`
//! land; until then the anonymiser sees text columns and reads dates and numbers per cell.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int32Type, Int64Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};

use super::CliError;

/// Rows per batch: enough to amortise per-batch work, small enough to bound memory.
pub const BATCH_ROWS: usize = 65_536;

/// Reads a CSV file as batches of text columns.
pub struct CsvBatches {
    reader: csv::Reader<Box<dyn Read>>,
    schema: SchemaRef,
    record: csv::StringRecord,
    path: String,
    done: bool,
}

impl CsvBatches {
    /// Opens a file and reads its header.
    pub fn open(path: &Path, delimiter: u8) -> Result<Self, CliError> {
        let input = super::open_input(path)?;
        let shown = path.display().to_string();
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .from_reader(input);
        let headers = reader.headers().map_err(|e| csv_error(&shown, e))?.clone();
        if headers.is_empty() {
            return Err(CliError::Input {
                path: shown,
                reason: "the file has no header row".to_owned(),
            });
        }
        let fields: Vec<Field> = headers
            .iter()
            .map(|h| Field::new(h, DataType::Utf8, true))
            .collect();
        Ok(Self {
            reader,
            schema: Arc::new(Schema::new(fields)),
            record: csv::StringRecord::new(),
            path: shown,
            done: false,
        })
    }

    /// The schema: one Utf8 column per header.
    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }
}

fn csv_error(path: &str, e: csv::Error) -> CliError {
    let reason = match e.position() {
        Some(p) => format!("row {}: {}", p.line(), e.kind_description()),
        None => e.to_string(),
    };
    CliError::Input {
        path: path.to_owned(),
        reason,
    }
}

trait KindDescription {
    fn kind_description(&self) -> String;
}

impl KindDescription for csv::Error {
    fn kind_description(&self) -> String {
        match self.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => {
                format!("{len} cells, header has {expected_len} (run `opendata check` on the file)")
            }
            csv::ErrorKind::Utf8 { .. } => "not valid UTF-8 (re-save the file as UTF-8)".to_owned(),
            _ => self.to_string(),
        }
    }
}

impl Iterator for CsvBatches {
    type Item = Result<RecordBatch, CliError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let n = self.schema.fields().len();
        let mut builders: Vec<StringBuilder> = (0..n)
            .map(|_| StringBuilder::with_capacity(1024, 16 * 1024))
            .collect();
        let mut rows = 0;
        while rows < BATCH_ROWS {
            match self.reader.read_record(&mut self.record) {
                Ok(true) => {
                    for (b, cell) in builders.iter_mut().zip(self.record.iter()) {
                        if cell.is_empty() {
                            b.append_null();
                        } else {
                            b.append_value(cell);
                        }
                    }
                    rows += 1;
                }
                Ok(false) => {
                    self.done = true;
                    break;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(csv_error(&self.path, e)));
                }
            }
        }
        if rows == 0 && self.done {
            return None;
        }
        let columns: Vec<ArrayRef> = builders
            .into_iter()
            .map(|mut b| Arc::new(b.finish()) as ArrayRef)
            .collect();
        Some(
            RecordBatch::try_new(self.schema.clone(), columns).map_err(|e| CliError::Input {
                path: self.path.clone(),
                reason: e.to_string(),
            }),
        )
    }
}

/// Writes the header of a schema.
pub fn write_header(w: &mut csv::Writer<impl Write>, schema: &Schema) -> io::Result<()> {
    w.write_record(schema.fields().iter().map(|f| f.name().as_str()))
        .map_err(io::Error::other)
}

/// Writes the rows of a batch; null is an empty cell.
pub fn write_batch(w: &mut csv::Writer<impl Write>, batch: &RecordBatch) -> io::Result<()> {
    let mut row: Vec<String> = vec![String::new(); batch.num_columns()];
    for i in 0..batch.num_rows() {
        for (cell, col) in row.iter_mut().zip(batch.columns()) {
            cell.clear();
            render(col, i, cell);
        }
        w.write_record(&row).map_err(io::Error::other)?;
    }
    Ok(())
}

fn render(col: &ArrayRef, i: usize, out: &mut String) {
    use std::fmt::Write as _;
    if col.is_null(i) {
        return;
    }
    let _ = match col.data_type() {
        DataType::Utf8 => write!(out, "{}", col.as_string::<i32>().value(i)),
        DataType::LargeUtf8 => write!(out, "{}", col.as_string::<i64>().value(i)),
        DataType::Int64 => write!(out, "{}", col.as_primitive::<Int64Type>().value(i)),
        DataType::Int32 => write!(out, "{}", col.as_primitive::<Int32Type>().value(i)),
        DataType::Float64 => write!(out, "{}", col.as_primitive::<Float64Type>().value(i)),
        DataType::Boolean => write!(out, "{}", col.as_boolean().value(i)),
        DataType::Date32 => {
            let days = col.as_primitive::<Date32Type>().value(i);
            match time::Date::from_julian_day(days + 2_440_588) {
                Ok(d) => write!(out, "{d}"),
                Err(_) => Ok(()),
            }
        }
        _ => Ok(()),
    };
}

/// Writes a file through a temporary file beside it, renamed into place only when all was
/// written: a failure leaves no output, never a half-written one.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<(), CliError>,
) -> Result<(), CliError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_owned());
    let temp = dir.join(format!(".{name}.opendata-{}.tmp", std::process::id()));
    let result = (|| {
        let file = File::create(&temp)?;
        let mut w = BufWriter::with_capacity(256 * 1024, file);
        write(&mut w)?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&temp, path)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
