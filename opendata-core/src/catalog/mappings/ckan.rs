//! CKAN package JSON, both ways, following ckanext-dcat's DCAT-AP profile: core fields
//! (`title`, `notes`, `tags`, `url`, `version`, `organization`, `maintainer`, `author`,
//! `license_id`, `resources`) and the `extras` (or ckanext-scheming top-level fields) it
//! reads: `uri`, `identifier`, `frequency`, `language`, `theme`, `spatial_uri`,
//! `temporal_start`, `temporal_end`, `access_rights`, `conforms_to`, `issued`, `modified`,
//! `publisher_uri`, `publisher_name`, `contact_name`, `contact_email`.

use serde_json::{json, Map, Value};

use super::super::licence_checks::licence_iri;
use super::super::model::*;
use super::super::ns;
use super::{
    date, first_text, format_iri, format_label, lang, language_code, language_iri, media_type_iri,
    media_type_text, text, texts,
};

/// A field from the package: top level first (ckanext-scheming), then `extras`.
fn field(pkg: &Value, key: &str) -> Option<Value> {
    if let Some(v) = pkg.get(key).filter(|v| !v.is_null()) {
        return Some(v.clone());
    }
    pkg.get("extras")?
        .as_array()?
        .iter()
        .find(|e| e.get("key").and_then(Value::as_str) == Some(key))
        .and_then(|e| e.get("value").cloned())
}

/// Extras hold lists as JSON text (`"[\"ENG\", \"FRA\"]"`) or as comma-separated text.
fn list(v: Option<Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => match serde_json::from_str::<Value>(&s) {
            Ok(Value::Array(items)) => items.iter().filter_map(text).collect(),
            _ => s
                .split(',')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(str::to_owned)
                .collect(),
        },
        Some(other) => texts(&other),
        None => Vec::new(),
    }
}

fn ftext(pkg: &Value, key: &str) -> Option<String> {
    field(pkg, key).as_ref().and_then(text)
}

fn identity(pkg: &Value) -> Option<String> {
    if let Some(uri) = ftext(pkg, "uri") {
        return Some(uri);
    }
    let id = ftext(pkg, "id")?;
    let uuid = id.len() == 36 && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    Some(if uuid {
        format!("urn:uuid:{id}")
    } else {
        format!("urn:ckan:{id}")
    })
}

fn resource(r: &Value) -> Distribution {
    let mut d = Distribution::new(
        ftext(r, "uri").as_deref(),
        ftext(r, "access_url")
            .or_else(|| ftext(r, "url"))
            .unwrap_or_default(),
    );
    d.access_url.retain(|u| !u.is_empty());
    if let Some(u) = ftext(r, "download_url")
        .or_else(|| ftext(r, "url").filter(|_| r.get("access_url").is_none()))
    {
        d.download_url.push(u);
    }
    d.title = ftext(r, "name").map(lang).into_iter().collect();
    d.description = ftext(r, "description").map(lang).into_iter().collect();
    d.format = ftext(r, "format").map(|f| format_iri(&f));
    d.media_type = ftext(r, "mimetype").map(|m| media_type_iri(&m));
    d.byte_size = field(r, "size").and_then(|v| {
        v.as_u64()
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
    });
    if let Some(hash) = ftext(r, "hash") {
        let (alg, value) = match hash.split_once(':') {
            Some((a, v)) => (a.to_ascii_lowercase(), v.to_owned()),
            None => (
                ftext(r, "hash_algorithm")
                    .unwrap_or_else(|| "sha256".into())
                    .to_ascii_lowercase(),
                hash,
            ),
        };
        let mut c = Checksum::sha256(value.to_ascii_lowercase());
        c.algorithm = match alg.trim_start_matches("http://spdx.org/rdf/terms#checksumAlgorithm_") {
            "sha1" => ns::spdx::SHA1.to_owned(),
            "sha512" => ns::spdx::SHA512.to_owned(),
            "md5" => ns::spdx::MD5.to_owned(),
            _ => ns::spdx::SHA256.to_owned(),
        };
        d.checksum = Some(c);
    }
    d.license =
        ftext(r, "license").map(|l| LicenseDocument::declared(licence_iri(&l).unwrap_or(l)));
    d.rights = ftext(r, "rights");
    d.status = ftext(r, "status");
    d.issued = ftext(r, "issued")
        .or_else(|| ftext(r, "created"))
        .as_deref()
        .and_then(date);
    d.modified = ftext(r, "modified")
        .or_else(|| ftext(r, "last_modified"))
        .as_deref()
        .and_then(date);
    d.language = list(field(r, "language"))
        .iter()
        .filter_map(|l| language_iri(l))
        .collect();
    d.conforms_to = list(field(r, "conforms_to"));
    d
}

/// One CKAN package as a dataset.
pub fn dataset_from_package(pkg: &Value) -> Dataset {
    let mut ds = Dataset::new(identity(pkg).unwrap_or_default());
    if ds.id.as_deref() == Some("") {
        ds.id = None;
    }
    ds.title = ftext(pkg, "title")
        .or_else(|| ftext(pkg, "name"))
        .map(lang)
        .into_iter()
        .collect();
    ds.description = ftext(pkg, "notes").map(lang).into_iter().collect();
    ds.identifier = ftext(pkg, "identifier")
        .or_else(|| ftext(pkg, "id"))
        .into_iter()
        .collect();
    ds.keyword = pkg
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| t.get("name").and_then(text).or_else(|| text(t)))
        .map(lang)
        .collect();
    ds.landing_page = ftext(pkg, "url").into_iter().collect();
    ds.version = ftext(pkg, "version");
    ds.theme = list(field(pkg, "theme"));
    ds.language = list(field(pkg, "language"))
        .iter()
        .filter_map(|l| language_iri(l))
        .collect();
    ds.accrual_periodicity = ftext(pkg, "frequency");
    ds.access_rights = ftext(pkg, "access_rights");
    ds.conforms_to = list(field(pkg, "conforms_to"));
    ds.issued = ftext(pkg, "issued")
        .or_else(|| ftext(pkg, "metadata_created"))
        .as_deref()
        .and_then(date);
    ds.modified = ftext(pkg, "modified")
        .or_else(|| ftext(pkg, "metadata_modified"))
        .as_deref()
        .and_then(date);
    ds.spatial = ftext(pkg, "spatial_uri")
        .map(Location::reference)
        .into_iter()
        .collect();
    let (start, end) = (ftext(pkg, "temporal_start"), ftext(pkg, "temporal_end"));
    if start.is_some() || end.is_some() {
        ds.temporal.push(PeriodOfTime::between(
            start.as_deref().and_then(date),
            end.as_deref().and_then(date),
        ));
    }
    let org = pkg.get("organization").filter(|o| o.is_object());
    let publisher_name =
        ftext(pkg, "publisher_name").or_else(|| org.and_then(|o| o.get("title")).and_then(text));
    if let Some(name) = publisher_name {
        let mut agent = Agent::named(ftext(pkg, "publisher_uri").as_deref(), lang(name));
        agent.email = ftext(pkg, "publisher_email")
            .map(|e| format!("mailto:{}", e.trim_start_matches("mailto:")));
        agent.homepage = ftext(pkg, "publisher_url");
        ds.publisher = Some(agent);
    } else if let Some(uri) = ftext(pkg, "publisher_uri") {
        ds.publisher = Some(Agent::reference(uri));
    }
    let contact_name = ftext(pkg, "contact_name").or_else(|| ftext(pkg, "maintainer"));
    let contact_email = ftext(pkg, "contact_email").or_else(|| ftext(pkg, "maintainer_email"));
    if contact_name.is_some() || contact_email.is_some() {
        let mut c = ContactPoint::organization(
            lang(contact_name.unwrap_or_default()),
            contact_email.clone().unwrap_or_default(),
        );
        c.name.retain(|n| !n.value.is_empty());
        if contact_email.is_none() {
            c.email = None;
        }
        c.id = ftext(pkg, "contact_uri");
        ds.contact_point.push(c);
    }
    if let Some(author) = ftext(pkg, "author") {
        let mut a = Agent::named(None, lang(author));
        a.email = ftext(pkg, "author_email").map(|e| format!("mailto:{e}"));
        ds.creator.push(a);
    }
    let licence = ftext(pkg, "license_url")
        .or_else(|| ftext(pkg, "license_id"))
        .map(|l| licence_iri(&l).unwrap_or(l));
    ds.distributions = pkg
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(resource)
        .collect();
    for d in &mut ds.distributions {
        if d.license.is_none() {
            d.license = licence.clone().map(LicenseDocument::declared);
        }
    }
    ds
}

/// Reads `package_show` output (bare or wrapped in `{"result": ...}`) or `package_search`
/// output (`{"result": {"results": [...]}}`).
pub fn document_from_ckan(json: &Value) -> MetadataDocument {
    let result = json.get("result").unwrap_or(json);
    let packages: Vec<&Value> = match result.get("results").and_then(Value::as_array) {
        Some(list) => list.iter().collect(),
        None => vec![result],
    };
    MetadataDocument {
        datasets: packages.into_iter().map(dataset_from_package).collect(),
        ..MetadataDocument::default()
    }
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(100).collect()
}

/// A dataset as a CKAN package (`package_create` input): core fields plus the extras
/// ckanext-dcat reads back.
pub fn package_from_dataset(ds: &Dataset) -> Value {
    let mut extras: Vec<Value> = Vec::new();
    let mut extra = |key: &str, value: Option<String>| {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            extras.push(json!({"key": key, "value": v}));
        }
    };
    let json_list = |items: &[String]| {
        (!items.is_empty()).then(|| serde_json::to_string(items).unwrap_or_default())
    };
    extra("uri", ds.id.clone().filter(|i| !i.starts_with("_:")));
    extra("identifier", ds.identifier.first().cloned());
    extra("frequency", ds.accrual_periodicity.clone());
    extra("theme", json_list(&ds.theme));
    extra(
        "language",
        json_list(
            &ds.language
                .iter()
                .map(|l| language_code(l))
                .collect::<Vec<_>>(),
        ),
    );
    extra(
        "spatial_uri",
        ds.spatial
            .iter()
            .find_map(|s| s.id.clone().filter(|i| !i.starts_with("_:"))),
    );
    if let Some(t) = ds.temporal.first() {
        extra("temporal_start", t.start.map(|d| d.to_string()));
        extra("temporal_end", t.end.map(|d| d.to_string()));
    }
    extra("access_rights", ds.access_rights.clone());
    extra("conforms_to", json_list(&ds.conforms_to));
    extra("issued", ds.issued.map(|d| d.to_string()));
    extra("modified", ds.modified.map(|d| d.to_string()));
    if let Some(p) = &ds.publisher {
        extra(
            "publisher_uri",
            p.id.clone().filter(|i| !i.starts_with("_:")),
        );
        extra("publisher_name", first_text(&p.name));
    }
    let contact = ds.contact_point.first();
    let title = first_text(&ds.title).unwrap_or_default();
    let name = ds
        .identifier
        .first()
        .map(|i| slug(i))
        .filter(|s| s.len() >= 2)
        .unwrap_or_else(|| slug(&title));
    let licence = ds
        .distributions
        .iter()
        .find_map(|d| d.license.as_ref()?.id.clone());
    let resources: Vec<Value> = ds
        .distributions
        .iter()
        .map(|d| {
            let mut r = Map::new();
            let url = d
                .download_url
                .first()
                .or(d.access_url.first())
                .cloned()
                .unwrap_or_default();
            r.insert("url".into(), json!(url));
            if let Some(a) = d
                .access_url
                .first()
                .filter(|a| Some(*a) != d.download_url.first())
            {
                r.insert("access_url".into(), json!(a));
            }
            if let Some(u) = d.download_url.first() {
                r.insert("download_url".into(), json!(u));
            }
            let mut put = |k: &str, v: Option<Value>| {
                if let Some(v) = v {
                    r.insert(k.into(), v);
                }
            };
            put(
                "uri",
                d.id.clone()
                    .filter(|i| !i.starts_with("_:"))
                    .map(Value::from),
            );
            put("name", first_text(&d.title).map(Value::from));
            put("description", first_text(&d.description).map(Value::from));
            put(
                "format",
                d.format.as_deref().map(|f| Value::from(format_label(f))),
            );
            put(
                "mimetype",
                d.media_type
                    .as_deref()
                    .map(|m| Value::from(media_type_text(m))),
            );
            put("size", d.byte_size.map(Value::from));
            put(
                "hash",
                d.checksum.as_ref().map(|c| Value::from(c.value.clone())),
            );
            put(
                "hash_algorithm",
                d.checksum
                    .as_ref()
                    .map(|c| Value::from(c.algorithm.clone())),
            );
            put(
                "license",
                d.license
                    .as_ref()
                    .and_then(|l| l.id.clone())
                    .map(Value::from),
            );
            put("rights", d.rights.clone().map(Value::from));
            put("issued", d.issued.map(|x| Value::from(x.to_string())));
            put("modified", d.modified.map(|x| Value::from(x.to_string())));
            Value::Object(r)
        })
        .collect();
    let mut pkg = json!({
        "name": name,
        "title": title,
        "notes": first_text(&ds.description).unwrap_or_default(),
        "tags": ds.keyword.iter().map(|k| json!({"name": k.value})).collect::<Vec<_>>(),
        "resources": resources,
        "extras": extras,
    });
    if let Some(obj) = pkg.as_object_mut() {
        if let Some(u) = ds.landing_page.first() {
            obj.insert("url".into(), json!(u));
        }
        if let Some(v) = &ds.version {
            obj.insert("version".into(), json!(v));
        }
        if let Some(l) = licence {
            obj.insert("license_url".into(), json!(l));
        }
        if let Some(c) = contact {
            obj.insert(
                "maintainer".into(),
                json!(first_text(&c.name).unwrap_or_default()),
            );
            if let Some(e) = &c.email {
                obj.insert(
                    "maintainer_email".into(),
                    json!(e.trim_start_matches("mailto:")),
                );
            }
        }
        if let Some(a) = ds.creator.first() {
            obj.insert(
                "author".into(),
                json!(first_text(&a.name).unwrap_or_default()),
            );
        }
    }
    pkg
}

/// Every dataset of a document as CKAN packages: one package, or a list when there are several.
pub fn ckan_from_document(doc: &MetadataDocument) -> Value {
    let packages: Vec<Value> = doc.all_datasets().map(package_from_dataset).collect();
    match <[Value; 1]>::try_from(packages) {
        Ok([one]) => one,
        Err(many) => Value::Array(many),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACKAGE: &str = r#"{"success": true, "result": {
        "id": "3f1c9e4a-2b7d-4c8e-9a1f-0d2e3b4c5d6e", "name": "bee-colonies", "title": "Bee colonies",
        "notes": "Counts per region.", "url": "https://example.org/bees", "version": "1.0",
        "metadata_created": "2024-03-01T09:12:44.123456", "metadata_modified": "2024-05-31T10:00:00.000000",
        "license_id": "cc-by", "maintainer": "Open data desk", "maintainer_email": "opendata@example.org",
        "organization": {"title": "Example Agency"},
        "tags": [{"name": "bees"}, {"name": "agriculture"}],
        "extras": [{"key": "frequency", "value": "http://publications.europa.eu/resource/authority/frequency/ANNUAL"},
                   {"key": "language", "value": "[\"en\", \"fr\"]"},
                   {"key": "temporal_start", "value": "2023-01-01"}],
        "resources": [{"url": "https://example.org/bees.csv", "name": "CSV", "format": "CSV", "mimetype": "text/csv",
                       "size": 2048, "hash": "sha256:ABCD"}]}}"#;

    #[test]
    fn reads_a_package_show_answer() {
        let doc = document_from_ckan(&serde_json::from_str(PACKAGE).unwrap());
        let ds = &doc.datasets[0];
        assert_eq!(
            ds.id.as_deref(),
            Some("urn:uuid:3f1c9e4a-2b7d-4c8e-9a1f-0d2e3b4c5d6e")
        );
        assert_eq!(ds.title[0].value, "Bee colonies");
        assert_eq!(ds.keyword.len(), 2);
        assert_eq!(ds.issued.unwrap().to_string(), "2024-03-01T09:12:44.123456");
        assert_eq!(
            ds.language,
            [
                "http://publications.europa.eu/resource/authority/language/ENG",
                "http://publications.europa.eu/resource/authority/language/FRA"
            ]
        );
        assert_eq!(
            ds.publisher.as_ref().unwrap().name[0].value,
            "Example Agency"
        );
        assert_eq!(
            ds.contact_point[0].email.as_deref(),
            Some("mailto:opendata@example.org")
        );
        assert_eq!(ds.temporal[0].start, DateValue::parse("2023-01-01"));
        let d = &ds.distributions[0];
        assert_eq!(
            d.format.as_deref(),
            Some("http://publications.europa.eu/resource/authority/file-type/CSV")
        );
        assert_eq!(
            d.media_type.as_deref(),
            Some("https://www.iana.org/assignments/media-types/text/csv")
        );
        assert_eq!(d.byte_size, Some(2048));
        assert_eq!(d.checksum.as_ref().unwrap().value, "abcd");
        assert_eq!(
            d.license.as_ref().unwrap().id.as_deref(),
            Some("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0")
        );
    }

    #[test]
    fn package_round_trip_keeps_the_dcat_fields() {
        let doc = document_from_ckan(&serde_json::from_str(PACKAGE).unwrap());
        let pkg = package_from_dataset(&doc.datasets[0]);
        let mut again = dataset_from_package(&pkg);
        let mut original = doc.datasets[0].clone();
        // CKAN's own id is not carried into a new package; the DCAT uri is.
        assert_eq!(again.id, original.id);
        original.identifier.clear();
        again.identifier.clear();
        // Creation and modification times come back as the dates written.
        assert_eq!(again, original);
    }
}
