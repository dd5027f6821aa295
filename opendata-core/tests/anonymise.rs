//! The anonymiser through its public API: the proofs the issue asks for (as property
//! tests), bad input, and secrets that never leak.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, Int64Array, RecordBatch, StringArray};
use arrow_schema::Schema;
use opendata_core::anonymise::{
    anonymise, protect_table, Anonymiser, CellProtection, CellStatus, ClassCounts, Context,
    CountTable, Key, Policy, Seed, SpanDetector, TextSpan,
};
use proptest::prelude::*;

const KEY: &[u8] = b"test-key-material-0123456789";

fn batch(columns: Vec<(&str, ArrayRef)>) -> RecordBatch {
    RecordBatch::try_from_iter(columns).unwrap()
}

fn strings(values: &[String]) -> ArrayRef {
    Arc::new(StringArray::from(
        values.iter().map(String::as_str).collect::<Vec<_>>(),
    ))
}

fn cell_texts(b: &RecordBatch) -> Vec<String> {
    let mut out = Vec::new();
    for col in b.columns() {
        for i in 0..col.len() {
            if col.is_null(i) {
                continue;
            }
            out.push(match col.data_type() {
                arrow_schema::DataType::Utf8 => col.as_string::<i32>().value(i).to_owned(),
                arrow_schema::DataType::Int64 => col
                    .as_primitive::<arrow_array::types::Int64Type>()
                    .value(i)
                    .to_string(),
                other => panic!("unexpected type {other}"),
            });
        }
    }
    out
}

fn context() -> Context {
    Context::new()
        .with_key(Key::new(KEY.to_vec()).unwrap())
        .with_seed(Seed::from_bytes(b"fixed seed"))
}

fn run(
    b: &RecordBatch,
    policy: &str,
    ctx: &Context,
) -> Result<Vec<RecordBatch>, opendata_core::AnonymiseError> {
    let policy = Policy::from_toml(policy)?;
    anonymise(&b.schema(), std::slice::from_ref(b), &policy, ctx).map(|a| a.batches)
}

fn hiding_policies() -> Vec<String> {
    vec![
        "[columns.secret]\naction = \"pseudonym\"\n".to_owned(),
        "[columns.secret]\naction = \"pseudonym\"\nencoding = \"hex\"\nlength = 8\n".to_owned(),
        "[columns.secret]\naction = \"random-token\"\n".to_owned(),
        "[columns.secret]\naction = \"redact\"\n".to_owned(),
        "[columns.secret]\naction = \"entity-tag\"\nentity = \"PERSON\"\n".to_owned(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// After pseudonymising, redacting or masking a column, none of its original values is
    /// any cell of the output.
    #[test]
    fn hidden_values_appear_nowhere(
        secrets in prop::collection::vec("[a-z2-7]{1,20}", 1..40),
        first in 0usize..4,
        last in 0usize..4,
        which in 0usize..6,
    ) {
        let n = secrets.len();
        let ids: Vec<String> = (0..n).map(|i| format!("row-{i}")).collect();
        let b = batch(vec![("id", strings(&ids)), ("secret", strings(&secrets))]);
        let mut policies = hiding_policies();
        policies.push(format!(
            "[columns.secret]\naction = \"mask\"\nkeep_first = {first}\nkeep_last = {last}\n"
        ));
        let out = run(&b, &policies[which], &context()).unwrap();
        let cells: HashSet<String> = out.iter().flat_map(cell_texts).collect();
        for s in &secrets {
            prop_assert!(!cells.contains(s), "{s:?} survived {}", policies[which]);
        }
    }

    /// Same key and seed: byte-identical output; another key: other pseudonyms.
    #[test]
    fn pseudonyms_are_deterministic_per_key(
        values in prop::collection::vec("[A-Za-z0-9@.]{1,24}", 1..30),
        other_key in "[a-z]{16,32}",
    ) {
        let b = batch(vec![("secret", strings(&values)), ("token", strings(&values))]);
        let policy = "[columns.secret]\naction = \"pseudonym\"\n[columns.token]\naction = \"random-token\"\n";
        let a = run(&b, policy, &context()).unwrap();
        let again = run(&b, policy, &context()).unwrap();
        prop_assert_eq!(&a, &again);
        prop_assume!(other_key.as_bytes() != KEY);
        let ctx = Context::new()
            .with_key(Key::new(other_key.into_bytes()).unwrap())
            .with_seed(Seed::from_bytes(b"fixed seed"));
        let other = run(&b, policy, &ctx).unwrap();
        let p1 = a[0].column(0).as_string::<i32>();
        let p2 = other[0].column(0).as_string::<i32>();
        let mut by_value: HashMap<&str, &str> = HashMap::new();
        for (i, v) in values.iter().enumerate() {
            prop_assert_ne!(p1.value(i), p2.value(i));
            // equal values, equal pseudonyms; different values, different pseudonyms
            if let Some(prev) = by_value.insert(v, p1.value(i)) {
                prop_assert_eq!(prev, p1.value(i));
            }
        }
        let distinct: HashSet<&str> = by_value.values().copied().collect();
        prop_assert_eq!(distinct.len(), by_value.len());
    }

    /// After enforcement every published equivalence class has at least k records, the
    /// suppression limit holds, and l-diversity holds when asked for.
    #[test]
    fn enforcement_reaches_k_or_says_why(
        rows in prop::collection::vec((0i64..95, 0usize..6, 0usize..2, 0usize..4), 1..120),
        k in 2u64..7,
        suppression_pct in 0u32..15,
        mask_mode in any::<bool>(),
        with_l in any::<bool>(),
    ) {
        const POSTCODES: [&str; 6] = ["SW1A 1AA", "SW1A 2BB", "SW1B 1AA", "M1 1AE", "M2 3CD", "LS1 4EF"];
        const SEX: [&str; 2] = ["F", "M"];
        const DIAG: [&str; 4] = ["flu", "asthma", "gout", "none"];
        let age: ArrayRef = Arc::new(Int64Array::from(rows.iter().map(|r| r.0).collect::<Vec<_>>()));
        let pc: Vec<String> = rows.iter().map(|r| POSTCODES[r.1].to_owned()).collect();
        let sex: Vec<String> = rows.iter().map(|r| SEX[r.2].to_owned()).collect();
        let diag: Vec<String> = rows.iter().map(|r| DIAG[r.3].to_owned()).collect();
        let b = batch(vec![("age", age), ("postcode", strings(&pc)), ("sex", strings(&sex)), ("diagnosis", strings(&diag))]);
        let max_suppression = f64::from(suppression_pct) / 100.0;
        let l = if with_l { "sensitive = \"diagnosis\"\nl = 2\n" } else { "" };
        let mode = if mask_mode { "mask" } else { "drop-row" };
        let policy = format!(
            "[privacy]\nquasi_identifiers = [\"age\", \"postcode\", \"sex\"]\nk = {k}\nmax_suppression = {max_suppression}\nsuppression = \"{mode}\"\n{l}\
             [privacy.hierarchies.age]\nkind = \"age\"\nbands = [5, 10, 20]\n[privacy.hierarchies.postcode]\nkind = \"postcode\"\n"
        );
        let policy = Policy::from_toml(&policy).unwrap();
        let result = anonymise(&b.schema(), std::slice::from_ref(&b), &policy, &Context::new());
        let n = rows.len() as u64;
        let out = match result {
            Err(e) => {
                let expected = if k > n { "anonymise.k-larger-than-rows" } else { "anonymise.not-reachable" };
                prop_assert_eq!(e.code(), expected, "{}", e);
                return Ok(());
            }
            Ok(out) => out,
        };
        prop_assert!(k <= n);
        let report = out.report.privacy.clone().unwrap();
        prop_assert!(report.suppressed as f64 <= max_suppression * n as f64 + 1e-9);
        prop_assert!(report.classes == 0 || report.smallest_class >= k);
        let mut classes: HashMap<(String, String, String), (u64, HashSet<String>)> = HashMap::new();
        let mut starred = 0u64;
        for ob in &out.batches {
            let a = ob.column(0).as_string::<i32>();
            let p = ob.column(1).as_string::<i32>();
            let s = ob.column(2).as_string::<i32>();
            let d = ob.column(3).as_string::<i32>();
            for i in 0..ob.num_rows() {
                let key = (a.value(i).to_owned(), p.value(i).to_owned(), s.value(i).to_owned());
                if key == ("*".into(), "*".into(), "*".into()) {
                    starred += 1;
                }
                let e = classes.entry(key).or_default();
                e.0 += 1;
                e.1.insert(d.value(i).to_owned());
            }
        }
        if mask_mode {
            prop_assert_eq!(out.report.rows_out, n);
        } else {
            prop_assert_eq!(out.report.rows_out, n - report.suppressed);
        }
        for (key, (count, diags)) in &classes {
            let all_star = key.0 == "*" && key.1 == "*" && key.2 == "*";
            // In mask mode suppressed records are all `*`; that class may be small.
            if mask_mode && all_star && starred <= report.suppressed + count {
                continue;
            }
            prop_assert!(*count >= k, "class {key:?} has {count} < {k}");
            if with_l {
                prop_assert!(diags.len() >= 2, "class {key:?} has one diagnosis");
            }
        }
    }

    /// Secondary suppression: an attacker who solves the published totals for the
    /// suppressed cells pins none of them down.
    #[test]
    fn suppressed_cells_cannot_be_recovered_from_totals(
        r in 2usize..6,
        c in 2usize..6,
        cells in prop::collection::vec(0u64..25, 36),
        threshold in 2u64..10,
    ) {
        let counts: Vec<Vec<u64>> = (0..r).map(|i| cells[i * 6..i * 6 + c].to_vec()).collect();
        let table = CountTable::new(
            (0..r).map(|i| format!("r{i}")).collect(),
            (0..c).map(|j| format!("c{j}")).collect(),
            counts.clone(),
        ).unwrap();
        let mut options = CellProtection::default();
        options.threshold = threshold;
        let p = protect_table(&table, &options).unwrap();
        let mut unknowns = Vec::new();
        for (i, (row, cells_row)) in counts.iter().zip(&p.cells).enumerate() {
            for (j, (&v, &cell)) in row.iter().zip(cells_row).enumerate() {
                if v > 0 && v < threshold {
                    prop_assert_eq!(cell.status, CellStatus::Primary);
                }
                match cell.value {
                    Some(pv) => prop_assert_eq!(pv, v),
                    None => unknowns.push((i, j)),
                }
            }
        }
        // One equation per row and per column over the unknowns.
        let mut equations: Vec<Vec<f64>> = Vec::new();
        for i in 0..r {
            equations.push(unknowns.iter().map(|&(a, _)| f64::from(u8::from(a == i))).collect());
        }
        for j in 0..c {
            equations.push(unknowns.iter().map(|&(_, b)| f64::from(u8::from(b == j))).collect());
        }
        let base = rank(equations.clone());
        for (u, cell) in unknowns.iter().enumerate() {
            let mut probe = equations.clone();
            probe.push((0..unknowns.len()).map(|x| f64::from(u8::from(x == u))).collect());
            // The cell is determined exactly when its unit vector is in the row space.
            prop_assert!(rank(probe) > base, "cell {cell:?} is recoverable from the totals: {counts:?}");
        }
    }

    /// Class counts built on parts of a table and merged equal those of the whole table.
    #[test]
    fn class_counts_merge(values in prop::collection::vec(("[ab]", "[xyz]"), 1..60), split in 0usize..60) {
        let split = split.min(values.len());
        let make = |rows: &[(String, String)]| {
            let a: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
            let b: Vec<String> = rows.iter().map(|r| r.1.clone()).collect();
            batch(vec![("a", strings(&a)), ("b", strings(&b))])
        };
        let mut whole = ClassCounts::new(vec!["a".into(), "b".into()], None);
        whole.observe(&make(&values)).unwrap();
        let mut left = ClassCounts::new(vec!["a".into(), "b".into()], None);
        left.observe(&make(&values[..split])).unwrap();
        let mut right = ClassCounts::new(vec!["a".into(), "b".into()], None);
        right.observe(&make(&values[split..])).unwrap();
        left.merge(right).unwrap();
        prop_assert_eq!(left.risk(3), whole.risk(3));
        prop_assert_eq!(left.records(), values.len() as u64);
    }

    /// Spans found in free text are replaced; the rest of the text is kept.
    #[test]
    fn text_spans_hide_what_the_detector_finds(words in prop::collection::vec(prop_oneof!["[a-z]{1,8}", "SECRET[0-9]{1,3}"], 0..20)) {
        let text = words.join(" ");
        let b = batch(vec![("notes", strings(std::slice::from_ref(&text)))]);
        let ctx = Context::new().with_detector(Arc::new(SecretDetector));
        let out = run(&b, "[columns.notes]\naction = \"text-spans\"\n", &ctx).unwrap();
        let got = out[0].column(0).as_string::<i32>().value(0).to_owned();
        prop_assert!(!got.contains("SECRET"));
        let expected: Vec<String> = words
            .iter()
            .map(|w| if w.starts_with("SECRET") { "<ID>".to_owned() } else { w.clone() })
            .collect();
        prop_assert_eq!(got, expected.join(" "));
    }
}

/// A detector for the tests: every `SECRET` followed by digits is an `ID`.
struct SecretDetector;

impl SpanDetector for SecretDetector {
    fn spans(&self, text: &str) -> Vec<TextSpan> {
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(at) = text[from..].find("SECRET") {
            let start = from + at;
            let end = start
                + 6
                + text[start + 6..]
                    .bytes()
                    .take_while(u8::is_ascii_digit)
                    .count();
            out.push(TextSpan::new(start, end, "ID"));
            from = end;
        }
        out
    }
}

/// Rank of a small matrix by Gaussian elimination with partial pivoting.
fn rank(mut m: Vec<Vec<f64>>) -> usize {
    let cols = m.first().map_or(0, Vec::len);
    let mut rank = 0;
    for col in 0..cols {
        let Some(pivot) =
            (rank..m.len()).max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))
        else {
            break;
        };
        if m[pivot][col].abs() < 1e-9 {
            continue;
        }
        m.swap(rank, pivot);
        let pivot_row = m[rank].clone();
        for (i, row) in m.iter_mut().enumerate() {
            if i != rank {
                let f = row[col] / pivot_row[col];
                if f != 0.0 {
                    for (x, p) in row.iter_mut().zip(&pivot_row).skip(col) {
                        *x -= f * p;
                    }
                }
            }
        }
        rank += 1;
    }
    rank
}

#[test]
fn the_attacker_does_recover_an_unprotected_cell() {
    // Without secondary suppression the lone small cell is its row total minus the rest.
    let unknowns = [(0usize, 0usize)];
    let equations = vec![vec![1.0], vec![0.0], vec![1.0], vec![0.0]];
    let base = rank(equations.clone());
    let mut probe = equations;
    probe.push(vec![1.0]);
    assert_eq!(rank(probe), base, "{unknowns:?} should be recoverable");
}

fn people() -> RecordBatch {
    let s = |v: &[&str]| Arc::new(StringArray::from(v.to_vec())) as ArrayRef;
    batch(vec![
        ("name", s(&["Ann Lee", "Bob Roe", "Cy Poe"])),
        (
            "email",
            s(&["ann@example.org", "bob@example.org", "cy@example.org"]),
        ),
        (
            "age",
            Arc::new(Int64Array::from(vec![34, 35, 71])) as ArrayRef,
        ),
        ("postcode", s(&["SW1A 1AA", "SW1A 2BB", "M1 1AE"])),
    ])
}

#[test]
fn bad_input_is_a_typed_error_before_any_output() {
    let b = people();
    let cases = [
        ("[columns.phone]\naction = \"drop\"\n", "anonymise.unknown-column"),
        ("[privacy]\nquasi_identifiers = [\"nope\"]\nk = 2\n", "anonymise.unknown-column"),
        ("[columns.age]\naction = \"postcode\"\nlevel = \"district\"\n", "anonymise.type-mismatch"),
        ("[columns.age]\naction = \"date\"\nlevel = \"year\"\n", "anonymise.type-mismatch"),
        ("[columns.name]\naction = \"date\"\nlevel = \"year\"\n", "anonymise.type-mismatch"),
        ("[privacy]\nquasi_identifiers = [\"age\"]\nk = 2\n[privacy.hierarchies.age]\nkind = \"postcode\"\n", "anonymise.type-mismatch"),
        ("[privacy]\nquasi_identifiers = [\"name\"]\nk = 2\n[privacy.hierarchies.name]\nkind = \"date\"\n", "anonymise.type-mismatch"),
        ("[privacy]\nquasi_identifiers = [\"age\"]\nk = 4\n", "anonymise.k-larger-than-rows"),
        ("[privacy]\nquasi_identifiers = [\"age\"]\nk = 3\n[columns.age]\naction = \"round\"\nto = 10\n", "anonymise.invalid-policy"),
        ("[columns.email]\naction = \"pseudonym\"\n", "anonymise.missing-key"),
        ("[columns.email]\naction = \"text-spans\"\n", "anonymise.missing-detector"),
    ];
    for (policy, code) in cases {
        let err = run(&b, policy, &Context::new()).unwrap_err();
        assert_eq!(err.code(), code, "{policy}: {err}");
    }
    let mut entities = BTreeMap::new();
    entities.insert("phone".to_owned(), "PHONE_NUMBER".to_owned());
    let err = run(&b, "", &Context::new().with_entities(entities)).unwrap_err();
    assert_eq!(err.code(), "anonymise.unknown-column");
    let err = Key::new(b"too short".to_vec()).unwrap_err();
    assert_eq!(err.code(), "anonymise.weak-key");
}

#[test]
fn apply_before_resolve_is_refused() {
    let b = people();
    let policy = Policy::from_toml("[privacy]\nquasi_identifiers = [\"age\"]\nk = 1\n").unwrap();
    let mut a = Anonymiser::new(&b.schema(), &policy, &Context::new()).unwrap();
    assert_eq!(a.apply(&b).unwrap_err().code(), "anonymise.not-resolved");
    a.observe(&b).unwrap();
    a.resolve().unwrap();
    assert_eq!(a.apply(&b).unwrap().num_rows(), 3);
    let other = batch(vec![("x", Arc::new(Int64Array::from(vec![1])) as ArrayRef)]);
    assert_eq!(
        a.apply(&other).unwrap_err().code(),
        "anonymise.schema-mismatch"
    );
}

#[test]
fn entity_rules_and_default_apply_to_detected_columns() {
    let b = people();
    let policy = Policy::from_toml(
        "default_personal = { action = \"redact\" }\n[entities.EMAIL_ADDRESS]\naction = \"entity-tag\"\n",
    )
    .unwrap();
    let mut entities = BTreeMap::new();
    entities.insert("email".to_owned(), "EMAIL_ADDRESS".to_owned());
    entities.insert("name".to_owned(), "PERSON".to_owned());
    let out = anonymise(
        &b.schema(),
        &[b],
        &policy,
        &Context::new().with_entities(entities),
    )
    .unwrap();
    let o = &out.batches[0];
    assert_eq!(o.column(0).as_string::<i32>().value(0), "[REDACTED]");
    assert_eq!(o.column(1).as_string::<i32>().value(2), "<EMAIL_ADDRESS>");
    let rules: Vec<_> = out
        .report
        .columns
        .iter()
        .map(|c| (c.column.as_str(), c.rule))
        .collect();
    use opendata_core::anonymise::RuleSource::*;
    assert_eq!(
        rules,
        [
            ("name", DefaultPersonal),
            ("email", Entity),
            ("age", None),
            ("postcode", None)
        ]
    );
}

#[test]
fn detected_column_without_rule_is_reported_kept() {
    let b = people();
    let mut entities = BTreeMap::new();
    entities.insert("email".to_owned(), "EMAIL_ADDRESS".to_owned());
    let out = anonymise(
        &b.schema(),
        &[b],
        &Policy::default(),
        &Context::new().with_entities(entities),
    )
    .unwrap();
    assert_eq!(
        out.report.report.findings[0].code,
        "anonymise.personal-column-kept"
    );
}

#[test]
fn join_groups_link_columns_only_when_asked() {
    let s = |v: &[&str]| Arc::new(StringArray::from(v.to_vec())) as ArrayRef;
    let b = batch(vec![
        ("a", s(&["x@y.org"])),
        ("b", s(&["x@y.org"])),
        ("c", s(&["x@y.org"])),
    ]);
    let policy = "[columns.a]\naction = \"pseudonym\"\njoin = \"person\"\n\
                  [columns.b]\naction = \"pseudonym\"\njoin = \"person\"\n\
                  [columns.c]\naction = \"pseudonym\"\n";
    let out = run(&b, policy, &context()).unwrap();
    let v = |i: usize| out[0].column(i).as_string::<i32>().value(0).to_owned();
    assert_eq!(v(0), v(1));
    assert_ne!(v(0), v(2));
}

#[test]
fn random_tokens_change_with_the_seed_but_not_within_a_run() {
    let s = |v: &[&str]| Arc::new(StringArray::from(v.to_vec())) as ArrayRef;
    let b = batch(vec![("a", s(&["x", "y", "x"]))]);
    let policy = "[columns.a]\naction = \"random-token\"\n";
    let one = run(&b, policy, &Context::new()).unwrap();
    let two = run(&b, policy, &Context::new()).unwrap();
    let t1 = one[0].column(0).as_string::<i32>();
    let t2 = two[0].column(0).as_string::<i32>();
    assert_eq!(t1.value(0), t1.value(2));
    assert_ne!(t1.value(0), t1.value(1));
    assert_ne!(t1.value(0), t2.value(0), "fresh seeds must not link runs");
}

#[test]
fn keys_never_reach_debug_output_reports_or_policies() {
    let secret = b"VERY-SECRET-KEY-MATERIAL";
    let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
    let ctx = Context::new().with_key(Key::new(secret.to_vec()).unwrap());
    let b = people();
    let policy = Policy::from_toml("[columns.email]\naction = \"pseudonym\"\n").unwrap();
    let a = Anonymiser::new(&b.schema(), &policy, &ctx).unwrap();
    let out = anonymise(&b.schema(), &[b], &policy, &ctx).unwrap();
    let shown = [
        format!("{ctx:?}"),
        format!("{ctx:#?}"),
        format!("{a:?}"),
        format!("{:?}", out.report),
        serde_json::to_string(&out.report).unwrap(),
        policy.to_toml().unwrap(),
        policy.to_json(),
    ];
    for text in shown {
        assert!(!text.contains("VERY-SECRET"), "{text}");
        assert!(!text.contains(&hex), "{text}");
        let decimal = format!("{:?}", secret.to_vec());
        assert!(!text.contains(&decimal[1..decimal.len() - 1]), "{text}");
    }
}

#[test]
fn streaming_two_batches_equals_one() {
    let b = people();
    let policy = Policy::from_toml(
        "[columns.email]\naction = \"pseudonym\"\n[columns.name]\naction = \"mask\"\nkeep_first = 1\n\
         [privacy]\nquasi_identifiers = [\"postcode\"]\nk = 1\n[privacy.hierarchies.postcode]\nkind = \"postcode\"\n",
    )
    .unwrap();
    let whole = anonymise(&b.schema(), std::slice::from_ref(&b), &policy, &context()).unwrap();
    let parts = [b.slice(0, 2), b.slice(2, 1)];
    let split = anonymise(&b.schema(), &parts, &policy, &context()).unwrap();
    let joined = arrow_select_concat(&split.batches);
    assert_eq!(joined, cell_texts(&whole.batches[0]));
    assert_eq!(split.report.rows_in, 3);
    let _ = Schema::empty();
}

fn arrow_select_concat(batches: &[RecordBatch]) -> Vec<String> {
    // Column-major texts of several batches, in the order of one batch.
    let cols = batches.first().map_or(0, RecordBatch::num_columns);
    let mut out = Vec::new();
    for c in 0..cols {
        for b in batches {
            let one = b.project(&[c]).unwrap();
            out.extend(cell_texts(&one));
        }
    }
    out
}

#[test]
fn enforcement_picks_the_least_generalisation_that_reaches_k() {
    let ages: Vec<i64> = (30..40).collect();
    let b = batch(vec![("age", Arc::new(Int64Array::from(ages)) as ArrayRef)]);
    let policy = |k: u64, sup: f64| {
        Policy::from_toml(&format!(
            "[privacy]\nquasi_identifiers = [\"age\"]\nk = {k}\nmax_suppression = {sup}\n\
             [privacy.hierarchies.age]\nkind = \"age\"\nbands = [5, 10, 20]\n"
        ))
        .unwrap()
    };
    let out = anonymise(
        &b.schema(),
        std::slice::from_ref(&b),
        &policy(5, 0.0),
        &Context::new(),
    )
    .unwrap();
    let p = out.report.privacy.unwrap();
    assert_eq!(
        (p.levels[0].level, p.levels[0].label.as_str()),
        (1, "5-year bands")
    );
    assert_eq!(
        (p.classes, p.smallest_class, p.discernibility, p.suppressed),
        (2, 5, 50, 0)
    );
    assert_eq!(p.nodes_evaluated, 5);
    let col = out.batches[0].column(0).as_string::<i32>();
    assert_eq!(col.value(0), "30-34");
    assert_eq!(col.value(9), "35-39");
    assert!(p.risk.report.ok);
    assert_eq!(p.risk.prosecutor.highest, 0.2);

    let out = anonymise(
        &b.schema(),
        std::slice::from_ref(&b),
        &policy(6, 0.5),
        &Context::new(),
    )
    .unwrap();
    let p = out.report.privacy.unwrap();
    assert_eq!(p.levels[0].label, "10-year bands");
    assert_eq!(
        out.batches[0].column(0).as_string::<i32>().value(0),
        "30-39"
    );

    // Suppressing one unique record is cheaper than generalising the rest.
    let mut ages: Vec<i64> = vec![30; 5];
    ages.push(77);
    let b = batch(vec![("age", Arc::new(Int64Array::from(ages)) as ArrayRef)]);
    let out = anonymise(
        &b.schema(),
        std::slice::from_ref(&b),
        &policy(5, 0.2),
        &Context::new(),
    )
    .unwrap();
    let p = out.report.privacy.clone().unwrap();
    assert_eq!((p.levels[0].level, p.suppressed), (0, 1));
    assert_eq!(out.report.rows_out, 5);
    assert_eq!(
        out.report.report.findings[0].code,
        "anonymise.records-suppressed"
    );
    let err = anonymise(
        &b.schema(),
        std::slice::from_ref(&b),
        &policy(7, 0.0),
        &Context::new(),
    )
    .map(|_| ())
    .unwrap_err();
    assert_eq!(err.code(), "anonymise.k-larger-than-rows");
}

#[test]
fn anonymise_csv_reads_types_runs_both_passes_and_refuses_broken_files() {
    use opendata_core::anonymise::anonymise_csv;
    use opendata_core::table::CheckOptions;
    let mut csv = String::from("age,dob,email\n");
    for i in 0..12 {
        csv.push_str(&format!(
            "{},19{:02}-03-04,p{i}@example.org\n",
            30 + i,
            50 + i
        ));
    }
    let policy = Policy::from_toml(
        "[columns.email]\naction = \"pseudonym\"\n[columns.dob]\naction = \"date\"\nlevel = \"year\"\n\
         [privacy]\nquasi_identifiers = [\"age\"]\nk = 3\nmax_suppression = 0.2\n[privacy.hierarchies.age]\nkind = \"age\"\nbands = [5, 10]\n",
    )
    .unwrap();
    let (out, report) = anonymise_csv(
        csv.as_bytes(),
        &CheckOptions::default(),
        &policy,
        &context(),
    )
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "age,dob,email");
    assert!(lines[1].starts_with("30-34,1950,"), "{text}");
    assert!(!text.contains("example.org"));
    let privacy = report.privacy.unwrap();
    // 40 and 41 are the only records in 40-44: suppressing them is cheaper than `*`.
    assert_eq!((privacy.levels[0].level, privacy.suppressed), (1, 2));
    assert_eq!((report.rows_in, report.rows_out), (12, 10));
    let err = anonymise_csv(
        b"a,b\n1,2\n3\n",
        &CheckOptions::default(),
        &policy,
        &context(),
    )
    .unwrap_err();
    assert_eq!(err.code(), "anonymise.broken-table");
    assert_eq!(
        err.to_string(),
        "the table has structural errors, fix them first: ragged-row (row 3)"
    );
    // Blank rows carry nothing and cannot shift a cell: they are left out, not refused.
    let redact = Policy::from_toml("[columns.b]\naction = \"redact\"\n").unwrap();
    let (out, report) = anonymise_csv(
        b"a,b\n1,2\n,\n3,4\n,\n",
        &CheckOptions::default(),
        &redact,
        &context(),
    )
    .unwrap();
    assert_eq!(out, b"a,b\r\n1,[REDACTED]\r\n3,[REDACTED]\r\n");
    assert_eq!((report.rows_in, report.rows_out), (2, 2));
}
