//! Runs every case of `tests/vectors/anonymise/` through the Rust API.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow_array::{ArrayRef, Date32Array, Float64Array, Int64Array, RecordBatch, StringArray};
use opendata::anonymise::{anonymise, Context, Key, Policy, Seed};
use opendata::table::format_value;
use serde_json::{json, Value};

/// Days from 1970-01-01 of an ISO date.
fn days(iso: &str) -> i32 {
    let d = time::Date::parse(
        iso,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .unwrap_or_else(|e| panic!("{iso}: {e}"));
    d.to_julian_day() - 2_440_588
}

fn column(spec: &Value) -> (String, ArrayRef) {
    let name = spec["name"].as_str().unwrap().to_owned();
    let values: Vec<Option<&str>> = spec["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(Value::as_str)
        .collect();
    let array: ArrayRef = match spec.get("type").and_then(Value::as_str).unwrap_or("utf8") {
        "utf8" => Arc::new(StringArray::from(values)),
        "int64" => Arc::new(Int64Array::from(
            values
                .iter()
                .map(|v| v.map(|s| s.parse::<i64>().unwrap()))
                .collect::<Vec<_>>(),
        )),
        "float64" => Arc::new(Float64Array::from(
            values
                .iter()
                .map(|v| v.map(|s| s.parse::<f64>().unwrap()))
                .collect::<Vec<_>>(),
        )),
        "date32" => Arc::new(Date32Array::from(
            values.iter().map(|v| v.map(days)).collect::<Vec<_>>(),
        )),
        other => panic!("unknown column type {other}"),
    };
    (name, array)
}

fn output_columns(batches: &[RecordBatch]) -> Value {
    let Some(first) = batches.first() else {
        return json!([]);
    };
    let schema = first.schema();
    let mut cols = Vec::new();
    for (i, field) in schema.fields().iter().enumerate() {
        let mut values = Vec::new();
        let mut cell = String::new();
        for b in batches {
            let a = b.column(i);
            for row in 0..b.num_rows() {
                if format_value(a.as_ref(), row, &mut cell).unwrap() {
                    values.push(Value::String(cell.clone()));
                } else {
                    values.push(Value::Null);
                }
            }
        }
        cols.push(json!({"name": field.name(), "values": values}));
    }
    Value::Array(cols)
}

fn run(case: &Value) -> Result<Value, String> {
    let columns: Vec<(String, ArrayRef)> = case["input"]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(column)
        .collect();
    let batch = RecordBatch::try_from_iter(columns).unwrap();
    let options = &case["options"];
    let policy =
        Policy::from_json(&options["policy"].to_string()).map_err(|e| e.code().to_owned())?;
    let mut context = Context::new();
    if let Some(key) = options.get("key").and_then(Value::as_str) {
        context =
            context.with_key(Key::new(key.as_bytes().to_vec()).map_err(|e| e.code().to_owned())?);
    }
    if let Some(seed) = options.get("seed").and_then(Value::as_str) {
        context = context.with_seed(Seed::from_bytes(seed.as_bytes()));
    }
    if let Some(entities) = options.get("entities") {
        let map: BTreeMap<String, String> = serde_json::from_value(entities.clone()).unwrap();
        context = context.with_entities(map);
    }
    let out = anonymise(
        &batch.schema(),
        std::slice::from_ref(&batch),
        &policy,
        &context,
    )
    .map_err(|e| e.code().to_owned())?;
    let mut got = json!({
        "columns": output_columns(&out.batches),
        "rows_out": out.report.rows_out,
    });
    let unreadable: BTreeMap<String, u64> = out
        .report
        .columns
        .iter()
        .filter(|c| c.unreadable_cells > 0)
        .map(|c| (c.column.clone(), c.unreadable_cells))
        .collect();
    if !unreadable.is_empty() {
        got["unreadable"] = json!(unreadable);
    }
    if let Some(p) = &out.report.privacy {
        got["privacy"] = json!({
            "suppressed": p.suppressed,
            "levels": p.levels.iter().map(|l| l.level).collect::<Vec<_>>(),
            "smallest_class": p.smallest_class,
        });
    }
    Ok(got)
}

#[test]
fn every_anonymise_vector_gives_the_expected_output() {
    let files = common::vector_files("anonymise");
    assert!(
        files.len() >= 20,
        "expected at least 20 vectors, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for file in &files {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let expected = &case["expected"];
        let got = match run(&case) {
            Ok(v) => v,
            Err(code) => json!({ "error": code }),
        };
        if &got != expected {
            failures.push(format!(
                "{}:\n  expected {expected}\n  got      {got}",
                file.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
