//! `opendata convert IN.csv -o OUT`: the table as normalised CSV or typed Arrow IPC.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use opendata::table::{write_ipc, CsvWriter};

use super::anonymise::open_table;
use super::atomic::write_atomically;
use super::{CliError, Outcome};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
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
    let format = args.to.unwrap_or_else(|| format_of(&args.output));
    write_atomically(&args.output, |w| {
        match format {
            TableFormat::Csv => {
                let mut csv = CsvWriter::new(w, &schema).map_err(opendata::Error::from)?;
                for batch in table.batches()? {
                    csv.write(&batch?).map_err(opendata::Error::from)?;
                }
                csv.finish().map_err(opendata::Error::from)?;
            }
            TableFormat::Arrow => {
                write_ipc(w, &schema, table.batches()?)?;
            }
        }
        Ok(())
    })?;
    Ok(Outcome::Clean)
}
