//! The `opendata licence` command: output shape and exit status.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_opendata"))
        .arg("licence")
        .args(args)
        .output()
        .expect("the opendata binary runs")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

#[test]
fn known_open_licence_exits_0_with_id_openness_and_obligations() {
    let out = run(&["OGL v3", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["ok"], true);
    assert_eq!(v["licence"]["id"], "OGL-UK-3.0");
    assert_eq!(v["licence"]["spdx_id"], "OGL-UK-3.0");
    assert_eq!(v["licence"]["open"], true);
    assert_eq!(v["licence"]["obligations"]["attribution"], true);
    assert_eq!(v["licence"]["obligations"]["share_alike"], false);
    assert_eq!(v["matched_by"], "alias");
    assert_eq!(v["findings"].as_array().map(Vec::len), Some(0));
}

#[test]
fn words_are_joined_into_one_name() {
    let out = run(&["Open", "Government", "Licence", "v3.0"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("OGL-UK-3.0"), "{text}");
    assert!(text.contains("OK: a known open licence."), "{text}");
}

#[test]
fn not_open_and_unknown_exit_1() {
    let out = run(&["CC BY-NC 4.0", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["licence"]["id"], "CC-BY-NC-4.0");
    assert_eq!(v["licence"]["open"], false);
    assert_eq!(v["findings"][0]["code"], "licence.not-open");

    let out = run(&["Licence of the Moon", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert!(v["licence"].is_null());
    assert_eq!(v["matched_by"], "none");
    assert_eq!(v["findings"][0]["code"], "licence.unknown");
}

#[test]
fn compatible_inputs_exit_0_and_conflicts_exit_1() {
    let out = run(&["--compatible", "CC-BY-4.0", "ODbL", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["compatible"], true);
    assert_eq!(v["allowed"][0]["id"], "ODbL-1.0");
    assert_eq!(v["obligations"]["share_alike"], true);
    assert_eq!(v["inputs"][1]["licence"]["id"], "ODbL-1.0");

    let out = run(&["--compatible", "CC-BY-SA-4.0", "CC-BY-NC-4.0"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("NOT COMPATIBLE"), "{text}");

    let out = run(&[
        "--compatible",
        "CC-BY-4.0",
        "no such licence",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["error"]["code"], "licence.unknown-input");
}

#[test]
fn missing_text_is_a_usage_error() {
    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(run(&["CC0", "--format", "xml"]).status.code(), Some(2));
}
