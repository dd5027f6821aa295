//! `opendata suppress`: small-cell suppression and rounding of a published count table.

use std::io::{self, Write};
use std::path::PathBuf;

use opendata::anonymise::{
    protect_table, read_wide_counts, wide_rows, CellProtection, CellStatus, ProtectedTable,
    WideLayout,
};
use opendata::table::{format_value, CheckOptions};
use opendata::AnonymiseError;
use serde::Serialize;

use super::anonymise::{open_table_with, same_file};
use super::atomic::write_atomically;
use super::output::to_json;
use super::{single_char, CliError, Format, Outcome};

/// Which margins of the table are published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Margins {
    /// Protect against both margins (they can usually be found or worked out elsewhere);
    /// write the totals row and column the input has.
    Auto,
    /// Row totals and column totals are published.
    Both,
    /// Only row totals (a totals column) are published.
    RowTotals,
    /// Only column totals (a totals row) are published.
    ColumnTotals,
    /// No totals are published: only small cells are suppressed.
    None,
}

#[derive(Debug, clap::Args)]
pub struct SuppressArgs {
    /// The count table (CSV): a column of row labels, then one column of counts per
    /// category; a totals row and a totals column may be there.
    file: PathBuf,
    /// Counts from 1 up to below this are suppressed (e.g. 5 or 10).
    #[arg(long)]
    threshold: u64,
    /// Round published counts and totals to this base (e.g. 5).
    #[arg(long, value_name = "N")]
    round_base: Option<u64>,
    /// Suppress zero counts too (when a zero itself discloses something).
    #[arg(long)]
    suppress_zeros: bool,
    /// Which totals are published: the protection makes sure no suppressed cell can be
    /// worked out from them.
    #[arg(long, value_enum, default_value_t = Margins::Auto)]
    totals: Margins,
    /// The column of row labels (default: the first).
    #[arg(long, value_name = "COLUMN")]
    label_column: Option<String>,
    /// The columns of counts, comma-separated (default: every other column but a totals
    /// column).
    #[arg(long, value_delimiter = ',', value_name = "A,B,...")]
    columns: Option<Vec<String>>,
    /// The label of the totals row and the header of the totals column.
    #[arg(long, default_value = "Total")]
    total_label: String,
    /// What a suppressed cell shows.
    #[arg(long, default_value = "[c]")]
    marker: String,
    /// Field delimiter of the input (sniffed when not given). Use `\t` for tab. The output
    /// is always comma-separated UTF-8.
    #[arg(long)]
    delimiter: Option<String>,
    /// Where to write the protected table (written whole or not at all).
    #[arg(short, long)]
    output: PathBuf,
    /// Output format of the report.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// One suppressed cell, by its labels (its count is never shown).
#[derive(Serialize)]
struct CellRef<'a> {
    row: &'a str,
    column: &'a str,
}

/// The `--format json` report.
#[derive(Serialize)]
struct SuppressReport<'a> {
    file: String,
    output: String,
    threshold: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    round_base: Option<u64>,
    suppress_zeros: bool,
    row_totals: bool,
    column_totals: bool,
    rows: usize,
    columns: usize,
    primary: Vec<CellRef<'a>>,
    secondary: Vec<CellRef<'a>>,
}

fn core(e: AnonymiseError) -> CliError {
    CliError::Core(e.into())
}

pub fn suppress(args: SuppressArgs) -> Result<Outcome, CliError> {
    if args.threshold == 0 {
        return Err(CliError::Usage(
            "--threshold must be at least 1 (counts below it are suppressed)".to_owned(),
        ));
    }
    if args.round_base == Some(0) {
        return Err(CliError::Usage(
            "--round-base must be at least 1".to_owned(),
        ));
    }
    if same_file(&args.file, &args.output) {
        return Err(CliError::Usage(
            "the output would replace the input; write to another file".to_owned(),
        ));
    }
    let mut options = CheckOptions::default();
    options.delimiter = args
        .delimiter
        .as_deref()
        .map(|d| single_char("delimiter", d))
        .transpose()?;
    // Every cell is read as written: `NA` or `-` in a count is an error, not a blank.
    options.missing_values = Vec::new();
    let table = open_table_with(&args.file, &options)?;
    let header: Vec<String> = table
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let mut rows: Vec<Vec<Option<String>>> = Vec::new();
    let mut cell = String::new();
    for batch in table.batches()? {
        let batch = batch?;
        for r in 0..batch.num_rows() {
            let mut row = Vec::with_capacity(batch.num_columns());
            for column in batch.columns() {
                let present = format_value(column.as_ref(), r, &mut cell)
                    .map_err(|e| CliError::Core(e.into()))?;
                row.push(present.then(|| cell.clone()));
            }
            rows.push(row);
        }
    }
    let mut layout = WideLayout::default();
    layout.label_column = args.label_column.clone();
    layout.count_columns = args.columns.clone();
    layout.total_label = args.total_label.clone();
    let wide = read_wide_counts(&header, &rows, &layout).map_err(core)?;
    let mut protection = CellProtection::default();
    protection.threshold = args.threshold;
    protection.suppress_zeros = args.suppress_zeros;
    protection.rounding_base = args.round_base;
    let (row_totals, column_totals) = match args.totals {
        Margins::Auto | Margins::Both => (true, true),
        Margins::RowTotals => (true, false),
        Margins::ColumnTotals => (false, true),
        Margins::None => (false, false),
    };
    protection.row_totals = row_totals;
    protection.column_totals = column_totals;
    let mut protected = protect_table(&wide.table, &protection).map_err(core)?;
    if args.totals == Margins::Auto {
        // Protected against both margins, but only the ones the input had are written.
        if !wide.had_row_totals {
            protected.row_totals = None;
        }
        if !wide.had_column_totals {
            protected.column_totals = None;
        }
        if protected.row_totals.is_none() && protected.column_totals.is_none() {
            protected.grand_total = None;
        }
    }
    let lines = wide_rows(
        &protected,
        &wide.label_column,
        &args.total_label,
        &args.marker,
    );
    write_atomically(&args.output, |w| {
        let mut csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(w);
        for line in &lines {
            csv.write_record(line).map_err(io::Error::from)?;
        }
        csv.flush()?;
        Ok(())
    })?;
    let report = SuppressReport {
        file: args.file.display().to_string(),
        output: args.output.display().to_string(),
        threshold: args.threshold,
        round_base: args.round_base,
        suppress_zeros: args.suppress_zeros,
        row_totals,
        column_totals,
        rows: protected.rows.len(),
        columns: protected.columns.len(),
        primary: cells_with(&protected, CellStatus::Primary),
        secondary: cells_with(&protected, CellStatus::Secondary),
    };
    print_report(&report, args.format)?;
    Ok(Outcome::Clean)
}

fn cells_with(p: &ProtectedTable, status: CellStatus) -> Vec<CellRef<'_>> {
    p.rows
        .iter()
        .zip(&p.cells)
        .flat_map(|(row, cells)| {
            p.columns
                .iter()
                .zip(cells)
                .filter(move |(_, c)| c.status == status)
                .map(move |(column, _)| CellRef { row, column })
        })
        .collect()
}

fn print_report(r: &SuppressReport<'_>, format: Format) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if format == Format::Json {
        return writeln!(out, "{}", to_json(r));
    }
    let totals = match (r.row_totals, r.column_totals) {
        (true, true) => "row and column totals",
        (true, false) => "row totals",
        (false, true) => "column totals",
        (false, false) => "no totals",
    };
    writeln!(
        out,
        "{} -> {}: {} rows x {} columns, threshold {}, protected against {totals}{}",
        r.file,
        r.output,
        r.rows,
        r.columns,
        r.threshold,
        r.round_base
            .map(|b| format!(", rounded to base {b}"))
            .unwrap_or_default()
    )?;
    let list = |out: &mut io::StdoutLock<'_>, what: &str, cells: &[CellRef<'_>]| {
        writeln!(out, "{what}: {}", cells.len())?;
        for c in cells {
            writeln!(out, "  {} / {}", c.row, c.column)?;
        }
        Ok::<(), io::Error>(())
    };
    list(
        &mut out,
        &format!("suppressed as small (primary, below {})", r.threshold),
        &r.primary,
    )?;
    list(
        &mut out,
        "suppressed to protect them from the totals (secondary)",
        &r.secondary,
    )
}
