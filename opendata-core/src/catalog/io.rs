//! Reading and writing metadata files: format detection, RDF parsing with syntax errors
//! turned into findings, and serialisation.

use oxrdf::Graph;
use oxrdfio::{JsonLdProfileSet, LoadedDocument, RdfFormat, RdfParser, RdfSerializer};
use serde::{Deserialize, Serialize};

use super::codes;
use super::ns::PREFIXES;
use crate::error::CatalogError;
use crate::report::{FindingSink, Location};

/// The DCAT-AP 3 JSON-LD context, embedded so that documents naming it parse offline.
pub(crate) const DCAT_AP_CONTEXT: &str = include_str!("contexts/dcat-ap-3.jsonld");
/// The context of the DCAT-AP 3 examples.
const DCAT_AP_EXAMPLES_CONTEXT: &str = include_str!("contexts/dcat-ap-3-examples.jsonld");

/// Remote JSON-LD contexts answered from embedded copies (the core never uses the network).
const KNOWN_CONTEXTS: &[(&str, &str)] = &[
    ("https://semiceu.github.io/DCAT-AP/releases/3.0.0/context/dcat-ap.jsonld", DCAT_AP_CONTEXT),
    ("https://semiceu.github.io/DCAT-AP/releases/3.0.1/context/dcat-ap.jsonld", DCAT_AP_CONTEXT),
    (
        "https://semiceu.github.io/uri.semic.eu-generated/DCAT-AP/releases/3.0.0/context/dcat-ap.jsonld",
        DCAT_AP_CONTEXT,
    ),
    (
        "https://semiceu.github.io/uri.semic.eu-generated/DCAT-AP/releases/3.0.0/html/examples/context.jsonld",
        DCAT_AP_EXAMPLES_CONTEXT,
    ),
];

/// A metadata file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum MetadataFormat {
    /// JSON-LD: read compacted or expanded; written compacted with the DCAT-AP 3 context.
    #[serde(rename = "jsonld")]
    JsonLd,
    /// JSON-LD written in expanded form (full IRIs, every value in an array); read as JSON-LD.
    #[serde(rename = "jsonld-expanded")]
    JsonLdExpanded,
    /// Turtle.
    #[serde(rename = "turtle")]
    Turtle,
    /// RDF/XML.
    #[serde(rename = "rdfxml")]
    RdfXml,
    /// N-Triples.
    #[serde(rename = "ntriples")]
    NTriples,
    /// DCAT-US / Project Open Data `data.json` 1.1.
    #[serde(rename = "data.json")]
    DataJson,
    /// CKAN package JSON (`package_show` output, bare or wrapped in `result`).
    #[serde(rename = "ckan")]
    Ckan,
    /// Frictionless `datapackage.json`.
    #[serde(rename = "datapackage")]
    Datapackage,
    /// schema.org `Dataset` JSON-LD (for search engines).
    #[serde(rename = "schema-org")]
    SchemaOrg,
}

impl MetadataFormat {
    /// The name used on the command line and in JSON (`jsonld`, `turtle`, `data.json`...).
    pub fn name(self) -> &'static str {
        match self {
            MetadataFormat::JsonLd => "jsonld",
            MetadataFormat::JsonLdExpanded => "jsonld-expanded",
            MetadataFormat::Turtle => "turtle",
            MetadataFormat::RdfXml => "rdfxml",
            MetadataFormat::NTriples => "ntriples",
            MetadataFormat::DataJson => "data.json",
            MetadataFormat::Ckan => "ckan",
            MetadataFormat::Datapackage => "datapackage",
            MetadataFormat::SchemaOrg => "schema-org",
        }
    }

    /// Looks a format up by [`name`](Self::name) or a common alias (`ttl`, `json-ld`, `nt`...).
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name.to_ascii_lowercase().as_str() {
            "jsonld" | "json-ld" => MetadataFormat::JsonLd,
            "jsonld-expanded" | "expanded" => MetadataFormat::JsonLdExpanded,
            "turtle" | "ttl" => MetadataFormat::Turtle,
            "rdfxml" | "rdf-xml" | "rdf" | "xml" => MetadataFormat::RdfXml,
            "ntriples" | "n-triples" | "nt" => MetadataFormat::NTriples,
            "data.json" | "datajson" | "dcat-us" => MetadataFormat::DataJson,
            "ckan" => MetadataFormat::Ckan,
            "datapackage" | "datapackage.json" | "frictionless" => MetadataFormat::Datapackage,
            "schema-org" | "schemaorg" | "schema.org" => MetadataFormat::SchemaOrg,
            _ => return None,
        })
    }

    /// Every format, in the order the command line lists them.
    pub const ALL: &'static [MetadataFormat] = &[
        MetadataFormat::JsonLd,
        MetadataFormat::JsonLdExpanded,
        MetadataFormat::Turtle,
        MetadataFormat::RdfXml,
        MetadataFormat::NTriples,
        MetadataFormat::Ckan,
        MetadataFormat::DataJson,
        MetadataFormat::SchemaOrg,
        MetadataFormat::Datapackage,
    ];

    /// [`from_name`](Self::from_name), or an [`CatalogError::InvalidOption`] naming
    /// `option` and the formats there are (for the bindings' `to=` / `from_=` arguments).
    ///
    /// ```
    /// use opendata_core::catalog::MetadataFormat;
    /// assert_eq!(MetadataFormat::parse_option("to", "ttl").unwrap(), MetadataFormat::Turtle);
    /// assert!(MetadataFormat::parse_option("to", "docx").is_err());
    /// ```
    pub fn parse_option(option: &'static str, name: &str) -> Result<Self, CatalogError> {
        Self::from_name(name).ok_or_else(|| CatalogError::InvalidOption {
            option,
            reason: format!(
                "unknown metadata format {name:?}; expected one of {}",
                Self::ALL
                    .iter()
                    .map(|f| f.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
    }

    /// Whether the format is an RDF syntax (as opposed to a JSON mapping).
    pub fn is_rdf(self) -> bool {
        matches!(
            self,
            MetadataFormat::JsonLd
                | MetadataFormat::JsonLdExpanded
                | MetadataFormat::Turtle
                | MetadataFormat::RdfXml
                | MetadataFormat::NTriples
        )
    }

    fn rdf_format(self) -> Option<RdfFormat> {
        Some(match self {
            MetadataFormat::JsonLd | MetadataFormat::JsonLdExpanded => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
            MetadataFormat::Turtle => RdfFormat::Turtle,
            MetadataFormat::RdfXml => RdfFormat::RdfXml,
            MetadataFormat::NTriples => RdfFormat::NTriples,
            _ => return None,
        })
    }
}

impl std::fmt::Display for MetadataFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Guesses a file's format from its content, and from its name when the content is
/// ambiguous. `None` when it is none of the known formats.
///
/// ```
/// use opendata_core::catalog::{detect_format, MetadataFormat};
/// assert_eq!(detect_format(b"@prefix dcat: <http://www.w3.org/ns/dcat#> .", None), Some(MetadataFormat::Turtle));
/// assert_eq!(detect_format(br#"{"@context": {}, "@id": "x"}"#, None), Some(MetadataFormat::JsonLd));
/// assert_eq!(detect_format(b"<https://e.org/s> <https://e.org/p> \"o\" .", Some("x.nt")), Some(MetadataFormat::NTriples));
/// assert_eq!(detect_format(b"<?xml version=\"1.0\"?><rdf:RDF/>", None), Some(MetadataFormat::RdfXml));
/// ```
pub fn detect_format(bytes: &[u8], file_name: Option<&str>) -> Option<MetadataFormat> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len());
    let head = &text[start..text.len().min(start + 4096)];
    let lower_name = file_name
        .map(|n| n.to_ascii_lowercase())
        .unwrap_or_default();
    match head.first() {
        Some(b'{') | Some(b'[') => {
            // Look at the top-level keys of a JSON object without parsing a huge file twice.
            let value: Option<serde_json::Value> = serde_json::from_slice(text).ok();
            let obj = value.as_ref().and_then(|v| v.as_object());
            if let Some(obj) = obj {
                let key = |k: &str| obj.contains_key(k);
                let ctx = obj
                    .get("@context")
                    .map(|c| c.to_string())
                    .unwrap_or_default();
                if ctx.contains("schema.org") && !ctx.contains("dcat") {
                    return Some(MetadataFormat::SchemaOrg);
                }
                if key("dataset") && (key("conformsTo") || ctx.contains("project-open-data")) {
                    return Some(MetadataFormat::DataJson);
                }
                if key("@context") || key("@graph") || key("@id") {
                    return Some(MetadataFormat::JsonLd);
                }
                if key("result") && obj.get("result").is_some_and(|r| r.get("name").is_some()) {
                    return Some(MetadataFormat::Ckan);
                }
                if key("resources") && (key("profile") || lower_name.ends_with("datapackage.json"))
                {
                    return Some(MetadataFormat::Datapackage);
                }
                if key("resources")
                    && obj
                        .get("resources")
                        .and_then(|r| r.as_array())
                        .is_some_and(|r| {
                            r.iter().any(|x| x.get("path").is_some())
                                && !r.iter().any(|x| x.get("url").is_some())
                        })
                {
                    return Some(MetadataFormat::Datapackage);
                }
                if key("name") && (key("resources") || key("notes") || key("organization")) {
                    return Some(MetadataFormat::Ckan);
                }
                if key("dataset") {
                    return Some(MetadataFormat::DataJson);
                }
            }
            // A JSON array or malformed JSON: JSON-LD is the RDF reading of it, and its
            // parser will say where it breaks.
            Some(MetadataFormat::JsonLd)
        }
        Some(b'<') if !starts_with_iri(head) => Some(MetadataFormat::RdfXml),
        Some(_) => {
            if lower_name.ends_with(".nt") {
                Some(MetadataFormat::NTriples)
            } else {
                // N-Triples is a subset of Turtle, so Turtle reads both.
                Some(MetadataFormat::Turtle)
            }
        }
        None => None,
    }
}

/// Whether text starting with `<` opens an IRI (`<https://...>`, Turtle or N-Triples)
/// rather than an XML tag: tag names hold no `/` or `#`.
fn starts_with_iri(head: &[u8]) -> bool {
    head.iter()
        .skip(1)
        .take_while(|b| !b.is_ascii_whitespace() && **b != b'>')
        .any(|b| *b == b'/' || *b == b'#')
        && !head.starts_with(b"<?")
        && !head.starts_with(b"<!")
}

/// The most syntax errors reported for one file before parsing stops.
const MAX_SYNTAX_ERRORS: usize = 50;

/// Parses an RDF file into a graph. Syntax errors become `metadata.syntax` findings with
/// their line, column and byte offset; the statements read before and between errors are
/// kept, so one bad line does not hide the rest.
pub fn parse_rdf(
    bytes: &[u8],
    format: MetadataFormat,
    base_iri: Option<&str>,
    sink: &mut FindingSink,
) -> Graph {
    let mut graph = Graph::new();
    let Some(rdf_format) = format.rdf_format() else {
        sink.push(
            &codes::UNKNOWN_FORMAT,
            Location::file(),
            format!("{format} is not an RDF syntax"),
        );
        return graph;
    };
    let mut parser = RdfParser::from_format(rdf_format).without_named_graphs();
    if let Some(base) = base_iri {
        match parser.clone().with_base_iri(base) {
            Ok(p) => parser = p,
            Err(e) => sink.push(
                &codes::SYNTAX,
                Location::file(),
                format!("invalid base IRI `{base}`: {e}"),
            ),
        }
    }
    let quads = parser.for_slice(bytes).with_document_loader(|url| {
        KNOWN_CONTEXTS
            .iter()
            .find(|(known, _)| *known == url)
            .map(|(known, content)| LoadedDocument {
                url: (*known).to_owned(),
                content: content.as_bytes().to_vec(),
                format: RdfFormat::JsonLd {
                    profile: JsonLdProfileSet::empty(),
                },
            })
            .ok_or_else(|| {
                format!(
                    "the remote JSON-LD context <{url}> is not fetched (opendata never uses the network); \
                     put the context inline or use the DCAT-AP 3 context URL"
                )
                .into()
            })
    });
    let mut errors = 0;
    for quad in quads {
        match quad {
            Ok(q) => {
                graph.insert(oxrdf::TripleRef::new(&q.subject, &q.predicate, &q.object));
            }
            Err(e) => {
                errors += 1;
                let location = match e.location() {
                    Some(range) => Location {
                        row: Some(range.start.line + 1),
                        column: Some(range.start.column + 1),
                        byte_offset: Some(range.start.offset),
                        ..Location::default()
                    },
                    None => Location::file(),
                };
                sink.push(
                    &codes::SYNTAX,
                    location,
                    format!("{format} syntax error: {e}"),
                );
                if errors >= MAX_SYNTAX_ERRORS {
                    break;
                }
            }
        }
    }
    graph
}

/// Serialises a graph in an RDF syntax, with the DCAT-AP prefixes (JSON-LD output is
/// compacted with them as an inline `@context`; blank nodes used once are nested).
pub fn write_rdf(graph: &Graph, format: MetadataFormat) -> Result<String, CatalogError> {
    let Some(rdf_format) = format.rdf_format() else {
        return Err(CatalogError::UnsupportedConversion {
            to: format.name(),
            reason: "not an RDF syntax".to_owned(),
        });
    };
    if format == MetadataFormat::JsonLdExpanded {
        let mut graph = graph.clone();
        graph.canonicalize(oxrdf::graph::CanonicalizationAlgorithm::Unstable);
        return Ok(super::jsonld::write_expanded(&graph));
    }
    if format == MetadataFormat::JsonLd && !super::jsonld::prefix_clash(graph) {
        let mut graph = graph.clone();
        graph.canonicalize(oxrdf::graph::CanonicalizationAlgorithm::Unstable);
        return Ok(super::jsonld::write_compacted(&graph));
    }
    let mut serializer = RdfSerializer::from_format(rdf_format);
    if matches!(format, MetadataFormat::Turtle | MetadataFormat::RdfXml) {
        for (prefix, iri) in PREFIXES {
            serializer = serializer
                .with_prefix(*prefix, *iri)
                .map_err(|e| CatalogError::Serialise(e.to_string()))?;
        }
    }
    let mut writer = serializer.for_writer(Vec::new());
    // Blank-node labels from a parser are random; canonical labels and sorted statements
    // make the same graph give byte-identical output on every run.
    let mut graph = graph.clone();
    graph.canonicalize(oxrdf::graph::CanonicalizationAlgorithm::Unstable);
    let mut triples: Vec<_> = graph.iter().collect();
    triples.sort_by_cached_key(|t| {
        (
            t.subject.to_string(),
            t.predicate.to_string(),
            t.object.to_string(),
        )
    });
    for t in triples {
        writer
            .serialize_triple(t)
            .map_err(|e| CatalogError::Serialise(e.to_string()))?;
    }
    let bytes = writer
        .finish()
        .map_err(|e| CatalogError::Serialise(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| CatalogError::Serialise(e.to_string()))
}
