//! `opendata scan FILE`: which columns of a CSV file hold personal data.

use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use opendata::pii::{ColumnScanner, RuleSet, ScanOptions, ScanReport};
use serde::Serialize;

use super::{open_input, single_char, CliError, Format, Outcome};

/// Rows per Arrow batch: memory is bounded by the batch, not the file.
const BATCH_ROWS: usize = 65_536;

#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// The CSV file to scan (`-` reads standard input).
    file: PathBuf,
    /// A JSON rule file loaded beside the built-in rules (a rule with a built-in id
    /// replaces it).
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Field delimiter (sniffed among , ; tab | when not given). Use `\t` for tab.
    #[arg(long)]
    delimiter: Option<String>,
    /// A column gets a verdict from this confidence on (0..1).
    #[arg(long, default_value_t = 0.5)]
    min_confidence: f64,
    /// ... and when at least this share of its non-empty cells match (0..1).
    #[arg(long, default_value_t = 0.2)]
    min_share: f64,
}

/// The `--format json` output: the scan report with the file name.
#[derive(Serialize)]
struct JsonOutput<'a> {
    file: &'a str,
    #[serde(flatten)]
    report: &'a ScanReport,
}

pub fn scan(args: ScanArgs) -> Result<Outcome, CliError> {
    let name = args.file.display().to_string();
    let rules = match &args.rules {
        None => RuleSet::builtin(),
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| CliError::Input {
                path: path.display().to_string(),
                reason: e.to_string(),
            })?;
            RuleSet::builtin_with(&text)
        }
    }
    .map_err(opendata::Error::from)?;
    let mut options = ScanOptions::default();
    options.min_confidence = args.min_confidence;
    options.min_share = args.min_share;
    options.validate().map_err(opendata::Error::from)?;
    let delimiter = args
        .delimiter
        .as_deref()
        .map(|d| single_char("delimiter", d))
        .transpose()?;
    let input = open_input(&args.file)?;
    let mut scanner = ColumnScanner::new(&rules, &options);
    read_csv_batches(input, delimiter, &name, |batch| {
        scanner.update(&batch).map_err(opendata::Error::from)?;
        Ok(())
    })?;
    let report = scanner.finish();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match args.format {
        Format::Json => {
            let json = serde_json::to_string_pretty(&JsonOutput {
                file: &name,
                report: &report,
            })
            .unwrap_or_default();
            writeln!(out, "{json}")?;
        }
        Format::Text => write_text(&mut out, &name, &report)?,
    }
    let errors = report
        .findings
        .iter()
        .any(|f| f.severity == opendata::Severity::Error);
    Ok(if errors {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn write_text(out: &mut impl Write, name: &str, report: &ScanReport) -> io::Result<()> {
    let flagged = report.flagged().count();
    let quasi = report
        .columns
        .iter()
        .filter(|c| !c.quasi_identifiers.is_empty())
        .count();
    writeln!(
        out,
        "{name}: {} rows, {} columns; {flagged} hold personal data, {quasi} quasi-identifiers",
        report.rows,
        report.columns.len()
    )?;
    for c in &report.columns {
        let label = format!("{:>3} {}", c.index + 1, c.name);
        if let (Some(v), Some(best)) = (&c.verdict, c.candidates.first()) {
            writeln!(
                out,
                "  {label:<28} {v:<26} confidence {:.2}, {:.0}% of {} cells{}",
                c.confidence,
                best.share * 100.0,
                c.non_empty,
                if c.examples.is_empty() {
                    String::new()
                } else {
                    format!("  e.g. {}", c.examples.join(", "))
                }
            )?;
        } else if !c.quasi_identifiers.is_empty() {
            let kinds: Vec<&str> = c
                .quasi_identifiers
                .iter()
                .map(|q| q.kind.as_str())
                .collect();
            writeln!(out, "  {label:<28} quasi-identifier: {}", kinds.join(", "))?;
        } else if !c.text_entities.is_empty() {
            let list: Vec<String> = c
                .text_entities
                .iter()
                .map(|t| format!("{} in {} cells", t.entity, t.cells))
                .collect();
            writeln!(out, "  {label:<28} free text with {}", list.join(", "))?;
        } else {
            writeln!(out, "  {label:<28} -")?;
        }
    }
    if flagged == 0 {
        writeln!(out, "OK: no column holds personal data.")?;
    }
    Ok(())
}

fn input_error(name: &str, e: impl std::fmt::Display) -> CliError {
    CliError::Input {
        path: name.to_owned(),
        reason: e.to_string(),
    }
}

/// Guesses the delimiter from the first line: the most frequent of `,` `;` tab `|`
/// outside quotes.
fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    let mut counts = [0usize; 4];
    let candidates = [b',', b';', b'\t', b'|'];
    let mut quoted = false;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(i) = candidates.iter().position(|&c| c == b) {
                counts[i] += 1;
            }
        }
    }
    let best = (0..4).max_by_key(|&i| (counts[i], 4 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        candidates[best]
    }
}

/// Reads CSV into all-text Arrow batches of [`BATCH_ROWS`] rows and hands each to `sink`.
/// Short rows are padded with nulls, long rows cut to the header; bytes that are not UTF-8
/// are replaced (the structural check reports them).
fn read_csv_batches(
    mut input: Box<dyn Read>,
    delimiter: Option<char>,
    name: &str,
    mut sink: impl FnMut(RecordBatch) -> Result<(), CliError>,
) -> Result<(), CliError> {
    // Peek at the start for the delimiter and a byte-order mark, then chain it back.
    let mut head = vec![0u8; 64 * 1024];
    let mut filled = 0;
    while filled < head.len() {
        let n = input
            .read(&mut head[filled..])
            .map_err(|e| input_error(name, e))?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    head.truncate(filled);
    let start = if head.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let delimiter = match delimiter {
        Some(c) if c.is_ascii() => c as u8,
        Some(c) => {
            return Err(CliError::Usage(format!(
                "--delimiter must be an ASCII character, not {c:?}"
            )))
        }
        None => sniff_delimiter(&head[start..]),
    };
    let body = io::Cursor::new(head[start..].to_vec()).chain(input);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(body);
    let mut records = reader.byte_records();
    let header: Vec<String> = match records.next() {
        None => return Ok(()),
        Some(r) => r
            .map_err(|e| input_error(name, e))?
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let name = String::from_utf8_lossy(f).trim().to_owned();
                if name.is_empty() {
                    format!("column_{}", i + 1)
                } else {
                    name
                }
            })
            .collect(),
    };
    let schema = Arc::new(Schema::new(
        header
            .iter()
            .map(|h| Field::new(h, DataType::Utf8, true))
            .collect::<Vec<_>>(),
    ));
    let width = header.len();
    let mut columns: Vec<Vec<Option<String>>> = vec![Vec::with_capacity(BATCH_ROWS); width];
    let flush = |columns: &mut Vec<Vec<Option<String>>>,
                 sink: &mut dyn FnMut(RecordBatch) -> Result<(), CliError>|
     -> Result<(), CliError> {
        if columns.first().is_none_or(Vec::is_empty) {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = columns
            .iter_mut()
            .map(|c| Arc::new(StringArray::from(std::mem::take(c))) as ArrayRef)
            .collect();
        let batch = RecordBatch::try_new(schema.clone(), arrays)
            .map_err(|e| CliError::Usage(format!("could not build a batch: {e}")))?;
        sink(batch)
    };
    for record in records {
        let record = record.map_err(|e| input_error(name, e))?;
        for (i, column) in columns.iter_mut().enumerate() {
            column.push(
                record
                    .get(i)
                    .map(|f| String::from_utf8_lossy(f).into_owned()),
            );
        }
        if columns.first().is_some_and(|c| c.len() >= BATCH_ROWS) {
            flush(&mut columns, &mut sink)?;
        }
    }
    flush(&mut columns, &mut sink)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1;2;3"), b';');
        assert_eq!(sniff_delimiter(b"\"a,b\";c\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter(b"abc\n"), b',');
    }

    #[test]
    fn batches_pad_short_rows() {
        let input: Box<dyn Read> = Box::new(io::Cursor::new(b"a,b\n1\n2,3,4\n".to_vec()));
        let mut got = Vec::new();
        read_csv_batches(input, None, "test", |b| {
            got.push(b);
            Ok(())
        })
        .unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].num_rows(), 2);
        assert!(got[0].column(1).is_null(0));
    }
}
