//! The structural check of a CSV upload.

use std::collections::HashMap;
use std::io::Read;

use encoding_rs::UTF_8;
use serde::{Deserialize, Serialize};

use super::codes;
use super::decode::{encoding_for_label, guess_encoding, DecodeReader};
use super::scan::{Abort, RawEvent, RawScanner, ScanReader};
use super::sniff::sniff_delimiter;
use crate::error::TableError;
use crate::report::{FindingSink, Location, Report, TableSummary};

/// How many bytes the sniffers look at before reading starts.
const SAMPLE_BYTES: usize = 64 * 1024;

/// Options of [`check_csv`]. Every field has a default; a field that is set overrides the
/// corresponding guess. Deserialises from JSON with the same field names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct CheckOptions {
    /// Field delimiter; sniffed among `,` `;` tab `|` when not set.
    pub delimiter: Option<char>,
    /// Quote character.
    pub quote: char,
    /// Whether the first record is a header.
    pub header: bool,
    /// Encoding label (`utf-8`, `windows-1252`, `latin1`, `utf-16le`...); guessed when not set.
    pub encoding: Option<String>,
    /// At most this many findings of one code are kept; the rest are counted in `omitted`.
    pub max_findings_per_code: usize,
    /// A cell larger than this many bytes stops reading with `cell-too-large`.
    pub max_cell_bytes: u64,
    /// A record with more cells than this stops reading with `too-many-columns`.
    pub max_columns: usize,
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self {
            delimiter: None,
            quote: '"',
            header: true,
            encoding: None,
            max_findings_per_code: 100,
            max_cell_bytes: 16 * 1024 * 1024,
            max_columns: 16_384,
        }
    }
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
fn read_sample<R: Read>(reader: &mut R) -> Result<(Vec<u8>, bool), TableError> {
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
pub fn check_csv<R: Read>(mut reader: R, options: &CheckOptions) -> Result<Report, crate::Error> {
    let quote = ascii_option("quote", options.quote)?;
    let forced_delimiter = options
        .delimiter
        .map(|d| ascii_option("delimiter", d))
        .transpose()?;
    if forced_delimiter == Some(quote) {
        return Err(TableError::InvalidOption {
            option: "delimiter",
            reason: "the delimiter and the quote character are the same".to_owned(),
        }
        .into());
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
    let mut sink = FindingSink::new(options.max_findings_per_code.max(1));
    let (sample, sample_is_all) = read_sample(&mut reader)?;
    let mut summary = TableSummary {
        header: options.header,
        bytes: sample.len() as u64,
        ..TableSummary::default()
    };

    if sample.is_empty() {
        sink.push(
            &codes::EMPTY_FILE,
            Location::file(),
            "the file is empty (0 bytes)",
        );
        return Ok(sink.into_report(Some(summary)));
    }
    let guess = guess_encoding(&sample, sample_is_all, forced_encoding);
    summary.encoding = guess.encoding.name().to_owned();
    if guess.binary {
        let at = sample.iter().position(|&b| b == 0).unwrap_or(0) as u64;
        sink.push(
            &codes::BINARY_FILE,
            Location::byte(at),
            format!("NUL byte at offset {at}: this is a binary file, not CSV text"),
        );
        return Ok(sink.into_report(Some(summary)));
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

    let sniff_sample = guess
        .encoding
        .decode_without_bom_handling(&sample[guess.bom_len..])
        .0;
    let delimiter = forced_delimiter
        .unwrap_or_else(|| sniff_delimiter(sniff_sample.as_bytes(), quote, sample_is_all));
    if delimiter == quote {
        return Err(TableError::InvalidOption {
            option: "quote",
            reason: "the quote character is the file's delimiter".to_owned(),
        }
        .into());
    }
    summary.delimiter = (delimiter as char).to_string();
    if delimiter != b',' {
        sink.push(
            &codes::NON_COMMA_DELIMITER,
            Location::file(),
            format!("fields are separated by {}", display_delimiter(delimiter)),
        );
    }

    let decoded = DecodeReader::new(reader, sample, sample_is_all, &guess);
    let scanned = ScanReader::new(
        decoded,
        RawScanner::new(delimiter, quote, options.max_cell_bytes),
    );
    let mut csv_reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .quote(quote)
        .buffer_capacity(SAMPLE_BYTES)
        .from_reader(scanned);

    let mut record = csv::ByteRecord::new();
    let mut header: Option<Vec<String>> = None;
    let mut expected_cells: Option<usize> = None;
    let mut row: u64 = 0;
    let mut records: u64 = 0;
    loop {
        let more = match csv_reader.read_byte_record(&mut record) {
            Ok(more) => more,
            Err(err) => {
                if let Some(abort) = csv_reader.get_ref().scanner.abort {
                    let Abort::CellTooLarge { row, bytes } = abort;
                    sink.push(
                        &codes::CELL_TOO_LARGE,
                        Location::row(row),
                        format!(
                            "row {row}: a cell is over {bytes} bytes (limit {}); reading stopped here",
                            options.max_cell_bytes
                        ),
                    );
                    break;
                }
                return Err(match err.into_kind() {
                    csv::ErrorKind::Io(io) => TableError::Io(io),
                    other => TableError::Io(std::io::Error::other(format!("{other:?}"))),
                }
                .into());
            }
        };
        // Blank lines in a file with no record at all are just an empty file.
        let blank_rows_count = more || records > 0;
        drain_events(
            &mut csv_reader.get_mut().scanner.events,
            &mut row,
            more,
            blank_rows_count,
            &mut sink,
        );
        if !more {
            break;
        }
        row += 1;
        records += 1;
        if record.len() > options.max_columns {
            sink.push(
                &codes::TOO_MANY_COLUMNS,
                Location::row(row),
                format!(
                    "row {row}: {} cells, more than the limit of {}; reading stopped here",
                    record.len(),
                    options.max_columns
                ),
            );
            break;
        }
        if records == 1 {
            expected_cells = Some(record.len());
            summary.columns = record.len() as u64;
            if options.header {
                header = Some(check_header(&record, row, &mut sink));
                continue;
            }
        }
        if record.iter().all(<[u8]>::is_empty) {
            sink.push(
                &codes::BLANK_ROW,
                Location::row(row),
                format!("row {row} is empty"),
            );
            continue;
        }
        if let Some(expected) = expected_cells {
            if record.len() != expected {
                let found = record.len();
                let against = if header.is_some() {
                    "header has"
                } else {
                    "first row has"
                };
                sink.push_with(&codes::RAGGED_ROW, Location::row(row), || {
                    let cells = if found == 1 { "cell" } else { "cells" };
                    format!("row {row}: {found} {cells}, {against} {expected}")
                });
            }
        }
    }

    let scan_reader = csv_reader.get_ref();
    let endings = scan_reader.scanner.endings;
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
    if let Some(at) = scan_reader.inner().first_invalid {
        sink.push(
            &codes::INVALID_ENCODING,
            Location::byte(at),
            format!(
                "the bytes at offset {at} are not valid {}",
                guess.encoding.name()
            ),
        );
    }
    if records == 0 {
        sink.push(
            &codes::EMPTY_FILE,
            Location::file(),
            "the file has no records, only line breaks",
        );
    }
    summary.rows = row;
    summary.bytes = csv_reader.position().byte().max(summary.bytes);
    let mut report = sink.into_report(Some(summary));
    // Scanner events and per-record findings interleave; present them in file order.
    report.findings.sort_by_key(|f| f.location.row.unwrap_or(0));
    Ok(report)
}

/// Turns the scanner's events up to the current record into findings, advancing `row`
/// over blank lines the parser skipped.
fn drain_events(
    events: &mut std::collections::VecDeque<RawEvent>,
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
                    sink.push(
                        &codes::BLANK_ROW,
                        Location::row(r),
                        format!("row {r} is empty"),
                    );
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

fn check_header(record: &csv::ByteRecord, row: u64, sink: &mut FindingSink) -> Vec<String> {
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
