//! The anonymiser split over workers the way `opendata.spark` and `opendata.ray` run it:
//! each partition counts its classes and ships them as Arrow rows, one place adds them up
//! and resolves the privacy model, and the decision (not the counts) travels to the workers
//! that apply their partitions. The output must equal the single-machine run row for row.

use std::sync::Arc;

use arrow_array::{Array, ArrayRef, Int64Array, RecordBatch, StringArray};
use arrow_select::concat::concat_batches;
use opendata_core::anonymise::{
    anonymise, Anonymiser, ClassCounts, Context, Key, Policy, Resolution, Seed,
};
use proptest::prelude::*;

const POSTCODES: [&str; 6] = [
    "SW1A 1AA", "SW1A 2BB", "SW1B 1AA", "M1 1AE", "M2 3CD", "LS1 4EF",
];
const SEX: [&str; 2] = ["F", "M"];
const DIAG: [&str; 4] = ["flu", "asthma", "gout", "none"];

fn table(rows: &[(i64, usize, usize, usize)]) -> RecordBatch {
    let s = |v: Vec<&str>| Arc::new(StringArray::from(v)) as ArrayRef;
    RecordBatch::try_from_iter([
        (
            "id",
            Arc::new(Int64Array::from((0..rows.len() as i64).collect::<Vec<_>>())) as ArrayRef,
        ),
        (
            "age",
            Arc::new(Int64Array::from(
                rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            )) as ArrayRef,
        ),
        ("postcode", s(rows.iter().map(|r| POSTCODES[r.1]).collect())),
        ("sex", s(rows.iter().map(|r| SEX[r.2]).collect())),
        ("diagnosis", s(rows.iter().map(|r| DIAG[r.3]).collect())),
    ])
    .unwrap()
}

fn context() -> Context {
    Context::new()
        .with_key(Key::new(b"a distributed test key".to_vec()).unwrap())
        .with_seed(Seed::from_bytes(b"one seed for every worker"))
}

fn policy(k: u64, with_l: bool) -> Policy {
    let l = if with_l {
        "sensitive = \"diagnosis\"\nl = 2\n"
    } else {
        ""
    };
    Policy::from_toml(&format!(
        "[columns.id]\naction = \"pseudonym\"\n\
         [privacy]\nquasi_identifiers = [\"age\", \"postcode\", \"sex\"]\nk = {k}\nmax_suppression = 0.1\n{l}\
         [privacy.hierarchies.age]\nkind = \"age\"\nbands = [5, 10, 20]\n\
         [privacy.hierarchies.postcode]\nkind = \"postcode\"\n"
    ))
    .unwrap()
}

/// Runs the policy the distributed way over `parts` and returns the concatenated output and
/// the decision, or the error of the resolve step.
fn distributed(
    parts: &[RecordBatch],
    policy: &Policy,
) -> Result<(RecordBatch, Resolution), opendata_core::AnonymiseError> {
    let schema = parts[0].schema();
    // Workers: count classes, ship them as rows.
    let mut shipped = Vec::new();
    for part in parts {
        let mut worker = Anonymiser::new(&schema, policy, &context())?;
        worker.observe(part)?;
        shipped.push(worker.class_counts().unwrap().to_batch()?);
    }
    // The engine's group-by is simulated by adding every shipped row: equal keys merge.
    let mut driver = Anonymiser::new(&schema, policy, &context())?;
    let mut total = driver.class_counts().unwrap().empty_like();
    for rows in &shipped {
        total.add_batch(rows)?;
    }
    driver.merge_class_counts(total)?;
    driver.resolve()?;
    // The decision travels as JSON; each worker applies its own partition.
    let json = serde_json::to_string(driver.resolution().unwrap()).unwrap();
    let mut out = Vec::new();
    for part in parts {
        let mut worker = Anonymiser::new(&schema, policy, &context())?;
        worker.set_resolution(serde_json::from_str(&json).unwrap())?;
        out.push(worker.apply(part)?);
    }
    let resolution = driver.resolution().unwrap().clone();
    Ok((concat_batches(&out[0].schema(), &out).unwrap(), resolution))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any split of the rows into partitions gives the single-machine output and verdict.
    #[test]
    fn partitions_give_the_single_machine_answer(
        rows in prop::collection::vec((0i64..95, 0usize..6, 0usize..2, 0usize..4), 1..150),
        cuts in prop::collection::vec(0usize..150, 0..6),
        k in 2u64..6,
        with_l in any::<bool>(),
    ) {
        let whole = table(&rows);
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (rows.len() + 1)).collect();
        cuts.push(0);
        cuts.push(rows.len());
        cuts.sort_unstable();
        let parts: Vec<RecordBatch> = cuts
            .windows(2)
            .map(|w| whole.slice(w[0], w[1] - w[0]))
            .collect();
        let policy = policy(k, with_l);
        let single = anonymise(&whole.schema(), std::slice::from_ref(&whole), &policy, &context());
        match (single, distributed(&parts, &policy)) {
            (Ok(single), Ok((out, resolution))) => {
                let single_out = concat_batches(&single.schema, &single.batches).unwrap();
                prop_assert_eq!(&out, &single_out);
                prop_assert_eq!(Some(resolution.report()), single.report.privacy.as_ref());
            }
            (Err(a), Err(b)) => prop_assert_eq!(a.code(), b.code()),
            (a, b) => prop_assert!(false, "single {:?} vs distributed {:?}", a.map(|_| ()), b.map(|_| ())),
        }
    }
}

#[test]
fn class_rows_round_trip_and_sum() {
    let rows: Vec<_> = (0..40)
        .map(|i| (i % 7, i as usize % 6, i as usize % 2, i as usize % 4))
        .collect();
    let b = table(&rows);
    let mut counts = ClassCounts::new(
        vec!["age".into(), "postcode".into()],
        Some(("diagnosis".into(), 2)),
    );
    counts.observe(&b).unwrap();
    let shipped = counts.to_batch().unwrap();
    assert_eq!(shipped.num_columns(), 4);
    assert_eq!(shipped.schema().field(2).name(), ClassCounts::COUNT_COLUMN);
    assert_eq!(
        shipped.schema().field(3).name(),
        ClassCounts::SENSITIVE_COLUMN
    );
    let mut back = ClassCounts::new(
        vec!["age".into(), "postcode".into()],
        Some(("diagnosis".into(), 2)),
    );
    back.add_batch(&shipped).unwrap();
    assert_eq!(back, counts);
    // Added twice, every class count doubles: summed, not averaged.
    back.add_batch(&shipped).unwrap();
    assert_eq!(back.records(), 2 * counts.records());
    for (key, state) in back.classes() {
        let once = counts.classes().find(|(k, _)| *k == key).unwrap().1;
        assert_eq!(state.count, 2 * once.count);
    }
}

#[test]
fn class_rows_that_cannot_be_counts_are_errors() {
    let mut counts = ClassCounts::new(vec!["town".into()], None);
    let town = Arc::new(StringArray::from(vec!["Leeds", "York"])) as ArrayRef;
    let missing = RecordBatch::try_from_iter([("town", town.clone())]).unwrap();
    assert_eq!(
        counts.add_batch(&missing).unwrap_err().code(),
        "anonymise.unknown-column"
    );
    let negative = RecordBatch::try_from_iter([
        ("town", town.clone()),
        (
            ClassCounts::COUNT_COLUMN,
            Arc::new(Int64Array::from(vec![Some(3), Some(-1)])) as ArrayRef,
        ),
    ])
    .unwrap();
    assert_eq!(
        counts.add_batch(&negative).unwrap_err().code(),
        "anonymise.invalid-table"
    );
    let null = RecordBatch::try_from_iter([
        ("town", town),
        (
            ClassCounts::COUNT_COLUMN,
            Arc::new(Int64Array::from(vec![Some(3), None])) as ArrayRef,
        ),
    ])
    .unwrap();
    assert!(null.column(1).is_null(1));
    assert_eq!(
        counts.add_batch(&null).unwrap_err().code(),
        "anonymise.invalid-table"
    );
    let clash = ClassCounts::new(vec![ClassCounts::COUNT_COLUMN.into()], None);
    assert_eq!(
        clash.to_batch().unwrap_err().code(),
        "anonymise.invalid-policy"
    );
}

#[test]
fn a_decision_for_another_model_is_refused() {
    let rows: Vec<_> = (0..60)
        .map(|i| (i % 90, i as usize % 6, i as usize % 2, i as usize % 4))
        .collect();
    let b = table(&rows);
    let mut a = Anonymiser::new(&b.schema(), &policy(3, false), &context()).unwrap();
    a.observe(&b).unwrap();
    a.resolve().unwrap();
    let decision = a.resolution().unwrap().clone();
    let mut other_k = Anonymiser::new(&b.schema(), &policy(4, false), &context()).unwrap();
    assert_eq!(
        other_k.set_resolution(decision.clone()).unwrap_err().code(),
        "anonymise.schema-mismatch"
    );
    let no_model = Policy::from_toml("[columns.id]\naction = \"drop\"\n").unwrap();
    let mut plain = Anonymiser::new(&b.schema(), &no_model, &context()).unwrap();
    assert_eq!(
        plain.set_resolution(decision.clone()).unwrap_err().code(),
        "anonymise.schema-mismatch"
    );
    let mut same = Anonymiser::new(&b.schema(), &policy(3, false), &context()).unwrap();
    same.set_resolution(decision).unwrap();
    assert_eq!(same.apply(&b).unwrap(), a.apply(&b).unwrap());
}
