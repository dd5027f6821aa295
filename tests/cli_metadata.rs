//! `opendata metadata ...` as a user runs it: exit codes, text and JSON output.

mod common;

use common::{infer_schema, opendata, stderr, stdout, temp_file};

use std::path::{Path, PathBuf};

use opendata::catalog::{validate, ValidateRequest};

fn valid_ttl() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/metadata-valid.ttl")
}

#[test]
fn a_complete_record_validates_clean() {
    let out = opendata(&["metadata", "validate", valid_ttl().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("0 errors, 0 warnings"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_missing_title_exits_1_and_json_equals_the_api() {
    let ttl = b"<https://example.org/ds> a <http://www.w3.org/ns/dcat#Dataset> ;\n  <http://purl.org/dc/terms/description> \"Counts\"@en .\n";
    let path = temp_file("no-title.ttl", ttl);
    let out = opendata(&[
        "metadata",
        "validate",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let got: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let api = serde_json::to_value(validate(ttl, &ValidateRequest::default())).unwrap();
    assert_eq!(got, api);
    assert_eq!(got["findings"][0]["code"], "dcat.dataset.missing-title");
}

#[test]
fn malformed_turtle_is_a_finding_with_a_line_not_a_crash() {
    let path = temp_file("broken.ttl", b"@prefix dct: <http://purl.org/dc/terms/> .\n<https://example.org/ds> dct:title \"unclosed .\n");
    let out = opendata(&[
        "metadata",
        "validate",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let got: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(got["findings"][0]["code"], "metadata.syntax");
    assert_eq!(got["findings"][0]["location"]["row"], 2);
}

#[test]
fn a_missing_file_exits_2() {
    let out = opendata(&["metadata", "validate", "/no/such/file.ttl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such file"));
}

#[test]
fn convert_to_each_rdf_syntax_validates_the_same() {
    for to in ["jsonld", "turtle", "rdfxml", "ntriples"] {
        let out = opendata(&[
            "metadata",
            "convert",
            valid_ttl().to_str().unwrap(),
            "--to",
            to,
        ]);
        assert_eq!(out.status.code(), Some(0), "{to}");
        let path = temp_file(&format!("converted.{to}"), &out.stdout);
        let again = opendata(&[
            "metadata",
            "validate",
            path.to_str().unwrap(),
            "--format",
            "json",
        ]);
        let report: serde_json::Value = serde_json::from_str(&stdout(&again)).unwrap();
        assert_eq!(report["ok"], true, "{to}: {report}");
        assert_eq!(report["findings"], serde_json::json!([]), "{to}");
    }
}

#[test]
fn score_reports_points_freshness_and_the_network_hook() {
    let file = valid_ttl();
    let out = opendata(&[
        "metadata",
        "score",
        file.to_str().unwrap(),
        "--today",
        "2026-01-01",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let q: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(q["scores"][0]["points"], 320);
    assert_eq!(q["scores"][0]["not_assessed"], 80);
    assert_eq!(q["freshness"][0]["status"], "overdue");
    assert_eq!(q["freshness"][0]["overdue_days"], 306);
    assert_eq!(
        q["report"]["findings"][0]["code"],
        "metadata.freshness.overdue"
    );

    let status = temp_file(
        "status.json",
        br#"{"https://data.example.org/files/bees-2023.csv": 200}"#,
    );
    let out = opendata(&[
        "metadata",
        "score",
        file.to_str().unwrap(),
        "--today",
        "2024-06-01",
        "--url-status",
        status.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let q: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(q["scores"][0]["points"], 400);
    assert_eq!(q["scores"][0]["rating"], "excellent");
    assert_eq!(q["freshness"][0]["status"], "fresh");
}

#[test]
fn verify_matches_the_recorded_sha256_and_names_a_tampered_file() {
    // The record's checksum is the SHA-256 of the four bytes `test`.
    let good = temp_file("good.csv", b"test");
    let out = opendata(&[
        "metadata",
        "verify",
        valid_ttl().to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let bad = temp_file("bad.csv", b"tesT");
    let out = opendata(&[
        "metadata",
        "verify",
        valid_ttl().to_str().unwrap(),
        bad.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["verification"]["status"], "mismatch");
    assert_eq!(
        v["report"]["findings"][0]["code"],
        "metadata.checksum.mismatch"
    );
}

#[test]
fn convert_output_is_byte_identical_across_runs() {
    for to in [
        "turtle",
        "jsonld",
        "rdfxml",
        "ckan",
        "data.json",
        "schema-org",
        "datapackage",
    ] {
        let a = opendata(&[
            "metadata",
            "convert",
            valid_ttl().to_str().unwrap(),
            "--to",
            to,
        ]);
        let b = opendata(&[
            "metadata",
            "convert",
            valid_ttl().to_str().unwrap(),
            "--to",
            to,
        ]);
        assert_eq!(
            a.status.code(),
            Some(0),
            "{to}: {}",
            String::from_utf8_lossy(&a.stderr)
        );
        assert!(!a.stdout.is_empty(), "{to}");
        assert_eq!(a.stdout, b.stdout, "{to}");
    }
}

#[test]
fn propose_describes_a_csv_file() {
    let csv = temp_file(
        "bees.csv",
        b"region,date,colonies\nAttica,2023-04-01,120\nCrete,2023-09-30,80\n",
    );
    let out = opendata(&[
        "metadata",
        "propose",
        csv.to_str().unwrap(),
        "--base-url",
        "https://data.example.org/files",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let p: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let d = &p["distribution"];
    assert_eq!(d["byte_size"], 63);
    assert_eq!(
        d["download_url"][0],
        "https://data.example.org/files/bees.csv"
    );
    assert_eq!(
        d["checksum"]["value"],
        "f4d771c943379b59d0307cde5bc1bcc22fd449d69b490392481bf084aa67de0a"
    );
    assert_eq!(p["temporal"]["start"], "2023-04-01");
    assert_eq!(p["temporal"]["end"], "2023-09-30");
    // The Turtle it prints is itself valid DCAT-AP for a distribution's mandatory part.
    let out = opendata(&[
        "metadata",
        "propose",
        csv.to_str().unwrap(),
        "--base-url",
        "https://data.example.org/files/",
    ]);
    let ttl = temp_file("proposed.ttl", &out.stdout);
    let v = opendata(&[
        "metadata",
        "validate",
        ttl.to_str().unwrap(),
        "--mandatory-only",
        "--format",
        "json",
    ]);
    let r: serde_json::Value = serde_json::from_str(&stdout(&v)).unwrap();
    assert_eq!(r["ok"], true, "{r}");
}

#[test]
fn propose_writes_the_inferred_schema_and_conforms_to_it() {
    let csv = temp_file(
        "propose-schema.csv",
        b"id,code,opened\n1,007,2024-01-02\n2,042,2024-03-04\n",
    );
    let schema = csv.with_file_name("propose-schema.schema.json");
    let out = opendata(&[
        "metadata",
        "propose",
        csv.to_str().unwrap(),
        "--base-url",
        "https://data.example.org/files",
        "--infer-schema",
        schema.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let proposal: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        proposal["distribution"]["conforms_to"][0],
        "https://data.example.org/files/propose-schema.schema.json"
    );
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&schema).unwrap()).unwrap();
    let types: Vec<&str> = written["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["integer", "string", "date"]);

    // Without a place to publish the schema there is nothing to conform to.
    let out = opendata(&[
        "metadata",
        "propose",
        csv.to_str().unwrap(),
        "--infer-schema",
        schema.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--schema-url or --base-url"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn datapackage_carries_the_table_schema_inline() {
    let record = temp_file(
        "package-source.ttl",
        br#"@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
<https://e.org/ds> a dcat:Dataset ; dct:title "Grants"@en ; dct:description "Grants paid."@en ;
  dcat:distribution <https://e.org/ds/pdf>, <https://e.org/ds/csv> .
<https://e.org/ds/pdf> a dcat:Distribution ; dcat:downloadURL <https://e.org/grants.pdf> ;
  dct:format <http://publications.europa.eu/resource/authority/file-type/PDF> .
<https://e.org/ds/csv> a dcat:Distribution ; dcat:downloadURL <https://e.org/grants.csv> ;
  dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> .
"#,
    );
    let data = temp_file("package-grants.csv", b"grant_id,amount\nG-1,100\nG-2,250\n");
    let (schema, _) = infer_schema(&data);
    let out = opendata(&[
        "metadata",
        "convert",
        record.to_str().unwrap(),
        "--to",
        "datapackage",
        "--table-schema",
        schema.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let package: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let resources = package["resources"].as_array().unwrap();
    let csv = resources
        .iter()
        .find(|r| r["path"] == "https://e.org/grants.csv")
        .unwrap_or_else(|| panic!("{package}"));
    assert_eq!(csv["schema"]["fields"][1]["name"], "amount");
    assert_eq!(csv["schema"]["fields"][1]["type"], "integer");
    let pdf = resources
        .iter()
        .find(|r| r["path"] == "https://e.org/grants.pdf")
        .unwrap();
    assert!(pdf.get("schema").is_none());

    // Two schemas for one CSV distribution, or a schema for another target, are refused.
    let out = opendata(&[
        "metadata",
        "convert",
        record.to_str().unwrap(),
        "--to",
        "datapackage",
        "--table-schema",
        schema.to_str().unwrap(),
        "--table-schema",
        schema.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("2 Table Schemas for 1 CSV or TSV distributions"),
        "{}",
        stderr(&out)
    );
    let out = opendata(&[
        "metadata",
        "convert",
        record.to_str().unwrap(),
        "--to",
        "turtle",
        "--table-schema",
        schema.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--table-schema goes with --to datapackage"));
}
