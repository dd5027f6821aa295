//! Catalogue metadata: a DCAT 3 / DCAT-AP 3.0 model, RDF reading and writing (JSON-LD,
//! Turtle, RDF/XML, N-Triples), and validation against the DCAT-AP 3.0 SHACL shapes.
//!
//! ```
//! use opendata_core::catalog::{validate, ValidateRequest};
//!
//! let ttl = r#"
//! @prefix dcat: <http://www.w3.org/ns/dcat#> .
//! @prefix dct: <http://purl.org/dc/terms/> .
//! <https://example.org/ds/1> a dcat:Dataset ; dct:description "Counts of bee colonies"@en .
//! "#;
//! let report = validate(ttl.as_bytes(), &ValidateRequest::default());
//! assert!(!report.ok);
//! let missing = report.with_code("dcat.dataset.missing-title").next().unwrap();
//! assert_eq!(missing.location.subject.as_deref(), Some("https://example.org/ds/1"));
//! assert_eq!(missing.location.property.as_deref(), Some("dct:title"));
//! ```

mod checksum;
mod freshness;
mod generated;
mod graph;
mod io;
mod jsonld;
mod licence_checks;
pub mod mappings;
mod model;
pub mod ns;
mod propose;
mod quality;
mod rules;
pub mod vocab;

pub use checksum::{sha256_hex, verify_checksum, ChecksumStatus, ChecksumVerification};
pub use freshness::{freshness, interval_of, Freshness, FreshnessStatus, Interval};
pub use graph::{document_from_graph, document_to_graph};
pub use io::{detect_format, parse_rdf, write_rdf, MetadataFormat};
pub use model::*;
pub use propose::{propose_distribution, Proposal, ProposeOptions};
pub use quality::{score, Assessment, DatasetScore, Dimension, Indicator, Rating, ScoreOptions};
pub use rules::{validate_graph, ValidateOptions};

use oxrdf::Graph;
use serde::{Deserialize, Serialize};

use crate::error::CatalogError;
use crate::report::{self, CodeInfo, FindingSink, Report, Severity};

/// Finding codes of reading metadata (the DCAT-AP rule codes are generated; see
/// [`all_codes`]).
pub mod codes {
    code!(SYNTAX, "metadata.syntax", Error, "The metadata file does not parse in its format.", "Fix the file at the line and column given; a validator or linter for the format shows the same place.");
    code!(UNKNOWN_FORMAT, "metadata.unknown-format", Error, "The file's format could not be recognised as JSON-LD, Turtle, RDF/XML, N-Triples, data.json, CKAN or datapackage.json.", "Name the format explicitly, or check that the file is metadata at all.");
    code!(
        EMPTY,
        "metadata.empty",
        Error,
        "The metadata file is empty.",
        "Export the metadata again; the file has no content."
    );
    code!(LICENCE_MISSING, "metadata.licence.missing", Error, "No distribution of the dataset names a licence (dct:license).", "Add dct:license with an EU licence IRI, e.g. http://publications.europa.eu/resource/authority/licence/CC_BY_4_0.");
    code!(LICENCE_NOT_EU_URI, "metadata.licence.not-eu-uri", Warning, "The licence is not given as an EU Publications Office licence IRI.", "Use the matching IRI of http://publications.europa.eu/resource/authority/licence (CC_BY_4_0, CC0, ...).");
    code!(
        LICENCE_HVD,
        "metadata.licence.hvd-too-restrictive",
        Error,
        "A High-Value Dataset has a licence more restrictive than CC BY 4.0.",
        "Regulation (EU) 2023/138 requires CC BY 4.0 or more permissive (CC0, PDDL)."
    );
    code!(
        FRESHNESS_OVERDUE,
        "metadata.freshness.overdue",
        Warning,
        "The dataset's next update, by its accrualPeriodicity, is past due.",
        "Publish the update and set dct:modified, or correct dct:accrualPeriodicity."
    );
    code!(
        CHECKSUM_MISMATCH,
        "metadata.checksum.mismatch",
        Error,
        "The file's digest differs from the distribution's recorded spdx:checksum.",
        "The file is not the one described: publish the right file or record its new checksum."
    );
    code!(
        CHECKSUM_UNSUPPORTED,
        "metadata.checksum.unsupported-algorithm",
        Warning,
        "The checksum's algorithm is not one opendata computes (SHA-256, SHA-512).",
        "Record a SHA-256 checksum (spdx:checksumAlgorithm_sha256)."
    );
    code!(
        BAD_JSON,
        "metadata.json",
        Error,
        "The JSON file does not parse.",
        "Fix the JSON at the line and column given."
    );
    code!(DCAT_US_CATALOG_CONFORMS_TO, "dcat-us.catalog.conforms-to", Error, "The data.json catalogue does not declare conformsTo https://project-open-data.cio.gov/v1.1/schema.", "Add \"conformsTo\": \"https://project-open-data.cio.gov/v1.1/schema\" to the catalogue.");
    code!(DCAT_US_MISSING, "dcat-us.missing-field", Error, "A field DCAT-US 1.1 requires is missing or empty.", "Fill the field: title, description, keyword, modified, publisher, contactPoint, identifier, accessLevel, bureauCode and programCode are required.");
    code!(
        DCAT_US_ACCESS_LEVEL,
        "dcat-us.access-level",
        Error,
        "accessLevel is not one of public, restricted public, non-public.",
        "Use exactly public, restricted public or non-public."
    );
    code!(
        DCAT_US_RIGHTS,
        "dcat-us.rights-required",
        Error,
        "A dataset that is not public does not say why in rights.",
        "Explain the restriction in rights (DCAT-US requires it when accessLevel is not public)."
    );
    code!(
        DCAT_US_EMAIL,
        "dcat-us.email-format",
        Error,
        "contactPoint.hasEmail is not mailto: followed by an address.",
        "Write hasEmail as mailto:name@agency.gov."
    );
    code!(
        DCAT_US_CODE_FORMAT,
        "dcat-us.code-format",
        Error,
        "A bureauCode (NNN:NN) or programCode (NNN:NNN) does not have the OMB form.",
        "Use the OMB codes, e.g. bureauCode 015:11, programCode 015:001."
    );
    code!(
        DCAT_US_DATE,
        "dcat-us.date-format",
        Error,
        "modified is not an ISO 8601 date.",
        "Write modified as YYYY-MM-DD or an ISO 8601 date-time."
    );
    code!(
        DCAT_US_MEDIA_TYPE,
        "dcat-us.distribution.missing-media-type",
        Error,
        "A distribution with downloadURL has no mediaType.",
        "Add the file's IANA media type, e.g. text/csv."
    );
    code!(
        DCAT_US_NO_URL,
        "dcat-us.distribution.no-url",
        Error,
        "A distribution has neither downloadURL nor accessURL.",
        "Add downloadURL for a file or accessURL for an API or landing page."
    );
    code!(
        SCHEMA_ORG_MISSING,
        "schema-org.required-missing",
        Error,
        "The schema.org Dataset lacks a property Google requires (name, description).",
        "Give the dataset a title and a description."
    );
    code!(
        SCHEMA_ORG_DESCRIPTION_LENGTH,
        "schema-org.description-length",
        Warning,
        "The description is shorter than 50 or longer than 5000 characters.",
        "Write a description of 50 to 5000 characters; search engines show it."
    );
    code!(
        SCHEMA_ORG_RECOMMENDED,
        "schema-org.recommended-missing",
        Info,
        "The schema.org Dataset lacks a property Google recommends.",
        "Add it so search engines can show and filter the dataset."
    );
    code!(NO_RESOURCES, "metadata.no-resources", Warning, "The file describes no dcat:Catalog, dcat:Dataset, dcat:DataService or dcat:Distribution.", "Type the resources (rdf:type dcat:Dataset ...) or check that the file uses the DCAT vocabulary.");
}

/// Every code of this module, for the code table.
pub(crate) const CODES: &[CodeInfo] = &[
    codes::SYNTAX,
    codes::UNKNOWN_FORMAT,
    codes::EMPTY,
    codes::NO_RESOURCES,
];

/// Every finding code of the catalogue checks: reading codes, then the generated DCAT-AP
/// rule codes.
pub fn all_codes() -> impl Iterator<Item = &'static CodeInfo> {
    CODES.iter().chain(rules::codes().iter())
}

/// The rule set to validate against.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Profile {
    /// DCAT-AP 3.0 (the official SHACL shapes).
    #[default]
    #[serde(rename = "dcat-ap-3")]
    DcatAp3,
    /// DCAT-US / Project Open Data `data.json` 1.1 required fields.
    #[serde(rename = "dcat-us")]
    DcatUs,
    /// schema.org `Dataset` as Google's dataset guidance lists it.
    #[serde(rename = "schema-org")]
    SchemaOrg,
}

impl Profile {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Profile::DcatAp3 => "dcat-ap-3",
            Profile::DcatUs => "dcat-us",
            Profile::SchemaOrg => "schema-org",
        }
    }
}

/// What to validate and how.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct ValidateRequest {
    /// The input format; detected from the content when `None`.
    pub format: Option<MetadataFormat>,
    /// The file name, used only to help format detection.
    pub file_name: Option<String>,
    /// Base IRI for relative IRIs in the input.
    pub base_iri: Option<String>,
    /// The rule set.
    pub profile: Profile,
    /// Rule options.
    pub options: ValidateOptions,
}

/// A metadata file read into a graph and the typed model.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Parsed {
    /// The JSON value, for the JSON formats (data.json, CKAN, datapackage).
    pub json: Option<serde_json::Value>,
    /// The format it was read as; `None` when it could not be recognised.
    pub format: Option<MetadataFormat>,
    /// The RDF graph.
    pub graph: Graph,
    /// The typed model.
    pub document: MetadataDocument,
}

/// The format [`read`] reads a file as, without reading it: `format` when given, else
/// detected from the content (and the file name when the content is ambiguous); `None`
/// for an empty file or an unrecognised one.
///
/// ```
/// use opendata_core::catalog::{input_format, MetadataFormat};
/// assert_eq!(input_format(b"{\"@context\": {}}", None, None), Some(MetadataFormat::JsonLd));
/// assert_eq!(input_format(b"  \n", Some(MetadataFormat::Turtle), None), None);
/// ```
pub fn input_format(
    bytes: &[u8],
    format: Option<MetadataFormat>,
    file_name: Option<&str>,
) -> Option<MetadataFormat> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    format.or_else(|| detect_format(bytes, file_name))
}

/// Reads a metadata file in any supported format. Problems reading it (syntax errors with
/// their positions, an unknown format) are added to `sink`; what could be read is returned.
pub fn read(
    bytes: &[u8],
    format: Option<MetadataFormat>,
    file_name: Option<&str>,
    base_iri: Option<&str>,
    sink: &mut FindingSink,
) -> Parsed {
    let format = if bytes.iter().all(u8::is_ascii_whitespace) {
        sink.push(&codes::EMPTY, report::Location::file(), "the file is empty");
        None
    } else {
        let found = input_format(bytes, format, file_name);
        if found.is_none() {
            sink.push(
                &codes::UNKNOWN_FORMAT,
                report::Location::file(),
                "the format could not be recognised",
            );
        }
        found
    };
    let (graph, document, json) = match format {
        Some(f) if f.is_rdf() => {
            let graph = parse_rdf(bytes, f, base_iri, sink);
            let document = document_from_graph(&graph);
            (graph, document, None)
        }
        Some(f) => match serde_json::from_slice::<serde_json::Value>(bytes) {
            Ok(value) => {
                let document = match f {
                    MetadataFormat::DataJson => {
                        mappings::data_json::document_from_data_json(&value)
                    }
                    MetadataFormat::Ckan => mappings::ckan::document_from_ckan(&value),
                    MetadataFormat::Datapackage => MetadataDocument::from_dataset(
                        mappings::datapackage::dataset_from_datapackage(&value),
                    ),
                    _ => {
                        sink.push(
                            &codes::UNKNOWN_FORMAT,
                            report::Location::file(),
                            format!("reading {f} is not supported (it is an output format)"),
                        );
                        MetadataDocument::default()
                    }
                };
                (document_to_graph(&document), document, Some(value))
            }
            Err(e) => {
                let location = report::Location {
                    row: Some(e.line() as u64),
                    column: Some(e.column() as u64),
                    ..report::Location::default()
                };
                sink.push(
                    &codes::BAD_JSON,
                    location,
                    format!("{f} is not valid JSON: {e}"),
                );
                (Graph::new(), MetadataDocument::default(), None)
            }
        },
        None => (Graph::new(), MetadataDocument::default(), None),
    };
    Parsed {
        json,
        format,
        graph,
        document,
    }
}

/// Validates a metadata file: reads it (syntax errors become findings with positions) and
/// checks every catalogue, dataset, distribution and service against the profile.
pub fn validate(bytes: &[u8], request: &ValidateRequest) -> Report {
    let mut sink = FindingSink::new(request.options.max_findings_per_code);
    let parsed = read(
        bytes,
        request.format,
        request.file_name.as_deref(),
        request.base_iri.as_deref(),
        &mut sink,
    );
    validate_parsed(&parsed, request, &mut sink);
    sink.into_report(None)
}

fn validate_parsed(parsed: &Parsed, request: &ValidateRequest, sink: &mut FindingSink) {
    let doc = &parsed.document;
    let has_resources = !doc.catalogs.is_empty()
        || !doc.datasets.is_empty()
        || !doc.services.is_empty()
        || !doc.distributions.is_empty();
    if parsed.format.is_some() && !has_resources && !sink.has_errors() {
        sink.push(
            &codes::NO_RESOURCES,
            report::Location::file(),
            format!(
                "{} statements, none about a DCAT resource",
                parsed.graph.len()
            ),
        );
    }
    match request.profile {
        Profile::DcatAp3 => {
            validate_graph(&parsed.graph, &request.options, sink);
            licence_checks::check_licences(doc, sink);
        }
        Profile::DcatUs => match (&parsed.json, parsed.format) {
            (Some(json), Some(MetadataFormat::DataJson)) => {
                mappings::data_json::check_data_json(json, sink)
            }
            // Other inputs are checked as the data.json opendata would write for them.
            _ => mappings::data_json::check_data_json(
                &mappings::data_json::data_json_from_document(doc),
                sink,
            ),
        },
        Profile::SchemaOrg => {
            for (i, ds) in doc.all_datasets().enumerate() {
                let value = mappings::schema_org::schema_org_from_dataset(ds);
                mappings::schema_org::check_schema_org(&value, &format!("$[{i}]"), sink);
            }
        }
    }
}

/// Validates a model (as built by a program) against DCAT-AP 3.0.
pub fn validate_document(document: &MetadataDocument, options: &ValidateOptions) -> Report {
    let mut sink = FindingSink::new(options.max_findings_per_code);
    validate_graph(&document_to_graph(document), options, &mut sink);
    sink.into_report(None)
}

/// Writes a model in an output format.
pub fn write_document(
    document: &MetadataDocument,
    format: MetadataFormat,
) -> Result<String, CatalogError> {
    let json = match format {
        f if f.is_rdf() => return write_rdf(&document_to_graph(document), f),
        MetadataFormat::Ckan => mappings::ckan::ckan_from_document(document),
        MetadataFormat::DataJson => mappings::data_json::data_json_from_document(document),
        MetadataFormat::SchemaOrg => mappings::schema_org::schema_org_from_document(document),
        MetadataFormat::Datapackage => return write_datapackage(document, &[]),
        _ => {
            return Err(CatalogError::UnsupportedConversion {
                to: format.name(),
                reason: "no writer for this format".to_owned(),
            })
        }
    };
    serde_json::to_string_pretty(&json).map_err(|e| CatalogError::Serialise(e.to_string()))
}

/// Writes the one dataset of a document as a Frictionless `datapackage.json` whose tabular
/// resources (the CSV and TSV distributions, in order) carry `table_schemas` inline, one
/// each; other resources, and tabular ones past the last schema, name their
/// `dct:conformsTo` as `schema` when they have one.
///
/// ```
/// use opendata_core::catalog::{read, write_datapackage};
/// use opendata_core::report::FindingSink;
/// use opendata_core::table::schema::{Field, TableSchema};
/// use opendata_core::table::types::FieldType;
///
/// let ttl = br#"@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
/// <https://e.org/ds> a dcat:Dataset ; dct:title "Bees"@en ;
///   dcat:distribution [ a dcat:Distribution ; dcat:downloadURL <https://e.org/bees.csv> ;
///     dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> ] ."#;
/// let parsed = read(ttl, None, None, None, &mut FindingSink::new(10));
/// let schema = TableSchema::new(vec![Field::new("hives", FieldType::Integer)]);
/// let text = write_datapackage(&parsed.document, &[schema])?;
/// let package: serde_json::Value = serde_json::from_str(&text).unwrap();
/// assert_eq!(package["resources"][0]["schema"]["fields"][0]["name"], "hives");
/// # Ok::<(), opendata_core::CatalogError>(())
/// ```
pub fn write_datapackage(
    document: &MetadataDocument,
    table_schemas: &[crate::table::schema::TableSchema],
) -> Result<String, CatalogError> {
    let mut all = document.all_datasets();
    let ds = match (all.next(), all.next()) {
        (Some(ds), None) => ds,
        (first, _) => {
            return Err(CatalogError::UnsupportedConversion {
                to: MetadataFormat::Datapackage.name(),
                reason: format!(
                    "a data package describes one dataset; the input has {}",
                    if first.is_none() { "none" } else { "several" }
                ),
            })
        }
    };
    let tabular = ds.distributions.iter().enumerate().filter(|(_, d)| {
        let format = d.format.as_deref().unwrap_or_default();
        let media = d.media_type.as_deref().unwrap_or_default();
        format.ends_with("/CSV")
            || format.ends_with("/TSV")
            || media.ends_with("text/csv")
            || media.ends_with("text/tab-separated-values")
    });
    let mut schemas = Vec::new();
    for ((index, _), schema) in tabular.zip(table_schemas) {
        let value = serde_json::from_str(&schema.to_json())
            .map_err(|e| CatalogError::Serialise(e.to_string()))?;
        schemas.push((index, value));
    }
    if schemas.len() < table_schemas.len() {
        return Err(CatalogError::UnsupportedConversion {
            to: MetadataFormat::Datapackage.name(),
            reason: format!(
                "{} Table Schemas for {} CSV or TSV distributions",
                table_schemas.len(),
                schemas.len()
            ),
        });
    }
    let json = mappings::datapackage::datapackage_from_dataset(ds, &schemas);
    serde_json::to_string_pretty(&json).map_err(|e| CatalogError::Serialise(e.to_string()))
}

/// Converts a metadata file to another format. Reading problems are returned as a report
/// next to the output (the output holds what could be read).
pub fn convert(
    bytes: &[u8],
    from: Option<MetadataFormat>,
    to: MetadataFormat,
    file_name: Option<&str>,
) -> Result<(String, Report), CatalogError> {
    let mut sink = FindingSink::new(100);
    let parsed = read(bytes, from, file_name, None, &mut sink);
    let out = write_document(&parsed.document, to)?;
    Ok((out, sink.into_report(None)))
}

/// Everything `opendata metadata score` reports: the validation findings (freshness
/// included), the MQA score and the freshness of every dataset.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct QualityReport {
    /// Reading, validation, licence and freshness findings.
    pub report: Report,
    /// One score per dataset.
    pub scores: Vec<DatasetScore>,
    /// One freshness verdict per dataset.
    pub freshness: Vec<Freshness>,
}

/// Validates a metadata file, scores every dataset after the MQA indicators and judges
/// its freshness on `today`.
pub fn assess(
    bytes: &[u8],
    request: &ValidateRequest,
    options: &ScoreOptions,
    today: time::Date,
) -> QualityReport {
    let mut sink = FindingSink::new(request.options.max_findings_per_code);
    let parsed = read(
        bytes,
        request.format,
        request.file_name.as_deref(),
        request.base_iri.as_deref(),
        &mut sink,
    );
    validate_parsed(&parsed, request, &mut sink);
    let fresh: Vec<Freshness> = parsed
        .document
        .all_datasets()
        .map(|d| freshness(d, today))
        .collect();
    for f in fresh
        .iter()
        .filter(|f| f.status == FreshnessStatus::Overdue)
    {
        let subject = f.dataset.clone().unwrap_or_else(|| "[]".to_owned());
        let due = f.due.map(|d| d.to_string()).unwrap_or_default();
        let last = f.last_update.map(|d| d.to_string()).unwrap_or_default();
        sink.push(
            &codes::FRESHNESS_OVERDUE,
            report::Location::rdf(subject.clone(), "dct:modified"),
            format!(
            "Dataset {subject}: last updated {last}, next update was due {due}: {} days overdue.",
            f.overdue_days
        ),
        );
    }
    let report = sink.into_report(None);
    let error_subjects: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .filter_map(|f| f.location.subject.clone())
        .collect();
    let scores = score(&parsed.document, &error_subjects, options);
    QualityReport {
        report,
        scores,
        freshness: fresh,
    }
}

/// Verifies a distribution file against the checksum its metadata records, as findings.
/// `distribution` picks the distribution by IRI; without it, the only distribution with a
/// checksum is used.
pub fn verify_distribution_file(
    document: &MetadataDocument,
    distribution: Option<&str>,
    file: impl std::io::Read,
) -> Result<(Option<ChecksumVerification>, Report), CatalogError> {
    let mut sink = FindingSink::new(100);
    let candidates: Vec<&Distribution> = document
        .all_datasets()
        .flat_map(|d| d.distributions.iter())
        .chain(document.distributions.iter())
        .filter(|d| d.checksum.is_some())
        .filter(|d| distribution.is_none_or(|want| d.id.as_deref() == Some(want)))
        .collect();
    let chosen = match candidates.as_slice() {
        [one] => *one,
        [] => {
            return Err(CatalogError::InvalidOption {
                option: "distribution",
                reason: "no distribution with a spdx:checksum matches".to_owned(),
            })
        }
        _ => {
            return Err(CatalogError::InvalidOption {
                option: "distribution",
                reason: format!(
                    "{} distributions have a checksum; name one",
                    candidates.len()
                ),
            })
        }
    };
    let Some(checksum) = &chosen.checksum else {
        return Ok((None, sink.into_report(None)));
    };
    let v = verify_checksum(checksum, file)?;
    let subject = chosen.id.clone().unwrap_or_else(|| "[]".to_owned());
    match v.status {
        ChecksumStatus::Mismatch => sink.push(
            &codes::CHECKSUM_MISMATCH,
            report::Location::rdf(subject.clone(), "spdx:checksum"),
            format!(
                "Distribution {subject}: the file's digest is {}, the metadata records {}.",
                v.actual.clone().unwrap_or_default(),
                v.expected
            ),
        ),
        ChecksumStatus::UnsupportedAlgorithm => sink.push(
            &codes::CHECKSUM_UNSUPPORTED,
            report::Location::rdf(subject.clone(), "spdx:algorithm"),
            format!("Distribution {subject}: cannot compute {}.", v.algorithm),
        ),
        _ => {}
    }
    Ok((Some(v), sink.into_report(None)))
}
