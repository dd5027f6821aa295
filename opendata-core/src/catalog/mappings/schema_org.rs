//! schema.org `Dataset` JSON-LD for search engines (write only), and the checks Google's
//! dataset guidance lists: `name` and `description` (50 to 5000 characters) required;
//! `license`, `creator`, `url`, `identifier`, `keywords`, `temporalCoverage`,
//! `spatialCoverage` and downloadable `distribution`s recommended.

use serde_json::{json, Map, Value};

use super::super::codes;
use super::super::model::*;
use super::{first_text, media_type_text};
use crate::report::FindingSink;
use crate::report::Location as At;

fn agent(a: &Agent) -> Value {
    let mut o = json!({"@type": "Organization", "name": first_text(&a.name).or(a.id.clone())});
    if let (Some(obj), Some(id)) = (
        o.as_object_mut(),
        a.id.as_ref().filter(|i| !i.starts_with("_:")),
    ) {
        obj.insert("sameAs".into(), json!(id));
    }
    o
}

/// A dataset as a schema.org `Dataset`.
pub fn schema_org_from_dataset(ds: &Dataset) -> Value {
    let mut o = Map::new();
    let mut put = |k: &str, v: Value| {
        if !(v.is_null() || v.as_array().is_some_and(Vec::is_empty)) {
            o.insert(k.into(), v);
        }
    };
    put("@context", json!("https://schema.org/"));
    put("@type", json!("Dataset"));
    put(
        "@id",
        json!(ds.id.as_ref().filter(|i| !i.starts_with("_:"))),
    );
    put("name", json!(first_text(&ds.title)));
    put("description", json!(first_text(&ds.description)));
    put("url", json!(ds.landing_page.first()));
    put(
        "identifier",
        json!(ds
            .identifier
            .first()
            .or(ds.id.as_ref().filter(|i| !i.starts_with("_:")))),
    );
    put(
        "keywords",
        json!(ds.keyword.iter().map(|k| &k.value).collect::<Vec<_>>()),
    );
    put(
        "license",
        json!(ds
            .distributions
            .iter()
            .find_map(|d| d.license.as_ref()?.id.clone())),
    );
    put(
        "publisher",
        ds.publisher.as_ref().map(agent).unwrap_or(Value::Null),
    );
    put(
        "creator",
        json!(ds.creator.iter().map(agent).collect::<Vec<_>>()),
    );
    put("datePublished", json!(ds.issued.map(|d| d.to_string())));
    put("dateModified", json!(ds.modified.map(|d| d.to_string())));
    put("version", json!(ds.version));
    put(
        "inLanguage",
        json!(ds
            .language
            .iter()
            .map(|l| super::language_code(l))
            .collect::<Vec<_>>()),
    );
    if let Some(t) = ds.temporal.first() {
        let f = |d: Option<DateValue>| d.map(|d| d.to_string()).unwrap_or_else(|| "..".into());
        put(
            "temporalCoverage",
            json!(format!("{}/{}", f(t.start), f(t.end))),
        );
    }
    let places: Vec<Value> = ds
        .spatial
        .iter()
        .filter_map(|l| l.id.clone().filter(|i| !i.starts_with("_:")))
        .map(|id| json!({"@type": "Place", "sameAs": id}))
        .collect();
    put("spatialCoverage", json!(places));
    let downloads: Vec<Value> = ds
        .distributions
        .iter()
        .filter_map(|d| {
            let url = d.download_url.first().or(d.access_url.first())?;
            let mut m = json!({"@type": "DataDownload", "contentUrl": url});
            if let Some(obj) = m.as_object_mut() {
                if let Some(mt) = &d.media_type {
                    obj.insert("encodingFormat".into(), json!(media_type_text(mt)));
                }
                if let Some(n) = d.byte_size {
                    obj.insert("contentSize".into(), json!(format!("{n} B")));
                }
            }
            Some(m)
        })
        .collect();
    put("distribution", json!(downloads));
    if ds
        .access_rights
        .as_deref()
        .is_some_and(|a| a.ends_with("/PUBLIC"))
    {
        put("isAccessibleForFree", json!(true));
    }
    Value::Object(o)
}

/// Every dataset of a document: one object, or a list when there are several.
pub fn schema_org_from_document(doc: &MetadataDocument) -> Value {
    let items: Vec<Value> = doc.all_datasets().map(schema_org_from_dataset).collect();
    match <[Value; 1]>::try_from(items) {
        Ok([one]) => one,
        Err(many) => Value::Array(many),
    }
}

/// Google's dataset guidance on a schema.org `Dataset` object.
pub fn check_schema_org(v: &Value, path: &str, sink: &mut FindingSink) {
    let name = v.get("name").and_then(Value::as_str).unwrap_or("").trim();
    if name.is_empty() {
        sink.push(
            &codes::SCHEMA_ORG_MISSING,
            At::path(format!("{path}.name")),
            "the Dataset has no name (required)",
        );
    }
    let description = v
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim();
    let n = description.chars().count();
    if n == 0 {
        sink.push(
            &codes::SCHEMA_ORG_MISSING,
            At::path(format!("{path}.description")),
            "the Dataset has no description (required)",
        );
    } else if !(50..=5000).contains(&n) {
        sink.push(
            &codes::SCHEMA_ORG_DESCRIPTION_LENGTH,
            At::path(format!("{path}.description")),
            format!("the description has {n} characters; Google wants 50 to 5000"),
        );
    }
    for key in [
        "license",
        "creator",
        "url",
        "identifier",
        "keywords",
        "temporalCoverage",
        "spatialCoverage",
        "distribution",
    ] {
        let absent = match v.get(key) {
            None | Some(Value::Null) => true,
            Some(Value::Array(a)) => a.is_empty(),
            _ => false,
        };
        if absent {
            sink.push(
                &codes::SCHEMA_ORG_RECOMMENDED,
                At::path(format!("{path}.{key}")),
                format!("the Dataset has no {key} (recommended by Google's dataset guidance)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_what_search_engines_read_and_checks_it() {
        let mut dist = Distribution::new(None, "https://e.org/a");
        dist.download_url.push("https://e.org/a.csv".into());
        dist.media_type = Some("https://www.iana.org/assignments/media-types/text/csv".into());
        let ds = Dataset::new("https://e.org/ds")
            .with_title(LangString::new("Bees", "en"))
            .with_description(LangString::new("Short.", "en"))
            .with_distribution(dist);
        let v = schema_org_from_dataset(&ds);
        assert_eq!(v["@type"], "Dataset");
        assert_eq!(v["name"], "Bees");
        assert_eq!(v["distribution"][0]["contentUrl"], "https://e.org/a.csv");
        assert_eq!(v["distribution"][0]["encodingFormat"], "text/csv");
        let mut sink = FindingSink::new(10);
        check_schema_org(&v, "$", &mut sink);
        let codes: Vec<String> = sink
            .into_report(None)
            .findings
            .into_iter()
            .map(|f| f.code)
            .collect();
        assert_eq!(
            codes.first().map(String::as_str),
            Some("schema-org.description-length")
        );
        assert!(codes.contains(&"schema-org.recommended-missing".to_owned()));
        assert!(!codes.contains(&"schema-org.required-missing".to_owned()));
    }
}
