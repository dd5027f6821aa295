//! Text and JSON rendering of reports.

use std::io::{self, Write};

use clap::ValueEnum;
use opendata::report::{codes, Finding, Report};

/// Output format of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Lines a person reads.
    Text,
    /// The report as JSON (documented in docs/json.md).
    Json,
}

pub fn print_report(report: &Report, name: &str, format: Format) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match format {
        Format::Json => writeln!(out, "{}", report.to_json()),
        Format::Text => write_text(&mut out, report, name),
    }
}

/// A command's report as pretty JSON (docs/json.md).
pub(crate) fn to_json(v: &impl serde::Serialize) -> String {
    // Plain data with string keys: serialising cannot fail.
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// `1 row`, `2 rows`.
pub(crate) fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn write_text(out: &mut impl Write, report: &Report, name: &str) -> io::Result<()> {
    let c = report.counts;
    let mut head = format!(
        "{name}: {}, {}, {} info",
        plural(c.error, "error"),
        plural(c.warning, "warning"),
        c.info
    );
    if let Some(t) = &report.table {
        let delimiter = if t.delimiter == "\t" {
            "tab".to_owned()
        } else {
            format!("'{}'", t.delimiter)
        };
        head.push_str(&format!(
            " ({}, delimiter {delimiter}, {}, {})",
            if t.encoding.is_empty() {
                "?"
            } else {
                &t.encoding
            },
            plural(t.rows, "row"),
            plural(t.columns, "column")
        ));
    }
    writeln!(out, "{head}")?;
    write_findings(out, &report.findings)?;
    for (code, n) in &report.omitted {
        writeln!(out, "... and {n} more {code} findings not shown")?;
    }
    if report.ok {
        writeln!(out, "OK: nothing blocks publication.")?;
    }
    Ok(())
}

/// Findings as aligned lines with their hint; the location leads unless the message
/// already starts with it.
pub fn write_findings(out: &mut impl Write, findings: &[Finding]) -> io::Result<()> {
    for f in findings {
        let place = f.location.describe();
        let message = if place.is_empty()
            || f.message.starts_with("row ")
            || f.message.starts_with("column ")
        {
            f.message.clone()
        } else {
            format!("{place}: {}", f.message)
        };
        writeln!(out, "{:<7} {:<24} {message}", f.severity.as_str(), f.code)?;
        writeln!(out, "{:<32} hint: {}", "", f.hint)?;
    }
    Ok(())
}

/// How to print the code table.
pub enum CodesStyle {
    Text,
    Json,
    Markdown,
}

pub fn print_codes(style: CodesStyle) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let table = codes();
    match style {
        CodesStyle::Json => {
            writeln!(out, "{}", to_json(&table))
        }
        CodesStyle::Text => {
            for c in table {
                writeln!(
                    out,
                    "{:<24} {:<8} {}",
                    c.code,
                    c.severity.as_str(),
                    c.meaning
                )?;
            }
            Ok(())
        }
        CodesStyle::Markdown => write!(out, "{}", opendata::report::codes_markdown()),
    }
}
