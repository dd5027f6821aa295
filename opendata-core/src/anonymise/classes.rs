//! Equivalence classes over quasi-identifiers, and the re-identification risk they imply.
//!
//! [`ClassCounts`] is the whole-file state of the privacy models: one count per distinct
//! combination of quasi-identifier values (plus, for l-diversity, up to `l` distinct
//! sensitive values). It is built batch by batch and two of them merge, so workers can each
//! count a part of a table and one merged state decides.

use std::collections::{BTreeSet, HashMap};

use std::sync::Arc;

use arrow_array::builder::{Int64Builder, ListBuilder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::DataType;
use serde::{Deserialize, Serialize};

use super::cells::Cells;
use crate::error::AnonymiseError;
use crate::report::{FindingSink, Location, Report};

/// The combination of quasi-identifier values of a class (`None` for an empty cell).
pub type ClassKey = Vec<Option<String>>;

/// What is known of one class.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ClassState {
    /// Records in the class.
    pub count: u64,
    /// Distinct sensitive values seen, at most `l` of them (enough to decide l-diversity,
    /// also after merging).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub sensitive: BTreeSet<String>,
}

/// Mergeable counts of equivalence classes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "CountsData", into = "CountsData")]
pub struct ClassCounts {
    quasi_identifiers: Vec<String>,
    sensitive: Option<String>,
    l_cap: usize,
    records: u64,
    classes: HashMap<ClassKey, ClassState>,
}

/// The serialised form: classes as a list, since JSON keys must be strings.
#[derive(Serialize, Deserialize)]
struct CountsData {
    quasi_identifiers: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sensitive: Option<String>,
    #[serde(default)]
    l_cap: usize,
    records: u64,
    classes: Vec<(ClassKey, ClassState)>,
}

impl From<CountsData> for ClassCounts {
    fn from(d: CountsData) -> Self {
        Self {
            quasi_identifiers: d.quasi_identifiers,
            sensitive: d.sensitive,
            l_cap: d.l_cap,
            records: d.records,
            classes: d.classes.into_iter().collect(),
        }
    }
}

impl From<ClassCounts> for CountsData {
    fn from(c: ClassCounts) -> Self {
        let mut classes: Vec<_> = c.classes.into_iter().collect();
        classes.sort_by(|a, b| a.0.cmp(&b.0));
        Self {
            quasi_identifiers: c.quasi_identifiers,
            sensitive: c.sensitive,
            l_cap: c.l_cap,
            records: c.records,
            classes,
        }
    }
}

impl ClassCounts {
    /// Empty counts over these quasi-identifiers; with a sensitive column and `l`, each class
    /// also keeps up to `l` distinct sensitive values.
    pub fn new(quasi_identifiers: Vec<String>, sensitive: Option<(String, u64)>) -> Self {
        let (sensitive, l_cap) = match sensitive {
            Some((s, l)) => (Some(s), usize::try_from(l).unwrap_or(usize::MAX)),
            None => (None, 0),
        };
        Self {
            quasi_identifiers,
            sensitive,
            l_cap,
            records: 0,
            classes: HashMap::new(),
        }
    }

    /// Empty counts over the same quasi-identifiers and sensitive column, to add another
    /// worker's classes to.
    pub fn empty_like(&self) -> Self {
        Self {
            quasi_identifiers: self.quasi_identifiers.clone(),
            sensitive: self.sensitive.clone(),
            l_cap: self.l_cap,
            records: 0,
            classes: HashMap::new(),
        }
    }

    /// The quasi-identifiers counted.
    pub fn quasi_identifiers(&self) -> &[String] {
        &self.quasi_identifiers
    }

    /// Records counted.
    pub fn records(&self) -> u64 {
        self.records
    }

    /// The classes and their states.
    pub fn classes(&self) -> impl Iterator<Item = (&ClassKey, &ClassState)> {
        self.classes.iter()
    }

    /// Counts the records of a batch; an unknown column is an error.
    pub fn observe(&mut self, batch: &RecordBatch) -> Result<(), AnonymiseError> {
        let schema = batch.schema();
        let index = |name: &str| {
            schema
                .index_of(name)
                .map_err(|_| AnonymiseError::UnknownColumn {
                    column: name.to_owned(),
                })
        };
        let qi: Vec<usize> = self
            .quasi_identifiers
            .iter()
            .map(|q| index(q))
            .collect::<Result<_, _>>()?;
        let sensitive = self.sensitive.as_deref().map(index).transpose()?;
        let mut cells: Vec<Cells<'_>> = qi.iter().map(|&i| Cells::new(batch.column(i))).collect();
        let mut sens = sensitive.map(|i| Cells::new(batch.column(i)));
        let mut key: ClassKey = Vec::with_capacity(qi.len());
        for row in 0..batch.num_rows() {
            key.clear();
            key.extend(cells.iter_mut().map(|c| c.get(row).map(|v| v.into_owned())));
            let value = sens
                .as_mut()
                .and_then(|s| s.get(row).map(|v| v.into_owned()));
            self.add(&key, 1, value.into_iter());
        }
        Ok(())
    }

    fn add(&mut self, key: &ClassKey, count: u64, sensitive: impl Iterator<Item = String>) {
        self.records += count;
        let cap = self.l_cap;
        let state = match self.classes.get_mut(key) {
            Some(s) => s,
            None => self.classes.entry(key.clone()).or_default(),
        };
        state.count += count;
        for v in sensitive {
            if state.sensitive.len() >= cap {
                break;
            }
            state.sensitive.insert(v);
        }
    }

    /// Adds another worker's counts; both must count the same quasi-identifiers.
    pub fn merge(&mut self, other: ClassCounts) -> Result<(), AnonymiseError> {
        if other.quasi_identifiers != self.quasi_identifiers || other.sensitive != self.sensitive {
            return Err(AnonymiseError::SchemaMismatch(
                "class counts over different quasi-identifiers cannot be merged".to_owned(),
            ));
        }
        for (key, state) in other.classes {
            self.add(&key, state.count, state.sensitive.into_iter());
        }
        Ok(())
    }

    /// The re-identification risk of the counted records against threshold `k`.
    pub fn risk(&self, k: u64) -> RiskReport {
        RiskReport::from_sizes(
            self.quasi_identifiers.clone(),
            self.classes.values().map(|s| s.count),
            k,
        )
    }

    /// The counts as one Arrow row per class, so a distributed engine can add up the
    /// classes of its partitions with its own group-by: one nullable text column per
    /// quasi-identifier (named after it, `null` for an empty cell), then
    /// [`COUNT_COLUMN`](Self::COUNT_COLUMN) (int64) and, with a sensitive column,
    /// [`SENSITIVE_COLUMN`](Self::SENSITIVE_COLUMN) (a list of at most `l` distinct
    /// values). Rows are sorted by class, so the same counts give the same batch.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use arrow_array::{RecordBatch, StringArray};
    /// use opendata_core::anonymise::ClassCounts;
    ///
    /// let batch = RecordBatch::try_from_iter([(
    ///     "town",
    ///     Arc::new(StringArray::from(vec!["Leeds", "York", "Leeds"])) as _,
    /// )]).unwrap();
    /// let mut counts = ClassCounts::new(vec!["town".into()], None);
    /// counts.observe(&batch)?;
    /// let rows = counts.to_batch()?; // town, __count: (Leeds, 2), (York, 1)
    /// let mut merged = ClassCounts::new(vec!["town".into()], None);
    /// merged.add_batch(&rows)?;
    /// merged.add_batch(&rows)?;
    /// assert_eq!(merged.records(), 6);
    /// # Ok::<(), opendata_core::AnonymiseError>(())
    /// ```
    pub fn to_batch(&self) -> Result<RecordBatch, AnonymiseError> {
        self.check_column_names()?;
        let mut classes: Vec<_> = self.classes.iter().collect();
        classes.sort_by(|a, b| a.0.cmp(b.0));
        let mut builders: Vec<StringBuilder> = self
            .quasi_identifiers
            .iter()
            .map(|_| StringBuilder::new())
            .collect();
        let mut counts = Int64Builder::with_capacity(classes.len());
        let mut sensitive = ListBuilder::new(StringBuilder::new());
        for (key, state) in classes {
            for (b, v) in builders.iter_mut().zip(key) {
                b.append_option(v.as_deref());
            }
            // Counts are records of one table, far below i64::MAX; saturate rather than wrap.
            counts.append_value(i64::try_from(state.count).unwrap_or(i64::MAX));
            for v in &state.sensitive {
                sensitive.values().append_value(v);
            }
            sensitive.append(true);
        }
        let mut columns: Vec<(String, ArrayRef)> = self
            .quasi_identifiers
            .iter()
            .zip(builders)
            .map(|(q, mut b)| (q.clone(), Arc::new(b.finish()) as ArrayRef))
            .collect();
        columns.push((Self::COUNT_COLUMN.to_owned(), Arc::new(counts.finish())));
        if self.sensitive.is_some() {
            columns.push((
                Self::SENSITIVE_COLUMN.to_owned(),
                Arc::new(sensitive.finish()),
            ));
        }
        RecordBatch::try_from_iter_with_nullable(
            columns.into_iter().map(|(name, array)| (name, array, true)),
        )
        .map_err(|e| AnonymiseError::Arrow(e.to_string()))
    }

    /// Adds classes given as rows in the layout of [`to_batch`](Self::to_batch), e.g. the
    /// output of an engine's group-by that summed the count column. Columns are found by
    /// name; text columns may be `Utf8`, `LargeUtf8` or `Utf8View`, the count any integer
    /// type. A missing column, a null or negative count is an error.
    pub fn add_batch(&mut self, batch: &RecordBatch) -> Result<(), AnonymiseError> {
        self.check_column_names()?;
        let schema = batch.schema();
        let column = |name: &str| {
            schema
                .index_of(name)
                .map(|i| batch.column(i).clone())
                .map_err(|_| AnonymiseError::UnknownColumn {
                    column: name.to_owned(),
                })
        };
        let qi: Vec<ArrayRef> = self
            .quasi_identifiers
            .iter()
            .map(|q| column(q))
            .collect::<Result<_, _>>()?;
        let counts = column(Self::COUNT_COLUMN)?;
        // Counts are read through their text so that any integer type an engine's sum
        // produces (int64 in Spark, uint64 elsewhere) is taken as it is.
        let mut count_cells = Cells::new(&counts);
        let sensitive = match &self.sensitive {
            Some(_) => Some(column(Self::SENSITIVE_COLUMN)?),
            None => None,
        };
        let mut cells: Vec<Cells<'_>> = qi.iter().map(Cells::new).collect();
        let mut key: ClassKey = Vec::with_capacity(qi.len());
        for row in 0..batch.num_rows() {
            let count = count_cells
                .get(row)
                .and_then(|c| c.parse::<u64>().ok())
                .ok_or_else(|| {
                    AnonymiseError::InvalidTable(format!(
                        "row {row} of the class counts has no count, or not a whole number of records"
                    ))
                })?;
            key.clear();
            key.extend(cells.iter_mut().map(|c| c.get(row).map(|v| v.into_owned())));
            let values = match &sensitive {
                Some(list) => list_values(list, row)?,
                None => Vec::new(),
            };
            self.add(&key, count, values.into_iter());
        }
        Ok(())
    }

    /// The name of the record count column of [`to_batch`](Self::to_batch).
    pub const COUNT_COLUMN: &'static str = "__count";
    /// The name of the sensitive values column of [`to_batch`](Self::to_batch).
    pub const SENSITIVE_COLUMN: &'static str = "__sensitive";

    fn check_column_names(&self) -> Result<(), AnonymiseError> {
        match self
            .quasi_identifiers
            .iter()
            .find(|q| *q == Self::COUNT_COLUMN || *q == Self::SENSITIVE_COLUMN)
        {
            Some(q) => Err(AnonymiseError::InvalidPolicy(format!(
                "a quasi-identifier named `{q}` clashes with the class-count columns; rename the column"
            ))),
            None => Ok(()),
        }
    }
}

/// The text of the values in row `row` of a list column (empty for a null list).
fn list_values(list: &ArrayRef, row: usize) -> Result<Vec<String>, AnonymiseError> {
    if list.is_null(row) {
        return Ok(Vec::new());
    }
    let values = match list.data_type() {
        DataType::List(_) => list.as_list::<i32>().value(row),
        DataType::LargeList(_) => list.as_list::<i64>().value(row),
        other => {
            return Err(AnonymiseError::InvalidTable(format!(
                "{} must be a list of values, not {other}",
                ClassCounts::SENSITIVE_COLUMN
            )))
        }
    };
    let mut cells = Cells::new(&values);
    Ok((0..values.len())
        .filter_map(|i| cells.get(i).map(|v| v.into_owned()))
        .collect())
}

/// Re-identification risk of a table over its quasi-identifiers, with the prosecutor-model
/// figures ARX and sdcMicro report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RiskReport {
    /// The quasi-identifiers.
    pub quasi_identifiers: Vec<String>,
    /// Records.
    pub records: u64,
    /// Equivalence classes (distinct combinations of quasi-identifier values).
    pub classes: u64,
    /// Size of the smallest class: the k the table has.
    pub smallest_class: u64,
    /// Size of the largest class.
    pub largest_class: u64,
    /// Records per class on average.
    pub mean_class_size: f64,
    /// The threshold the figures below are counted against.
    pub k_threshold: u64,
    /// Classes smaller than the threshold.
    pub classes_below_k: u64,
    /// Records in classes smaller than the threshold (sdcMicro's "observations violating
    /// k-anonymity").
    pub records_below_k: u64,
    /// Records alone in their class (sample uniques).
    pub unique_records: u64,
    /// Prosecutor-model risk.
    pub prosecutor: ProsecutorRisk,
    /// How many classes and records there are by class size.
    pub class_sizes: Vec<SizeBucket>,
    /// Findings: records below k, unique records.
    pub report: Report,
}

/// Prosecutor risk: the attacker knows the person is in the table, so a record's risk is
/// 1 / the size of its class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProsecutorRisk {
    /// The highest risk of any record: 1 / smallest class (ARX "highest prosecutor risk").
    pub highest: f64,
    /// The mean risk over records: classes / records (ARX "average prosecutor risk").
    pub average: f64,
    /// Records that have the highest risk.
    pub records_at_highest_risk: u64,
    /// Their share of all records (ARX "records affected by highest risk").
    pub share_at_highest_risk: f64,
    /// Records whose risk exceeds 1/k (in classes below the threshold), as a share.
    pub share_above_threshold: f64,
    /// Expected re-identifications: the sum of record risks, equal to the number of classes
    /// (sdcMicro's global risk, as a count).
    pub expected_reidentifications: f64,
}

/// One row of the class-size distribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SizeBucket {
    /// Smallest class size in the bucket.
    pub from: u64,
    /// Largest class size in the bucket (`None`: no limit).
    pub to: Option<u64>,
    /// Classes in the bucket.
    pub classes: u64,
    /// Records in those classes.
    pub records: u64,
}

const BUCKETS: &[(u64, Option<u64>)] = &[
    (1, Some(1)),
    (2, Some(2)),
    (3, Some(4)),
    (5, Some(9)),
    (10, Some(19)),
    (20, Some(49)),
    (50, Some(99)),
    (100, None),
];

impl RiskReport {
    /// The figures for classes of the given sizes.
    pub fn from_sizes(
        quasi_identifiers: Vec<String>,
        sizes: impl Iterator<Item = u64>,
        k: u64,
    ) -> Self {
        let mut records = 0u64;
        let mut classes = 0u64;
        let mut smallest = u64::MAX;
        let mut largest = 0u64;
        let mut below = (0u64, 0u64);
        let mut uniques = 0u64;
        let mut at_smallest = 0u64;
        let mut buckets: Vec<SizeBucket> = BUCKETS
            .iter()
            .map(|&(from, to)| SizeBucket {
                from,
                to,
                classes: 0,
                records: 0,
            })
            .collect();
        for size in sizes.filter(|&s| s > 0) {
            records += size;
            classes += 1;
            match size.cmp(&smallest) {
                std::cmp::Ordering::Less => {
                    smallest = size;
                    at_smallest = size;
                }
                std::cmp::Ordering::Equal => at_smallest += size,
                std::cmp::Ordering::Greater => {}
            }
            largest = largest.max(size);
            if size < k {
                below.0 += 1;
                below.1 += size;
            }
            if size == 1 {
                uniques += 1;
            }
            if let Some(b) = buckets
                .iter_mut()
                .find(|b| size >= b.from && b.to.is_none_or(|t| size <= t))
            {
                b.classes += 1;
                b.records += size;
            }
        }
        if classes == 0 {
            smallest = 0;
        }
        let share = |n: u64| {
            if records == 0 {
                0.0
            } else {
                n as f64 / records as f64
            }
        };
        let mut sink = FindingSink::new(10);
        if below.1 > 0 {
            sink.push(
                &super::codes::RECORDS_BELOW_K,
                Location::file(),
                format!(
                    "{} of {records} records ({:.1}%) are in {} classes smaller than k = {k}; the smallest class has {smallest}",
                    below.1,
                    100.0 * share(below.1),
                    below.0
                ),
            );
        }
        if uniques > 0 {
            sink.push(
                &super::codes::UNIQUE_RECORDS,
                Location::file(),
                format!(
                    "{uniques} records ({:.1}%) are unique on {}",
                    100.0 * share(uniques),
                    quasi_identifiers.join(", ")
                ),
            );
        }
        Self {
            prosecutor: ProsecutorRisk {
                highest: if smallest == 0 {
                    0.0
                } else {
                    1.0 / smallest as f64
                },
                average: share(classes),
                records_at_highest_risk: at_smallest,
                share_at_highest_risk: share(at_smallest),
                share_above_threshold: share(below.1),
                expected_reidentifications: classes as f64,
            },
            quasi_identifiers,
            records,
            classes,
            smallest_class: smallest,
            largest_class: largest,
            mean_class_size: if classes == 0 {
                0.0
            } else {
                records as f64 / classes as f64
            },
            k_threshold: k,
            classes_below_k: below.0,
            records_below_k: below.1,
            unique_records: uniques,
            class_sizes: buckets.into_iter().filter(|b| b.classes > 0).collect(),
            report: sink.into_report(None),
        }
    }
}

/// Measures the re-identification risk of a table over its quasi-identifiers.
///
/// ```
/// use std::sync::Arc;
/// use arrow_array::{RecordBatch, StringArray};
/// use opendata_core::anonymise::assess_risk;
///
/// let sex = StringArray::from(vec!["F", "F", "M", "M", "M"]);
/// let town = StringArray::from(vec!["Leeds", "Leeds", "York", "York", "Leeds"]);
/// let batch = RecordBatch::try_from_iter([
///     ("sex", Arc::new(sex) as _),
///     ("town", Arc::new(town) as _),
/// ]).unwrap();
/// let risk = assess_risk(&[batch], &["sex".into(), "town".into()], 2)?;
/// assert_eq!((risk.classes, risk.smallest_class, risk.unique_records), (3, 1, 1));
/// assert_eq!(risk.prosecutor.highest, 1.0);
/// assert_eq!(risk.prosecutor.average, 3.0 / 5.0);
/// # Ok::<(), opendata_core::Error>(())
/// ```
pub fn assess_risk(
    batches: &[RecordBatch],
    quasi_identifiers: &[String],
    k: u64,
) -> Result<RiskReport, AnonymiseError> {
    if quasi_identifiers.is_empty() {
        return Err(AnonymiseError::InvalidPolicy(
            "name at least one quasi-identifier".to_owned(),
        ));
    }
    let mut counts = ClassCounts::new(quasi_identifiers.to_vec(), None);
    for b in batches {
        counts.observe(b)?;
    }
    Ok(counts.risk(k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::StringArray;
    use std::sync::Arc;

    fn batch(rows: &[(&str, &str)]) -> RecordBatch {
        let a = StringArray::from(rows.iter().map(|r| r.0).collect::<Vec<_>>());
        let b = StringArray::from(rows.iter().map(|r| r.1).collect::<Vec<_>>());
        RecordBatch::try_from_iter([("a", Arc::new(a) as _), ("s", Arc::new(b) as _)]).unwrap()
    }

    #[test]
    fn merged_counts_equal_counts_of_the_whole() {
        let rows = [("x", "1"), ("x", "2"), ("y", "1"), ("x", "3"), ("y", "1")];
        let mut whole = ClassCounts::new(vec!["a".into()], Some(("s".into(), 2)));
        whole.observe(&batch(&rows)).unwrap();
        let mut left = ClassCounts::new(vec!["a".into()], Some(("s".into(), 2)));
        left.observe(&batch(&rows[..2])).unwrap();
        let mut right = ClassCounts::new(vec!["a".into()], Some(("s".into(), 2)));
        right.observe(&batch(&rows[2..])).unwrap();
        left.merge(right).unwrap();
        assert_eq!(left, whole);
        let x = &whole.classes[&vec![Some("x".to_owned())]];
        assert_eq!((x.count, x.sensitive.len()), (3, 2));
        let json = serde_json::to_string(&whole).unwrap();
        let back: ClassCounts = serde_json::from_str(&json).unwrap();
        assert_eq!(back, whole);
        let other = ClassCounts::new(vec!["s".into()], None);
        assert_eq!(
            whole.merge(other).unwrap_err().code(),
            "anonymise.schema-mismatch"
        );
    }

    #[test]
    fn risk_figures_match_the_prosecutor_model() {
        // classes of sizes 1, 2, 2, 5 -> 10 records
        let r = RiskReport::from_sizes(vec!["q".into()], [1, 2, 2, 5].into_iter(), 3);
        assert_eq!(
            (r.records, r.classes, r.smallest_class, r.largest_class),
            (10, 4, 1, 5)
        );
        assert_eq!(
            (r.classes_below_k, r.records_below_k, r.unique_records),
            (3, 5, 1)
        );
        assert_eq!(r.prosecutor.highest, 1.0);
        assert_eq!(r.prosecutor.average, 0.4);
        assert_eq!(r.prosecutor.records_at_highest_risk, 1);
        assert_eq!(r.prosecutor.share_above_threshold, 0.5);
        assert_eq!(r.prosecutor.expected_reidentifications, 4.0);
        let codes: Vec<_> = r.report.findings.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(
            codes,
            ["anonymise.records-below-k", "anonymise.unique-records"]
        );
        assert!(!r.report.ok);
        let safe = RiskReport::from_sizes(vec!["q".into()], [3, 4].into_iter(), 3);
        assert!(safe.report.ok && safe.report.findings.is_empty());
        assert_eq!(safe.prosecutor.records_at_highest_risk, 3);
    }

    #[test]
    fn unknown_quasi_identifier_is_an_error() {
        let err = assess_risk(&[batch(&[("x", "1")])], &["nope".into()], 2).unwrap_err();
        assert_eq!(err.code(), "anonymise.unknown-column");
    }
}
