//! DCAT-US / Project Open Data `data.json` 1.1, both ways, and its required-field checks.

use serde_json::{json, Map, Value};

use super::super::codes;
use super::super::model::*;
use super::super::ns;
use super::super::vocab::schemes;
use super::{
    date, first_text, format_iri, format_label, lang, language_code, language_iri, media_type_iri,
    media_type_text, text, texts,
};
use crate::report::FindingSink;
use crate::report::Location as At;

const FREQUENCIES: &[(&str, &str)] = &[
    ("R/P10Y", "DECENNIAL"),
    ("R/P4Y", "QUADRENNIAL"),
    ("R/P3Y", "TRIENNIAL"),
    ("R/P2Y", "BIENNIAL"),
    ("R/P1Y", "ANNUAL"),
    ("R/P6M", "ANNUAL_2"),
    ("R/P4M", "ANNUAL_3"),
    ("R/P3M", "QUARTERLY"),
    ("R/P2M", "BIMONTHLY"),
    ("R/P1M", "MONTHLY"),
    ("R/P0.5M", "MONTHLY_2"),
    ("R/P2W", "BIWEEKLY"),
    ("R/P1W", "WEEKLY"),
    ("R/P3.5D", "WEEKLY_2"),
    ("R/P1D", "DAILY"),
    ("R/PT1H", "HOURLY"),
    ("R/PT1S", "CONT"),
    ("irregular", "IRREG"),
];
const ACCESS_LEVELS: &[(&str, &str)] = &[
    ("public", "PUBLIC"),
    ("restricted public", "RESTRICTED"),
    ("non-public", "NON_PUBLIC"),
];

fn frequency_iri(iso: &str) -> String {
    FREQUENCIES
        .iter()
        .find(|(k, _)| *k == iso)
        .map(|(_, code)| format!("{}/{code}", schemes::FREQUENCY))
        .unwrap_or_else(|| iso.to_owned())
}

fn frequency_iso(iri: &str) -> String {
    let code = iri
        .strip_prefix(schemes::FREQUENCY)
        .map(|c| c.trim_start_matches('/'));
    FREQUENCIES
        .iter()
        .find(|(_, c)| Some(*c) == code)
        .map(|(iso, _)| (*iso).to_owned())
        .unwrap_or_else(|| iri.to_owned())
}

/// DCAT-US's bounding box `west,south,east,north` as the WKT polygon `dcat:bbox` takes (a
/// GeoSPARQL literal), or `None` when `spatial` is not four coordinates in range. The
/// numbers keep the record's own notation.
fn bbox_polygon(spatial: &str) -> Option<Literal> {
    let parts: Vec<&str> = spatial.split(',').map(str::trim).collect();
    let [w, south, e, n] = parts.as_slice() else {
        return None;
    };
    let value = |x: &str| x.parse::<f64>().ok().filter(|v| v.is_finite());
    let (lon_w, lat_s, lon_e, lat_n) = (value(w)?, value(south)?, value(e)?, value(n)?);
    let lon_ok = |x: f64| (-180.0..=180.0).contains(&x);
    let lat_ok = |x: f64| (-90.0..=90.0).contains(&x);
    if !(lon_ok(lon_w) && lon_ok(lon_e) && lat_ok(lat_s) && lat_ok(lat_n)) || lat_s > lat_n {
        return None;
    }
    Some(Literal {
        value: format!("POLYGON(({w} {south}, {e} {south}, {e} {n}, {w} {n}, {w} {south}))"),
        lang: None,
        datatype: Some(ns::gsp::WKT_LITERAL.to_owned()),
    })
}

/// The `west,south,east,north` of a polygon [`bbox_polygon`] wrote (its first and third
/// corners), for writing `spatial` back.
fn bbox_corners(polygon: &str) -> Option<String> {
    let inner = polygon
        .trim()
        .strip_prefix("POLYGON((")?
        .strip_suffix("))")?;
    let corners: Vec<Vec<&str>> = inner
        .split(',')
        .map(|c| c.split_whitespace().collect())
        .collect();
    match corners.as_slice() {
        [sw, _, ne, _, _] => match (sw.as_slice(), ne.as_slice()) {
            ([w, s], [e, n]) => Some(format!("{w},{s},{e},{n}")),
            _ => None,
        },
        _ => None,
    }
}

fn s(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(text)
}

/// One `data.json` dataset object as a dataset.
pub fn dataset_from_data_json(v: &Value) -> Dataset {
    let mut ds = Dataset::new(
        s(v, "@id")
            .or_else(|| s(v, "identifier").filter(|i| i.contains("://")))
            .unwrap_or_default(),
    );
    if ds.id.as_deref() == Some("") {
        ds.id = None;
    }
    ds.title = s(v, "title").map(lang).into_iter().collect();
    ds.description = s(v, "description").map(lang).into_iter().collect();
    ds.identifier = s(v, "identifier").into_iter().collect();
    ds.keyword = v
        .get("keyword")
        .map(texts)
        .unwrap_or_default()
        .into_iter()
        .map(lang)
        .collect();
    ds.modified = s(v, "modified").as_deref().and_then(date);
    ds.issued = s(v, "issued").as_deref().and_then(date);
    ds.landing_page = s(v, "landingPage").into_iter().collect();
    ds.theme = v.get("theme").map(texts).unwrap_or_default();
    ds.conforms_to = s(v, "conformsTo").into_iter().collect();
    ds.language = v
        .get("language")
        .map(texts)
        .unwrap_or_default()
        .iter()
        .filter_map(|l| language_iri(l))
        .collect();
    ds.accrual_periodicity = s(v, "accrualPeriodicity").map(|f| frequency_iri(&f));
    ds.access_rights = s(v, "accessLevel").map(|a| {
        ACCESS_LEVELS
            .iter()
            .find(|(k, _)| *k == a)
            .map(|(_, code)| format!("{}/{code}", schemes::ACCESS_RIGHT))
            .unwrap_or(a)
    });
    ds.relation = v.get("references").map(texts).unwrap_or_default();
    ds.in_series = s(v, "isPartOf").into_iter().collect();
    if let Some(p) = v.get("publisher") {
        ds.publisher = s(p, "name").map(|n| Agent::named(s(p, "@id").as_deref(), lang(n)));
    }
    if let Some(c) = v.get("contactPoint") {
        let mut cp = ContactPoint::organization(
            lang(s(c, "fn").unwrap_or_default()),
            s(c, "hasEmail").unwrap_or_default(),
        );
        cp.name.retain(|n| !n.value.is_empty());
        if s(c, "hasEmail").is_none() {
            cp.email = None;
        }
        ds.contact_point.push(cp);
    }
    if let Some(t) = s(v, "temporal") {
        let (a, b) = t.split_once('/').unwrap_or((&t, ""));
        ds.temporal.push(PeriodOfTime::between(date(a), date(b)));
    }
    // A place name has no DCAT-AP form (a Location holds an IRI or geometry) and is left out.
    if let Some(sp) = s(v, "spatial") {
        if sp.contains("://") {
            ds.spatial.push(Location::reference(sp));
        } else if let Some(bbox) = bbox_polygon(&sp) {
            ds.spatial.push(Location {
                types: vec![ns::dct::LOCATION.to_owned()],
                bbox: Some(bbox),
                ..Location::default()
            });
        }
    }
    let licence = s(v, "license");
    ds.distributions = v
        .get("distribution")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|d| {
            let mut dist = Distribution::new(
                None,
                s(d, "accessURL")
                    .or_else(|| s(d, "downloadURL"))
                    .unwrap_or_default(),
            );
            dist.download_url = s(d, "downloadURL").into_iter().collect();
            dist.title = s(d, "title").map(lang).into_iter().collect();
            dist.description = s(d, "description").map(lang).into_iter().collect();
            dist.media_type = s(d, "mediaType").map(|m| media_type_iri(&m));
            dist.format = s(d, "format").map(|f| format_iri(&f));
            dist.conforms_to = s(d, "conformsTo")
                .into_iter()
                .chain(s(d, "describedBy"))
                .collect();
            dist.license = licence.clone().map(LicenseDocument::declared);
            dist.rights = s(v, "rights").filter(|r| r.contains("://"));
            dist
        })
        .collect();
    ds
}

/// A `data.json` catalogue (or a bare dataset object) as a document.
pub fn document_from_data_json(v: &Value) -> MetadataDocument {
    let datasets = match v.get("dataset").and_then(Value::as_array) {
        Some(list) => list.iter().map(dataset_from_data_json).collect(),
        None => vec![dataset_from_data_json(v)],
    };
    MetadataDocument {
        datasets,
        ..MetadataDocument::default()
    }
}

/// A dataset as a `data.json` dataset object. `bureauCode` and `programCode` have no DCAT
/// counterpart and are left for the agency to add (the checks name them).
pub fn data_json_from_dataset(ds: &Dataset) -> Value {
    let mut o = Map::new();
    let mut put = |k: &str, v: Value| {
        if !(v.is_null() || v.as_array().is_some_and(Vec::is_empty) || v.as_str() == Some("")) {
            o.insert(k.into(), v);
        }
    };
    put("@type", json!("dcat:Dataset"));
    put("title", json!(first_text(&ds.title)));
    put("description", json!(first_text(&ds.description)));
    put(
        "keyword",
        json!(ds.keyword.iter().map(|k| &k.value).collect::<Vec<_>>()),
    );
    put("modified", json!(ds.modified.map(|d| d.to_string())));
    put("issued", json!(ds.issued.map(|d| d.to_string())));
    if let Some(p) = &ds.publisher {
        put(
            "publisher",
            json!({"@type": "org:Organization", "name": first_text(&p.name).or(p.id.clone())}),
        );
    }
    if let Some(c) = ds.contact_point.first() {
        put(
            "contactPoint",
            json!({"@type": "vcard:Contact", "fn": first_text(&c.name), "hasEmail": c.email}),
        );
    }
    put(
        "identifier",
        json!(ds.identifier.first().cloned().or(ds.id.clone())),
    );
    let level = ds.access_rights.as_deref().and_then(|a| {
        let code = a
            .strip_prefix(schemes::ACCESS_RIGHT)?
            .trim_start_matches('/');
        ACCESS_LEVELS
            .iter()
            .find(|(_, c)| *c == code)
            .map(|(k, _)| *k)
    });
    put("accessLevel", json!(level));
    put(
        "license",
        json!(ds
            .distributions
            .iter()
            .find_map(|d| d.license.as_ref()?.id.clone())),
    );
    put("landingPage", json!(ds.landing_page.first()));
    put("theme", json!(ds.theme));
    put(
        "language",
        json!(ds
            .language
            .iter()
            .map(|l| language_code(l))
            .collect::<Vec<_>>()),
    );
    put(
        "accrualPeriodicity",
        json!(ds.accrual_periodicity.as_deref().map(frequency_iso)),
    );
    put("conformsTo", json!(ds.conforms_to.first()));
    put("references", json!(ds.relation));
    put("isPartOf", json!(ds.in_series.first()));
    if let Some(t) = ds.temporal.first() {
        let fmt = |d: Option<DateValue>| d.map(|d| d.to_string()).unwrap_or_else(|| "..".into());
        put(
            "temporal",
            json!(format!("{}/{}", fmt(t.start), fmt(t.end))),
        );
    }
    put(
        "spatial",
        json!(ds.spatial.iter().find_map(|l| l
            .id
            .clone()
            .filter(|i| !i.starts_with("_:"))
            .or_else(|| l.bbox.as_ref().and_then(|b| bbox_corners(&b.value))))),
    );
    let dists: Vec<Value> = ds
        .distributions
        .iter()
        .map(|d| {
            let mut m = Map::new();
            m.insert("@type".into(), json!("dcat:Distribution"));
            let mut add = |k: &str, v: Option<String>| {
                if let Some(v) = v {
                    m.insert(k.into(), json!(v));
                }
            };
            add("downloadURL", d.download_url.first().cloned());
            add(
                "accessURL",
                d.access_url
                    .first()
                    .filter(|a| Some(*a) != d.download_url.first())
                    .cloned(),
            );
            add("mediaType", d.media_type.as_deref().map(media_type_text));
            add("format", d.format.as_deref().map(format_label));
            add("title", first_text(&d.title));
            add("description", first_text(&d.description));
            add("conformsTo", d.conforms_to.first().cloned());
            Value::Object(m)
        })
        .collect();
    put("distribution", json!(dists));
    Value::Object(o)
}

/// A document as a `data.json` 1.1 catalogue.
pub fn data_json_from_document(doc: &MetadataDocument) -> Value {
    json!({
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@type": "dcat:Catalog",
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "describedBy": "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
        "dataset": doc.all_datasets().map(data_json_from_dataset).collect::<Vec<_>>(),
    })
}

const REQUIRED: &[&str] = &[
    "title",
    "description",
    "keyword",
    "modified",
    "publisher",
    "contactPoint",
    "identifier",
    "accessLevel",
    "bureauCode",
    "programCode",
];

fn missing(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Object(o)) => o.is_empty(),
        _ => false,
    }
}

/// The DCAT-US 1.1 checks on a `data.json` value (a catalogue or one dataset object):
/// required fields, `accessLevel` values, `rights` when access is not public, the
/// `contactPoint.hasEmail` form, `bureauCode` / `programCode` patterns, `modified` as an
/// ISO 8601 date, and per distribution `mediaType` with `downloadURL`.
pub fn check_data_json(v: &Value, sink: &mut FindingSink) {
    if v.get("dataset").is_some()
        && v.get("conformsTo").and_then(Value::as_str)
            != Some("https://project-open-data.cio.gov/v1.1/schema")
    {
        sink.push(&codes::DCAT_US_CATALOG_CONFORMS_TO, At::path("$.conformsTo"), "the catalogue does not declare conformsTo https://project-open-data.cio.gov/v1.1/schema");
    }
    let datasets: Vec<(String, &Value)> = match v.get("dataset").and_then(Value::as_array) {
        Some(list) => list
            .iter()
            .enumerate()
            .map(|(i, d)| (format!("$.dataset[{i}]"), d))
            .collect(),
        None => vec![("$".to_owned(), v)],
    };
    for (path, d) in datasets {
        let name = s(d, "identifier")
            .or_else(|| s(d, "title"))
            .unwrap_or_else(|| path.clone());
        for field in REQUIRED {
            if missing(d.get(*field)) {
                sink.push(
                    &codes::DCAT_US_MISSING,
                    At::path(format!("{path}.{field}")),
                    format!("dataset {name}: required field `{field}` is missing or empty"),
                );
            }
        }
        let level = s(d, "accessLevel");
        if let Some(l) = &level {
            if !ACCESS_LEVELS.iter().any(|(k, _)| k == l) {
                sink.push(&codes::DCAT_US_ACCESS_LEVEL, At::path(format!("{path}.accessLevel")), format!("dataset {name}: accessLevel `{l}` is not public, restricted public or non-public"));
            }
            if l != "public" && missing(d.get("rights")) {
                sink.push(&codes::DCAT_US_RIGHTS, At::path(format!("{path}.rights")), format!("dataset {name}: accessLevel is `{l}` but `rights` does not explain the restriction"));
            }
        }
        if let Some(email) = d.get("contactPoint").and_then(|c| s(c, "hasEmail")) {
            let addr = email.strip_prefix("mailto:").unwrap_or("");
            if !(addr.contains('@') && !addr.starts_with('@') && !addr.ends_with('@')) {
                sink.push(
                    &codes::DCAT_US_EMAIL,
                    At::path(format!("{path}.contactPoint.hasEmail")),
                    format!("dataset {name}: hasEmail must be `mailto:` followed by an address"),
                );
            }
        }
        let pattern = |field: &str, ok: &dyn Fn(&str) -> bool| {
            d.get(field)
                .map(texts)
                .unwrap_or_default()
                .into_iter()
                .filter(|c| !ok(c))
                .collect::<Vec<_>>()
        };
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        for bad in pattern("bureauCode", &|c| {
            c.split_once(':')
                .is_some_and(|(a, b)| digits(a, 3) && digits(b, 2))
        }) {
            sink.push(
                &codes::DCAT_US_CODE_FORMAT,
                At::path(format!("{path}.bureauCode")),
                format!("dataset {name}: bureauCode `{bad}` is not NNN:NN"),
            );
        }
        for bad in pattern("programCode", &|c| {
            c.split_once(':')
                .is_some_and(|(a, b)| digits(a, 3) && digits(b, 3))
        }) {
            sink.push(
                &codes::DCAT_US_CODE_FORMAT,
                At::path(format!("{path}.programCode")),
                format!("dataset {name}: programCode `{bad}` is not NNN:NNN"),
            );
        }
        if let Some(m) = s(d, "modified") {
            if date(&m).is_none() && !m.starts_with("R/") {
                sink.push(
                    &codes::DCAT_US_DATE,
                    At::path(format!("{path}.modified")),
                    format!("dataset {name}: modified `{m}` is not an ISO 8601 date"),
                );
            }
        }
        for (i, dist) in d
            .get("distribution")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            if dist.get("downloadURL").is_some() && missing(dist.get("mediaType")) {
                sink.push(
                    &codes::DCAT_US_MEDIA_TYPE,
                    At::path(format!("{path}.distribution[{i}].mediaType")),
                    format!("dataset {name}: a distribution with downloadURL needs mediaType"),
                );
            }
            if missing(dist.get("downloadURL")) && missing(dist.get("accessURL")) {
                sink.push(
                    &codes::DCAT_US_NO_URL,
                    At::path(format!("{path}.distribution[{i}]")),
                    format!("dataset {name}: a distribution has neither downloadURL nor accessURL"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATASET: &str = r#"{"@type": "dcat:Dataset", "title": "Bee colonies", "description": "Counts.",
      "keyword": ["bees"], "modified": "2024-05-31", "publisher": {"@type": "org:Organization", "name": "Agency"},
      "contactPoint": {"@type": "vcard:Contact", "fn": "Desk", "hasEmail": "mailto:desk@example.gov"},
      "identifier": "https://example.gov/ds/1", "accessLevel": "public", "bureauCode": ["005:12"],
      "programCode": ["005:059"], "license": "https://creativecommons.org/publicdomain/zero/1.0/",
      "accrualPeriodicity": "R/P1Y", "temporal": "2023-01-01/2023-12-31", "language": ["en"],
      "distribution": [{"@type": "dcat:Distribution", "downloadURL": "https://example.gov/bees.csv", "mediaType": "text/csv", "format": "CSV"}]}"#;

    fn codes_of(v: &Value) -> Vec<(String, String)> {
        let mut sink = FindingSink::new(10);
        check_data_json(v, &mut sink);
        sink.into_report(None)
            .findings
            .into_iter()
            .map(|f| (f.code, f.location.path.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn a_complete_dataset_passes_and_maps_to_dcat() {
        let v: Value = serde_json::from_str(DATASET).unwrap();
        assert!(codes_of(&v).is_empty(), "{:?}", codes_of(&v));
        let ds = dataset_from_data_json(&v);
        assert_eq!(
            ds.accrual_periodicity.as_deref(),
            Some("http://publications.europa.eu/resource/authority/frequency/ANNUAL")
        );
        assert_eq!(
            ds.access_rights.as_deref(),
            Some("http://publications.europa.eu/resource/authority/access-right/PUBLIC")
        );
        assert_eq!(ds.temporal[0].end, DateValue::parse("2023-12-31"));
        assert_eq!(
            ds.distributions[0].format.as_deref(),
            Some("http://publications.europa.eu/resource/authority/file-type/CSV")
        );
        // And back: every DCAT-US field that has a DCAT counterpart returns.
        let back = data_json_from_dataset(&ds);
        for key in [
            "title",
            "description",
            "keyword",
            "modified",
            "publisher",
            "contactPoint",
            "identifier",
            "accessLevel",
            "license",
            "accrualPeriodicity",
            "temporal",
            "language",
        ] {
            assert!(!back[key].is_null(), "{key}");
        }
        assert_eq!(back["accrualPeriodicity"], "R/P1Y");
        assert_eq!(back["distribution"][0]["mediaType"], "text/csv");
    }

    #[test]
    fn a_bounding_box_becomes_a_wkt_polygon_and_comes_back() {
        let mut v: Value = serde_json::from_str(DATASET).unwrap();
        v["spatial"] = json!("-81.0563,34.9991,-80.6033,35.4024");
        let ds = dataset_from_data_json(&v);
        let bbox = ds.spatial[0].bbox.as_ref().unwrap();
        assert_eq!(
            bbox.value,
            "POLYGON((-81.0563 34.9991, -80.6033 34.9991, -80.6033 35.4024, -81.0563 35.4024, -81.0563 34.9991))"
        );
        assert_eq!(
            bbox.datatype.as_deref(),
            Some("http://www.opengis.net/ont/geosparql#wktLiteral")
        );
        assert_eq!(ds.spatial[0].types, ["http://purl.org/dc/terms/Location"]);
        assert_eq!(
            data_json_from_dataset(&ds)["spatial"],
            "-81.0563,34.9991,-80.6033,35.4024"
        );
        // A place name has no DCAT-AP form; coordinates out of range are no box.
        for spatial in ["United States", "10,95,20,96", "1,2,3", "a,b,c,d"] {
            v["spatial"] = json!(spatial);
            assert!(dataset_from_data_json(&v).spatial.is_empty(), "{spatial}");
        }
        v["spatial"] = json!("https://sws.geonames.org/6252001/");
        assert_eq!(
            dataset_from_data_json(&v).spatial[0].id.as_deref(),
            Some("https://sws.geonames.org/6252001/")
        );
    }

    #[test]
    fn required_fields_and_formats_are_checked() {
        let mut v: Value = serde_json::from_str(DATASET).unwrap();
        let o = v.as_object_mut().unwrap();
        o.remove("bureauCode");
        o.insert("accessLevel".into(), json!("restricted public"));
        o.insert("programCode".into(), json!(["5:59"]));
        o.insert(
            "contactPoint".into(),
            json!({"fn": "Desk", "hasEmail": "desk@example.gov"}),
        );
        o.insert(
            "distribution".into(),
            json!([{"downloadURL": "https://example.gov/x"}]),
        );
        let got = codes_of(&v);
        assert_eq!(
            got,
            [
                (
                    "dcat-us.missing-field".to_owned(),
                    "$.bureauCode".to_owned()
                ),
                ("dcat-us.rights-required".to_owned(), "$.rights".to_owned()),
                (
                    "dcat-us.email-format".to_owned(),
                    "$.contactPoint.hasEmail".to_owned()
                ),
                ("dcat-us.code-format".to_owned(), "$.programCode".to_owned()),
                (
                    "dcat-us.distribution.missing-media-type".to_owned(),
                    "$.distribution[0].mediaType".to_owned()
                ),
            ]
        );
    }
}
