//! A starting policy for a table.
//!
//! Entities a PII scan detected decide first. Columns the scan did not classify (or all
//! columns, when there is no scan) are matched on their **names only**: a heuristic that
//! misses personal data in oddly named columns and can flag harmless ones. The suggestion is
//! a draft for a person to review, never a finished policy.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::Date;

use super::policy::{Action, DateLevel, HierarchySpec, Policy, PostcodeLevel, PrivacySettings};

/// Why a rule was suggested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Suggestion {
    /// The column.
    pub column: String,
    /// The entity assumed.
    pub entity: String,
    /// `scan` when a PII scan detected the entity, `column-name` when only the name
    /// suggested it.
    pub basis: String,
}

/// A suggested policy and the reasons for its rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SuggestedPolicy {
    /// The policy.
    pub policy: Policy,
    /// One entry per column that got a rule or became a quasi-identifier.
    pub reasons: Vec<Suggestion>,
}

/// Entities recognised from a column name, by normalised name fragments (whole words; a
/// leading `=` means the whole name). Order matters: the first match wins.
const NAME_RULES: &[(&[&str], &str)] = &[
    (&["email", "e_mail", "mail"], "EMAIL_ADDRESS"),
    (
        &["dob", "date_of_birth", "birth_date", "birthdate", "born"],
        "DATE_OF_BIRTH",
    ),
    (
        &["postcode", "post_code", "postal_code", "zip", "zipcode"],
        "UK_POSTCODE",
    ),
    (&["nhs"], "UK_NHS"),
    (
        &["ni_number", "national_insurance", "nino", "ssn", "passport"],
        "NATIONAL_ID",
    ),
    (
        &["phone", "telephone", "tel", "mobile", "fax"],
        "PHONE_NUMBER",
    ),
    (
        &[
            "first_name",
            "forename",
            "given_name",
            "surname",
            "last_name",
            "family_name",
            "full_name",
            "=name",
            "patient_name",
            "person_name",
        ],
        "PERSON",
    ),
    (&["address", "street", "addr"], "STREET_ADDRESS"),
    (
        &["latitude", "lat", "longitude", "lon", "lng"],
        "GEO_COORDINATES",
    ),
    (&["ip", "ip_address"], "IP_ADDRESS"),
    (
        &["iban", "account_number", "sort_code", "card"],
        "FINANCIAL",
    ),
    (
        &[
            "notes",
            "note",
            "comment",
            "comments",
            "description",
            "free_text",
            "remarks",
        ],
        "FREE_TEXT",
    ),
    (&["sex", "gender"], "QUASI_SEX"),
    (&["age"], "QUASI_AGE"),
    (
        &["ethnicity", "ethnic_group", "religion", "nationality"],
        "QUASI_GROUP",
    ),
];

/// Patterns offered for free-text columns until a PII engine supplies a detector.
const TEXT_PATTERNS: &[(&str, &str)] = &[
    (
        "EMAIL_ADDRESS",
        r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}",
    ),
    ("PHONE_NUMBER", r"(?:\+44\s?|\b0)(?:\d\s?){9,10}\b"),
    (
        "UK_POSTCODE",
        r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b",
    ),
];

/// Splits `EmailAddress`, `e-mail`, `Date of birth` into `email_address`, `e_mail`,
/// `date_of_birth`.
fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_uppercase() && prev_lower {
            out.push('_');
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_owned()
}

fn entity_from_name(name: &str) -> Option<&'static str> {
    let n = normalise(name);
    let words: Vec<&str> = n.split('_').collect();
    NAME_RULES.iter().find_map(|(fragments, entity)| {
        fragments
            .iter()
            .any(|f| {
                if let Some(whole) = f.strip_prefix('=') {
                    n == whole
                } else if f.contains('_') {
                    n == *f
                        || n.starts_with(&format!("{f}_"))
                        || n.ends_with(&format!("_{f}"))
                        || n.contains(&format!("_{f}_"))
                } else {
                    words.contains(f)
                }
            })
            .then_some(*entity)
    })
}

fn action_for(entity: &str, reference_date: Date) -> Option<Action> {
    Some(match entity {
        "EMAIL_ADDRESS" | "IP_ADDRESS" | "UK_NHS" => Action::Pseudonym {
            length: 16,
            encoding: Default::default(),
            join: None,
            prefix: String::new(),
        },
        "DATE_OF_BIRTH" => Action::AgeBand {
            reference_date: format!(
                "{:04}-{:02}-{:02}",
                reference_date.year(),
                u8::from(reference_date.month()),
                reference_date.day()
            ),
            width: 10,
            top: Some(90),
        },
        "UK_POSTCODE" => Action::Postcode {
            level: PostcodeLevel::District,
        },
        "PERSON" | "NATIONAL_ID" | "FINANCIAL" | "CREDIT_CARD" | "IBAN_CODE" | "UK_NINO" => {
            Action::Drop
        }
        "PHONE_NUMBER" | "STREET_ADDRESS" | "LOCATION" => Action::Redact {
            with: "[REDACTED]".to_owned(),
        },
        // About a kilometre: an area, not a home (the scan's hint).
        "GEO_COORDINATES" => Action::Coordinates { decimals: 2 },
        "DATE_TIME" => Action::Date {
            level: DateLevel::Month,
        },
        "FREE_TEXT" => Action::TextSpans {
            patterns: TEXT_PATTERNS
                .iter()
                .map(|(e, p)| ((*e).to_owned(), (*p).to_owned()))
                .collect(),
        },
        _ if entity.starts_with("QUASI_") => return None,
        _ => Action::Redact {
            with: "[REDACTED]".to_owned(),
        },
    })
}

/// Suggests a policy for a table with these columns. `entities` is the column -> entity map
/// of a PII scan (empty when there is none); other columns are judged by name.
/// `reference_date` anchors age bands (normally today).
///
/// ```
/// use std::collections::BTreeMap;
/// use opendata_core::anonymise::{suggest_policy, Action};
///
/// let columns = ["Email".to_owned(), "date_of_birth".to_owned(), "amount".to_owned()];
/// let date = time::Date::from_calendar_date(2025, time::Month::January, 1).unwrap();
/// let s = suggest_policy(&columns, &BTreeMap::new(), date);
/// assert!(matches!(s.policy.columns["Email"], Action::Pseudonym { .. }));
/// assert!(matches!(s.policy.columns["date_of_birth"], Action::AgeBand { .. }));
/// assert!(!s.policy.columns.contains_key("amount"));
/// assert_eq!(s.reasons[0].basis, "column-name");
/// ```
pub fn suggest_policy(
    columns: &[String],
    entities: &BTreeMap<String, String>,
    reference_date: Date,
) -> SuggestedPolicy {
    let mut policy = Policy::default();
    let mut reasons = Vec::new();
    let mut quasi = Vec::new();
    let mut hierarchies = BTreeMap::new();
    for column in columns {
        let (entity, basis) = match entities.get(column) {
            Some(e) => (e.clone(), "scan"),
            None => match entity_from_name(column) {
                Some(e) => (e.to_owned(), "column-name"),
                None => continue,
            },
        };
        match action_for(&entity, reference_date) {
            Some(action) => {
                policy.columns.insert(column.clone(), action);
            }
            None => {
                quasi.push(column.clone());
                if entity == "QUASI_AGE" {
                    hierarchies.insert(
                        column.clone(),
                        HierarchySpec::Age {
                            bands: vec![5, 10, 20],
                        },
                    );
                }
            }
        }
        reasons.push(Suggestion {
            column: column.clone(),
            entity,
            basis: basis.to_owned(),
        });
    }
    if !quasi.is_empty() {
        policy.privacy = Some(PrivacySettings {
            quasi_identifiers: quasi,
            k: 5,
            max_suppression: 0.05,
            suppression: Default::default(),
            sensitive: None,
            l: None,
            hierarchies,
            metric: Default::default(),
        });
    }
    policy.default_personal = Some(Action::Redact {
        with: "[REDACTED]".to_owned(),
    });
    SuggestedPolicy { policy, reasons }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalised_before_matching() {
        assert_eq!(normalise("EmailAddress"), "email_address");
        assert_eq!(normalise("Date of birth"), "date_of_birth");
        assert_eq!(entity_from_name("EmailAddress"), Some("EMAIL_ADDRESS"));
        assert_eq!(entity_from_name("Date of birth"), Some("DATE_OF_BIRTH"));
        assert_eq!(entity_from_name("patient_surname"), Some("PERSON"));
        assert_eq!(entity_from_name("Post Code"), Some("UK_POSTCODE"));
        assert_eq!(entity_from_name("amount"), None);
        assert_eq!(entity_from_name("Name"), Some("PERSON"));
        assert_eq!(entity_from_name("company_name"), None);
        // whole words only: "tel" is not in "hotel", "age" is not in "page".
        assert_eq!(entity_from_name("hotel"), None);
        assert_eq!(entity_from_name("page"), None);
        assert_eq!(entity_from_name("usage_age"), Some("QUASI_AGE"));
    }

    #[test]
    fn suggestion_is_a_valid_policy_and_prefers_the_scan() {
        let cols: Vec<String> = ["name", "email", "notes", "sex", "age", "contact"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut entities = BTreeMap::new();
        entities.insert("contact".to_owned(), "PHONE_NUMBER".to_owned());
        let date = Date::from_calendar_date(2025, time::Month::June, 1).unwrap();
        let s = suggest_policy(&cols, &entities, date);
        s.policy.check().unwrap();
        let again = Policy::from_toml(&s.policy.to_toml().unwrap()).unwrap();
        assert_eq!(again, s.policy);
        assert_eq!(s.policy.columns["name"], Action::Drop);
        assert!(matches!(s.policy.columns["contact"], Action::Redact { .. }));
        let p = s.policy.privacy.unwrap();
        assert_eq!(p.quasi_identifiers, ["sex", "age"]);
        let contact = s.reasons.iter().find(|r| r.column == "contact").unwrap();
        assert_eq!(contact.basis, "scan");
    }

    #[test]
    fn coordinates_are_rounded_whether_scanned_or_named() {
        let cols: Vec<String> = ["the_geom", "lat"].iter().map(|s| s.to_string()).collect();
        let mut entities = BTreeMap::new();
        entities.insert("the_geom".to_owned(), "GEO_COORDINATES".to_owned());
        let date = Date::from_calendar_date(2025, time::Month::June, 1).unwrap();
        let s = suggest_policy(&cols, &entities, date);
        for column in ["the_geom", "lat"] {
            assert_eq!(
                s.policy.columns[column],
                Action::Coordinates { decimals: 2 },
                "{column}"
            );
        }
    }
}
