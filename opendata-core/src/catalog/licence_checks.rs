//! Licence checks on catalogue metadata, through the licence registry
//! ([`crate::licence`]): every distribution's `dct:license` present, resolvable, open,
//! written as the EU authority URI, and for High-Value Datasets CC BY 4.0 or more
//! permissive. A licence written where DCAT-AP does not read it (a literal, a blank node
//! known only by its label, the dataset's own `dct:license`) is still resolved, so a
//! licence that is not open is reported however it was written.

use super::codes;
use super::model::{Dataset, Distribution, MetadataDocument, Term};
use super::ns::{dct, rdfs};
use super::vocab::schemes;
use crate::licence::{Licence, MatchKind};
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

/// How a `dct:license` value was written.
#[derive(Debug, Clone, PartialEq)]
enum Stated {
    /// An IRI, as DCAT-AP wants it.
    Iri(String),
    /// A blank-node licence document, known only by its labels (`rdfs:label`, `dct:title`,
    /// `dct:identifier`).
    Labelled(Vec<String>),
    /// A literal, where DCAT-AP wants an IRI.
    Literal(String),
}

impl Stated {
    /// How a message names it.
    fn describe(&self) -> String {
        match self {
            Stated::Iri(iri) => format!("licence <{iri}>"),
            Stated::Labelled(labels) if labels.is_empty() => {
                "licence (a blank node without a label)".to_owned()
            }
            Stated::Labelled(labels) => format!("licence labelled \"{}\"", labels.join("\" / \"")),
            Stated::Literal(text) => format!("licence written as the text \"{text}\""),
        }
    }

    /// The licence it names, when the registry knows it. A label or literal must match an
    /// id, URL, name or expression: a title that only resembles a licence's is no proof
    /// of its terms.
    fn resolve(&self) -> Option<&'static Licence> {
        match self {
            Stated::Iri(iri) => crate::licence::resolve(iri).licence,
            Stated::Labelled(texts) => texts.iter().find_map(|t| resolve_text(t)),
            Stated::Literal(text) => resolve_text(text),
        }
    }
}

fn resolve_text(text: &str) -> Option<&'static Licence> {
    let resolution = crate::licence::resolve(text);
    if resolution.matched_by == MatchKind::FuzzyTitle {
        return None;
    }
    resolution.licence
}

/// Where the statements the model has no field for are looked up by subject.
struct Unread<'a>(&'a [super::model::Triple]);

impl Unread<'_> {
    fn objects<'t>(
        &'t self,
        subject: &'t str,
        predicate: &'t str,
    ) -> impl Iterator<Item = &'t Term> {
        self.0
            .iter()
            .filter(move |t| {
                t.predicate == predicate && t.subject.node_id().as_deref() == Some(subject)
            })
            .map(|t| &t.object)
    }

    /// The texts a blank node is labelled with, beside the model's `rdfs:label`s.
    fn labels(&self, node: &str) -> Vec<String> {
        [dct::TITLE, dct::IDENTIFIER, rdfs::LABEL]
            .iter()
            .flat_map(|p| self.objects(node, p))
            .filter_map(|o| match o {
                Term::Literal(l) => Some(l.value.trim().to_owned()),
                _ => None,
            })
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// The `dct:license` of a subject, as the model did not read it.
    fn licence_of(&self, subject: &str) -> Option<Stated> {
        self.objects(subject, dct::LICENSE).find_map(|o| match o {
            Term::Iri { value } => Some(Stated::Iri(value.clone())),
            Term::Literal(l) if !l.value.trim().is_empty() => {
                Some(Stated::Literal(l.value.trim().to_owned()))
            }
            Term::Blank { .. } => Some(Stated::Labelled(
                o.node_id().map(|id| self.labels(&id)).unwrap_or_default(),
            )),
            Term::Literal(_) => None,
        })
    }
}

/// The licence a distribution states, in the model or among the unread statements.
fn stated_licence(d: &Distribution, unread: &Unread) -> Option<Stated> {
    match d.license.as_ref() {
        Some(l) => match l.id.as_deref() {
            Some(id) if !id.starts_with("_:") => Some(Stated::Iri(id.to_owned())),
            id => {
                let mut labels: Vec<String> = l
                    .label
                    .iter()
                    .map(|s| s.value.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect();
                if let Some(id) = id {
                    labels.extend(unread.labels(id));
                }
                labels.dedup();
                Some(Stated::Labelled(labels))
            }
        },
        None => d.id.as_deref().and_then(|id| unread.licence_of(id)),
    }
}

/// Adds the licence findings of every dataset: no licence on any distribution, a licence
/// that is unknown, not open, not an EU Publications Office licence IRI, and for
/// High-Value Datasets a licence more restrictive than CC BY 4.0.
pub(crate) fn check_licences(doc: &MetadataDocument, sink: &mut FindingSink) {
    let unread = Unread(&doc.other);
    for ds in doc.all_datasets() {
        let subject = ds.id.clone().unwrap_or_else(|| "[]".to_owned());
        let hvd = is_hvd(ds);
        // DCAT-AP reads a dataset's licence on its distributions; some catalogues state
        // it on the dataset instead.
        let own = ds.id.as_deref().and_then(|id| unread.licence_of(id));
        let stated: Vec<Option<Stated>> = ds
            .distributions
            .iter()
            .map(|d| stated_licence(d, &unread))
            .collect();
        if !stated.is_empty() && stated.iter().all(Option::is_none) {
            let on_dataset = own.as_ref().map_or_else(String::new, |own| {
                format!(
                    " The dataset itself states {}, where DCAT-AP harvesters do not look: state it on every distribution.",
                    own.describe()
                )
            });
            sink.push(&codes::LICENCE_MISSING, Location::rdf(subject.clone(), "dct:license"), format!(
                "Dataset {subject}: none of its {} distributions names a licence, so nobody may legally reuse it.{on_dataset}",
                stated.len()
            ));
        }
        if let Some(own) = &own {
            check_stated(&format!("Dataset {subject}"), &subject, own, hvd, sink);
        }
        for (d, stated) in ds.distributions.iter().zip(&stated) {
            let Some(stated) = stated else { continue };
            let dist =
                d.id.clone()
                    .unwrap_or_else(|| format!("{subject} / dcat:distribution / []"));
            check_stated(&format!("Distribution {dist}"), &dist, stated, hvd, sink);
        }
    }
}

/// The findings on one stated licence: unknown, not open, not written as the EU URI, too
/// restrictive for a High-Value Dataset.
fn check_stated(owner: &str, node: &str, stated: &Stated, hvd: bool, sink: &mut FindingSink) {
    let at = || Location::rdf(node.to_owned(), "dct:license");
    let described = stated.describe();
    let Some(known) = stated.resolve() else {
        let how = match stated {
            Stated::Iri(_) => "is not a licence the registry knows",
            _ => "names no licence the registry knows by id, URL or name",
        };
        sink.push(
            &crate::licence::codes::UNKNOWN,
            at(),
            format!("{owner}: {described} {how}, so its terms cannot be checked."),
        );
        if hvd {
            sink.push(&codes::LICENCE_HVD, at(), format!(
                "{owner} of a High-Value Dataset: {described} is unknown, so it cannot be shown to be CC BY 4.0 or more permissive."
            ));
        }
        return;
    };
    if !known.open {
        let why = known.not_open_reason().unwrap_or_default();
        sink.push(
            &crate::licence::codes::NOT_OPEN,
            at(),
            format!("{owner}: {described} ({}) is not open: {why}.", known.id),
        );
    }
    let written_as = match stated {
        Stated::Iri(iri) => Some(iri.as_str()),
        _ => None,
    };
    match (known.eu_uri, written_as) {
        (Some(eu), Some(iri)) if eu == iri => {}
        (Some(eu), _) => sink.push(
            &codes::LICENCE_NOT_EU_URI,
            at(),
            format!(
                "{owner}: {described} is {}; write it as the EU URI <{eu}>.",
                known.id
            ),
        ),
        (None, Some(iri)) if iri.starts_with(&format!("{}/", schemes::LICENCE)) => {}
        (None, Some(_)) => sink.push(
            &codes::LICENCE_NOT_EU_URI,
            at(),
            format!(
            "{owner}: {described} ({}) has no EU authority URI; harvesters may not recognise it.",
            known.id
        ),
        ),
        (None, None) => sink.push(
            &codes::LICENCE_NOT_EU_URI,
            at(),
            format!(
            "{owner}: {described} is {}, which has no EU authority URI; write it as the IRI <{}>.",
            known.id,
            known.url().unwrap_or(known.id)
        ),
        ),
    }
    if hvd && !crate::licence::is_hvd_compatible(known) {
        sink.push(
            &codes::LICENCE_HVD,
            at(),
            format!(
                "{owner} of a High-Value Dataset: licence {} is not CC BY 4.0 or more permissive.",
                known.id
            ),
        );
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

    /// The licence findings of a Turtle document.
    fn turtle_report(turtle: &str) -> crate::report::Report {
        let mut read_sink = FindingSink::new(10);
        let parsed = crate::catalog::read(
            turtle.as_bytes(),
            Some(crate::catalog::MetadataFormat::Turtle),
            None,
            None,
            &mut read_sink,
        );
        let mut sink = FindingSink::new(10);
        check_licences(&parsed.document, &mut sink);
        sink.into_report(None)
    }

    /// The licence findings of a Turtle document, as (node, code).
    fn turtle_findings(turtle: &str) -> Vec<(String, String)> {
        turtle_report(turtle)
            .findings
            .into_iter()
            .map(|f| (f.location.subject.unwrap_or_default(), f.code))
            .collect()
    }

    fn one_distribution(licence: &str) -> String {
        format!(
            "@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
             @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
             <https://e.org/ds> a dcat:Dataset ; dcat:distribution <https://e.org/d> .
             <https://e.org/d> a dcat:Distribution ; dct:license {licence} ."
        )
    }

    fn codes_for(licence: &str) -> Vec<String> {
        turtle_findings(&one_distribution(licence))
            .into_iter()
            .map(|(_, code)| code)
            .collect()
    }

    #[test]
    fn a_literal_licence_is_resolved() {
        assert_eq!(codes_for("\"CC-BY-4.0\""), ["metadata.licence.not-eu-uri"]);
        assert_eq!(
            codes_for("\"CC-BY-NC-SA-4.0\""),
            ["licence.not-open", "metadata.licence.not-eu-uri"]
        );
        assert_eq!(
            codes_for("\"Open Government Licence v3.0\"@en"),
            ["metadata.licence.not-eu-uri"]
        );
        // A title only like a licence's proves nothing about its terms.
        assert_eq!(
            codes_for("\"Our Open Data Terms Licence\""),
            ["licence.unknown"]
        );
    }

    #[test]
    fn a_blank_licence_document_is_known_by_its_label() {
        assert_eq!(
            codes_for("[ a dct:LicenseDocument ; rdfs:label \"Creative Commons Attribution-NoDerivatives 4.0\" ]"),
            ["licence.not-open", "metadata.licence.not-eu-uri"]
        );
        assert_eq!(
            codes_for("[ a dct:LicenseDocument ; dct:title \"CC0 1.0\" ]"),
            ["metadata.licence.not-eu-uri"]
        );
        assert_eq!(
            codes_for("[ a dct:LicenseDocument ; dct:type <http://purl.org/adms/licencetype/PublicDomain> ]"),
            ["licence.unknown"]
        );
    }

    #[test]
    fn a_licence_on_the_dataset_is_checked_and_named_in_the_missing_finding() {
        let turtle = "@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
            <https://e.org/ds> a dcat:Dataset ; dct:license <http://publications.europa.eu/resource/authority/licence/CC_BYND_4_0> ;
              dcat:distribution <https://e.org/d> .
            <https://e.org/d> a dcat:Distribution .";
        let ds = "https://e.org/ds".to_owned();
        assert_eq!(
            turtle_findings(turtle),
            [
                (ds.clone(), "metadata.licence.missing".to_owned()),
                (ds, "licence.not-open".to_owned())
            ]
        );
        let report = turtle_report(turtle);
        assert!(report.findings[0].message.ends_with(
            "The dataset itself states licence <http://publications.europa.eu/resource/authority/licence/CC_BYND_4_0>, where DCAT-AP harvesters do not look: state it on every distribution."
        ));
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
