//! The anonymiser: a policy compiled against a schema, applied batch by batch.

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::{ArrayRef, BooleanArray, RecordBatch};
use arrow_schema::{Field, Schema, SchemaRef};
use serde::{Deserialize, Serialize};

use super::cells::{kind_of, Cells, Kind};
use super::classes::{ClassCounts, ClassKey};
use super::enforce::{enforce, PrivacyReport, Resolution};
use super::hierarchy::{Hierarchy, TOP};
use super::key::{Key, Seed};
use super::operators::{kind_name, Op, OpInputs};
use super::policy::{Action, Policy, PrivacySettings, SuppressionMode};
use super::text::SpanDetector;
use crate::error::AnonymiseError;
use crate::report::{FindingSink, Location, Report};

/// What the caller hands the anonymiser besides the policy: secrets, the entity of each
/// column its scan detected, and a span detector for free text.
#[derive(Default)]
#[non_exhaustive]
pub struct Context {
    /// The pseudonymisation key; required when the policy uses `pseudonym`.
    pub key: Option<Key>,
    /// The seed of random tokens; a fresh one is drawn when absent.
    pub seed: Option<Seed>,
    /// Column -> detected entity (`EMAIL_ADDRESS`, ...), from a PII scan.
    pub entities: BTreeMap<String, String>,
    /// Finds spans in free text for `text-spans` columns.
    pub detector: Option<Arc<dyn SpanDetector + Send + Sync>>,
}

impl Context {
    /// An empty context: no key, a fresh seed, no detected entities, no detector.
    pub fn new() -> Self {
        Self::default()
    }

    /// With a pseudonymisation key.
    pub fn with_key(mut self, key: Key) -> Self {
        self.key = Some(key);
        self
    }

    /// With a seed for random tokens (reproducible output).
    pub fn with_seed(mut self, seed: Seed) -> Self {
        self.seed = Some(seed);
        self
    }

    /// With the entity detected in each column.
    pub fn with_entities(mut self, entities: BTreeMap<String, String>) -> Self {
        self.entities = entities;
        self
    }

    /// With a span detector for free text.
    pub fn with_detector(mut self, detector: Arc<dyn SpanDetector + Send + Sync>) -> Self {
        self.detector = Some(detector);
        self
    }
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("key", &self.key)
            .field("seed", &self.seed)
            .field("entities", &self.entities)
            .field("detector", &self.detector.as_ref().map(|_| "<detector>"))
            .finish()
    }
}

/// Where a column's action came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RuleSource {
    /// A rule naming the column.
    Column,
    /// A rule for the entity detected in the column.
    Entity,
    /// `default_personal`, for a detected column without a rule.
    DefaultPersonal,
    /// The column is a quasi-identifier of the privacy model.
    QuasiIdentifier,
    /// No rule: the column is kept.
    None,
}

/// What happened to one column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ColumnReport {
    /// The column.
    pub column: String,
    /// The action applied (`keep`, `pseudonym`, `generalise` for quasi-identifiers, ...).
    pub action: String,
    /// Where the action came from.
    pub rule: RuleSource,
    /// The entity the caller's scan detected, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// Non-empty cells that could not be read as the action needs; written empty.
    pub unreadable_cells: u64,
}

/// What an anonymisation run did. It never holds a key or an original value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AnonymiseReport {
    /// Records read.
    pub rows_in: u64,
    /// Records written.
    pub rows_out: u64,
    /// Per input column, in input order.
    pub columns: Vec<ColumnReport>,
    /// The privacy model's outcome, when the policy has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy: Option<PrivacyReport>,
    /// Findings (unreadable cells, personal columns kept, records suppressed).
    pub report: Report,
}

struct ColumnPlan {
    input: usize,
    op: Option<Op>,
    /// Index among the quasi-identifiers, when it is one.
    qi: Option<usize>,
    readable: u64,
    /// Index of the column's entry in the report.
    report: usize,
}

struct PrivacyPlan {
    settings: PrivacySettings,
    qi_inputs: Vec<usize>,
    hierarchies: Vec<Hierarchy>,
    counts: ClassCounts,
    resolution: Option<Resolution>,
    checked: bool,
}

/// A policy compiled for one schema. Apply it to each batch with [`apply`](Self::apply);
/// when the policy has a privacy model, first [`observe`](Self::observe) every batch and
/// [`resolve`](Self::resolve).
pub struct Anonymiser {
    input: SchemaRef,
    output: SchemaRef,
    plans: Vec<ColumnPlan>,
    columns: Vec<ColumnReport>,
    privacy: Option<PrivacyPlan>,
    rows_in: u64,
    rows_out: u64,
    batches_applied: u64,
    uses_entities: bool,
}

impl std::fmt::Debug for Anonymiser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Anonymiser")
            .field("output", &self.output)
            .field("columns", &self.columns)
            .finish_non_exhaustive()
    }
}

impl Anonymiser {
    /// Compiles a policy for a schema. Every problem the policy has with the table (an
    /// unknown column, an action that does not fit a column's type, a missing key or
    /// detector) is found here, before any output exists.
    pub fn new(
        schema: &Schema,
        policy: &Policy,
        context: &Context,
    ) -> Result<Self, AnonymiseError> {
        policy.check()?;
        let exists = |name: &str| {
            schema
                .index_of(name)
                .map(|_| ())
                .map_err(|_| AnonymiseError::UnknownColumn {
                    column: name.to_owned(),
                })
        };
        for name in policy.columns.keys().chain(context.entities.keys()) {
            exists(name)?;
        }
        let privacy = policy.privacy.as_ref();
        if let Some(p) = privacy {
            for name in p.quasi_identifiers.iter().chain(&p.sensitive) {
                exists(name)?;
            }
        }
        let seed = context.seed.clone().unwrap_or_else(Seed::random);
        let mut plans = Vec::new();
        let mut columns = Vec::new();
        let mut fields = Vec::new();
        for (index, field) in schema.fields().iter().enumerate() {
            let name = field.name().as_str();
            let entity = context.entities.get(name).map(String::as_str);
            let qi = privacy.and_then(|p| p.quasi_identifiers.iter().position(|q| q == name));
            let (rule, action) = if let Some(a) = policy.columns.get(name) {
                (RuleSource::Column, a.clone())
            } else if let Some(a) = entity.and_then(|e| policy.entities.get(e)) {
                (RuleSource::Entity, a.clone())
            } else if let (Some(a), Some(_)) = (&policy.default_personal, entity) {
                (RuleSource::DefaultPersonal, a.clone())
            } else {
                (RuleSource::None, Action::Keep)
            };
            let kind = kind_of(field.data_type());
            if let Some(q) = qi {
                if rule == RuleSource::Column && action != Action::Keep {
                    return Err(AnonymiseError::InvalidPolicy(format!(
                        "column {name} is a quasi-identifier, generalised by its hierarchy; its column rule must be `keep`, not `{}`",
                        action.name()
                    )));
                }
                kind.ok_or_else(|| mismatch(name, "generalise", field))?;
                columns.push(ColumnReport {
                    column: name.to_owned(),
                    action: "generalise".to_owned(),
                    rule: RuleSource::QuasiIdentifier,
                    entity: entity.map(str::to_owned),
                    unreadable_cells: 0,
                });
                fields.push(Field::new(name, arrow_schema::DataType::Utf8, true));
                plans.push(ColumnPlan {
                    input: index,
                    op: None,
                    qi: Some(q),
                    readable: 0,
                    report: columns.len() - 1,
                });
                continue;
            }
            let op = match &action {
                Action::Keep => Some(Op::Keep),
                Action::Drop => None,
                a => {
                    let kind = kind.ok_or_else(|| mismatch(name, a.name(), field))?;
                    Op::compile(
                        a,
                        OpInputs {
                            column: name,
                            kind,
                            entity,
                            key: context.key.as_ref().map(Key::bytes),
                            seed: seed.bytes(),
                            detector: context.detector.clone(),
                        },
                    )?
                }
            };
            columns.push(ColumnReport {
                column: name.to_owned(),
                action: action.name().to_owned(),
                rule,
                entity: entity.map(str::to_owned),
                unreadable_cells: 0,
            });
            if let Some(op) = op {
                let dt = op.output_type(field.data_type());
                let nullable = field.is_nullable() || !matches!(op, Op::Keep);
                fields.push(Field::new(name, dt, nullable));
                plans.push(ColumnPlan {
                    input: index,
                    op: Some(op),
                    qi: None,
                    readable: 0,
                    report: columns.len() - 1,
                });
            }
        }
        let privacy = match privacy {
            None => None,
            Some(p) => {
                let mut qi_inputs = Vec::new();
                let mut hierarchies = Vec::new();
                for q in &p.quasi_identifiers {
                    let index = schema
                        .index_of(q)
                        .map_err(|_| AnonymiseError::UnknownColumn { column: q.clone() })?;
                    let field = schema.field(index);
                    let kind = kind_of(field.data_type())
                        .ok_or_else(|| mismatch(q, "generalise", field))?;
                    hierarchies.push(Hierarchy::compile(q, p.hierarchies.get(q), kind)?);
                    qi_inputs.push(index);
                }
                let sensitive = p.sensitive.clone().zip(p.l);
                Some(PrivacyPlan {
                    counts: ClassCounts::new(p.quasi_identifiers.clone(), sensitive),
                    settings: p.clone(),
                    qi_inputs,
                    hierarchies,
                    resolution: None,
                    checked: false,
                })
            }
        };
        Ok(Self {
            input: Arc::new(schema.clone()),
            output: Arc::new(Schema::new(fields)),
            plans,
            columns,
            privacy,
            rows_in: 0,
            rows_out: 0,
            batches_applied: 0,
            uses_entities: policy.uses_entities(),
        })
    }

    /// Adds the entities a scan detected after the anonymiser was made, for the report
    /// (the `entity` of each column and the warning about personal columns kept). It is
    /// refused when the policy [uses entities](Policy::uses_entities), since its output
    /// would then have needed them from the start. Columns already given entities keep
    /// them.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use arrow_array::{RecordBatch, StringArray};
    /// use opendata_core::anonymise::{Anonymiser, Context, Policy};
    ///
    /// let batch = RecordBatch::try_from_iter([
    ///     ("name", Arc::new(StringArray::from(vec!["Ann Lee"])) as _),
    ///     ("town", Arc::new(StringArray::from(vec!["Leeds"])) as _),
    /// ]).unwrap();
    /// let policy = Policy::from_toml("[columns.town]\naction = \"drop\"\n")?;
    /// let mut a = Anonymiser::new(&batch.schema(), &policy, &Context::new())?;
    /// a.apply(&batch)?;
    /// // A scan over the same batch, run alongside, found names in `name`.
    /// a.note_entities(&[("name".to_owned(), "PERSON".to_owned())].into())?;
    /// let report = a.report();
    /// assert_eq!(report.report.findings[0].code, "anonymise.personal-column-kept");
    /// # Ok::<(), opendata_core::Error>(())
    /// ```
    pub fn note_entities(
        &mut self,
        entities: &BTreeMap<String, String>,
    ) -> Result<(), AnonymiseError> {
        if self.uses_entities {
            return Err(AnonymiseError::InvalidPolicy(
                "the policy has rules by entity: the scan must come before anonymising".to_owned(),
            ));
        }
        for (column, entity) in entities {
            let report = self
                .columns
                .iter_mut()
                .find(|c| &c.column == column)
                .ok_or_else(|| AnonymiseError::UnknownColumn {
                    column: column.clone(),
                })?;
            report.entity.get_or_insert_with(|| entity.clone());
        }
        Ok(())
    }

    /// The schema of the batches [`apply`](Self::apply) returns.
    pub fn output_schema(&self) -> SchemaRef {
        self.output.clone()
    }

    /// Whether the policy has a privacy model, so every batch must be observed and the
    /// model resolved before any batch is applied.
    pub fn needs_observation(&self) -> bool {
        self.privacy.is_some()
    }

    fn check_schema(&self, batch: &RecordBatch) -> Result<(), AnonymiseError> {
        let names =
            |s: &Schema| -> Vec<String> { s.fields().iter().map(|f| f.name().clone()).collect() };
        let got = batch.schema();
        if names(&got) != names(&self.input)
            || got
                .fields()
                .iter()
                .zip(self.input.fields())
                .any(|(a, b)| a.data_type() != b.data_type())
        {
            return Err(AnonymiseError::SchemaMismatch(
                "the batch's columns differ from the schema the policy was compiled for".to_owned(),
            ));
        }
        Ok(())
    }

    /// First pass of a privacy model: counts the batch's equivalence classes.
    pub fn observe(&mut self, batch: &RecordBatch) -> Result<(), AnonymiseError> {
        self.check_schema(batch)?;
        let Some(p) = &mut self.privacy else {
            return Ok(());
        };
        if !p.checked {
            check_hierarchies_fit(p, batch)?;
            p.checked = batch.num_rows() > 0;
        }
        p.counts.observe(batch)
    }

    /// The class counts observed so far (to ship to another worker), when there is a
    /// privacy model.
    pub fn class_counts(&self) -> Option<&ClassCounts> {
        self.privacy.as_ref().map(|p| &p.counts)
    }

    /// Adds class counts another worker observed on its part of the table.
    pub fn merge_class_counts(&mut self, other: ClassCounts) -> Result<(), AnonymiseError> {
        match &mut self.privacy {
            Some(p) => p.counts.merge(other),
            None => Ok(()),
        }
    }

    /// Chooses the generalisation and the suppressed classes from the observed counts.
    /// Errors when k exceeds the records or cannot be reached within the suppression limit.
    pub fn resolve(&mut self) -> Result<Option<&PrivacyReport>, AnonymiseError> {
        let Some(p) = &mut self.privacy else {
            return Ok(None);
        };
        let resolution = enforce(&p.counts, &p.hierarchies, &p.settings)?;
        p.resolution = Some(resolution);
        Ok(p.resolution.as_ref().map(|r| &r.report))
    }

    /// The decision [`resolve`](Self::resolve) made, to ship to workers that apply batches
    /// without observing the whole table ([`set_resolution`](Self::set_resolution)).
    pub fn resolution(&self) -> Option<&Resolution> {
        self.privacy.as_ref().and_then(|p| p.resolution.as_ref())
    }

    /// Adopts a decision resolved elsewhere from the merged class counts of the whole
    /// table, so this anonymiser can apply batches without observing them. The decision
    /// must be for the same quasi-identifiers and k.
    pub fn set_resolution(&mut self, resolution: Resolution) -> Result<(), AnonymiseError> {
        let Some(p) = &mut self.privacy else {
            return Err(AnonymiseError::SchemaMismatch(
                "the policy has no privacy model, so there is no decision to adopt".to_owned(),
            ));
        };
        let columns: Vec<&String> = resolution.report.levels.iter().map(|l| &l.column).collect();
        let expected: Vec<&String> = p.settings.quasi_identifiers.iter().collect();
        if columns != expected
            || resolution.report.k != p.settings.k
            || resolution.report.l != p.settings.l
        {
            return Err(AnonymiseError::SchemaMismatch(
                "the decision was resolved for other quasi-identifiers, k or l than this policy's"
                    .to_owned(),
            ));
        }
        p.resolution = Some(resolution);
        Ok(())
    }

    /// Anonymises one batch.
    pub fn apply(&mut self, batch: &RecordBatch) -> Result<RecordBatch, AnonymiseError> {
        self.check_schema(batch)?;
        if let Some(p) = &self.privacy {
            if p.resolution.is_none() {
                return Err(AnonymiseError::NotResolved);
            }
        }
        let n = batch.num_rows();
        let first = self.batches_applied == 0;
        let mut arrays: Vec<Option<ArrayRef>> = Vec::with_capacity(self.plans.len());
        for plan in self.plans.iter_mut() {
            let Some(op) = &plan.op else {
                arrays.push(None);
                continue;
            };
            let (array, bad) = op.apply(batch.column(plan.input));
            if op.parses() {
                let report = &mut self.columns[plan.report];
                plan.readable += (array.len() - array.null_count()) as u64;
                report.unreadable_cells += bad;
                if first && bad > 0 && plan.readable == 0 {
                    return Err(AnonymiseError::TypeMismatch {
                        column: report.column.clone(),
                        action: report.action.clone(),
                        found: "text that does not read as it".to_owned(),
                    });
                }
            }
            arrays.push(Some(array));
        }
        let mut keep: Option<Vec<bool>> = None;
        if let Some(p) = &self.privacy {
            let (qi_arrays, kept) = generalise_quasi(p, batch)?;
            let mut qi_arrays = qi_arrays.into_iter().map(Some).collect::<Vec<_>>();
            for (plan, slot) in self.plans.iter().zip(arrays.iter_mut()) {
                if let Some(q) = plan.qi {
                    *slot = qi_arrays.get_mut(q).and_then(Option::take);
                }
            }
            if kept.iter().any(|k| !k) {
                keep = Some(kept);
            }
        }
        let arrays: Vec<ArrayRef> = arrays.into_iter().flatten().collect();
        let out = RecordBatch::try_new_with_options(
            self.output.clone(),
            arrays,
            &arrow_array::RecordBatchOptions::new().with_row_count(Some(n)),
        )
        .map_err(|e| AnonymiseError::Arrow(e.to_string()))?;
        let out = match keep {
            Some(mask) => {
                arrow_select::filter::filter_record_batch(&out, &BooleanArray::from(mask))
                    .map_err(|e| AnonymiseError::Arrow(e.to_string()))?
            }
            None => out,
        };
        self.batches_applied += 1;
        self.rows_in += n as u64;
        self.rows_out += out.num_rows() as u64;
        Ok(out)
    }

    /// What the run did so far.
    pub fn report(&self) -> AnonymiseReport {
        let mut sink = FindingSink::new(100);
        for c in &self.columns {
            if c.unreadable_cells > 0 {
                sink.push(
                    &super::codes::UNREADABLE_VALUE,
                    Location::file().with_column(
                        self.input.index_of(&c.column).map_or(0, |i| i as u64 + 1),
                        Some(&c.column),
                    ),
                    format!(
                        "{} cells of {} could not be read for `{}` and were left empty",
                        c.unreadable_cells, c.column, c.action
                    ),
                );
            }
            if c.entity.is_some() && c.rule == RuleSource::None {
                sink.push(
                    &super::codes::PERSONAL_COLUMN_KEPT,
                    Location::file().with_column(
                        self.input.index_of(&c.column).map_or(0, |i| i as u64 + 1),
                        Some(&c.column),
                    ),
                    format!(
                        "{} holds {} but no rule covers it, so it was published unchanged",
                        c.column,
                        c.entity.as_deref().unwrap_or("personal data")
                    ),
                );
            }
        }
        let privacy = self
            .privacy
            .as_ref()
            .and_then(|p| p.resolution.as_ref())
            .map(|r| r.report.clone());
        if let Some(p) = &privacy {
            if p.suppressed > 0 {
                sink.push(
                    &super::codes::RECORDS_SUPPRESSED,
                    Location::file(),
                    format!(
                        "{} of {} records were suppressed to reach k = {}",
                        p.suppressed, p.records, p.k
                    ),
                );
            }
        }
        AnonymiseReport {
            rows_in: self.rows_in,
            rows_out: self.rows_out,
            columns: self.columns.clone(),
            privacy,
            report: sink.into_report(None),
        }
    }
}

fn mismatch(column: &str, action: &str, field: &Field) -> AnonymiseError {
    AnonymiseError::TypeMismatch {
        column: column.to_owned(),
        action: action.to_owned(),
        found: field.data_type().to_string(),
    }
}

/// A text quasi-identifier none of whose values the hierarchy reads is a hierarchy that
/// does not fit the column (a postcode hierarchy on names, say).
fn check_hierarchies_fit(p: &PrivacyPlan, batch: &RecordBatch) -> Result<(), AnonymiseError> {
    for ((h, &input), name) in p
        .hierarchies
        .iter()
        .zip(&p.qi_inputs)
        .zip(&p.settings.quasi_identifiers)
    {
        let array = batch.column(input);
        if kind_of(array.data_type()) != Some(Kind::Text) {
            continue;
        }
        let mut cells = Cells::new(array);
        let mut seen = false;
        let mut read = false;
        for i in 0..cells.len() {
            if let Some(v) = cells.get(i) {
                if v.trim().is_empty() {
                    continue;
                }
                seen = true;
                if h.reads(&v) {
                    read = true;
                    break;
                }
            }
        }
        if seen && !read {
            return Err(AnonymiseError::TypeMismatch {
                column: name.clone(),
                action: format!("{} hierarchy", h.label(1)),
                found: kind_name(Kind::Text).to_owned() + " that does not read as it",
            });
        }
    }
    Ok(())
}

/// The generalised quasi-identifier columns of a batch, and which rows are kept.
fn generalise_quasi(
    p: &PrivacyPlan,
    batch: &RecordBatch,
) -> Result<(Vec<ArrayRef>, Vec<bool>), AnonymiseError> {
    let resolution = p.resolution.as_ref().ok_or(AnonymiseError::NotResolved)?;
    let n = batch.num_rows();
    let mask = p.settings.suppression == SuppressionMode::Mask;
    let mut cells: Vec<Cells<'_>> = p
        .qi_inputs
        .iter()
        .map(|&i| Cells::new(batch.column(i)))
        .collect();
    let mut builders: Vec<StringBuilder> = p
        .qi_inputs
        .iter()
        .map(|_| StringBuilder::with_capacity(n, n * 6))
        .collect();
    let mut keep = Vec::with_capacity(n);
    let mut key: ClassKey = Vec::with_capacity(cells.len());
    for row in 0..n {
        key.clear();
        key.extend(cells.iter_mut().map(|c| c.get(row).map(|v| v.into_owned())));
        // A combination the first pass never saw is suppressed: nothing vouches for its k.
        match resolution.outcome.get(&key) {
            Some((values, false)) => {
                keep.push(true);
                for (b, v) in builders.iter_mut().zip(values) {
                    b.append_option(v.as_deref());
                }
            }
            _ => {
                keep.push(mask);
                for b in builders.iter_mut() {
                    b.append_value(TOP);
                }
            }
        }
    }
    let arrays = builders
        .into_iter()
        .map(|mut b| Arc::new(b.finish()) as ArrayRef)
        .collect();
    Ok((arrays, keep))
}

/// The output of [`anonymise`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Anonymised {
    /// The output schema.
    pub schema: SchemaRef,
    /// The anonymised batches.
    pub batches: Vec<RecordBatch>,
    /// What was done.
    pub report: AnonymiseReport,
}

/// Anonymises a whole table held in memory: compile, observe (when there is a privacy
/// model), resolve, apply.
///
/// ```
/// use std::sync::Arc;
/// use arrow_array::{cast::AsArray, RecordBatch, StringArray};
/// use opendata_core::anonymise::{anonymise, Context, Key, Policy};
///
/// let batch = RecordBatch::try_from_iter([
///     ("email", Arc::new(StringArray::from(vec!["ann@example.org", "bob@example.org"])) as _),
///     ("postcode", Arc::new(StringArray::from(vec!["SW1A 1AA", "M1 1AE"])) as _),
/// ]).unwrap();
/// let policy = Policy::from_toml(r#"
///     [columns.email]
///     action = "pseudonym"
///     [columns.postcode]
///     action = "postcode"
///     level = "district"
/// "#)?;
/// let context = Context::new().with_key(Key::new(b"a key of 16+ bytes!".to_vec())?);
/// let out = anonymise(&batch.schema(), &[batch], &policy, &context)?;
/// let postcodes = out.batches[0].column(1).as_string::<i32>();
/// assert_eq!(postcodes.value(0), "SW1A");
/// assert_eq!(postcodes.value(1), "M1");
/// # Ok::<(), opendata_core::Error>(())
/// ```
pub fn anonymise(
    schema: &Schema,
    batches: &[RecordBatch],
    policy: &Policy,
    context: &Context,
) -> Result<Anonymised, AnonymiseError> {
    let mut a = Anonymiser::new(schema, policy, context)?;
    if a.needs_observation() {
        for b in batches {
            a.observe(b)?;
        }
        a.resolve()?;
    }
    let out = batches
        .iter()
        .map(|b| a.apply(b))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Anonymised {
        schema: a.output_schema(),
        batches: out,
        report: a.report(),
    })
}

/// Anonymises a CSV held in memory (the browser's `anonymiseCsv`): reads it as typed Arrow,
/// applies the policy (two passes when it has a privacy model) and writes normalised CSV
/// (UTF-8, comma, CRLF). A file with structural errors is refused, since a shifted cell
/// could carry personal data into a kept column.
///
/// ```
/// use opendata_core::anonymise::{anonymise_csv, Context, Policy};
/// use opendata_core::table::CheckOptions;
///
/// let policy = Policy::from_toml("[columns.name]\naction = \"drop\"\n")?;
/// let csv = "id,name\n1,Ann\n";
/// let (out, report) = anonymise_csv(csv.as_bytes(), &CheckOptions::default(), &policy, &Context::new())?;
/// assert_eq!(out, b"id\r\n1\r\n");
/// assert_eq!(report.rows_out, 1);
/// # Ok::<(), opendata_core::Error>(())
/// ```
pub fn anonymise_csv(
    csv: &[u8],
    options: &crate::table::CheckOptions,
    policy: &Policy,
    context: &Context,
) -> Result<(Vec<u8>, AnonymiseReport), crate::Error> {
    let reader = crate::table::CsvReader::from_bytes(csv.to_vec(), options)?;
    let errors = reader.blocking_errors();
    if !errors.is_empty() {
        return Err(AnonymiseError::BrokenTable(errors.join("; ")).into());
    }
    let mut a = Anonymiser::new(&reader.schema(), policy, context)?;
    // Parsing runs a batch ahead on a second thread where there is one (not in wasm).
    if a.needs_observation() {
        for b in reader.batches()?.read_ahead() {
            a.observe(&b?)?;
        }
        a.resolve()?;
    }
    let mut writer =
        crate::table::CsvWriter::new(Vec::with_capacity(csv.len()), &a.output_schema())?;
    for b in reader.batches()?.read_ahead() {
        writer.write(&a.apply(&b?)?)?;
    }
    Ok((writer.finish()?, a.report()))
}
