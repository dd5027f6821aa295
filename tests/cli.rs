//! The `opendata` binary as a user runs it: exit codes, messages, and JSON equal to the API.

mod common;

use common::{infer_schema, opendata, stderr, stdout, temp_file};

use std::path::Path;

use opendata::table::{check_csv, CheckOptions};

/// `opendata check DATA --schema SCHEMA` passes.
fn assert_validates(data: &Path, schema: &Path) {
    let out = opendata(&[
        "check",
        data.to_str().unwrap(),
        "--schema",
        schema.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

/// The batches of `opendata convert DATA -o DATA.arrow`.
fn arrow_batches(data: &Path) -> Vec<arrow_array::RecordBatch> {
    let arrow = data.with_extension("arrow");
    let out = opendata(&[
        "convert",
        data.to_str().unwrap(),
        "-o",
        arrow.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let file = std::fs::File::open(&arrow).unwrap();
    let reader = arrow_ipc::reader::FileReader::try_new(file, None).unwrap();
    reader.map(Result::unwrap).collect()
}

#[test]
fn ragged_row_is_named_and_exits_1() {
    let path = temp_file("ragged.csv", b"a,b,c,d,e,f\n1,2,3,4,5,6\n1,2,3,4,5\n");
    let out = opendata(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("row 3: 5 cells, header has 6"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn clean_file_exits_0() {
    let path = temp_file("clean.csv", b"a,b\n1,2\n");
    let out = opendata(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("0 errors"));
}

#[test]
fn json_output_is_the_api_report() {
    let bytes = b"id;name\n1;Ada\n2\n\n";
    let path = temp_file("semi.csv", bytes);
    let out = opendata(&["check", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let expected = check_csv(&bytes[..], &CheckOptions::default()).unwrap();
    assert_eq!(stdout(&out).trim_end(), expected.to_json());
    let parsed: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(parsed["table"]["delimiter"], ";");
    assert_eq!(parsed["findings"][1]["code"], "ragged-row");
}

#[test]
fn missing_file_is_a_clear_error_with_exit_2() {
    let out = opendata(&["check", "/definitely/not/here.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        "opendata: /definitely/not/here.csv: no such file"
    );
}

#[test]
fn directory_is_a_clear_error_with_exit_2() {
    let dir = std::env::temp_dir();
    let out = opendata(&["check", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is a directory, not a file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn empty_and_binary_files_are_findings() {
    let empty = temp_file("empty.csv", b"");
    let out = opendata(&["check", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("empty-file"));

    let binary = temp_file("image.csv", b"GIF89a\x01\x00\x00\x00\xff");
    let out = opendata(&["check", binary.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let parsed: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(parsed["findings"][0]["code"], "binary-file");
    assert_eq!(parsed["findings"][0]["location"]["byte_offset"], 7);
}

#[test]
fn bad_options_exit_2() {
    let path = temp_file("opts.csv", b"a,b\n");
    let out = opendata(&["check", path.to_str().unwrap(), "--delimiter", "ab"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--delimiter takes one character"));
    let out = opendata(&["check", path.to_str().unwrap(), "--encoding", "klingon"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("invalid option `encoding`"),
        "{}",
        stderr(&out)
    );
    let out = opendata(&["check", path.to_str().unwrap(), "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn codes_doc_is_up_to_date() {
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/codes.md");
    let on_disk = std::fs::read_to_string(&doc).unwrap_or_default();
    assert_eq!(
        on_disk,
        opendata::report::codes_markdown(),
        "docs/codes.md is stale: run `cargo run -q -- codes --format markdown > docs/codes.md`"
    );
}

#[test]
fn sample_data_has_the_documented_findings() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/register-of-grants.csv");
    let out = opendata(&["check", sample.to_str().unwrap(), "--format", "json"]);
    let parsed: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let codes: Vec<&str> = parsed["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"ragged-row") && codes.contains(&"blank-row"),
        "{codes:?}"
    );
}

#[test]
fn inferred_schema_validates_its_own_file_and_catches_a_bad_one() {
    let mut csv = String::from("id,code,amount,born,at,flag,note\n");
    for i in 0..500 {
        csv.push_str(&format!(
            "{i},00{i},{}.25,{:02}/0{}/1990,2024-01-01T10:00:00Z,{},note {i}\n",
            i % 7,
            i % 28 + 1,
            i % 9 + 1,
            if i % 2 == 0 { "TRUE" } else { "false" }
        ));
    }
    let data = temp_file("infer.csv", csv.as_bytes());
    let (schema, inferred) = infer_schema(&data);
    let types: Vec<&str> = inferred["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        ["integer", "string", "number", "date", "datetime", "boolean", "string"]
    );
    assert_eq!(inferred["fields"][3]["format"], "%d/%m/%Y");

    assert_validates(&data, &schema);

    let bad = temp_file(
        "infer-bad.csv",
        csv.replace("\n3,003,", "\n3,003,three").as_bytes(),
    );
    let out = opendata(&[
        "check",
        bad.to_str().unwrap(),
        "--schema",
        schema.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let type_errors: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "type-error")
        .collect();
    assert_eq!(type_errors.len(), 1);
    assert_eq!(type_errors[0]["location"]["row"], 5);
    assert_eq!(type_errors[0]["location"]["field"], "amount");
}

#[test]
fn a_broken_schema_is_refused_with_exit_2() {
    let data = temp_file("s.csv", b"a\n1\n");
    let schema = temp_file(
        "broken.schema.json",
        br#"{"fields": [{"name": "a", "type": "integr"}]}"#,
    );
    let out = opendata(&[
        "check",
        data.to_str().unwrap(),
        "--schema",
        schema.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("integr"), "{}", stderr(&out));
}

#[test]
fn numbers_with_a_decimal_comma_are_numbers_with_their_notation() {
    let mut csv = String::from("Gemeente;Bedrag;Anzahl\n");
    for i in 0..300u32 {
        // 1.234,56-style amounts, some under a thousand (`7,50`), one plain integer.
        let cents = i * 123_457 % 10_000_000;
        let (whole, part) = (cents / 100, cents % 100);
        let amount = if i == 7 {
            "12".to_owned()
        } else if whole >= 1000 {
            format!("{}.{:03},{part:02}", whole / 1000, whole % 1000)
        } else {
            format!("{whole},{part:02}")
        };
        csv.push_str(&format!("Ort {i};{amount};{}\n", i % 40));
    }
    let data = temp_file("decimal-comma.csv", csv.as_bytes());
    let (schema, inferred) = infer_schema(&data);
    let amount = &inferred["fields"][1];
    assert_eq!(
        (
            &amount["type"],
            &amount["decimalChar"],
            &amount["groupChar"]
        ),
        (
            &serde_json::json!("number"),
            &serde_json::json!(","),
            &serde_json::json!(".")
        )
    );
    assert_eq!(inferred["fields"][2]["type"], "integer");

    // The inferred schema reads every value of its own file; a word among the amounts is a
    // type error at its row.
    assert_validates(&data, &schema);
    let bad = temp_file(
        "decimal-comma-bad.csv",
        csv.replacen("Ort 3;", "Ort 3;viel", 1).as_bytes(),
    );
    let out = opendata(&[
        "check",
        bad.to_str().unwrap(),
        "--schema",
        schema.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let type_errors: Vec<(&serde_json::Value, &serde_json::Value)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "type-error")
        .map(|f| (&f["location"]["row"], &f["location"]["field"]))
        .collect();
    assert_eq!(
        type_errors,
        [(&serde_json::json!(5), &serde_json::json!("Bedrag"))]
    );
}

#[test]
fn an_excel_sep_line_and_title_rows_above_the_header_are_skipped() {
    let csv = "SEP=;\nRepairs register 2024\n\nid;name;cost\n1;Ada;7,5\n2;Bob;12\n3;Cy;1.234,5\n";
    let report = check_csv(csv.as_bytes(), &CheckOptions::default()).unwrap();
    let found: Vec<(&str, Option<u64>)> = report
        .findings
        .iter()
        .map(|f| (f.code.as_str(), f.location.row))
        .collect();
    assert_eq!(
        found,
        [
            ("non-comma-delimiter", None),
            ("excel-sep-line", Some(1)),
            ("title-row", Some(2)),
            ("blank-row", Some(3)),
        ]
    );
    let reader =
        opendata::table::CsvReader::from_bytes(csv.as_bytes().to_vec(), &CheckOptions::default())
            .unwrap();
    let schema = reader.table_schema().unwrap();
    let names: Vec<&str> = schema.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["id", "name", "cost"]);
    assert_eq!(schema.fields[2].decimal_char, Some(','));
}

#[test]
fn spreadsheet_date_times_are_date_times_with_their_pattern() {
    let mut csv = String::from("ref,received,closed,created_date\n");
    for i in 0..120u32 {
        let (day, month) = (i % 28 + 1, i % 12 + 1);
        csv.push_str(&format!(
            "R{i},{day:02}/{month:02}/2024 {:02}:{:02},{day:02}.{month:02}.2024 {:02}:{:02}:{:02},\
             {month:02}/{day:02}/2024 {:02}:{:02}:00 {}\n",
            i % 24,
            i % 60,
            (i + 3) % 24,
            (i * 7) % 60,
            (i * 13) % 60,
            i % 12 + 1,
            (i * 11) % 60,
            if i % 3 == 0 { "AM" } else { "PM" }
        ));
    }
    let data = temp_file("spreadsheet-datetimes.csv", csv.as_bytes());
    let (schema, inferred) = infer_schema(&data);
    let fields: Vec<(&str, &str)> = inferred["fields"]
        .as_array()
        .unwrap()
        .iter()
        .skip(1)
        .map(|f| (f["type"].as_str().unwrap(), f["format"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            ("datetime", "%d/%m/%Y %H:%M"),
            ("datetime", "%d.%m.%Y %H:%M:%S"),
            ("datetime", "%m/%d/%Y %I:%M:%S %p")
        ]
    );
    assert_validates(&data, &schema);
    // A value in another pattern is a type error at its row.
    let bad = temp_file(
        "spreadsheet-datetimes-bad.csv",
        csv.replacen("R5,", "R5,x", 1).as_bytes(),
    );
    let out = opendata(&[
        "check",
        bad.to_str().unwrap(),
        "--schema",
        schema.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rows: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "type-error")
        .map(|f| &f["location"]["row"])
        .collect();
    assert_eq!(rows, [&serde_json::json!(7)]);
}

#[test]
fn spend_amounts_with_groups_and_pound_signs_are_numbers() {
    let mut csv = String::from("supplier,net,gross,vat_rate\n");
    for i in 0..200u32 {
        let pence = i * 98_765 % 5_000_000;
        let (pounds, part) = (pence / 100, pence % 100);
        let grouped = if pounds >= 1000 {
            format!("{},{:03}.{part:02}", pounds / 1000, pounds % 1000)
        } else {
            format!("{pounds}.{part:02}")
        };
        csv.push_str(&format!("S{i},\"{grouped}\",\"£{grouped}\",{}%\n", i % 20));
    }
    let data = temp_file("spend.csv", csv.as_bytes());
    let (schema, inferred) = infer_schema(&data);
    let fields = &inferred["fields"];
    assert_eq!(
        fields[1],
        serde_json::json!({"name": "net", "type": "number", "groupChar": ","})
    );
    assert_eq!(
        fields[2],
        serde_json::json!({"name": "gross", "type": "number", "groupChar": ",", "bareNumber": false})
    );
    assert_eq!(
        fields[3],
        serde_json::json!({"name": "vat_rate", "type": "number", "bareNumber": false})
    );
    assert_validates(&data, &schema);

    // The Arrow copy holds the amounts' values.
    let batches = arrow_batches(&data);
    use arrow_array::cast::AsArray;
    use arrow_array::types::Float64Type;
    let gross = batches[0].column(2).as_primitive::<Float64Type>();
    let net = batches[0].column(1).as_primitive::<Float64Type>();
    assert_eq!(gross.values(), net.values());
    // Row 1 (i = 1): 98,765 pence.
    assert_eq!(gross.value(1), 987.65);
}

/// French spreadsheets group thousands with a no-break space (byte A0 in windows-1252) and
/// put one before the euro sign.
#[test]
fn amounts_grouped_by_no_break_spaces_are_numbers() {
    let mut csv = String::from("commune;montant;prix\n");
    for i in 0..200u32 {
        let cents = i * 98_765 % 5_000_000;
        let (euros, part) = (cents / 100, cents % 100);
        let written = if euros >= 1000 {
            format!("{}\u{a0}{:03},{part:02}", euros / 1000, euros % 1000)
        } else {
            format!("{euros},{part:02}")
        };
        csv.push_str(&format!("Ville {i};{written};{written}\u{a0}€\n"));
    }
    // In windows-1252 the no-break space is A0 and the euro sign 80; the rest is ASCII.
    let bytes: Vec<u8> = csv
        .chars()
        .map(|c| match c {
            '\u{a0}' => 0xA0,
            '€' => 0x80,
            c => c as u8,
        })
        .collect();
    let data = temp_file("montants.csv", &bytes);
    let (schema, inferred) = infer_schema(&data);
    assert_eq!(
        inferred["fields"][1],
        serde_json::json!({"name": "montant", "type": "number", "decimalChar": ",", "groupChar": "\u{a0}"})
    );
    assert_eq!(
        inferred["fields"][2],
        serde_json::json!({"name": "prix", "type": "number", "decimalChar": ",", "groupChar": "\u{a0}", "bareNumber": false})
    );
    assert_validates(&data, &schema);

    let batches = arrow_batches(&data);
    use arrow_array::cast::AsArray;
    use arrow_array::types::Float64Type;
    let montant = batches[0].column(1).as_primitive::<Float64Type>();
    let prix = batches[0].column(2).as_primitive::<Float64Type>();
    assert_eq!(montant.values(), prix.values());
    // Row i = 20: 1,975,300 cents, written `19 753,00`.
    assert_eq!(montant.value(20), 19753.0);
}

/// Finance systems (Oracle's `DD-MON-YYYY`) and spreadsheets write dates with the month's
/// name; they are dates with a strptime format that reads them back.
#[test]
fn dates_with_a_month_name_are_dates() {
    const MONTHS: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut csv = String::from("transaction,paid_on,date_of_birth\n");
    for i in 0..120usize {
        let (day, month) = (i % 28 + 1, i % 12);
        csv.push_str(&format!(
            "T{i},{day:02}-{}-2024,{day} {} {}\n",
            MONTHS[month],
            NAMES[month],
            1950 + i % 40
        ));
    }
    let data = temp_file("paid-on.csv", csv.as_bytes());
    let (schema, inferred) = infer_schema(&data);
    assert_eq!(
        inferred["fields"][1],
        serde_json::json!({"name": "paid_on", "type": "date", "format": "%d-%b-%Y"})
    );
    assert_eq!(
        inferred["fields"][2],
        serde_json::json!({"name": "date_of_birth", "type": "date", "format": "%d %B %Y"})
    );
    assert_validates(&data, &schema);

    let batches = arrow_batches(&data);
    use arrow_array::cast::AsArray;
    use arrow_array::types::Date32Type;
    let paid_on = batches[0].column(1).as_primitive::<Date32Type>();
    // Row i = 3: 04-APR-2024, 19,817 days after 1970-01-01.
    assert_eq!(paid_on.value(3), 19_817);

    // The scan reads the worded dates of birth as dates.
    let out = opendata(&["scan", data.to_str().unwrap(), "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["columns"][2]["verdict"], "DATE_OF_BIRTH");
    assert_eq!(report["columns"][2]["data_type"], "Date32");
}

/// Times as spreadsheets and US portals write them (`2:30 PM`) are times with a strptime
/// format that reads them back.
#[test]
fn times_with_am_pm_are_times() {
    let mut csv = String::from("incident,reported_at\n");
    for i in 0..100u32 {
        let (hour, minute) = (i % 12 + 1, i * 7 % 60);
        let meridiem = if i % 2 == 0 { "AM" } else { "PM" };
        csv.push_str(&format!("I{i},{hour}:{minute:02} {meridiem}\n"));
    }
    let data = temp_file("reported-at.csv", csv.as_bytes());
    let (schema, inferred) = infer_schema(&data);
    assert_eq!(
        inferred["fields"][1],
        serde_json::json!({"name": "reported_at", "type": "time", "format": "%I:%M %p"})
    );
    assert_validates(&data, &schema);

    let batches = arrow_batches(&data);
    use arrow_array::cast::AsArray;
    use arrow_array::types::Time64MicrosecondType;
    let times = batches[0].column(1).as_primitive::<Time64MicrosecondType>();
    // Row i = 1: 2:07 PM is 14:07.
    assert_eq!(times.value(1), (14 * 60 + 7) * 60 * 1_000_000);
    // Row i = 11: 12:17 PM is 12:17.
    assert_eq!(times.value(11), (12 * 60 + 17) * 60 * 1_000_000);
}
