//! Mappings between the model and the JSON forms portals exchange: CKAN package JSON
//! (as ckanext-dcat's DCAT-AP profile maps it), DCAT-US `data.json` 1.1, schema.org
//! `Dataset` (write only) and Frictionless `datapackage.json`.

pub mod ckan;
pub mod data_json;
pub mod datapackage;
pub mod schema_org;

use serde_json::Value;

use super::model::{DateValue, LangString};
use super::vocab::{self, schemes};

/// ISO 639-1 codes of the EU and EEA languages and their EU language-table codes.
const LANGUAGES: &[(&str, &str)] = &[
    ("bg", "BUL"),
    ("cs", "CES"),
    ("da", "DAN"),
    ("de", "DEU"),
    ("el", "ELL"),
    ("en", "ENG"),
    ("es", "SPA"),
    ("et", "EST"),
    ("fi", "FIN"),
    ("fr", "FRA"),
    ("ga", "GLE"),
    ("hr", "HRV"),
    ("hu", "HUN"),
    ("it", "ITA"),
    ("lt", "LIT"),
    ("lv", "LAV"),
    ("mt", "MLT"),
    ("nl", "NLD"),
    ("pl", "POL"),
    ("pt", "POR"),
    ("ro", "RON"),
    ("sk", "SLK"),
    ("sl", "SLV"),
    ("sv", "SWE"),
    ("no", "NOR"),
    ("nb", "NOB"),
    ("nn", "NNO"),
    ("is", "ISL"),
    ("ca", "CAT"),
    ("eu", "EUS"),
    ("gl", "GLG"),
    ("lb", "LTZ"),
    ("sq", "SQI"),
    ("sr", "SRP"),
    ("tr", "TUR"),
];

/// `en`, `en-GB`, `eng`, `ENG` or an EU language IRI -> the EU language IRI.
pub(crate) fn language_iri(text: &str) -> Option<String> {
    let t = text.trim();
    if t.starts_with(schemes::LANGUAGE) {
        return Some(t.to_owned());
    }
    let primary = t.split(['-', '_']).next().unwrap_or(t).to_ascii_lowercase();
    let code = match LANGUAGES.iter().find(|(two, _)| *two == primary) {
        Some((_, three)) => (*three).to_owned(),
        None => primary.to_ascii_uppercase(),
    };
    let iri = format!("{}/{code}", schemes::LANGUAGE);
    vocab::vocabulary(schemes::LANGUAGE)
        .is_some_and(|v| v.contains(&iri))
        .then_some(iri)
}

/// An EU language IRI -> its ISO 639-1 code when it has one, else the table code.
pub(crate) fn language_code(iri: &str) -> String {
    let code = iri.rsplit('/').next().unwrap_or(iri);
    LANGUAGES
        .iter()
        .find(|(_, three)| *three == code)
        .map(|(two, _)| (*two).to_owned())
        .unwrap_or_else(|| code.to_ascii_lowercase())
}

/// `CSV`, `csv`, `.csv` or an IRI -> the EU file-type IRI when the table has it; other
/// strings are returned unchanged (they stay visible to the validator).
pub(crate) fn format_iri(text: &str) -> String {
    let t = text.trim();
    if t.contains("://") {
        return t.to_owned();
    }
    let code = t
        .trim_start_matches('.')
        .to_ascii_uppercase()
        .replace([' ', '-', '/'], "_");
    let iri = format!("{}/{code}", schemes::FILE_TYPE);
    if vocab::vocabulary(schemes::FILE_TYPE).is_some_and(|v| v.contains(&iri)) {
        iri
    } else {
        t.to_owned()
    }
}

/// The short name of a format IRI (`.../file-type/CSV` -> `CSV`).
pub(crate) fn format_label(iri: &str) -> String {
    match iri.strip_prefix(schemes::FILE_TYPE) {
        Some(rest) => rest.trim_start_matches('/').to_owned(),
        None => iri.to_owned(),
    }
}

const IANA: &str = "https://www.iana.org/assignments/media-types/";

/// `text/csv` -> its IANA IRI; IRIs stay as they are.
pub(crate) fn media_type_iri(text: &str) -> String {
    let t = text.trim();
    if t.contains("://") || !t.contains('/') {
        t.to_owned()
    } else {
        format!(
            "{IANA}{}",
            t.split(';').next().unwrap_or(t).trim().to_ascii_lowercase()
        )
    }
}

/// An IANA media-type IRI -> `text/csv`.
pub(crate) fn media_type_text(iri: &str) -> String {
    iri.strip_prefix(IANA)
        .or_else(|| iri.strip_prefix("http://www.iana.org/assignments/media-types/"))
        .unwrap_or(iri)
        .to_owned()
}

/// A date or date-time string as portals write them (`2024-05-31T10:00:00.123456` from
/// CKAN has no zone): the date part when the full value does not parse.
pub(crate) fn date(text: &str) -> Option<DateValue> {
    DateValue::parse(text).or_else(|| text.get(..10).and_then(DateValue::parse))
}

pub(crate) fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub(crate) fn texts(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().filter_map(text).collect(),
        other => text(other).into_iter().collect(),
    }
}

pub(crate) fn lang(value: String) -> LangString {
    LangString::plain(value)
}

/// The first text of a list, preferring English.
pub(crate) fn first_text(texts: &[LangString]) -> Option<String> {
    super::model::pick(texts, "en").map(str::to_owned)
}
