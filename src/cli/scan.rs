//! `opendata scan FILE`: which columns of a CSV file hold personal data.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use opendata::pii::{scan_csv, scan_records, RuleSet, ScanOptions, ScanReport};
use opendata::table::records::CsvRecords;
use opendata::table::{CheckOptions, CsvReader};
use serde::Serialize;

use super::output::{plural, to_json};
use super::{open_input, single_char, CliError, Format, Outcome};

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
    /// Encoding label (utf-8, windows-1252, latin1, utf-16le, ...); guessed when not given.
    #[arg(long)]
    encoding: Option<String>,
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
    // The rules compile on another thread while the check pass reads the file: compiling
    // the built-in packs takes as long as checking a few megabytes.
    let (rules, records) = std::thread::scope(|scope| {
        let rules = scope.spawn(|| load_rules(args.rules.as_deref()));
        let records = read_records(&args, &name);
        let rules = rules
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (rules, records)
    });
    let mut options = ScanOptions::default();
    options.min_confidence = args.min_confidence;
    options.min_share = args.min_share;
    // Errors in the order a user fixes them: the rule file, the options, then the input.
    let rules = rules?;
    options.validate().map_err(opendata::Error::from)?;
    let records = records?;
    let report = scan_records(&records, &rules, &options).map_err(|e| match e {
        opendata::Error::Pii(_) => CliError::Core(e),
        other => input_error(&name, other),
    })?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match args.format {
        Format::Json => {
            let json = to_json(&JsonOutput {
                file: &name,
                report: &report,
            });
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

/// The same check pass and typed reading of cells as `opendata check`, without building
/// Arrow batches: the report is the one `scan_csv` gives.
fn read_records(args: &ScanArgs, name: &str) -> Result<CsvRecords, CliError> {
    let delimiter = args
        .delimiter
        .as_deref()
        .map(|d| single_char("delimiter", d))
        .transpose()?;
    let mut check_options = CheckOptions::default();
    check_options.delimiter = delimiter;
    check_options.encoding = args.encoding.clone();
    if name == "-" {
        let mut bytes = Vec::new();
        open_input(&args.file)?
            .read_to_end(&mut bytes)
            .map_err(|e| input_error(name, e))?;
        CsvRecords::from_bytes(bytes, &check_options)
    } else {
        open_input(&args.file)?;
        CsvRecords::from_path(&args.file, &check_options)
    }
    .map_err(|e| input_error(name, e))
}

fn write_text(out: &mut impl Write, name: &str, report: &ScanReport) -> io::Result<()> {
    let flagged = report.holding_personal_data().count();
    let quasi = report
        .columns
        .iter()
        .filter(|c| !c.quasi_identifiers.is_empty())
        .count();
    writeln!(
        out,
        "{name}: {}, {}; {flagged} {} personal data, {}",
        plural(report.rows, "row"),
        plural(report.columns.len() as u64, "column"),
        if flagged == 1 { "holds" } else { "hold" },
        plural(quasi as u64, "quasi-identifier")
    )?;
    let label_of = |c: &opendata::pii::ColumnReport| format!("{:>3} {}", c.index + 1, c.name);
    // Long header names widen the first column (up to a point) so the verdicts line up.
    let width = report
        .columns
        .iter()
        .map(|c| label_of(c).chars().count())
        .max()
        .unwrap_or(0)
        .clamp(28, 48);
    for c in &report.columns {
        let label = label_of(c);
        if let (Some(v), Some(best)) = (&c.verdict, c.candidates.first()) {
            writeln!(
                out,
                "  {label:<width$} {v:<26} confidence {:.2}, {:.0}% of {} cells{}",
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
            writeln!(
                out,
                "  {label:<width$} quasi-identifier: {}",
                kinds.join(", ")
            )?;
        } else if !c.text_entities.is_empty() {
            let list: Vec<String> = c
                .text_entities
                .iter()
                .map(|t| format!("{} in {} cells", t.entity, t.cells))
                .collect();
            writeln!(out, "  {label:<width$} free text with {}", list.join(", "))?;
        } else {
            writeln!(out, "  {label:<width$} -")?;
        }
    }
    if flagged == 0 {
        writeln!(out, "OK: no column holds personal data.")?;
    }
    Ok(())
}

/// The built-in rules, with the user's rule file beside them when one is given.
pub fn load_rules(path: Option<&Path>) -> Result<RuleSet, CliError> {
    let rules = match path {
        None => RuleSet::builtin(),
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| CliError::Input {
                path: path.display().to_string(),
                reason: e.to_string(),
            })?;
            RuleSet::builtin_with(&text)
        }
    };
    Ok(rules.map_err(opendata::Error::from)?)
}

/// The column scan of a table already opened (for `anonymise` and `policy suggest`).
pub fn scan_table(table: &CsvReader, rules: &RuleSet) -> Result<ScanReport, CliError> {
    Ok(scan_csv(table, rules, &ScanOptions::default())?)
}

fn input_error(name: &str, e: impl std::fmt::Display) -> CliError {
    CliError::Input {
        path: name.to_owned(),
        reason: e.to_string(),
    }
}
