//! The column scan of a CSV file straight from its records, without Arrow batches.

use super::column::{CellType, RecordScanner};
use super::{RuleSet, ScanOptions, ScanReport, ScanState};
use crate::table::records::{CsvRecords, RecordChunks};

/// Rows per chunk handed to a scanning thread.
const CHUNK_ROWS: usize = 4 * 1024;

/// Classifies every column of a CSV file: the same report as [`scan_csv`](super::scan_csv)
/// gives for the same file and options, faster, since cells are scanned as text read from
/// the records (each read as its column's inferred type, as the Arrow reader would) and,
/// where threads exist, on two threads.
///
/// ```
/// use opendata_core::pii::{scan_records, RuleSet, ScanOptions};
/// use opendata_core::table::{records::CsvRecords, CheckOptions};
///
/// let csv = "id,contact\n1,ada@example.org\n2,bob@example.net\n3,cy@example.com\n";
/// let records = CsvRecords::from_bytes(csv.as_bytes().to_vec(), &CheckOptions::default())?;
/// let report = scan_records(&records, &RuleSet::builtin()?, &ScanOptions::default())?;
/// assert_eq!(report.columns[1].verdict.as_deref(), Some("EMAIL_ADDRESS"));
/// # Ok::<(), opendata_core::Error>(())
/// ```
pub fn scan_records(
    records: &CsvRecords,
    rules: &RuleSet,
    options: &ScanOptions,
) -> Result<ScanReport, crate::Error> {
    scan_records_in_chunks(records, rules, options, CHUNK_ROWS)
}

pub(crate) fn scan_records_in_chunks(
    records: &CsvRecords,
    rules: &RuleSet,
    options: &ScanOptions,
    chunk_rows: usize,
) -> Result<ScanReport, crate::Error> {
    options.validate()?;
    let names = records.names();
    let data_types: Vec<String> = records
        .arrow_types()
        .iter()
        .map(ToString::to_string)
        .collect();
    let types: Vec<CellType> = records.inferred_types().iter().map(CellType::of).collect();
    // A chunk keeps twice the examples asked for: merged in row order, that is enough
    // for the first `max_examples` distinct ones of the whole file to survive, exactly as
    // one scanner over all rows would keep them.
    let mut chunk_options = options.clone();
    chunk_options.max_examples = options.max_examples.saturating_mul(2);
    let new_scanner = || {
        RecordScanner::new(
            rules,
            &chunk_options,
            names,
            data_types.clone(),
            types.clone(),
        )
    };
    let chunks = records.chunks(chunk_rows)?;
    let states = scan_chunks(chunks, new_scanner)?;
    let mut total: Option<ScanState> = None;
    for state in states {
        match &mut total {
            None => {
                let mut first = new_scanner().empty_state();
                first.merge(state, options.max_examples)?;
                total = Some(first);
            }
            Some(t) => t.merge(state, options.max_examples)?,
        }
    }
    // No data rows: the Arrow reader gives no batch, so the scan saw no columns.
    let state = total.unwrap_or_else(|| ScanState {
        rule_ids: rules.ids(),
        ..ScanState::default()
    });
    Ok(state.finish(rules, options))
}

/// The chunk states in row order, scanned on this thread.
#[cfg(target_arch = "wasm32")]
fn scan_chunks(
    mut chunks: RecordChunks,
    new_scanner: impl Fn() -> RecordScanner,
) -> Result<Vec<ScanState>, crate::Error> {
    let mut scanner = new_scanner();
    let mut states = Vec::new();
    while let Some(chunk) = chunks.next() {
        let chunk = chunk?;
        states.push(scanner.scan(&chunk));
        chunks.recycle(chunk);
    }
    Ok(states)
}

/// The chunk states in row order: this thread parses, two workers scan (the parse costs
/// a fraction of the scan, so two workers keep two cores busy).
#[cfg(not(target_arch = "wasm32"))]
fn scan_chunks(
    mut chunks: RecordChunks,
    new_scanner: impl Fn() -> RecordScanner + Sync,
) -> Result<Vec<ScanState>, crate::Error> {
    use crate::table::records::RecordChunk;
    use std::sync::mpsc::{channel, sync_channel};
    use std::sync::{Arc, Mutex};

    const WORKERS: usize = 2;
    std::thread::scope(|scope| {
        let (send, receive) = sync_channel::<(usize, RecordChunk)>(WORKERS * 2);
        let receive = Arc::new(Mutex::new(receive));
        // Scanned chunks come back to be read into again.
        let (give_back, given_back) = channel::<RecordChunk>();
        let workers: Vec<_> = (0..WORKERS)
            .map(|_| {
                let receive = Arc::clone(&receive);
                let give_back = give_back.clone();
                let new_scanner = &new_scanner;
                scope.spawn(move || {
                    let mut scanner = new_scanner();
                    let mut out = Vec::new();
                    loop {
                        // The lock is held only to take the next chunk.
                        let next = match receive.lock() {
                            Ok(r) => r.recv(),
                            Err(_) => break,
                        };
                        let Ok((index, chunk)) = next else {
                            break;
                        };
                        out.push((index, scanner.scan(&chunk)));
                        // The reader may be done and gone: the chunk is then dropped.
                        let _ = give_back.send(chunk);
                    }
                    out
                })
            })
            .collect();
        drop(give_back);
        let mut failure = None;
        let mut index = 0;
        loop {
            while let Ok(spare) = given_back.try_recv() {
                chunks.recycle(spare);
            }
            let Some(chunk) = chunks.next() else {
                break;
            };
            index += 1;
            match chunk {
                Ok(chunk) => {
                    if send.send((index, chunk)).is_err() {
                        break;
                    }
                }
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
        }
        drop(send);
        let mut states = Vec::new();
        for w in workers {
            match w.join() {
                Ok(part) => states.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        if let Some(e) = failure {
            return Err(e);
        }
        states.sort_by_key(|(i, _)| *i);
        Ok(states.into_iter().map(|(_, s)| s).collect())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pii::scan_csv;
    use crate::table::{CheckOptions, CsvReader};
    use proptest::prelude::*;

    /// Cell values of many kinds, so that columns come out with every inferred type and
    /// with values the rules take (or almost take).
    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            (0i64..200).prop_map(|n| n.to_string()),
            (-99_999i64..99_999_999).prop_map(|n| n.to_string()),
            (0u32..99_999).prop_map(|n| format!("{n:06}")),
            (0u32..100_000).prop_map(|n| format!("{}", f64::from(n) / 100.0)),
            (0u32..10_000_000).prop_map(|n| format!("{},{:02}", n / 100, n % 100)),
            (1_000u32..10_000_000).prop_map(|n| format!("{}.{:03},5", n / 1000, n % 1000)),
            (1_000u32..10_000_000).prop_map(|n| format!("£{},{:03}.25", n / 1000, n % 1000)),
            (0u32..1_000).prop_map(|n| format!("{n}.5%")),
            // Latitudes with a decimal comma: precise coordinates once read as numbers.
            (4_000_000u32..6_000_000).prop_map(|n| format!("{},{:05}", n / 100_000, n % 100_000)),
            (1900i32..2030, 1u32..13, 1u32..29)
                .prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
            (1900i32..2030, 1u32..13, 1u32..29)
                .prop_map(|(y, m, d)| format!("{d:02}/{m:02}/{y}")),
            (2000i32..2030, 1u32..13, 0u32..24)
                .prop_map(|(y, m, h)| format!("{y}-{m:02}-11T{h:02}:30:00Z")),
            (1900i32..2030, 1u32..13, 1u32..29, 0u32..24)
                .prop_map(|(y, m, d, h)| format!("{d:02}/{m:02}/{y} {h:02}:05")),
            (0u32..24).prop_map(|h| format!("{h:02}:15")),
            prop_oneof![Just("true"), Just("false"), Just("F"), Just("M"), Just("female")]
                .prop_map(str::to_owned),
            prop_oneof![Just(""), Just("NA"), Just("-"), Just("  ")].prop_map(str::to_owned),
            "[a-z]{1,8}\\.[a-z]{1,8}@example\\.(org|com)",
            prop_oneof![
                Just("Maria Rossi"),
                Just("Thomas Müller"),
                Just("Olivia Smith"),
                Just("GB82 WEST 1234 5698 7654 32"),
                Just("DE89370400440532013000"),
                Just("AB 12 34 56 C"),
                Just("943 476 5919"),
                Just("SW1A 1AA"),
                Just("SW1A"),
                Just("White British"),
                Just("12 High Street"),
                Just("+44 20 7946 0018"),
                Just("192.168.0.1"),
                Just("51.50722, -0.12750"),
            ]
            .prop_map(str::to_owned),
            "[A-Za-z0-9 .,@+-]{0,30}",
            "(call|write to|Dear) (Maria Rossi|jane@example.org|07700 900123) about the boiler please",
        ]
    }

    const HEADERS: [&str; 8] = [
        "id",
        "email",
        "date of birth",
        "passport number",
        "age",
        "notes",
        "postcode",
        "sex",
    ];

    fn csv_text(width: usize, families: &[usize], rows: &[Vec<String>]) -> String {
        let mut out = String::new();
        let header: Vec<&str> = HEADERS.iter().take(width).copied().collect();
        out.push_str(&header.join(","));
        out.push('\n');
        for row in rows {
            let cells: Vec<String> = row
                .iter()
                .take(width)
                .zip(families)
                .map(|(c, _)| format!("\"{}\"", c.replace('"', "\"\"")))
                .collect();
            out.push_str(&cells.join(","));
            out.push('\n');
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// The record scan and the Arrow scan give the same report, whatever the chunking.
        #[test]
        fn record_scan_equals_arrow_scan(
            width in 1usize..=8,
            rows in prop::collection::vec(prop::collection::vec(cell(), 8), 0..40),
            homogeneous in prop::collection::vec(any::<bool>(), 8),
            chunk_rows in 1usize..7,
            max_examples in 0usize..4,
        ) {
            // Half the columns repeat their first row's kind of value, so typed columns
            // (integers, dates, booleans, numbers with a decimal comma...) are common.
            let kind = |c: &str| {
                use crate::table::types::{parse_numeric_datetime, parse_written_number};
                (
                    c.parse::<f64>().is_ok(),
                    parse_written_number(c, ',').is_some(),
                    parse_written_number(c, '.').is_some(),
                    parse_numeric_datetime(c).is_some(),
                )
            };
            let mut rows = rows;
            if let Some(first) = rows.first().cloned() {
                for row in rows.iter_mut() {
                    for (i, same) in homogeneous.iter().enumerate() {
                        if *same && kind(&row[i]) != kind(&first[i]) {
                            row[i] = first[i].clone();
                        }
                    }
                }
            }
            let text = csv_text(width, &[0; 8], &rows);
            let check = CheckOptions::default();
            let rules = RuleSet::builtin().unwrap();
            let options = ScanOptions { max_examples, ..ScanOptions::default() };
            let arrow = CsvReader::from_bytes(text.as_bytes().to_vec(), &check)
                .map_err(|e| e.to_string())
                .and_then(|r| scan_csv(&r, &rules, &options).map_err(|e| e.to_string()));
            let records = CsvRecords::from_bytes(text.as_bytes().to_vec(), &check)
                .map_err(|e| e.to_string())
                .and_then(|r| {
                    scan_records_in_chunks(&r, &rules, &options, chunk_rows)
                        .map_err(|e| e.to_string())
                });
            prop_assert_eq!(arrow, records);
        }
    }

    #[test]
    fn numbers_with_a_decimal_comma_are_scanned_as_their_values() {
        let text = "id;lat\n1;51,50722\n2;52,12345\n3;48,85661\n";
        let check = CheckOptions::default();
        let rules = RuleSet::builtin().unwrap();
        let options = ScanOptions::default();
        let records = CsvRecords::from_bytes(text.as_bytes().to_vec(), &check).unwrap();
        let report = scan_records(&records, &rules, &options).unwrap();
        let arrow = CsvReader::from_bytes(text.as_bytes().to_vec(), &check).unwrap();
        assert_eq!(report, scan_csv(&arrow, &rules, &options).unwrap());
        let lat = &report.columns[1];
        assert_eq!(lat.verdict.as_deref(), Some("GEO_COORDINATES"));
        assert_eq!(lat.data_type, "Float64");
    }

    #[test]
    fn examples_are_the_first_distinct_ones_of_the_file() {
        let mut text = String::from("email\n");
        for i in 0..40 {
            let first = ["ada", "bob", "cy", "dee", "eve", "fay", "gus"][i % 7];
            text.push_str(&format!("{first}{i}@example.org\n"));
        }
        let check = CheckOptions::default();
        let rules = RuleSet::builtin().unwrap();
        let options = ScanOptions::default();
        let reader = CsvReader::from_bytes(text.as_bytes().to_vec(), &check).unwrap();
        let expected = scan_csv(&reader, &rules, &options).unwrap();
        let records = CsvRecords::from_bytes(text.as_bytes().to_vec(), &check).unwrap();
        for chunk_rows in [1, 2, 3, 5, 64] {
            let got = scan_records_in_chunks(&records, &rules, &options, chunk_rows).unwrap();
            assert_eq!(got, expected, "chunks of {chunk_rows} rows");
        }
        assert_eq!(expected.columns[0].examples.len(), 3);
    }
}
