//! The cell checks may run on a second thread; the report must not depend on it.

use opendata_core::table::{check_csv, CheckOptions};
use opendata_core::Report;
use proptest::prelude::*;

/// Rows of a register with a defect of some kind, picked by `kind`.
fn row(i: usize, kind: u8) -> String {
    match kind {
        0 => format!("{i}, padded name ,ann@example.org,2024-01-02,12.5\n"),
        1 => format!("{i},=HYPERLINK(\"x\"),bob@example.org,2024-01-03,7\n"),
        2 => format!("{i},short row\n"),
        3 => "\n".to_owned(),
        4 => format!("{i},stray \"quote,cy@example.org,2024-01-04,1\n"),
        5 => format!("{i},bell\u{7},dee@example.org,2024-01-05,2\n"),
        6 => format!("{i},sci,ed@example.org,2024-01-06,1.23E+11\n"),
        7 => format!("{i},thousands,fi@example.org,2024-01-07,\"1,234,567\"\n"),
        8 => format!("{i},late text,gus@example.org,05/01/2024,not a number\n"),
        // After a blank row, a possible note that the rows after it make data again.
        9 => format!("Note on row {i}\n"),
        10 => format!("Total,,,,{i}\n"),
        _ => format!(
            "{i},Plain Name,plain@example.org,2024-02-01,{}.25\n",
            i % 1000
        ),
    }
}

fn table(kinds: &[u8]) -> String {
    let mut csv = String::from("id,name,email,opened,amount\n");
    for (i, kind) in kinds.iter().enumerate() {
        csv.push_str(&row(i + 1, *kind));
    }
    csv
}

/// Rows of fewer cells than the header (`short row`, `Note on row`).
fn short_rows(kinds: &[u8]) -> u64 {
    kinds.iter().filter(|k| matches!(k, 2 | 9)).count() as u64
}

/// Ragged rows, those over the per-code limit included, and notes below the table.
fn ragged_or_notes(report: &Report) -> u64 {
    let ragged = report.with_code("ragged-row").count() as u64
        + report.omitted.get("ragged-row").copied().unwrap_or(0);
    ragged + report.with_code("note-row").count() as u64
}

fn check(csv: &str, parallel: bool) -> Report {
    let mut options = CheckOptions::default();
    options.parallel = parallel;
    options.max_findings_per_code = 50;
    check_csv(csv.as_bytes(), &options).unwrap()
}

#[test]
fn a_large_file_gives_the_same_report_on_one_thread_or_two() {
    // Far more than the 64 KiB sample, so the second thread is used; defects spread over
    // the whole file and past the per-code limit, so the merge of kept and omitted counts
    // is exercised.
    let kinds: Vec<u8> = (0..40_000).map(|i| (i * 7 % 23) as u8).collect();
    let csv = table(&kinds);
    assert!(csv.len() > 1_000_000);
    let single = check(&csv, false);
    let parallel = check(&csv, true);
    assert_eq!(single, parallel);

    let whitespace = kinds.iter().filter(|k| **k == 0).count();
    assert_eq!(single.with_code("whitespace").count(), 50);
    assert_eq!(single.omitted["whitespace"], (whitespace - 50) as u64);
    assert_eq!(ragged_or_notes(&single), short_rows(&kinds));
    let first_formula = kinds.iter().position(|k| *k == 1).unwrap() as u64 + 2;
    assert_eq!(
        single
            .with_code("formula-injection")
            .next()
            .unwrap()
            .location
            .row,
        Some(first_formula)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn any_mix_of_defects_gives_the_same_report(kinds in proptest::collection::vec(0u8..18, 3_000..6_000)) {
        let csv = table(&kinds);
        prop_assert_eq!(check(&csv, false), check(&csv, true));
    }

    /// Rows held back as possible notes or totals and then read as data are checked as
    /// any data row, in file order, wherever the chunks the cell checks get are cut.
    #[test]
    fn held_back_rows_that_prove_data_are_checked_in_order(kinds in proptest::collection::vec(prop_oneof![Just(0u8), Just(2), Just(3), Just(9), Just(10), Just(11)], 1_000..3_000)) {
        let csv = table(&kinds);
        let single = check(&csv, false);
        prop_assert_eq!(&single, &check(&csv, true));
        // Every short row is counted once: as data (ragged) or, at the very end, as a note.
        prop_assert_eq!(ragged_or_notes(&single), short_rows(&kinds));
    }
}
