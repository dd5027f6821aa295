//! Frictionless `datapackage.json`, both ways. A data resource's `schema` (a Table Schema)
//! is kept as the distribution's `dct:conformsTo` when it is a URL; inline schemas are
//! carried through unchanged by [`datapackage_from_dataset`]'s caller.

use serde_json::{json, Map, Value};

use super::super::licence_checks::licence_iri;
use super::super::model::*;
use super::super::ns;
use super::{
    date, first_text, format_iri, format_label, lang, media_type_iri, media_type_text, text, texts,
};

/// A data package as a dataset.
pub fn dataset_from_datapackage(v: &Value) -> Dataset {
    let id = v
        .get("id")
        .and_then(text)
        .filter(|i| i.contains("://") || i.starts_with("urn:"));
    let mut ds = Dataset::new(id.clone().unwrap_or_default());
    if id.is_none() {
        ds.id = None;
    }
    ds.title = v
        .get("title")
        .and_then(text)
        .or_else(|| v.get("name").and_then(text))
        .map(lang)
        .into_iter()
        .collect();
    ds.description = v
        .get("description")
        .and_then(text)
        .map(lang)
        .into_iter()
        .collect();
    ds.identifier = v.get("name").and_then(text).into_iter().collect();
    ds.keyword = v
        .get("keywords")
        .map(texts)
        .unwrap_or_default()
        .into_iter()
        .map(lang)
        .collect();
    ds.version = v.get("version").and_then(text);
    ds.landing_page = v.get("homepage").and_then(text).into_iter().collect();
    ds.issued = v.get("created").and_then(text).as_deref().and_then(date);
    for c in v
        .get("contributors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(name) = c.get("title").and_then(text) else {
            continue;
        };
        let role = c.get("role").and_then(text).unwrap_or_default();
        let roles: Vec<String> = c.get("roles").map(texts).unwrap_or_default();
        if role == "publisher" || roles.iter().any(|r| r == "publisher") {
            ds.publisher = Some(Agent::named(
                c.get("path").and_then(text).as_deref(),
                lang(name),
            ));
        } else if role == "maintainer" || roles.iter().any(|r| r == "contact" || r == "maintainer")
        {
            let email = c.get("email").and_then(text).unwrap_or_default();
            ds.contact_point
                .push(ContactPoint::organization(lang(name), email));
        } else {
            ds.creator.push(Agent::named(
                c.get("path").and_then(text).as_deref(),
                lang(name),
            ));
        }
    }
    let licence = v
        .get("licenses")
        .and_then(Value::as_array)
        .and_then(|l| l.first())
        .and_then(|l| {
            l.get("path")
                .and_then(text)
                .or_else(|| l.get("name").and_then(text))
        })
        .map(|l| licence_iri(&l).unwrap_or(l));
    ds.distributions = v
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|r| {
            let path = r
                .get("path")
                .map(texts)
                .unwrap_or_default()
                .into_iter()
                .next()
                .unwrap_or_default();
            let mut d = Distribution::new(None, path.clone());
            if path.contains("://") {
                d.download_url.push(path.clone());
            }
            d.title = r
                .get("title")
                .and_then(text)
                .or_else(|| r.get("name").and_then(text))
                .map(lang)
                .into_iter()
                .collect();
            d.description = r
                .get("description")
                .and_then(text)
                .map(lang)
                .into_iter()
                .collect();
            d.format = r.get("format").and_then(text).map(|f| format_iri(&f));
            d.media_type = r
                .get("mediatype")
                .and_then(text)
                .map(|m| media_type_iri(&m));
            d.byte_size = r.get("bytes").and_then(Value::as_u64);
            if let Some(hash) = r.get("hash").and_then(text) {
                // Frictionless v1: `md5` by default, or `sha256:<hex>`.
                let (alg, hex) = hash.split_once(':').unwrap_or(("md5", &hash));
                let mut c = Checksum::sha256(hex.to_ascii_lowercase());
                c.algorithm = match alg {
                    "sha256" => ns::spdx::SHA256,
                    "sha512" => ns::spdx::SHA512,
                    "sha1" => ns::spdx::SHA1,
                    _ => ns::spdx::MD5,
                }
                .to_owned();
                d.checksum = Some(c);
            }
            if let Some(schema) = r.get("schema").and_then(Value::as_str) {
                d.conforms_to.push(schema.to_owned());
            }
            d.license = licence.clone().map(LicenseDocument::declared);
            d
        })
        .collect();
    ds
}

fn algorithm_name(iri: &str) -> &str {
    iri.rsplit('_').next().unwrap_or("sha256")
}

/// A dataset as a data package. `schemas` gives, per distribution index, an inline Table
/// Schema to embed (e.g. the one the table module inferred).
pub fn datapackage_from_dataset(ds: &Dataset, schemas: &[(usize, Value)]) -> Value {
    let title = first_text(&ds.title).unwrap_or_default();
    let name: String = ds
        .identifier
        .first()
        .cloned()
        .unwrap_or_else(|| title.clone())
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let mut o = Map::new();
    o.insert("name".into(), json!(name.trim_matches('-')));
    if let Some(id) = ds.id.as_ref().filter(|i| !i.starts_with("_:")) {
        o.insert("id".into(), json!(id));
    }
    o.insert("title".into(), json!(title));
    if let Some(d) = first_text(&ds.description) {
        o.insert("description".into(), json!(d));
    }
    if !ds.keyword.is_empty() {
        o.insert(
            "keywords".into(),
            json!(ds.keyword.iter().map(|k| &k.value).collect::<Vec<_>>()),
        );
    }
    if let Some(v) = &ds.version {
        o.insert("version".into(), json!(v));
    }
    if let Some(h) = ds.landing_page.first() {
        o.insert("homepage".into(), json!(h));
    }
    if let Some(i) = ds.issued {
        o.insert("created".into(), json!(i.to_string()));
    }
    if let Some(l) = ds
        .distributions
        .iter()
        .find_map(|d| d.license.as_ref()?.id.clone())
    {
        let short = l.rsplit('/').next().unwrap_or(&l).to_owned();
        o.insert("licenses".into(), json!([{"name": short, "path": l}]));
    }
    let mut contributors = Vec::new();
    if let Some(p) = &ds.publisher {
        contributors
            .push(json!({"title": first_text(&p.name).or(p.id.clone()), "role": "publisher"}));
    }
    for c in &ds.contact_point {
        contributors.push(json!({"title": first_text(&c.name), "email": c.email.as_deref().map(|e| e.trim_start_matches("mailto:")), "role": "maintainer"}));
    }
    for a in &ds.creator {
        contributors.push(json!({"title": first_text(&a.name), "role": "author"}));
    }
    if !contributors.is_empty() {
        o.insert("contributors".into(), json!(contributors));
    }
    let resources: Vec<Value> = ds
        .distributions
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut r = Map::new();
            let path = d
                .download_url
                .first()
                .or(d.access_url.first())
                .cloned()
                .unwrap_or_default();
            let stem = path
                .rsplit('/')
                .next()
                .unwrap_or("")
                .split('.')
                .next()
                .unwrap_or("")
                .to_lowercase();
            r.insert(
                "name".into(),
                json!(if stem.is_empty() {
                    format!("resource-{}", i + 1)
                } else {
                    stem
                }),
            );
            r.insert("path".into(), json!(path));
            if let Some(t) = first_text(&d.title) {
                r.insert("title".into(), json!(t));
            }
            if let Some(f) = &d.format {
                r.insert("format".into(), json!(format_label(f).to_lowercase()));
            }
            if let Some(m) = &d.media_type {
                r.insert("mediatype".into(), json!(media_type_text(m)));
            }
            if let Some(b) = d.byte_size {
                r.insert("bytes".into(), json!(b));
            }
            if let Some(c) = &d.checksum {
                r.insert(
                    "hash".into(),
                    json!(format!("{}:{}", algorithm_name(&c.algorithm), c.value)),
                );
            }
            if let Some((_, schema)) = schemas.iter().find(|(k, _)| *k == i) {
                r.insert("schema".into(), schema.clone());
            } else if let Some(s) = d.conforms_to.first() {
                r.insert("schema".into(), json!(s));
            }
            Value::Object(r)
        })
        .collect();
    o.insert("resources".into(), json!(resources));
    Value::Object(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_the_package() {
        let pkg = json!({
            "name": "bee-colonies", "title": "Bee colonies", "description": "Counts per region.",
            "keywords": ["bees"], "version": "1.0.0", "created": "2024-03-01",
            "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
            "contributors": [{"title": "Example Agency", "role": "publisher"}],
            "resources": [{"name": "bees", "path": "https://example.org/bees.csv", "format": "csv",
                           "mediatype": "text/csv", "bytes": 2048, "hash": "sha256:abcd",
                           "schema": "https://example.org/bees.schema.json"}]
        });
        let ds = dataset_from_datapackage(&pkg);
        let d = &ds.distributions[0];
        assert_eq!(
            d.format.as_deref(),
            Some("http://publications.europa.eu/resource/authority/file-type/CSV")
        );
        assert_eq!(d.checksum.as_ref().unwrap().algorithm, ns::spdx::SHA256);
        assert_eq!(
            d.license.as_ref().unwrap().id.as_deref(),
            Some("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0")
        );
        assert_eq!(d.conforms_to, ["https://example.org/bees.schema.json"]);
        assert_eq!(
            ds.publisher.as_ref().unwrap().name[0].value,
            "Example Agency"
        );
        let back = datapackage_from_dataset(&ds, &[]);
        for key in [
            "name",
            "title",
            "description",
            "keywords",
            "version",
            "created",
        ] {
            assert_eq!(back[key], pkg[key], "{key}");
        }
        let r = &back["resources"][0];
        for key in [
            "name",
            "path",
            "format",
            "mediatype",
            "bytes",
            "hash",
            "schema",
        ] {
            assert_eq!(r[key], pkg["resources"][0][key], "{key}");
        }
        let inline = datapackage_from_dataset(
            &ds,
            &[(0, json!({"fields": [{"name": "region", "type": "string"}]}))],
        );
        assert_eq!(
            inline["resources"][0]["schema"]["fields"][0]["name"],
            "region"
        );
    }
}
