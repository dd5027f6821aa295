//! The vocabularies DCAT-AP uses, as IRI constants and the prefixes used to write them.

/// Declares IRI constants `$name = $base + $local`.
macro_rules! iris {
    ($base:literal; $($name:ident = $local:literal),* $(,)?) => {
        $(#[doc = concat!("`", $base, $local, "`")] pub const $name: &str = concat!($base, $local);)*
    };
}

/// `rdf:`
pub mod rdf {
    iris!("http://www.w3.org/1999/02/22-rdf-syntax-ns#"; TYPE = "type", LANG_STRING = "langString");
}
/// `rdfs:`
pub mod rdfs {
    iris!("http://www.w3.org/2000/01/rdf-schema#"; LABEL = "label");
}
/// `xsd:`
pub mod xsd {
    iris!("http://www.w3.org/2001/XMLSchema#";
        STRING = "string", DATE = "date", DATE_TIME = "dateTime", G_YEAR = "gYear",
        G_YEAR_MONTH = "gYearMonth", DECIMAL = "decimal", DURATION = "duration",
        NON_NEGATIVE_INTEGER = "nonNegativeInteger", HEX_BINARY = "hexBinary", ANY_URI = "anyURI");
}
/// `dcat:`
pub mod dcat {
    iris!("http://www.w3.org/ns/dcat#";
        CATALOG = "Catalog", CATALOG_RECORD = "CatalogRecord", DATASET = "Dataset",
        DATASET_SERIES = "DatasetSeries", DISTRIBUTION = "Distribution", DATA_SERVICE = "DataService",
        RELATIONSHIP = "Relationship",
        ACCESS_SERVICE = "accessService", ACCESS_URL = "accessURL", BBOX = "bbox", BYTE_SIZE = "byteSize",
        CENTROID = "centroid", COMPRESS_FORMAT = "compressFormat", CONTACT_POINT = "contactPoint",
        DATASET_P = "dataset", CATALOG_P = "catalog", DISTRIBUTION_P = "distribution", DOWNLOAD_URL = "downloadURL",
        END_DATE = "endDate", ENDPOINT_DESCRIPTION = "endpointDescription", ENDPOINT_URL = "endpointURL",
        HAD_ROLE = "hadRole", IN_SERIES = "inSeries", KEYWORD = "keyword", LANDING_PAGE = "landingPage",
        MEDIA_TYPE = "mediaType", PACKAGE_FORMAT = "packageFormat", QUALIFIED_RELATION = "qualifiedRelation",
        RECORD = "record", SERVES_DATASET = "servesDataset", SERVICE = "service",
        SPATIAL_RESOLUTION_IN_METERS = "spatialResolutionInMeters", START_DATE = "startDate",
        TEMPORAL_RESOLUTION = "temporalResolution", THEME = "theme", THEME_TAXONOMY = "themeTaxonomy",
        VERSION = "version");
}
/// `dct:`
pub mod dct {
    iris!("http://purl.org/dc/terms/";
        ACCESS_RIGHTS = "accessRights", ACCRUAL_PERIODICITY = "accrualPeriodicity", CONFORMS_TO = "conformsTo",
        CREATOR = "creator", DESCRIPTION = "description", FORMAT = "format", HAS_PART = "hasPart",
        HAS_VERSION = "hasVersion", IDENTIFIER = "identifier", IS_REFERENCED_BY = "isReferencedBy",
        ISSUED = "issued", LANGUAGE = "language", LICENSE = "license", MODIFIED = "modified",
        PROVENANCE = "provenance", PUBLISHER = "publisher", RELATION = "relation", RIGHTS = "rights",
        SOURCE = "source", SPATIAL = "spatial", TEMPORAL = "temporal", TITLE = "title", TYPE = "type",
        LICENSE_DOCUMENT = "LicenseDocument", LOCATION = "Location", PERIOD_OF_TIME = "PeriodOfTime");
}
/// `foaf:`
pub mod foaf {
    iris!("http://xmlns.com/foaf/0.1/";
        AGENT = "Agent", ORGANIZATION = "Organization", NAME = "name", MBOX = "mbox", HOMEPAGE = "homepage",
        PAGE = "page", PRIMARY_TOPIC = "primaryTopic");
}
/// `vcard:`
pub mod vcard {
    iris!("http://www.w3.org/2006/vcard/ns#";
        KIND = "Kind", ORGANIZATION = "Organization", INDIVIDUAL = "Individual", FN = "fn",
        HAS_EMAIL = "hasEmail", HAS_URL = "hasURL", HAS_TELEPHONE = "hasTelephone");
}
/// `adms:`
pub mod adms {
    iris!("http://www.w3.org/ns/adms#"; STATUS = "status", VERSION_NOTES = "versionNotes", IDENTIFIER = "identifier", SAMPLE = "sample");
}
/// `spdx:`
pub mod spdx {
    iris!("http://spdx.org/rdf/terms#";
        CHECKSUM_CLASS = "Checksum", CHECKSUM = "checksum", ALGORITHM = "algorithm", CHECKSUM_VALUE = "checksumValue",
        SHA1 = "checksumAlgorithm_sha1", SHA256 = "checksumAlgorithm_sha256", SHA512 = "checksumAlgorithm_sha512",
        MD5 = "checksumAlgorithm_md5");
}
/// `dcatap:`
pub mod dcatap {
    iris!("http://data.europa.eu/r5r/"; APPLICABLE_LEGISLATION = "applicableLegislation", AVAILABILITY = "availability");
}
/// `locn:`
pub mod locn {
    iris!("http://www.w3.org/ns/locn#"; GEOMETRY = "geometry");
}
/// `gsp:` (GeoSPARQL)
pub mod gsp {
    iris!("http://www.opengis.net/ont/geosparql#"; WKT_LITERAL = "wktLiteral");
}
/// `prov:`
pub mod prov {
    iris!("http://www.w3.org/ns/prov#"; WAS_GENERATED_BY = "wasGeneratedBy", QUALIFIED_ATTRIBUTION = "qualifiedAttribution");
}
/// `skos:`
pub mod skos {
    iris!("http://www.w3.org/2004/02/skos/core#"; PREF_LABEL = "prefLabel", IN_SCHEME = "inScheme", CONCEPT = "Concept", CONCEPT_SCHEME = "ConceptScheme");
}

/// Prefixes used when writing Turtle / JSON-LD and when shortening IRIs in findings.
pub const PREFIXES: &[(&str, &str)] = &[
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("dcatap", "http://data.europa.eu/r5r/"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("vcard", "http://www.w3.org/2006/vcard/ns#"),
    ("adms", "http://www.w3.org/ns/adms#"),
    ("spdx", "http://spdx.org/rdf/terms#"),
    ("locn", "http://www.w3.org/ns/locn#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("odrl", "http://www.w3.org/ns/odrl/2/"),
    ("time", "http://www.w3.org/2006/time#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
];

/// `http://purl.org/dc/terms/title` -> `dct:title`; IRIs outside the known prefixes stay whole.
pub fn compact(iri: &str) -> String {
    for (prefix, base) in PREFIXES {
        if let Some(local) = iri.strip_prefix(base) {
            if !local.is_empty() && !local.contains(['/', '#']) {
                return format!("{prefix}:{local}");
            }
        }
    }
    iri.to_owned()
}
