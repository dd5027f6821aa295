//! CSV to typed Arrow record batches, in two streaming passes: the check pass infers each
//! column's type over every value, then the build pass turns records into batches.

use std::borrow::Cow;
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Arc;
use std::thread::JoinHandle;

use arrow_array::builder::{
    ArrayBuilder, BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder,
    StringBuilder, Time64MicrosecondBuilder, TimestampMicrosecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};

use super::check::{CheckOptions, Layout, Progress};
use super::checked::{next_data_record, CheckedCsv, DataReader, DataRows, MissingValues, Source};
use super::codes;
use super::decode::utf8_text;
use super::profile::InferredType;
use super::types::{
    parse_boolean, parse_clock, parse_datetime, parse_integer, parse_number,
    parse_numeric_datetime, parse_time, parse_written_number, DateFormat, FieldType,
};
use crate::error::TableError;
use crate::report::{Report, Severity};

/// Field metadata key holding the Table Schema type of a column.
pub const META_TYPE: &str = "opendata.type";
/// Field metadata key holding the Table Schema format of a column, when not the default.
pub const META_FORMAT: &str = "opendata.format";

/// A CSV file read as typed Arrow data.
///
/// Opening runs the full check (the [`report`](Self::report)) and infers every column's
/// type over all its values; [`batches`](Self::batches) then streams record batches of
/// [`CheckOptions::batch_size`] rows, so memory is bounded by a batch.
///
/// ```
/// use opendata_core::table::{CheckOptions, CsvReader};
///
/// let csv = "id,born,score\n1,1990-05-01,3.5\n2,1985-12-24,\n";
/// let reader = CsvReader::from_bytes(csv.as_bytes().to_vec(), &CheckOptions::default())?;
/// assert_eq!(reader.schema().field(1).data_type(), &arrow_schema::DataType::Date32);
/// let batches: Vec<_> = reader.batches()?.collect::<Result<_, _>>()?;
/// assert_eq!(batches[0].num_rows(), 2);
/// assert_eq!(batches[0].column(2).null_count(), 1);
/// # Ok::<(), opendata_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct CsvReader {
    checked: CheckedCsv,
    schema: SchemaRef,
}

impl CsvReader {
    /// Opens and checks a CSV file.
    pub fn from_path(path: impl AsRef<Path>, options: &CheckOptions) -> Result<Self, crate::Error> {
        Self::open(Source::Path(path.as_ref().to_owned()), options, &mut |_| {})
    }

    /// [`from_path`](Self::from_path) with a progress callback for the check pass.
    pub fn from_path_with_progress(
        path: impl AsRef<Path>,
        options: &CheckOptions,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Self, crate::Error> {
        Self::open(Source::Path(path.as_ref().to_owned()), options, progress)
    }

    /// Checks a CSV held in memory.
    pub fn from_bytes(
        bytes: impl Into<Arc<[u8]>>,
        options: &CheckOptions,
    ) -> Result<Self, crate::Error> {
        Self::open(Source::Bytes(bytes.into()), options, &mut |_| {})
    }

    fn open(
        source: Source,
        options: &CheckOptions,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Self, crate::Error> {
        let checked = CheckedCsv::check(source, options, progress)?;
        let schema = Arc::new(match &checked.layout {
            Some(layout) => arrow_schema(layout),
            None => Schema::empty(),
        });
        Ok(Self { checked, schema })
    }

    /// The structural check of the file.
    pub fn report(&self) -> &Report {
        &self.checked.report
    }

    /// The errors that make the columns untrustworthy for a copy of the table (ragged
    /// rows, stray quotes...), as `code (where)`. Blank rows are left out: the reader skips
    /// them, so they cannot shift a cell into another column.
    pub fn blocking_errors(&self) -> Vec<String> {
        self.checked
            .report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error && f.code != codes::BLANK_ROW.code)
            .map(|f| format!("{} ({})", f.code, f.location.describe()))
            .collect()
    }

    /// The Arrow schema: one field per header column, typed as inferred, nullable.
    pub fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    /// The inferred Table Schema of the file.
    pub fn table_schema(&self) -> Option<super::schema::TableSchema> {
        self.checked
            .layout
            .as_ref()
            .map(|l| l.table_schema(&self.checked.options.missing_values))
    }

    /// The inferred Table Schema type of each column.
    pub fn inferred_types(&self) -> &[InferredType] {
        self.checked.inferred_types()
    }

    /// Streams the data rows as record batches. Blank rows are skipped; short rows are
    /// padded with nulls and extra cells dropped (the report names both).
    pub fn batches(&self) -> Result<CsvBatches, crate::Error> {
        let (reader, layout) = self.checked.reopen()?;
        let options = &self.checked.options;
        Ok(CsvBatches {
            reader,
            record: csv::ByteRecord::new(),
            data: DataRows::of(layout),
            types: layout.types.clone(),
            schema: Arc::clone(&self.schema),
            missing: MissingValues::new(&options.missing_values),
            batch_size: options.batch_size.max(1),
            done: false,
        })
    }
}

fn arrow_schema(layout: &Layout) -> Schema {
    let fields: Vec<Field> = layout
        .names
        .iter()
        .zip(&layout.types)
        .map(|(name, t)| {
            let mut metadata = std::collections::HashMap::new();
            metadata.insert(META_TYPE.to_owned(), t.field_type.as_str().to_owned());
            if let Some(format) = t.format() {
                metadata.insert(META_FORMAT.to_owned(), format);
            }
            Field::new(name, arrow_type(t), true).with_metadata(metadata)
        })
        .collect();
    Schema::new(fields)
}

/// The Arrow type of an inferred column type.
pub(crate) fn arrow_type(t: &InferredType) -> DataType {
    match t.field_type {
        FieldType::Boolean => DataType::Boolean,
        FieldType::Integer => DataType::Int64,
        FieldType::Year => DataType::Int32,
        FieldType::Number => DataType::Float64,
        FieldType::Date => DataType::Date32,
        FieldType::Time => DataType::Time64(TimeUnit::Microsecond),
        FieldType::Datetime if t.with_offset => {
            DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
        }
        FieldType::Datetime => DataType::Timestamp(TimeUnit::Microsecond, None),
        _ => DataType::Utf8,
    }
}

/// Days from 0000-03-01-based Julian day numbering to the Unix epoch.
const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

enum Column {
    Boolean(BooleanBuilder),
    Integer(Int64Builder),
    Year(Int32Builder),
    /// Numbers, and their decimal mark when written otherwise than plainly.
    Number(Float64Builder, Option<char>),
    Date(Date32Builder, DateFormat),
    /// Times, and whether they are written as spreadsheets write them (`9:05`, `2:30 PM`).
    Time(Time64MicrosecondBuilder, bool),
    /// Date-times, and the order of a numeric date part (`31/05/2024 14:30`) when not ISO.
    Datetime(TimestampMicrosecondBuilder, Option<DateFormat>),
    Text(StringBuilder),
}

impl Column {
    fn new(t: &InferredType, capacity: usize) -> Self {
        match t.field_type {
            FieldType::Boolean => Column::Boolean(BooleanBuilder::with_capacity(capacity)),
            FieldType::Integer => Column::Integer(Int64Builder::with_capacity(capacity)),
            FieldType::Year => Column::Year(Int32Builder::with_capacity(capacity)),
            FieldType::Number => Column::Number(
                Float64Builder::with_capacity(capacity),
                t.written_decimal_mark(),
            ),
            FieldType::Date => Column::Date(
                Date32Builder::with_capacity(capacity),
                t.date_format.unwrap_or(DateFormat::Iso),
            ),
            FieldType::Time => Column::Time(
                Time64MicrosecondBuilder::with_capacity(capacity),
                t.clock.is_some(),
            ),
            FieldType::Datetime => {
                let b = TimestampMicrosecondBuilder::with_capacity(capacity);
                let b = if t.with_offset {
                    b.with_timezone("UTC")
                } else {
                    b
                };
                Column::Datetime(b, t.date_format.filter(|f| *f != DateFormat::Iso))
            }
            _ => Column::Text(StringBuilder::with_capacity(capacity, capacity * 8)),
        }
    }

    /// Appends a cell; a value that does not parse (possible only past the checked width)
    /// becomes null.
    fn append(&mut self, cell: Option<&str>) {
        match self {
            Column::Boolean(b) => b.append_option(cell.and_then(parse_boolean)),
            Column::Integer(b) => b.append_option(cell.and_then(parse_integer)),
            Column::Year(b) => b.append_option(
                cell.and_then(parse_integer)
                    .and_then(|v| i32::try_from(v).ok()),
            ),
            Column::Number(b, written) => b.append_option(cell.and_then(|c| match written {
                Some(decimal) => parse_written_number(c, *decimal).map(|d| d.value),
                None => parse_number(c),
            })),
            Column::Date(b, format) => {
                let date = cell.and_then(|c| format.read(c));
                b.append_option(date.map(|d| d.to_julian_day() - UNIX_EPOCH_JULIAN_DAY));
            }
            Column::Time(b, clock) => b.append_option(
                cell.and_then(|c| {
                    if *clock {
                        parse_clock(c).map(|(t, _)| t)
                    } else {
                        parse_time(c)
                    }
                })
                .map(|t| {
                    let (h, m, s, us) = t.as_hms_micro();
                    ((i64::from(h) * 60 + i64::from(m)) * 60 + i64::from(s)) * 1_000_000
                        + i64::from(us)
                }),
            ),
            Column::Datetime(b, format) => {
                let value = cell.and_then(|c| match format {
                    None => parse_datetime(c),
                    Some(f) => parse_numeric_datetime(c).and_then(|d| d.value(*f)),
                });
                b.append_option(value.map(|d| d.unix_micros()))
            }
            Column::Text(b) => b.append_option(cell),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Column::Boolean(b) => Arc::new(b.finish()),
            Column::Integer(b) => Arc::new(b.finish()),
            Column::Year(b) => Arc::new(b.finish()),
            Column::Number(b, _) => Arc::new(b.finish()),
            Column::Date(b, _) => Arc::new(b.finish()),
            Column::Time(b, _) => Arc::new(b.finish()),
            Column::Datetime(b, _) => Arc::new(b.finish()),
            Column::Text(b) => Arc::new(b.finish()),
        }
    }

    fn len(&self) -> usize {
        match self {
            Column::Boolean(b) => b.len(),
            Column::Integer(b) => b.len(),
            Column::Year(b) => b.len(),
            Column::Number(b, _) => b.len(),
            Column::Date(b, _) => b.len(),
            Column::Time(b, _) => b.len(),
            Column::Datetime(b, _) => b.len(),
            Column::Text(b) => b.len(),
        }
    }
}

/// The record batches of a [`CsvReader`], in file order.
pub struct CsvBatches {
    reader: DataReader,
    record: csv::ByteRecord,
    data: DataRows,
    types: Vec<InferredType>,
    schema: SchemaRef,
    missing: MissingValues,
    batch_size: usize,
    done: bool,
}

impl CsvBatches {
    /// The schema every batch has.
    pub fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    /// Reads the batches on a second thread, one batch ahead of the caller, so that
    /// parsing overlaps whatever the caller does with each batch. Where no thread can be
    /// started (a single core, or wasm) the batches are read on the calling thread; the
    /// batches are the same either way.
    ///
    /// ```
    /// use opendata_core::table::{CheckOptions, CsvReader};
    ///
    /// let reader = CsvReader::from_bytes(b"id,x\n1,a\n2,b\n".to_vec(), &CheckOptions::default())?;
    /// let mut rows = 0;
    /// for batch in reader.batches()?.read_ahead() {
    ///     rows += batch?.num_rows();
    /// }
    /// assert_eq!(rows, 2);
    /// # Ok::<(), opendata_core::Error>(())
    /// ```
    pub fn read_ahead(self) -> ReadAhead {
        ReadAhead::start(self)
    }

    fn next_batch(&mut self) -> Result<Option<RecordBatch>, crate::Error> {
        let mut columns: Vec<Column> = self
            .types
            .iter()
            .map(|t| Column::new(t, self.batch_size))
            .collect();
        let mut rows = 0;
        while rows < self.batch_size {
            if !next_data_record(&mut self.reader, &mut self.record, &mut self.data)? {
                self.done = true;
                break;
            }
            // One UTF-8 validation per record instead of one per cell: the decoder
            // already made the text UTF-8, so the lossy path per cell is the rare case.
            let whole = utf8_text(self.record.as_slice());
            let mut start = 0;
            for (i, column) in columns.iter_mut().enumerate() {
                let cell: Option<Cow<'_, str>> = match (whole, self.record.get(i)) {
                    (_, None) => None,
                    (Some(text), Some(bytes)) => {
                        let end = start + bytes.len();
                        let c = text.get(start..end).map(Cow::Borrowed);
                        start = end;
                        c.or_else(|| Some(String::from_utf8_lossy(bytes)))
                    }
                    (None, Some(bytes)) => Some(String::from_utf8_lossy(bytes)),
                };
                let value = cell.as_deref().filter(|c| !self.missing.contains(c));
                column.append(value);
            }
            rows += 1;
        }
        if rows == 0 {
            return Ok(None);
        }
        debug_assert!(columns.iter().all(|c| c.len() == rows));
        let arrays: Vec<ArrayRef> = columns.iter_mut().map(Column::finish).collect();
        RecordBatch::try_new(Arc::clone(&self.schema), arrays)
            .map(Some)
            .map_err(|e| TableError::Arrow(e.to_string()).into())
    }
}

impl Iterator for CsvBatches {
    type Item = Result<RecordBatch, crate::Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.next_batch().transpose()
    }
}

/// Batches read one ahead on a second thread ([`CsvBatches::read_ahead`]).
pub struct ReadAhead {
    inner: ReadAheadInner,
}

enum ReadAheadInner {
    Inline(Box<CsvBatches>),
    Thread {
        batches: Option<Receiver<Result<RecordBatch, crate::Error>>>,
        handle: Option<JoinHandle<()>>,
    },
}

impl ReadAhead {
    fn start(mut batches: CsvBatches) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        if cores < 2 || batches.done {
            return Self {
                inner: ReadAheadInner::Inline(Box::new(batches)),
            };
        }
        // The batches travel through a channel so that they stay here if no thread starts.
        let (hand_over, take_over) = sync_channel::<CsvBatches>(1);
        let (send, receive) = sync_channel(1);
        let spawned = std::thread::Builder::new()
            .name("opendata-csv-read-ahead".into())
            .spawn(move || {
                let Ok(batches) = take_over.recv() else {
                    return;
                };
                for batch in batches {
                    // The reader has stopped listening: nothing more is needed.
                    if send.send(batch).is_err() {
                        return;
                    }
                }
            });
        let handle = match spawned {
            Ok(handle) => handle,
            Err(_) => {
                return Self {
                    inner: ReadAheadInner::Inline(Box::new(batches)),
                }
            }
        };
        match hand_over.send(batches) {
            Ok(()) => Self {
                inner: ReadAheadInner::Thread {
                    batches: Some(receive),
                    handle: Some(handle),
                },
            },
            Err(e) => {
                batches = e.0;
                Self {
                    inner: ReadAheadInner::Inline(Box::new(batches)),
                }
            }
        }
    }
}

impl Iterator for ReadAhead {
    type Item = Result<RecordBatch, crate::Error>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            ReadAheadInner::Inline(batches) => batches.next(),
            ReadAheadInner::Thread { batches, .. } => batches.as_ref()?.recv().ok(),
        }
    }
}

impl Drop for ReadAhead {
    fn drop(&mut self) {
        if let ReadAheadInner::Thread { batches, handle } = &mut self.inner {
            // Closing the channel first makes the reader stop after the batch it is on.
            drop(batches.take());
            if let Some(h) = handle.take() {
                let _ = h.join();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_ahead_gives_the_same_batches() {
        let mut csv = String::from("id,name,born,note\n");
        for i in 0..50 {
            csv.push_str(&format!(
                "{i},Zoë {i},19{:02}-01-0{},\"a, \"\"b\"\" {}\"\n",
                i % 100,
                1 + i % 9,
                if i % 7 == 0 { "NA" } else { "ok" }
            ));
        }
        let options = CheckOptions {
            batch_size: 3,
            ..CheckOptions::default()
        };
        let reader = CsvReader::from_bytes(csv.into_bytes(), &options).unwrap();
        let plain: Vec<RecordBatch> = reader.batches().unwrap().map(Result::unwrap).collect();
        let ahead: Vec<RecordBatch> = reader
            .batches()
            .unwrap()
            .read_ahead()
            .map(Result::unwrap)
            .collect();
        assert_eq!(plain.len(), 17);
        assert_eq!(plain, ahead);
        // Stopping early joins the reading thread without waiting for the whole file.
        let mut partial = reader.batches().unwrap().read_ahead();
        assert_eq!(partial.next().map(Result::unwrap).as_ref(), plain.first());
        drop(partial);
    }

    #[test]
    fn date_times_with_a_numeric_date_read_as_timestamps() {
        use arrow_array::cast::AsArray;
        use arrow_array::types::TimestampMicrosecondType;
        let csv = "id,received\n1,28/02/2023 14:30\n2,01/03/2023 09:05\n3,\n";
        let reader =
            CsvReader::from_bytes(csv.as_bytes().to_vec(), &CheckOptions::default()).unwrap();
        let batch = reader.batches().unwrap().next().unwrap().unwrap();
        assert_eq!(
            batch.schema().field(1).data_type(),
            &DataType::Timestamp(TimeUnit::Microsecond, None)
        );
        let values: Vec<Option<i64>> = batch
            .column(1)
            .as_primitive::<TimestampMicrosecondType>()
            .iter()
            .collect();
        assert_eq!(
            values,
            [
                Some(1_677_594_600_000_000),
                Some(1_677_661_500_000_000),
                None
            ]
        );
    }

    #[test]
    fn numbers_with_a_decimal_comma_read_as_their_values() {
        use arrow_array::cast::AsArray;
        use arrow_array::types::Float64Type;
        let csv = "Gemeente;Bedrag\nKöln;1.234,56\nBonn;7,5\nAachen;12\nTrier;\n";
        let reader =
            CsvReader::from_bytes(csv.as_bytes().to_vec(), &CheckOptions::default()).unwrap();
        let t = &reader.inferred_types()[1];
        assert_eq!(
            (t.field_type, t.decimal_char),
            (FieldType::Number, Some(','))
        );
        let batch = reader.batches().unwrap().next().unwrap().unwrap();
        let values: Vec<Option<f64>> = batch
            .column(1)
            .as_primitive::<Float64Type>()
            .iter()
            .collect();
        assert_eq!(values, [Some(1234.56), Some(7.5), Some(12.0), None]);
    }
}
