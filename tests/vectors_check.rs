//! Runs every case of `tests/vectors/check/` through the Rust API.

mod common;

use common::vector_files;

use opendata::table::{check_csv, CheckOptions};
use serde_json::{json, Value};

#[test]
fn every_check_vector_gives_the_expected_findings() {
    let files = vector_files("check");
    assert!(
        files.len() >= 20,
        "expected at least 20 vectors, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for file in &files {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let input = file.with_file_name(case["input"].as_str().unwrap());
        let bytes = std::fs::read(&input).unwrap();
        let options: CheckOptions = serde_json::from_value(case["options"].clone()).unwrap();
        let report = check_csv(bytes.as_slice(), &options).unwrap();
        let got: Vec<Value> = report
            .findings
            .iter()
            .map(|f| json!({"code": f.code, "severity": f.severity, "location": f.location}))
            .collect();
        let expected = &case["expected"];
        if got != expected["findings"].as_array().unwrap().clone()
            || Value::Bool(report.ok) != expected["ok"]
        {
            failures.push(format!(
                "{}: expected ok={} {}, got ok={} {}",
                file.display(),
                expected["ok"],
                expected["findings"],
                report.ok,
                Value::Array(got)
            ));
        }
        if let Some(omitted) = expected.get("omitted") {
            if serde_json::to_value(&report.omitted).unwrap() != *omitted {
                failures.push(format!(
                    "{}: omitted {:?}, expected {omitted}",
                    file.display(),
                    report.omitted
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
