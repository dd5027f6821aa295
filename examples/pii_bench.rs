//! Throughput of the personal-data scan, for `scripts/pii_bench.py` and
//! `scripts/pii_accuracy.py` (run with `cargo run --release --example pii_bench -- ...`).
//!
//! * `text FILE.jsonl [--spans OUT.jsonl]`: `scan_text` over every line (a JSON string),
//!   repeated for at least a second (`--seconds S`; 0 runs one round, for instruction
//!   counts under callgrind; `--batch` scans them with `scan_texts`, on every core);
//!   prints throughput as JSON and optionally the spans.
//! * `csv FILE.csv [--report OUT.json]`: raw CSV parsing alone, then parsing plus building
//!   Arrow batches plus column classification of every cell; prints both speeds as JSON.

use std::io::{BufRead, Write};
use std::sync::Arc;
use std::time::Instant;

use arrow_array::{ArrayRef, RecordBatch, StringArray};
use opendata::pii::{scan_text, scan_texts, ColumnScanner, RuleSet, ScanOptions};

type Fallible<T> = Result<T, Box<dyn std::error::Error>>;

fn main() -> Fallible<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    match (args.first().map(String::as_str), args.get(1)) {
        (Some("text"), Some(file)) => {
            let seconds = flag("--seconds").map_or(Ok(1.0), |s| s.parse::<f64>())?;
            let batch = args.iter().any(|a| a == "--batch");
            text(file, flag("--spans"), seconds, batch)
        }
        (Some("csv"), Some(file)) => csv(file, flag("--report")),
        _ => Err(
            "usage: pii_bench text FILE.jsonl [--spans OUT] [--seconds S] [--batch] | csv FILE.csv [--report OUT]".into(),
        ),
    }
}

fn text(file: &str, spans_out: Option<String>, seconds: f64, batch: bool) -> Fallible<()> {
    let texts: Vec<String> = std::io::BufReader::new(std::fs::File::open(file)?)
        .lines()
        .map(|l| Ok(serde_json::from_str::<String>(&l?)?))
        .collect::<Fallible<_>>()?;
    let bytes: usize = texts.iter().map(String::len).sum();
    let rules = RuleSet::builtin()?;
    let options = ScanOptions::default();
    if let Some(out) = spans_out {
        let mut w = std::io::BufWriter::new(std::fs::File::create(out)?);
        for t in &texts {
            writeln!(
                w,
                "{}",
                serde_json::to_string(&scan_text(t, &rules, &options))?
            )?;
        }
    }
    let start = Instant::now();
    let mut rounds = 0u64;
    let mut found = 0usize;
    while rounds == 0 || start.elapsed().as_secs_f64() < seconds {
        if batch {
            found += scan_texts(&texts, &rules, &options)
                .iter()
                .map(Vec::len)
                .sum::<usize>();
        } else {
            for t in &texts {
                found += scan_text(t, &rules, &options).len();
            }
        }
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    let n = texts.len() as f64 * rounds as f64;
    println!(
        "{}",
        serde_json::json!({
            "texts": texts.len(),
            "rounds": rounds,
            "seconds": secs,
            "texts_per_second": n / secs,
            "mb_per_second": bytes as f64 * rounds as f64 / secs / 1e6,
            "spans_per_round": found as f64 / rounds as f64,
        })
    );
    Ok(())
}

fn csv(file: &str, report_out: Option<String>) -> Fallible<()> {
    let size = std::fs::metadata(file)?.len() as f64;
    // Raw parse: every record read, nothing else.
    let start = Instant::now();
    let mut reader = ::csv::ReaderBuilder::new().flexible(true).from_path(file)?;
    let mut record = ::csv::ByteRecord::new();
    let mut rows = 0u64;
    while reader.read_byte_record(&mut record)? {
        rows += 1;
    }
    let raw = start.elapsed().as_secs_f64();
    // Parse, build all-text Arrow batches of 64k rows, classify every cell.
    let rules = RuleSet::builtin()?;
    let options = ScanOptions::default();
    let start = Instant::now();
    let mut reader = ::csv::ReaderBuilder::new().flexible(true).from_path(file)?;
    let header: Vec<String> = reader.headers()?.iter().map(str::to_owned).collect();
    let mut scanner = ColumnScanner::new(&rules, &options);
    let mut columns: Vec<Vec<Option<String>>> = vec![Vec::new(); header.len()];
    let flush =
        |columns: &mut Vec<Vec<Option<String>>>, scanner: &mut ColumnScanner| -> Fallible<()> {
            if columns.first().is_none_or(Vec::is_empty) {
                return Ok(());
            }
            let arrays: Vec<(String, ArrayRef)> = header
                .iter()
                .cloned()
                .zip(
                    columns
                        .iter_mut()
                        .map(|c| Arc::new(StringArray::from(std::mem::take(c))) as ArrayRef),
                )
                .collect();
            scanner.update(&RecordBatch::try_from_iter(arrays)?)?;
            Ok(())
        };
    let mut rec = ::csv::StringRecord::new();
    while reader.read_record(&mut rec)? {
        for (i, c) in columns.iter_mut().enumerate() {
            c.push(rec.get(i).map(str::to_owned));
        }
        if columns[0].len() >= 65_536 {
            flush(&mut columns, &mut scanner)?;
        }
    }
    flush(&mut columns, &mut scanner)?;
    let report = scanner.finish();
    let scanned = start.elapsed().as_secs_f64();
    if let Some(out) = report_out {
        std::fs::write(out, serde_json::to_string_pretty(&report)?)?;
    }
    println!(
        "{}",
        serde_json::json!({
            "rows": rows,
            "columns": header.len(),
            "mb": size / 1e6,
            "raw_parse_mb_per_second": size / raw / 1e6,
            "parse_and_classify_mb_per_second": size / scanned / 1e6,
            "ratio_to_raw_parse": raw / scanned,
            "flagged_columns": report.flagged().count(),
        })
    );
    Ok(())
}
