//! Runs every case of `tests/vectors/metadata/` (and its sub-folders) through the Rust API.
//!
//! A case is `{"description", "input": "<document text>", "options": ValidateRequest,
//! "expected": {"ok"?, "findings"?, "contains"?}}`: `findings` is the exact list of
//! findings (code, severity, location) in order, `contains` findings that must be among them.

use std::path::{Path, PathBuf};

use opendata::catalog::{validate, ValidateRequest};
use serde_json::{json, Value};

fn vector_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            vector_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "json") {
            out.push(path);
        }
    }
}

#[test]
fn every_metadata_vector_gives_the_expected_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/metadata");
    let mut files = Vec::new();
    vector_files(&root, &mut files);
    files.sort();
    assert!(
        files.len() >= 360,
        "expected a vector per DCAT-AP rule, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for file in &files {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let input = case["input"].as_str().unwrap();
        let request: ValidateRequest = serde_json::from_value(case["options"].clone()).unwrap();
        let report = validate(input.as_bytes(), &request);
        let got: Vec<Value> = report
            .findings
            .iter()
            .map(|f| json!({"code": f.code, "severity": f.severity, "location": f.location}))
            .collect();
        let expected = &case["expected"];
        if let Some(ok) = expected.get("ok") {
            if Value::Bool(report.ok) != *ok {
                failures.push(format!(
                    "{}: ok={}, expected {ok}",
                    file.display(),
                    report.ok
                ));
            }
        }
        if let Some(findings) = expected.get("findings") {
            if Value::Array(got.clone()) != *findings {
                failures.push(format!(
                    "{}: findings {}, expected {findings}",
                    file.display(),
                    Value::Array(got.clone())
                ));
            }
        }
        for wanted in expected
            .get("contains")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !got.contains(wanted) {
                failures.push(format!(
                    "{}: {wanted} not among {}",
                    file.display(),
                    Value::Array(got.clone())
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
