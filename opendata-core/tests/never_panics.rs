//! Arbitrary bytes in: a report or a typed error, never a panic.

use opendata_core::table::{check_csv, CheckOptions};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_give_a_report(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let report = check_csv(bytes.as_slice(), &CheckOptions::default()).unwrap();
        prop_assert_eq!(report.ok, report.counts.error == 0);
    }

    #[test]
    fn csv_like_bytes_give_a_report(s in "[a-c,;\"\r\n \t|]{0,300}") {
        let report = check_csv(s.as_bytes(), &CheckOptions::default()).unwrap();
        let rows = report.table.map(|t| t.rows).unwrap_or(0);
        for f in &report.findings {
            if let Some(row) = f.location.row {
                prop_assert!(row >= 1 && row <= rows.max(1), "row {} of {}", row, rows);
            }
        }
    }

    #[test]
    fn small_cell_limit_never_panics(s in "[a-c,\"\n]{0,200}", limit in 1u64..16) {
        let mut options = CheckOptions::default();
        options.max_cell_bytes = limit;
        let _ = check_csv(s.as_bytes(), &options).unwrap();
    }
}
