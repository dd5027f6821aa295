//! `opendata check --pii --metadata`: structure, personal data and the catalogue record in
//! one report.

mod common;

use common::{opendata, stderr, stdout, temp_file};
use opendata::pii::{scan_csv, RuleSet, ScanOptions};
use opendata::table::{check_csv, CheckOptions, CsvReader};
use serde_json::Value;

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/data/housing-repairs.csv"
);
const SAMPLE_METADATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/data/housing-repairs.jsonld"
);

fn json(out: &std::process::Output) -> Value {
    serde_json::from_str(&stdout(out)).unwrap_or_else(|e| panic!("{e}: {}", stdout(out)))
}

fn codes(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn pii_findings_follow_the_structural_ones_and_equal_the_scan() {
    let out = opendata(&["check", SAMPLE, "--pii", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = json(&out);

    let bytes = std::fs::read(SAMPLE).unwrap();
    let structural = check_csv(bytes.as_slice(), &CheckOptions::default()).unwrap();
    let reader = CsvReader::from_bytes(bytes, &CheckOptions::default()).unwrap();
    let scan = scan_csv(
        &reader,
        &RuleSet::builtin().unwrap(),
        &ScanOptions::default(),
    )
    .unwrap();
    let mut expected: Vec<String> = structural.findings.iter().map(|f| f.code.clone()).collect();
    expected.extend(scan.findings.iter().map(|f| f.code.clone()));
    assert_eq!(codes(&report), expected);
    for code in [
        "pii.email-address",
        "pii.phone-number",
        "pii.uk-nino",
        "pii.person",
        "pii.date-of-birth",
        "pii.free-text",
    ] {
        assert!(expected.iter().any(|c| c == code), "{code} in {expected:?}");
    }
    let counts = &report["counts"];
    assert_eq!(
        counts["error"].as_u64().unwrap(),
        (structural.counts.error
            + scan
                .findings
                .iter()
                .filter(|f| f.severity == opendata::Severity::Error)
                .count() as u64)
    );
    // Masked examples only: no raw e-mail address reaches the output.
    assert!(!stdout(&out).contains("olivia.bennett@example.org"));
    assert!(stdout(&out).contains("o***@example.org"));
}

#[test]
fn without_pii_the_cli_report_is_the_api_report_and_says_what_was_skipped() {
    let out = opendata(&["check", SAMPLE, "--format", "json"]);
    let bytes = std::fs::read(SAMPLE).unwrap();
    let api = check_csv(bytes.as_slice(), &CheckOptions::default()).unwrap();
    assert_eq!(stdout(&out).trim_end(), api.to_json());
    let text = opendata(&["check", SAMPLE]);
    assert!(stdout(&text).contains("personal data not scanned: add --pii"));
    let scanned = opendata(&["check", SAMPLE, "--pii"]);
    assert!(!stdout(&scanned).contains("personal data not scanned"));
    assert!(stdout(&scanned).contains("pii.uk-nino"));
}

#[test]
fn pii_scan_reads_standard_input_too() {
    let csv = "id,contact\n1,ada@example.org\n2,bob@example.net\n3,cy@example.com\n";
    let path = temp_file("stdin-pii.csv", csv.as_bytes());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_opendata"))
        .args(["check", "-", "--pii", "--format", "json"])
        .stdin(std::fs::File::open(&path).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(codes(&report), ["pii.email-address"]);
    assert_eq!(report["findings"][0]["location"]["column"], 2);
}

#[test]
fn a_file_that_is_not_a_table_is_reported_not_scanned() {
    let path = temp_file("binary.csv", &[0u8, 159, 146, 150, 0, 1, 2, 3]);
    let out = opendata(&["check", path.to_str().unwrap(), "--pii", "--format", "json"]);
    let report = json(&out);
    let found = codes(&report);
    assert!(found.iter().all(|c| !c.starts_with("pii.")), "{found:?}");
    assert!(!found.is_empty());
}

#[test]
fn metadata_is_validated_and_its_checksum_compared_with_the_file() {
    let out = opendata(&[
        "check",
        SAMPLE,
        "--metadata",
        SAMPLE_METADATA,
        "--format",
        "json",
    ]);
    let report = json(&out);
    let found = codes(&report);
    // The sample's licence forbids commercial use; its checksum is the file's.
    assert!(found.contains(&"licence.not-open".to_owned()), "{found:?}");
    assert!(!found.iter().any(|c| c.starts_with("metadata.checksum")));

    // The same record against a changed file: the checksum no longer matches.
    let mut changed = std::fs::read(SAMPLE).unwrap();
    changed.extend_from_slice(b"R-1013,Extra Row,x@example.org,,,,,,,,,\n");
    let changed = temp_file("housing-repairs-changed.csv", &changed);
    let out = opendata(&[
        "check",
        changed.to_str().unwrap(),
        "--metadata",
        SAMPLE_METADATA,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let found = codes(&json(&out));
    assert!(
        found.contains(&"metadata.checksum.mismatch".to_owned()),
        "{found:?}"
    );
}

#[test]
fn unreadable_metadata_or_rules_exit_2_naming_the_file() {
    let out = opendata(&["check", SAMPLE, "--metadata", "/no/such/record.jsonld"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/no/such/record.jsonld"),
        "{}",
        stderr(&out)
    );

    let rules = temp_file(
        "bad-rules.json",
        br#"[{"id": "staff", "entity": "STAFF_NUMBER", "patterns": ["(unclosed"]}]"#,
    );
    let out = opendata(&["check", SAMPLE, "--rules", rules.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(stderr(&out).contains("staff"), "{}", stderr(&out));
}
