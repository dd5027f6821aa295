//! `opendata anonymise` reads the table once for the column scan and the anonymiser
//! together, with parsing on a read-ahead thread. These tests hold it to the two-pass
//! path it replaced (scan the whole table, then anonymise it batch by batch on one
//! thread): the same output bytes and the same report, on generated data spanning several
//! batches.

use std::sync::Arc;

use opendata::anonymise::{Anonymiser, Context, Key, Policy, Seed};
use opendata::pii::{scan_csv, RuleSet, ScanOptions, TextDetector};
use opendata::table::{CheckOptions, CsvReader, CsvWriter};

const KEY: &str = "paths-test-key-0123456789";
const SEED: &str = "paths-test-seed";

const POLICY: &str = r#"
[columns.name]
action = "drop"
[columns.email]
action = "pseudonym"
[columns.dob]
action = "age-band"
reference_date = "2025-01-01"
width = 10
top = 90
[columns.postcode]
action = "postcode"
level = "district"
[columns.ref]
action = "random-token"
[columns.notes]
action = "text-spans"
"#;

/// A deterministic table of `rows` records: people, dates, money, date-times, booleans,
/// quoted free text with e-mail addresses and phone numbers, blanks and non-ASCII text.
fn table(rows: usize) -> String {
    let first = ["Ann", "Bob", "Chloé", "Dev", "Zoë", "Siân", "Hugo", "Isla"];
    let last = ["Smith", "Jones", "Müller", "O'Brien", "Patel", "García"];
    let notes = [
        "no further action",
        "\"called back on 07700 900{n:03}, then wrote\"",
        "\"asked for letters to {mail} instead of post\"",
        "",
        "\"visit on monday; said \"\"fine\"\"\"",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out = String::from("id,ref,name,email,dob,postcode,amount,opened_at,closed,notes\n");
    for i in 0..rows {
        let f = first[(next() % 8) as usize];
        let l = last[(next() % 6) as usize];
        let mail = format!(
            "{}.{}{}@example.org",
            f.to_lowercase(),
            l.len(),
            next() % 100
        );
        let note = notes[(next() % 5) as usize]
            .replace("{n:03}", &format!("{:03}", next() % 1000))
            .replace("{mail}", &mail);
        let dob = if next() % 50 == 0 {
            String::new()
        } else {
            format!(
                "{}-{:02}-{:02}",
                1920 + next() % 95,
                1 + next() % 12,
                1 + next() % 28
            )
        };
        out.push_str(&format!(
            "{i},{:06},{f} {l},{mail},{dob},SW{} {}AB,{}.{:02},2024-{:02}-{:02}T{:02}:{:02}:00Z,{},{note}\n",
            next() % 1_000_000,
            1 + next() % 20,
            1 + next() % 9,
            next() % 100_000,
            next() % 100,
            1 + next() % 12,
            1 + next() % 28,
            next() % 24,
            next() % 60,
            next() % 2 == 0,
        ));
    }
    out
}

/// The path before the single pass: the scan over the whole table first, its entities
/// given to the anonymiser, then every batch anonymised and written on this thread.
fn two_pass(csv: &[u8], policy: &Policy) -> (Vec<u8>, serde_json::Value) {
    let options = CheckOptions::default();
    let table = CsvReader::from_bytes(csv.to_vec(), &options).unwrap();
    let rules = RuleSet::builtin().unwrap();
    let entities = scan_csv(&table, &rules, &ScanOptions::default())
        .unwrap()
        .column_entities();
    let context = Context::new()
        .with_key(Key::new(KEY.as_bytes().to_vec()).unwrap())
        .with_seed(Seed::from_bytes(SEED.as_bytes()))
        .with_entities(entities)
        .with_detector(Arc::new(TextDetector::new(rules, ScanOptions::default())));
    let mut a = Anonymiser::new(&table.schema(), policy, &context).unwrap();
    let mut w = CsvWriter::new(Vec::new(), &a.output_schema()).unwrap();
    for b in table.batches().unwrap() {
        w.write(&a.apply(&b.unwrap()).unwrap()).unwrap();
    }
    (
        w.finish().unwrap(),
        serde_json::to_value(a.report()).unwrap(),
    )
}

#[test]
fn single_pass_cli_matches_the_two_pass_path() {
    // More rows than one batch (64 Ki), so the read-ahead and the scan thread hand over
    // several batches.
    let csv = table(70_000);
    let dir = std::env::temp_dir().join(format!("opendata-paths-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("in.csv");
    let policy_path = dir.join("policy.toml");
    let output = dir.join("out.csv");
    std::fs::write(&input, &csv).unwrap();
    std::fs::write(&policy_path, POLICY).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_opendata"))
        .args([
            "anonymise",
            input.to_str().unwrap(),
            "--policy",
            policy_path.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
            "--key-env",
            "PATHS_KEY",
            "--seed-env",
            "PATHS_SEED",
            "--format",
            "json",
        ])
        .env("PATHS_KEY", KEY)
        .env("PATHS_SEED", SEED)
        .output()
        .unwrap();
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let policy = Policy::from_toml(POLICY).unwrap();
    let (bytes, report) = two_pass(csv.as_bytes(), &policy);
    let got = std::fs::read(&output).unwrap();
    assert!(
        got == bytes,
        "the CLI output differs from the two-pass output"
    );
    let got_report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(got_report, report);
    // The scan found what the report should name, so the comparison means something.
    assert_eq!(report["columns"][2]["entity"], "PERSON");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn late_entities_are_refused_when_the_policy_rules_by_entity() {
    let csv = table(20);
    let table = CsvReader::from_bytes(csv.into_bytes(), &CheckOptions::default()).unwrap();
    let policy = Policy::from_toml("[entities.PERSON]\naction = \"drop\"\n").unwrap();
    let mut a = Anonymiser::new(&table.schema(), &policy, &Context::new()).unwrap();
    let entities = [("name".to_owned(), "PERSON".to_owned())].into();
    let e = a.note_entities(&entities).unwrap_err();
    assert_eq!(e.code(), "anonymise.invalid-policy");
}
