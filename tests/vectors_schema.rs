//! Runs every case of `tests/vectors/schema/` through the Rust API: the rows are fed to a
//! `SchemaValidator` (header first unless `options.header` is false) and the findings are
//! compared with the expected ones.

mod common;

use common::vector_files;

use opendata::report::FindingSink;
use opendata::table::schema::{validate_rows, SchemaValidator, TableSchema, ValidateRowsOptions};
use opendata::SchemaError;
use serde_json::{json, Value};

fn strings(row: &Value) -> Vec<String> {
    row.as_array()
        .expect("a row is an array of strings")
        .iter()
        .map(|c| c.as_str().expect("a cell is a string").to_owned())
        .collect()
}

/// Runs one case; returns the report as comparable JSON, or the error.
fn run_case(case: &Value) -> Result<Value, SchemaError> {
    let schema = TableSchema::from_json_value(&case["input"]["schema"])?;
    let options = &case["options"];
    let header = options["header"].as_bool().unwrap_or(true);
    let limit = options["max_findings_per_code"].as_u64().unwrap_or(100) as usize;
    let mut validator = SchemaValidator::new(&schema)?;
    if let Some(references) = options["references"].as_object() {
        for (resource, table) in references {
            let rows: Vec<Vec<String>> = table
                .as_array()
                .expect("a reference table is an array of rows")
                .iter()
                .map(strings)
                .collect();
            let (head, body) = rows.split_first().expect("a reference table has a header");
            let head: Vec<&str> = head.iter().map(String::as_str).collect();
            validator.add_reference(resource, &head, body)?;
        }
    }
    let mut sink = FindingSink::new(limit);
    let rows = case["input"]["rows"].as_array().expect("input.rows");
    for (i, row) in rows.iter().enumerate() {
        let cells = strings(row);
        let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
        let number = i as u64 + 1;
        if header && i == 0 {
            validator.check_header(number, &cells, &mut sink);
        } else {
            validator.check_row(number, &cells, &mut sink);
        }
    }
    validator.finish(&mut sink);
    let report = sink.into_report(None);
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|f| json!({"code": f.code, "severity": f.severity, "location": f.location}))
        .collect();
    let mut out = json!({"ok": report.ok, "findings": findings});
    if !report.omitted.is_empty() {
        out["omitted"] = serde_json::to_value(&report.omitted).unwrap();
    }
    Ok(out)
}

#[test]
fn every_schema_vector_gives_the_expected_findings() {
    let files = vector_files("schema");
    assert!(
        files.len() >= 25,
        "expected at least 25 vectors, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for file in &files {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let expected = &case["expected"];
        let got = match run_case(&case) {
            Ok(report) => report,
            Err(e) => {
                let mut error = json!({"code": e.code()});
                if let SchemaError::Invalid { path, .. } = &e {
                    error["path"] = json!(path);
                }
                json!({"error": error})
            }
        };
        // The one-call form bindings use must agree with the streaming one.
        if let Ok(schema) = TableSchema::from_json_value(&case["input"]["schema"]) {
            let rows: Vec<Vec<String>> = case["input"]["rows"]
                .as_array()
                .expect("input.rows")
                .iter()
                .map(strings)
                .collect();
            let options: ValidateRowsOptions =
                serde_json::from_value(case["options"].clone()).expect("options");
            let report = validate_rows(&schema, &rows, &options).expect("validate_rows");
            let findings: Vec<Value> = report
                .findings
                .iter()
                .map(|f| json!({"code": f.code, "severity": f.severity, "location": f.location}))
                .collect();
            if got.get("findings") != Some(&json!(findings)) {
                failures.push(format!("{}: validate_rows differs", file.display()));
            }
        }
        if got != *expected {
            failures.push(format!(
                "{}:\n  expected {expected}\n  got      {got}",
                file.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
