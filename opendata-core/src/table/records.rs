//! The data cells of a checked CSV file, chunk by chunk, without building Arrow arrays.
//!
//! [`CsvReader`](super::CsvReader) turns every record into typed Arrow batches, which costs
//! more than a scan that only looks at each cell once. [`CsvRecords`] runs the same check
//! pass (so it knows the same layout and the same inferred types) and then hands out the
//! cells as text, exactly as the Arrow reader sees them before it parses them: the same
//! records skipped, short rows padded with nulls, missing values as nulls.

use std::path::Path;
use std::sync::Arc;

use arrow_schema::DataType;

use super::check::CheckOptions;
use super::checked::{next_data_record, CheckedCsv, DataReader, DataRows, MissingValues, Source};
use super::decode::utf8_text;
use super::profile::InferredType;
use super::reader::arrow_type;
use crate::error::TableError;
use crate::report::Report;

/// A checked CSV file whose data cells can be streamed as text.
///
/// ```
/// use opendata_core::table::records::CsvRecords;
/// use opendata_core::table::CheckOptions;
///
/// let csv = "id,name\n1,Ada\n2,NA\n";
/// let records = CsvRecords::from_bytes(csv.as_bytes().to_vec(), &CheckOptions::default())?;
/// assert_eq!(records.names(), ["id", "name"]);
/// let mut cells = Vec::new();
/// for chunk in records.chunks(1024)? {
///     let chunk = chunk?;
///     for row in 0..chunk.rows() {
///         cells.push(chunk.cell(row, 1).map(str::to_owned));
///     }
/// }
/// assert_eq!(cells, [Some("Ada".to_owned()), None]);
/// # Ok::<(), opendata_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct CsvRecords {
    checked: CheckedCsv,
}

impl CsvRecords {
    /// Opens and checks a CSV file.
    pub fn from_path(path: impl AsRef<Path>, options: &CheckOptions) -> Result<Self, crate::Error> {
        Self::open(Source::Path(path.as_ref().to_owned()), options)
    }

    /// Checks a CSV held in memory.
    pub fn from_bytes(
        bytes: impl Into<Arc<[u8]>>,
        options: &CheckOptions,
    ) -> Result<Self, crate::Error> {
        Self::open(Source::Bytes(bytes.into()), options)
    }

    fn open(source: Source, options: &CheckOptions) -> Result<Self, crate::Error> {
        Ok(Self {
            checked: CheckedCsv::check(source, options, &mut |_| {})?,
        })
    }

    /// The structural check of the file.
    pub fn report(&self) -> &Report {
        &self.checked.report
    }

    /// The column names (empty when the file is not a table).
    pub fn names(&self) -> &[String] {
        self.checked.layout.as_ref().map_or(&[], |l| &l.names)
    }

    /// The inferred type of each column.
    pub fn inferred_types(&self) -> &[InferredType] {
        self.checked.inferred_types()
    }

    /// The Arrow type [`CsvReader`](super::CsvReader) gives each column.
    pub fn arrow_types(&self) -> Vec<DataType> {
        self.inferred_types().iter().map(arrow_type).collect()
    }

    /// Streams the data rows in chunks of at most `rows` rows (at least one). Blank rows are
    /// skipped; short rows are padded with nulls and extra cells dropped.
    pub fn chunks(&self, rows: usize) -> Result<RecordChunks, crate::Error> {
        let (reader, layout) = self.checked.reopen()?;
        Ok(RecordChunks {
            reader,
            record: csv::ByteRecord::new(),
            data: DataRows::of(layout),
            width: layout.names.len(),
            missing: MissingValues::new(&self.checked.options.missing_values),
            rows: rows.max(1),
            done: false,
            spare: Vec::new(),
            last_text_len: 0,
        })
    }
}

/// A cell of a chunk that is null.
const NULL: (u32, u32) = (u32::MAX, u32::MAX);
/// A chunk ends early once its text reaches this size, so offsets fit in `u32`.
const CHUNK_TEXT_LIMIT: usize = 64 * 1024 * 1024;

/// Rows of text cells, `width` per row.
#[derive(Debug, Clone, Default)]
pub struct RecordChunk {
    text: String,
    cells: Vec<(u32, u32)>,
    width: usize,
}

impl RecordChunk {
    /// Rows in the chunk.
    pub fn rows(&self) -> usize {
        self.cells.len().checked_div(self.width).unwrap_or(0)
    }

    /// Columns per row.
    pub fn width(&self) -> usize {
        self.width
    }

    /// The cell at `row` and `column`; `None` for a null (missing value, short row) or a
    /// position outside the chunk.
    pub fn cell(&self, row: usize, column: usize) -> Option<&str> {
        if column >= self.width {
            return None;
        }
        let &(start, end) = self.cells.get(row * self.width + column)?;
        if (start, end) == NULL {
            return None;
        }
        self.text.get(start as usize..end as usize)
    }
}

/// The chunks of a [`CsvRecords`], in file order.
pub struct RecordChunks {
    reader: DataReader,
    record: csv::ByteRecord,
    data: DataRows,
    width: usize,
    missing: MissingValues,
    rows: usize,
    done: bool,
    /// Chunks given back, whose buffers the next chunks are read into.
    spare: Vec<RecordChunk>,
    /// The text length of the last chunk read: a fresh chunk's text starts at that
    /// capacity instead of growing to it by copies.
    last_text_len: usize,
}

impl RecordChunks {
    /// Gives a chunk the caller is done with back, so that a later chunk is read into its
    /// buffers: a fresh chunk of some megabytes costs the kernel a page fault and a
    /// cleared page per 4 kB, and its text grows by copies.
    pub fn recycle(&mut self, mut chunk: RecordChunk) {
        // Two spare chunks are enough for a reader a chunk or two ahead of its scanners.
        if self.spare.len() < 2 {
            chunk.text.clear();
            chunk.cells.clear();
            chunk.width = self.width;
            self.spare.push(chunk);
        }
    }

    fn next_chunk(&mut self) -> Result<Option<RecordChunk>, crate::Error> {
        let mut chunk = self.spare.pop().unwrap_or_else(|| RecordChunk {
            text: String::with_capacity(self.last_text_len + self.last_text_len / 8),
            cells: Vec::with_capacity(self.rows.min(1 << 16) * self.width),
            width: self.width,
        });
        let mut rows = 0;
        while rows < self.rows && chunk.text.len() < CHUNK_TEXT_LIMIT {
            if !next_data_record(&mut self.reader, &mut self.record, &mut self.data)? {
                self.done = true;
                break;
            }
            // One UTF-8 validation per record. The decoder's output is UTF-8; a lossy copy
            // is made only where the file's own bytes were not.
            let base = chunk.text.len();
            let whole = utf8_text(self.record.as_slice());
            if let Some(whole) = whole {
                chunk.text.push_str(whole);
            }
            for i in 0..self.width {
                let (Some(bytes), Some(range)) = (self.record.get(i), self.record.range(i)) else {
                    chunk.cells.push(NULL);
                    continue;
                };
                let whole_field = whole.and_then(|w| w.get(range.clone()));
                let (start, end) = if whole_field.is_some() {
                    (base + range.start, base + range.end)
                } else {
                    let start = chunk.text.len();
                    chunk.text.push_str(&String::from_utf8_lossy(bytes));
                    (start, chunk.text.len())
                };
                let cell = chunk.text.get(start..end).unwrap_or("");
                if self.missing.contains(cell) {
                    chunk.cells.push(NULL);
                    continue;
                }
                let (Ok(s), Ok(e)) = (u32::try_from(start), u32::try_from(end)) else {
                    return Err(TableError::Io(std::io::Error::other(
                        "a chunk of records is larger than 4 GB",
                    ))
                    .into());
                };
                chunk.cells.push((s, e));
            }
            rows += 1;
        }
        self.last_text_len = chunk.text.len();
        Ok((rows > 0).then_some(chunk))
    }
}

impl Iterator for RecordChunks {
    type Item = Result<RecordChunk, crate::Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.next_chunk().transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::CsvReader;
    use arrow_array::cast::AsArray;
    use arrow_array::Array;

    #[test]
    fn a_recycled_chunk_reads_as_a_fresh_one() {
        let mut csv = String::from("id,note\n");
        for i in 0..50 {
            // Notes of varying length, so a recycled buffer holds longer old text.
            csv.push_str(&format!("{i},{}\n", "x".repeat((i * 7) % 23)));
        }
        let records = CsvRecords::from_bytes(csv.into_bytes(), &CheckOptions::default()).unwrap();
        let read = |recycle: bool| {
            let mut chunks = records.chunks(7).unwrap();
            let mut cells = Vec::new();
            while let Some(chunk) = chunks.next() {
                let chunk = chunk.unwrap();
                for row in 0..chunk.rows() {
                    for column in 0..chunk.width() {
                        cells.push(chunk.cell(row, column).map(str::to_owned));
                    }
                }
                if recycle {
                    chunks.recycle(chunk);
                }
            }
            cells
        };
        let fresh = read(false);
        assert_eq!(fresh.len(), 100);
        assert_eq!(read(true), fresh);
    }

    #[test]
    fn cells_are_what_the_arrow_reader_reads() {
        let csv = "Title of the table\n\nid,name,born,note\n1,Ada,1990-05-01,x\n\n2,NA,1985-12-24\n3,Bob,,\"a, b\"\n";
        let options = CheckOptions::default();
        let reader = CsvReader::from_bytes(csv.as_bytes().to_vec(), &options).unwrap();
        let records = CsvRecords::from_bytes(csv.as_bytes().to_vec(), &options).unwrap();
        let schema = reader.schema();
        assert_eq!(
            records.names(),
            schema
                .fields()
                .iter()
                .map(|f| f.name().clone())
                .collect::<Vec<_>>()
        );
        assert_eq!(
            records.arrow_types(),
            schema
                .fields()
                .iter()
                .map(|f| f.data_type().clone())
                .collect::<Vec<_>>()
        );
        let batches: Vec<_> = reader.batches().unwrap().map(|b| b.unwrap()).collect();
        let chunks: Vec<_> = records.chunks(2).unwrap().map(|c| c.unwrap()).collect();
        let rows: usize = chunks.iter().map(RecordChunk::rows).sum();
        assert_eq!(rows, batches.iter().map(|b| b.num_rows()).sum::<usize>());
        let names: Vec<Option<&str>> = chunks
            .iter()
            .flat_map(|c| (0..c.rows()).map(move |r| c.cell(r, 1)))
            .collect();
        let arrow_names: Vec<Option<&str>> = batches
            .iter()
            .flat_map(|b| b.column(1).as_string::<i32>().iter())
            .collect();
        assert_eq!(names, arrow_names);
        let notes: Vec<Option<&str>> = chunks
            .iter()
            .flat_map(|c| (0..c.rows()).map(move |r| c.cell(r, 3)))
            .collect();
        assert_eq!(notes, [Some("x"), None, Some("a, b")]);
        assert_eq!(batches[0].column(3).null_count(), 1);
    }

    #[test]
    fn not_a_table_is_an_error() {
        let records = CsvRecords::from_bytes(Vec::new(), &CheckOptions::default()).unwrap();
        assert!(records.chunks(10).is_err());
    }
}
