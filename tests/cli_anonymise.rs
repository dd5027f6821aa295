//! `opendata anonymise`, `risk` and `policy suggest` as a user runs them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const KEY: &str = "cli-test-key-0123456789";

const PEOPLE: &str = "id,name,email,dob,postcode,sex,notes\n\
1,Ann Lee,ann@example.org,1980-05-31,SW1A 1AA,F,Call ann@example.org today\n\
2,Bob Roe,bob@example.org,31/12/1975,SW1A 2BB,M,no issues\n\
3,Cy Poe,cy@example.org,1990-01-15,M1 1AE,M,\n\
4,Di Doe,di@example.org,1985-07-04,M1 2AB,F,fine\n";

const POLICY: &str = r#"
[columns.name]
action = "drop"
[columns.email]
action = "pseudonym"
[columns.dob]
action = "age-band"
reference_date = "2025-01-01"
[columns.postcode]
action = "postcode"
level = "district"
[columns.notes]
action = "text-spans"
patterns = { EMAIL_ADDRESS = '\S+@\S+' }
"#;

/// `opendata anonymise INPUT --policy POLICY -o OUT --key-env ODK --format json EXTRA...`
fn anonymise_json(input: &str, policy: &str, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "anonymise",
        input,
        "--policy",
        policy,
        "-o",
        out.to_str().unwrap(),
        "--key-env",
        "ODK",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    opendata(&args, &[("ODK", KEY)])
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("opendata-anon-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(d: &Path, name: &str, text: &str) -> String {
    let p = d.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_owned()
}

fn opendata(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_opendata"));
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("the opendata binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Only the input and policy are left in the folder: no output, no temporary file.
fn assert_no_output(d: &Path) {
    let mut names: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["in.csv", "p.toml"]);
}

#[test]
fn anonymise_writes_the_policy_result() {
    let d = dir("ok");
    let input = write(&d, "in.csv", PEOPLE);
    let policy = write(&d, "p.toml", POLICY);
    let out = d.join("out.csv");
    let o = anonymise_json(&input, &policy, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let csv = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "id,email,dob,postcode,sex,notes");
    assert!(
        lines[1].ends_with(",40-49,SW1A,F,Call <EMAIL_ADDRESS> today"),
        "{}",
        lines[1]
    );
    assert!(
        !csv.contains("example.org") && !csv.contains("Ann"),
        "{csv}"
    );
    assert!(!text(&o.stdout).contains(KEY));
    let report: serde_json::Value = serde_json::from_str(&text(&o.stdout)).unwrap();
    assert_eq!(report["rows_out"], 4);
    assert_eq!(report["columns"][1]["action"], "drop");

    // Same key: byte-identical output.
    let again = d.join("again.csv");
    let o = opendata(
        &[
            "anonymise",
            &input,
            "--policy",
            &policy,
            "-o",
            again.to_str().unwrap(),
            "--key-env",
            "ODK",
        ],
        &[("ODK", KEY)],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&again).unwrap());
}

#[test]
fn bad_input_fails_before_any_output_is_written() {
    /// CSV, policy, environment, expected message.
    type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)], &'a str);
    let cases: &[Case] = &[
        (PEOPLE, POLICY, &[], "no key was given"),
        (
            PEOPLE,
            "[columns.phone]\naction = \"drop\"\n",
            &[],
            "unknown column `phone`",
        ),
        (
            PEOPLE,
            "[columns.name]\naction = \"postcode\"\nlevel = \"area\"\n",
            &[],
            "does not fit column `name`",
        ),
        (
            PEOPLE,
            "[privacy]\nquasi_identifiers = [\"sex\"]\nk = 5\n",
            &[],
            "k = 5 is larger than the 4 records",
        ),
        (
            PEOPLE,
            "[columns.email]\naction = \"pseudonym\"\n",
            &[("ODK", "short")],
            "at least 16",
        ),
        // A broken row in the middle: the output was being written, and is removed.
        (
            "a,b\n1,2\n3\n",
            "[columns.a]\naction = \"redact\"\n",
            &[],
            "row 3",
        ),
    ];
    for (i, (csv, policy_text, env, message)) in cases.iter().enumerate() {
        let d = dir(&format!("bad{i}"));
        let input = write(&d, "in.csv", csv);
        let policy = write(&d, "p.toml", policy_text);
        let out = d.join("out.csv");
        let mut args = vec![
            "anonymise",
            &input,
            "--policy",
            &policy,
            "-o",
            out.to_str().unwrap(),
        ];
        if !env.is_empty() {
            args.extend(["--key-env", "ODK"]);
        }
        let o = opendata(&args, env);
        assert_eq!(o.status.code(), Some(2), "case {i}: {}", text(&o.stdout));
        assert!(
            text(&o.stderr).contains(message),
            "case {i}: {}",
            text(&o.stderr)
        );
        assert_no_output(&d);
    }
}

#[test]
fn missing_key_variable_is_a_usage_error() {
    let d = dir("nokey");
    let input = write(&d, "in.csv", PEOPLE);
    let policy = write(&d, "p.toml", POLICY);
    let o = opendata(
        &[
            "anonymise",
            &input,
            "--policy",
            &policy,
            "-o",
            d.join("o.csv").to_str().unwrap(),
            "--key-env",
            "OPENDATA_TEST_UNSET_VAR",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("OPENDATA_TEST_UNSET_VAR"),
        "{}",
        text(&o.stderr)
    );
    assert_no_output(&d);
}

#[test]
fn enforcement_runs_two_passes_over_the_file() {
    let mut csv = String::from("age,sex,score\n");
    for i in 0..40 {
        csv.push_str(&format!(
            "{},{},{}\n",
            20 + i,
            if i % 2 == 0 { "F" } else { "M" },
            i * 7
        ));
    }
    let d = dir("kanon");
    let input = write(&d, "in.csv", &csv);
    let policy = write(
        &d,
        "p.toml",
        "[privacy]\nquasi_identifiers = [\"age\", \"sex\"]\nk = 5\n[privacy.hierarchies.age]\nkind = \"age\"\nbands = [5, 10, 20]\n",
    );
    let out = d.join("out.csv");
    let o = opendata(
        &[
            "anonymise",
            &input,
            "--policy",
            &policy,
            "-o",
            out.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let risk = opendata(
        &[
            "risk",
            out.to_str().unwrap(),
            "--quasi",
            "age,sex",
            "--k",
            "5",
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(risk.status.code(), Some(0), "{}", text(&risk.stdout));
    let r: serde_json::Value = serde_json::from_str(&text(&risk.stdout)).unwrap();
    assert!(r["smallest_class"].as_u64().unwrap() >= 5);
    assert_eq!(r["records"], 40);
}

#[test]
fn risk_reports_unique_records_and_exits_1() {
    let d = dir("risk");
    let input = write(&d, "in.csv", PEOPLE);
    let o = opendata(
        &[
            "risk",
            &input,
            "--quasi",
            "sex,postcode",
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let r: serde_json::Value = serde_json::from_str(&text(&o.stdout)).unwrap();
    assert_eq!(r["unique_records"], 4);
    assert_eq!(r["prosecutor"]["highest"], 1.0);
    assert_eq!(
        r["report"]["findings"][0]["code"],
        "anonymise.records-below-k"
    );
    let o = opendata(&["risk", &input, "--quasi", "sex", "--k", "2"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    assert!(
        text(&o.stdout).contains("2-anonymous"),
        "{}",
        text(&o.stdout)
    );
    let o = opendata(&["risk", &input, "--quasi", "nope"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("unknown column `nope`"));
}

#[test]
fn suggested_policy_is_usable_as_is() {
    let d = dir("suggest");
    let input = write(&d, "in.csv", PEOPLE);
    let o = opendata(&["policy", "suggest", &input], &[]);
    assert_eq!(o.status.code(), Some(0));
    let toml = text(&o.stdout);
    assert!(toml.starts_with("# Suggested"), "{toml}");
    assert!(toml.contains("from a scan of every cell"), "{toml}");
    // k = 5 on 4 rows cannot be met: the suggestion says so, and anonymise refuses it.
    assert!(
        toml.contains(
            "# The file has 4 rows, fewer than k = 5: `opendata anonymise` refuses this policy."
        ),
        "{toml}"
    );
    let refused = d.join("refused.csv");
    let o = anonymise_json(&input, &write(&d, "suggested.toml", &toml), &refused, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr)
            .contains("k = 5 is larger than the 4 records of the table: no row-level release"),
        "{}",
        text(&o.stderr)
    );
    assert!(!refused.exists());
    // Without the privacy section the rest runs.
    let without_privacy = toml.split("[privacy]").next().unwrap().to_owned();
    let out = d.join("out.csv");
    let o = anonymise_json(&input, &write(&d, "p.toml", &without_privacy), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(
        !csv.contains("example.org") && !csv.contains("Bob"),
        "{csv}"
    );
    let o = opendata(&["policy", "suggest", &input, "--format", "json"], &[]);
    let v: serde_json::Value = serde_json::from_str(&text(&o.stdout)).unwrap();
    let email = v["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["column"] == "email")
        .unwrap();
    assert_eq!(email["basis"], "scan");
    assert_eq!(email["entity"], "EMAIL_ADDRESS");
}

/// Columns whose names say nothing: only a scan of the cells finds what they hold.
const DISGUISED: &str = "ref,field_a,field_b,comment\n\
1,ann@example.org,QQ123456C,Spoke to Jane Smith on 07700 900123\n\
2,bob@example.net,AB123456C,boiler fixed\n\
3,cy@example.com,JG103745A,Call Peter Jones back on 020 7946 0018\n\
4,di@example.org,KP228163B,ok\n\
5,ed@example.net,HL550291C,no access\n";

#[test]
fn suggest_finds_personal_columns_by_their_cells_not_their_names() {
    let d = dir("suggest-scan");
    let input = write(&d, "in.csv", DISGUISED);
    let o = opendata(&["policy", "suggest", &input, "--format", "json"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(&text(&o.stdout)).unwrap();
    let reason = |column: &str| {
        v["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["column"] == column)
            .cloned()
            .unwrap_or_else(|| panic!("no rule for {column}: {v}"))
    };
    assert_eq!(reason("field_a")["entity"], "EMAIL_ADDRESS");
    assert_eq!(reason("field_a")["basis"], "scan");
    assert_eq!(reason("field_b")["entity"], "UK_NINO");
    assert_eq!(v["policy"]["columns"]["field_b"]["action"], "drop");
    assert_eq!(reason("comment")["entity"], "FREE_TEXT");
    assert!(v["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["column"] != "ref"));
}

#[test]
fn entity_rules_and_free_text_use_the_scan_and_the_pii_engine() {
    let d = dir("entities");
    let input = write(&d, "in.csv", DISGUISED);
    let policy = write(
        &d,
        "p.toml",
        "[entities.EMAIL_ADDRESS]\naction = \"pseudonym\"\n\
         [columns.comment]\naction = \"text-spans\"\n",
    );
    let out = d.join("out.csv");
    let o = anonymise_json(&input, &policy, &out, &[]);
    let csv = std::fs::read_to_string(&out).unwrap();
    // The e-mail column is found by its cells and pseudonymised; names and phone numbers
    // in the free text are replaced by the PII engine's spans.
    assert!(
        !csv.contains("example.org") && !csv.contains("example.net"),
        "{csv}"
    );
    assert!(csv.contains("Spoke to <PERSON> on <PHONE_NUMBER>"), "{csv}");
    assert!(csv.contains("boiler fixed"), "{csv}");
    // The NI numbers have no rule: kept, and the report says so.
    assert!(csv.contains("JG103745A"));
    let report: serde_json::Value = serde_json::from_str(&text(&o.stdout)).unwrap();
    let kept: Vec<&serde_json::Value> = report["report"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "anonymise.personal-column-kept")
        .collect();
    assert_eq!(kept.len(), 1, "{report}");
    assert!(kept[0]["message"].as_str().unwrap().contains("field_b"));

    // Without the scan the entity rule has nothing to go on: the e-mails stay.
    anonymise_json(&input, &policy, &out, &["--no-scan"]);
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.contains("ann@example.org"), "{csv}");
}

#[test]
fn risk_refuses_k_zero() {
    let d = dir("k0");
    let input = write(&d, "in.csv", PEOPLE);
    let o = opendata(&["risk", &input, "--quasi", "sex", "--k", "0"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert_eq!(
        text(&o.stderr),
        "opendata: --k must be at least 1 (the smallest class size that counts as safe)\n"
    );
}

#[test]
fn numbers_with_a_decimal_comma_round_and_coordinates_too() {
    let d = dir("decimal-comma");
    let input = write(
        &d,
        "in.csv",
        "id;Bedrag;Lat\n1;1.234,56;51,50722\n2;7,5;52,12345\n3;12;48,85661\n",
    );
    let policy = write(
        &d,
        "p.toml",
        "[columns.Bedrag]\naction = \"round\"\nto = 10\n[columns.Lat]\naction = \"coordinates\"\ndecimals = 2\n",
    );
    let out = d.join("out.csv");
    let o = opendata(
        &[
            "anonymise",
            &input,
            "--policy",
            &policy,
            "-o",
            out.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "id,Bedrag,Lat\r\n1,1230,51.51\r\n2,10,52.12\r\n3,10,48.86\r\n"
    );
}

/// Spreadsheet exports end in rows of bare commas; such blank rows carry nothing and
/// cannot shift a cell, so they are left out of the copy instead of refusing the file.
#[test]
fn blank_rows_are_left_out_of_the_copy() {
    let d = dir("blank-rows");
    let input = write(
        &d,
        "in.csv",
        "id,email\n1,ann@example.org\n,\n2,bob@example.org\n,\n,\n",
    );
    let policy = write(&d, "p.toml", "[columns.email]\naction = \"redact\"\n");
    let out = d.join("out.csv");
    let o = anonymise_json(&input, &policy, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["rows_in"], 2);
    assert_eq!(report["rows_out"], 2);
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "id,email\r\n1,[REDACTED]\r\n2,[REDACTED]\r\n"
    );
    // The check still reports them.
    let check = opendata(&["check", &input, "--format", "json"], &[]);
    assert!(text(&check.stdout).contains("\"blank-row\""));
}
