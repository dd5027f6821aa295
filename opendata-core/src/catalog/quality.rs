//! A metadata quality score after data.europa.eu's Metadata Quality Assessment (MQA):
//! five dimensions of indicators, each worth points, 405 in all. Everything is computed
//! offline; the two indicators that need the network (are the access and download URLs
//! reachable?) are "not assessed" unless the caller supplies HTTP status codes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::{Dataset, Distribution, MetadataDocument};
use super::vocab::{self, schemes};

/// An MQA dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Dimension {
    /// Can the data be found (keywords, themes, space, time)?
    Findability,
    /// Can the data be reached?
    Accessibility,
    /// Can the data be used with other data (formats, vocabularies)?
    Interoperability,
    /// May and can the data be reused (licence, access rights, contact)?
    Reusability,
    /// Is the context clear (rights, size, dates)?
    Contextuality,
}

/// Whether an indicator could be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Assessment {
    /// Computed from the metadata.
    Assessed,
    /// Needs the network; pass HTTP status codes in [`ScoreOptions::url_status`].
    NotAssessed,
}

/// One indicator's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Indicator {
    /// Stable id, e.g. `keyword`, `access-url-status`.
    pub id: String,
    /// Its dimension.
    pub dimension: Dimension,
    /// Points earned (distribution indicators: the maximum times the share of
    /// distributions that meet it, rounded).
    pub points: u32,
    /// Points available.
    pub max: u32,
    /// Whether it was computed.
    pub assessment: Assessment,
}

/// The MQA rating bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Rating {
    /// 351-405 points.
    Excellent,
    /// 221-350 points.
    Good,
    /// 121-220 points.
    Sufficient,
    /// 0-120 points.
    Bad,
}

impl Rating {
    fn of(points: u32) -> Self {
        match points {
            351.. => Rating::Excellent,
            221..=350 => Rating::Good,
            121..=220 => Rating::Sufficient,
            _ => Rating::Bad,
        }
    }
}

/// The score of one dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DatasetScore {
    /// The dataset's IRI (or blank-node id).
    pub dataset: Option<String>,
    /// Points earned.
    pub points: u32,
    /// Points available (405).
    pub max: u32,
    /// Points of indicators that were not assessed (counted in `max`, not in `points`).
    pub not_assessed: u32,
    /// The MQA band for `points`.
    pub rating: Rating,
    /// Points per dimension: (earned, available).
    pub dimensions: BTreeMap<Dimension, (u32, u32)>,
    /// Every indicator.
    pub indicators: Vec<Indicator>,
}

/// Options of [`score`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct ScoreOptions {
    /// HTTP status codes the caller got for access and download URLs (the core never uses
    /// the network). URLs missing here leave the reachability indicators not assessed.
    pub url_status: BTreeMap<String, u16>,
}

/// EU file types that are not proprietary (an approximation of data.europa.eu's list).
const NON_PROPRIETARY: &[&str] = &[
    "CSV",
    "TSV",
    "JSON",
    "JSON_LD",
    "GEOJSON",
    "XML",
    "RDF",
    "RDF_XML",
    "RDF_TURTLE",
    "RDF_N_TRIPLES",
    "RDF_N_QUADS",
    "RDFA",
    "N3",
    "TXT",
    "HTML",
    "ODS",
    "ODT",
    "ODF",
    "ODG",
    "ODP",
    "GML",
    "KML",
    "KMZ",
    "GPKG",
    "NETCDF",
    "PARQUET",
    "PNG",
    "SVG",
    "TIFF",
    "GEOTIFF",
    "ATOM",
    "RSS",
    "ICS",
    "SPARQLQ",
    "SPARQLQRES",
    "YAML",
    "MD",
    "WMS_SRVC",
    "WFS_SRVC",
    "WCS_SRVC",
    "XLSX",
    "DOCX",
    "PDFA1A",
    "PDFA1B",
    "EPUB",
    "SHP",
    "ZIP",
    "GZIP",
    "TAR",
];
/// EU file types a program can read as data (an approximation of data.europa.eu's list).
const MACHINE_READABLE: &[&str] = &[
    "CSV",
    "TSV",
    "JSON",
    "JSON_LD",
    "GEOJSON",
    "XML",
    "RDF",
    "RDF_XML",
    "RDF_TURTLE",
    "RDF_N_TRIPLES",
    "RDF_N_QUADS",
    "RDFA",
    "N3",
    "XLS",
    "XLSX",
    "ODS",
    "GML",
    "KML",
    "KMZ",
    "GPKG",
    "NETCDF",
    "PARQUET",
    "SHP",
    "DBF",
    "ATOM",
    "RSS",
    "ICS",
    "SPARQLQRES",
    "YAML",
    "HDF",
    "GRIB",
    "AVRO",
    "ORC",
    "SQL",
    "MDB",
    "WMS_SRVC",
    "WFS_SRVC",
    "WCS_SRVC",
];

fn file_type_code(iri: &str) -> Option<&str> {
    iri.strip_prefix(schemes::FILE_TYPE)?.strip_prefix('/')
}

/// Scores every dataset of a document. `compliant` says, per dataset id, whether DCAT-AP
/// validation found no error on the dataset or its distributions (see [`score`]).
fn score_dataset(ds: &Dataset, compliant: bool, options: &ScoreOptions) -> DatasetScore {
    let dists = &ds.distributions;
    let share = |max: u32, test: &dyn Fn(&Distribution) -> bool| -> u32 {
        if dists.is_empty() {
            return 0;
        }
        let n = dists.iter().filter(|d| test(d)).count() as f64;
        (f64::from(max) * n / dists.len() as f64).round() as u32
    };
    let all = |test: bool, max: u32| if test { max } else { 0 };
    let mut indicators = Vec::new();
    let mut add =
        |id: &str, dimension: Dimension, points: u32, max: u32, assessment: Assessment| {
            indicators.push(Indicator {
                id: id.to_owned(),
                dimension,
                points,
                max,
                assessment,
            });
        };
    use Assessment::*;
    use Dimension::*;
    add(
        "keyword",
        Findability,
        all(!ds.keyword.is_empty(), 30),
        30,
        Assessed,
    );
    add(
        "theme",
        Findability,
        all(!ds.theme.is_empty(), 30),
        30,
        Assessed,
    );
    add(
        "spatial",
        Findability,
        all(!ds.spatial.is_empty(), 20),
        20,
        Assessed,
    );
    add(
        "temporal",
        Findability,
        all(!ds.temporal.is_empty(), 20),
        20,
        Assessed,
    );

    // Reachability: only assessed when every URL to judge has a status from the caller.
    let reachable = |urls: &[String]| -> Option<bool> {
        let statuses: Vec<u16> = urls
            .iter()
            .filter_map(|u| options.url_status.get(u).copied())
            .collect();
        if urls.is_empty() || statuses.len() < urls.len() {
            None
        } else {
            Some(statuses.iter().all(|s| (200..400).contains(s)))
        }
    };
    let access_known =
        !dists.is_empty() && dists.iter().all(|d| reachable(&d.access_url).is_some());
    if access_known {
        let points = share(50, &|d| reachable(&d.access_url) == Some(true));
        add("access-url-status", Accessibility, points, 50, Assessed);
    } else {
        add("access-url-status", Accessibility, 0, 50, NotAssessed);
    }
    add(
        "download-url",
        Accessibility,
        share(20, &|d| !d.download_url.is_empty()),
        20,
        Assessed,
    );
    let with_download: Vec<&Distribution> = dists
        .iter()
        .filter(|d| !d.download_url.is_empty())
        .collect();
    let download_known = !with_download.is_empty()
        && with_download
            .iter()
            .all(|d| reachable(&d.download_url).is_some());
    if download_known {
        let points = share(30, &|d| reachable(&d.download_url) == Some(true));
        add("download-url-status", Accessibility, points, 30, Assessed);
    } else {
        add("download-url-status", Accessibility, 0, 30, NotAssessed);
    }

    add(
        "format",
        Interoperability,
        share(20, &|d| d.format.is_some()),
        20,
        Assessed,
    );
    add(
        "media-type",
        Interoperability,
        share(10, &|d| d.media_type.is_some()),
        10,
        Assessed,
    );
    let in_table = |d: &Distribution| {
        d.format
            .as_deref()
            .is_some_and(|f| vocab::vocabulary(schemes::FILE_TYPE).is_some_and(|v| v.contains(f)))
    };
    add(
        "format-vocabulary",
        Interoperability,
        share(10, &in_table),
        10,
        Assessed,
    );
    let code_in = |list: &'static [&'static str]| {
        move |d: &Distribution| {
            d.format
                .as_deref()
                .and_then(file_type_code)
                .is_some_and(|c| list.contains(&c))
        }
    };
    add(
        "non-proprietary",
        Interoperability,
        share(20, &code_in(NON_PROPRIETARY)),
        20,
        Assessed,
    );
    add(
        "machine-readable",
        Interoperability,
        share(20, &code_in(MACHINE_READABLE)),
        20,
        Assessed,
    );
    add(
        "dcat-ap-compliance",
        Interoperability,
        all(compliant, 30),
        30,
        Assessed,
    );

    add(
        "licence",
        Reusability,
        share(20, &|d| d.license.is_some()),
        20,
        Assessed,
    );
    let licence_vocab = |d: &Distribution| {
        d.license
            .as_ref()
            .and_then(|l| l.id.as_deref())
            .is_some_and(|id| id.starts_with(&format!("{}/", schemes::LICENCE)))
    };
    add(
        "licence-vocabulary",
        Reusability,
        share(10, &licence_vocab),
        10,
        Assessed,
    );
    add(
        "access-rights",
        Reusability,
        all(ds.access_rights.is_some(), 10),
        10,
        Assessed,
    );
    let ar_vocab = ds
        .access_rights
        .as_deref()
        .is_some_and(|a| a.starts_with(&format!("{}/", schemes::ACCESS_RIGHT)));
    add(
        "access-rights-vocabulary",
        Reusability,
        all(ar_vocab, 5),
        5,
        Assessed,
    );
    add(
        "contact-point",
        Reusability,
        all(!ds.contact_point.is_empty(), 20),
        20,
        Assessed,
    );
    add(
        "publisher",
        Reusability,
        all(ds.publisher.is_some(), 10),
        10,
        Assessed,
    );

    add(
        "rights",
        Contextuality,
        share(5, &|d| d.rights.is_some()),
        5,
        Assessed,
    );
    add(
        "byte-size",
        Contextuality,
        share(5, &|d| d.byte_size.is_some()),
        5,
        Assessed,
    );
    add(
        "issued",
        Contextuality,
        all(ds.issued.is_some(), 5),
        5,
        Assessed,
    );
    add(
        "modified",
        Contextuality,
        all(ds.modified.is_some(), 5),
        5,
        Assessed,
    );

    let points = indicators.iter().map(|i| i.points).sum();
    let max = indicators.iter().map(|i| i.max).sum();
    let not_assessed = indicators
        .iter()
        .filter(|i| i.assessment == Assessment::NotAssessed)
        .map(|i| i.max)
        .sum();
    let mut dimensions: BTreeMap<Dimension, (u32, u32)> = BTreeMap::new();
    for i in &indicators {
        let e = dimensions.entry(i.dimension).or_insert((0, 0));
        e.0 += i.points;
        e.1 += i.max;
    }
    DatasetScore {
        dataset: ds.id.clone(),
        points,
        max,
        not_assessed,
        rating: Rating::of(points),
        dimensions,
        indicators,
    }
}

/// Scores every dataset of a document. `errors_on` answers whether DCAT-AP validation
/// found an error-severity finding on a subject; pass the subjects of a validation report.
pub fn score(
    document: &MetadataDocument,
    error_subjects: &[String],
    options: &ScoreOptions,
) -> Vec<DatasetScore> {
    document
        .all_datasets()
        .map(|ds| {
            let id = ds.id.as_deref().unwrap_or_default();
            let compliant = !error_subjects
                .iter()
                .any(|s| !id.is_empty() && s.starts_with(id))
                && !ds.distributions.iter().any(|d| {
                    d.id.as_deref()
                        .is_some_and(|did| error_subjects.iter().any(|s| s.starts_with(did)))
                });
            score_dataset(ds, compliant, options)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{DateValue, LangString, LicenseDocument, PeriodOfTime};

    fn full() -> Dataset {
        let mut dist = Distribution::new(Some("https://e.org/dist"), "https://e.org/a");
        dist.download_url.push("https://e.org/a.csv".into());
        dist.format = Some(format!("{}/CSV", schemes::FILE_TYPE));
        dist.media_type = Some("https://www.iana.org/assignments/media-types/text/csv".into());
        dist.license = Some(LicenseDocument::reference(format!(
            "{}/CC_BY_4_0",
            schemes::LICENCE
        )));
        dist.rights = Some("https://e.org/rights".into());
        dist.byte_size = Some(10);
        let mut ds = Dataset::new("https://e.org/ds")
            .with_keyword(LangString::new("k", "en"))
            .with_theme("http://publications.europa.eu/resource/authority/data-theme/AGRI")
            .with_publisher(crate::catalog::Agent::reference("https://e.org/agent"))
            .with_contact_point(crate::catalog::ContactPoint::organization(
                LangString::plain("x"),
                "a@e.org",
            ))
            .with_issued(DateValue::parse("2024").unwrap())
            .with_modified(DateValue::parse("2024").unwrap())
            .with_distribution(dist);
        ds.spatial.push(crate::catalog::Location::reference(
            "http://publications.europa.eu/resource/authority/country/BEL",
        ));
        ds.temporal
            .push(PeriodOfTime::between(DateValue::parse("2023"), None));
        ds.access_rights = Some(format!("{}/PUBLIC", schemes::ACCESS_RIGHT));
        ds
    }

    #[test]
    fn a_complete_record_earns_everything_but_the_network_indicators() {
        let s = score_dataset(&full(), true, &ScoreOptions::default());
        assert_eq!(s.max, 405);
        assert_eq!(s.not_assessed, 80);
        assert_eq!(s.points, 325);
        assert_eq!(s.rating, Rating::Good);
    }

    #[test]
    fn url_statuses_from_the_caller_are_used() {
        let mut options = ScoreOptions::default();
        options.url_status.insert("https://e.org/a".into(), 200);
        options.url_status.insert("https://e.org/a.csv".into(), 404);
        let s = score_dataset(&full(), true, &options);
        let get = |id: &str| s.indicators.iter().find(|i| i.id == id).unwrap().clone();
        assert_eq!(
            (
                get("access-url-status").points,
                get("access-url-status").assessment
            ),
            (50, Assessment::Assessed)
        );
        assert_eq!(get("download-url-status").points, 0);
        assert_eq!(s.points, 375);
        assert_eq!(s.rating, Rating::Excellent);
    }

    #[test]
    fn distribution_indicators_count_the_share_of_distributions() {
        let mut ds = full();
        let mut bare = Distribution::new(None, "https://e.org/b");
        bare.format = Some("https://example.org/not-a-eu-format".into());
        ds.distributions.push(bare);
        let s = score_dataset(&ds, false, &ScoreOptions::default());
        let get = |id: &str| s.indicators.iter().find(|i| i.id == id).unwrap().points;
        assert_eq!(get("format"), 20);
        assert_eq!(get("format-vocabulary"), 5);
        assert_eq!(get("licence"), 10);
        assert_eq!(get("dcat-ap-compliance"), 0);
    }

    #[test]
    fn an_empty_dataset_is_bad() {
        let s = score_dataset(&Dataset::new("x"), false, &ScoreOptions::default());
        assert_eq!(s.points, 0);
        assert_eq!(s.rating, Rating::Bad);
    }
}
