//! The EU controlled vocabularies DCAT-AP names, embedded as generated tables.

use serde::Serialize;

pub(crate) use super::generated::vocabularies::VOCABULARIES;

/// One concept of a controlled vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct VocabEntry {
    /// The concept's code, the last segment of its IRI (`CSV`, `ANNUAL`, `ENG`).
    pub code: &'static str,
    /// The English label.
    pub label: &'static str,
    /// Whether the Publications Office marks it deprecated.
    pub deprecated: bool,
}

/// A controlled vocabulary (concept scheme).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Vocabulary {
    /// The scheme IRI, e.g. `http://publications.europa.eu/resource/authority/frequency`.
    pub scheme: &'static str,
    /// The class (compact) a concept of it stands for where DCAT-AP uses it, e.g. `dct:Frequency`.
    pub class: &'static str,
    /// The concepts, sorted by code; `None` when only the IRI namespace is known.
    pub entries: Option<&'static [VocabEntry]>,
}

impl Vocabulary {
    /// The namespace its concept IRIs start with.
    pub fn namespace(&self) -> String {
        // ADMS schemes are versioned (`.../publishertype/1.0`); their concepts are not.
        let base = self.scheme.strip_suffix("/1.0").unwrap_or(self.scheme);
        format!("{base}/")
    }

    /// The entry for a concept IRI, when the IRI is in this vocabulary's namespace and table.
    pub fn lookup(&self, iri: &str) -> Option<&'static VocabEntry> {
        let code = iri.strip_prefix(self.namespace().as_str())?;
        let entries = self.entries?;
        entries
            .binary_search_by(|e| e.code.cmp(code))
            .ok()
            .and_then(|i| entries.get(i))
    }

    /// Whether an IRI is a concept of this vocabulary: in its table, or in its namespace
    /// when there is no table.
    pub fn contains(&self, iri: &str) -> bool {
        match self.entries {
            Some(_) => self.lookup(iri).is_some(),
            None => iri
                .strip_prefix(self.namespace().as_str())
                .is_some_and(|c| !c.is_empty()),
        }
    }
}

/// The vocabulary with the given scheme IRI.
pub fn vocabulary(scheme: &str) -> Option<&'static Vocabulary> {
    VOCABULARIES.iter().find(|v| v.scheme == scheme)
}

/// The vocabulary whose namespace an IRI is in.
pub fn vocabulary_of(iri: &str) -> Option<&'static Vocabulary> {
    VOCABULARIES
        .iter()
        .find(|v| iri.starts_with(v.namespace().as_str()))
}

/// Scheme IRIs of the tables used most.
pub mod schemes {
    /// EU file types.
    pub const FILE_TYPE: &str = "http://publications.europa.eu/resource/authority/file-type";
    /// EU frequencies.
    pub const FREQUENCY: &str = "http://publications.europa.eu/resource/authority/frequency";
    /// EU data themes.
    pub const DATA_THEME: &str = "http://publications.europa.eu/resource/authority/data-theme";
    /// EU languages.
    pub const LANGUAGE: &str = "http://publications.europa.eu/resource/authority/language";
    /// EU access rights.
    pub const ACCESS_RIGHT: &str = "http://publications.europa.eu/resource/authority/access-right";
    /// EU licences.
    pub const LICENCE: &str = "http://publications.europa.eu/resource/authority/licence";
}

/// `(class, superclass)`: the `rdfs:subClassOf` axioms of the vocabularies DCAT-AP imports
/// (`imports.ttl`: FOAF, vCard, DCAT 2, DCMI terms) for the classes its shapes ask for.
/// The official validator loads those vocabularies with the data, so a publisher typed
/// `foaf:Organization` is a `foaf:Agent` and a contact point typed `vcard:Organization` a
/// `vcard:Kind`. `scripts/compare_pyshacl.py` reads this table too.
pub(crate) const SUBCLASSES: &[(&str, &str)] = &[
    // FOAF
    (
        "http://xmlns.com/foaf/0.1/Person",
        "http://xmlns.com/foaf/0.1/Agent",
    ),
    (
        "http://xmlns.com/foaf/0.1/Organization",
        "http://xmlns.com/foaf/0.1/Agent",
    ),
    (
        "http://xmlns.com/foaf/0.1/Group",
        "http://xmlns.com/foaf/0.1/Agent",
    ),
    (
        "http://xmlns.com/foaf/0.1/Image",
        "http://xmlns.com/foaf/0.1/Document",
    ),
    (
        "http://xmlns.com/foaf/0.1/PersonalProfileDocument",
        "http://xmlns.com/foaf/0.1/Document",
    ),
    // vCard
    (
        "http://www.w3.org/2006/vcard/ns#Individual",
        "http://www.w3.org/2006/vcard/ns#Kind",
    ),
    (
        "http://www.w3.org/2006/vcard/ns#Organization",
        "http://www.w3.org/2006/vcard/ns#Kind",
    ),
    (
        "http://www.w3.org/2006/vcard/ns#Group",
        "http://www.w3.org/2006/vcard/ns#Kind",
    ),
    (
        "http://www.w3.org/2006/vcard/ns#Location",
        "http://www.w3.org/2006/vcard/ns#Kind",
    ),
    // DCAT 2 (its `dcat:Catalog` under `dcat:Dataset` is left out: DCAT-AP treats the two
    // as distinct, SEMICeu/DCAT-AP#168)
    (
        "http://www.w3.org/ns/dcat#Role",
        "http://www.w3.org/2004/02/skos/core#Concept",
    ),
    // DCMI terms
    (
        "http://purl.org/dc/terms/LicenseDocument",
        "http://purl.org/dc/terms/RightsStatement",
    ),
    (
        "http://purl.org/dc/terms/MediaType",
        "http://purl.org/dc/terms/MediaTypeOrExtent",
    ),
    (
        "http://purl.org/dc/terms/SizeOrDuration",
        "http://purl.org/dc/terms/MediaTypeOrExtent",
    ),
];

/// Whether `class` is `wanted` or one of its subclasses (no axiom chains two levels deep
/// among the classes the shapes ask for).
pub(crate) fn is_subclass_or_same(class: &str, wanted: &str) -> bool {
    class == wanted || subclasses_of(wanted).any(|c| c == class)
}

/// The subclasses of `class` in [`SUBCLASSES`].
pub(crate) fn subclasses_of(class: &str) -> impl Iterator<Item = &'static str> + '_ {
    SUBCLASSES
        .iter()
        .filter(move |&&(_, sup)| sup == class)
        .map(|&(c, _)| c)
}

/// The classes an IRI is taken to have because it is a concept of an EU vocabulary or an
/// IANA media type (as if the vocabularies were loaded with the data, as the official
/// validator does with `mdr_imports.ttl`).
pub(crate) fn implicit_classes(iri: &str) -> &'static [&'static str] {
    const IANA: &[&str] = &[
        "http://purl.org/dc/terms/MediaType",
        "http://purl.org/dc/terms/MediaTypeOrExtent",
    ];
    if iri.starts_with("http://www.iana.org/assignments/media-types/")
        || iri.starts_with("https://www.iana.org/assignments/media-types/")
    {
        return IANA;
    }
    if iri.starts_with("http://spdx.org/rdf/terms#checksumAlgorithm_") {
        // The SPDX ontology (imported by DCAT-AP) declares its algorithms as such.
        return &["http://spdx.org/rdf/terms#ChecksumAlgorithm"];
    }
    match vocabulary_of(iri) {
        Some(v) if v.contains(iri) => class_iris(v.class),
        _ => &[],
    }
}

fn class_iris(class: &str) -> &'static [&'static str] {
    const SKOS: &str = "http://www.w3.org/2004/02/skos/core#Concept";
    match class {
        "dct:Frequency" => &[SKOS, "http://purl.org/dc/terms/Frequency"],
        "dct:MediaTypeOrExtent" => &[SKOS, "http://purl.org/dc/terms/MediaTypeOrExtent"],
        "dct:LinguisticSystem" => &[SKOS, "http://purl.org/dc/terms/LinguisticSystem"],
        "dct:RightsStatement" => &[SKOS, "http://purl.org/dc/terms/RightsStatement"],
        "dct:Location" => &[SKOS, "http://purl.org/dc/terms/Location"],
        "dct:LicenseDocument" => &[SKOS, "http://purl.org/dc/terms/LicenseDocument"],
        "foaf:Agent" => &[SKOS, "http://xmlns.com/foaf/0.1/Agent"],
        _ => &[SKOS],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_answer_membership() {
        let ft = vocabulary(schemes::FILE_TYPE).unwrap();
        assert!(ft.contains("http://publications.europa.eu/resource/authority/file-type/CSV"));
        assert!(!ft.contains("http://publications.europa.eu/resource/authority/file-type/CSVX"));
        let freq = vocabulary(schemes::FREQUENCY).unwrap();
        assert_eq!(
            freq.lookup("http://publications.europa.eu/resource/authority/frequency/ANNUAL")
                .unwrap()
                .label,
            "annual"
        );
        // No table shipped for access rights: the namespace decides.
        let ar = vocabulary(schemes::ACCESS_RIGHT).unwrap();
        assert!(ar.contains("http://publications.europa.eu/resource/authority/access-right/PUBLIC"));
        assert!(!ar.contains("http://example.org/access-right/PUBLIC"));
    }

    #[test]
    fn vocabulary_iris_have_their_range_class() {
        assert!(implicit_classes(
            "http://publications.europa.eu/resource/authority/frequency/ANNUAL"
        )
        .contains(&"http://purl.org/dc/terms/Frequency"));
        assert!(implicit_classes(
            "http://publications.europa.eu/resource/authority/frequency/NOPE"
        )
        .is_empty());
        assert!(
            implicit_classes("https://www.iana.org/assignments/media-types/text/csv")
                .contains(&"http://purl.org/dc/terms/MediaType")
        );
    }
}
