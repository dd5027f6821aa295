//! `opendata suppress` as a statistician runs it on a count table.

use std::path::{Path, PathBuf};
use std::process::Output;

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("opendata-suppress-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(d: &Path, name: &str, text: &str) -> String {
    let p = d.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_owned()
}

fn opendata(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_opendata"))
        .args(args)
        .output()
        .expect("the opendata binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Only the input is left in the folder: no output, no temporary file.
fn assert_only_input(d: &Path) {
    let names: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["in.csv"]);
}

const WITH_TOTALS: &str = "area,female,male,other,Total\n\
North,3,40,12,55\n\
South,25,31,9,65\n\
East,18,22,14,54\n\
Total,46,93,35,174\n";

#[test]
fn small_cell_and_its_complements_are_suppressed_totals_kept() {
    let d = dir("totals");
    let input = write(&d, "in.csv", WITH_TOTALS);
    let out = d.join("out.csv");
    let o = opendata(&[
        "suppress",
        &input,
        "--threshold",
        "5",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    // The 3 is primary. Of the rectangles that hide it from both margins, North/other,
    // East/female, East/other hides the least (12 + 18 + 14 = 44, South's would be 46).
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "area,female,male,other,Total\r\n\
North,[c],40,[c],55\r\n\
South,25,31,9,65\r\n\
East,[c],22,[c],54\r\n\
Total,46,93,35,174\r\n"
    );
    assert_eq!(
        text(&o.stdout),
        format!(
            "{input} -> {}: 3 rows x 3 columns, threshold 5, protected against row and column totals\n\
suppressed as small (primary, below 5): 1\n  North / female\n\
suppressed to protect them from the totals (secondary): 3\n  North / other\n  East / female\n  East / other\n",
            out.display()
        )
    );
}

#[test]
fn json_report_names_cells_not_their_counts() {
    let d = dir("json");
    let input = write(&d, "in.csv", WITH_TOTALS);
    let out = d.join("out.csv");
    let o = opendata(&[
        "suppress",
        &input,
        "--threshold",
        "5",
        "--round-base",
        "5",
        "-o",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v,
        serde_json::json!({
            "file": input,
            "output": out.to_str().unwrap(),
            "threshold": 5,
            "round_base": 5,
            "suppress_zeros": false,
            "row_totals": true,
            "column_totals": true,
            "rows": 3,
            "columns": 3,
            "primary": [{"row": "North", "column": "female"}],
            "secondary": [
                {"row": "North", "column": "other"},
                {"row": "East", "column": "female"},
                {"row": "East", "column": "other"}
            ]
        })
    );
    // Rounded to base 5, totals rounded on their own.
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "area,female,male,other,Total\r\n\
North,[c],40,[c],55\r\n\
South,25,30,10,65\r\n\
East,[c],20,[c],55\r\n\
Total,45,95,35,175\r\n"
    );
}

#[test]
fn table_without_totals_stays_without_them_but_is_protected() {
    let d = dir("no-totals");
    let input = write(
        &d,
        "in.csv",
        "age;A;B;C\n0-15;2;10;12\n16-64;20;30;40\n65+;7;8;30\n",
    );
    let out = d.join("out.csv");
    let o = opendata(&[
        "suppress",
        &input,
        "--threshold",
        "5",
        "--marker",
        "..",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "age,A,B,C\r\n0-15,..,..,12\r\n16-64,20,30,40\r\n65+,..,..,30\r\n"
    );
}

#[test]
fn one_published_margin_needs_one_complement_per_line() {
    let d = dir("one-margin");
    let input = write(&d, "in.csv", "area,x,y,z\nA,2,9,30\nB,5,6,7\n");
    let out = d.join("out.csv");
    let o = opendata(&[
        "suppress",
        &input,
        "--threshold",
        "5",
        "--totals",
        "row-totals",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "area,x,y,z,Total\r\nA,[c],[c],30,41\r\nB,5,6,7,18\r\n"
    );
}

#[test]
fn bad_tables_and_arguments_are_refused_before_any_output() {
    let cases: &[(&str, &str, &[&str], &str)] = &[
        (
            "non-numeric",
            "area,x,y\nA,2,many\nB,5,6\n",
            &[],
            "invalid count table: row 2, column `y`: \"many\" is not a whole number",
        ),
        (
            "negative",
            "area,x,y\nA,2,9\nB,-5,6\n",
            &[],
            "invalid count table: row 3, column `x`: negative count -5",
        ),
        (
            "missing-column",
            "area,x,y\nA,2,9\nB,5,6\n",
            &["--columns", "x,z"],
            "unknown column `z`: the table has no such column",
        ),
        (
            "missing-label-column",
            "area,x,y\nA,2,9\nB,5,6\n",
            &["--label-column", "region"],
            "unknown column `region`: the table has no such column",
        ),
        (
            "totals-wrong",
            "area,x,y,Total\nA,2,9,11\nB,5,6,12\n",
            &[],
            "invalid count table: row 3: the totals column says 12, but the row's counts add up to 11",
        ),
        (
            "threshold-zero",
            "area,x,y\nA,2,9\nB,5,6\n",
            &["--threshold", "0"],
            "--threshold must be at least 1 (counts below it are suppressed)",
        ),
        (
            "ragged",
            "area,x,y\nA,2,9\nB,5\n",
            &[],
            "the file has structural errors",
        ),
    ];
    for (name, csv, extra, message) in cases {
        let d = dir(name);
        let input = write(&d, "in.csv", csv);
        let out = d.join("out.csv");
        let mut args = vec!["suppress", input.as_str(), "-o", out.to_str().unwrap()];
        if !extra.contains(&"--threshold") {
            args.extend(["--threshold", "5"]);
        }
        args.extend_from_slice(extra);
        let o = opendata(&args);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", text(&o.stdout));
        assert!(
            text(&o.stderr).contains(message),
            "{name}: {}",
            text(&o.stderr)
        );
        assert!(o.stdout.is_empty(), "{name}");
        assert_only_input(&d);
    }
}
