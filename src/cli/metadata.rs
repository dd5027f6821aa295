//! `opendata metadata ...`: validate, convert, score and propose catalogue metadata.

use std::io::{self, Read, Write};
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use opendata::catalog::{self, MetadataFormat, Profile, ValidateOptions, ValidateRequest};

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
    /// Validate a metadata file (Turtle, JSON-LD, RDF/XML, N-Triples; format detected).
    ///
    /// Exit status: 0 when there is no error-severity finding, 1 when there is, 2 when the
    /// file cannot be read or the arguments are wrong.
    Validate(ValidateArgs),
    /// Convert a metadata file to another format and print it.
    Convert(ConvertArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ProfileArg {
    /// DCAT-AP 3.0, as the official SHACL shapes express it.
    #[value(name = "dcat-ap-3")]
    DcatAp3,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Jsonld,
    Turtle,
    Rdfxml,
    Ntriples,
}

impl FormatArg {
    fn format(self) -> MetadataFormat {
        match self {
            FormatArg::Jsonld => MetadataFormat::JsonLd,
            FormatArg::Turtle => MetadataFormat::Turtle,
            FormatArg::Rdfxml => MetadataFormat::RdfXml,
            FormatArg::Ntriples => MetadataFormat::NTriples,
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
    /// Require every value to be typed in the file itself, even EU vocabulary IRIs.
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

fn file_name(file: &std::path::Path) -> Option<String> {
    file.file_name().map(|n| n.to_string_lossy().into_owned())
}

pub fn run(args: MetadataArgs) -> Result<Outcome, CliError> {
    match args.command {
        MetadataCommand::Validate(args) => validate(args),
        MetadataCommand::Convert(args) => convert(args),
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
    };
    request.options = options;
    let report = catalog::validate(&bytes, &request);
    output::print_report(&report, &args.file.display().to_string(), args.format)?;
    Ok(Outcome::of(&report))
}

fn convert(args: ConvertArgs) -> Result<Outcome, CliError> {
    let bytes = read_all(&args.file)?;
    let name = file_name(&args.file);
    let (text, report) = catalog::convert(
        &bytes,
        args.from.map(FormatArg::format),
        args.to.format(),
        name.as_deref(),
    )
    .map_err(opendata::Error::from)?;
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
