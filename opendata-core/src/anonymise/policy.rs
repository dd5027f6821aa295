//! The policy: what happens to each column, as data (JSON or TOML).
//!
//! A column's action comes from, in this order: its rule under `columns` (by name); the rule
//! under `entities` for the entity the caller's scan detected in it; `default_personal` when
//! the scan flagged it as personal; otherwise the column is kept.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::AnonymiseError;

/// An anonymisation policy.
///
/// ```
/// use opendata_core::anonymise::{Action, Policy};
///
/// let policy = Policy::from_toml(r#"
///     [columns.email]
///     action = "pseudonym"
///     [columns.name]
///     action = "drop"
/// "#)?;
/// assert!(matches!(policy.columns["name"], Action::Drop));
/// # Ok::<(), opendata_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Policy {
    /// Format version of the policy; 1.
    #[serde(default = "one")]
    pub version: u32,
    /// The action for a column the caller's scan flagged as personal and that no rule below
    /// names. Without it such a column is kept (and the report says so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_personal: Option<Action>,
    /// Rules by column name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub columns: BTreeMap<String, Action>,
    /// Rules by detected entity (`EMAIL_ADDRESS`, `PERSON`, ...), for columns the caller's
    /// scan classified.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub entities: BTreeMap<String, Action>,
    /// The privacy model to enforce on the whole table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy: Option<PrivacySettings>,
}

fn one() -> u32 {
    1
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            version: 1,
            default_personal: None,
            columns: BTreeMap::new(),
            entities: BTreeMap::new(),
            privacy: None,
        }
    }
}

impl Policy {
    /// Whether what the policy writes depends on the entities a scan detects: rules by
    /// entity, `default_personal`, or `entity-tag` without an entity. When it does not, a
    /// scan only adds to the report and can run over the same batches as the anonymiser
    /// ([`Anonymiser::note_entities`](super::Anonymiser::note_entities)), reading the
    /// table once.
    ///
    /// ```
    /// use opendata_core::anonymise::Policy;
    /// let p = Policy::from_toml("[columns.email]\naction = \"drop\"\n")?;
    /// assert!(!p.uses_entities());
    /// let p = Policy::from_toml("default_personal = { action = \"redact\" }\n")?;
    /// assert!(p.uses_entities());
    /// # Ok::<(), opendata_core::Error>(())
    /// ```
    pub fn uses_entities(&self) -> bool {
        self.default_personal.is_some()
            || !self.entities.is_empty()
            || self
                .columns
                .values()
                .any(|a| matches!(a, Action::EntityTag { entity: None }))
    }

    /// Reads a policy from TOML; a wrong field or value is an
    /// [`AnonymiseError::InvalidPolicy`] naming it.
    pub fn from_toml(text: &str) -> Result<Self, AnonymiseError> {
        let p: Self =
            toml::from_str(text).map_err(|e| AnonymiseError::InvalidPolicy(e.to_string()))?;
        p.check()?;
        Ok(p)
    }

    /// Reads a policy from JSON.
    pub fn from_json(text: &str) -> Result<Self, AnonymiseError> {
        let p: Self =
            serde_json::from_str(text).map_err(|e| AnonymiseError::InvalidPolicy(e.to_string()))?;
        p.check()?;
        Ok(p)
    }

    /// The policy as TOML.
    pub fn to_toml(&self) -> Result<String, AnonymiseError> {
        toml::to_string_pretty(self).map_err(|e| AnonymiseError::InvalidPolicy(e.to_string()))
    }

    /// The policy as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Checks the settings that do not depend on the table (lengths, widths, k).
    pub fn check(&self) -> Result<(), AnonymiseError> {
        if self.version != 1 {
            return Err(invalid(format!(
                "policy version {} is not supported (1 is)",
                self.version
            )));
        }
        let rules = self
            .default_personal
            .iter()
            .map(|a| ("default_personal".to_owned(), a))
            .chain(
                self.columns
                    .iter()
                    .map(|(c, a)| (format!("columns.{c}"), a)),
            )
            .chain(
                self.entities
                    .iter()
                    .map(|(e, a)| (format!("entities.{e}"), a)),
            );
        for (at, action) in rules {
            action
                .check()
                .map_err(|reason| invalid(format!("{at}: {reason}")))?;
        }
        if let Some(p) = &self.privacy {
            p.check()?;
        }
        Ok(())
    }
}

fn invalid(msg: String) -> AnonymiseError {
    AnonymiseError::InvalidPolicy(msg)
}

/// What to do with a column. In TOML: `action = "mask"` plus the action's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Action {
    /// Publish the column unchanged.
    Keep,
    /// Leave the column out.
    Drop,
    /// Replace every non-empty cell with a constant.
    Redact {
        /// The constant.
        #[serde(default = "default_redaction")]
        with: String,
    },
    /// Replace every non-empty cell with the column's entity tag, e.g. `<EMAIL_ADDRESS>`.
    EntityTag {
        /// The entity; by default the one the caller's scan detected in the column.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        entity: Option<String>,
    },
    /// Keep the first and last characters, mask the rest (`j*********k`). A value with no
    /// more characters than are kept is masked whole, so no value survives intact.
    Mask {
        /// Characters kept at the start.
        #[serde(default)]
        keep_first: usize,
        /// Characters kept at the end.
        #[serde(default)]
        keep_last: usize,
        /// The mask character.
        #[serde(default = "default_mask_char")]
        mask_char: char,
    },
    /// A keyed pseudonym: HMAC-SHA256 of the value under the caller's key, truncated and
    /// encoded. Equal values get equal pseudonyms within a column (or a join group).
    Pseudonym {
        /// Characters of the encoded pseudonym (hex: 8..=64, base32: 8..=51).
        #[serde(default = "default_pseudonym_length")]
        length: usize,
        /// How the digest is written.
        #[serde(default)]
        encoding: Encoding,
        /// Columns naming the same join group share pseudonyms, so they can be joined;
        /// without it each column has its own domain and pseudonyms do not match across
        /// columns.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        join: Option<String>,
        /// Text put before every pseudonym.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        prefix: String,
    },
    /// A random token, the same for equal values within one run, not linkable across runs
    /// unless the run seed is given again.
    RandomToken {
        /// Characters of the token (base32, 8..=51).
        #[serde(default = "default_token_length")]
        length: usize,
        /// Text put before every token.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        prefix: String,
    },
    /// A date generalised to its year, quarter (`2024-Q2`) or month (`2024-05`).
    Date {
        /// The generalisation level.
        level: DateLevel,
    },
    /// A date of birth turned into an age band (`30-39`) as of a reference date.
    AgeBand {
        /// The date ages are computed at (ISO `YYYY-MM-DD`).
        reference_date: String,
        /// Years per band.
        #[serde(default = "default_band_width")]
        width: u32,
        /// Ages at or above this form one open band (`90+`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        top: Option<u32>,
    },
    /// A number replaced by the interval it falls in (`[20,30)`).
    Bins {
        /// Interval width.
        width: f64,
        /// Where intervals start (bins are `[origin + i*width, origin + (i+1)*width)`).
        #[serde(default)]
        origin: f64,
    },
    /// A number rounded to the nearest multiple of `to`.
    Round {
        /// The rounding base (e.g. 1000, or 0.5).
        to: f64,
    },
    /// Top and bottom coding: numbers above `top` become `top`, below `bottom` become
    /// `bottom`.
    TopBottom {
        /// Lower limit.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bottom: Option<f64>,
        /// Upper limit.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        top: Option<f64>,
    },
    /// A UK postcode cut to a coarser unit.
    Postcode {
        /// The unit kept.
        level: PostcodeLevel,
    },
    /// A coordinate (or a `lat,lon` pair) rounded to N decimals (3 is about 100 m).
    Coordinates {
        /// Decimals kept.
        decimals: u32,
    },
    /// Free text: each span the detector finds is replaced by its entity tag; the rest of
    /// the text is kept.
    TextSpans {
        /// Extra patterns for this column, entity -> regular expression, on top of the
        /// caller's detector.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        patterns: BTreeMap<String, String>,
    },
}

fn default_redaction() -> String {
    "[REDACTED]".to_owned()
}
fn default_mask_char() -> char {
    '*'
}
fn default_pseudonym_length() -> usize {
    16
}
fn default_token_length() -> usize {
    12
}
fn default_band_width() -> u32 {
    10
}

impl Action {
    /// The action's name as written in a policy (`pseudonym`, `age-band`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            Action::Keep => "keep",
            Action::Drop => "drop",
            Action::Redact { .. } => "redact",
            Action::EntityTag { .. } => "entity-tag",
            Action::Mask { .. } => "mask",
            Action::Pseudonym { .. } => "pseudonym",
            Action::RandomToken { .. } => "random-token",
            Action::Date { .. } => "date",
            Action::AgeBand { .. } => "age-band",
            Action::Bins { .. } => "bins",
            Action::Round { .. } => "round",
            Action::TopBottom { .. } => "top-bottom",
            Action::Postcode { .. } => "postcode",
            Action::Coordinates { .. } => "coordinates",
            Action::TextSpans { .. } => "text-spans",
        }
    }

    fn check(&self) -> Result<(), String> {
        let positive = |what: &str, v: f64| {
            if v.is_finite() && v > 0.0 {
                Ok(())
            } else {
                Err(format!("{what} must be a positive number, not {v}"))
            }
        };
        match self {
            Action::Pseudonym {
                length, encoding, ..
            } => {
                let max = encoding.max_chars();
                if !(8..=max).contains(length) {
                    return Err(format!(
                        "pseudonym length must be 8..={max} for {encoding:?} encoding, not {length}"
                    ));
                }
            }
            Action::RandomToken { length, .. } if !(8..=51).contains(length) => {
                return Err(format!("token length must be 8..=51, not {length}"));
            }
            Action::AgeBand {
                reference_date,
                width,
                ..
            } => {
                if crate::table::types::parse_iso_date(reference_date).is_none() {
                    return Err(format!(
                        "reference_date {reference_date:?} is not an ISO date (YYYY-MM-DD)"
                    ));
                }
                if *width == 0 {
                    return Err("age band width must be at least 1".to_owned());
                }
            }
            Action::Bins { width, origin } => {
                positive("bin width", *width)?;
                if !origin.is_finite() {
                    return Err("bin origin must be a finite number".to_owned());
                }
            }
            Action::Round { to } => positive("rounding base", *to)?,
            Action::TopBottom { bottom, top } => match (bottom, top) {
                (None, None) => return Err("top-bottom needs `top`, `bottom` or both".to_owned()),
                (Some(b), Some(t)) if b > t => {
                    return Err(format!("bottom {b} is above top {t}"));
                }
                (b, t)
                    if b.is_some_and(|v| !v.is_finite()) || t.is_some_and(|v| !v.is_finite()) =>
                {
                    return Err("top and bottom must be finite numbers".to_owned());
                }
                _ => {}
            },
            Action::Coordinates { decimals } if *decimals > 10 => {
                return Err(format!(
                    "coordinates keep at most 10 decimals, not {decimals}"
                ));
            }
            Action::TextSpans { patterns } => {
                for (entity, pattern) in patterns {
                    regex::Regex::new(pattern).map_err(|e| format!("pattern for {entity}: {e}"))?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// How a pseudonym's digest is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Encoding {
    /// Lowercase RFC 4648 base32 without padding (5 bits per character).
    #[default]
    Base32,
    /// Lowercase hexadecimal (4 bits per character).
    Hex,
}

impl Encoding {
    fn max_chars(self) -> usize {
        match self {
            Encoding::Base32 => 51,
            Encoding::Hex => 64,
        }
    }
}

/// How far a date is generalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum DateLevel {
    /// `2024-05`.
    Month,
    /// `2024-Q2`.
    Quarter,
    /// `2024`.
    Year,
}

/// Which part of a UK postcode is kept (`SW1A 1AA`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum PostcodeLevel {
    /// The sector: outward code and the inward digit, `SW1A 1`.
    Sector,
    /// The district, which is the outward code: `SW1A`.
    District,
    /// Same as `district`: the outward code, `SW1A`.
    Outward,
    /// The area: the leading letters, `SW`.
    Area,
}

/// The privacy model enforced on the whole table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PrivacySettings {
    /// The quasi-identifying columns (those an attacker may know from elsewhere).
    pub quasi_identifiers: Vec<String>,
    /// Every combination of quasi-identifier values must be shared by at least `k` records.
    pub k: u64,
    /// Largest share of records (0..=1) that may be suppressed to reach k.
    #[serde(default)]
    pub max_suppression: f64,
    /// How a suppressed record is published.
    #[serde(default)]
    pub suppression: SuppressionMode,
    /// A sensitive column for l-diversity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitive: Option<String>,
    /// Distinct l-diversity: each class must hold at least `l` distinct sensitive values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub l: Option<u64>,
    /// The generalisation hierarchy of each quasi-identifier; a quasi-identifier without one
    /// can only be kept or suppressed to `*`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub hierarchies: BTreeMap<String, HierarchySpec>,
    /// What the search minimises.
    #[serde(default)]
    pub metric: LossMetric,
}

impl PrivacySettings {
    fn check(&self) -> Result<(), AnonymiseError> {
        if self.k == 0 {
            return Err(invalid("privacy.k must be at least 1".to_owned()));
        }
        if !(0.0..=1.0).contains(&self.max_suppression) {
            return Err(invalid(format!(
                "privacy.max_suppression is a share of records between 0 and 1, not {}",
                self.max_suppression
            )));
        }
        if self.quasi_identifiers.is_empty() {
            return Err(invalid("privacy.quasi_identifiers is empty".to_owned()));
        }
        match (&self.sensitive, self.l) {
            (Some(_), None) | (None, Some(_)) => {
                return Err(invalid(
                    "privacy.sensitive and privacy.l go together".to_owned(),
                ))
            }
            (_, Some(0)) => return Err(invalid("privacy.l must be at least 1".to_owned())),
            _ => {}
        }
        for (column, h) in &self.hierarchies {
            if !self.quasi_identifiers.contains(column) {
                return Err(invalid(format!(
                    "privacy.hierarchies.{column}: {column} is not a quasi-identifier"
                )));
            }
            h.check()
                .map_err(|r| invalid(format!("privacy.hierarchies.{column}: {r}")))?;
        }
        Ok(())
    }
}

/// How records that would break k-anonymity are published.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SuppressionMode {
    /// The record is left out of the output.
    #[default]
    DropRow,
    /// The record stays; its quasi-identifiers become `*`.
    Mask,
}

/// What the generalisation search minimises.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum LossMetric {
    /// The discernibility metric: sum of class size squared, plus (records) for each
    /// suppressed record.
    #[default]
    Discernibility,
    /// The sum of generalisation levels.
    Height,
}

/// A generalisation hierarchy: level 0 is the value itself, the last level is `*`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub enum HierarchySpec {
    /// value -> `*`.
    Suppress,
    /// date -> month -> quarter -> year -> `*`.
    Date,
    /// date of birth -> age -> age bands of each width -> `*`.
    DateOfBirth {
        /// Ages are computed at this date (ISO).
        reference_date: String,
        /// Band widths, narrowest first.
        #[serde(default = "default_age_bands")]
        bands: Vec<u32>,
    },
    /// age in years -> bands of each width -> `*`.
    Age {
        /// Band widths, narrowest first.
        #[serde(default = "default_age_bands")]
        bands: Vec<u32>,
    },
    /// UK postcode -> sector -> district -> area -> `*`.
    Postcode,
    /// number -> intervals of each width -> `*`.
    Number {
        /// Interval widths, narrowest first.
        widths: Vec<f64>,
    },
    /// User-defined: each row is a value followed by its generalisation at levels 1, 2, ...
    /// A `*` level is added on top when the rows do not already end in one shared value.
    Values {
        /// The rows.
        rows: Vec<Vec<String>>,
    },
}

fn default_age_bands() -> Vec<u32> {
    vec![5, 10, 20]
}

impl HierarchySpec {
    fn check(&self) -> Result<(), String> {
        match self {
            HierarchySpec::DateOfBirth {
                reference_date,
                bands,
            } => {
                if crate::table::types::parse_iso_date(reference_date).is_none() {
                    return Err(format!(
                        "reference_date {reference_date:?} is not an ISO date"
                    ));
                }
                check_widths(bands.iter().map(|&b| f64::from(b)))
            }
            HierarchySpec::Age { bands } => check_widths(bands.iter().map(|&b| f64::from(b))),
            HierarchySpec::Number { widths } => check_widths(widths.iter().copied()),
            HierarchySpec::Values { rows } => {
                let Some(first) = rows.first() else {
                    return Err("a values hierarchy needs rows".to_owned());
                };
                if first.len() < 2 {
                    return Err("each row needs the value and at least one level".to_owned());
                }
                if let Some(bad) = rows.iter().find(|r| r.len() != first.len()) {
                    return Err(format!(
                        "every row needs {} entries; the row for {:?} has {}",
                        first.len(),
                        bad.first().map(String::as_str).unwrap_or(""),
                        bad.len()
                    ));
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

fn check_widths(widths: impl Iterator<Item = f64>) -> Result<(), String> {
    let mut last = 0.0;
    let mut any = false;
    for w in widths {
        any = true;
        if !w.is_finite() || w <= 0.0 {
            return Err(format!("widths must be positive, not {w}"));
        }
        if w <= last {
            return Err("widths must grow from narrowest to widest".to_owned());
        }
        last = w;
    }
    if any {
        Ok(())
    } else {
        Err("at least one width is needed".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = r#"
        default_personal = { action = "redact" }

        [columns.email]
        action = "pseudonym"
        length = 20
        join = "person"

        [columns.dob]
        action = "age-band"
        reference_date = "2025-01-01"
        width = 10
        top = 90

        [columns.postcode]
        action = "postcode"
        level = "district"

        [entities.PHONE_NUMBER]
        action = "mask"
        keep_last = 3

        [privacy]
        quasi_identifiers = ["sex", "town"]
        k = 5
        max_suppression = 0.05

        [privacy.hierarchies.town]
        kind = "values"
        rows = [["Leeds", "North", "*"], ["York", "North", "*"]]
    "#;

    #[test]
    fn toml_and_json_round_trip() {
        let p = Policy::from_toml(FULL).unwrap();
        assert_eq!(p.columns.len(), 3);
        assert_eq!(p.privacy.as_ref().unwrap().k, 5);
        let again = Policy::from_toml(&p.to_toml().unwrap()).unwrap();
        assert_eq!(p, again);
        assert_eq!(Policy::from_json(&p.to_json()).unwrap(), p);
    }

    #[test]
    fn a_key_in_the_policy_is_refused() {
        let err = Policy::from_toml("key = \"secret\"\n").unwrap_err();
        assert_eq!(err.code(), "anonymise.invalid-policy");
        let err =
            Policy::from_toml("[columns.a]\naction = \"pseudonym\"\nkey = \"s\"\n").unwrap_err();
        assert!(err.to_string().contains("key"), "{err}");
    }

    #[test]
    fn bad_settings_name_the_rule() {
        let err =
            Policy::from_toml("[columns.email]\naction = \"pseudonym\"\nlength = 4\n").unwrap_err();
        assert!(err.to_string().contains("columns.email"), "{err}");
        let err = Policy::from_toml("[privacy]\nquasi_identifiers = [\"a\"]\nk = 0\n").unwrap_err();
        assert!(err.to_string().contains("privacy.k"), "{err}");
        let err = Policy::from_toml("[columns.x]\naction = \"bins\"\nwidth = -1\n").unwrap_err();
        assert!(err.to_string().contains("positive"), "{err}");
        let err = Policy::from_toml("[columns.x]\naction = \"explode\"\n").unwrap_err();
        assert_eq!(err.code(), "anonymise.invalid-policy");
    }
}
