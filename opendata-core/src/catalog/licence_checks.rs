//! Licence checks on catalogue metadata.
//!
//! Kept in one place on purpose: the licence registry (`crate::licence`, another branch)
//! will answer "resolvable" and "open"; until it is merged these checks use only what the
//! metadata and the EU licence namespace say.

use super::codes;
use super::model::{Dataset, MetadataDocument};
use super::vocab::schemes;
use crate::report::{FindingSink, Location};

/// The ELI of the High-Value Datasets implementing regulation (EU) 2023/138.
pub const HVD_REGULATION: &str = "http://data.europa.eu/eli/reg_impl/2023/138/oj";

/// EU licence IRIs at least as permissive as CC BY 4.0 (attribution at most), as the HVD
/// regulation requires.
const HVD_COMPATIBLE: &[&str] = &["CC_BY_4_0", "CC0", "PDDL", "ODC_BY", "ODC_PDDL"];
/// The same licences under their Creative Commons / Open Data Commons IRIs.
const HVD_COMPATIBLE_URIS: &[&str] = &[
    "creativecommons.org/licenses/by/4.0",
    "creativecommons.org/publicdomain/zero/1.0",
    "opendatacommons.org/licenses/pddl",
    "opendatacommons.org/licenses/by",
];

/// Common licence names (CKAN `license_id`s, SPDX ids, Creative Commons URLs) and the EU
/// licence codes they stand for. A stand-in for `crate::licence::resolve` until that
/// registry is merged.
const KNOWN: &[(&str, &str)] = &[
    ("cc-by", "CC_BY_4_0"),
    ("cc-by-4.0", "CC_BY_4_0"),
    ("creativecommons.org/licenses/by/4.0", "CC_BY_4_0"),
    ("cc-by-sa", "CC_BY_SA_4_0"),
    ("cc-by-sa-4.0", "CC_BY_SA_4_0"),
    ("creativecommons.org/licenses/by-sa/4.0", "CC_BY_SA_4_0"),
    ("cc-zero", "CC0"),
    ("cc0", "CC0"),
    ("cc0-1.0", "CC0"),
    ("creativecommons.org/publicdomain/zero/1.0", "CC0"),
    ("cc-nc", "CC_BY_NC_4_0"),
    ("cc-by-nc-4.0", "CC_BY_NC_4_0"),
    ("odc-by", "ODC_BY"),
    ("odc-by-1.0", "ODC_BY"),
    ("odc-odbl", "ODC_BL"),
    ("odbl-1.0", "ODC_BL"),
    ("odc-pddl", "ODC_PDDL"),
    ("pddl-1.0", "ODC_PDDL"),
    ("uk-ogl", "OGL"),
    ("ogl-uk-3.0", "OGL"),
    ("dl-de-by-2.0", "DL_DE_BY_2_0"),
    ("dl-de-zero-2.0", "DL_DE_ZERO_2_0"),
    ("etalab-2.0", "ETALAB_2_0"),
    ("lo-ol-v2", "ETALAB_2_0"),
    ("eupl-1.2", "EUPL_1_2"),
];

/// The EU licence IRI for a licence name or URL when it is a known one.
pub(crate) fn licence_iri(text: &str) -> Option<String> {
    let t = text.trim();
    if t.starts_with(schemes::LICENCE) {
        return Some(t.to_owned());
    }
    let key = t
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.")
        .trim_end_matches('/')
        .to_ascii_lowercase();
    KNOWN
        .iter()
        .find(|(name, _)| key == *name || key.starts_with(&format!("{name}/")))
        .map(|(_, code)| format!("{}/{code}", schemes::LICENCE))
}

fn is_hvd(ds: &Dataset) -> bool {
    ds.applicable_legislation
        .iter()
        .any(|l| l.trim_end_matches('/') == HVD_REGULATION)
}

fn hvd_compatible(iri: &str) -> bool {
    if let Some(code) = iri
        .strip_prefix(schemes::LICENCE)
        .and_then(|c| c.strip_prefix('/'))
    {
        return HVD_COMPATIBLE.contains(&code);
    }
    let bare = iri
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.")
        .trim_end_matches('/');
    HVD_COMPATIBLE_URIS.iter().any(|u| bare.starts_with(u))
}

/// Adds the licence findings of every dataset: no licence on any distribution, a licence
/// that is not an EU Publications Office licence IRI, and for High-Value Datasets a
/// licence more restrictive than CC BY 4.0.
pub(crate) fn check_licences(doc: &MetadataDocument, sink: &mut FindingSink) {
    for ds in doc.all_datasets() {
        let subject = ds.id.clone().unwrap_or_else(|| "[]".to_owned());
        let hvd = is_hvd(ds);
        if !ds.distributions.is_empty() && ds.distributions.iter().all(|d| d.license.is_none()) {
            sink.push(&codes::LICENCE_MISSING, Location::rdf(subject.clone(), "dct:license"), format!(
                "Dataset {subject}: none of its {} distributions names a licence, so nobody may legally reuse it.",
                ds.distributions.len()
            ));
        }
        for d in &ds.distributions {
            let dist =
                d.id.clone()
                    .unwrap_or_else(|| format!("{subject} / dcat:distribution / []"));
            let Some(licence) = d.license.as_ref().and_then(|l| l.id.as_deref()) else {
                continue;
            };
            if licence.starts_with("_:") {
                continue;
            }
            if !licence.starts_with(&format!("{}/", schemes::LICENCE)) {
                sink.push(&codes::LICENCE_NOT_EU_URI, Location::rdf(dist.clone(), "dct:license"), format!(
                    "Distribution {dist}: licence <{licence}> is not an EU Publications Office licence IRI."
                ));
            }
            if hvd && !hvd_compatible(licence) {
                sink.push(&codes::LICENCE_HVD, Location::rdf(dist.clone(), "dct:license"), format!(
                    "Distribution {dist} of a High-Value Dataset: licence <{licence}> is not CC BY 4.0 or more permissive."
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Distribution, LicenseDocument};

    fn doc(licence: Option<&str>, hvd: bool) -> MetadataDocument {
        let mut dist = Distribution::new(Some("https://e.org/dist"), "https://e.org/a");
        dist.license = licence.map(LicenseDocument::reference);
        let mut ds = Dataset::new("https://e.org/ds").with_distribution(dist);
        if hvd {
            ds.applicable_legislation.push(HVD_REGULATION.to_owned());
        }
        MetadataDocument::from_dataset(ds)
    }

    fn codes_of(doc: &MetadataDocument) -> Vec<String> {
        let mut sink = FindingSink::new(10);
        check_licences(doc, &mut sink);
        sink.into_report(None)
            .findings
            .into_iter()
            .map(|f| f.code)
            .collect()
    }

    #[test]
    fn licence_findings() {
        assert_eq!(codes_of(&doc(None, false)), ["metadata.licence.missing"]);
        assert!(codes_of(&doc(
            Some("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0"),
            true
        ))
        .is_empty());
        assert_eq!(
            codes_of(&doc(
                Some("https://creativecommons.org/licenses/by/4.0/"),
                true
            )),
            ["metadata.licence.not-eu-uri"]
        );
        assert_eq!(
            codes_of(&doc(
                Some("http://publications.europa.eu/resource/authority/licence/CC_BY_NC_4_0"),
                true
            )),
            ["metadata.licence.hvd-too-restrictive"]
        );
        assert_eq!(
            codes_of(&doc(
                Some("http://publications.europa.eu/resource/authority/licence/CC_BY_SA_4_0"),
                false
            )),
            Vec::<String>::new()
        );
    }
}
