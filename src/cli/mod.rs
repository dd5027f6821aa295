//! Command definitions and dispatch.

mod anonymise;
mod atomic;
mod convert;
mod licence;
mod metadata;
mod output;
mod progress;
mod scan;
mod suppress;

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use opendata::pii::{scan_csv, RuleSet, ScanOptions};
use opendata::table::schema::TableSchema;
use opendata::table::{check_and_infer_schema, CheckOptions, CsvReader};
use opendata::Report;

pub use output::Format;

/// Check, scan, anonymise and describe open data before it is published.
#[derive(Debug, Parser)]
#[command(name = "opendata", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a CSV file: structure (encoding, dialect, header, rows), types and an optional
    /// Table Schema; with --pii its personal data, with --metadata its catalogue record.
    ///
    /// Exit status: 0 when there is no error-severity finding, 1 when there is, 2 when the
    /// file cannot be read or the arguments are wrong.
    Check(CheckArgs),
    /// Validate, convert, score and propose catalogue metadata (DCAT-AP 3, CKAN, DCAT-US).
    Metadata(metadata::MetadataArgs),
    /// Find personal data in the columns of a CSV file (whatever the headers say).
    ///
    /// Exit status: 0 when no column holds personal data, 1 when one does, 2 when the file
    /// or the rule file cannot be read.
    Scan(scan::ScanArgs),
    /// Write an anonymised copy of a CSV file as a policy says.
    ///
    /// Exit status: 0 when done, 1 when the report has error findings, 2 when the input,
    /// the policy or the key is wrong (then no output file is written).
    Anonymise(anonymise::AnonymiseArgs),
    /// Measure the re-identification risk of a CSV file over its quasi-identifiers.
    ///
    /// Exit status: 0 when every record is in a class of at least k, 1 when not.
    Risk(anonymise::RiskArgs),
    /// Write a CSV file as normalised CSV (UTF-8, comma, RFC 4180) or as typed Arrow IPC.
    ///
    /// Exit status: 0 when written, 2 when the input cannot be read or has structural
    /// errors (then no output file is written).
    Convert(convert::ConvertArgs),
    /// Suppress small counts in a count table for publication (primary and secondary
    /// suppression so no hidden cell follows from the totals; optional rounding).
    ///
    /// Exit status: 0 when written, 2 when the table or the arguments are wrong (then no
    /// output file is written).
    Suppress(suppress::SuppressArgs),
    /// Work with anonymisation policies.
    #[command(subcommand)]
    Policy(anonymise::PolicyCommand),
    /// Recognise a licence (id, URL, EU URI, name), say whether it is open and what it
    /// obliges; with --compatible, which licences a derived dataset may use.
    ///
    /// Exit status: 0 when the licence is known and open (or the inputs can be combined),
    /// 1 when it is unknown or not open (or they cannot), 2 when the arguments are wrong.
    Licence(licence::LicenceArgs),
    /// List every finding code with its severity, meaning and fix hint.
    Codes {
        /// Output format.
        #[arg(long, value_enum, default_value_t = CodesFormat::Text)]
        format: CodesFormat,
    },
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// The CSV file to check (`-` reads standard input).
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Field delimiter (sniffed among , ; tab | when not given). Use `\t` for tab.
    #[arg(long)]
    delimiter: Option<String>,
    /// Quote character (`"` unless the file quotes with `'` only).
    #[arg(long)]
    quote: Option<String>,
    /// The file has no header row.
    #[arg(long)]
    no_header: bool,
    /// Encoding label (utf-8, windows-1252, latin1, utf-16le, ...); guessed when not given.
    #[arg(long)]
    encoding: Option<String>,
    /// Keep at most this many findings of each code.
    #[arg(long, default_value_t = 100)]
    max_findings: usize,
    /// Validate every row against this Frictionless Table Schema (JSON).
    #[arg(long, value_name = "SCHEMA.json")]
    schema: Option<PathBuf>,
    /// Write the Table Schema inferred from the file (types over every value) to this path.
    #[arg(long, value_name = "OUT.json")]
    infer_schema: Option<PathBuf>,
    /// Values that mean "missing", comma-separated (default: "",NA,N/A,n/a,null,-).
    #[arg(long, value_delimiter = ',')]
    missing_values: Option<Vec<String>>,
    /// Also scan every cell for personal data (the `opendata scan` verdicts as `pii.*`
    /// findings). Reads the file a second time, as typed columns.
    #[arg(long)]
    pii: bool,
    /// A JSON rule file for the personal-data scan, loaded beside the built-in rules
    /// (implies --pii).
    #[arg(long, value_name = "RULES.json")]
    rules: Option<PathBuf>,
    /// The file's metadata (DCAT-AP JSON-LD, Turtle, CKAN or data.json): validated, and
    /// its recorded checksum compared with the file.
    #[arg(long, value_name = "METADATA")]
    metadata: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum CodesFormat {
    Text,
    Json,
    Markdown,
}

/// How a command ended, for the exit status.
pub enum Outcome {
    /// Nothing of severity error was found.
    Clean,
    /// Findings of severity error were reported.
    Findings,
}

impl Outcome {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::Findings => ExitCode::from(1),
        }
    }

    fn of(report: &Report) -> Self {
        if report.ok {
            Outcome::Clean
        } else {
            Outcome::Findings
        }
    }
}

/// Errors that end a command with exit status 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{path}: {reason}")]
    Input { path: String, reason: String },
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Core(#[from] opendata::Error),
    #[error("could not write the output: {0}")]
    Output(#[from] io::Error),
}

pub fn run(cli: Cli) -> Result<Outcome, CliError> {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Metadata(args) => metadata::run(args),
        Command::Scan(args) => scan::scan(args),
        Command::Anonymise(args) => anonymise::anonymise(args),
        Command::Risk(args) => anonymise::risk(args),
        Command::Convert(args) => convert::convert(args),
        Command::Policy(command) => anonymise::policy(command),
        Command::Suppress(args) => suppress::suppress(args),
        Command::Licence(args) => licence::run(args),
        Command::Codes { format } => {
            output::print_codes(match format {
                CodesFormat::Text => output::CodesStyle::Text,
                CodesFormat::Json => output::CodesStyle::Json,
                CodesFormat::Markdown => output::CodesStyle::Markdown,
            })?;
            Ok(Outcome::Clean)
        }
    }
}

fn single_char(option: &str, value: &str) -> Result<char, CliError> {
    let unescaped = match value {
        "\\t" | "tab" => "\t",
        other => other,
    };
    let mut chars = unescaped.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(CliError::Usage(format!(
            "--{option} takes one character, not {value:?}"
        ))),
    }
}

/// Opens a file for reading with a message a person understands when it cannot be.
fn open_input(path: &Path) -> Result<Box<dyn Read>, CliError> {
    let shown = path.display().to_string();
    if shown == "-" {
        return Ok(Box::new(io::stdin().lock()));
    }
    let fail = |reason: String| CliError::Input {
        path: shown.clone(),
        reason,
    };
    let meta = std::fs::metadata(path).map_err(|e| {
        fail(match e.kind() {
            io::ErrorKind::NotFound => "no such file".to_owned(),
            io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            _ => e.to_string(),
        })
    })?;
    if meta.is_dir() {
        return Err(fail("is a directory, not a file".to_owned()));
    }
    let file = File::open(path).map_err(|e| fail(e.to_string()))?;
    Ok(Box::new(BufReader::with_capacity(256 * 1024, file)))
}

/// The structural check and, over the typed table it reads, the personal-data scan: one
/// report with the `pii.*` findings after the structural ones.
fn check_with_pii(
    file: &Path,
    mut input: Box<dyn Read>,
    options: &CheckOptions,
    rules: &RuleSet,
    progress: &mut dyn FnMut(opendata::table::Progress),
) -> Result<(Report, Option<TableSchema>), opendata::Error> {
    // The scan reads the table a second time: standard input is kept in memory for it.
    let reader = if file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        input
            .read_to_end(&mut bytes)
            .map_err(opendata::TableError::Io)?;
        CsvReader::from_bytes(bytes, options)?
    } else {
        drop(input);
        CsvReader::from_path_with_progress(file, options, progress)?
    };
    let mut report = reader.report().clone();
    match scan_csv(&reader, rules, &ScanOptions::default()) {
        Ok(scan) => report.merge(scan.to_report(options.max_findings_per_code)),
        // A file that is not a table (binary, empty) has no columns to scan.
        Err(opendata::Error::Table(opendata::TableError::NotATable(_))) => {}
        Err(other) => return Err(other),
    }
    Ok((report, reader.table_schema()))
}

fn check(args: CheckArgs) -> Result<Outcome, CliError> {
    let mut options = CheckOptions::default();
    options.delimiter = args
        .delimiter
        .as_deref()
        .map(|d| single_char("delimiter", d))
        .transpose()?;
    options.quote = args
        .quote
        .as_deref()
        .map(|q| single_char("quote", q))
        .transpose()?;
    options.header = !args.no_header;
    options.encoding = args.encoding;
    options.max_findings_per_code = args.max_findings;
    if let Some(missing) = args.missing_values {
        options.missing_values = missing;
    }
    if let Some(path) = &args.schema {
        let unreadable = |reason: String| CliError::Input {
            path: path.display().to_string(),
            reason,
        };
        let text = std::fs::read_to_string(path).map_err(|e| unreadable(e.to_string()))?;
        options.schema =
            Some(TableSchema::from_json(&text).map_err(|e| unreadable(e.to_string()))?);
    }
    let rules = if args.pii || args.rules.is_some() {
        Some(scan::load_rules(args.rules.as_deref())?)
    } else {
        None
    };
    // Opened here so that a missing file or a directory is refused the same way either way.
    let input = open_input(&args.file)?;
    let bar = progress::for_file(&args.file);
    let checked = match &rules {
        None => check_and_infer_schema(input, &options, &mut |p| bar.update(p)),
        Some(rules) => check_with_pii(&args.file, input, &options, rules, &mut |p| bar.update(p)),
    };
    bar.finish();
    let (mut report, inferred) = checked.map_err(|e| match e {
        opendata::Error::Table(opendata::TableError::Io(io)) => CliError::Input {
            path: args.file.display().to_string(),
            reason: io.to_string(),
        },
        other => CliError::Core(other),
    })?;
    if let Some(metadata) = &args.metadata {
        report.merge(metadata::metadata_report(
            metadata,
            &args.file,
            args.max_findings,
        )?);
    }
    if let Some(out) = &args.infer_schema {
        let schema = inferred.ok_or_else(|| {
            CliError::Usage(
                "no schema can be inferred: the file is not a readable table".to_owned(),
            )
        })?;
        std::fs::write(out, schema.to_json() + "\n").map_err(|e| CliError::Input {
            path: out.display().to_string(),
            reason: e.to_string(),
        })?;
    }
    output::print_report(&report, &args.file.display().to_string(), args.format)?;
    if rules.is_none() && args.format == Format::Text {
        println!("(personal data not scanned: add --pii, or run `opendata scan`)");
    }
    Ok(Outcome::of(&report))
}
