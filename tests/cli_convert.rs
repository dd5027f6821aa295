//! `opendata convert`: normalised CSV and typed Arrow IPC out of any CSV `check` reads.

mod common;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int64Type};
use arrow_schema::DataType;
use common::{opendata, stderr, temp_file};
use std::path::Path;
use std::process::Output;

fn convert(input: &Path, output: &Path) -> Output {
    opendata(&[
        "convert",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ])
}

/// Windows-1252, semicolons, a leading-zero code, a decimal comma-free amount.
fn latin1_register() -> Vec<u8> {
    let mut bytes = b"id;code;name;amount\r\n".to_vec();
    bytes.extend_from_slice(b"1;007;Fran\xe7ois;12.5\r\n");
    bytes.extend_from_slice(b"2;042;Zo\xeb;3\r\n");
    bytes
}

#[test]
fn csv_out_is_utf8_comma_separated_and_keeps_every_value() {
    let input = temp_file("convert-in.csv", &latin1_register());
    let output = input.with_file_name("convert-out.csv");
    let out = convert(&input, &output);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&output).unwrap(),
        "id,code,name,amount\r\n1,007,François,12.5\r\n2,042,Zoë,3\r\n"
    );
}

#[test]
fn arrow_out_carries_the_inferred_types() {
    let input = temp_file("convert-in2.csv", &latin1_register());
    let output = input.with_file_name("convert-out.arrow");
    let out = convert(&input, &output);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let file = std::fs::File::open(&output).unwrap();
    let reader = arrow_ipc::reader::FileReader::try_new(file, None).unwrap();
    let schema = reader.schema();
    let types: Vec<&DataType> = schema.fields().iter().map(|f| f.data_type()).collect();
    assert_eq!(
        types,
        [
            &DataType::Int64,
            &DataType::Utf8,
            &DataType::Utf8,
            &DataType::Float64
        ]
    );
    let batches: Vec<_> = reader.map(Result::unwrap).collect();
    let batch = &batches[0];
    assert_eq!(batch.column(0).as_primitive::<Int64Type>().value(1), 2);
    assert_eq!(batch.column(1).as_string::<i32>().value(0), "007");
    assert_eq!(batch.column(2).as_string::<i32>().value(0), "François");
    assert_eq!(batch.column(3).as_primitive::<Float64Type>().value(0), 12.5);
}

#[test]
fn a_broken_table_is_refused_and_nothing_is_written() {
    let input = temp_file("convert-broken.csv", b"a,b\n1,2\n3\n");
    let output = input.with_file_name("convert-broken-out.csv");
    let out = convert(&input, &output);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("ragged-row (row 3)"),
        "{}",
        stderr(&out)
    );
    assert!(!output.exists());

    let same = convert(&input, &input);
    assert_eq!(same.status.code(), Some(2));
    assert!(stderr(&same).contains("would replace the input"));
}

/// The report says what was written; blank rows (rows of bare commas that spreadsheet
/// exports end in) are left out of the copy instead of refusing the file.
#[test]
fn the_report_says_what_was_written_and_blank_rows_are_left_out() {
    let mut bytes = latin1_register();
    bytes.extend_from_slice(b";;;\r\n;;;\r\n");
    let input = temp_file("convert-blank.csv", &bytes);
    let output = input.with_file_name("convert-blank.arrow");
    let out = opendata(&[
        "convert",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report,
        serde_json::json!({
            "file": input.to_str().unwrap(),
            "output": output.to_str().unwrap(),
            "to": "arrow",
            "rows": 2,
            "columns": 4,
            "blank_rows_left_out": 2,
            "note_rows_left_out": 0,
            "encoding": "windows-1252",
            "delimiter": ";"
        })
    );
    let text = input.with_file_name("convert-blank.csv.out");
    let out = opendata(&[
        "convert",
        input.to_str().unwrap(),
        "-o",
        text.to_str().unwrap(),
    ]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "{} -> {}: 2 rows, 4 columns as CSV (UTF-8, comma, CRLF)\n  2 blank rows left out\n",
            input.display(),
            text.display()
        )
    );
}

#[test]
fn notes_below_the_table_are_left_out_and_said_so() {
    let input = temp_file(
        "convert-trailer.csv",
        b"when,amount\r\n2024-01-01,5\r\n2024-01-02,6\r\nTotal,11\r\n\r\nSource: finance team\r\n",
    );
    let output = input.with_file_name("convert-trailer.out.csv");
    let out = convert(&input, &output);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "{} -> {}: 3 rows, 2 columns as CSV (UTF-8, comma, CRLF)\n  1 blank row left out\n  1 note row left out\n",
            input.display(),
            output.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&output).unwrap(),
        "when,amount\r\n2024-01-01,5\r\n2024-01-02,6\r\nTotal,11\r\n"
    );
}
