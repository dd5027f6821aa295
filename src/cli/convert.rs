//! `opendata convert IN.csv -o OUT`: the table as normalised CSV or typed Arrow IPC.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use opendata::table::{write_ipc, CsvWriter};
use serde::Serialize;

use super::anonymise::open_table;
use super::atomic::write_atomically;
use super::output::{plural, to_json, Format};
use super::{CliError, Outcome};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TableFormat {
    /// UTF-8, comma-separated, CRLF, quoted only where needed (RFC 4180).
    Csv,
    /// Arrow IPC file with the inferred column types (`.arrow`, `.feather`).
    Arrow,
}

#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// The CSV file to read (any encoding and dialect `opendata check` reads).
    file: PathBuf,
    /// Where to write (whole or not at all).
    #[arg(short, long)]
    output: PathBuf,
    /// The output format; taken from the output's extension when not given (`.arrow`,
    /// `.feather` and `.ipc` are Arrow, anything else CSV).
    #[arg(long, value_enum)]
    to: Option<TableFormat>,
    /// Field delimiter of the input (sniffed when not given). Use `\t` for tab.
    #[arg(long)]
    delimiter: Option<String>,
    /// Output format of the report (what was written).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// What `convert` wrote (`--format json`; docs/json.md).
#[derive(Serialize)]
struct ConvertReport<'a> {
    file: String,
    output: String,
    to: TableFormat,
    rows: u64,
    columns: usize,
    /// Blank rows of the input, which the copy leaves out (counted up to the check's limit
    /// of findings per code).
    blank_rows_left_out: usize,
    /// Notes and sources below the table, which the copy leaves out.
    note_rows_left_out: usize,
    encoding: &'a str,
    delimiter: String,
}

fn format_of(path: &Path) -> TableFormat {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match extension.as_deref() {
        Some("arrow" | "feather" | "ipc") => TableFormat::Arrow,
        _ => TableFormat::Csv,
    }
}

pub fn convert(args: ConvertArgs) -> Result<Outcome, CliError> {
    if super::anonymise::same_file(&args.file, &args.output) {
        return Err(CliError::Usage(
            "the output would replace the input; write to another file".to_owned(),
        ));
    }
    // A file with structural errors is refused: a ragged row would be padded or cut.
    let table = open_table(&args.file, args.delimiter.as_deref())?;
    let schema = table.schema();
    let to = args.to.unwrap_or_else(|| format_of(&args.output));
    let mut rows = 0u64;
    write_atomically(&args.output, |w| {
        match to {
            TableFormat::Csv => {
                let mut csv = CsvWriter::new(w, &schema).map_err(opendata::Error::from)?;
                for batch in table.batches()? {
                    let batch = batch?;
                    rows += batch.num_rows() as u64;
                    csv.write(&batch).map_err(opendata::Error::from)?;
                }
                csv.finish().map_err(opendata::Error::from)?;
            }
            TableFormat::Arrow => {
                let batches = table.batches()?.inspect(|b| {
                    if let Ok(b) = b {
                        rows += b.num_rows() as u64;
                    }
                });
                write_ipc(w, &schema, batches)?;
            }
        }
        Ok(())
    })?;
    let summary = &table.report().table;
    let left_out = |code: &opendata::report::CodeInfo| table.report().with_code(code.code).count();
    let report = ConvertReport {
        file: args.file.display().to_string(),
        output: args.output.display().to_string(),
        to,
        rows,
        columns: schema.fields().len(),
        blank_rows_left_out: left_out(&opendata::table::codes::BLANK_ROW),
        note_rows_left_out: left_out(&opendata::table::codes::NOTE_ROW),
        encoding: summary.as_ref().map_or("UTF-8", |t| t.encoding.as_str()),
        delimiter: summary
            .as_ref()
            .map(|t| t.delimiter.clone())
            .unwrap_or_default(),
    };
    print_report(&report, args.format)?;
    Ok(Outcome::Clean)
}

fn print_report(r: &ConvertReport<'_>, format: Format) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if format == Format::Json {
        return writeln!(out, "{}", to_json(r));
    }
    let to = match r.to {
        TableFormat::Csv => "CSV (UTF-8, comma, CRLF)",
        TableFormat::Arrow => "Arrow IPC",
    };
    writeln!(
        out,
        "{} -> {}: {}, {} as {to}",
        r.file,
        r.output,
        plural(r.rows, "row"),
        plural(r.columns as u64, "column"),
    )?;
    for (count, what) in [
        (r.blank_rows_left_out, "blank row"),
        (r.note_rows_left_out, "note row"),
    ] {
        if count > 0 {
            writeln!(out, "  {} left out", plural(count as u64, what))?;
        }
    }
    Ok(())
}
