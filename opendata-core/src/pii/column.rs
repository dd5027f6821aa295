//! Column classification over Arrow arrays with a mergeable state.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType, UInt16Type, UInt32Type,
    UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrowPrimitiveType, RecordBatch};
use arrow_schema::{DataType, TimeUnit};
use regex_automata::{hybrid, Anchored, Input, PatternSet};
use serde::{Deserialize, Serialize};

use super::anchored::{matching_here, Hits};
use super::mask::mask_into;
use super::prefilter::{Classes, CELL_MAX_BYTES};
use super::quasi::{self, is_ethnicity_value, is_outward_code, is_sex_value};
use super::rules::{header_has_hint, header_names_no_person, normalise_header, RuleSet};
use super::validators::{parse_date, short_year_date};
use super::{entity_code, text, ScanOptions};
use crate::error::PiiError;
use crate::report::{Finding, FindingSink, Location, Report};

/// How many cells of one entity matched a pattern and how many passed the validator.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Tally {
    /// Cells whose whole value matched one of the entity's patterns.
    pub matched: u64,
    /// Of those, cells that passed the validator (all matched cells when there is none).
    pub valid: u64,
}

/// What a column's values look like beyond the rules, for dates of birth and
/// quasi-identifiers. Counts only: nothing here can be turned back into a value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ValueProfile {
    /// Cells that are whole numbers.
    pub integers: u64,
    /// Whole numbers in 0..=120 (ages).
    pub age_like: u64,
    /// Whole numbers in 1900..=2030 (years).
    pub year_like: u64,
    /// Cells that are dates.
    pub dates: u64,
    /// Dates per year (only years 1800..=2100 are kept).
    pub date_years: BTreeMap<i32, u64>,
    /// Cells that are sex / gender categories.
    pub sex_like: u64,
    /// Cells that read as ethnicity-like categories.
    pub ethnicity_like: u64,
    /// Cells that are UK outward codes (postcode districts).
    pub outward_postcode: u64,
}

/// The accumulated state of one column: counts that are summed when states merge.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ColumnState {
    /// The column's name.
    pub name: String,
    /// The Arrow data type, as Arrow prints it.
    pub data_type: String,
    /// Whether the type cannot hold personal data the scanner reads (binary, nested).
    pub skipped: bool,
    /// Rows seen, nulls included.
    pub rows: u64,
    /// Cells that are neither null nor blank.
    pub non_empty: u64,
    /// Per entity, matches and passes over whole cells.
    pub entities: BTreeMap<String, Tally>,
    /// Cells read as free text.
    pub text_cells: u64,
    /// Per entity, free-text cells containing at least one span of it.
    pub text_entities: BTreeMap<String, u64>,
    /// Per entity, masked examples (at most `max_examples`).
    pub examples: BTreeMap<String, Vec<String>>,
    /// What the values look like.
    pub profile: ValueProfile,
}

/// The whole state of a scan: per column counts and masked examples. Serialisable, so a
/// partition's state can be shipped and [merged](ScanState::merge) elsewhere.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ScanState {
    /// The ids of the rules that produced the state; states of different rule sets do not
    /// merge.
    pub rule_ids: Vec<String>,
    /// Rows seen.
    pub rows: u64,
    /// One state per column, in schema order.
    pub columns: Vec<ColumnState>,
}

impl ScanState {
    /// Adds another partition's state: counts are summed (never averaged), examples are
    /// topped up to `max_examples`. Both must come from the same rule set and schema.
    pub fn merge(&mut self, other: ScanState, max_examples: usize) -> Result<(), PiiError> {
        if self.columns.is_empty() && self.rows == 0 {
            *self = other;
            return Ok(());
        }
        if other.columns.is_empty() && other.rows == 0 {
            return Ok(());
        }
        if self.rule_ids != other.rule_ids {
            return Err(PiiError::MergeMismatch {
                reason: "the states were made with different rule sets".to_owned(),
            });
        }
        if self.columns.len() != other.columns.len() {
            return Err(PiiError::MergeMismatch {
                reason: format!(
                    "{} columns versus {}",
                    self.columns.len(),
                    other.columns.len()
                ),
            });
        }
        for (a, b) in self.columns.iter().zip(&other.columns) {
            if a.name != b.name {
                return Err(PiiError::MergeMismatch {
                    reason: format!("column `{}` versus `{}`", a.name, b.name),
                });
            }
        }
        self.rows += other.rows;
        for (a, b) in self.columns.iter_mut().zip(other.columns) {
            a.rows += b.rows;
            a.non_empty += b.non_empty;
            a.skipped &= b.skipped;
            for (e, t) in b.entities {
                let x = a.entities.entry(e).or_default();
                x.matched += t.matched;
                x.valid += t.valid;
            }
            a.text_cells += b.text_cells;
            for (e, n) in b.text_entities {
                *a.text_entities.entry(e).or_default() += n;
            }
            for (e, ex) in b.examples {
                let mine = a.examples.entry(e).or_default();
                for v in ex {
                    if mine.len() < max_examples && !mine.contains(&v) {
                        mine.push(v);
                    }
                }
            }
            let (p, q) = (&mut a.profile, b.profile);
            p.integers += q.integers;
            p.age_like += q.age_like;
            p.year_like += q.year_like;
            p.dates += q.dates;
            for (y, n) in q.date_years {
                *p.date_years.entry(y).or_default() += n;
            }
            p.sex_like += q.sex_like;
            p.ethnicity_like += q.ethnicity_like;
            p.outward_postcode += q.outward_postcode;
        }
        Ok(())
    }

    /// Turns the counts into a report with verdicts and findings.
    pub fn finish(&self, rules: &RuleSet, options: &ScanOptions) -> ScanReport {
        let columns: Vec<ColumnReport> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| classify(i, c, rules, options))
            .collect();
        let findings = columns
            .iter()
            .flat_map(|c| column_findings(c, options.min_share))
            .collect();
        ScanReport {
            rows: self.rows,
            columns,
            findings,
        }
    }
}

/// One candidate entity of a column with the evidence for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Candidate {
    /// The entity, e.g. `IBAN_CODE`.
    pub entity: String,
    /// Non-empty cells whose value matched the entity's pattern.
    pub matched: u64,
    /// Non-empty cells that matched and passed the validator.
    pub valid: u64,
    /// `valid` as a share of the column's non-empty cells.
    pub share: f64,
    /// The share of non-empty cells that are this entity beyond what chance explains
    /// (random digits pass Luhn 1 time in 10, mod 97 about 1 in 97).
    pub excess_share: f64,
    /// Whether the header carries one of the entity's hints.
    pub header_hint: bool,
    /// Combined confidence in 0..=1.
    pub confidence: f64,
}

/// A quasi-identifier flag for the anonymisation step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct QuasiIdentifier {
    /// `AGE`, `SEX`, `POSTCODE_DISTRICT`, `BIRTH_YEAR` or `ETHNICITY`.
    pub kind: String,
    /// Share of non-empty cells whose value fits the kind (0 when only the header says so).
    pub share: f64,
    /// Whether the header names the kind.
    pub header_hint: bool,
}

/// Personal data inside free-text cells of a column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TextEntity {
    /// The entity of the spans.
    pub entity: String,
    /// Free-text cells with at least one span of it.
    pub cells: u64,
}

/// The classification of one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ColumnReport {
    /// 0-based position in the table.
    pub index: usize,
    /// The header.
    pub name: String,
    /// The Arrow data type.
    pub data_type: String,
    /// Whether the column's type was not scanned (binary, nested).
    pub skipped: bool,
    /// Rows, nulls included.
    pub rows: u64,
    /// Non-empty cells.
    pub non_empty: u64,
    /// The entity the column holds, when the evidence reaches the thresholds.
    pub verdict: Option<String>,
    /// Confidence of the verdict (or of the best candidate when there is none).
    pub confidence: f64,
    /// Every candidate entity, most confident first.
    pub candidates: Vec<Candidate>,
    /// Masked examples of the verdict entity.
    pub examples: Vec<String>,
    /// Quasi-identifier flags.
    pub quasi_identifiers: Vec<QuasiIdentifier>,
    /// Cells read as free text.
    pub text_cells: u64,
    /// Entities found inside free-text cells.
    pub text_entities: Vec<TextEntity>,
}

/// The answer of a column scan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScanReport {
    /// Rows scanned.
    pub rows: u64,
    /// One report per column, in table order.
    pub columns: Vec<ColumnReport>,
    /// The findings: one per column with a verdict, quasi-identifier or free-text spans.
    pub findings: Vec<Finding>,
}

impl ScanReport {
    /// The findings as a [`Report`] (the shape every checker returns), keeping at most
    /// `limit_per_code` of each code.
    pub fn to_report(&self, limit_per_code: usize) -> Report {
        let mut sink = FindingSink::new(limit_per_code);
        for f in &self.findings {
            let info = super::CODES
                .iter()
                .find(|c| c.code == f.code)
                .unwrap_or(&super::codes::CUSTOM);
            let message = f.message.clone();
            sink.push_with(info, f.location.clone(), || message);
        }
        sink.into_report(None)
    }

    /// What the scan makes of each column, as the anonymiser's context and the policy
    /// suggestion take it: the verdict entity; `FREE_TEXT` for text with personal data
    /// inside; `QUASI_<KIND>` (`QUASI_AGE`, `QUASI_SEX`...) for a quasi-identifier. Columns
    /// with none of these are left out.
    pub fn column_entities(&self) -> BTreeMap<String, String> {
        self.columns
            .iter()
            .filter_map(|c| {
                let entity = if let Some(verdict) = &c.verdict {
                    verdict.clone()
                } else if !c.text_entities.is_empty() {
                    "FREE_TEXT".to_owned()
                } else {
                    format!("QUASI_{}", c.quasi_identifiers.first()?.kind)
                };
                Some((c.name.clone(), entity))
            })
            .collect()
    }

    /// The column reports that have a verdict.
    pub fn flagged(&self) -> impl Iterator<Item = &ColumnReport> {
        self.columns.iter().filter(|c| c.verdict.is_some())
    }

    /// The columns that hold personal data: those with a verdict, and those whose cells
    /// carry it inside their text in at least the scan's minimum share
    /// (`pii.free-text-widespread`, e.g. full addresses with postcodes).
    pub fn holding_personal_data(&self) -> impl Iterator<Item = &ColumnReport> {
        self.columns.iter().filter(|c| {
            c.verdict.is_some()
                || self.findings.iter().any(|f| {
                    f.code == super::codes::FREE_TEXT_WIDESPREAD.code
                        && f.location.column == Some(c.index as u64 + 1)
                })
        })
    }
}

/// Per column, what the scanner prepared from the header once.
#[derive(Debug, Clone)]
struct ColumnPlan {
    /// The patterns of the cell set whose rules run on this column (rules needing context
    /// need a header hint), as a bit set.
    cell_patterns: Vec<u64>,
    /// Whether the header names a date of birth, so that a numeric date with a two-digit
    /// year (`01/02/80`) counts as a date: under any other header it may be a version.
    birth_header: bool,
}

impl ColumnPlan {
    fn new(rules: &RuleSet, name: &str) -> Self {
        let header = normalise_header(name);
        let active = rules
            .rules
            .iter()
            .map(|r| r.runs_on_column(&header))
            .collect::<Vec<bool>>();
        let mut cell_patterns = rules.cell_filters.empty();
        for (pattern, &rule) in rules.cell_owner.iter().enumerate() {
            if active.get(rule).copied().unwrap_or(false) {
                if let Some(word) = cell_patterns.get_mut(pattern / 64) {
                    *word |= 1 << (pattern % 64);
                }
            }
        }
        let birth_header = header_hints_entity(rules, "DATE_OF_BIRTH", &header);
        Self {
            cell_patterns,
            birth_header,
        }
    }
}

/// What a cell's value says about the column beyond the rules (see [`ValueProfile`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueKind {
    Integer { age: bool, year: bool },
    Date(i32),
    Sex,
    Outward,
    Ethnicity,
    Other,
}

/// What the scan of one trimmed cell adds to its column, kept so that a repeated value is
/// counted again without matching it again. Exact: a cell's outcome depends only on its
/// text and the column's header.
#[derive(Debug, Clone)]
struct CellOutcome {
    kind: ValueKind,
    /// (entity index, passed the validator), each entity once.
    entities: Box<[(u32, bool)]>,
    /// For a cell read as free text, the entities of its spans (sorted, distinct).
    text: Option<Box<[u32]>>,
}

/// Cells longer than this are not remembered (long values rarely repeat).
const CACHE_KEY_MAX: usize = 64;
/// Distinct values remembered per column, which bounds the cache's memory.
const CACHE_ENTRIES: usize = 16 * 1024;
/// Lookups after which a column whose values repeat less than one time in eight stops
/// using the cache (a column of 11,000 postcodes repeats that often by then).
const CACHE_TRIAL: u64 = 4096;

/// A bounded memory of cell outcomes for one column. It stops looking once the column has
/// shown that its values do not repeat (ids, e-mail addresses), so unique columns pay for
/// it only over their first rows.
#[derive(Debug, Default)]
struct CellCache {
    map: HashMap<Box<str>, CellOutcome, ahash::RandomState>,
    lookups: u64,
    hits: u64,
    off: bool,
}

impl CellCache {
    fn get(&mut self, cell: &str) -> Option<&CellOutcome> {
        if self.off || cell.len() > CACHE_KEY_MAX {
            return None;
        }
        self.lookups += 1;
        if self.lookups >= CACHE_TRIAL && self.hits * 8 < self.lookups {
            self.off = true;
            self.map = HashMap::default();
            return None;
        }
        let found = self.map.get(cell);
        if found.is_some() {
            self.hits += 1;
        }
        found
    }

    /// Whether a cell's outcome would be kept: checked before the outcome is copied.
    fn takes(&self, cell: &str) -> bool {
        !self.off && cell.len() <= CACHE_KEY_MAX && self.map.len() < CACHE_ENTRIES
    }

    fn insert(&mut self, cell: &str, outcome: CellOutcome) {
        if self.takes(cell) {
            self.map.insert(cell.into(), outcome);
        }
    }
}

/// Counters of one column by entity index, added into the [`ColumnState`]'s maps at the end
/// of a batch.
#[derive(Debug, Clone, Default)]
struct Counters {
    tallies: Vec<Tally>,
    text_cells: Vec<u64>,
    /// Per entity: whether its examples list is full, so a valid cell skips the map lookup.
    examples_full: Vec<bool>,
    /// Dates per year, for years 1800..=2100.
    date_years: Vec<u64>,
    /// The masked form of the latest example candidate.
    masked: String,
}

const FIRST_YEAR: i32 = 1800;
const LAST_YEAR: i32 = 2100;

impl Counters {
    fn new(entities: usize) -> Self {
        Self {
            tallies: vec![Tally::default(); entities],
            text_cells: vec![0; entities],
            examples_full: vec![false; entities],
            date_years: vec![0; (LAST_YEAR - FIRST_YEAR + 1) as usize],
            masked: String::new(),
        }
    }

    /// Moves the counts into the column's state and zeroes them.
    fn flush(&mut self, rules: &RuleSet, state: &mut ColumnState) {
        for (i, t) in self.tallies.iter_mut().enumerate() {
            if t.matched > 0 {
                if let Some(name) = rules.entity_names.get(i) {
                    let x = state.entities.entry(name.clone()).or_default();
                    x.matched += t.matched;
                    x.valid += t.valid;
                }
                *t = Tally::default();
            }
        }
        for (i, n) in self.text_cells.iter_mut().enumerate() {
            if *n > 0 {
                if let Some(name) = rules.entity_names.get(i) {
                    *state.text_entities.entry(name.clone()).or_default() += *n;
                }
                *n = 0;
            }
        }
        for (i, n) in self.date_years.iter_mut().enumerate() {
            if *n > 0 {
                *state
                    .profile
                    .date_years
                    .entry(FIRST_YEAR + i as i32)
                    .or_default() += *n;
                *n = 0;
            }
        }
        self.examples_full.iter_mut().for_each(|f| *f = false);
    }
}

/// The working memory of one column between batches.
#[derive(Debug)]
struct ColumnWork {
    plan: ColumnPlan,
    counters: Counters,
    cache: CellCache,
    /// Reused for the text of numbers and for per-cell lists, so a cell allocates nothing.
    buffer: String,
    entities: Vec<(u32, bool)>,
    text_entities: Vec<u32>,
    /// The patterns of the cell set that matched a cell.
    matched: Hits,
    /// The cell set's lazy-DFA states, kept per column: a column's cells take few paths.
    cell_cache: hybrid::dfa::Cache,
    /// The patterns of the cell set a cell's filters let through.
    candidates: Vec<u64>,
    text: text::TextScratch,
}

impl ColumnWork {
    fn new(rules: &RuleSet, name: &str) -> Self {
        Self {
            plan: ColumnPlan::new(rules, name),
            counters: Counters::new(rules.entity_names.len()),
            cache: CellCache::default(),
            buffer: String::new(),
            entities: Vec::new(),
            text_entities: Vec::new(),
            matched: Hits::new(rules.cell_dfa.pattern_len()),
            cell_cache: rules.cell_dfa.create_cache(),
            candidates: rules.cell_filters.empty(),
            text: text::TextScratch::new(rules),
        }
    }
}

/// Classifies the columns of a table batch by batch.
///
/// Create it with the rules and options, feed it every [`RecordBatch`] with
/// [`update`](ColumnScanner::update), then [`finish`](ColumnScanner::finish). For
/// partitioned data, take each partition's [`state`](ColumnScanner::into_state),
/// [`merge`](ScanState::merge) them and call [`ScanState::finish`].
#[derive(Debug)]
pub struct ColumnScanner<'a> {
    rules: &'a RuleSet,
    options: &'a ScanOptions,
    state: ScanState,
    work: Vec<ColumnWork>,
}

impl<'a> ColumnScanner<'a> {
    /// A scanner with an empty state.
    pub fn new(rules: &'a RuleSet, options: &'a ScanOptions) -> Self {
        Self {
            rules,
            options,
            state: ScanState {
                rule_ids: rules.ids(),
                ..ScanState::default()
            },
            work: Vec::new(),
        }
    }

    /// Scans every cell of a batch. The first batch fixes the column names; a later batch
    /// with other columns is an error.
    pub fn update(&mut self, batch: &RecordBatch) -> Result<(), PiiError> {
        let schema = batch.schema();
        if self.work.is_empty() && self.state.columns.is_empty() {
            for field in schema.fields() {
                self.work.push(ColumnWork::new(self.rules, field.name()));
                self.state.columns.push(ColumnState {
                    name: field.name().clone(),
                    data_type: field.data_type().to_string(),
                    ..ColumnState::default()
                });
            }
        } else {
            if schema.fields().len() != self.state.columns.len() {
                return Err(PiiError::SchemaMismatch {
                    reason: format!(
                        "{} columns, the first batch had {}",
                        schema.fields().len(),
                        self.state.columns.len()
                    ),
                });
            }
            for (f, c) in schema.fields().iter().zip(&self.state.columns) {
                if f.name() != &c.name {
                    return Err(PiiError::SchemaMismatch {
                        reason: format!(
                            "column `{}` where the first batch had `{}`",
                            f.name(),
                            c.name
                        ),
                    });
                }
            }
        }
        self.state.rows += batch.num_rows() as u64;
        for (i, array) in batch.columns().iter().enumerate() {
            let (Some(work), Some(state)) = (self.work.get_mut(i), self.state.columns.get_mut(i))
            else {
                continue;
            };
            let mut scan = CellScan {
                rules: self.rules,
                options: self.options,
                work,
                state,
            };
            scan.array(array.as_ref());
            scan.flush();
        }
        Ok(())
    }

    /// The state so far (for merging partitions).
    pub fn state(&self) -> &ScanState {
        &self.state
    }

    /// Consumes the scanner, returning its state.
    pub fn into_state(self) -> ScanState {
        self.state
    }

    /// The report over every batch seen.
    pub fn finish(self) -> ScanReport {
        self.state.finish(self.rules, self.options)
    }
}

/// How the Arrow reader stores a CSV column, which decides what the scan sees of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CellType {
    /// Text, scanned as written.
    Text,
    /// `Int64`: scanned as the integer's decimal text.
    Integer,
    /// `Int32` years.
    Year,
    /// `Float64`: scanned as the number's shortest decimal text. The decimal mark when
    /// the file writes it otherwise than plainly (groups, a unit, a decimal comma).
    Number(Option<char>),
    /// `Date32` in one of the date notations.
    Date(crate::table::types::DateFormat),
    /// A timestamp: ISO, or with a numeric date part in this order.
    Datetime(Option<crate::table::types::DateFormat>),
    /// A time of day: not scanned.
    Time,
    /// `true` / `false`: counted, not scanned.
    Boolean,
}

impl CellType {
    pub(crate) fn of(t: &crate::table::InferredType) -> Self {
        use crate::table::types::{DateFormat, FieldType};
        match t.field_type {
            FieldType::Boolean => CellType::Boolean,
            FieldType::Integer => CellType::Integer,
            FieldType::Year => CellType::Year,
            FieldType::Number => CellType::Number(t.written_decimal_mark()),
            FieldType::Date => CellType::Date(t.date_format.unwrap_or(DateFormat::Iso)),
            FieldType::Time => CellType::Time,
            FieldType::Datetime => {
                CellType::Datetime(t.date_format.filter(|f| *f != DateFormat::Iso))
            }
            _ => CellType::Text,
        }
    }
}

/// Days from the Julian day count's origin to the Unix epoch.
const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

/// Scans the text cells of a CSV column by column, as [`ColumnScanner`] scans the typed
/// Arrow batches of the same file: each cell is read as its column's type first, so both
/// give the same counts. Partitions of rows are scanned into separate states that merge
/// in row order.
#[derive(Debug)]
pub(crate) struct RecordScanner {
    /// A clone per scanner: a cloned regex has its own cache pool, so threads do not
    /// contend for one.
    rules: RuleSet,
    options: ScanOptions,
    names: Vec<String>,
    data_types: Vec<String>,
    types: Vec<CellType>,
    work: Vec<ColumnWork>,
}

impl RecordScanner {
    pub(crate) fn new(
        rules: &RuleSet,
        options: &ScanOptions,
        names: &[String],
        data_types: Vec<String>,
        types: Vec<CellType>,
    ) -> Self {
        Self {
            rules: rules.clone(),
            options: options.clone(),
            names: names.to_vec(),
            data_types,
            work: names.iter().map(|n| ColumnWork::new(rules, n)).collect(),
            types,
        }
    }

    /// A state with the columns and no rows: the start of an ordered merge.
    pub(crate) fn empty_state(&self) -> ScanState {
        ScanState {
            rule_ids: self.rules.ids(),
            rows: 0,
            columns: self
                .names
                .iter()
                .zip(&self.data_types)
                .zip(&self.types)
                .map(|((name, data_type), t)| ColumnState {
                    name: name.clone(),
                    data_type: data_type.clone(),
                    skipped: *t == CellType::Time,
                    ..ColumnState::default()
                })
                .collect(),
        }
    }

    /// The state of one chunk of rows.
    pub(crate) fn scan(&mut self, chunk: &crate::table::records::RecordChunk) -> ScanState {
        let mut state = self.empty_state();
        let rows = chunk.rows();
        state.rows = rows as u64;
        for (i, (work, column)) in self.work.iter_mut().zip(&mut state.columns).enumerate() {
            column.rows = rows as u64;
            let cell_type = self.types.get(i).copied().unwrap_or(CellType::Text);
            let mut scan = CellScan {
                rules: &self.rules,
                options: &self.options,
                work,
                state: column,
            };
            for row in 0..rows {
                if let Some(cell) = chunk.cell(row, i) {
                    scan.typed(cell_type, cell);
                }
            }
            scan.flush();
        }
        state
    }
}

/// The scanning of one column of one batch.
struct CellScan<'s> {
    rules: &'s RuleSet,
    options: &'s ScanOptions,
    work: &'s mut ColumnWork,
    state: &'s mut ColumnState,
}

fn civil_from_days(days: i64) -> (i32, u32, u32) {
    // Howard Hinnant's days-to-civil algorithm (proleptic Gregorian).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = if m <= 2 { y + 1 } else { y };
    (y.clamp(i32::MIN as i64, i32::MAX as i64) as i32, m, d)
}

/// Whether a number's text is already what Arrow's `Display` prints for the value it
/// parses to (integer or float), so the text can be scanned without formatting the value
/// again: `-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?`, not zero, at most 15 digits (any decimal of
/// 15 significant digits or fewer survives the round trip through `f64` unchanged, and
/// `Display` prints the shortest text that does).
fn displays_as_itself(text: &str) -> bool {
    let b = text.as_bytes();
    let body = b.strip_prefix(b"-").unwrap_or(b);
    let (int, frac) = match body.iter().position(|&c| c == b'.') {
        Some(dot) => (&body[..dot], Some(&body[dot + 1..])),
        None => (body, None),
    };
    let int_ok = match int {
        [] => false,
        [b'0'] => true,
        [first, rest @ ..] => (b'1'..=b'9').contains(first) && rest.iter().all(u8::is_ascii_digit),
    };
    let frac_ok = frac.is_none_or(|f| {
        f.last().is_some_and(|&l| (b'1'..=b'9').contains(&l)) && f.iter().all(u8::is_ascii_digit)
    });
    let digits = int.len() + frac.map_or(0, <[u8]>::len);
    let zero = int == b"0" && frac.is_none();
    int_ok && frac_ok && digits <= 15 && !zero
}

/// What a cell's value is beyond the rules, checked in a fixed order.
fn value_kind(cell: &str, birth_header: bool) -> ValueKind {
    if let Ok(n) = cell.parse::<i64>() {
        ValueKind::Integer {
            age: (0..=120).contains(&n),
            year: (1900..=2030).contains(&n),
        }
    } else if let Some((y, _, _)) =
        parse_date(cell).or_else(|| birth_header.then(|| short_year_date(cell)).flatten())
    {
        ValueKind::Date(y)
    } else if cell.len() <= 12 && is_sex_value(cell) {
        ValueKind::Sex
    } else if is_outward_code(cell) {
        ValueKind::Outward
    } else if cell.bytes().any(|b| b.is_ascii_alphabetic()) && is_ethnicity_value(cell) {
        ValueKind::Ethnicity
    } else {
        ValueKind::Other
    }
}

/// Adds a cell's outcome to its column's counts and examples.
#[allow(clippy::too_many_arguments)]
fn add_outcome(
    rules: &RuleSet,
    options: &ScanOptions,
    counters: &mut Counters,
    state: &mut ColumnState,
    cell: &str,
    kind: ValueKind,
    entities: &[(u32, bool)],
    text: Option<&[u32]>,
) {
    state.non_empty += 1;
    let p = &mut state.profile;
    match kind {
        ValueKind::Integer { age, year } => {
            p.integers += 1;
            p.age_like += u64::from(age);
            p.year_like += u64::from(year);
        }
        ValueKind::Date(y) => record_date(counters, state, y),
        ValueKind::Sex => p.sex_like += 1,
        ValueKind::Outward => p.outward_postcode += 1,
        ValueKind::Ethnicity => p.ethnicity_like += 1,
        ValueKind::Other => {}
    }
    for &(entity, valid) in entities {
        if let Some(t) = counters.tallies.get_mut(entity as usize) {
            t.matched += 1;
            if valid {
                t.valid += 1;
            }
        }
        if valid {
            add_example(rules, options, counters, state, entity, cell);
        }
    }
    if let Some(text) = text {
        state.text_cells += 1;
        for &e in text {
            if let Some(n) = counters.text_cells.get_mut(e as usize) {
                *n += 1;
            }
        }
    }
}

fn record_date(counters: &mut Counters, state: &mut ColumnState, year: i32) {
    state.profile.dates += 1;
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        if let Some(n) = counters.date_years.get_mut((year - FIRST_YEAR) as usize) {
            *n += 1;
        }
    }
}

fn add_example(
    rules: &RuleSet,
    options: &ScanOptions,
    counters: &mut Counters,
    state: &mut ColumnState,
    entity: u32,
    value: &str,
) {
    let max = options.max_examples;
    let e = entity as usize;
    if max == 0 || counters.examples_full.get(e).copied().unwrap_or(true) {
        return;
    }
    let Some(name) = rules.entity_names.get(e) else {
        return;
    };
    let list = match state.examples.get_mut(name.as_str()) {
        Some(list) => list,
        None => state.examples.entry(name.clone()).or_default(),
    };
    if list.len() < max {
        // Masked forms repeat (every six-digit reference masks to `0*****`): only a new one
        // is copied.
        mask_into(name, value, &mut counters.masked);
        if !list.contains(&counters.masked) {
            list.push(counters.masked.clone());
        }
    }
    if list.len() >= max {
        if let Some(full) = counters.examples_full.get_mut(e) {
            *full = true;
        }
    }
}

impl CellScan<'_> {
    fn flush(&mut self) {
        self.work.counters.flush(self.rules, self.state);
    }

    /// One CSV cell of a column the Arrow reader would store as `cell_type`; a cell the
    /// type does not parse is a null there, so it is skipped here.
    fn typed(&mut self, cell_type: CellType, cell: &str) {
        use crate::table::types::{
            parse_boolean, parse_datetime, parse_integer, parse_number, parse_numeric_datetime,
            parse_written_number,
        };
        match cell_type {
            CellType::Text => self.text(cell),
            CellType::Integer => {
                if let Some(v) = parse_integer(cell) {
                    self.number(cell, v);
                }
            }
            CellType::Year => {
                if let Some(v) = parse_integer(cell).and_then(|v| i32::try_from(v).ok()) {
                    self.number(cell, v);
                }
            }
            CellType::Number(None) => {
                if let Some(v) = parse_number(cell) {
                    self.number(cell, v);
                }
            }
            CellType::Number(Some(decimal)) => {
                if let Some(d) = parse_written_number(cell, decimal) {
                    self.display(d.value);
                }
            }
            CellType::Date(format) => {
                if let Some(d) = format.read(cell) {
                    let days = d.to_julian_day() - UNIX_EPOCH_JULIAN_DAY;
                    self.date(civil_from_days(i64::from(days)));
                }
            }
            CellType::Datetime(format) => {
                let value = match format {
                    None => parse_datetime(cell),
                    Some(f) => parse_numeric_datetime(cell).and_then(|d| d.value(f)),
                };
                if let Some(d) = value {
                    self.date(civil_from_days(d.unix_micros().div_euclid(86_400_000_000)));
                }
            }
            CellType::Time => {}
            CellType::Boolean => {
                if parse_boolean(cell).is_some() {
                    self.state.non_empty += 1;
                }
            }
        }
    }

    /// Scans a number cell as the text Arrow's `Display` gives its value: the cell itself
    /// when that is the same text, so the value is not formatted again.
    fn number(&mut self, cell: &str, value: impl std::fmt::Display) {
        if displays_as_itself(cell) {
            self.text(cell);
        } else {
            self.display(value);
        }
    }

    /// Scans a number as the text Arrow's `Display` gives it.
    fn display(&mut self, v: impl std::fmt::Display) {
        let mut buf = std::mem::take(&mut self.work.buffer);
        buf.clear();
        let _ = write!(buf, "{v}");
        self.text(&buf);
        self.work.buffer = buf;
    }

    fn array(&mut self, array: &dyn Array) {
        self.state.rows += array.len() as u64;
        match array.data_type() {
            DataType::Utf8 => self.strings(array.as_string::<i32>().iter()),
            DataType::LargeUtf8 => self.strings(array.as_string::<i64>().iter()),
            DataType::Utf8View => self.strings(array.as_string_view().iter()),
            DataType::Int8 => self.numbers::<Int8Type>(array),
            DataType::Int16 => self.numbers::<Int16Type>(array),
            DataType::Int32 => self.numbers::<Int32Type>(array),
            DataType::Int64 => self.numbers::<Int64Type>(array),
            DataType::UInt8 => self.numbers::<UInt8Type>(array),
            DataType::UInt16 => self.numbers::<UInt16Type>(array),
            DataType::UInt32 => self.numbers::<UInt32Type>(array),
            DataType::UInt64 => self.numbers::<UInt64Type>(array),
            DataType::Float32 => self.numbers::<Float32Type>(array),
            DataType::Float64 => self.numbers::<Float64Type>(array),
            DataType::Date32 => {
                for v in array
                    .as_primitive::<arrow_array::types::Date32Type>()
                    .iter()
                    .flatten()
                {
                    self.date(civil_from_days(i64::from(v)));
                }
            }
            DataType::Date64 => {
                for v in array
                    .as_primitive::<arrow_array::types::Date64Type>()
                    .iter()
                    .flatten()
                {
                    self.date(civil_from_days(v.div_euclid(86_400_000)));
                }
            }
            DataType::Timestamp(unit, _) => {
                let per_day: i64 = match unit {
                    TimeUnit::Second => 86_400,
                    TimeUnit::Millisecond => 86_400_000,
                    TimeUnit::Microsecond => 86_400_000_000,
                    TimeUnit::Nanosecond => 86_400_000_000_000,
                };
                match unit {
                    TimeUnit::Second => self.timestamps::<TimestampSecondType>(array, per_day),
                    TimeUnit::Millisecond => {
                        self.timestamps::<TimestampMillisecondType>(array, per_day)
                    }
                    TimeUnit::Microsecond => {
                        self.timestamps::<TimestampMicrosecondType>(array, per_day)
                    }
                    TimeUnit::Nanosecond => {
                        self.timestamps::<TimestampNanosecondType>(array, per_day)
                    }
                }
            }
            DataType::Boolean | DataType::Null => {
                self.state.non_empty += (array.len() - array.null_count()) as u64;
            }
            _ => self.state.skipped = true,
        }
    }

    fn timestamps<T: ArrowPrimitiveType<Native = i64>>(&mut self, array: &dyn Array, per_day: i64) {
        for v in array.as_primitive::<T>().iter().flatten() {
            self.date(civil_from_days(v.div_euclid(per_day)));
        }
    }

    fn strings<'v>(&mut self, values: impl Iterator<Item = Option<&'v str>>) {
        for v in values.flatten() {
            self.text(v);
        }
    }

    fn numbers<T: ArrowPrimitiveType>(&mut self, array: &dyn Array)
    where
        T::Native: std::fmt::Display,
    {
        for v in array.as_primitive::<T>().iter().flatten() {
            self.display(v);
        }
    }

    fn date(&mut self, (y, m, d): (i32, u32, u32)) {
        self.state.non_empty += 1;
        self.record_date(y);
        let _ = (m, d);
    }

    fn record_date(&mut self, year: i32) {
        record_date(&mut self.work.counters, self.state, year);
    }

    /// Adds a cell's outcome to the column.
    fn apply(
        &mut self,
        cell: &str,
        kind: ValueKind,
        entities: &[(u32, bool)],
        text: Option<&[u32]>,
    ) {
        add_outcome(
            self.rules,
            self.options,
            &mut self.work.counters,
            self.state,
            cell,
            kind,
            entities,
            text,
        );
    }

    fn text(&mut self, raw: &str) {
        let mut cell = raw.trim();
        if cell.is_empty() {
            return;
        }
        if cell.len() > self.options.max_cell_bytes {
            let mut cut = self.options.max_cell_bytes;
            while !cell.is_char_boundary(cut) {
                cut -= 1;
            }
            cell = &cell[..cut];
        }
        let work = &mut *self.work;
        if let Some(o) = work.cache.get(cell) {
            add_outcome(
                self.rules,
                self.options,
                &mut work.counters,
                self.state,
                cell,
                o.kind,
                &o.entities,
                o.text.as_deref(),
            );
            return;
        }
        let kind = value_kind(cell, work.plan.birth_header);
        let mut entities = std::mem::take(&mut self.work.entities);
        let mut text_entities = std::mem::take(&mut self.work.text_entities);
        let is_text = evaluate(
            self.rules,
            self.options,
            self.work,
            cell,
            &mut entities,
            &mut text_entities,
        );
        let text = is_text.then_some(text_entities.as_slice());
        self.apply(cell, kind, &entities, text);
        if self.work.cache.takes(cell) {
            let outcome = CellOutcome {
                kind,
                entities: entities.as_slice().into(),
                text: text.map(Into::into),
            };
            self.work.cache.insert(cell, outcome);
        }
        self.work.entities = entities;
        self.work.text_entities = text_entities;
    }
}

/// Matches a cell against every rule in one pass and validates the candidates; for a
/// cell no rule takes whole that reads as free text, finds the entities of its spans.
/// Returns whether the cell was read as free text.
fn evaluate(
    rules: &RuleSet,
    options: &ScanOptions,
    work: &mut ColumnWork,
    cell: &str,
    entities: &mut Vec<(u32, bool)>,
    text: &mut Vec<u32>,
) -> bool {
    entities.clear();
    text.clear();
    // The patterns of active rules that could take the whole cell, in set order; the set
    // runs only when there is one, and only these are looked up in its answer.
    work.candidates.copy_from_slice(&work.plan.cell_patterns);
    if cell.len() <= CELL_MAX_BYTES {
        let classes = Classes::of(cell.as_bytes());
        rules
            .cell_filters
            .candidates(cell.as_bytes(), classes, &mut work.candidates);
    } else {
        work.candidates.fill(0);
    }
    if work.candidates.iter().any(|&w| w != 0) {
        let input = Input::new(cell).anchored(Anchored::Yes);
        work.matched.start();
        if !matching_here(
            &rules.cell_dfa,
            &mut work.cell_cache,
            &input,
            &mut work.matched,
        ) {
            if let Some(set) = rules.cell_set.get() {
                let mut found = PatternSet::new(rules.cell_dfa.pattern_len());
                set.which_overlapping_matches(&input, &mut found);
                work.matched.start();
                for id in found.iter() {
                    work.matched.insert(id.as_usize());
                }
            }
        }
        let candidates = work.candidates.iter().enumerate().flat_map(|(w, &bits)| {
            std::iter::successors(Some(bits), |&rest| Some(rest & rest.wrapping_sub(1)))
                .take_while(|&rest| rest != 0)
                .map(move |rest| w * 64 + rest.trailing_zeros() as usize)
        });
        for set_index in candidates {
            if !work.matched.contains(set_index) {
                continue;
            }
            let Some(&rule_index) = rules.cell_owner.get(set_index) else {
                continue;
            };
            let (Some(rule), Some(&entity)) = (
                rules.rules.get(rule_index),
                rules.rule_entity.get(rule_index),
            ) else {
                continue;
            };
            let entity = entity as u32;
            // Each entity counts once per cell, whichever of its rules matched.
            match entities.iter_mut().find(|(e, _)| *e == entity) {
                Some((_, valid)) => {
                    if !*valid {
                        *valid = rule.validator.is_none_or(|v| v.check(cell));
                    }
                }
                None => entities.push((entity, rule.validator.is_none_or(|v| v.check(cell)))),
            }
        }
    }
    // A UTF-8 character takes at most 4 bytes, which settles the length test of most
    // cells without counting their characters.
    let enough_chars = |min: usize| {
        cell.len() >= min.saturating_mul(4) || (cell.len() >= min && cell.chars().count() >= min)
    };
    if !entities.is_empty() || !options.free_text {
        return false;
    }
    // Prose, and values that hold others: lists (`a@x.org;b@y.org`, `x | y`) and wrapped
    // addresses (`<a@x.org>`), which no whole-cell pattern takes. A cell that starts with
    // its `@` is a handle or a formula (`@SUM(A1)`), not an address inside something.
    // Byte searches: `str::contains` with a set of chars decodes every character.
    let bytes = cell.as_bytes();
    let prose =
        || memchr::memchr(b' ', bytes).is_some() && enough_chars(options.free_text_min_chars);
    let holds_values = || {
        matches!(bytes.first(), Some(b';' | b'|'))
            || memchr::memchr3(b';', b'|', b'@', bytes.get(1..).unwrap_or_default()).is_some()
    };
    if !(prose() || holds_values()) {
        return false;
    }
    for span in work.text.resolve(cell, rules, options) {
        if let Some(&e) = rules.rule_entity.get(span.rule) {
            text.push(e as u32);
        }
    }
    text.sort_unstable();
    text.dedup();
    true
}

/// Confidence reaches the rule's ceiling when this share of cells truly are the entity.
const FULL_EVIDENCE_SHARE: f64 = 0.6;

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Whether a (normalised) header carries a header hint of any rule for `entity`.
fn header_hints_entity(rules: &RuleSet, entity: &str, header: &str) -> bool {
    rules
        .rules
        .iter()
        .filter(|r| r.rule.entity == entity)
        .any(|r| r.header_hints.iter().any(|h| header_has_hint(header, h)))
}

fn any_hint(header: &str, hints: &[&str]) -> bool {
    hints.iter().any(|h| header_has_hint(header, h))
}

fn classify(index: usize, c: &ColumnState, rules: &RuleSet, options: &ScanOptions) -> ColumnReport {
    let header = normalise_header(&c.name);
    let lookalike_header = any_hint(&header, quasi::LOOKALIKE_HEADER_WORDS);
    let no_person_header = header_names_no_person(&header);
    let n = c.non_empty as f64;
    let mut candidates: Vec<Candidate> = Vec::new();
    for entity in rules.entities() {
        // Only the rules that ran on this column weigh its evidence: one that needs a
        // header hint and has none here neither took cells nor sets the chance rate.
        let entity_rules: Vec<_> = rules
            .rules
            .iter()
            .filter(|r| r.rule.entity == entity && r.rule.scope != super::Scope::Text)
            .filter(|r| r.runs_on_column(&header))
            .collect();
        let hint = header_hints_entity(rules, entity, &header);
        let tally = c.entities.get(entity).copied().unwrap_or_default();
        if tally.matched == 0 && !hint {
            continue;
        }
        if entity_rules.is_empty() && entity != "DATE_OF_BIRTH" {
            continue;
        }
        // The weakest validator among the entity's rules sets the chance rate; a rule
        // without validator makes every pattern match count as evidence.
        let chance = if entity_rules.iter().any(|r| r.validator.is_none()) {
            0.0
        } else {
            entity_rules
                .iter()
                .filter_map(|r| r.validator.map(|v| v.chance_pass()))
                .fold(0.0, f64::max)
        };
        let strength = if entity_rules.iter().any(|r| r.validator.is_none()) {
            0.0
        } else {
            1.0 - chance
        };
        let base = entity_rules
            .iter()
            .map(|r| r.rule.confidence)
            .fold(0.0, f64::max);
        let (m, v) = (tally.matched as f64, tally.valid as f64);
        let share = if n > 0.0 { v / n } else { 0.0 };
        let excess = if n > 0.0 {
            ((v - m * chance).max(0.0) / (n * (1.0 - chance).max(1e-9))).min(1.0)
        } else {
            0.0
        };
        let ceiling = base + (1.0 - base) * strength;
        let mut confidence = ceiling * (excess / FULL_EVIDENCE_SHARE).min(1.0);
        if hint {
            confidence = if v > 0.0 {
                confidence + (1.0 - confidence) * 0.5 * (excess / 0.1).min(1.0)
            } else {
                0.3 * base
            };
        } else if lookalike_header || (entity == "PERSON" && no_person_header) {
            confidence *= 0.5;
        }
        candidates.push(Candidate {
            entity: entity.to_owned(),
            matched: tally.matched,
            valid: tally.valid,
            share: round3(share),
            excess_share: round3(excess),
            header_hint: hint,
            confidence: round3(confidence),
        });
    }
    if let Some(dob) = date_of_birth(c, &header, rules) {
        candidates.retain(|k| k.entity != "DATE_OF_BIRTH");
        candidates.push(dob);
    }
    candidates.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(b.excess_share.total_cmp(&a.excess_share))
            .then(a.entity.cmp(&b.entity))
    });
    let best = candidates.first();
    let verdict = best
        .filter(|b| b.confidence >= options.min_confidence && b.share >= options.min_share)
        .map(|b| b.entity.clone());
    let examples = verdict
        .as_ref()
        .and_then(|e| c.examples.get(e).cloned())
        .unwrap_or_default();
    let quasi_identifiers = if verdict.is_some() {
        Vec::new()
    } else {
        quasi_flags(c, &header)
    };
    let mut text_entities: Vec<TextEntity> = c
        .text_entities
        .iter()
        .map(|(e, &cells)| TextEntity {
            entity: e.clone(),
            cells,
        })
        .collect();
    text_entities.sort_by(|a, b| b.cells.cmp(&a.cells).then(a.entity.cmp(&b.entity)));
    ColumnReport {
        index,
        name: c.name.clone(),
        data_type: c.data_type.clone(),
        skipped: c.skipped,
        rows: c.rows,
        non_empty: c.non_empty,
        confidence: best.map_or(0.0, |b| b.confidence),
        verdict,
        candidates,
        examples,
        quasi_identifiers,
        text_cells: c.text_cells,
        text_entities,
    }
}

/// A date column is a date of birth when its header says so, or when its years spread over
/// decades of living people's lifetimes (order or event dates cluster in a few years).
fn date_of_birth(c: &ColumnState, header: &str, rules: &RuleSet) -> Option<Candidate> {
    let p = &c.profile;
    if c.non_empty == 0 || p.dates == 0 {
        return None;
    }
    let share = p.dates as f64 / c.non_empty as f64;
    if share < 0.5 {
        return None;
    }
    let hint = header_hints_entity(rules, "DATE_OF_BIRTH", header);
    let total: u64 = p.date_years.values().sum();
    let living: u64 = p.date_years.range(1900..=2030).map(|(_, n)| n).sum();
    let living_share = if total > 0 {
        living as f64 / total as f64
    } else {
        0.0
    };
    // Spread between the 5th and 95th percentile years.
    let quantile = |q: f64| -> i32 {
        let target = (total as f64 * q).ceil().max(1.0) as u64;
        let mut acc = 0;
        for (&y, &n) in &p.date_years {
            acc += n;
            if acc >= target {
                return y;
            }
        }
        0
    };
    let spread = quantile(0.95) - quantile(0.05);
    let event_header = any_hint(header, quasi::EVENT_DATE_WORDS);
    let confidence = if hint && living_share >= 0.8 {
        0.95
    } else if !event_header && living_share >= 0.95 && spread >= 30 && total >= 20 {
        0.6
    } else if hint {
        0.3
    } else {
        return None;
    };
    Some(Candidate {
        entity: "DATE_OF_BIRTH".to_owned(),
        matched: p.dates,
        valid: living,
        share: round3(living as f64 / c.non_empty as f64),
        excess_share: round3(share * living_share),
        header_hint: hint,
        confidence,
    })
}

fn quasi_flags(c: &ColumnState, header: &str) -> Vec<QuasiIdentifier> {
    let p = &c.profile;
    let n = c.non_empty.max(1) as f64;
    let mut out = Vec::new();
    let mut flag = |kind: &str, share: f64, hint: bool| {
        out.push(QuasiIdentifier {
            kind: kind.to_owned(),
            share: round3(share),
            header_hint: hint,
        })
    };
    let age_hint = any_hint(header, quasi::AGE_HINTS);
    let birth_year_hint = any_hint(header, quasi::BIRTH_YEAR_HINTS);
    if birth_year_hint && p.year_like as f64 / n >= 0.8 {
        flag("BIRTH_YEAR", p.year_like as f64 / n, true);
    } else if age_hint && (p.age_like as f64 / n >= 0.8 || p.integers == 0) {
        flag("AGE", p.age_like as f64 / n, true);
    }
    let sex_hint = any_hint(header, quasi::SEX_HINTS);
    let sex_share = p.sex_like as f64 / n;
    if sex_share >= 0.9 && c.non_empty >= 2 || sex_hint && sex_share >= 0.5 {
        flag("SEX", sex_share, sex_hint);
    }
    let pc_hint = any_hint(header, quasi::POSTCODE_HINTS);
    let outward = p.outward_postcode as f64 / n;
    if outward >= 0.8
        || pc_hint
            && c.entities
                .get("UK_POSTCODE")
                .is_none_or(|t| (t.valid as f64) < 0.5 * n)
    {
        flag("POSTCODE_DISTRICT", outward, pc_hint);
    }
    let eth_hint = any_hint(header, quasi::ETHNICITY_HINTS);
    let eth = p.ethnicity_like as f64 / n;
    if eth >= 0.6 || eth_hint {
        flag("ETHNICITY", eth, eth_hint);
    }
    out
}

fn column_findings(col: &ColumnReport, min_share: f64) -> Vec<Finding> {
    let location = Location::file().with_column(col.index as u64 + 1, Some(&col.name));
    let mut out = Vec::new();
    if let (Some(entity), Some(best)) = (&col.verdict, col.candidates.first()) {
        let info = entity_code(entity);
        let examples = if col.examples.is_empty() {
            String::new()
        } else {
            format!("; e.g. {}", col.examples.join(", "))
        };
        out.push(Finding::new(
            info,
            location.clone(),
            format!(
                "column `{}` holds {entity}: {} of {} non-empty cells match{} (confidence {:.2}{}){examples}",
                col.name,
                best.valid,
                col.non_empty,
                if best.matched > best.valid || best.entity != "PERSON" { " and pass the check" } else { "" },
                best.confidence,
                if best.header_hint { ", header agrees" } else { "" },
            ),
        ));
    }
    for q in &col.quasi_identifiers {
        out.push(Finding::new(
            &super::codes::QUASI_IDENTIFIER,
            location.clone(),
            format!(
                "column `{}` is a quasi-identifier ({}){}",
                col.name,
                q.kind,
                if q.header_hint {
                    " by its header"
                } else {
                    " by its values"
                }
            ),
        ));
    }
    if col.verdict.is_none() && !col.text_entities.is_empty() {
        let list: Vec<String> = col
            .text_entities
            .iter()
            .map(|t| format!("{} in {} cells", t.entity, t.cells))
            .collect();
        // A column where at least `min_share` of the cells carry one kind of personal data
        // (`10 Downing Street, London SW1A 2AA`) holds it as surely as one whose cells are
        // that data whole.
        let widespread = col
            .text_entities
            .iter()
            .any(|t| col.non_empty > 0 && t.cells as f64 / col.non_empty as f64 >= min_share);
        let (code, message) = if widespread {
            (
                &super::codes::FREE_TEXT_WIDESPREAD,
                format!(
                    "column `{}` holds personal data inside its cells ({} non-empty cells): {}",
                    col.name,
                    col.non_empty,
                    list.join(", ")
                ),
            )
        } else {
            (
                &super::codes::FREE_TEXT,
                format!(
                    "free text in column `{}` contains personal data: {}",
                    col.name,
                    list.join(", ")
                ),
            )
        };
        out.push(Finding::new(code, location, message));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn number_texts_that_display_as_themselves() {
        for yes in ["662.37", "-0.5", "12", "7", "0.000123", "123456789012345"] {
            assert!(displays_as_itself(yes), "{yes}");
        }
        for no in [
            "0",
            "-0",
            "0.0",
            "1.50",
            "5.",
            ".5",
            "+3",
            "007",
            "1e5",
            "1234567890123456",
            "",
            "-",
            "1.2.3",
        ] {
            assert!(!displays_as_itself(no), "{no}");
        }
    }

    proptest! {
        /// The shortcut is taken only where formatting the parsed value gives the text back.
        #[test]
        fn shortcut_agrees_with_display(text in "-?[0-9]{0,17}(\\.[0-9]{0,6})?") {
            if displays_as_itself(&text) {
                let float: f64 = text.parse().unwrap();
                prop_assert_eq!(float.to_string(), text.clone());
                if let Ok(int) = text.parse::<i64>() {
                    prop_assert_eq!(int.to_string(), text);
                }
            }
        }
    }
}
