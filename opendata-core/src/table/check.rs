//! The check pass: one streaming read that finds every structural problem and learns each
//! column's type.

use std::collections::{HashMap, VecDeque};
use std::io::Read;
use std::sync::mpsc::{channel, sync_channel, Receiver, SyncSender};
use std::thread::{Scope, ScopedJoinHandle};

use encoding_rs::UTF_8;
use serde::{Deserialize, Serialize};

use super::checked::MissingValues;
use super::codes;
use super::decode::{encoding_for_label, guess_encoding, utf8_text, DecodeReader, EncodingGuess};
use super::parse::{ChunkParser, ChunkRecord, RecordChunk};
use super::profile::{
    header_cell_looks_like_value, header_means_year, CellShapes, ColumnProfile, InferredType,
};
use super::scan::{Abort, RawEvent, RawScanner};
use super::schema::{Field, SchemaValidator, TableSchema};
use super::sniff::{sniff_delimiter, sniff_quote};
use super::types::FieldType;
use super::types::{
    has_thousands_separator, is_number_text, is_scientific_notation, parse_number,
    parse_written_number,
};
use crate::error::TableError;
use crate::report::{FindingSink, Location, Report, TableSummary};

/// How many bytes the sniffers look at before reading starts.
pub(crate) const SAMPLE_BYTES: usize = 64 * 1024;
/// Records held back at the start to find title rows above the header.
const LOOKAHEAD_RECORDS: usize = 32;
/// Progress is reported every this many records.
const PROGRESS_EVERY: u64 = 16 * 1024;

/// Options of [`check_csv`] and of reading a CSV into Arrow. Every field has a default; a
/// field that is set overrides the corresponding guess. Deserialises from JSON with the
/// same field names (unknown fields are refused).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct CheckOptions {
    /// Field delimiter; sniffed among `,` `;` tab `|` when not set.
    pub delimiter: Option<char>,
    /// Quote character; `"` unless the file quotes with `'` only.
    pub quote: Option<char>,
    /// Whether the file has a header row (after any title rows).
    pub header: bool,
    /// Encoding label (`utf-8`, `windows-1252`, `latin1`, `utf-16le`...); guessed when not set.
    pub encoding: Option<String>,
    /// Cell values that mean "no value". They are not type-checked and become nulls.
    pub missing_values: Vec<String>,
    /// At most this many findings of one code are kept; the rest are counted in `omitted`.
    pub max_findings_per_code: usize,
    /// A cell larger than this many bytes stops reading with `cell-too-large`.
    pub max_cell_bytes: u64,
    /// A record with more cells than this stops reading with `too-many-columns`.
    pub max_columns: usize,
    /// Rows per Arrow record batch when the table is read.
    pub batch_size: usize,
    /// A Frictionless Table Schema every row is validated against (`type-error`,
    /// `constraint-error`, `unique-error`, `primary-key`, label checks...).
    pub schema: Option<TableSchema>,
    /// Check cells on a second thread while the next records are parsed, when the platform
    /// has threads and the input is larger than the sniffing sample. The report is the same
    /// either way; turn it off to keep a check on the calling thread.
    pub parallel: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self {
            delimiter: None,
            quote: None,
            header: true,
            encoding: None,
            missing_values: ["", "NA", "N/A", "n/a", "null", "-"]
                .map(str::to_owned)
                .to_vec(),
            max_findings_per_code: 100,
            max_cell_bytes: 16 * 1024 * 1024,
            max_columns: 16_384,
            batch_size: 64 * 1024,
            schema: None,
            parallel: true,
        }
    }
}

/// How far a long read has got, given to a progress callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Progress {
    /// Bytes read so far (of the decoded text).
    pub bytes: u64,
    /// Records read so far.
    pub rows: u64,
}

fn ascii_option(option: &'static str, c: char) -> Result<u8, TableError> {
    if c.is_ascii() && c != '\n' && c != '\r' {
        Ok(c as u8)
    } else {
        Err(TableError::InvalidOption {
            option,
            reason: format!("{c:?} is not a single ASCII character other than a line break"),
        })
    }
}

/// Reads up to `SAMPLE_BYTES` bytes; returns them and whether that was the whole input.
pub(crate) fn read_sample<R: Read>(reader: &mut R) -> Result<(Vec<u8>, bool), TableError> {
    let mut sample = Vec::with_capacity(SAMPLE_BYTES);
    reader
        .by_ref()
        .take(SAMPLE_BYTES as u64)
        .read_to_end(&mut sample)?;
    let complete = sample.len() < SAMPLE_BYTES;
    Ok((sample, complete))
}

fn display_delimiter(d: u8) -> String {
    match d {
        b'\t' => "tab".to_owned(),
        _ => format!("'{}'", d as char),
    }
}

/// Everything decided before the first record is parsed.
#[derive(Debug, Clone)]
pub(crate) struct Dialect {
    pub guess: EncodingGuess,
    pub delimiter: u8,
    pub quote: u8,
}

impl Dialect {
    /// A CSV parser over the decoded stream with this dialect.
    pub(crate) fn csv_reader<R: Read>(&self, reader: R) -> csv::Reader<R> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(self.delimiter)
            .quote(self.quote)
            .buffer_capacity(SAMPLE_BYTES)
            .from_reader(reader)
    }

    /// The same parser without its buffer, for the check pass (`csv` builds its reader
    /// on this one with the same settings).
    pub(crate) fn csv_core_reader(&self) -> csv_core::Reader {
        csv_core::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .quote(self.quote)
            .build()
    }
}

/// What the check pass knows at the end, for readers that go on to build Arrow data.
#[derive(Debug, Clone)]
pub(crate) struct CheckOutcome {
    pub report: Report,
    /// `None` when the file cannot be read as a table at all (empty, binary, stopped early).
    pub layout: Option<Layout>,
}

/// The shape of a readable table.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub dialect: Dialect,
    /// Records before the first data record (title rows and the header).
    pub skip_records: u64,
    /// Data records after them, blank ones not counted (notes below the table are no data).
    pub data_rows: u64,
    pub names: Vec<String>,
    pub types: Vec<InferredType>,
}

/// Checks the structure of a CSV file read from `reader`.
///
/// The input is streamed: memory stays bounded by the longest record, whatever the file
/// size. Problems in the data come back as findings in the [`Report`]; an `Err` means the
/// input could not be read at all or an option is invalid.
///
/// ```
/// use opendata_core::table::{check_csv, CheckOptions};
///
/// let report = check_csv("a;b\n1;2\n\n3;4\n".as_bytes(), &CheckOptions::default())?;
/// let codes: Vec<_> = report.findings.iter().map(|f| f.code.as_str()).collect();
/// assert_eq!(codes, ["non-comma-delimiter", "blank-row"]);
/// assert_eq!(report.findings[1].location.row, Some(3));
/// # Ok::<(), opendata_core::Error>(())
/// ```
pub fn check_csv<R: Read>(reader: R, options: &CheckOptions) -> Result<Report, crate::Error> {
    Ok(run_check(reader, options, &mut |_| {})?.report)
}

/// [`check_csv`] with a callback told how far the read has got, every few thousand rows.
pub fn check_csv_with_progress<R: Read>(
    reader: R,
    options: &CheckOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Report, crate::Error> {
    Ok(run_check(reader, options, progress)?.report)
}

/// Decides encoding and dialect from the sample; `Err(report)` when there is no table.
pub(crate) fn prepare(
    sample: &[u8],
    sample_is_all: bool,
    options: &CheckOptions,
    sink: &mut FindingSink,
    summary: &mut TableSummary,
) -> Result<Option<Dialect>, TableError> {
    let forced_quote = options
        .quote
        .map(|q| ascii_option("quote", q))
        .transpose()?;
    let forced_delimiter = options
        .delimiter
        .map(|d| ascii_option("delimiter", d))
        .transpose()?;
    if forced_delimiter.is_some() && forced_delimiter == forced_quote {
        return Err(TableError::InvalidOption {
            option: "delimiter",
            reason: "the delimiter and the quote character are the same".to_owned(),
        });
    }
    let forced_encoding = match &options.encoding {
        Some(label) => {
            Some(
                encoding_for_label(label).ok_or_else(|| TableError::InvalidOption {
                    option: "encoding",
                    reason: format!("`{label}` is not an encoding label this reader knows"),
                })?,
            )
        }
        None => None,
    };
    if sample.is_empty() {
        sink.push(
            &codes::EMPTY_FILE,
            Location::file(),
            "the file is empty (0 bytes)",
        );
        return Ok(None);
    }
    let guess = guess_encoding(sample, sample_is_all, forced_encoding);
    summary.encoding = guess.encoding.name().to_owned();
    if guess.binary {
        let at = sample.iter().position(|&b| b == 0).unwrap_or(0) as u64;
        sink.push(
            &codes::BINARY_FILE,
            Location::byte(at),
            format!("NUL byte at offset {at}: this is a binary file, not CSV text"),
        );
        return Ok(None);
    }
    if guess.bom_len > 0 && guess.encoding == UTF_8 {
        sink.push(
            &codes::UTF8_BOM,
            Location::byte(0),
            "the file starts with a UTF-8 byte-order mark (EF BB BF)",
        );
    }
    if guess.encoding != UTF_8 {
        let location = if guess.bom_len > 0 {
            Location::byte(0)
        } else {
            guess.first_non_utf8.map(Location::byte).unwrap_or_default()
        };
        let why = match (guess.bom_len, guess.first_non_utf8) {
            (n, _) if n > 0 => "its byte-order mark says so".to_owned(),
            (_, Some(at)) => format!("the bytes at offset {at} are not UTF-8"),
            _ => "the encoding option says so".to_owned(),
        };
        sink.push(
            &codes::NON_UTF8_ENCODING,
            location,
            format!(
                "the file is not UTF-8 and was read as {} ({why})",
                guess.encoding.name()
            ),
        );
    }
    let decoded_sample = guess
        .encoding
        .decode_without_bom_handling(&sample[guess.bom_len..])
        .0;
    let quote = forced_quote.unwrap_or_else(|| sniff_quote(decoded_sample.as_bytes()));
    let delimiter = forced_delimiter
        .unwrap_or_else(|| sniff_delimiter(decoded_sample.as_bytes(), quote, sample_is_all));
    if delimiter == quote {
        return Err(TableError::InvalidOption {
            option: "quote",
            reason: "the quote character is the file's delimiter".to_owned(),
        });
    }
    summary.delimiter = (delimiter as char).to_string();
    if delimiter != b',' {
        sink.push(
            &codes::NON_COMMA_DELIMITER,
            Location::file(),
            format!("fields are separated by {}", display_delimiter(delimiter)),
        );
    }
    Ok(Some(Dialect {
        guess,
        delimiter,
        quote,
    }))
}

/// Whether a record is Excel's delimiter directive, `sep=;` (its delimiter, when it is the
/// file's, parts it from the `sep=` before it).
fn is_excel_sep_line(record: &csv::ByteRecord) -> bool {
    let mut cells = record.iter();
    let first = cells.next().unwrap_or_default();
    first.len() <= 5
        && first
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case(b"sep="))
        && cells.all(<[u8]>::is_empty)
}

/// Rows under the table that may be its totals and notes, at most: a longer run of
/// one-cell rows is data of a sparse table.
const MAX_TRAILER_ROWS: usize = 10;

/// What a row under the table that is no data is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trailer {
    /// `Source: ONS`, `* provisional`: words in the first cell, nothing in the others,
    /// below an empty row.
    Note,
    /// `Total,,2221.56`: a first filled cell that is a word for total, and a number, after
    /// at least one data row.
    Total,
}

/// Words that open a totals row, in the languages of the rules' header hints.
const TOTAL_WORDS: [&str; 16] = [
    "total",
    "totals",
    "grand total",
    "overall total",
    "sum",
    "gesamt",
    "insgesamt",
    "summe",
    "totale",
    "totaal",
    "totalt",
    "i alt",
    "yhteensä",
    "razem",
    "suma",
    "cyfanswm",
];

impl Trailer {
    /// What the record is when it is no data row; a note only `after_gap` (an empty row
    /// or another such row above it).
    fn of(record: &ChunkRecord, bytes: &[u8], after_gap: bool) -> Option<Self> {
        // Runs on every data row: a short first cell is read, and nothing is allocated.
        let text = |r: std::ops::Range<usize>| {
            std::str::from_utf8(bytes.get(r).unwrap_or_default()).unwrap_or("")
        };
        let mut fields = record.fields();
        // Most rows start with a filled cell that is no totals word (too long, or not a
        // letter first), and only a totals row may come without a gap above it.
        let first_bytes = bytes
            .get(record.fields().next()?)
            .unwrap_or_default()
            .trim_ascii();
        if !after_gap
            && !first_bytes.is_empty()
            && (first_bytes.len() > LONGEST_TOTAL_WORD + 1
                || !first_bytes.first().is_some_and(u8::is_ascii_alphabetic))
        {
            return None;
        }
        let mut first_is_first_cell = true;
        let first = loop {
            let cell = text(fields.next()?);
            if !cell.trim().is_empty() {
                break cell.trim();
            }
            first_is_first_cell = false;
        };
        // The word alone: `Total Recall` is a film, `Sum` a name.
        let word = first.trim_end_matches(':').trim_end();
        if word.len() <= LONGEST_TOTAL_WORD
            && TOTAL_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
            && fields.clone().any(|r| {
                bytes
                    .get(r)
                    .is_some_and(|c| c.iter().any(u8::is_ascii_digit))
            })
        {
            return Some(Trailer::Total);
        }
        (after_gap
            && first_is_first_cell
            && fields.all(|r| r.is_empty())
            && first.chars().any(char::is_alphabetic)
            && !is_number_text(first))
        .then_some(Trailer::Note)
    }
}

/// The length in bytes of the longest of [`TOTAL_WORDS`].
const LONGEST_TOTAL_WORD: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < TOTAL_WORDS.len() {
        if TOTAL_WORDS[i].len() > longest {
            longest = TOTAL_WORDS[i].len();
        }
        i += 1;
    }
    longest
};

/// Adds a record held back as a possible note or totals row to the data: its width
/// checked against `(expected cells, whether they are the header's)`, the chunk handed to
/// the cell checks when full.
fn push_held_row(
    chunk: &mut RecordChunk,
    stage: &mut Option<CellStage>,
    sink: &mut FindingSink,
    row: u64,
    record: &csv::ByteRecord,
    (expected, has_header): (Option<usize>, bool),
) {
    chunk.push(row, record);
    check_width(sink, row, record.len(), expected, has_header);
    if chunk.is_full() {
        if let Some(stage) = stage.as_mut() {
            stage.submit(chunk, sink);
        }
    }
}

/// A ragged-row finding when a row's cell count differs from the expected one (the
/// header's, or the first row's in a file without one).
fn check_width(
    sink: &mut FindingSink,
    row: u64,
    cells: usize,
    expected: Option<usize>,
    has_header: bool,
) {
    let against = if has_header {
        "header has"
    } else {
        "first row has"
    };
    if let Some(expected) = expected {
        if cells != expected {
            sink.push_with(&codes::RAGGED_ROW, Location::row(row), || {
                let noun = if cells == 1 { "cell" } else { "cells" };
                format!("row {row}: {cells} {noun}, {against} {expected}")
            });
        }
    }
}

/// Leading records that are not the header: Excel's `sep=` line first, if there, then
/// titles or notes above the header (at most one non-empty cell while the table below is
/// wider, or as wide when the row below them names every column). Returns how many there
/// are and whether the first is a `sep=` line.
fn count_title_rows(records: &VecDeque<csv::ByteRecord>) -> (usize, bool) {
    let sep_line = records.front().is_some_and(is_excel_sep_line);
    let records: Vec<&csv::ByteRecord> = records.iter().skip(usize::from(sep_line)).collect();
    let titles = || {
        if records.len() < 3 {
            return 0;
        }
        let mut widths: HashMap<usize, usize> = HashMap::new();
        for r in records.iter().skip(1) {
            *widths.entry(r.len()).or_insert(0) += 1;
        }
        let modal = widths
            .iter()
            .max_by_key(|(w, n)| (**n, **w))
            .map_or(0, |(w, _)| *w);
        if modal < 2 {
            return 0;
        }
        let filled = |r: &csv::ByteRecord| r.iter().filter(|c| !c.is_empty()).count();
        let leading = |width_fits: &dyn Fn(usize) -> bool| {
            records
                .iter()
                .take(records.len() - 2)
                .take_while(|r| width_fits(r.len()) && filled(r) <= 1)
                .count()
        };
        let narrow = leading(&|width| width < modal);
        if narrow > 0 {
            return narrow;
        }
        // Excel pads every row to the table's width (`Table 1: Spend,,,` and `,,,`), so a
        // padded title is as wide as the header. It shows by the empty row Excel users
        // leave under a title, and by the row below, which names every column and holds no
        // number, as a header does: `Region,,,` above `North,a,b,c` is a header with
        // unnamed columns, not a title.
        let padded = leading(&|width| width == modal);
        let spaced = records.iter().take(padded).any(|r| filled(r) == 0);
        let names_every_column = records.get(padded).is_some_and(|r| {
            r.len() == modal
                && filled(r) == modal
                && r.iter()
                    .all(|c| !std::str::from_utf8(c).is_ok_and(|c| is_number_text(c.trim())))
        });
        if spaced && names_every_column {
            padded
        } else {
            0
        }
    };
    (usize::from(sep_line) + titles(), sep_line)
}

/// The per-cell checks and the column profiles of the data rows. Shared with the Arrow
/// check (`arrow_check`), which feeds it the text of typed cells.
pub(super) struct CellChecks {
    names: Vec<String>,
    pub(super) validator: Option<SchemaValidator>,
    profiles: Vec<ColumnProfile>,
    missing: MissingValues,
}

impl CellChecks {
    pub(super) fn new(
        names: Vec<String>,
        missing: &[String],
        validator: Option<SchemaValidator>,
    ) -> Self {
        let profiles = vec![ColumnProfile::default(); names.len()];
        Self {
            names,
            validator,
            profiles,
            missing: MissingValues::new(missing),
        }
    }

    fn location(&self, row: u64, column: usize) -> Location {
        Location::row(row).with_column(
            column as u64 + 1,
            self.names.get(column).map(String::as_str),
        )
    }

    /// Checks and profiles the data records of a chunk.
    pub(super) fn chunk(&mut self, chunk: &RecordChunk, sink: &mut FindingSink) {
        // One control-character scan and one UTF-8 validation for the whole chunk are
        // cheaper than one per record or cell. A branch-free fold over 64-byte pieces
        // vectorises; most chunks have no byte below 0x20 at all.
        let maybe_control = chunk.bytes().chunks(64).any(|piece| {
            piece
                .iter()
                .fold(false, |seen, &b| seen | (b < 0x20) | (b == 0x7f))
        });
        // The text of the chunk when every field of it is text: valid UTF-8 with each field
        // boundary on a character boundary. Otherwise the lossy copies are for bytes the
        // decoder already reported as invalid.
        let text = utf8_text(chunk.bytes()).filter(|text| {
            chunk
                .field_ends()
                .iter()
                .all(|&end| text.is_char_boundary(end))
        });
        for record in chunk.records() {
            let bytes = &chunk.bytes()[record.bytes.clone()];
            let has_control = maybe_control && bytes.iter().any(|&b| is_control(b));
            if let Some(text) = text {
                let fields = record
                    .fields()
                    .map(|range| text.get(range).unwrap_or_default());
                self.cells(record.row, fields, has_control, sink);
            } else {
                let lossy: Vec<_> = record
                    .fields()
                    .map(|range| String::from_utf8_lossy(&chunk.bytes()[range]))
                    .collect();
                self.cells(
                    record.row,
                    lossy.iter().map(|c| c.as_ref()),
                    has_control,
                    sink,
                );
            }
        }
    }

    fn cells<'a>(
        &mut self,
        row: u64,
        record: impl Iterator<Item = &'a str> + Clone,
        has_control: bool,
        sink: &mut FindingSink,
    ) {
        if let Some(validator) = self.validator.as_mut() {
            let cells: Vec<&str> = record.clone().collect();
            validator.check_row(row, &cells, sink);
        }
        for (i, cell) in record.enumerate().take(self.names.len()) {
            if self.missing.contains(cell) {
                self.profiles[i].missing += 1;
                continue;
            }
            let shapes = self.profiles[i].add(row, cell);
            self.cell(row, i, cell, shapes, has_control, sink);
        }
    }

    fn cell(
        &self,
        row: u64,
        column: usize,
        cell: &str,
        shapes: CellShapes,
        has_control: bool,
        sink: &mut FindingSink,
    ) {
        let bytes = cell.as_bytes();
        let (first, last) = match (bytes.first(), bytes.last()) {
            (Some(f), Some(l)) => (*f, *l),
            _ => return,
        };
        if matches!(first, b' ' | b'\t') || matches!(last, b' ' | b'\t') {
            sink.push_lazy(&codes::WHITESPACE, || {
                let location = self.location(row, column);
                let message = format!(
                    "{}: the cell starts or ends with spaces",
                    location.describe()
                );
                (location, message)
            });
        }
        if has_control && bytes.iter().any(|&b| is_control(b)) {
            sink.push_lazy(&codes::CONTROL_CHARACTER, || {
                let location = self.location(row, column);
                let message = format!(
                    "{}: the cell holds a control character",
                    location.describe()
                );
                (location, message)
            });
        }
        if is_formula(cell) {
            sink.push_lazy(&codes::FORMULA_INJECTION, || {
                let location = self.location(row, column);
                let message = format!(
                    "{}: the cell starts with '{}' and would run as a spreadsheet formula",
                    location.describe(),
                    first as char
                );
                (location, message)
            });
        }
        // Spreadsheet damage shows in text cells (and in written numbers, which may group
        // thousands) and, for scientific notation, in numbers with an exponent; integers,
        // plain decimals and dates cannot have it.
        if first.is_ascii_digit()
            && (shapes.is_text()
                || shapes.is_written_number_only()
                || (shapes.is_number() && bytes.iter().any(|&b| b == b'e' || b == b'E')))
        {
            // One pass gathers what the spreadsheet-damage checks need.
            let (mut numberish, mut grouping, mut dots, mut exponent) = (true, false, 0, false);
            for &b in bytes {
                match b {
                    b'0'..=b'9' | b'-' => {}
                    // Commas and spaces, no-break ones included (UTF-8 C2 A0, E2 80 AF).
                    b',' | b' ' | 0xC2 | 0xA0 | 0xE2 | 0x80 | 0xAF => grouping = true,
                    b'.' => dots += 1,
                    b'e' | b'E' | b'+' => {
                        exponent = true;
                        numberish = false;
                    }
                    _ => numberish = false,
                }
            }
            if exponent && bytes.contains(&b'+') && is_scientific_notation(cell) {
                sink.push_lazy(&codes::SCIENTIFIC_NOTATION, || {
                    let location = self.location(row, column);
                    let message = format!(
                        "{}: {cell} is a number in scientific notation",
                        location.describe()
                    );
                    (location, message)
                });
            } else if numberish && (grouping || dots > 1) && has_thousands_separator(cell) {
                sink.push_lazy(&codes::THOUSANDS_SEPARATOR, || {
                    let location = self.location(row, column);
                    let message = format!(
                        "{}: the number is written with thousands separators",
                        location.describe()
                    );
                    (location, message)
                });
            }
        }
    }
}

/// Where data records are checked: on the parsing thread, or on a second core while the
/// parser reads on (the cell checks and profiles cost about as much as the parse itself).
/// Either way they go in chunks of the same size.
enum CellStage<'scope> {
    Inline(Box<CellChecks>),
    Worker {
        to_worker: SyncSender<RecordChunk>,
        returned: Receiver<RecordChunk>,
        handle: ScopedJoinHandle<'scope, (CellChecks, FindingSink)>,
    },
}

impl<'scope> CellStage<'scope> {
    /// Starts a worker thread for `checks` when `parallel` and the platform allows it.
    fn start<'env>(
        scope: &'scope Scope<'scope, 'env>,
        checks: CellChecks,
        parallel: bool,
        limit_per_code: usize,
    ) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        if !parallel || cores < 2 {
            return Self::Inline(Box::new(checks));
        }
        // The checks travel through a channel so that they stay here if no thread starts.
        let (hand_over, take_over) = sync_channel::<CellChecks>(1);
        let (to_worker, from_parser) = sync_channel::<RecordChunk>(4);
        let (give_back, returned) = channel::<RecordChunk>();
        let spawned = std::thread::Builder::new()
            .name("opendata-cell-checks".into())
            .spawn_scoped(scope, move || {
                let mut sink = FindingSink::new(limit_per_code);
                let Ok(mut checks) = take_over.recv() else {
                    return (CellChecks::new(Vec::new(), &[], None), sink);
                };
                for mut chunk in from_parser {
                    checks.chunk(&chunk, &mut sink);
                    chunk.clear();
                    // The parser may have stopped listening; the chunk is then unneeded.
                    let _ = give_back.send(chunk);
                }
                (checks, sink)
            });
        match spawned {
            Ok(handle) => match hand_over.send(checks) {
                Ok(()) => Self::Worker {
                    to_worker,
                    returned,
                    handle,
                },
                // The thread is gone before taking the checks: they come back in the error.
                Err(e) => Self::Inline(Box::new(e.0)),
            },
            Err(_) => Self::Inline(Box::new(checks)),
        }
    }

    /// Checks the records of `chunk`, here or on the worker, and leaves it empty.
    fn submit(&mut self, chunk: &mut RecordChunk, sink: &mut FindingSink) {
        match self {
            Self::Inline(checks) => {
                checks.chunk(chunk, sink);
                chunk.clear();
            }
            Self::Worker {
                to_worker,
                returned,
                ..
            } => {
                let empty = returned.try_recv().unwrap_or_default();
                let full = std::mem::replace(chunk, empty);
                // A send fails only if the worker died; `finish` reports that.
                let _ = to_worker.send(full);
            }
        }
    }

    /// Checks the last records, waits for the worker, merges its findings after the
    /// parser's and returns the checks.
    fn finish(mut self, mut chunk: RecordChunk, sink: &mut FindingSink) -> CellChecks {
        if !chunk.is_empty() {
            self.submit(&mut chunk, sink);
        }
        match self {
            Self::Inline(checks) => *checks,
            Self::Worker {
                to_worker, handle, ..
            } => {
                drop(to_worker);
                match handle.join() {
                    Ok((checks, worker_sink)) => {
                        sink.absorb(worker_sink);
                        checks
                    }
                    // The checks do not panic on any input; if they ever do, fail the same
                    // way the single-threaded check would.
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
        }
    }
}

/// The check's parser, with how reading ended: at the end of the input, or stopped by a
/// limit (`stopped`, also set when a record is too wide).
struct Input<R> {
    parser: ChunkParser<R>,
    ended: bool,
    stopped: bool,
}

impl<R: Read> Input<R> {
    /// Reads the next record into `chunk`; `false` once reading has ended. A cell over the
    /// size limit ends it, with its finding.
    fn next_into(
        &mut self,
        chunk: &mut RecordChunk,
        sink: &mut FindingSink,
        options: &CheckOptions,
    ) -> Result<bool, crate::Error> {
        if self.ended {
            return Ok(false);
        }
        match self.parser.read_record(chunk) {
            Ok(true) => return Ok(true),
            Ok(false) => {}
            Err(err) => {
                let Some(Abort::CellTooLarge { row, bytes }) = self.parser.scanner.abort else {
                    return Err(TableError::Io(err).into());
                };
                sink.push(
                    &codes::CELL_TOO_LARGE,
                    Location::row(row),
                    format!(
                        "row {row}: a cell is over {bytes} bytes (limit {}); reading stopped here",
                        options.max_cell_bytes
                    ),
                );
                self.stopped = true;
            }
        }
        self.ended = true;
        Ok(false)
    }
}

/// A control character other than tab and line breaks.
fn is_control(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f
}

/// A cell a spreadsheet would evaluate: `=` or `@` first, or `+` / `-` followed by
/// something that is neither a number nor a phone-number-like run of digits. Numbers
/// written with groups, a decimal comma or a currency sign (`-1,234.56`, `-12,5`,
/// `-£120.50`) are numbers to a spreadsheet too.
fn is_formula(cell: &str) -> bool {
    match cell.as_bytes() {
        [b'=' | b'@', _, ..] => true,
        [b'+' | b'-', rest @ ..] if !rest.is_empty() => {
            let number = parse_number(cell).is_some()
                || is_written_number(cell)
                // `-£120.50`: a sign before a currency sign.
                || (!matches!(rest[0], b'+' | b'-') && is_written_number(&cell[1..]));
            let phone_like = rest.iter().all(|b| {
                b.is_ascii_digit() || matches!(b, b' ' | b'(' | b')' | b'-' | b'.' | b'/')
            });
            !number && !phone_like
        }
        _ => false,
    }
}

/// Whether a spreadsheet reads `cell` as a number with either decimal mark.
fn is_written_number(cell: &str) -> bool {
    parse_written_number(cell, '.').is_some() || parse_written_number(cell, ',').is_some()
}

/// The sink and the schema validator every check starts with; a broken schema is refused
/// before any data is read.
pub(super) fn start_check(
    options: &CheckOptions,
) -> Result<(FindingSink, Option<SchemaValidator>), crate::Error> {
    let sink = FindingSink::new(options.max_findings_per_code.max(1));
    let validator = options
        .schema
        .as_ref()
        .map(SchemaValidator::new)
        .transpose()?;
    Ok((sink, validator))
}

pub(crate) fn run_check<R: Read>(
    mut reader: R,
    options: &CheckOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<CheckOutcome, crate::Error> {
    let (mut sink, mut validator) = start_check(options)?;
    let (sample, sample_is_all) = read_sample(&mut reader)?;
    let mut summary = TableSummary {
        header: options.header,
        bytes: sample.len() as u64,
        ..TableSummary::default()
    };
    let Some(dialect) = prepare(&sample, sample_is_all, options, &mut sink, &mut summary)? else {
        return Ok(CheckOutcome {
            report: sink.into_report(Some(summary)),
            layout: None,
        });
    };

    std::thread::scope(|scope| {
        let decoded = DecodeReader::new(reader, sample, sample_is_all, &dialect.guess);
        let mut input = Input {
            parser: ChunkParser::new(
                decoded,
                RawScanner::new(dialect.delimiter, dialect.quote, options.max_cell_bytes),
                dialect.csv_core_reader(),
            ),
            ended: false,
            stopped: false,
        };

        // Records held back at the start, to recognise title rows above the header.
        let mut held = VecDeque::new();
        let mut scratch = RecordChunk::default();
        while held.len() < LOOKAHEAD_RECORDS && input.next_into(&mut scratch, &mut sink, options)? {
            held.extend(scratch.last_as_byte_record());
            scratch.clear();
        }
        let (mut title_rows_left, mut sep_line) = if options.header {
            count_title_rows(&held)
        } else {
            (0, false)
        };
        // Every record goes into the chunk first; the ones that are not data leave again.
        let mut chunk = RecordChunk::default();
        let mut row: u64 = 0;
        let mut records: u64 = 0;
        let mut header_row: Option<(u64, Vec<String>)> = None;
        let mut expected_cells: Option<usize> = None;
        let mut stage: Option<CellStage> = None;
        let mut skip_records: u64 = 0;
        let mut data_rows: u64 = 0;
        // Rows that may be a totals row or notes under the table (`Source: ...` below an
        // empty row), with their row numbers: data if a data row follows them, what they
        // look like if the file ends.
        let mut trailer: Vec<(u64, csv::ByteRecord, Trailer)> = Vec::new();
        let mut after_blank = false;

        loop {
            let more = match held.pop_front() {
                Some(record) => {
                    chunk.push(0, &record);
                    true
                }
                None => input.next_into(&mut chunk, &mut sink, options)?,
            };
            // Blank lines in a file with no record at all are just an empty file.
            let blank_rows_count = more || records > 0;
            let row_before_blank_lines = row;
            drain_events(
                &mut input.parser.scanner.events,
                &mut row,
                more,
                blank_rows_count,
                &mut sink,
            );
            if row > row_before_blank_lines && data_rows > 0 {
                after_blank = true;
            }
            if !more {
                break;
            }
            row += 1;
            records += 1;
            chunk.set_last_row(row);
            if records.is_multiple_of(PROGRESS_EVERY) {
                progress(Progress {
                    bytes: input.parser.position(),
                    rows: row,
                });
            }
            let Some((cells, blank)) = chunk.last().map(|r| (r.len(), r.is_blank())) else {
                continue;
            };
            if cells > options.max_columns {
                sink.push(
                    &codes::TOO_MANY_COLUMNS,
                    Location::row(row),
                    format!(
                        "row {row}: {cells} cells, more than the limit of {}; reading stopped here",
                        options.max_columns
                    ),
                );
                input.stopped = true;
                chunk.pop();
                break;
            }
            if title_rows_left > 0 {
                title_rows_left -= 1;
                skip_records += 1;
                if blank {
                    push_blank_row(&mut sink, row);
                } else if std::mem::take(&mut sep_line) {
                    sink.push(
                        &codes::EXCEL_SEP_LINE,
                        Location::row(row),
                        format!("row {row} is Excel's delimiter line, not the header"),
                    );
                } else {
                    sink.push(
                        &codes::TITLE_ROW,
                        Location::row(row),
                        format!("row {row} looks like a title or note above the header"),
                    );
                }
                chunk.pop();
                continue;
            }
            if expected_cells.is_none() {
                expected_cells = Some(cells);
                summary.columns = cells as u64;
                let names = if options.header {
                    skip_records += 1;
                    let header = chunk.last_as_byte_record().unwrap_or_default();
                    chunk.pop();
                    let names = check_header(&header, row, &mut sink);
                    header_row = Some((row, names.clone()));
                    if let Some(validator) = validator.as_mut() {
                        let labels: Vec<&str> = names.iter().map(String::as_str).collect();
                        validator.check_header(row, &labels, &mut sink);
                    }
                    names
                } else {
                    (1..=cells).map(|i| format!("column_{i}")).collect()
                };
                let checks = CellChecks::new(names, &options.missing_values, validator.take());
                // A file that fits in the sample is done before a thread would have started.
                let parallel = options.parallel && !sample_is_all;
                stage = Some(CellStage::start(
                    scope,
                    checks,
                    parallel,
                    sink.limit_per_code(),
                ));
                if options.header {
                    continue;
                }
            }
            if blank {
                push_blank_row(&mut sink, row);
                chunk.pop();
                after_blank = data_rows > 0;
                continue;
            }
            let table_is_wide = expected_cells.is_some_and(|w| w >= 2);
            let may_trail = table_is_wide && data_rows > 0 && trailer.len() < MAX_TRAILER_ROWS;
            let after_gap = after_blank || !trailer.is_empty();
            if let Some(kind) = chunk
                .last()
                .filter(|_| may_trail)
                .and_then(|r| Trailer::of(&r, chunk.bytes(), after_gap))
            {
                trailer.extend(chunk.last_as_byte_record().map(|r| (row, r, kind)));
                chunk.pop();
                continue;
            }
            after_blank = false;
            let has_header = header_row.is_some();
            if !trailer.is_empty() {
                // A data row follows: they were data, and go first, in file order.
                let current = chunk.last_as_byte_record().unwrap_or_default();
                chunk.pop();
                for (held_row, record, _) in trailer.drain(..) {
                    data_rows += 1;
                    let width = (expected_cells, has_header);
                    push_held_row(&mut chunk, &mut stage, &mut sink, held_row, &record, width);
                }
                chunk.push(row, &current);
            }
            data_rows += 1;
            check_width(&mut sink, row, cells, expected_cells, has_header);
            if chunk.is_full() {
                if let Some(stage) = stage.as_mut() {
                    stage.submit(&mut chunk, &mut sink);
                }
            }
        }

        // The file ended: notes are left out; a totals row stays data, since a published
        // table of counts keeps its margins (`opendata suppress` reads them).
        for (held_row, record, kind) in trailer {
            match kind {
                Trailer::Note => sink.push(
                    &codes::NOTE_ROW,
                    Location::row(held_row),
                    format!("row {held_row} looks like a note below the table, not data"),
                ),
                Trailer::Total => {
                    sink.push(
                        &codes::TOTAL_ROW,
                        Location::row(held_row),
                        format!("row {held_row} looks like the table's totals"),
                    );
                    data_rows += 1;
                    let width = (expected_cells, header_row.is_some());
                    push_held_row(&mut chunk, &mut stage, &mut sink, held_row, &record, width);
                }
            }
        }
        let mut checks = stage.map(|stage| stage.finish(chunk, &mut sink));
        let endings = input.parser.scanner.endings;
        let kinds: Vec<String> = [
            ("LF", endings.lf),
            ("CRLF", endings.crlf),
            ("CR", endings.cr),
        ]
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(name, n)| format!("{n} {name}"))
        .collect();
        if kinds.len() > 1 {
            sink.push(
                &codes::MIXED_LINE_ENDINGS,
                Location::file(),
                format!("line endings are mixed: {}", kinds.join(", ")),
            );
        }
        if let Some(at) = input.parser.decoder().first_invalid {
            sink.push(
                &codes::INVALID_ENCODING,
                Location::byte(at),
                format!(
                    "the bytes at offset {at} are not valid {}",
                    dialect.guess.encoding.name()
                ),
            );
        }
        if records == 0 {
            sink.push(
                &codes::EMPTY_FILE,
                Location::file(),
                "the file has no records, only line breaks",
            );
        } else if data_rows == 0 && !input.stopped {
            if let Some((row, _)) = &header_row {
                sink.push(
                    &codes::NO_DATA_ROWS,
                    Location::file(),
                    format!("the file has a header (row {row}) but no data rows"),
                );
            }
        }
        let types = checks
            .as_ref()
            .map(|c| column_findings(c, header_row.as_ref(), &mut sink))
            .unwrap_or_default();
        if let Some(validator) = checks.as_mut().and_then(|c| c.validator.take()) {
            validator.finish(&mut sink);
        }
        summary.rows = row;
        summary.bytes = input.parser.position().max(summary.bytes);
        progress(Progress {
            bytes: summary.bytes,
            rows: row,
        });
        let mut report = sink.into_report(Some(summary));
        // Scanner events and per-record findings interleave; present them in file order.
        report.findings.sort_by_key(|f| f.location.row.unwrap_or(0));
        let layout = (!input.stopped && records > 0).then(|| Layout {
            dialect,
            skip_records,
            data_rows,
            names: checks.map(|c| c.names).unwrap_or_default(),
            types,
        });
        Ok(CheckOutcome { report, layout })
    })
}

impl Layout {
    /// The Table Schema of the columns as inferred: it validates the file it came from.
    pub(crate) fn table_schema(&self, missing_values: &[String]) -> TableSchema {
        let fields = self
            .names
            .iter()
            .zip(&self.types)
            .map(|(name, t)| {
                let mut field = Field::new(name, t.field_type);
                if let Some(format) = t.format() {
                    field = field.with_format(format);
                }
                if let Some(c) = t.decimal_char {
                    field = field.with_decimal_char(c);
                }
                if let Some(c) = t.group_char {
                    field = field.with_group_char(c);
                }
                if t.with_unit {
                    field = field.with_bare_number(false);
                }
                if t.field_type == FieldType::Boolean {
                    // Inference reads true/false in any case; say so, the default lists fewer.
                    field = field
                        .with_boolean_values(["true", "True", "TRUE"], ["false", "False", "FALSE"]);
                }
                field
            })
            .collect();
        TableSchema::new(fields).with_missing_values(missing_values.iter().cloned())
    }
}

/// Checks a CSV and infers its Table Schema in the same pass. The schema is `None` when
/// the input is not a readable table (the report says why).
pub fn check_and_infer_schema<R: Read>(
    reader: R,
    options: &CheckOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<(Report, Option<TableSchema>), crate::Error> {
    let outcome = run_check(reader, options, progress)?;
    let schema = outcome
        .layout
        .map(|l| l.table_schema(&options.missing_values));
    Ok((outcome.report, schema))
}

/// Column-level findings at the end of the pass; returns the inferred types.
pub(super) fn column_findings(
    checks: &CellChecks,
    header: Option<&(u64, Vec<String>)>,
    sink: &mut FindingSink,
) -> Vec<InferredType> {
    let mut types = Vec::with_capacity(checks.profiles.len());
    for (i, profile) in checks.profiles.iter().enumerate() {
        let name = &checks.names[i];
        let inferred = profile.inferred(header.is_some() && header_means_year(name));
        let column_location = || Location::file().with_column(i as u64 + 1, Some(name));
        if let Some(kinds) = profile.date_formats_mixed() {
            sink.push(
                &codes::MIXED_DATE_FORMATS,
                column_location(),
                format!(
                    "column {} ({name}) has dates written as {}",
                    i + 1,
                    kinds.join(" and ")
                ),
            );
        }
        if let Some(inc) = profile.inconsistency(&inferred) {
            let rows: Vec<String> = inc.rows.iter().map(u64::to_string).collect();
            let more = if inc.differing > inc.rows.len() as u64 {
                ", ..."
            } else {
                ""
            };
            let mut location = column_location();
            location.row = inc.rows.first().copied();
            sink.push(
                &codes::INCONSISTENT_VALUES,
                location,
                format!(
                    "column {} ({name}): {:.1}% of values are {}, but {} differ (rows {}{more})",
                    i + 1,
                    inc.share * 100.0,
                    inc.mostly.as_str(),
                    inc.differing,
                    rows.join(", ")
                ),
            );
        }
        types.push(inferred);
    }
    if let Some((row, names)) = header {
        let typed: Vec<usize> = (0..types.len())
            .filter(|&i| types[i].field_type != super::types::FieldType::String)
            .collect();
        if !typed.is_empty()
            && typed
                .iter()
                .all(|&i| header_cell_looks_like_value(&names[i], &types[i]))
        {
            sink.push(
                &codes::HEADER_LOOKS_LIKE_DATA,
                Location::row(*row),
                format!("row {row}, taken as the header, holds values like the rows below it"),
            );
        }
    }
    types
}

/// The finding for an empty row: a blank line the parser skipped, or a record of empty
/// cells (`,,,`).
fn push_blank_row(sink: &mut FindingSink, row: u64) {
    sink.push(
        &codes::BLANK_ROW,
        Location::row(row),
        format!("row {row} is empty"),
    );
}

/// Turns the scanner's events up to the current record into findings, advancing `row`
/// over blank lines the parser skipped.
fn drain_events(
    events: &mut VecDeque<RawEvent>,
    row: &mut u64,
    more: bool,
    blank_rows_count: bool,
    sink: &mut FindingSink,
) {
    while let Some(event) = events.front() {
        match *event {
            RawEvent::BlankLine { row: r } if r <= *row + 1 || !more => {
                *row = (*row).max(r);
                if blank_rows_count {
                    push_blank_row(sink, r);
                }
            }
            RawEvent::StrayQuote { row: r, offset } if r <= *row + 1 || !more => {
                sink.push_with(&codes::STRAY_QUOTE, Location::row(r), || {
                    format!("row {r}: a quote inside an unquoted cell (decoded byte {offset})")
                });
            }
            RawEvent::UnclosedQuote { row: r, offset } if r <= *row + 1 || !more => {
                sink.push_with(&codes::UNCLOSED_QUOTE, Location::row(r), || {
                    format!(
                        "row {r}: the quoted cell opened at decoded byte {offset} is never closed"
                    )
                });
            }
            _ => break,
        }
        events.pop_front();
    }
}

pub(super) fn check_header(
    record: &csv::ByteRecord,
    row: u64,
    sink: &mut FindingSink,
) -> Vec<String> {
    let names: Vec<String> = record
        .iter()
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    let mut first_seen: HashMap<&str, usize> = HashMap::new();
    for (i, name) in names.iter().enumerate() {
        let column = i as u64 + 1;
        if name.trim().is_empty() {
            sink.push(
                &codes::BLANK_HEADER,
                Location::row(row).with_column(column, None),
                format!("column {column} has no name"),
            );
            continue;
        }
        if name.trim() != name {
            sink.push(
                &codes::HEADER_WHITESPACE,
                Location::row(row).with_column(column, Some(name)),
                format!("column {column} name \"{name}\" starts or ends with spaces"),
            );
        }
        if let Some(&first) = first_seen.get(name.as_str()) {
            sink.push(
                &codes::DUPLICATE_HEADER,
                Location::row(row).with_column(column, Some(name)),
                format!(
                    "column {column} is named \"{name}\", like column {}",
                    first + 1
                ),
            );
        } else {
            first_seen.insert(name, i);
        }
    }
    names
}
