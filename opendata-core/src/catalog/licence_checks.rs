//! Licence checks on catalogue metadata, through the licence registry
//! ([`crate::licence`]): every distribution's `dct:license` present, resolvable, open,
//! written as the EU authority URI, and for High-Value Datasets CC BY 4.0 or more
//! permissive.

use super::codes;
use super::model::{Dataset, MetadataDocument};
use super::vocab::schemes;
use crate::report::{FindingSink, Location};

/// The ELI of the High-Value Datasets implementing regulation (EU) 2023/138.
pub const HVD_REGULATION: &str = "http://data.europa.eu/eli/reg_impl/2023/138/oj";

/// The IRI to write in `dct:license` for a licence name, id or URL: the EU authority URI
/// when the registry knows one, else the licence's canonical page.
pub(crate) fn licence_iri(text: &str) -> Option<String> {
    let licence = crate::licence::resolve(text).licence?;
    licence.eu_uri.or_else(|| licence.url()).map(str::to_owned)
}

fn is_hvd(ds: &Dataset) -> bool {
    ds.applicable_legislation
        .iter()
        .any(|l| l.trim_end_matches('/') == HVD_REGULATION)
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
            let at = || Location::rdf(dist.clone(), "dct:license");
            let resolution = crate::licence::resolve(licence);
            let Some(known) = resolution.licence else {
                sink.push(&crate::licence::codes::UNKNOWN, at(), format!(
                    "Distribution {dist}: licence <{licence}> is not a licence the registry knows, so its terms cannot be checked."
                ));
                if hvd {
                    sink.push(&codes::LICENCE_HVD, at(), format!(
                        "Distribution {dist} of a High-Value Dataset: licence <{licence}> is unknown, so it cannot be shown to be CC BY 4.0 or more permissive."
                    ));
                }
                continue;
            };
            if !known.open {
                let why = known.not_open_reason().unwrap_or_default();
                sink.push(
                    &crate::licence::codes::NOT_OPEN,
                    at(),
                    format!(
                        "Distribution {dist}: licence <{licence}> ({}) is not open. {why}",
                        known.id
                    ),
                );
            }
            match known.eu_uri {
                Some(eu) if eu != licence => sink.push(&codes::LICENCE_NOT_EU_URI, at(), format!(
                    "Distribution {dist}: licence <{licence}> is {}; write it as the EU URI <{eu}>.",
                    known.id
                )),
                None if !licence.starts_with(&format!("{}/", schemes::LICENCE)) => sink.push(&codes::LICENCE_NOT_EU_URI, at(), format!(
                    "Distribution {dist}: licence <{licence}> ({}) has no EU authority URI; harvesters may not recognise it.",
                    known.id
                )),
                _ => {}
            }
            if hvd && !crate::licence::is_hvd_compatible(known) {
                sink.push(&codes::LICENCE_HVD, at(), format!(
                    "Distribution {dist} of a High-Value Dataset: licence {} is not CC BY 4.0 or more permissive.",
                    known.id
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
                Some("http://publications.europa.eu/resource/authority/licence/CC_BYNC_4_0"),
                true
            )),
            ["licence.not-open", "metadata.licence.hvd-too-restrictive"]
        );
        assert_eq!(
            codes_of(&doc(
                Some("https://creativecommons.org/licenses/by-nc/4.0/"),
                true
            )),
            [
                "licence.not-open",
                "metadata.licence.not-eu-uri",
                "metadata.licence.hvd-too-restrictive"
            ]
        );
        assert_eq!(
            codes_of(&doc(Some("https://example.org/our-own-terms"), true)),
            ["licence.unknown", "metadata.licence.hvd-too-restrictive"]
        );
        assert_eq!(
            codes_of(&doc(
                Some("http://publications.europa.eu/resource/authority/licence/CC_BYSA_4_0"),
                false
            )),
            Vec::<String>::new()
        );
    }
}
