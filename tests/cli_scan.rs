//! `opendata scan` as a user runs it: exit codes, JSON verdicts, rule errors.

mod common;

use common::{opendata, temp_file};

const PEOPLE: &str = "id,contact,account,age,amount\n\
1,jane.smith@example.org,GB82 WEST 1234 5698 7654 32,34,12.50\n\
2,j.obrien@example.ie,DE89370400440532013000,71,1200.00\n\
3,maria.rossi@example.it,FR1420041010050500013M02606,45,99.99\n";

#[test]
fn json_has_one_entry_per_column_with_its_verdict_and_no_raw_value() {
    let path = temp_file("people.csv", PEOPLE.as_bytes());
    let out = opendata(&["scan", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let verdicts: Vec<&serde_json::Value> = json["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["verdict"])
        .collect();
    assert_eq!(
        verdicts,
        [
            &serde_json::Value::Null,
            &serde_json::json!("EMAIL_ADDRESS"),
            &serde_json::json!("IBAN_CODE"),
            &serde_json::Value::Null,
            &serde_json::Value::Null
        ]
    );
    assert_eq!(json["columns"][3]["quasi_identifiers"][0]["kind"], "AGE");
    assert!(
        !stdout.contains("jane.smith@example.org") && !stdout.contains("DE89370400440532013000")
    );
    assert!(stdout.contains("j***@example.org"));
}

#[test]
fn clean_file_exits_0() {
    let path = temp_file("clean.csv", b"region,amount\nNorth,12.5\nSouth,7\n");
    let out = opendata(&["scan", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("OK: no column holds personal data."));
}

#[test]
fn bad_rule_file_names_the_rule_and_exits_2() {
    let data = temp_file("d.csv", PEOPLE.as_bytes());
    let rules = temp_file(
        "rules.json",
        br#"[{"id":"acme.bad","entity":"X","patterns":["a"],"validator":"mod1000","confidence":0.5}]"#,
    );
    let out = opendata(&[
        "scan",
        data.to_str().unwrap(),
        "--rules",
        rules.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("acme.bad") && err.contains("unknown validator"),
        "{err}"
    );
}

/// The Unicode classes the rule error offers (when a rule uses a script class the
/// release builds lack) compile, whatever the case setting.
#[test]
fn the_unicode_classes_offered_to_rules_compile() {
    let data = temp_file("g.csv", PEOPLE.as_bytes());
    let offered = temp_file(
        "offered.json",
        br#"[{"id":"letters","entity":"X","patterns":["\\p{L}\\p{Lu}\\p{Ll}\\p{N}\\p{P}\\w\\d\\s\\b", "[\\u{0370}-\\u{03FF}]+"],"confidence":0.5,"case_insensitive":true}]"#,
    );
    let out = opendata(&[
        "scan",
        data.to_str().unwrap(),
        "--rules",
        offered.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn user_rules_are_applied() {
    let data = temp_file("staff.csv", b"staff,team\nACME-000123,a\nACME-004567,b\n");
    let rules = temp_file(
        "staff.json",
        br#"{"rules":[{"id":"acme.staff","entity":"STAFF_NUMBER","patterns":["ACME-[0-9]{6}"],"confidence":0.9}]}"#,
    );
    let out = opendata(&[
        "scan",
        data.to_str().unwrap(),
        "--rules",
        rules.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["columns"][0]["verdict"], "STAFF_NUMBER");
    assert_eq!(json["findings"][0]["code"], "pii.custom");
}

/// Long header names widen the name column, so every verdict starts at the same place.
#[test]
fn text_verdicts_line_up_after_long_header_names() {
    let csv = "id,adresse électronique du contact principal\n1,jane.smith@example.org\n2,j.obrien@example.ie\n";
    let path = temp_file("long-header.csv", csv.as_bytes());
    let out = opendata(&["scan", path.to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(lines.len(), 2, "{text}");
    // Where the verdict column starts, in characters.
    let verdict_at =
        |line: &str, verdict: &str| line.find(verdict).map(|byte| line[..byte].chars().count());
    assert_eq!(
        verdict_at(lines[0], "-"),
        verdict_at(lines[1], "EMAIL_ADDRESS"),
        "{text}"
    );
}
