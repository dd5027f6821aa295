//! Per-batch building blocks for engines that split a table over workers (Spark's
//! `mapInArrow`, Ray Data's `map_batches`). Conversion only: every decision is made by
//! `opendata_core` (`ColumnScanner` / `ScanState` for scans, `Anonymiser`, `ClassCounts`
//! and `Resolution` for anonymisation). Batches cross the boundary through the Arrow
//! PyCapsule interface, without copies.
//!
//! The Python layer (`opendata.spark`, `opendata.ray`) never pickles these objects: it ships
//! plain data (policy text, key bytes, JSON states) and rebuilds them on each worker.

use std::collections::BTreeMap;
use std::sync::Arc;

use opendata_core::anonymise::{self, Anonymiser, ClassCounts, Context, Policy, Resolution};
use opendata_core::pii::{ColumnScanner, RuleSet, ScanOptions, ScanState};
use opendata_core::{AnonymiseError, Error, PiiError};
use pyo3::prelude::*;
use pyo3_arrow::{PyRecordBatch, PySchema, PyTable};

use crate::{parse_options, rules, to_json, to_py_err};

fn scan_setup(
    rules_json: Option<&str>,
    options_json: Option<&str>,
) -> Result<(Arc<RuleSet>, ScanOptions), Error> {
    let options: ScanOptions = parse_options(options_json)?;
    options.validate()?;
    Ok((rules(rules_json)?, options))
}

fn state_from_json(json: &str) -> Result<ScanState, Error> {
    serde_json::from_str(json).map_err(|e| {
        Error::from(PiiError::MergeMismatch {
            reason: format!("not a scan state: {e}"),
        })
    })
}

/// Scans the batches of one partition and hands back its mergeable state.
#[pyclass(module = "opendata._opendata")]
struct BatchScanner {
    rules: Arc<RuleSet>,
    options: ScanOptions,
    state: ScanState,
}

#[pymethods]
impl BatchScanner {
    #[new]
    #[pyo3(signature = (rules_json=None, options_json=None))]
    fn new(rules_json: Option<&str>, options_json: Option<&str>) -> PyResult<Self> {
        let (rules, options) = scan_setup(rules_json, options_json).map_err(to_py_err)?;
        let state = ColumnScanner::new(&rules, &options).into_state();
        Ok(Self {
            rules,
            options,
            state,
        })
    }

    /// Scans one batch (any object with `__arrow_c_array__`, e.g. a pyarrow RecordBatch).
    fn update(&mut self, py: Python<'_>, batch: PyRecordBatch) -> PyResult<()> {
        let batch = batch.into_inner();
        let Self {
            rules,
            options,
            state,
        } = self;
        py.detach(|| {
            // A scanner borrows its rules, so one lives per batch and its state is merged
            // into the partition's; merging is exactly what the whole-table scan would count.
            let mut scanner = ColumnScanner::new(rules, options);
            scanner.update(&batch)?;
            state.merge(scanner.into_state(), options.max_examples)
        })
        .map_err(|e| to_py_err(e.into()))
    }

    /// The partition's state as JSON: counts and masked examples, no raw values.
    fn state_json(&self) -> String {
        to_json(&self.state)
    }

    /// The report of the batches seen so far, as JSON.
    fn report_json(&self) -> String {
        to_json(&self.state.finish(&self.rules, &self.options))
    }
}

/// Merges partition states (JSON, in partition order) into one state (JSON). Counts are
/// summed; masked examples are topped up in the order given.
#[pyfunction]
#[pyo3(signature = (states, max_examples=None))]
fn merge_scan_states(states: Vec<String>, max_examples: Option<usize>) -> PyResult<String> {
    let max_examples = max_examples.unwrap_or_else(|| ScanOptions::default().max_examples);
    let mut merged = ScanState::default();
    for json in &states {
        let state = state_from_json(json).map_err(to_py_err)?;
        merged
            .merge(state, max_examples)
            .map_err(|e| to_py_err(e.into()))?;
    }
    Ok(to_json(&merged))
}

/// The scan report (JSON) of a merged state, with verdicts from the same rules and options
/// the partitions were scanned with.
#[pyfunction]
#[pyo3(signature = (state_json, rules_json=None, options_json=None))]
fn scan_report_from_state(
    state_json: &str,
    rules_json: Option<&str>,
    options_json: Option<&str>,
) -> PyResult<String> {
    let (rules, options) = scan_setup(rules_json, options_json).map_err(to_py_err)?;
    let state = state_from_json(state_json).map_err(to_py_err)?;
    if state.rule_ids != rules.ids() && !(state.rows == 0 && state.columns.is_empty()) {
        return Err(to_py_err(
            PiiError::MergeMismatch {
                reason: "the state was made with other rules than the ones given".to_owned(),
            }
            .into(),
        ));
    }
    Ok(to_json(&state.finish(&rules, &options)))
}

/// The single-machine scan of a whole Arrow table (any object with `__arrow_c_stream__`):
/// one scanner over every batch. The reference a distributed scan must equal.
#[pyfunction]
#[pyo3(signature = (table, rules_json=None, options_json=None))]
fn scan_table_json(
    py: Python<'_>,
    table: PyTable,
    rules_json: Option<&str>,
    options_json: Option<&str>,
) -> PyResult<String> {
    let (rules, options) = scan_setup(rules_json, options_json).map_err(to_py_err)?;
    let (batches, _) = table.into_inner();
    py.detach(|| {
        let mut scanner = ColumnScanner::new(&rules, &options);
        for b in &batches {
            scanner.update(b)?;
        }
        Ok::<_, PiiError>(scanner.finish())
    })
    .map(|r| to_json(&r))
    .map_err(|e| to_py_err(e.into()))
}

fn policy_from_text(text: &str) -> Result<Policy, AnonymiseError> {
    if text.trim_start().starts_with('{') {
        Policy::from_json(text)
    } else {
        Policy::from_toml(text)
    }
}

fn context(
    key: Option<Vec<u8>>,
    seed: Option<Vec<u8>>,
    entities: Option<BTreeMap<String, String>>,
) -> Result<Context, AnonymiseError> {
    let mut context = Context::new();
    if let Some(key) = key {
        context = context.with_key(anonymise::Key::new(key)?);
    }
    if let Some(seed) = seed {
        context = context.with_seed(anonymise::Seed::from_bytes(&seed));
    }
    if let Some(entities) = entities {
        context = context.with_entities(entities);
    }
    Ok(context)
}

fn anon_err(e: AnonymiseError) -> PyErr {
    to_py_err(e.into())
}

/// A policy compiled for one input schema, for the batches of one partition (or, on the
/// driver, for counting and resolving the privacy model).
#[pyclass(module = "opendata._opendata")]
struct BatchAnonymiser {
    inner: Anonymiser,
}

#[pymethods]
impl BatchAnonymiser {
    /// `policy` is TOML or JSON text; `schema` any object with `__arrow_c_schema__`. The
    /// key stays in Rust: it is never returned, printed or serialised.
    #[new]
    #[pyo3(signature = (schema, policy, key=None, seed=None, entities=None))]
    fn new(
        schema: PySchema,
        policy: &str,
        key: Option<Vec<u8>>,
        seed: Option<Vec<u8>>,
        entities: Option<BTreeMap<String, String>>,
    ) -> PyResult<Self> {
        let policy = policy_from_text(policy).map_err(anon_err)?;
        let context = context(key, seed, entities).map_err(anon_err)?;
        let inner = Anonymiser::new(schema.as_ref(), &policy, &context).map_err(anon_err)?;
        Ok(Self { inner })
    }

    /// The schema of the batches `apply` returns, as a pyarrow Schema.
    fn output_schema<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        PySchema::new(self.inner.output_schema()).into_pyarrow(py)
    }

    /// Whether the policy has a privacy model (count, resolve, then apply).
    fn needs_observation(&self) -> bool {
        self.inner.needs_observation()
    }

    /// Counts the equivalence classes of one batch.
    fn observe(&mut self, py: Python<'_>, batch: PyRecordBatch) -> PyResult<()> {
        let batch = batch.into_inner();
        let inner = &mut self.inner;
        py.detach(|| inner.observe(&batch)).map_err(anon_err)
    }

    /// The classes counted so far as Arrow rows (a pyarrow RecordBatch: one text column per
    /// quasi-identifier, `__count`, and `__sensitive` with l-diversity), or None without a
    /// privacy model.
    fn class_counts<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        match self.inner.class_counts() {
            None => Ok(None),
            Some(counts) => {
                let batch = counts.to_batch().map_err(anon_err)?;
                PyRecordBatch::new(batch).into_pyarrow(py).map(Some)
            }
        }
    }

    /// Adds class rows in the layout of `class_counts` (e.g. an engine's group-by that
    /// summed `__count` over every partition), given as any Arrow table or stream.
    fn merge_class_counts(&mut self, py: Python<'_>, rows: PyTable) -> PyResult<()> {
        // An empty copy, so that rows this anonymiser observed itself are not counted twice.
        let Some(mut counts) = self.inner.class_counts().map(ClassCounts::empty_like) else {
            return Ok(());
        };
        let (batches, _) = rows.into_inner();
        let inner = &mut self.inner;
        py.detach(|| {
            for b in &batches {
                counts.add_batch(b)?;
            }
            inner.merge_class_counts(counts)
        })
        .map_err(anon_err)
    }

    /// Resolves the privacy model from the counts; the privacy report as JSON (None without
    /// a model).
    fn resolve(&mut self, py: Python<'_>) -> PyResult<Option<String>> {
        let inner = &mut self.inner;
        py.detach(|| inner.resolve().map(|r| r.map(to_json)))
            .map_err(anon_err)
    }

    /// The resolved decision as JSON, to hand to the workers (None before `resolve` or
    /// without a model). It holds quasi-identifier values, never the key.
    fn resolution_json(&self) -> Option<String> {
        self.inner.resolution().map(to_json)
    }

    /// Adopts a decision resolved elsewhere (JSON from `resolution_json`).
    fn set_resolution_json(&mut self, json: &str) -> PyResult<()> {
        let resolution: Resolution = serde_json::from_str(json).map_err(|e| {
            anon_err(AnonymiseError::SchemaMismatch(format!(
                "not a privacy decision: {e}"
            )))
        })?;
        self.inner.set_resolution(resolution).map_err(anon_err)
    }

    /// Anonymises one batch; a pyarrow RecordBatch in the output schema.
    fn apply<'py>(&mut self, py: Python<'py>, batch: PyRecordBatch) -> PyResult<Bound<'py, PyAny>> {
        let batch = batch.into_inner();
        let inner = &mut self.inner;
        let out = py.detach(|| inner.apply(&batch)).map_err(anon_err)?;
        PyRecordBatch::new(out).into_pyarrow(py)
    }

    /// What this anonymiser did so far, as JSON.
    fn report_json(&self) -> String {
        to_json(&self.inner.report())
    }
}

/// The single-machine anonymisation of a whole Arrow table: core's `anonymise` (observe
/// every batch, resolve, apply). Returns `(pyarrow Table, report JSON)`; the reference a
/// distributed run must equal.
#[pyfunction]
#[pyo3(signature = (table, policy, key=None, seed=None, entities=None))]
fn anonymise_table<'py>(
    py: Python<'py>,
    table: PyTable,
    policy: &str,
    key: Option<Vec<u8>>,
    seed: Option<Vec<u8>>,
    entities: Option<BTreeMap<String, String>>,
) -> PyResult<(Bound<'py, PyAny>, String)> {
    let policy = policy_from_text(policy).map_err(anon_err)?;
    let context = context(key, seed, entities).map_err(anon_err)?;
    let (batches, schema) = table.into_inner();
    let out = py
        .detach(|| anonymise::anonymise(&schema, &batches, &policy, &context))
        .map_err(anon_err)?;
    let report = to_json(&out.report);
    let table = PyTable::try_new(out.batches, out.schema)?.into_pyarrow(py)?;
    Ok((table, report))
}

/// Adds the distributed building blocks to the extension module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<BatchScanner>()?;
    m.add_class::<BatchAnonymiser>()?;
    m.add_function(wrap_pyfunction!(merge_scan_states, m)?)?;
    m.add_function(wrap_pyfunction!(scan_report_from_state, m)?)?;
    m.add_function(wrap_pyfunction!(scan_table_json, m)?)?;
    m.add_function(wrap_pyfunction!(anonymise_table, m)?)?;
    Ok(())
}
