//! `opendata metadata ...` as a user runs it: exit codes, text and JSON output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use opendata::catalog::{validate, ValidateRequest};

fn opendata(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_opendata"))
        .args(args)
        .output()
        .expect("the opendata binary runs")
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("opendata-cli-metadata-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn valid_ttl() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/metadata-valid.ttl")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
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
