//! Runs every case of `tests/vectors/pii/` through the Rust API: column cases through
//! `ColumnScanner` (one all-text column), text cases through `scan_text`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch, StringArray};
use opendata::pii::{scan_text, ColumnScanner, RuleSet, ScanOptions};
use serde_json::{json, Value};

fn vector_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/pii");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn run_case(case: &Value, rules: &RuleSet) -> Result<(), String> {
    let options: ScanOptions =
        serde_json::from_value(case["options"].clone()).map_err(|e| e.to_string())?;
    let expected = &case["expected"];
    match case["kind"].as_str() {
        Some("column") => {
            let header = case["input"]["header"].as_str().ok_or("no header")?;
            let values: Vec<Option<String>> =
                serde_json::from_value(case["input"]["values"].clone())
                    .map_err(|e| e.to_string())?;
            let array: ArrayRef = Arc::new(StringArray::from(values));
            let batch = RecordBatch::try_from_iter([(header, array)]).map_err(|e| e.to_string())?;
            let mut scanner = ColumnScanner::new(rules, &options);
            scanner.update(&batch).map_err(|e| e.to_string())?;
            let report = scanner.finish();
            let col = &report.columns[0];
            let got = json!(col.verdict);
            if got != expected["verdict"] {
                return Err(format!(
                    "verdict {got}, expected {}; candidates {}",
                    expected["verdict"],
                    serde_json::to_string(&col.candidates).unwrap_or_default()
                ));
            }
            if let Some(q) = expected.get("quasi_identifiers") {
                let kinds: Vec<&str> = col
                    .quasi_identifiers
                    .iter()
                    .map(|q| q.kind.as_str())
                    .collect();
                if json!(kinds) != *q {
                    return Err(format!("quasi-identifiers {kinds:?}, expected {q}"));
                }
            }
            Ok(())
        }
        Some("text") => {
            let text = case["input"]["text"].as_str().ok_or("no text")?;
            let got: Vec<Value> = scan_text(text, rules, &options)
                .iter()
                .map(|s| json!({"entity": s.entity, "char_start": s.char_start, "char_end": s.char_end}))
                .collect();
            if json!(got) != expected["spans"] {
                return Err(format!(
                    "spans {}, expected {}",
                    json!(got),
                    expected["spans"]
                ));
            }
            Ok(())
        }
        other => Err(format!("unknown kind {other:?}")),
    }
}

#[test]
fn every_pii_vector_gives_the_expected_answer() {
    let rules = RuleSet::builtin().unwrap();
    let files = vector_files();
    assert!(
        files.len() >= 60,
        "expected at least 60 vectors, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for file in &files {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        if let Err(e) = run_case(&case, &rules) {
            failures.push(format!(
                "{}: {e}",
                file.file_name().unwrap_or_default().to_string_lossy()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn every_builtin_entity_has_a_column_and_a_text_vector() {
    let rules = RuleSet::builtin().unwrap();
    let cases: Vec<Value> = vector_files()
        .iter()
        .map(|f| serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap())
        .collect();
    for entity in rules.entities() {
        let in_column = cases.iter().any(|c| c["expected"]["verdict"] == entity);
        let in_text = cases.iter().any(|c| {
            c["expected"]["spans"]
                .as_array()
                .is_some_and(|s| s.iter().any(|s| s["entity"] == entity))
        });
        assert!(
            in_column && in_text,
            "{entity}: column vector {in_column}, text vector {in_text}"
        );
    }
}
