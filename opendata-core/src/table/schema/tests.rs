use serde_json::json;

use super::*;
use crate::error::SchemaError;
use crate::report::{Finding, FindingSink};
use crate::table::types::FieldType;

/// Runs header + rows (rows numbered from 1, header first) through a validator.
fn run_schema(schema: &TableSchema, table: &[&[&str]]) -> Vec<Finding> {
    let mut v = SchemaValidator::new(schema).unwrap();
    let mut sink = FindingSink::new(1000);
    let mut rows = table.iter();
    if let Some(header) = rows.next() {
        v.check_header(1, header, &mut sink);
    }
    for (i, row) in rows.enumerate() {
        v.check_row(i as u64 + 2, row, &mut sink);
    }
    v.finish(&mut sink);
    sink.into_report(None).findings
}

fn run(schema: serde_json::Value, table: &[&[&str]]) -> Vec<Finding> {
    let schema = TableSchema::from_json(&schema.to_string()).unwrap();
    run_schema(&schema, table)
}

/// (code, row, column) of each finding.
fn brief(findings: &[Finding]) -> Vec<(String, Option<u64>, Option<u64>)> {
    findings
        .iter()
        .map(|f| (f.code.clone(), f.location.row, f.location.column))
        .collect()
}

fn codes_of(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.code.as_str()).collect()
}

/// Validates each cell alone in a one-field table; returns which were accepted.
fn accepts(field: serde_json::Value, cells: &[&str]) -> Vec<bool> {
    let schema = TableSchema::from_json(&json!({ "fields": [field] }).to_string()).unwrap();
    cells
        .iter()
        .map(|cell| {
            let mut v = SchemaValidator::new(&schema).unwrap();
            let mut sink = FindingSink::new(10);
            v.check_row(2, &[cell], &mut sink);
            v.finish(&mut sink);
            sink.into_report(None).findings.is_empty()
        })
        .collect()
}

fn assert_types(field: serde_json::Value, good: &[&str], bad: &[&str]) {
    assert_eq!(
        accepts(field.clone(), good),
        vec![true; good.len()],
        "{field} good {good:?}"
    );
    assert_eq!(
        accepts(field.clone(), bad),
        vec![false; bad.len()],
        "{field} bad {bad:?}"
    );
}

fn invalid(schema: serde_json::Value) -> (String, String) {
    match TableSchema::from_json(&schema.to_string()) {
        Err(SchemaError::Invalid { path, reason }) => (path, reason),
        other => panic!("expected an invalid-schema error, got {other:?}"),
    }
}

fn assert_invalid(schema: serde_json::Value, path: &str, reason: &str) {
    assert_eq!(
        invalid(schema.clone()),
        (path.to_owned(), reason.to_owned()),
        "{schema}"
    );
}

// ---------------------------------------------------------------- types

#[test]
fn string_formats() {
    assert_types(json!({"name": "s"}), &["", "anything", "  x "], &[]);
    assert_types(
        json!({"name": "s", "format": "email"}),
        &["ada@example.org", "a.b+c@mail.example.co.uk"],
        &[
            "ada",
            "ada@",
            "@example.org",
            "ada@example",
            "a da@example.org",
            "a@b@c.org",
            "ada@example..org",
        ],
    );
    assert_types(
        json!({"name": "s", "format": "uri"}),
        &[
            "https://example.org/x?y=1",
            "mailto:ada@example.org",
            "urn:isbn:0451450523",
        ],
        &["example.org", "http://exa mple.org", "1http://x", "http:"],
    );
    assert_types(
        json!({"name": "s", "format": "binary"}),
        &["aGVsbG8=", "aGVsbG8h", "aGk=", ""],
        &["aGVsbG8", "a===", "aGVs bG8=", "aGVsbG8*"],
    );
    assert_types(
        json!({"name": "s", "format": "uuid"}),
        &[
            "123e4567-e89b-12d3-a456-426614174000",
            "123E4567-E89B-12D3-A456-426614174000",
        ],
        &[
            "123e4567e89b12d3a456426614174000",
            "123e4567-e89b-12d3-a456-42661417400g",
            "x",
        ],
    );
}

#[test]
fn integers_accept_leading_zeros_and_options() {
    assert_types(
        json!({"name": "n", "type": "integer"}),
        &["0", "007", "-12", "+3", "9223372036854775807"],
        &[
            "1.5",
            "1e3",
            "12a",
            " 1",
            "1 000",
            "9223372036854775808",
            "€5",
        ],
    );
    assert_types(
        json!({"name": "n", "type": "integer", "groupChar": ","}),
        &["1,000,000", "12"],
        &["1.000"],
    );
    assert_types(
        json!({"name": "n", "type": "integer", "bareNumber": false}),
        &["€ 95", "95%", "-3 units"],
        &["€", "9.5 €"],
    );
}

#[test]
fn numbers_with_separators_and_special_values() {
    assert_types(
        json!({"name": "n", "type": "number"}),
        &["1", "-1.5", "007.5", ".5", "1e-3", "NaN", "INF", "-INF"],
        &["1,5", "nan", "inf", "1.2.3", ".", "1 000", "12abc"],
    );
    assert_types(
        json!({"name": "n", "type": "number", "decimalChar": ",", "groupChar": "."}),
        &["1.234,5", "3,14", "-0,5"],
        &["3,1,4", "1 234,5"],
    );
    assert_types(
        json!({"name": "n", "type": "number", "decimalChar": ","}),
        &["3,14"],
        &["3.14"],
    );
    assert_types(
        json!({"name": "n", "type": "number", "bareNumber": false}),
        &["95%", "€ 1.5", "EUR 1e3"],
        &["%"],
    );
}

#[test]
fn booleans_default_and_custom() {
    assert_types(
        json!({"name": "b", "type": "boolean"}),
        &["true", "True", "TRUE", "1", "false", "False", "FALSE", "0"],
        &["yes", "tRUE", "2", "t"],
    );
    assert_types(
        json!({"name": "b", "type": "boolean", "trueValues": ["ja"], "falseValues": ["nee"]}),
        &["ja", "nee"],
        &["true", "0", "Ja"],
    );
}

#[test]
fn dates_times_datetimes() {
    assert_types(
        json!({"name": "d", "type": "date"}),
        &["2024-02-29", "1999-12-31"],
        &[
            "2023-02-29",
            "31/05/2024",
            "2024-5-1",
            "2024-05-31T10:00:00",
            "20240531",
        ],
    );
    assert_types(
        json!({"name": "d", "type": "date", "format": "%d/%m/%Y"}),
        &["31/05/2024", "1/5/2024"],
        &["2024-05-31", "05/31/2024", "31/05/24"],
    );
    assert_types(
        json!({"name": "d", "type": "date", "format": "fmt:%d.%m.%Y"}),
        &["31.05.2024"],
        &["31/05/2024"],
    );
    assert_types(
        json!({"name": "d", "type": "date", "format": "any"}),
        &[
            "2024-05-31",
            "2024/05/31",
            "31/05/2024",
            "05/31/2024",
            "1.2.2024",
        ],
        &["31/31/2024", "yesterday", "2024-13-01"],
    );
    assert_types(
        json!({"name": "t", "type": "time"}),
        &["23:59:59", "00:00", "12:00:00.5"],
        &["24:00:00", "12", "7:00", "12:60"],
    );
    assert_types(
        json!({"name": "t", "type": "time", "format": "%I:%M %p"}),
        &["7:05 PM", "12:00 am"],
        &["19:05", "13:00 PM"],
    );
    assert_types(
        json!({"name": "dt", "type": "datetime"}),
        &[
            "2024-05-31T10:00:00Z",
            "2024-05-31T10:00:00+02:00",
            "2024-05-31 10:00",
        ],
        &["2024-05-31", "2024-05-31T25:00:00Z", "31/05/2024 10:00"],
    );
    assert_types(
        json!({"name": "dt", "type": "datetime", "format": "%d/%m/%Y %H:%M"}),
        &["31/05/2024 10:00"],
        &["2024-05-31T10:00:00Z"],
    );
    assert_types(
        json!({"name": "dt", "type": "datetime", "format": "any"}),
        &["2024-05-31T10:00:00Z", "31/05/2024 10:00"],
        &["31/05/2024"],
    );
}

#[test]
fn years_yearmonths_durations() {
    assert_types(
        json!({"name": "y", "type": "year"}),
        &["2024", "0800"],
        &["24", "2024.0", "-2024", "MMXXIV"],
    );
    assert_types(
        json!({"name": "ym", "type": "yearmonth"}),
        &["2024-05", "2024-12"],
        &["2024-13", "2024-5", "05-2024"],
    );
    assert_types(
        json!({"name": "p", "type": "duration"}),
        &["P1Y2M10DT2H30M", "PT0.5S", "P3W"],
        &["1 year", "P", "PT", "P1H"],
    );
}

#[test]
fn geo_and_json_types() {
    assert_types(
        json!({"name": "g", "type": "geopoint"}),
        &["4.35, 50.85", "-180,90"],
        &["50.85", "181, 0", "0, 91", "a, b"],
    );
    assert_types(
        json!({"name": "g", "type": "geopoint", "format": "array"}),
        &["[4.35, 50.85]", "[\"4.35\", \"50.85\"]"],
        &["[4.35]", "4.35, 50.85", "[200, 0]"],
    );
    assert_types(
        json!({"name": "g", "type": "geopoint", "format": "object"}),
        &["{\"lon\": 4.35, \"lat\": 50.85}"],
        &["{\"lon\": 4.35}", "{\"x\": 1, \"y\": 2}"],
    );
    assert_types(
        json!({"name": "g", "type": "geojson"}),
        &["{\"type\": \"Point\", \"coordinates\": [1, 2]}"],
        &["{\"type\": \"Circle\"}", "[1, 2]", "Point"],
    );
    assert_types(
        json!({"name": "g", "type": "geojson", "format": "topojson"}),
        &["{\"type\": \"Topology\", \"objects\": {}}"],
        &["{\"type\": \"Point\"}"],
    );
    assert_types(
        json!({"name": "o", "type": "object"}),
        &["{}", "{\"a\": [1]}"],
        &["[]", "a", "{a: 1}"],
    );
    assert_types(
        json!({"name": "a", "type": "array"}),
        &["[]", "[1, \"x\"]"],
        &["{}", "1, 2"],
    );
    assert_types(
        json!({"name": "x", "type": "any"}),
        &["", "1", "{", "é"],
        &[],
    );
}

#[test]
fn lists() {
    assert_types(
        json!({"name": "l", "type": "list", "itemType": "integer"}),
        &["1,2,3", "7"],
        &["1, 2", "1,a", "1,,2"],
    );
    assert_types(
        json!({"name": "l", "type": "list", "delimiter": ";", "itemType": "date"}),
        &["2024-01-01;2024-02-01"],
        &["2024-01-01,2024-02-01"],
    );
}

// ---------------------------------------------------------------- constraints

fn constraint(field_type: &str, constraints: serde_json::Value) -> serde_json::Value {
    json!({"name": "f", "type": field_type, "constraints": constraints})
}

#[test]
fn required_constraint_and_missing_values() {
    let findings = run(
        json!({"fields": [{"name": "a", "constraints": {"required": true}}, {"name": "b"}]}),
        &[&["a", "b"], &["x", ""], &["", "y"]],
    );
    assert_eq!(
        brief(&findings),
        [("constraint-error".to_owned(), Some(3), Some(1))]
    );
    assert_eq!(
        findings[0].message,
        "a value is required but the cell is empty (constraint `required`)"
    );
    // A custom missing-value marker counts as missing; the empty string then does not.
    let findings = run(
        json!({"fields": [{"name": "a", "type": "integer", "constraints": {"required": true}}],
               "missingValues": ["NA"]}),
        &[&["a"], &["NA"], &[""], &["3"]],
    );
    assert_eq!(
        brief(&findings),
        [
            ("constraint-error".to_owned(), Some(2), Some(1)),
            ("type-error".to_owned(), Some(3), Some(1))
        ]
    );
    // A field's own missingValues replace the schema's.
    let findings = run(
        json!({"fields": [{"name": "a", "type": "integer", "missingValues": ["-"]}]}),
        &[&["a"], &["-"], &[""]],
    );
    assert_eq!(
        brief(&findings),
        [("type-error".to_owned(), Some(3), Some(1))]
    );
}

#[test]
fn length_constraints() {
    let f = constraint("string", json!({"minLength": 2, "maxLength": 4}));
    assert_eq!(
        accepts(f, &["ab", "abcd", "éé", "a", "abcde"]),
        [true, true, true, false, false]
    );
    let f = constraint("list", json!({"minLength": 2}));
    assert_eq!(accepts(f, &["a,b", "a"]), [true, false]);
    let f = constraint("array", json!({"maxLength": 1}));
    assert_eq!(accepts(f, &["[1]", "[1, 2]"]), [true, false]);
    let f = constraint("object", json!({"minLength": 1}));
    assert_eq!(accepts(f, &["{\"a\": 1}", "{}"]), [true, false]);
    let findings = run(
        json!({"fields": [constraint("string", json!({"minLength": 5}))]}),
        &[&["f"], &["abc"]],
    );
    assert_eq!(
        findings[0].message,
        "the value has 3 characters, fewer than 5 (constraint `minLength`)"
    );
    let findings = run(
        json!({"fields": [constraint("string", json!({"maxLength": 2}))]}),
        &[&["f"], &["abc"]],
    );
    assert_eq!(
        findings[0].message,
        "the value has 3 characters, more than 2 (constraint `maxLength`)"
    );
}

#[test]
fn range_constraints_per_type() {
    let cases: [(&str, serde_json::Value, &[&str], &[&str]); 8] = [
        (
            "integer",
            json!({"minimum": 0, "maximum": 130}),
            &["0", "130", "007"],
            &["-1", "131"],
        ),
        (
            "number",
            json!({"minimum": 0.5, "maximum": "2"}),
            &["0.5", "2", "1e0"],
            &["0.49", "2.01", "NaN"],
        ),
        (
            "date",
            json!({"minimum": "2020-01-01", "maximum": "2020-12-31"}),
            &["2020-06-01"],
            &["2019-12-31", "2021-01-01"],
        ),
        (
            "time",
            json!({"minimum": "08:00:00", "maximum": "18:00:00"}),
            &["08:00:00", "12:30"],
            &["07:59:59", "18:00:01"],
        ),
        (
            "datetime",
            json!({"minimum": "2024-01-01T00:00:00Z"}),
            &["2024-01-01T01:00:00+01:00", "2024-06-01T00:00:00Z"],
            &["2023-12-31T23:59:59Z", "2024-01-01T00:30:00+01:00"],
        ),
        (
            "year",
            json!({"minimum": 1900, "maximum": "2024"}),
            &["1900", "2024"],
            &["1899", "2025"],
        ),
        (
            "yearmonth",
            json!({"minimum": "2024-02", "maximum": "2024-11"}),
            &["2024-02", "2024-11"],
            &["2024-01", "2024-12"],
        ),
        (
            "integer",
            json!({"exclusiveMinimum": 0, "exclusiveMaximum": 10}),
            &["1", "9"],
            &["0", "10"],
        ),
    ];
    for (t, c, good, bad) in cases {
        assert_types(constraint(t, c), good, bad);
    }
    let findings = run(
        json!({"fields": [constraint("integer", json!({"maximum": 130}))]}),
        &[&["f"], &["200"]],
    );
    assert_eq!(
        findings[0].message,
        "the value is above the maximum 130 (constraint `maximum`)"
    );
    let findings = run(
        json!({"fields": [constraint("date", json!({"minimum": "2020-01-01"}))]}),
        &[&["f"], &["2019-01-01"]],
    );
    assert_eq!(
        findings[0].message,
        "the value is below the minimum 2020-01-01 (constraint `minimum`)"
    );
    let findings = run(
        json!({"fields": [constraint("number", json!({"exclusiveMaximum": 1}))]}),
        &[&["f"], &["1"]],
    );
    assert_eq!(
        findings[0].message,
        "the value is not below the exclusive maximum 1 (constraint `exclusiveMaximum`)"
    );
}

#[test]
fn limits_in_the_fields_own_format() {
    // A limit may be written like the cells (%d/%m/%Y) or in ISO notation.
    let f = json!({"name": "d", "type": "date", "format": "%d/%m/%Y",
                   "constraints": {"minimum": "01/01/2020", "maximum": "2020-12-31"}});
    assert_eq!(
        accepts(f, &["15/06/2020", "31/12/2019", "01/01/2021"]),
        [true, false, false]
    );
    let f = json!({"name": "n", "type": "number", "decimalChar": ",",
                   "constraints": {"maximum": 1.5}});
    assert_eq!(accepts(f, &["1,5", "1,6"]), [true, false]);
}

#[test]
fn pattern_constraint_matches_the_whole_value() {
    let f = constraint("string", json!({"pattern": "[A-Z]{2}[0-9]+"}));
    assert_eq!(
        accepts(f, &["AB12", "AB", "xAB12", "AB12x", "ab12"]),
        [true, false, false, false, false]
    );
    let f = constraint("string", json!({"pattern": "a|b"}));
    assert_eq!(accepts(f, &["a", "b", "ab"]), [true, true, false]);
    let findings = run(
        json!({"fields": [constraint("string", json!({"pattern": "[0-9]{4}"}))]}),
        &[&["f"], &["12345"]],
    );
    assert_eq!(
        findings[0].message,
        "the value (5 characters) does not match the pattern [0-9]{4} (constraint `pattern`)"
    );
}

#[test]
fn enum_constraint_compares_typed_values() {
    let f = constraint("string", json!({"enum": ["red", "green"]}));
    assert_eq!(
        accepts(f, &["red", "green", "Red", "blue"]),
        [true, true, false, false]
    );
    // 1.0 equals 1 in a number field, 007 equals 7 in an integer field.
    let f = constraint("number", json!({"enum": [1, 2.5]}));
    assert_eq!(accepts(f, &["1.0", "2.50", "3"]), [true, true, false]);
    let f = constraint("integer", json!({"enum": [7, "8"]}));
    assert_eq!(accepts(f, &["007", "8", "9"]), [true, true, false]);
    let f = constraint("boolean", json!({"enum": [true]}));
    assert_eq!(accepts(f, &["1", "TRUE", "false"]), [true, true, false]);
    let f = constraint("date", json!({"enum": ["2024-01-01"]}));
    assert_eq!(accepts(f, &["2024-01-01", "2024-01-02"]), [true, false]);
    let findings = run(
        json!({"fields": [constraint("string", json!({"enum": ["red", "green"]}))]}),
        &[&["f"], &["blue"]],
    );
    assert_eq!(
        findings[0].message,
        "the value is not one of the allowed values: red, green (constraint `enum`)"
    );
}

#[test]
fn missing_values_skip_constraints() {
    let f = constraint(
        "integer",
        json!({"minimum": 5, "enum": [5, 6], "pattern": null}),
    );
    // `pattern: null` is not a string: the schema is rejected before any row.
    assert_eq!(
        invalid(json!({"fields": [f]})),
        (
            "$.fields[0].constraints.pattern".to_owned(),
            "must be a string, not null".to_owned()
        )
    );
    let f = constraint(
        "integer",
        json!({"minimum": 5, "enum": [5, 6], "unique": true}),
    );
    let findings = run(json!({"fields": [f]}), &[&["f"], &[""], &[""], &["5"]]);
    assert!(findings.is_empty(), "{findings:?}");
}

// ---------------------------------------------------------------- type-error messages

#[test]
fn type_error_messages_never_show_the_value() {
    let cases: [(serde_json::Value, &str, &str); 8] = [
        (json!({"name": "f", "type": "integer"}), "abc", "the value is not an integer (3 characters)"),
        (json!({"name": "f", "type": "integer"}), "1.5", "the value is not an integer (3 characters; it is a decimal number)"),
        (json!({"name": "f", "type": "integer"}), "1,234", "the value is not an integer (5 characters; it has thousands separators; set the field's groupChar)"),
        (json!({"name": "f", "type": "number"}), "3,5", "the value is not a number (3 characters; it has a decimal comma; set the field's decimalChar to \",\")"),
        (json!({"name": "f", "type": "integer"}), " 42", "the value is not an integer (3 characters; it has spaces around the value)"),
        (json!({"name": "f", "type": "date"}), "31/05/2024", "the value is not a date (YYYY-MM-DD) (10 characters; it is not in ISO order; set a format such as %d/%m/%Y)"),
        (json!({"name": "f", "type": "date", "format": "%d/%m/%Y"}), "x", "the value is not a date in the format %d/%m/%Y (1 character)"),
        (json!({"name": "f", "type": "boolean"}), "ja", "the value is not a boolean (true: true, True, TRUE, 1; false: false, False, FALSE, 0) (2 characters)"),
    ];
    for (field, cell, message) in cases {
        let findings = run(json!({ "fields": [field] }), &[&["f"], &[cell]]);
        assert_eq!(codes_of(&findings), ["type-error"]);
        assert_eq!(findings[0].message, message);
        assert!(!findings[0].message.contains(cell) || cell.len() < 2);
    }
}

// ---------------------------------------------------------------- labels

#[test]
fn labels_missing_extra_and_incorrect() {
    let schema = json!({"fields": [{"name": "id"}, {"name": "name"}, {"name": "age"}]});
    let findings = run(schema.clone(), &[&["id", "name", "age"]]);
    assert!(findings.is_empty());
    let findings = run(schema.clone(), &[&["id", "age", "extra"]]);
    assert_eq!(
        brief(&findings),
        [
            ("missing-label".to_owned(), Some(1), None),
            ("extra-label".to_owned(), Some(1), Some(3)),
        ]
    );
    assert_eq!(findings[0].location.field.as_deref(), Some("name"));
    assert_eq!(findings[0].message, "the file has no column `name`");
    assert_eq!(findings[1].message, "the schema has no field `extra`");
    // Letter case and spaces: paired, reported once.
    let findings = run(
        schema.clone(),
        &[&["id", " Name", "age"], &["1", "Ada", "3"]],
    );
    assert_eq!(
        brief(&findings),
        [("incorrect-label".to_owned(), Some(1), Some(2))]
    );
    assert_eq!(
        findings[0].message,
        "the label ` Name` differs from the schema's field `name` in letter case or spaces"
    );
    // Another order: reported (exact), but values still checked by name.
    let schema = json!({"fields": [{"name": "id", "type": "integer"}, {"name": "name"}]});
    let findings = run(schema, &[&["name", "id"], &["Ada", "x"]]);
    assert_eq!(
        brief(&findings),
        [
            ("incorrect-label".to_owned(), Some(1), Some(1)),
            ("incorrect-label".to_owned(), Some(1), Some(2)),
            ("type-error".to_owned(), Some(2), Some(2)),
        ]
    );
    assert_eq!(
        findings[0].message,
        "the column `name` stands where the schema has `id`: the columns are in another order"
    );
}

#[test]
fn a_label_is_reported_once_even_when_also_out_of_order() {
    let findings = run(
        json!({"fields": [{"name": "id"}, {"name": "name"}]}),
        &[&["NAME", "id"]],
    );
    assert_eq!(
        brief(&findings),
        [
            ("incorrect-label".to_owned(), Some(1), Some(1)),
            ("incorrect-label".to_owned(), Some(1), Some(2)),
        ]
    );
    assert!(findings[0].message.contains("letter case"));
    assert!(findings[1].message.contains("another order"));
}

#[test]
fn fields_match_rules() {
    let header: &[&str] = &["b", "a", "x"];
    let with = |rule: &str| {
        codes_of(&run(
            json!({"fields": [{"name": "a"}, {"name": "b"}, {"name": "c"}], "fieldsMatch": rule}),
            &[header],
        ))
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<_>>()
    };
    assert_eq!(
        with("exact"),
        [
            "missing-label",
            "extra-label",
            "incorrect-label",
            "incorrect-label"
        ]
    );
    assert_eq!(with("equal"), ["missing-label", "extra-label"]);
    assert_eq!(with("subset"), ["missing-label"]);
    assert_eq!(with("superset"), ["extra-label"]);
    assert!(with("partial").is_empty());
    let none = run(
        json!({"fields": [{"name": "a"}], "fieldsMatch": "partial"}),
        &[&["z"]],
    );
    assert_eq!(codes_of(&none), ["missing-label"]);
}

#[test]
fn without_a_header_fields_are_positional_and_short_rows_are_skipped() {
    let schema = TableSchema::from_json(
        r#"{"fields": [{"name": "a", "type": "integer"}, {"name": "b", "type": "integer", "constraints": {"required": true}}]}"#,
    )
    .unwrap();
    let mut v = SchemaValidator::new(&schema).unwrap();
    let mut sink = FindingSink::new(10);
    v.check_row(1, &["1", "x"], &mut sink);
    v.check_row(2, &["1"], &mut sink);
    v.finish(&mut sink);
    let findings = sink.into_report(None).findings;
    assert_eq!(
        brief(&findings),
        [("type-error".to_owned(), Some(1), Some(2))]
    );
    assert_eq!(findings[0].location.field.as_deref(), Some("b"));
}

// ---------------------------------------------------------------- unique and keys

#[test]
fn unique_compares_normalised_values() {
    let findings = run(
        json!({"fields": [{"name": "n", "type": "integer", "constraints": {"unique": true}}]}),
        &[
            &["n"],
            &["7"],
            &["8"],
            &["007"],
            &[""],
            &[""],
            &["x"],
            &["x"],
        ],
    );
    // 007 repeats 7; empty cells and wrongly typed cells take no part. Repeats are
    // found at the end, so they come after the row-by-row findings.
    assert_eq!(
        brief(&findings),
        [
            ("type-error".to_owned(), Some(7), Some(1)),
            ("type-error".to_owned(), Some(8), Some(1)),
            ("unique-error".to_owned(), Some(4), Some(1)),
        ]
    );
    assert_eq!(
        findings[2].message,
        "the value repeats a value of an earlier row (constraint `unique`)"
    );
    let findings = run(
        json!({"fields": [{"name": "t", "constraints": {"unique": true}}]}),
        &[&["t"], &["a"], &["A"], &["a "]],
    );
    assert!(findings.is_empty(), "strings compare exactly");
    // A value seen three times: the second and third rows are reported, in row order.
    let findings = run(
        json!({"fields": [{"name": "t", "constraints": {"unique": true}}]}),
        &[&["t"], &["b"], &["a"], &["b"], &["c"], &["b"], &["a"]],
    );
    assert_eq!(
        brief(&findings),
        [
            ("unique-error".to_owned(), Some(4), Some(1)),
            ("unique-error".to_owned(), Some(6), Some(1)),
            ("unique-error".to_owned(), Some(7), Some(1)),
        ]
    );
}

#[test]
fn unique_over_a_generated_100k_row_table() {
    let schema = TableSchema::new(vec![
        Field::new("id", FieldType::Integer)
            .with_constraints(Constraints::default().with_unique(true)),
        Field::new("code", FieldType::String)
            .with_constraints(Constraints::default().with_unique(true)),
    ]);
    let mut v = SchemaValidator::new(&schema).unwrap();
    let mut sink = FindingSink::new(100);
    v.check_header(1, &["id", "code"], &mut sink);
    let duplicates_at = [25_000u64, 50_001, 99_999];
    let mut expected = Vec::new();
    for i in 0..100_000u64 {
        let row = i + 2;
        // Every duplicate repeats the id of the row 1000 above it.
        let id = if duplicates_at.contains(&i) {
            i - 1000
        } else {
            i
        };
        if duplicates_at.contains(&i) {
            expected.push(("unique-error".to_owned(), Some(row), Some(1)));
        }
        let id = id.to_string();
        let code = format!("C{:08x}", i.wrapping_mul(2_654_435_761) % (1 << 32));
        v.check_row(row, &[&id, &code], &mut sink);
    }
    v.finish(&mut sink);
    let findings = sink.into_report(None).findings;
    assert_eq!(brief(&findings), expected);
}

#[test]
fn primary_keys_single_and_composite() {
    let findings = run(
        json!({"fields": [{"name": "id", "type": "integer"}, {"name": "v"}], "primaryKey": "id"}),
        &[
            &["id", "v"],
            &["1", "a"],
            &["2", "b"],
            &["01", "c"],
            &["", "d"],
        ],
    );
    assert_eq!(
        brief(&findings),
        [
            ("constraint-error".to_owned(), Some(5), Some(1)),
            ("primary-key".to_owned(), Some(4), Some(1)),
        ]
    );
    assert_eq!(
        findings[1].message,
        "the primary key (id) repeats the key of an earlier row"
    );
    assert_eq!(
        findings[0].message,
        "a value is required: the field is part of the primary key (constraint `required`)"
    );
    let findings = run(
        json!({"fields": [{"name": "region"}, {"name": "year", "type": "year"}],
               "primaryKey": ["region", "year"]}),
        &[
            &["region", "year"],
            &["N", "2020"],
            &["N", "2021"],
            &["S", "2020"],
            &["N", "2020"],
        ],
    );
    assert_eq!(
        brief(&findings),
        [("primary-key".to_owned(), Some(5), None)]
    );
    assert_eq!(
        findings[0].message,
        "the primary key (region, year) repeats the key of an earlier row"
    );
}

#[test]
fn unique_keys_compare_value_groups_and_skip_rows_with_empty_parts() {
    let findings = run(
        json!({"fields": [{"name": "a"}, {"name": "b", "type": "integer"}, {"name": "c"}],
               "uniqueKeys": [["a", "b"], "c"]}),
        &[
            &["a", "b", "c"],
            &["x", "1", "p"],
            &["x", "2", "q"],
            &["x", "01", "r"],
            &["", "1", ""],
            &["", "1", ""],
            &["y", "1", "p"],
        ],
    );
    assert_eq!(
        brief(&findings),
        [
            ("unique-error".to_owned(), Some(4), None),
            ("unique-error".to_owned(), Some(7), Some(3)),
        ]
    );
    assert_eq!(
        findings[0].message,
        "the values of (a, b) repeat those of an earlier row (uniqueKeys)"
    );
}

#[test]
fn composite_keys_do_not_confuse_cell_boundaries() {
    let findings = run(
        json!({"fields": [{"name": "a"}, {"name": "b"}], "primaryKey": ["a", "b"]}),
        &[&["a", "b"], &["ab", "c"], &["a", "bc"]],
    );
    assert!(findings.is_empty(), "{findings:?}");
}

#[test]
fn self_referencing_foreign_key_is_checked_at_finish() {
    let schema = json!({
        "fields": [{"name": "id", "type": "integer"}, {"name": "parent", "type": "integer"}],
        "foreignKeys": [{"fields": "parent", "reference": {"resource": "", "fields": "id"}}]
    });
    // Row 3 points to a later row (fine), row 5 to a row that does not exist.
    let findings = run(
        schema,
        &[
            &["id", "parent"],
            &["1", ""],
            &["2", "4"],
            &["3", "1"],
            &["4", "9"],
            &["5", "02"],
        ],
    );
    assert_eq!(
        brief(&findings),
        [("foreign-key".to_owned(), Some(5), Some(2))]
    );
    assert_eq!(
        findings[0].message,
        "the value of (parent) is not found in (id) of this table"
    );
}

#[test]
fn self_reference_to_a_missing_column_is_only_a_missing_label() {
    let schema = json!({
        "fields": [{"name": "id"}, {"name": "parent"}],
        "foreignKeys": [{"fields": "parent", "reference": {"resource": "", "fields": "id"}}]
    });
    let findings = run(schema, &[&["parent"], &["1"], &["2"]]);
    assert_eq!(
        brief(&findings),
        [("missing-label".to_owned(), Some(1), None)]
    );
}

#[test]
fn foreign_key_to_another_table() {
    let schema = TableSchema::from_json(
        &json!({
            "fields": [{"name": "name"}, {"name": "country", "type": "integer"}],
            "foreignKeys": [{"fields": ["country"], "reference": {"resource": "countries", "fields": ["code"]}}]
        })
        .to_string(),
    )
    .unwrap();
    let countries = vec![
        vec!["1".to_owned(), "Belgium".to_owned()],
        vec!["2".to_owned(), "France".to_owned()],
    ];
    let header: &[&str] = &["name", "country"];
    let rows: [&[&str]; 4] = [&["a", "1"], &["b", "3"], &["c", "002"], &["d", ""]];

    // Given before the rows: found at once.
    let mut v = SchemaValidator::new(&schema).unwrap();
    assert_eq!(v.referenced_resources(), ["countries"]);
    v.add_reference("countries", &["code", "label"], countries.clone())
        .unwrap();
    v.add_reference("unrelated", &["x"], Vec::<Vec<String>>::new())
        .unwrap();
    let mut sink = FindingSink::new(10);
    v.check_header(1, header, &mut sink);
    for (i, row) in rows.iter().enumerate() {
        v.check_row(i as u64 + 2, row, &mut sink);
    }
    v.finish(&mut sink);
    let findings = sink.into_report(None).findings;
    assert_eq!(
        brief(&findings),
        [("foreign-key".to_owned(), Some(3), Some(2))]
    );
    assert_eq!(
        findings[0].message,
        "the value of (country) is not found in (code) of the table `countries`"
    );

    // Given after the rows: the same answer from `finish`.
    let mut v = SchemaValidator::new(&schema).unwrap();
    let mut sink = FindingSink::new(10);
    v.check_header(1, header, &mut sink);
    for (i, row) in rows.iter().enumerate() {
        v.check_row(i as u64 + 2, row, &mut sink);
    }
    v.add_reference(
        "countries",
        &["label", "code"],
        countries.iter().map(|r| [r[1].as_str(), r[0].as_str()]),
    )
    .unwrap();
    v.finish(&mut sink);
    assert_eq!(
        brief(&sink.into_report(None).findings),
        [("foreign-key".to_owned(), Some(3), Some(2))]
    );

    // Never given: one file-level finding.
    let mut v = SchemaValidator::new(&schema).unwrap();
    let mut sink = FindingSink::new(10);
    for (i, row) in rows.iter().enumerate() {
        v.check_row(i as u64 + 2, row, &mut sink);
    }
    v.finish(&mut sink);
    let findings = sink.into_report(None).findings;
    assert_eq!(brief(&findings), [("foreign-key".to_owned(), None, None)]);
    assert_eq!(
        findings[0].message,
        "the foreign key (country) refers to the table `countries`, which was not given to the check; 3 row(s) could not be checked"
    );

    // A reference table without the referenced column.
    let mut v = SchemaValidator::new(&schema).unwrap();
    assert_eq!(
        v.add_reference("countries", &["id"], countries)
            .unwrap_err(),
        SchemaError::MissingReferenceColumn {
            resource: "countries".to_owned(),
            field: "code".to_owned()
        }
    );
}

#[test]
fn composite_foreign_key_skips_only_all_empty_keys() {
    let schema = json!({
        "fields": [{"name": "a"}, {"name": "b"}, {"name": "pa"}, {"name": "pb"}],
        "foreignKeys": [{"fields": ["pa", "pb"], "reference": {"resource": "", "fields": ["a", "b"]}}]
    });
    let findings = run(
        schema,
        &[
            &["a", "b", "pa", "pb"],
            &["x", "1", "", ""],
            &["y", "2", "x", "1"],
            &["z", "3", "x", ""],
        ],
    );
    assert_eq!(
        brief(&findings),
        [("foreign-key".to_owned(), Some(4), None)]
    );
}

#[test]
fn finding_limits_apply() {
    let schema = TableSchema::new(vec![Field::new("n", FieldType::Integer)]);
    let mut v = SchemaValidator::new(&schema).unwrap();
    let mut sink = FindingSink::new(2);
    for row in 0..5 {
        v.check_row(row, &["x"], &mut sink);
    }
    v.finish(&mut sink);
    let report = sink.into_report(None);
    assert_eq!(report.findings.len(), 2);
    assert_eq!(report.omitted.get("type-error"), Some(&3));
    assert_eq!(report.counts.error, 5);
}

// ---------------------------------------------------------------- malformed schemas

#[test]
fn malformed_json_and_shapes() {
    assert!(matches!(
        TableSchema::from_json("{\"fields\": ["),
        Err(SchemaError::Json(m)) if m.contains("line 1")
    ));
    let cases: Vec<(serde_json::Value, &str, &str)> = vec![
        (json!([]), "$", "must be a JSON object (a Table Schema), not an array"),
        (json!({}), "$", "the property `fields` is required"),
        (json!({"fields": {}}), "$.fields", "must be an array of field objects, not an object"),
        (json!({"fields": ["id"]}), "$.fields[0]", "must be a field object, not a string"),
        (json!({"fields": [{"type": "string"}]}), "$.fields[0]", "the property `name` is required"),
        (json!({"fields": [{"name": 5}]}), "$.fields[0].name", "must be a string, not a number"),
        (json!({"fields": [{"name": ""}]}), "$.fields[0].name", "must not be empty"),
        (json!({"fields": [{"name": "a"}, {"name": "a"}]}), "$.fields[1].name", "duplicate field name `a` (also $.fields[0])"),
        (json!({"fields": [{"name": "a", "type": "text"}]}), "$.fields[0].type", "unknown field type `text`; the types are string, number, integer, boolean, object, array, list, date, time, datetime, year, yearmonth, duration, geopoint, geojson, any"),
        (json!({"fields": [{"name": "a", "type": 1}]}), "$.fields[0].type", "must be a string, not a number"),
        (json!({"fields": [{"name": "a", "format": "phone"}]}), "$.fields[0].format", "unknown format `phone` for a string field; the formats are default, email, uri, binary, uuid"),
        (json!({"fields": [{"name": "a", "type": "integer", "format": "x"}]}), "$.fields[0].format", "unknown format `x` for an integer field; it has only the format default"),
        (json!({"fields": [{"name": "a", "type": "date", "format": "dd/mm/yyyy"}]}), "$.fields[0].format", "`dd/mm/yyyy` is not a format for a date field: use default, any, or a pattern such as %d/%m/%Y (the pattern has no % directive)"),
        (json!({"fields": [{"name": "a", "type": "date", "format": "%d/%Q"}]}), "$.fields[0].format", "`%d/%Q` is not a format for a date field: use default, any, or a pattern such as %d/%m/%Y (the directive %Q is not supported)"),
        (json!({"fields": [{"name": "a", "type": "date", "format": "%H:%M"}]}), "$.fields[0].format", "`%H:%M` is not a format for a date field: use default, any, or a pattern such as %d/%m/%Y (the pattern has no date part)"),
        (json!({"fields": [{"name": "a", "type": "time", "format": "%Y"}]}), "$.fields[0].format", "`%Y` is not a format for a time field: use default, any, or a pattern such as %d/%m/%Y (the pattern has no time part)"),
        (json!({"fields": [{"name": "a", "type": "geopoint", "format": "wkt"}]}), "$.fields[0].format", "unknown format `wkt` for a geopoint field; the formats are default, array, object"),
        (json!({"fields": [{"name": "a", "type": "number", "decimalChar": ",,"}]}), "$.fields[0].decimalChar", "must be exactly one character"),
        (json!({"fields": [{"name": "a", "type": "number", "decimalChar": ",", "groupChar": ","}]}), "$.fields[0].groupChar", "must differ from decimalChar"),
        (json!({"fields": [{"name": "a", "type": "boolean", "trueValues": ["1"], "falseValues": ["1"]}]}), "$.fields[0].trueValues", "`1` is both a true and a false value"),
        (json!({"fields": [{"name": "a", "type": "boolean", "trueValues": "yes"}]}), "$.fields[0].trueValues", "must be an array of strings, not a string"),
        (json!({"fields": [{"name": "a", "bareNumber": "no"}]}), "$.fields[0].bareNumber", "must be true or false, not a string"),
        (json!({"fields": [{"name": "a", "type": "list", "itemType": "object"}]}), "$.fields[0].itemType", "a list cannot hold object values; use string, integer, number, boolean, date, time, datetime, year, yearmonth or duration"),
        (json!({"fields": [{"name": "a", "type": "list", "delimiter": ""}]}), "$.fields[0].delimiter", "must not be empty"),
        (json!({"fields": [{"name": "a"}], "missingValues": [""," ", 0]}), "$.missingValues[2]", "must be a string, not a number"),
        (json!({"fields": [{"name": "a"}], "fieldsMatch": "loose"}), "$.fieldsMatch", "unknown rule `loose`; expected exact, equal, subset, superset or partial"),
    ];
    for (schema, path, reason) in cases {
        assert_invalid(schema, path, reason);
    }
}

#[test]
fn malformed_constraints() {
    let cases: Vec<(serde_json::Value, &str, &str)> = vec![
        (json!({"type": "string", "constraints": []}), "$.fields[0].constraints", "must be an object of constraints, not an array"),
        (json!({"type": "string", "constraints": {"minimun": 1}}), "$.fields[0].constraints.minimun", "unknown constraint `minimun`; the constraints are required, unique, minLength, maxLength, minimum, maximum, exclusiveMinimum, exclusiveMaximum, pattern, enum"),
        (json!({"type": "string", "constraints": {"required": "yes"}}), "$.fields[0].constraints.required", "must be true or false, not a string"),
        (json!({"type": "string", "constraints": {"minLength": -1}}), "$.fields[0].constraints.minLength", "must be a whole number of 0 or more, not a number"),
        (json!({"type": "string", "constraints": {"minLength": 5, "maxLength": 3}}), "$.fields[0].constraints.minLength", "minLength 5 is greater than maxLength 3"),
        (json!({"type": "string", "constraints": {"minimum": "a"}}), "$.fields[0].constraints.minimum", "`minimum` does not apply to a string field; it applies to integer, number, date, time, datetime, year and yearmonth fields"),
        (json!({"type": "integer", "constraints": {"maxLength": 3}}), "$.fields[0].constraints.maxLength", "`maxLength` does not apply to an integer field; it applies to string, array, object and list fields"),
        (json!({"type": "integer", "constraints": {"pattern": "[0-9]+"}}), "$.fields[0].constraints.pattern", "`pattern` does not apply to an integer field; it applies to string fields"),
        (json!({"type": "duration", "constraints": {"maximum": "P1D"}}), "$.fields[0].constraints.maximum", "`maximum` does not apply to a duration field; it applies to integer, number, date, time, datetime, year and yearmonth fields"),
        (json!({"type": "integer", "constraints": {"minimum": 1.5}}), "$.fields[0].constraints.minimum", "1.5 is not an integer as this integer field reads it"),
        (json!({"type": "integer", "constraints": {"minimum": true}}), "$.fields[0].constraints.minimum", "must be a number or a string, not a boolean"),
        (json!({"type": "date", "constraints": {"minimum": "yesterday"}}), "$.fields[0].constraints.minimum", "\"yesterday\" is not a date (YYYY-MM-DD) as this date field reads it"),
        (json!({"type": "integer", "constraints": {"minimum": 10, "maximum": 1}}), "$.fields[0].constraints.minimum", "the minimum 10 is greater than the maximum 1"),
        (json!({"type": "string", "constraints": {"pattern": "("}}), "$.fields[0].constraints.pattern", "not a valid regular expression: regex parse error:\n    (\n    ^\nerror: unclosed group"),
        (json!({"type": "string", "constraints": {"pattern": "\\w{1000}{1000}"}}), "$.fields[0].constraints.pattern", "not a valid regular expression: Compiled regex exceeds size limit of 1048576 bytes."),
        (json!({"type": "string", "constraints": {"enum": []}}), "$.fields[0].constraints.enum", "must list at least one value"),
        (json!({"type": "string", "constraints": {"enum": "a"}}), "$.fields[0].constraints.enum", "must be an array of allowed values, not a string"),
        (json!({"type": "integer", "constraints": {"enum": [1, "two"]}}), "$.fields[0].constraints.enum[1]", "\"two\" is not an integer as this integer field reads it"),
        (json!({"type": "boolean", "constraints": {"enum": ["maybe"]}}), "$.fields[0].constraints.enum[0]", "\"maybe\" is not a boolean (true: true, True, TRUE, 1; false: false, False, FALSE, 0) as this boolean field reads it"),
    ];
    for (mut field, path, reason) in cases {
        field["name"] = json!("f");
        assert_invalid(json!({ "fields": [field] }), path, reason);
    }
}

#[test]
fn malformed_keys() {
    let fields = json!([{"name": "id"}, {"name": "p"}]);
    let cases: Vec<(serde_json::Value, &str, &str)> = vec![
        (
            json!({"fields": fields, "uniqueKeys": ["id", ["p", "x"]]}),
            "$.uniqueKeys[1][1]",
            "no field is named `x`",
        ),
        (
            json!({"fields": fields, "uniqueKeys": [[]]}),
            "$.uniqueKeys[0]",
            "must name at least one field",
        ),
        (
            json!({"fields": fields, "uniqueKeys": "id"}),
            "$.uniqueKeys",
            "must be an array of field-name lists, not a string",
        ),
        (
            json!({"fields": fields, "primaryKey": "idx"}),
            "$.primaryKey",
            "no field is named `idx`",
        ),
        (
            json!({"fields": fields, "primaryKey": ["id", "q"]}),
            "$.primaryKey[1]",
            "no field is named `q`",
        ),
        (
            json!({"fields": fields, "primaryKey": []}),
            "$.primaryKey",
            "must name at least one field",
        ),
        (
            json!({"fields": fields, "primaryKey": 1}),
            "$.primaryKey",
            "must be a field name or an array of field names, not a number",
        ),
        (
            json!({"fields": fields, "foreignKeys": {}}),
            "$.foreignKeys",
            "must be an array of foreign keys, not an object",
        ),
        (
            json!({"fields": fields, "foreignKeys": [{"reference": {"resource": "", "fields": "id"}}]}),
            "$.foreignKeys[0]",
            "the property `fields` is required",
        ),
        (
            json!({"fields": fields, "foreignKeys": [{"fields": "p"}]}),
            "$.foreignKeys[0]",
            "the property `reference` is required",
        ),
        (
            json!({"fields": fields, "foreignKeys": [{"fields": "p", "reference": {"resource": "x"}}]}),
            "$.foreignKeys[0].reference",
            "the property `fields` is required",
        ),
        (
            json!({"fields": fields, "foreignKeys": [{"fields": "q", "reference": {"resource": "x", "fields": "id"}}]}),
            "$.foreignKeys[0].fields",
            "no field is named `q`",
        ),
        (
            json!({"fields": fields, "foreignKeys": [{"fields": ["p", "id"], "reference": {"resource": "x", "fields": "id"}}]}),
            "$.foreignKeys[0].reference.fields",
            "names 1 field(s) but the key has 2",
        ),
        (
            json!({"fields": fields, "foreignKeys": [{"fields": "p", "reference": {"resource": "", "fields": "nope"}}]}),
            "$.foreignKeys[0].reference.fields",
            "no field is named `nope`",
        ),
        (
            json!({"fields": fields, "foreignKeys": [{"fields": "p", "reference": {"resource": 3, "fields": "id"}}]}),
            "$.foreignKeys[0].reference.resource",
            "must be a string, not a number",
        ),
    ];
    for (schema, path, reason) in cases {
        assert_invalid(schema, path, reason);
    }
}

#[test]
fn rust_built_schemas_are_checked_like_json_ones() {
    let schema =
        TableSchema::new(vec![Field::new("a", FieldType::String)
            .with_constraints(Constraints::default().with_minimum(3))]);
    assert_eq!(
        SchemaValidator::new(&schema).unwrap_err(),
        SchemaError::invalid(
            "$.fields[0].constraints.minimum",
            "`minimum` does not apply to a string field; it applies to integer, number, date, time, datetime, year and yearmonth fields"
        )
    );
    let schema =
        TableSchema::new(vec![Field::new("a", FieldType::Integer)]).with_primary_key(["b"]);
    assert_eq!(
        schema.validate().unwrap_err().to_string(),
        "invalid Table Schema at $.primaryKey: no field is named `b`"
    );
    assert_eq!(schema.validate().unwrap_err().code(), "schema.invalid");
}

// ---------------------------------------------------------------- serde

#[test]
fn json_round_trip_keeps_everything() {
    let text = json!({
        "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
        "fields": [
            {"name": "id", "type": "integer", "title": "Identifier", "description": "Row id",
             "constraints": {"required": true, "unique": true, "minimum": 1}},
            {"name": "amount", "type": "number", "decimalChar": ",", "groupChar": ".", "bareNumber": false,
             "constraints": {"exclusiveMaximum": 1000000}},
            {"name": "ok", "type": "boolean", "trueValues": ["ja"], "falseValues": ["nee"]},
            {"name": "day", "type": "date", "format": "%d/%m/%Y",
             "constraints": {"minimum": "01/01/2000", "enum": ["01/01/2000", "02/01/2000"]}},
            {"name": "code", "constraints": {"pattern": "[A-Z]{3}", "minLength": 3, "maxLength": 3}},
            {"name": "tags", "type": "list", "delimiter": ";", "itemType": "string", "rdfType": "http://schema.org/keywords"},
            {"name": "parent", "type": "integer", "missingValues": ["-"]}
        ],
        "missingValues": ["", "NA"],
        "primaryKey": ["id"],
        "uniqueKeys": [["code", "day"]],
        "foreignKeys": [{"fields": "parent", "reference": {"resource": "", "fields": "id"}}],
        "fieldsMatch": "equal"
    })
    .to_string();
    let schema = TableSchema::from_json(&text).unwrap();
    assert_eq!(schema.fields.len(), 7);
    assert_eq!(schema.fields[1].decimal_char, Some(','));
    assert_eq!(
        schema.fields[5].extra["rdfType"],
        json!("http://schema.org/keywords")
    );
    assert_eq!(
        schema.extra["$schema"],
        json!("https://specs.frictionlessdata.io/schemas/table-schema.json")
    );
    assert_eq!(
        schema.foreign_keys[0],
        ForeignKey::new(["parent"], "", ["id"])
    );
    let out = schema.to_json();
    let again = TableSchema::from_json(&out).unwrap();
    assert_eq!(again, schema);
    // The output uses Table Schema's property names.
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["fields"][1]["decimalChar"], json!(","));
    assert_eq!(value["fields"][0]["constraints"]["required"], json!(true));
    assert_eq!(value["fields"][5]["itemType"], json!("string"));
    assert_eq!(value["fieldsMatch"], json!("equal"));
    assert_eq!(value["uniqueKeys"], json!([["code", "day"]]));
    assert!(value["fields"][2].get("constraints").is_none());
    // Deserialising through serde runs the same checks.
    let via_serde: TableSchema = serde_json::from_str(&out).unwrap();
    assert_eq!(via_serde, schema);
    let err = serde_json::from_str::<TableSchema>(r#"{"fields": [{"name": "a", "type": "txt"}]}"#)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("invalid Table Schema at $.fields[0].type: unknown field type `txt`"),
        "{err}"
    );
}

#[test]
fn builders_make_the_same_schema_as_json() {
    let built = TableSchema::new(vec![
        Field::new("id", FieldType::Integer)
            .with_title("Id")
            .with_constraints(Constraints::default().with_required(true).with_unique(true)),
        Field::new("price", FieldType::Number)
            .with_decimal_char(',')
            .with_group_char('.')
            .with_bare_number(false)
            .with_constraints(Constraints::default().with_minimum(0).with_maximum(10.5)),
        Field::new("flag", FieldType::Boolean).with_boolean_values(["y"], ["n"]),
        Field::new("when", FieldType::Date)
            .with_format("%d/%m/%Y")
            .with_description("day")
            .with_constraints(Constraints::default().with_enum(["01/01/2024"])),
        Field::new("code", FieldType::String)
            .with_missing_values(["-"])
            .with_constraints(
                Constraints::default()
                    .with_pattern("[a-z]+")
                    .with_min_length(1)
                    .with_max_length(9),
            ),
        Field::new("n", FieldType::Integer).with_constraints(
            Constraints::default()
                .with_exclusive_minimum(0)
                .with_exclusive_maximum(9),
        ),
        Field::new("l", FieldType::List).with_list("|", FieldType::Integer),
    ])
    .with_missing_values(["", "NA"])
    .with_primary_key(["id"])
    .with_unique_key(["code", "when"])
    .with_foreign_key(ForeignKey::new(["n"], "other", ["k"]))
    .with_fields_match(FieldsMatch::Subset);
    built.validate().unwrap();
    let parsed = TableSchema::from_json(&built.to_json()).unwrap();
    assert_eq!(parsed, built);
    assert_eq!(parsed.field("price").map(|f| f.group_char), Some(Some('.')));
}

// ---------------------------------------------------------------- robustness

mod robustness {
    use proptest::prelude::*;

    use super::*;

    fn every_type_schema() -> TableSchema {
        let fields: Vec<serde_json::Value> = vec![
            json!({"name": "s", "format": "email", "constraints": {"pattern": "[a-z@.]+", "minLength": 1, "unique": true}}),
            json!({"name": "i", "type": "integer", "bareNumber": false, "groupChar": ",", "constraints": {"minimum": 0, "enum": [1, 2, 3]}}),
            json!({"name": "n", "type": "number", "decimalChar": ",", "constraints": {"maximum": 10}}),
            json!({"name": "b", "type": "boolean"}),
            json!({"name": "d", "type": "date", "format": "any", "constraints": {"minimum": "2000-01-01"}}),
            json!({"name": "t", "type": "time", "format": "%I:%M %p"}),
            json!({"name": "dt", "type": "datetime", "format": "%d/%m/%Y %H:%M:%S.%f%z"}),
            json!({"name": "y", "type": "year"}),
            json!({"name": "ym", "type": "yearmonth"}),
            json!({"name": "du", "type": "duration"}),
            json!({"name": "g", "type": "geopoint", "format": "object"}),
            json!({"name": "gj", "type": "geojson"}),
            json!({"name": "o", "type": "object", "constraints": {"maxLength": 2}}),
            json!({"name": "a", "type": "array"}),
            json!({"name": "l", "type": "list", "itemType": "datetime"}),
            json!({"name": "x", "type": "any"}),
        ];
        TableSchema::from_json(
            &json!({
                "fields": fields,
                "primaryKey": ["s", "i"],
                "foreignKeys": [{"fields": "y", "reference": {"resource": "", "fields": "i"}}]
            })
            .to_string(),
        )
        .unwrap()
    }

    fn leaf() -> impl Strategy<Value = serde_json::Value> {
        prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            (-1e6f64..1e6).prop_map(serde_json::Value::from),
            "[0-9:T/ .,-]{0,12}".prop_map(serde_json::Value::from),
            ".{0,6}".prop_map(serde_json::Value::from),
        ]
    }

    fn field_strategy() -> impl Strategy<Value = serde_json::Value> {
        let types = prop_oneof![
            Just("string"),
            Just("integer"),
            Just("number"),
            Just("boolean"),
            Just("date"),
            Just("time"),
            Just("datetime"),
            Just("year"),
            Just("yearmonth"),
            Just("duration"),
            Just("geopoint"),
            Just("geojson"),
            Just("object"),
            Just("array"),
            Just("list"),
            Just("any"),
            Just("bogus"),
        ];
        let formats = prop_oneof![
            Just(None),
            Just(Some("default")),
            Just(Some("any")),
            Just(Some("%d/%m/%Y")),
            Just(Some("%H:%M")),
            Just(Some("email")),
            Just(Some("array")),
            Just(Some("%q")),
        ];
        let names = prop_oneof![
            Just("required"),
            Just("unique"),
            Just("minLength"),
            Just("maxLength"),
            Just("minimum"),
            Just("maximum"),
            Just("exclusiveMinimum"),
            Just("exclusiveMaximum"),
            Just("pattern"),
            Just("enum"),
        ];
        let constraint = (names, leaf(), proptest::collection::vec(leaf(), 0..3));
        (types, formats, proptest::collection::vec(constraint, 0..3)).prop_map(
            |(t, format, constraints)| {
                let mut c = serde_json::Map::new();
                for (name, value, list) in constraints {
                    let v = if name == "enum" {
                        serde_json::Value::from(list)
                    } else {
                        value
                    };
                    c.insert(name.to_owned(), v);
                }
                let mut f = json!({"type": t, "constraints": c});
                if let Some(format) = format {
                    f["format"] = json!(format);
                }
                f
            },
        )
    }

    proptest! {
        #[test]
        fn arbitrary_cells_give_findings_not_panics(
            rows in proptest::collection::vec(proptest::collection::vec(".{0,12}", 0..20), 0..8),
            header in proptest::collection::vec("[a-z]{0,3}", 0..20),
        ) {
            let schema = every_type_schema();
            let mut v = SchemaValidator::new(&schema).unwrap();
            let mut sink = FindingSink::new(5);
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            v.check_header(1, &header, &mut sink);
            for (i, row) in rows.iter().enumerate() {
                let cells: Vec<&str> = row.iter().map(String::as_str).collect();
                v.check_row(i as u64 + 2, &cells, &mut sink);
            }
            v.finish(&mut sink);
            let report = sink.into_report(None);
            prop_assert!(report.findings.iter().all(|f| f.severity == crate::report::Severity::Error));
        }

        #[test]
        fn arbitrary_schema_text_gives_a_schema_or_an_error(text in ".{0,200}") {
            let _ = TableSchema::from_json(&text);
        }

        #[test]
        fn arbitrary_field_descriptors_are_accepted_or_rejected_cleanly(
            fields in proptest::collection::vec(field_strategy(), 1..4),
            cells in proptest::collection::vec(".{0,10}", 4),
        ) {
            let names: Vec<serde_json::Value> = fields
                .into_iter()
                .enumerate()
                .map(|(i, mut f)| { f["name"] = json!(format!("f{i}")); f })
                .collect();
            let n = names.len();
            let text = json!({"fields": names}).to_string();
            if let Ok(schema) = TableSchema::from_json(&text) {
                let mut v = SchemaValidator::new(&schema).unwrap();
                let mut sink = FindingSink::new(5);
                let cells: Vec<&str> = cells.iter().map(String::as_str).take(n).collect();
                v.check_row(2, &cells, &mut sink);
                v.check_row(3, &cells, &mut sink);
                v.finish(&mut sink);
            }
        }

        #[test]
        fn arbitrary_patterns_and_cells(pattern in "(%[a-zA-Z%]|[ /:.-]|[a-z]){0,8}", cell in ".{0,20}") {
            if let Ok(p) = crate::table::types::DatePattern::new(&pattern) {
                let _ = p.parse(&cell);
            }
            let _ = crate::table::types::parse_duration(&cell);
        }
    }
}
