//! Compatibility: may a dataset derived from works under some licences be published under
//! another licence? Directional, like the European Data Portal licence compatibility matrix:
//! the question is always "input licence -> licence of the derived dataset".
//!
//! The rules, per input licence:
//! - no-derivatives: no derived dataset at all;
//! - a generic or closed licence with unknown terms: no derived dataset without permission;
//! - share-alike: the derived dataset keeps that licence or one its share-alike clause allows;
//! - non-commercial: the derived dataset's licence must forbid commercial use too;
//! - attribution: the derived dataset's licence must require attribution too (a public domain
//!   dedication would let re-users drop the credit).

use serde::Serialize;

use super::resolve::{resolve, Resolution};
use super::{serialize_summaries, serialize_summary, Licence, LicenceSummary, Obligations};
use crate::error::LicenceError;

/// Whether a derivative of a work under one licence may be published under another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Verdict {
    /// True when it may.
    pub allowed: bool,
    /// Why not (empty when allowed).
    pub reasons: Vec<String>,
}

/// A licence a derived dataset may not use, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Rejected {
    /// The licence.
    pub licence: LicenceSummary,
    /// Why it cannot be used.
    pub reasons: Vec<String>,
}

/// The answer of [`compatibility`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Compatibility {
    /// How each input was recognised.
    pub inputs: Vec<Resolution>,
    /// What a re-user of the combined work must do: every duty of every input.
    pub obligations: Obligations,
    /// True when at least one licence can be used for the derived dataset.
    pub compatible: bool,
    /// Licences the derived dataset may be published under, least restrictive first.
    #[serde(serialize_with = "serialize_summaries")]
    pub allowed: Vec<&'static Licence>,
    /// The least restrictive open licence among `allowed` (or the least restrictive one).
    #[serde(serialize_with = "serialize_summary")]
    pub recommended: Option<&'static Licence>,
    /// Well-known licences that cannot be used, with the reasons.
    pub rejected: Vec<Rejected>,
    /// What the inputs require, in words, and the conflicts when nothing fits.
    pub reasons: Vec<String>,
}

/// Whether a dataset derived from a work under `input` may be published under `output`.
///
/// ```
/// use opendata_core::licence::{by_id, can_derive};
///
/// let by = by_id("CC-BY-4.0").unwrap();
/// let sa = by_id("CC-BY-SA-4.0").unwrap();
/// let zero = by_id("CC0-1.0").unwrap();
/// assert!(can_derive(by, sa).allowed);
/// assert!(!can_derive(sa, by).allowed);
/// assert!(!can_derive(by, zero).allowed);
/// assert!(can_derive(zero, by).allowed);
/// ```
pub fn can_derive(input: &Licence, output: &Licence) -> Verdict {
    let mut reasons = Vec::new();
    let i = &input.obligations;
    let o = &output.obligations;
    if !input.terms_known {
        reasons.push(format!(
            "the registry does not describe the terms of {}: check them by hand",
            input.id
        ));
    } else if i.no_derivatives {
        reasons.push(format!(
            "{} forbids derivatives: the data can only be passed on unchanged",
            input.id
        ));
    } else if (input.generic || !input.open) && !i.non_commercial && !i.public_domain {
        reasons.push(format!(
            "{} {}: a derived dataset needs the rights holder's permission",
            input.id,
            input
                .not_open_reason()
                .unwrap_or_else(|| "names no licence whose terms are known".to_owned())
        ));
    } else if output.generic {
        reasons.push(format!("{} names no licence", output.id));
    } else if input.id != output.id {
        if i.share_alike && !input.share_alike_compatible.contains(&output.id) {
            reasons.push(format!(
                "{} is share-alike: derivatives must use {}",
                input.id,
                share_alike_targets(input)
            ));
        }
        if i.non_commercial && !o.non_commercial {
            reasons.push(format!(
                "{} forbids commercial use, which {} would allow",
                input.id, output.id
            ));
        }
        if i.attribution && !o.attribution {
            reasons.push(format!(
                "{} requires attribution, which {} does not",
                input.id, output.id
            ));
        }
    }
    Verdict {
        allowed: reasons.is_empty(),
        reasons,
    }
}

/// [`can_derive`] for licences as people write them (ids, URLs, names): whether a dataset
/// derived from a work under `input` may be published under `output`.
///
/// ```
/// let v = opendata_core::licence::derivation("CC BY-SA 4.0", "CC BY 4.0")?;
/// assert!(!v.allowed);
/// assert!(v.reasons[0].contains("share-alike"));
/// # Ok::<(), opendata_core::licence::LicenceError>(())
/// ```
pub fn derivation(input: &str, output: &str) -> Result<Verdict, LicenceError> {
    let known = |text: &str| {
        let r = resolve(text);
        r.licence.ok_or_else(|| LicenceError::Unknown {
            input: text.to_owned(),
            candidates: r.candidates.iter().map(|l| l.id.to_owned()).collect(),
        })
    };
    Ok(can_derive(known(input)?, known(output)?))
}

fn share_alike_targets(l: &Licence) -> String {
    if l.share_alike_compatible.is_empty() {
        l.id.to_owned()
    } else {
        format!("{} or {}", l.id, l.share_alike_compatible.join(", "))
    }
}

/// For a set of input licences (as people write them): the combined obligations, the
/// licences a derived dataset may use (directional) and the reasons when one may not.
///
/// Errors when there is no input or when an input is not a known licence
/// ([`LicenceError::Unknown`] names the closest candidates).
///
/// ```
/// use opendata_core::licence::compatibility;
///
/// let c = compatibility(&["CC-BY-4.0", "ODbL"])?;
/// assert!(c.compatible);
/// assert_eq!(c.allowed.iter().map(|l| l.id).collect::<Vec<_>>(), ["ODbL-1.0"]);
/// assert!(c.obligations.share_alike && c.obligations.attribution);
///
/// let c = compatibility(&["CC-BY-SA-4.0", "ODbL-1.0"])?;
/// assert!(!c.compatible);
/// # Ok::<(), opendata_core::licence::LicenceError>(())
/// ```
pub fn compatibility(inputs: &[&str]) -> Result<Compatibility, LicenceError> {
    if inputs.is_empty() {
        return Err(LicenceError::NoInput);
    }
    let mut resolved = Vec::with_capacity(inputs.len());
    let mut licences: Vec<&'static Licence> = Vec::with_capacity(inputs.len());
    for text in inputs {
        let r = resolve(text);
        match r.licence {
            Some(l) => {
                if !licences.iter().any(|x| x.id == l.id) {
                    licences.push(l);
                }
            }
            None => {
                return Err(LicenceError::Unknown {
                    input: (*text).to_owned(),
                    candidates: r.candidates.iter().map(|l| l.id.to_owned()).collect(),
                })
            }
        }
        resolved.push(r);
    }
    let obligations = licences
        .iter()
        .map(|l| l.obligations)
        .reduce(Obligations::combine)
        .unwrap_or_default();

    // Candidate outputs: the registry's proposals, the inputs and their share-alike targets.
    let mut candidates: Vec<&'static Licence> =
        super::all().iter().filter(|l| l.output_candidate).collect();
    for l in &licences {
        let extra = std::iter::once(l.id).chain(l.share_alike_compatible.iter().copied());
        for id in extra {
            if let Some(c) = super::by_id(id) {
                if !candidates.iter().any(|x| x.id == c.id) {
                    candidates.push(c);
                }
            }
        }
    }
    let mut allowed = Vec::new();
    let mut rejected = Vec::new();
    for c in candidates {
        let mut reasons: Vec<String> = Vec::new();
        for l in &licences {
            for r in can_derive(l, c).reasons {
                if !reasons.contains(&r) {
                    reasons.push(r);
                }
            }
        }
        if reasons.is_empty() {
            allowed.push(c);
        } else if c.output_candidate {
            rejected.push(Rejected {
                licence: LicenceSummary::from(c),
                reasons,
            });
        }
    }
    // Stable sort: among equally restrictive licences the registry's proposal order holds.
    allowed.sort_by_key(|l| (l.obligations.restrictiveness(), !l.open));
    let recommended = allowed.iter().find(|l| l.open).or(allowed.first()).copied();

    let mut reasons = Vec::new();
    for l in &licences {
        let o = &l.obligations;
        if o.no_derivatives {
            reasons.push(format!("{} forbids derivatives", l.id));
        } else if o.share_alike {
            reasons.push(format!(
                "{} is share-alike: the derived dataset must use {}",
                l.id,
                share_alike_targets(l)
            ));
        }
        if o.non_commercial {
            reasons.push(format!(
                "{} forbids commercial use: so must the derived dataset's licence",
                l.id
            ));
        }
        if o.attribution && !o.share_alike && !o.no_derivatives {
            reasons.push(format!(
                "{} requires attribution: the derived dataset's licence must require it too",
                l.id
            ));
        }
        if (l.generic || !l.open) && !o.non_commercial && !o.no_derivatives && !o.public_domain {
            reasons.push(format!(
                "{}: terms unknown or closed; ask the rights holder",
                l.id
            ));
        }
    }
    if allowed.is_empty() {
        reasons.push("no licence satisfies every input: the inputs cannot be combined into one published dataset".to_owned());
    }
    Ok(Compatibility {
        inputs: resolved,
        obligations,
        compatible: !allowed.is_empty(),
        allowed,
        recommended,
        rejected,
        reasons,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::licence::by_id;

    fn ids(c: &Compatibility) -> Vec<&'static str> {
        c.allowed.iter().map(|l| l.id).collect()
    }

    #[test]
    fn permissive_inputs_allow_attribution_licences_but_not_public_domain() {
        let c = compatibility(&["CC-BY-4.0", "CC0-1.0"]).unwrap();
        assert!(c.compatible);
        assert_eq!(c.recommended.map(|l| l.id), Some("CC-BY-4.0"));
        assert!(!ids(&c).contains(&"CC0-1.0"));
        assert!(ids(&c).contains(&"CC-BY-SA-4.0"));
        assert!(ids(&c).contains(&"CC-BY-NC-4.0"));
        let zero = c
            .rejected
            .iter()
            .find(|r| r.licence.id == "CC0-1.0")
            .unwrap();
        assert!(
            zero.reasons[0].contains("requires attribution"),
            "{:?}",
            zero.reasons
        );
        assert!(c.obligations.attribution && !c.obligations.public_domain);
    }

    #[test]
    fn public_domain_inputs_allow_everything_proposed() {
        let c = compatibility(&["CC0-1.0", "PDDL-1.0"]).unwrap();
        assert_eq!(c.recommended.map(|l| l.id), Some("CC0-1.0"));
        assert!(c.obligations.public_domain);
        assert!(c.rejected.is_empty());
    }

    #[test]
    fn share_alike_allows_later_versions_only() {
        let c = compatibility(&["CC-BY-SA-3.0"]).unwrap();
        assert_eq!(c.recommended.map(|l| l.id), Some("CC-BY-SA-4.0"));
        assert!(ids(&c).contains(&"CC-BY-SA-3.0"));
        assert!(ids(&c).contains(&"CC-BY-SA-4.0"));
        assert!(!ids(&c).contains(&"CC-BY-SA-2.0"));
        assert!(!ids(&c).contains(&"CC-BY-4.0"));
    }

    #[test]
    fn conflicts_are_explained() {
        let c = compatibility(&["CC-BY-SA-4.0", "CC-BY-NC-4.0"]).unwrap();
        assert!(!c.compatible);
        assert!(c.recommended.is_none());
        assert!(c
            .reasons
            .last()
            .unwrap()
            .starts_with("no licence satisfies"));
        let c = compatibility(&["CC-BY-ND-4.0"]).unwrap();
        assert!(!c.compatible);
        assert!(c
            .rejected
            .iter()
            .all(|r| r.reasons[0].contains("forbids derivatives")));
    }

    #[test]
    fn non_commercial_input_needs_non_commercial_output() {
        let c = compatibility(&["CC-BY-NC-4.0", "CC-BY-4.0"]).unwrap();
        assert!(ids(&c)
            .iter()
            .all(|id| by_id(id).unwrap().obligations.non_commercial));
        assert_eq!(c.recommended.map(|l| l.id), Some("CC-BY-NC-4.0"));
    }

    #[test]
    fn bad_inputs_are_errors() {
        assert!(matches!(compatibility(&[]), Err(LicenceError::NoInput)));
        match compatibility(&["CC-BY-4.0", "no such licence"]) {
            Err(LicenceError::Unknown { input, .. }) => assert_eq!(input, "no such licence"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn closed_inputs_cannot_be_derived() {
        let v = can_derive(by_id("other-closed").unwrap(), by_id("CC-BY-4.0").unwrap());
        assert!(!v.allowed);
        assert!(v.reasons[0].contains("permission"), "{:?}", v.reasons);
    }
}
