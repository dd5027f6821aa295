//! Writing Arrow data out: normalised CSV (UTF-8, RFC 4180) and Arrow IPC.

use std::fmt::Write as _;
use std::io::Write;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type,
    Time64MicrosecondType, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType, Schema, TimeUnit};
use time::{Date, OffsetDateTime, Time};

use crate::error::TableError;

const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

fn unsupported(data_type: &DataType) -> TableError {
    TableError::UnsupportedType {
        column: String::new(),
        data_type: data_type.to_string(),
    }
}

fn write_timestamp(out: &mut String, micros: i128, with_zone: bool) {
    let Ok(t) = OffsetDateTime::from_unix_timestamp_nanos(micros * 1000) else {
        return;
    };
    let (y, mo, d) = (t.year(), u8::from(t.month()), t.day());
    let _ = write!(
        out,
        "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}",
        t.hour(),
        t.minute(),
        t.second()
    );
    if t.microsecond() != 0 {
        let _ = write!(out, ".{:06}", t.microsecond());
    }
    if with_zone {
        out.push('Z');
    }
}

fn write_time(out: &mut String, micros: i64) {
    let Ok(t) = Time::from_hms_micro(
        (micros / 3_600_000_000) as u8,
        ((micros / 60_000_000) % 60) as u8,
        ((micros / 1_000_000) % 60) as u8,
        (micros % 1_000_000) as u32,
    ) else {
        return;
    };
    let _ = write!(out, "{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second());
    if t.microsecond() != 0 {
        let _ = write!(out, ".{:06}", t.microsecond());
    }
}

/// Writes the value at `row` of `array` as CSV text into `out` (cleared first); returns
/// `false` for a null. Dates are ISO 8601, datetimes RFC 3339 (`Z` for zoned columns),
/// numbers in their shortest round-trip form.
pub fn format_value(array: &dyn Array, row: usize, out: &mut String) -> Result<bool, TableError> {
    out.clear();
    if array.is_null(row) {
        return Ok(false);
    }
    macro_rules! num {
        ($t:ty) => {{
            let _ = write!(out, "{}", array.as_primitive::<$t>().value(row));
        }};
    }
    match array.data_type() {
        DataType::Utf8 => out.push_str(array.as_string::<i32>().value(row)),
        DataType::LargeUtf8 => out.push_str(array.as_string::<i64>().value(row)),
        DataType::Utf8View => out.push_str(array.as_string_view().value(row)),
        DataType::Boolean => out.push_str(if array.as_boolean().value(row) {
            "true"
        } else {
            "false"
        }),
        DataType::Int8 => num!(Int8Type),
        DataType::Int16 => num!(Int16Type),
        DataType::Int32 => num!(Int32Type),
        DataType::Int64 => num!(Int64Type),
        DataType::UInt8 => num!(UInt8Type),
        DataType::UInt16 => num!(UInt16Type),
        DataType::UInt32 => num!(UInt32Type),
        DataType::UInt64 => num!(UInt64Type),
        DataType::Float32 => num!(Float32Type),
        DataType::Float64 => num!(Float64Type),
        DataType::Date32 => {
            let days = array.as_primitive::<Date32Type>().value(row);
            if let Ok(d) = Date::from_julian_day(days + UNIX_EPOCH_JULIAN_DAY) {
                let _ = write!(
                    out,
                    "{:04}-{:02}-{:02}",
                    d.year(),
                    u8::from(d.month()),
                    d.day()
                );
            }
        }
        DataType::Time64(TimeUnit::Microsecond) => {
            write_time(
                out,
                array.as_primitive::<Time64MicrosecondType>().value(row),
            );
        }
        DataType::Timestamp(unit, zone) => {
            let micros: i128 = match unit {
                TimeUnit::Second => {
                    i128::from(array.as_primitive::<TimestampSecondType>().value(row)) * 1_000_000
                }
                TimeUnit::Millisecond => {
                    i128::from(array.as_primitive::<TimestampMillisecondType>().value(row)) * 1000
                }
                TimeUnit::Microsecond => {
                    i128::from(array.as_primitive::<TimestampMicrosecondType>().value(row))
                }
                TimeUnit::Nanosecond => {
                    i128::from(array.as_primitive::<TimestampNanosecondType>().value(row)) / 1000
                }
            };
            write_timestamp(out, micros, zone.is_some());
        }
        other => return Err(unsupported(other)),
    }
    Ok(true)
}

/// Writes record batches as normalised CSV: UTF-8, comma-separated, CRLF line endings,
/// fields quoted only when needed (RFC 4180), a header row from the schema.
pub struct CsvWriter<W: Write> {
    writer: csv::Writer<W>,
    cell: String,
}

impl<W: Write> CsvWriter<W> {
    /// Starts a CSV with the schema's field names as header.
    pub fn new(writer: W, schema: &Schema) -> Result<Self, TableError> {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(writer);
        writer
            .write_record(schema.fields().iter().map(|f| f.name().as_bytes()))
            .map_err(csv_error)?;
        Ok(Self {
            writer,
            cell: String::new(),
        })
    }

    /// Appends the rows of a batch.
    pub fn write(&mut self, batch: &RecordBatch) -> Result<(), TableError> {
        let schema = batch.schema();
        for (i, column) in batch.columns().iter().enumerate() {
            if format_value(column.as_ref(), 0, &mut self.cell).is_err() && batch.num_rows() > 0 {
                return Err(TableError::UnsupportedType {
                    column: schema.field(i).name().clone(),
                    data_type: column.data_type().to_string(),
                });
            }
        }
        for row in 0..batch.num_rows() {
            for column in batch.columns() {
                format_value(column.as_ref(), row, &mut self.cell)?;
                self.writer
                    .write_field(self.cell.as_bytes())
                    .map_err(csv_error)?;
            }
            self.writer.write_record(None::<&[u8]>).map_err(csv_error)?;
        }
        Ok(())
    }

    /// Flushes and returns the inner writer.
    pub fn finish(self) -> Result<W, TableError> {
        self.writer
            .into_inner()
            .map_err(|e| TableError::Io(std::io::Error::other(e.to_string())))
    }
}

fn csv_error(e: csv::Error) -> TableError {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => TableError::Io(io),
        other => TableError::Io(std::io::Error::other(format!("{other:?}"))),
    }
}

/// Writes record batches as an Arrow IPC file.
#[cfg(feature = "ipc")]
pub fn write_ipc<W: Write>(
    writer: W,
    schema: &Schema,
    batches: impl IntoIterator<Item = Result<RecordBatch, crate::Error>>,
) -> Result<W, crate::Error> {
    let arrow = |e: arrow_schema::ArrowError| TableError::Arrow(e.to_string());
    let mut ipc = arrow_ipc::writer::FileWriter::try_new(writer, schema).map_err(arrow)?;
    for batch in batches {
        ipc.write(&batch?).map_err(arrow)?;
    }
    ipc.finish().map_err(arrow)?;
    Ok(ipc.into_inner().map_err(arrow)?)
}
