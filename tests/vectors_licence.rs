//! Runs every case of tests/vectors/licence/*.json (the cross-binding licence vectors).
//!
//! A file is `{"description", "function", "cases": [{"input", "expected"}]}`; `function` is
//! one of `resolve`, `compatibility`, `check`, `attribution` (see tests/vectors/README.md).

use std::fs;
mod common;

use opendata::licence::{self, AttributionInput};
use serde_json::{json, Value};

/// Compares the fields named in `expected` with `actual` (objects: only the named keys).
fn matches(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e
            .iter()
            .all(|(k, v)| a.get(k).is_some_and(|x| matches(v, x))),
        _ => expected == actual,
    }
}

fn run_resolve(input: &Value, expected: &Value) -> Result<(), String> {
    let text = input.as_str().ok_or("input must be a string")?;
    let r = licence::resolve(text);
    let mut actual = json!({
        "id": r.licence.map(|l| l.id),
        "matched_by": r.matched_by,
        "version_assumed": r.version_assumed,
        "deprecated_id": r.deprecated_id,
        "expression": r.expression,
    });
    if let (Some(l), Some(obj)) = (r.licence, actual.as_object_mut()) {
        let full = serde_json::to_value(l).map_err(|e| e.to_string())?;
        if let Value::Object(fields) = full {
            for (k, v) in fields {
                obj.entry(k).or_insert(v);
            }
        }
    }
    if matches(expected, &actual) {
        Ok(())
    } else {
        Err(format!(
            "expected {expected}, got id={:?} matched_by={:?} confidence={}",
            actual["id"], r.matched_by, r.confidence
        ))
    }
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn run_compatibility(input: &Value, expected: &Value) -> Result<(), String> {
    let texts = ids(input);
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let c = match licence::compatibility(&refs) {
        Ok(c) => c,
        Err(e) => {
            return if expected["error"] == e.code() {
                Ok(())
            } else {
                Err(format!("expected {expected}, got error {}", e.code()))
            }
        }
    };
    if !expected["error"].is_null() {
        return Err(format!(
            "expected error {}, got a result",
            expected["error"]
        ));
    }
    let allowed: Vec<&str> = c.allowed.iter().map(|l| l.id).collect();
    let mut problems = Vec::new();
    if let Some(b) = expected["compatible"].as_bool() {
        if b != c.compatible {
            problems.push(format!("compatible {}", c.compatible));
        }
    }
    if !expected["recommended"].is_null()
        && expected["recommended"].as_str() != c.recommended.map(|l| l.id)
    {
        problems.push(format!("recommended {:?}", c.recommended.map(|l| l.id)));
    }
    if expected.get("allowed").is_some() && ids(&expected["allowed"]) != allowed {
        problems.push("allowed differs".to_owned());
    }
    for id in ids(&expected["allowed_includes"]) {
        if !allowed.contains(&id.as_str()) {
            problems.push(format!("{id} not allowed"));
        }
    }
    for id in ids(&expected["allowed_excludes"]) {
        if allowed.contains(&id.as_str()) {
            problems.push(format!("{id} allowed"));
        }
    }
    if let Some(o) = expected.get("obligations") {
        let actual = serde_json::to_value(c.obligations).map_err(|e| e.to_string())?;
        if !matches(o, &actual) {
            problems.push(format!("obligations {actual}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{}; allowed = {allowed:?}", problems.join(", ")))
    }
}

fn run_check(input: &Value, expected: &Value) -> Result<(), String> {
    let text = input.as_str().ok_or("input must be a string")?;
    let got: Vec<String> = licence::check(text).into_iter().map(|f| f.code).collect();
    if ids(&expected["codes"]) == got {
        Ok(())
    } else {
        Err(format!("expected {}, got {got:?}", expected["codes"]))
    }
}

fn run_attribution(input: &Value, expected: &Value) -> Result<(), String> {
    let a: AttributionInput = serde_json::from_value(input.clone()).map_err(|e| e.to_string())?;
    let got = licence::attribution(&a);
    if expected["text"].as_str() == Some(got.as_str()) {
        Ok(())
    } else {
        Err(format!("expected {}, got {got:?}", expected["text"]))
    }
}

#[test]
fn licence_vectors() {
    let mut failures = Vec::new();
    let mut count = 0;
    for path in common::vector_files("licence") {
        let text = fs::read_to_string(&path).expect("readable vector file");
        let file: Value = serde_json::from_str(&text).expect("valid JSON");
        let function = file["function"].as_str().unwrap_or_default().to_owned();
        for case in file["cases"].as_array().into_iter().flatten() {
            count += 1;
            let (input, expected) = (&case["input"], &case["expected"]);
            let result = match function.as_str() {
                "resolve" => run_resolve(input, expected),
                "compatibility" => run_compatibility(input, expected),
                "check" => run_check(input, expected),
                "attribution" => run_attribution(input, expected),
                other => Err(format!("unknown function {other:?}")),
            };
            if let Err(e) = result {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                failures.push(format!("{name}: {input}: {e}"));
            }
        }
    }
    assert!(count >= 100, "only {count} licence vectors found");
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
