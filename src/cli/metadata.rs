//! `opendata metadata ...`: validate, convert, score and propose catalogue metadata.

use std::io::{self, Read, Write};
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use opendata::catalog::{self, MetadataFormat, Profile, ValidateOptions, ValidateRequest};
use opendata::report::Report;
use opendata::table::schema::TableSchema;

use super::output::{self, Format};
use super::{open_input, CliError, Outcome};

/// Check, convert and describe catalogue metadata (DCAT-AP, DCAT-US, CKAN, schema.org).
#[derive(Debug, clap::Args)]
pub struct MetadataArgs {
    #[command(subcommand)]
    command: MetadataCommand,
}

#[derive(Debug, Subcommand)]
enum MetadataCommand {
    /// Validate a metadata file (Turtle, JSON-LD, RDF/XML, N-Triples, data.json, CKAN,
    /// datapackage.json; format detected).
    ///
    /// Exit status: 0 when there is no error-severity finding, 1 when there is, 2 when the
    /// file cannot be read or the arguments are wrong.
    Validate(ValidateArgs),
    /// Convert a metadata file to another format and print it.
    Convert(ConvertArgs),
    /// Score every dataset after data.europa.eu's MQA indicators and judge its freshness.
    ///
    /// URL reachability needs the network, which opendata never uses: pass the HTTP status
    /// codes you measured with --url-status, or those indicators stay "not assessed".
    Score(ScoreArgs),
    /// Verify a distribution's file against the checksum its metadata records.
    ///
    /// Exit status: 0 when the digest matches, 1 when it does not, 2 on usage or I/O errors.
    Verify(VerifyArgs),
    /// Propose a Distribution for a data file: size, media type, EU file type, SHA-256,
    /// and for CSV the temporal coverage of its date columns.
    Propose(ProposeArgs),
}

#[derive(Debug, clap::Args)]
struct ProposeArgs {
    /// The data file.
    file: PathBuf,
    /// Where the file will be published (a URL ending in /); gives access and download URLs.
    #[arg(long)]
    base_url: Option<String>,
    /// The metadata syntax to print the distribution in (text output).
    #[arg(long, value_enum, default_value_t = FormatArg::Turtle)]
    to: FormatArg,
    /// `json` prints the proposal (distribution, temporal coverage, date columns) as JSON.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the Table Schema inferred from the CSV here; the distribution then
    /// `dct:conformsTo` it (at --schema-url, or --base-url plus this file's name).
    #[arg(long, value_name = "OUT.json")]
    infer_schema: Option<PathBuf>,
    /// Where the schema written by --infer-schema will be published.
    #[arg(long, value_name = "URL", requires = "infer_schema")]
    schema_url: Option<String>,
}

#[derive(Debug, clap::Args)]
struct ScoreArgs {
    /// The metadata file (`-` reads standard input).
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// The input format, when detection guesses wrong.
    #[arg(long, value_enum)]
    from: Option<FormatArg>,
    /// The day freshness is judged on (YYYY-MM-DD); today (UTC) when not given.
    #[arg(long)]
    today: Option<String>,
    /// A JSON object {"URL": HTTP status} with the reachability you measured.
    #[arg(long)]
    url_status: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct VerifyArgs {
    /// The metadata file describing the distribution.
    metadata: PathBuf,
    /// The distribution's file.
    data: PathBuf,
    /// The distribution's IRI, when several have a checksum.
    #[arg(long)]
    distribution: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ProfileArg {
    /// DCAT-AP 3.0, as the official SHACL shapes express it.
    #[value(name = "dcat-ap-3")]
    DcatAp3,
    /// DCAT-US / Project Open Data data.json 1.1 required fields.
    #[value(name = "dcat-us")]
    DcatUs,
    /// schema.org Dataset as Google's dataset guidance lists it.
    #[value(name = "schema-org")]
    SchemaOrg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    /// JSON-LD compacted with the DCAT-AP 3 context.
    Jsonld,
    /// JSON-LD in expanded form.
    #[value(name = "jsonld-expanded")]
    JsonldExpanded,
    Turtle,
    Rdfxml,
    Ntriples,
    /// CKAN package JSON (ckanext-dcat's DCAT-AP mapping).
    Ckan,
    /// DCAT-US / Project Open Data data.json 1.1.
    #[value(name = "data.json")]
    DataJson,
    /// schema.org Dataset JSON-LD (output only).
    #[value(name = "schema-org")]
    SchemaOrg,
    /// Frictionless datapackage.json.
    Datapackage,
}

impl FormatArg {
    fn format(self) -> MetadataFormat {
        match self {
            FormatArg::Jsonld => MetadataFormat::JsonLd,
            FormatArg::JsonldExpanded => MetadataFormat::JsonLdExpanded,
            FormatArg::Turtle => MetadataFormat::Turtle,
            FormatArg::Rdfxml => MetadataFormat::RdfXml,
            FormatArg::Ntriples => MetadataFormat::NTriples,
            FormatArg::Ckan => MetadataFormat::Ckan,
            FormatArg::DataJson => MetadataFormat::DataJson,
            FormatArg::SchemaOrg => MetadataFormat::SchemaOrg,
            FormatArg::Datapackage => MetadataFormat::Datapackage,
        }
    }
}

#[derive(Debug, clap::Args)]
struct ValidateArgs {
    /// The metadata file (`-` reads standard input).
    file: PathBuf,
    /// The rule set.
    #[arg(long, value_enum, default_value_t = ProfileArg::DcatAp3)]
    profile: ProfileArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// The input format, when detection guesses wrong.
    #[arg(long, value_enum)]
    from: Option<FormatArg>,
    /// Leave out missing recommended properties (warnings).
    #[arg(long)]
    mandatory_only: bool,
    /// Require every value to be typed in the file itself with the very class a shape names
    /// (no types implied for EU vocabulary IRIs, no subclasses), as a bare SHACL engine does.
    #[arg(long)]
    strict_types: bool,
    /// Keep at most this many findings of each code.
    #[arg(long, default_value_t = 100)]
    max_findings: usize,
}

#[derive(Debug, clap::Args)]
struct ConvertArgs {
    /// The metadata file (`-` reads standard input).
    file: PathBuf,
    /// The output format.
    #[arg(long, value_enum)]
    to: FormatArg,
    /// The input format, when detection guesses wrong.
    #[arg(long, value_enum)]
    from: Option<FormatArg>,
    /// Format of the reading findings printed on standard error.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// With --to datapackage: a Table Schema (JSON) to inline in the package's next CSV or
    /// TSV resource (repeat for several, in the order of the distributions).
    #[arg(long, value_name = "SCHEMA.json")]
    table_schema: Vec<PathBuf>,
}

fn read_all(file: &std::path::Path) -> Result<Vec<u8>, CliError> {
    let mut bytes = Vec::new();
    open_input(file)?
        .read_to_end(&mut bytes)
        .map_err(|e| CliError::Input {
            path: file.display().to_string(),
            reason: e.to_string(),
        })?;
    Ok(bytes)
}

/// The findings on a table's metadata for `opendata check --metadata`: the record
/// validated as DCAT-AP 3, then checked against the data file it describes (size,
/// checksum, format) when that file can be read again.
pub fn metadata_report(
    metadata: &std::path::Path,
    data: &std::path::Path,
    max_findings: usize,
) -> Result<Report, CliError> {
    let bytes = read_all(metadata)?;
    let mut request = ValidateRequest::default();
    request.file_name = file_name(metadata);
    request.options.max_findings_per_code = max_findings;
    let mut report = catalog::validate(&bytes, &request);
    if data.as_os_str() != "-" {
        let mut sink = opendata::report::FindingSink::new(max_findings);
        let parsed = catalog::read(&bytes, None, request.file_name.as_deref(), None, &mut sink);
        match catalog::verify_distribution_file(&parsed.document, None, open_input(data)?) {
            Ok((_, verified)) => report.merge(verified),
            // No single distribution records a checksum: there is nothing to compare.
            Err(opendata::CatalogError::InvalidOption { .. }) => {}
            Err(other) => return Err(CliError::Core(other.into())),
        }
    }
    Ok(report)
}

fn file_name(file: &std::path::Path) -> Option<String> {
    file.file_name().map(|n| n.to_string_lossy().into_owned())
}

pub fn run(args: MetadataArgs) -> Result<Outcome, CliError> {
    match args.command {
        MetadataCommand::Validate(args) => validate(args),
        MetadataCommand::Convert(args) => convert(args),
        MetadataCommand::Score(args) => score(args),
        MetadataCommand::Verify(args) => verify(args),
        MetadataCommand::Propose(args) => propose(args),
    }
}

fn validate(args: ValidateArgs) -> Result<Outcome, CliError> {
    let bytes = read_all(&args.file)?;
    let mut options = ValidateOptions::default();
    options.max_findings_per_code = args.max_findings;
    options.recommended = !args.mandatory_only;
    options.vocabularies_imply_types = !args.strict_types;
    let mut request = ValidateRequest::default();
    request.format = args.from.map(FormatArg::format);
    request.file_name = file_name(&args.file);
    request.profile = match args.profile {
        ProfileArg::DcatAp3 => Profile::DcatAp3,
        ProfileArg::DcatUs => Profile::DcatUs,
        ProfileArg::SchemaOrg => Profile::SchemaOrg,
    };
    request.options = options;
    let report = catalog::validate(&bytes, &request);
    output::print_report(&report, &args.file.display().to_string(), args.format)?;
    Ok(Outcome::of(&report))
}

fn convert(args: ConvertArgs) -> Result<Outcome, CliError> {
    let bytes = read_all(&args.file)?;
    let name = file_name(&args.file);
    let (text, report) = if args.table_schema.is_empty() {
        catalog::convert(
            &bytes,
            args.from.map(FormatArg::format),
            args.to.format(),
            name.as_deref(),
        )
        .map_err(opendata::Error::from)?
    } else {
        if !matches!(args.to, FormatArg::Datapackage) {
            return Err(CliError::Usage(
                "--table-schema goes with --to datapackage".to_owned(),
            ));
        }
        let schemas = args
            .table_schema
            .iter()
            .map(|path| {
                let text = std::fs::read_to_string(path).map_err(|e| CliError::Input {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                })?;
                TableSchema::from_json(&text).map_err(|e| CliError::Input {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut sink = opendata::report::FindingSink::new(100);
        let parsed = catalog::read(
            &bytes,
            args.from.map(FormatArg::format),
            name.as_deref(),
            None,
            &mut sink,
        );
        let text = catalog::write_datapackage(&parsed.document, &schemas)
            .map_err(opendata::Error::from)?;
        (text, sink.into_report(None))
    };
    io::stdout().lock().write_all(text.as_bytes())?;
    if !report.findings.is_empty() {
        let rendered = match args.format {
            Format::Json => report.to_json(),
            Format::Text => report
                .findings
                .iter()
                .map(|f| format!("{} {} {}", f.severity, f.code, f.message))
                .collect::<Vec<_>>()
                .join("\n"),
        };
        eprintln!("{rendered}");
    }
    Ok(Outcome::of(&report))
}

fn parse_day(text: &str) -> Result<time::Date, CliError> {
    catalog::DateValue::parse_day(text)
        .ok_or_else(|| CliError::Usage(format!("--today takes a date as YYYY-MM-DD, not {text:?}")))
}

fn score(args: ScoreArgs) -> Result<Outcome, CliError> {
    let bytes = read_all(&args.file)?;
    let today = match &args.today {
        Some(t) => parse_day(t)?,
        None => time::OffsetDateTime::now_utc().date(),
    };
    let mut options = catalog::ScoreOptions::default();
    if let Some(path) = &args.url_status {
        let text = read_all(path)?;
        options.url_status = serde_json::from_slice(&text).map_err(|e| CliError::Input {
            path: path.display().to_string(),
            reason: format!("not a JSON object of URL -> status: {e}"),
        })?;
    }
    let mut request = ValidateRequest::default();
    request.format = args.from.map(FormatArg::format);
    request.file_name = file_name(&args.file);
    let quality = catalog::assess(&bytes, &request, &options, today);
    let mut out = io::stdout().lock();
    match args.format {
        Format::Json => writeln!(out, "{}", output::to_json(&quality))?,
        Format::Text => {
            for s in &quality.scores {
                writeln!(
                    out,
                    "{}: {} of {} points ({:?}){}",
                    s.dataset.as_deref().unwrap_or("[]"),
                    s.points,
                    s.max,
                    s.rating,
                    if s.not_assessed > 0 {
                        format!(
                            ", {} points not assessed (URL reachability needs --url-status)",
                            s.not_assessed
                        )
                    } else {
                        String::new()
                    }
                )?;
                for (dim, (p, m)) in &s.dimensions {
                    writeln!(
                        out,
                        "  {:<17} {p:>3} / {m}",
                        format!("{dim:?}").to_lowercase()
                    )?;
                }
            }
            for f in &quality.freshness {
                let due = f.due.map(|d| format!(", due {d}")).unwrap_or_default();
                writeln!(
                    out,
                    "{}: freshness {:?}{due}{}",
                    f.dataset.as_deref().unwrap_or("[]"),
                    f.status,
                    if f.overdue_days > 0 {
                        format!(", {} days overdue", f.overdue_days)
                    } else {
                        String::new()
                    }
                )?;
            }
            drop(out);
            output::print_report(
                &quality.report,
                &args.file.display().to_string(),
                Format::Text,
            )?;
        }
    }
    Ok(Outcome::of(&quality.report))
}

fn verify(args: VerifyArgs) -> Result<Outcome, CliError> {
    let bytes = read_all(&args.metadata)?;
    let mut sink = opendata::report::FindingSink::new(100);
    let name = file_name(&args.metadata);
    let parsed = catalog::read(&bytes, None, name.as_deref(), None, &mut sink);
    let data = open_input(&args.data)?;
    let (verification, report) =
        catalog::verify_distribution_file(&parsed.document, args.distribution.as_deref(), data)
            .map_err(|e| match e {
                opendata::CatalogError::InvalidOption { reason, .. } => CliError::Usage(reason),
                other => CliError::Core(other.into()),
            })?;
    match args.format {
        Format::Json => {
            let value = serde_json::json!({"verification": verification, "report": report});
            writeln!(io::stdout().lock(), "{}", output::to_json(&value))?;
        }
        Format::Text => {
            if let Some(v) = &verification {
                writeln!(
                    io::stdout().lock(),
                    "{}: {:?} ({} bytes read)",
                    args.data.display(),
                    v.status,
                    v.bytes
                )?;
            }
            output::print_report(&report, &args.data.display().to_string(), Format::Text)?;
        }
    }
    Ok(Outcome::of(&report))
}

fn propose(args: ProposeArgs) -> Result<Outcome, CliError> {
    let mut options = catalog::ProposeOptions::default();
    options.base_url = args.base_url;
    let name = file_name(&args.file).unwrap_or_default();
    let mut proposal = catalog::propose_distribution(open_input(&args.file)?, &name, &options)
        .map_err(|e| match e {
            opendata::CatalogError::Io(io) => CliError::Input {
                path: args.file.display().to_string(),
                reason: io.to_string(),
            },
            other => CliError::Core(other.into()),
        })?;
    if let Some(out) = &args.infer_schema {
        let schema_url = match (&args.schema_url, options.base_folder()) {
            (Some(url), _) => url.clone(),
            (None, Some(base)) => format!("{base}{}", file_name(out).unwrap_or_default()),
            (None, None) => {
                return Err(CliError::Usage(
                    "--infer-schema needs --schema-url or --base-url: the distribution \
                     conforms to the schema at a URL"
                        .to_owned(),
                ))
            }
        };
        let (_, schema) = opendata::table::check_and_infer_schema(
            open_input(&args.file)?,
            &opendata::table::CheckOptions::default(),
            &mut |_| {},
        )?;
        let schema = schema.ok_or_else(|| CliError::Input {
            path: args.file.display().to_string(),
            reason: "no Table Schema can be inferred: the file is not a readable table".to_owned(),
        })?;
        super::atomic::write_atomically(out, |w| {
            Ok(w.write_all((schema.to_json() + "\n").as_bytes())?)
        })?;
        proposal.distribution.conforms_to.push(schema_url);
    }
    let mut out = io::stdout().lock();
    match args.format {
        Format::Json => writeln!(out, "{}", output::to_json(&proposal))?,
        Format::Text => {
            let mut doc = catalog::MetadataDocument::default();
            doc.distributions.push(proposal.distribution.clone());
            let text =
                catalog::write_document(&doc, args.to.format()).map_err(opendata::Error::from)?;
            write!(out, "{text}")?;
            if let Some(t) = &proposal.temporal {
                let show = |d: Option<catalog::DateValue>| {
                    d.map(|d| d.to_string()).unwrap_or_else(|| "..".into())
                };
                eprintln!(
                    "temporal coverage for the dataset's dct:temporal: {} to {} (from columns {})",
                    show(t.start),
                    show(t.end),
                    proposal.date_columns.join(", ")
                );
            }
        }
    }
    Ok(Outcome::Clean)
}
