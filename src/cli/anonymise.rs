//! `opendata anonymise`, `opendata risk` and `opendata policy suggest`.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::Arc;
use std::thread::{Scope, ScopedJoinHandle};

use arrow_array::RecordBatch;

use opendata::anonymise::{
    suggest_policy, AnonymiseReport, Anonymiser, ClassCounts, Context, Key, Policy, RiskReport,
    Seed, SuggestedPolicy,
};
use opendata::pii::{ColumnScanner, RuleSet, ScanOptions, ScanState, TextDetector};
use opendata::{AnonymiseError, PiiError};

use opendata::table::{CheckOptions, CsvReader, CsvWriter};

use super::atomic::write_atomically;
use super::output::{plural, to_json};
use super::{scan, single_char, CliError, Format, Outcome};

#[derive(Debug, clap::Args)]
pub struct AnonymiseArgs {
    /// The CSV file to anonymise.
    file: PathBuf,
    /// The policy (TOML, or JSON when the name ends in .json).
    #[arg(long)]
    policy: PathBuf,
    /// Where to write the anonymised CSV (written whole or not at all).
    #[arg(short, long)]
    output: PathBuf,
    /// Name of the environment variable holding the pseudonymisation key (16+ bytes).
    #[arg(long, value_name = "VAR")]
    key_env: Option<String>,
    /// Name of an environment variable holding a seed for random tokens, to reproduce a
    /// run; without it tokens differ on every run.
    #[arg(long, value_name = "VAR")]
    seed_env: Option<String>,
    /// Field delimiter of the input (sniffed when not given). Use `\t` for tab. The output
    /// is always comma-separated UTF-8.
    #[arg(long)]
    delimiter: Option<String>,
    /// Output format of the report.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// A JSON rule file for the personal-data scan and the free-text detector, loaded
    /// beside the built-in rules.
    #[arg(long, value_name = "RULES.json")]
    rules: Option<PathBuf>,
    /// Do not scan the columns first. Rules by entity, `default_personal` and the warning
    /// about personal columns left unchanged then have nothing to go on.
    #[arg(long)]
    no_scan: bool,
}

#[derive(Debug, clap::Args)]
pub struct RiskArgs {
    /// The CSV file.
    file: PathBuf,
    /// The quasi-identifying columns, comma-separated.
    #[arg(long, value_delimiter = ',', required = true)]
    quasi: Vec<String>,
    /// The k that classes are measured against.
    #[arg(long, default_value_t = 5)]
    k: u64,
    /// Field delimiter (sniffed when not given). Use `\t` for tab.
    #[arg(long)]
    delimiter: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, clap::Subcommand)]
pub enum PolicyCommand {
    /// Write a starting policy for a CSV file, to review before use.
    Suggest(SuggestArgs),
}

#[derive(Debug, clap::Args)]
pub struct SuggestArgs {
    /// The CSV file.
    file: PathBuf,
    /// Field delimiter (sniffed when not given). Use `\t` for tab.
    #[arg(long)]
    delimiter: Option<String>,
    /// Write the policy here instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// `text` writes the policy as commented TOML, `json` the policy and the reasons.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Opens a CSV as typed Arrow data. A file with structural errors is refused: a ragged row
/// shifts cells into other columns, and a kept column could then carry personal data.
pub(super) fn open_table(path: &Path, delimiter: Option<&str>) -> Result<CsvReader, CliError> {
    let mut options = CheckOptions::default();
    options.delimiter = delimiter.map(|d| single_char("delimiter", d)).transpose()?;
    open_table_with(path, &options)
}

/// [`open_table`] with every reading option given.
pub(super) fn open_table_with(path: &Path, options: &CheckOptions) -> Result<CsvReader, CliError> {
    let shown = path.display().to_string();
    if path.is_dir() {
        return Err(CliError::Input {
            path: shown,
            reason: "is a directory, not a file".to_owned(),
        });
    }
    let reader = CsvReader::from_path(path, options).map_err(|e| match e {
        opendata::Error::Table(opendata::TableError::Io(io)) => CliError::Input {
            path: shown.clone(),
            reason: io.to_string(),
        },
        other => CliError::Core(other),
    })?;
    let errors = reader.blocking_errors();
    if !errors.is_empty() {
        return Err(CliError::Input {
            path: shown,
            reason: format!(
                "the file has structural errors, fix them first (see `opendata check`): {}",
                errors
                    .iter()
                    .take(5)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        });
    }
    Ok(reader)
}

fn table_error(e: opendata::TableError) -> CliError {
    CliError::Core(e.into())
}

fn read_policy(path: &Path) -> Result<Policy, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| CliError::Input {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let policy = if json {
        Policy::from_json(&text)
    } else {
        Policy::from_toml(&text)
    };
    policy.map_err(|e| CliError::Input {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

fn env_bytes(var: &str, what: &str) -> Result<Vec<u8>, CliError> {
    std::env::var_os(var)
        .map(|v| v.into_encoded_bytes())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| {
            CliError::Usage(format!(
                "the environment variable {var} (the {what}) is not set or is empty"
            ))
        })
}

fn core(e: AnonymiseError) -> CliError {
    CliError::Core(e.into())
}

pub fn anonymise(args: AnonymiseArgs) -> Result<Outcome, CliError> {
    if same_file(&args.file, &args.output) {
        return Err(CliError::Usage(
            "the output would replace the input; write to another file".to_owned(),
        ));
    }
    let policy = read_policy(&args.policy)?;
    let mut context = Context::new();
    if let Some(var) = &args.key_env {
        let bytes = env_bytes(var, "pseudonymisation key")?;
        context = context.with_key(Key::new(bytes).map_err(core)?);
    }
    if let Some(var) = &args.seed_env {
        context = context.with_seed(Seed::from_bytes(&env_bytes(var, "token seed")?));
    }
    let table = open_table(&args.file, args.delimiter.as_deref())?;
    let rules = scan::load_rules(args.rules.as_deref())?;
    // A policy whose output does not depend on the scan gets it over the same batches
    // as the anonymiser, so the file is parsed once more, not twice.
    let scan_first = !args.no_scan && policy.uses_entities();
    let scan_along = !args.no_scan && !scan_first;
    if scan_first {
        context = context.with_entities(scan::scan_table(&table, &rules)?.column_entities());
    }
    context = context.with_detector(Arc::new(TextDetector::new(
        rules.clone(),
        ScanOptions::default(),
    )));
    // Every policy problem surfaces here, before the output file exists.
    let mut anonymiser = Anonymiser::new(&table.schema(), &policy, &context).map_err(core)?;
    drop(context);
    if anonymiser.needs_observation() {
        for batch in table.batches()?.read_ahead() {
            anonymiser.observe(&batch?).map_err(core)?;
        }
        anonymiser.resolve().map_err(core)?;
    }
    let scan_options = ScanOptions::default();
    let mut scanned = None;
    write_atomically(&args.output, |w| {
        let mut csv = CsvWriter::new(w, &anonymiser.output_schema()).map_err(table_error)?;
        // Stages on threads of their own: parsing (read-ahead), the column scan (one
        // scanner per core), and anonymising + writing here.
        std::thread::scope(|scope| {
            let mut along = scan_along.then(|| ScanAlong::start(scope, &rules, &scan_options));
            for batch in table.batches()?.read_ahead() {
                let batch = batch?;
                if let Some(a) = &mut along {
                    a.update(&batch)?;
                }
                let out = anonymiser.apply(&batch).map_err(core)?;
                csv.write(&out).map_err(table_error)?;
            }
            if let Some(a) = along {
                scanned = Some(a.finish(&rules, &scan_options)?);
            }
            Ok::<(), CliError>(())
        })?;
        csv.finish().map_err(table_error)?;
        Ok(())
    })?;
    if let Some(entities) = scanned {
        anonymiser.note_entities(&entities).map_err(core)?;
    }
    let report = anonymiser.report();
    print_anonymise(&report, &args, args.format)?;
    Ok(if report.report.ok {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}

/// The column scan over the batches the anonymiser reads, on threads of its own when they
/// can be started: one scanner per core takes every n-th batch, and their counts are
/// merged at the end (a verdict depends only on counts, not on the order cells came in).
enum ScanAlong<'scope, 'a> {
    Inline(ColumnScanner<'a>),
    Threads {
        workers: Vec<ScanWorker<'scope, 'a>>,
        next: usize,
    },
}

struct ScanWorker<'scope, 'a> {
    batches: SyncSender<RecordBatch>,
    handle: ScopedJoinHandle<'scope, Result<Option<ColumnScanner<'a>>, PiiError>>,
}

impl<'scope, 'a: 'scope> ScanAlong<'scope, 'a> {
    fn start<'env>(
        scope: &'scope Scope<'scope, 'env>,
        rules: &'a RuleSet,
        options: &'a ScanOptions,
    ) -> Self
    where
        'a: 'env,
    {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        if cores < 2 {
            return Self::Inline(ColumnScanner::new(rules, options));
        }
        let mut workers = Vec::with_capacity(cores);
        for _ in 0..cores {
            let (batches, receive) = sync_channel::<RecordBatch>(1);
            let spawned = std::thread::Builder::new()
                .name("opendata-scan".into())
                .spawn_scoped(scope, move || {
                    let mut scanner = ColumnScanner::new(rules, options);
                    for batch in receive {
                        scanner.update(&batch)?;
                    }
                    Ok(Some(scanner))
                });
            match spawned {
                Ok(handle) => workers.push(ScanWorker { batches, handle }),
                Err(_) => break,
            }
        }
        if workers.is_empty() {
            return Self::Inline(ColumnScanner::new(rules, options));
        }
        Self::Threads { workers, next: 0 }
    }

    fn update(&mut self, batch: &RecordBatch) -> Result<(), CliError> {
        match self {
            Self::Inline(s) => s.update(batch).map_err(|e| CliError::Core(e.into())),
            Self::Threads { workers, next } => {
                if let Some(w) = workers.get(*next % workers.len()) {
                    // A closed channel means that scan failed: `finish` reports why.
                    let _ = w.batches.send(batch.clone());
                }
                *next += 1;
                Ok(())
            }
        }
    }

    /// The entities the scan detected, per column.
    fn finish(
        self,
        rules: &RuleSet,
        options: &ScanOptions,
    ) -> Result<BTreeMap<String, String>, CliError> {
        let workers = match self {
            Self::Inline(s) => return Ok(s.finish().column_entities()),
            Self::Threads { workers, .. } => workers,
        };
        let stopped = || CliError::Usage("the column scan stopped".to_owned());
        let pii = |e: PiiError| CliError::Core(e.into());
        let mut state: Option<ScanState> = None;
        for w in workers {
            drop(w.batches);
            let scanner = w
                .handle
                .join()
                .map_err(|_| stopped())?
                .map_err(pii)?
                .ok_or_else(stopped)?;
            match &mut state {
                None => state = Some(scanner.into_state()),
                Some(s) => s
                    .merge(scanner.into_state(), options.max_examples)
                    .map_err(pii)?,
            }
        }
        let state = state.ok_or_else(stopped)?;
        Ok(state.finish(rules, options).column_entities())
    }
}

pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

fn print_anonymise(
    report: &AnonymiseReport,
    args: &AnonymiseArgs,
    format: Format,
) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if format == Format::Json {
        return writeln!(out, "{}", to_json(report));
    }
    writeln!(
        out,
        "{} -> {}: {} rows in, {} rows out",
        args.file.display(),
        args.output.display(),
        report.rows_in,
        report.rows_out
    )?;
    for c in &report.columns {
        let entity = c
            .entity
            .as_deref()
            .map(|e| format!(" [{e}]"))
            .unwrap_or_default();
        let rule = serde_json::to_value(c.rule)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        writeln!(
            out,
            "  {:<24} {:<14} (rule: {rule}){entity}",
            c.column, c.action
        )?;
    }
    if let Some(p) = &report.privacy {
        writeln!(
            out,
            "k-anonymity: k = {} reached, {} of {} records suppressed, {} classes (smallest {}), discernibility {}, height {} ({:.0}% of max)",
            p.k,
            p.suppressed,
            p.records,
            p.classes,
            p.smallest_class,
            p.discernibility,
            p.generalisation_height,
            100.0 * p.normalised_height
        )?;
        for l in &p.levels {
            writeln!(
                out,
                "  {:<24} level {}/{}: {}",
                l.column, l.level, l.max_level, l.label
            )?;
        }
        writeln!(
            out,
            "prosecutor risk after: highest {:.4}, average {:.4}",
            p.risk.prosecutor.highest, p.risk.prosecutor.average
        )?;
    }
    super::output::write_findings(&mut out, &report.report.findings)
}

pub fn risk(args: RiskArgs) -> Result<Outcome, CliError> {
    if args.k == 0 {
        return Err(CliError::Usage(
            "--k must be at least 1 (the smallest class size that counts as safe)".to_owned(),
        ));
    }
    let table = open_table(&args.file, args.delimiter.as_deref())?;
    let quasi: Vec<String> = args.quasi.iter().map(|q| q.trim().to_owned()).collect();
    let schema = table.schema();
    if let Some(q) = quasi.iter().find(|q| schema.index_of(q).is_err()) {
        return Err(core(AnonymiseError::UnknownColumn { column: q.clone() }));
    }
    // Streaming: only the class counts are kept, not the rows.
    let mut counts = ClassCounts::new(quasi, None);
    for batch in table.batches()? {
        counts.observe(&batch?).map_err(core)?;
    }
    let risk = counts.risk(args.k);
    print_risk(&risk, &args)?;
    Ok(if risk.report.ok {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}

fn print_risk(r: &RiskReport, args: &RiskArgs) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if args.format == Format::Json {
        return writeln!(out, "{}", to_json(r));
    }
    writeln!(
        out,
        "{}: {} records, {} equivalence classes over {}",
        args.file.display(),
        r.records,
        r.classes,
        r.quasi_identifiers.join(", ")
    )?;
    writeln!(
        out,
        "smallest class {} (the table is {}-anonymous), largest {}, mean {:.2}",
        r.smallest_class, r.smallest_class, r.largest_class, r.mean_class_size
    )?;
    writeln!(
        out,
        "below k = {}: {} records in {} classes; unique records: {}",
        r.k_threshold, r.records_below_k, r.classes_below_k, r.unique_records
    )?;
    let p = &r.prosecutor;
    writeln!(
        out,
        "prosecutor risk: highest {:.4} ({} records, {:.2}%), average {:.4}, records above 1/k {:.2}%, expected re-identifications {:.0}",
        p.highest,
        p.records_at_highest_risk,
        100.0 * p.share_at_highest_risk,
        p.average,
        100.0 * p.share_above_threshold,
        p.expected_reidentifications
    )?;
    for b in &r.class_sizes {
        let size = match b.to {
            Some(t) if t == b.from => format!("{}", b.from),
            Some(t) => format!("{}-{t}", b.from),
            None => format!("{}+", b.from),
        };
        writeln!(
            out,
            "  class size {size:<8} {:>8} classes {:>10} records",
            b.classes, b.records
        )?;
    }
    super::output::write_findings(&mut out, &r.report.findings)?;
    if r.report.ok {
        writeln!(
            out,
            "OK: every record shares its quasi-identifiers with at least {} others.",
            r.k_threshold.saturating_sub(1)
        )?;
    }
    Ok(())
}

pub fn policy(command: PolicyCommand) -> Result<Outcome, CliError> {
    match command {
        PolicyCommand::Suggest(args) => suggest(args),
    }
}

fn suggest(args: SuggestArgs) -> Result<Outcome, CliError> {
    let table = open_table(&args.file, args.delimiter.as_deref())?;
    let columns: Vec<String> = table
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let today = time::OffsetDateTime::now_utc().date();
    let report = scan::scan_table(&table, &scan::load_rules(None)?)?;
    let entities = report.column_entities();
    let suggested = suggest_policy(&columns, &entities, today);
    let text = match args.format {
        Format::Json => to_json(&suggested) + "\n",
        Format::Text => commented_toml(&suggested, report.rows).map_err(core)?,
    };
    match &args.output {
        Some(path) => write_atomically(path, |w| Ok(w.write_all(text.as_bytes())?))?,
        None => io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(Outcome::Clean)
}

fn commented_toml(s: &SuggestedPolicy, rows: u64) -> Result<String, AnonymiseError> {
    let mut out = String::from(
        "# Suggested by `opendata policy suggest` from a scan of every cell; columns the scan\n\
         # did not classify were judged by their names. Review every rule before use.\n",
    );
    for r in &s.reasons {
        out.push_str(&format!(
            "#   {}: assumed {} (from its {})\n",
            r.column,
            r.entity,
            if r.basis == "scan" { "scan" } else { "name" }
        ));
    }
    // The policy is written all the same: the officer may lower k, or learn here why the
    // file is too small for a row-level release before `anonymise` refuses it.
    if let Some(privacy) = s.policy.privacy.as_ref().filter(|p| rows < p.k) {
        out.push_str(&format!(
            "# The file has {}, fewer than k = {}: `opendata anonymise` refuses this policy.\n\
             # Lower k below, or publish counts instead (`opendata suppress`).\n",
            plural(rows, "row"),
            privacy.k
        ));
    }
    out.push('\n');
    out.push_str(&s.policy.to_toml()?);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}
