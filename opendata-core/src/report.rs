//! Findings and reports shared by every checker.
//!
//! Every checker answers with [`Finding`]s: a stable machine [`code`](Finding::code) from
//! the table that [`codes`] returns, a [`Severity`], a [`Location`], a message a person
//! understands and a hint how to fix it. Codes are never renamed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How serious a finding is. Ordered from least to most serious.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// Worth knowing; nothing to fix.
    Info,
    /// Probably wrong or harmful to re-users; publishing is still possible.
    Warning,
    /// Must be fixed before publishing.
    Error,
}

impl Severity {
    /// The lowercase name used in JSON and text output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a finding is. Every part is optional; a checker fills what it knows.
///
/// Rows are numbered like frictionless' `rowNumber`: the first physical record of the
/// file (normally the header) is row 1, and blank lines count. Columns are 1-based.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Location {
    /// 1-based record number in the file, header included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<u64>,
    /// 1-based column number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    /// The column's header name, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// 0-based byte offset in the original input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byte_offset: Option<u64>,
    /// A JSON path (`$.distribution[0].license`) in a JSON document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The RDF subject (IRI or blank node label) a metadata finding is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The RDF property (full IRI or a compact `dct:title`) a metadata finding is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub property: Option<String>,
}

impl Location {
    /// A location naming the whole input.
    pub fn file() -> Self {
        Self::default()
    }

    /// A location at a row.
    pub fn row(row: u64) -> Self {
        Self {
            row: Some(row),
            ..Self::default()
        }
    }

    /// A location at a byte offset.
    pub fn byte(offset: u64) -> Self {
        Self {
            byte_offset: Some(offset),
            ..Self::default()
        }
    }

    /// A location at a JSON path.
    pub fn path(path: impl Into<String>) -> Self {
        Self {
            path: Some(path.into()),
            ..Self::default()
        }
    }

    /// A location at an RDF subject and property.
    pub fn rdf(subject: impl Into<String>, property: impl Into<String>) -> Self {
        Self {
            subject: Some(subject.into()),
            property: Some(property.into()),
            ..Self::default()
        }
    }

    /// The same location with a column (1-based) and its header name.
    pub fn with_column(mut self, column: u64, field: Option<&str>) -> Self {
        self.column = Some(column);
        self.field = field.map(str::to_owned);
        self
    }

    /// The same location with a byte offset.
    pub fn with_byte(mut self, offset: u64) -> Self {
        self.byte_offset = Some(offset);
        self
    }

    /// A short human description such as `row 17, column 3 (name)`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(row) = self.row {
            parts.push(format!("row {row}"));
        }
        match (self.column, &self.field) {
            (Some(c), Some(f)) => parts.push(format!("column {c} ({f})")),
            (Some(c), None) => parts.push(format!("column {c}")),
            (None, Some(f)) => parts.push(format!("column {f}")),
            (None, None) => {}
        }
        if let Some(b) = self.byte_offset {
            parts.push(format!("byte {b}"));
        }
        if let Some(p) = &self.path {
            parts.push(p.clone());
        }
        if let Some(s) = &self.subject {
            parts.push(format!("<{s}>"));
        }
        if let Some(p) = &self.property {
            parts.push(p.clone());
        }
        parts.join(", ")
    }
}

/// One entry of the code table: what a code means and how to fix what it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CodeInfo {
    /// The stable machine code, e.g. `ragged-row`.
    pub code: &'static str,
    /// The severity findings with this code have.
    pub severity: Severity,
    /// What the code means, in one sentence.
    pub meaning: &'static str,
    /// How to fix it, in one sentence.
    pub hint: &'static str,
}

/// Every finding code the core can emit, in one table (rendered in `docs/codes.md`).
pub fn codes() -> Vec<&'static CodeInfo> {
    crate::table::CODES
        .iter()
        .chain(crate::pii::CODES.iter())
        .chain(crate::anonymise::CODES)
        .chain(crate::licence::CODES)
        .chain(crate::table::schema::CODES)
        .chain(crate::catalog::all_codes())
        .collect()
}

/// Looks a code up in the table.
pub fn code_info(code: &str) -> Option<&'static CodeInfo> {
    codes().into_iter().find(|c| c.code == code)
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Finding {
    /// Stable machine code (see [`codes`]).
    pub code: String,
    /// How serious it is.
    pub severity: Severity,
    /// Where it is.
    pub location: Location,
    /// What is wrong, for a person, with the specifics of this case.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl Finding {
    /// A finding for a code from the table; severity and hint come from the table.
    pub fn new(info: &CodeInfo, location: Location, message: impl Into<String>) -> Self {
        Self {
            code: info.code.to_owned(),
            severity: info.severity,
            location,
            message: message.into(),
            hint: info.hint.to_owned(),
        }
    }
}

/// How many findings a report has of each severity (omitted ones included).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Findings of severity error.
    pub error: u64,
    /// Findings of severity warning.
    pub warning: u64,
    /// Findings of severity info.
    pub info: u64,
}

/// What was read: the dialect and size of a checked table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TableSummary {
    /// The encoding the bytes were read as (`UTF-8`, `windows-1252`, ...).
    pub encoding: String,
    /// The field delimiter, as a one-character string.
    pub delimiter: String,
    /// Whether the first record was taken as the header.
    pub header: bool,
    /// Physical records read, header and blank lines included.
    pub rows: u64,
    /// Columns in the header (or in the first record without a header).
    pub columns: u64,
    /// Bytes read.
    pub bytes: u64,
}

/// The answer of a checker: findings, their counts and whether the input may be published.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Report {
    /// True when there is no finding of severity error.
    pub ok: bool,
    /// Findings per severity, including omitted ones.
    pub counts: Counts,
    /// The findings kept, in input order.
    pub findings: Vec<Finding>,
    /// Per code, how many further findings were not kept because of the per-code limit.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub omitted: BTreeMap<String, u64>,
    /// What was read, for table checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<TableSummary>,
}

impl Report {
    /// Findings with the given code.
    pub fn with_code<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
        self.findings.iter().filter(move |f| f.code == code)
    }

    /// Adds the findings of another check of the same input (the PII scan or the metadata
    /// of a table) after this report's own.
    pub fn merge(&mut self, other: Report) {
        self.counts.error += other.counts.error;
        self.counts.warning += other.counts.warning;
        self.counts.info += other.counts.info;
        self.findings.extend(other.findings);
        for (code, n) in other.omitted {
            *self.omitted.entry(code).or_insert(0) += n;
        }
        self.ok = self.counts.error == 0;
        if self.table.is_none() {
            self.table = other.table;
        }
    }

    /// The report as pretty JSON (the documented `--format json` output).
    pub fn to_json(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// Collects findings, keeping at most `limit_per_code` of each code and counting the rest.
#[derive(Debug)]
pub struct FindingSink {
    limit_per_code: usize,
    kept_per_code: BTreeMap<&'static str, usize>,
    findings: Vec<Finding>,
    omitted: BTreeMap<String, u64>,
    counts: Counts,
}

impl FindingSink {
    /// A sink keeping at most `limit_per_code` findings of each code.
    pub fn new(limit_per_code: usize) -> Self {
        Self {
            limit_per_code,
            kept_per_code: BTreeMap::new(),
            findings: Vec::new(),
            omitted: BTreeMap::new(),
            counts: Counts::default(),
        }
    }

    /// Whether a finding with this code would still be kept; lets a checker skip building
    /// an expensive message.
    pub fn wants(&self, info: &CodeInfo) -> bool {
        self.kept_per_code.get(info.code).copied().unwrap_or(0) < self.limit_per_code
    }

    /// Records a finding for `info`; `message` is only called when the finding is kept.
    pub fn push_with(
        &mut self,
        info: &'static CodeInfo,
        location: Location,
        message: impl FnOnce() -> String,
    ) {
        match info.severity {
            Severity::Error => self.counts.error += 1,
            Severity::Warning => self.counts.warning += 1,
            Severity::Info => self.counts.info += 1,
        }
        let kept = self.kept_per_code.entry(info.code).or_insert(0);
        if *kept < self.limit_per_code {
            *kept += 1;
            self.findings.push(Finding::new(info, location, message()));
        } else {
            *self.omitted.entry(info.code.to_owned()).or_insert(0) += 1;
        }
    }

    /// Records a finding for `info`, building its location and message only when kept, so
    /// checks that fire on millions of cells stay cheap past the per-code limit.
    pub fn push_lazy(
        &mut self,
        info: &'static CodeInfo,
        build: impl FnOnce() -> (Location, String),
    ) {
        if self.wants(info) {
            let (location, message) = build();
            self.push(info, location, message);
        } else {
            match info.severity {
                Severity::Error => self.counts.error += 1,
                Severity::Warning => self.counts.warning += 1,
                Severity::Info => self.counts.info += 1,
            }
            *self.omitted.entry(info.code.to_owned()).or_insert(0) += 1;
        }
    }

    /// Records a finding for `info`.
    pub fn push(
        &mut self,
        info: &'static CodeInfo,
        location: Location,
        message: impl Into<String>,
    ) {
        let message = message.into();
        self.push_with(info, location, || message);
    }

    /// The most findings of one code this sink keeps.
    pub fn limit_per_code(&self) -> usize {
        self.limit_per_code
    }

    /// Takes in the findings of `later`, a sink that saw a later part of the same input,
    /// as if they had been pushed here: counts add up and the per-code limit still holds.
    pub fn absorb(&mut self, later: FindingSink) {
        self.counts.error += later.counts.error;
        self.counts.warning += later.counts.warning;
        self.counts.info += later.counts.info;
        for (code, n) in later.omitted {
            *self.omitted.entry(code).or_insert(0) += n;
        }
        for finding in later.findings {
            // Every kept finding was counted under its static code in `later`.
            let Some((&code, _)) = later.kept_per_code.get_key_value(finding.code.as_str()) else {
                self.findings.push(finding);
                continue;
            };
            let kept = self.kept_per_code.entry(code).or_insert(0);
            if *kept < self.limit_per_code {
                *kept += 1;
                self.findings.push(finding);
            } else {
                *self.omitted.entry(finding.code).or_insert(0) += 1;
            }
        }
    }

    /// Whether any error-severity finding was recorded.
    pub fn has_errors(&self) -> bool {
        self.counts.error > 0
    }

    /// Turns the collected findings into a report.
    pub fn into_report(self, table: Option<TableSummary>) -> Report {
        Report {
            ok: self.counts.error == 0,
            counts: self.counts,
            findings: self.findings,
            omitted: self.omitted,
            table,
        }
    }
}

/// The code table as Markdown, as `docs/codes.md` holds it (a test keeps the two equal).
pub fn codes_markdown() -> String {
    let mut md = String::from(
        "<!-- Generated by `opendata codes --format markdown`; a test fails when it is stale. -->\n\
         # Finding codes\n\n\
         Every finding carries one of these codes. Codes are stable: they are never renamed.\n\n\
         | code | severity | meaning | how to fix |\n|---|---|---|---|\n",
    );
    for c in codes() {
        md.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            c.code,
            c.severity,
            c.meaning.replace('|', "\\|"),
            c.hint.replace('|', "\\|")
        ));
    }
    md
}
