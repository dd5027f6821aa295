//! Findings about a licence field: unknown, not open, only fuzzily recognised, and so on.

use serde::Serialize;

use super::codes;
use super::resolve::{resolve, MatchKind, Resolution};
use super::Status;
use crate::report::{Finding, Location, Severity};

/// A resolved licence field with its findings (what `opendata licence TEXT --format json`
/// prints).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct LicenceReport {
    /// True when the licence is known and open (no error-severity finding).
    pub ok: bool,
    /// How the text was recognised.
    #[serde(flatten)]
    pub resolution: Resolution,
    /// What is wrong with the licence field.
    pub findings: Vec<Finding>,
}

/// Resolves a licence field and reports on it.
///
/// ```
/// let r = opendata_core::licence::analyse("CC BY-NC 4.0");
/// assert!(!r.ok);
/// assert_eq!(r.resolution.licence.unwrap().id, "CC-BY-NC-4.0");
/// assert_eq!(r.findings[0].code, "licence.not-open");
/// ```
pub fn analyse(text: &str) -> LicenceReport {
    let resolution = resolve(text);
    let findings = findings(&resolution);
    LicenceReport {
        ok: !findings.iter().any(|f| f.severity == Severity::Error),
        resolution,
        findings,
    }
}

/// The findings for a licence field: `licence.missing`, `licence.unknown` (naming the closest
/// licences), `licence.not-open`, `licence.generic`, `licence.fuzzy-match`,
/// `licence.version-assumed`, `licence.deprecated-id`, `licence.superseded`.
///
/// Findings carry an empty location: the caller (a metadata checker) sets where the field is.
///
/// ```
/// let f = opendata_core::licence::check("Creative Commons Atribution 4.0");
/// assert_eq!(f[0].code, "licence.fuzzy-match");
/// let f = opendata_core::licence::check("my own terms");
/// assert_eq!(f[0].code, "licence.unknown");
/// ```
pub fn check(text: &str) -> Vec<Finding> {
    findings(&resolve(text))
}

fn findings(r: &Resolution) -> Vec<Finding> {
    let mut out = Vec::new();
    let here = Location::default;
    let input = r.input.trim();
    let Some(l) = r.licence else {
        if super::normalise::key(input).is_empty() {
            out.push(Finding::new(
                &codes::MISSING,
                here(),
                "The licence field is empty.",
            ));
        } else {
            let mut msg = match super::resolve::unmapped_eu_code(input) {
                Some(code) => format!(
                    "\u{201c}{input}\u{201d} is the EU licence authority code {code}, which this registry does not describe."
                ),
                None => format!("\u{201c}{input}\u{201d} is not a known licence."),
            };
            if !r.candidates.is_empty() {
                let names: Vec<String> = r
                    .candidates
                    .iter()
                    .map(|c| format!("{} ({})", c.id, c.title))
                    .collect();
                msg.push_str(&format!(" Closest: {}.", names.join("; ")));
            }
            out.push(Finding::new(&codes::UNKNOWN, here(), msg));
        }
        return out;
    };
    if l.generic {
        out.push(Finding::new(
            &codes::GENERIC,
            here(),
            format!(
                "\u{201c}{input}\u{201d} is the category {} ({}), not a licence.",
                l.id, l.title
            ),
        ));
    }
    if let Some(why) = l.not_open_reason() {
        out.push(Finding::new(
            &codes::NOT_OPEN,
            here(),
            format!("{} ({}) is not an open licence: {why}.", l.id, l.title),
        ));
    }
    if r.matched_by == MatchKind::FuzzyTitle {
        out.push(Finding::new(
            &codes::FUZZY_MATCH,
            here(),
            format!(
                "\u{201c}{input}\u{201d} was read as {} ({}) by similarity only (confidence {:.2}).",
                l.id, l.title, r.confidence
            ),
        ));
    }
    if let Some(e) = &r.expression {
        let all = e.licences.join(", ");
        let meaning = match e.operator {
            "OR" => format!("the data may be used under any one of {all}"),
            "AND" => format!("the data must be used under all of {all}, each with its obligations"),
            _ => format!("{} with an exception, which only adds permissions", l.id),
        };
        let openness = if e.open { "open" } else { "not open" };
        out.push(Finding::new(
            &codes::EXPRESSION,
            here(),
            format!(
                "\u{201c}{input}\u{201d} is the SPDX licence expression {}: {meaning}. It is {openness}; read as {} ({}).",
                e.normalised, l.id, l.title
            ),
        ));
    }
    if r.version_assumed {
        out.push(Finding::new(
            &codes::VERSION_ASSUMED,
            here(),
            format!(
                "\u{201c}{input}\u{201d} names no version; read as {} ({}).",
                l.id, l.title
            ),
        ));
    }
    if r.deprecated_id {
        let current = l
            .eu_uri
            .filter(|_| input.contains("publications.europa.eu"))
            .unwrap_or(l.id);
        out.push(Finding::new(
            &codes::DEPRECATED_ID,
            here(),
            format!("\u{201c}{input}\u{201d} is a deprecated identifier; use {current}."),
        ));
    }
    if l.status == Status::Superseded {
        if let Some(next) = l.superseded_by {
            out.push(Finding::new(
                &codes::SUPERSEDED,
                here(),
                format!("{} is superseded by {next}.", l.id),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes_of(text: &str) -> Vec<String> {
        check(text).into_iter().map(|f| f.code).collect()
    }

    #[test]
    fn each_finding_code() {
        assert_eq!(codes_of(""), ["licence.missing"]);
        assert_eq!(codes_of(" - "), ["licence.missing"]);
        assert_eq!(codes_of("CC-BY-4.0"), Vec::<String>::new());
        assert_eq!(
            codes_of("cc-nc"),
            ["licence.not-open", "licence.version-assumed"]
        );
        assert_eq!(codes_of("Other (Open)"), ["licence.generic"]);
        assert_eq!(
            codes_of("other-closed"),
            ["licence.generic", "licence.not-open"]
        );
        assert_eq!(codes_of("GPL-3.0"), ["licence.deprecated-id"]);
        assert_eq!(
            codes_of("http://publications.europa.eu/resource/authority/licence/CC_BY"),
            ["licence.deprecated-id"]
        );
        assert_eq!(codes_of("OGL v2.0"), ["licence.superseded"]);
        assert_eq!(
            codes_of("Creative Commons Atribution 4.0"),
            ["licence.fuzzy-match"]
        );
        let unknown = check("Licence of the Moon 7");
        assert_eq!(unknown[0].code, "licence.unknown");
    }

    #[test]
    fn unknown_names_candidates() {
        let f = check("Open Goverment Licence for Atlantis");
        let msg = &f[0].message;
        assert!(
            msg.contains("OGL-UK-3.0") || f[0].code == "licence.fuzzy-match",
            "{msg}"
        );
    }
}
