//! Column classification: generated columns of real identifiers, look-alikes, typed
//! arrays, thresholds and mergeable states.

use std::sync::Arc;

use arrow_array::{
    ArrayRef, Date32Array, Float64Array, Int64Array, LargeStringArray, RecordBatch, StringArray,
    StringViewArray,
};
use opendata_core::pii::{ColumnScanner, RuleSet, ScanOptions, ScanReport, ScanState};

/// A small deterministic generator so the data is the same on every run.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn digit(&mut self) -> u8 {
        (self.next() % 10) as u8
    }
    fn digits(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.digit()).collect()
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn s(d: &[u8]) -> String {
    d.iter().map(|x| char::from(b'0' + x)).collect()
}

fn luhn_complete(mut d: Vec<u8>) -> Vec<u8> {
    for c in 0..10 {
        d.push(c);
        let sum: u32 = d
            .iter()
            .rev()
            .enumerate()
            .map(|(i, &x)| {
                let x = u32::from(x);
                if i % 2 == 1 {
                    if x * 2 > 9 {
                        x * 2 - 9
                    } else {
                        x * 2
                    }
                } else {
                    x
                }
            })
            .sum();
        if sum.is_multiple_of(10) {
            return d;
        }
        d.pop();
    }
    unreachable!()
}

fn iban_gb(r: &mut Lcg) -> String {
    let bank = ["WEST", "BARC", "NWBK", "LOYD"][r.below(4) as usize];
    let account = s(&r.digits(14));
    // Check digits: 98 - (number with GB00 moved to the end) mod 97.
    let rearranged = format!("{bank}{account}GB00");
    let mut rem = 0u32;
    for ch in rearranged.chars() {
        let v = ch.to_digit(36).unwrap();
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    format!("GB{:02}{bank}{account}", 98 - rem)
}

fn nhs(r: &mut Lcg) -> String {
    loop {
        let d = r.digits(9);
        let sum: u32 = d
            .iter()
            .enumerate()
            .map(|(i, &x)| u32::from(x) * (10 - i as u32))
            .sum();
        let check = (11 - sum % 11) % 11;
        if check != 10 {
            return format!("{}{}", s(&d), check);
        }
    }
}

fn ean13(r: &mut Lcg) -> String {
    let mut d = vec![4, 0];
    d.extend(r.digits(10));
    let sum: u32 = d
        .iter()
        .enumerate()
        .map(|(i, &x)| u32::from(x) * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    d.push(((10 - sum % 10) % 10) as u8);
    s(&d)
}

fn strings(values: Vec<String>) -> ArrayRef {
    Arc::new(StringArray::from(values))
}

fn scan(columns: Vec<(&str, ArrayRef)>) -> ScanReport {
    let rules = RuleSet::builtin().unwrap();
    let options = ScanOptions::default();
    let batch = RecordBatch::try_from_iter(columns).unwrap();
    let mut scanner = ColumnScanner::new(&rules, &options);
    scanner.update(&batch).unwrap();
    scanner.finish()
}

fn verdicts(report: &ScanReport) -> Vec<(String, Option<String>)> {
    report
        .columns
        .iter()
        .map(|c| (c.name.clone(), c.verdict.clone()))
        .collect()
}

const N: usize = 400;

#[test]
fn look_alikes_do_not_fire() {
    let mut r = Lcg(7);
    let uuids: Vec<String> = (0..N)
        .map(|_| {
            format!(
                "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
                r.next(),
                r.below(0xffff),
                r.below(0xfff),
                r.below(0xfff),
                r.next() * r.next() % 0xffff_ffff_ffff
            )
        })
        .collect();
    let eans: Vec<String> = (0..N).map(|_| ean13(&mut r)).collect();
    let isbns: Vec<String> = (0..N)
        .map(|_| {
            let mut d = vec![9, 7, 8];
            d.extend(r.digits(9));
            let sum: u32 = d
                .iter()
                .enumerate()
                .map(|(i, &x)| u32::from(x) * if i % 2 == 0 { 1 } else { 3 })
                .sum();
            d.push(((10 - sum % 10) % 10) as u8);
            format!("{}-{}-{}", s(&d[..3]), s(&d[3..7]), s(&d[7..]))
        })
        .collect();
    let amounts: Vec<String> = (0..N)
        .map(|_| format!("{}.{:02}", r.below(100_000), r.below(100)))
        .collect();
    let order_dates: Vec<String> = (0..N)
        .map(|_| format!("2024-{:02}-{:02}", 1 + r.below(12), 1 + r.below(28)))
        .collect();
    let products: Vec<String> = (0..N)
        .map(|_| {
            format!(
                "SKU-{:05}-{}",
                r.below(100_000),
                ["AB", "XL", "QZ"][r.below(3) as usize]
            )
        })
        .collect();
    let counts: Vec<String> = (1..=N).map(|i| i.to_string()).collect();
    let long_ids: Vec<String> = (0..N).map(|_| s(&r.digits(16))).collect();
    let report = scan(vec![
        ("uuid", strings(uuids)),
        ("barcode", strings(eans)),
        ("isbn", strings(isbns)),
        ("amount", strings(amounts)),
        ("order_date", strings(order_dates)),
        ("product", strings(products)),
        ("rows", strings(counts)),
        ("reference", strings(long_ids)),
    ]);
    for c in &report.columns {
        assert_eq!(c.verdict, None, "{}: {:?}", c.name, c.candidates);
        assert!(
            c.quasi_identifiers.is_empty(),
            "{}: {:?}",
            c.name,
            c.quasi_identifiers
        );
    }
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

#[test]
fn evidence_is_weighed_against_chance() {
    let mut r = Lcg(11);
    // 95% valid IBANs, 5% typos: near-certain.
    let ibans: Vec<String> = (0..N)
        .map(|i| {
            let v = iban_gb(&mut r);
            if i % 20 == 0 {
                v.replace('1', "2")
            } else {
                v
            }
        })
        .collect();
    // Random 16-digit numbers starting with 4: about 10% pass Luhn, as chance says.
    let noise: Vec<String> = (0..N)
        .map(|_| {
            let mut d = vec![4];
            d.extend(r.digits(15));
            s(&d)
        })
        .collect();
    // Real card numbers under a misleading header.
    let cards: Vec<String> = (0..N)
        .map(|_| {
            let mut d = vec![4];
            d.extend(r.digits(14));
            s(&luhn_complete(d))
        })
        .collect();
    let report = scan(vec![
        ("col_a", strings(ibans)),
        ("col_b", strings(noise)),
        ("order_ref", strings(cards)),
    ]);
    let a = &report.columns[0];
    assert_eq!(a.verdict.as_deref(), Some("IBAN_CODE"));
    assert!(a.confidence > 0.9, "{a:?}");
    let b = &report.columns[1];
    assert_eq!(b.verdict, None, "{:?}", b.candidates);
    let luhn = b
        .candidates
        .iter()
        .find(|c| c.entity == "CREDIT_CARD")
        .unwrap();
    assert!(luhn.share > 0.05 && luhn.share < 0.2, "{luhn:?}");
    assert!(luhn.excess_share < 0.1, "{luhn:?}");
    assert_eq!(report.columns[2].verdict.as_deref(), Some("CREDIT_CARD"));
}

#[test]
fn thresholds_are_the_callers() {
    let mut r = Lcg(3);
    let mixed: Vec<String> = (0..N)
        .map(|i| {
            if i % 4 == 0 {
                nhs(&mut r)
            } else {
                format!("note {i}")
            }
        })
        .collect();
    let rules = RuleSet::builtin().unwrap();
    let batch = RecordBatch::try_from_iter([("nhs_no", strings(mixed))]).unwrap();
    let run = |options: ScanOptions| {
        let mut sc = ColumnScanner::new(&rules, &options);
        sc.update(&batch).unwrap();
        sc.finish()
    };
    let default = run(ScanOptions::default());
    assert_eq!(default.columns[0].verdict.as_deref(), Some("UK_NHS"));
    let mut strict = ScanOptions::default();
    strict.min_share = 0.5;
    assert_eq!(run(strict).columns[0].verdict, None);
}

#[test]
fn typed_columns() {
    let mut r = Lcg(5);
    let nhs_numbers: Vec<i64> = (0..N).map(|_| nhs(&mut r).parse().unwrap()).collect();
    let lats: Vec<f64> = (0..N)
        .map(|_| 51.0 + r.below(1_000_000) as f64 / 1_000_000.0)
        .collect();
    // Birth dates over 80 years, order dates over one year (days since 1970).
    let births: Vec<i32> = (0..N).map(|_| -12_000 + r.below(29_000) as i32).collect();
    let orders: Vec<i32> = (0..N).map(|_| 19_700 + r.below(365) as i32).collect();
    let emails: Vec<String> = (0..N).map(|i| format!("user{i}@example.org")).collect();
    let report = scan(vec![
        (
            "patient",
            Arc::new(Int64Array::from(nhs_numbers)) as ArrayRef,
        ),
        ("latitude", Arc::new(Float64Array::from(lats)) as ArrayRef),
        (
            "d1",
            Arc::new(Date32Array::from(births.clone())) as ArrayRef,
        ),
        (
            "geburtsdatum",
            Arc::new(Date32Array::from(births)) as ArrayRef,
        ),
        ("d2", Arc::new(Date32Array::from(orders)) as ArrayRef),
        (
            "large",
            Arc::new(LargeStringArray::from(emails.clone())) as ArrayRef,
        ),
        ("view", Arc::new(StringViewArray::from(emails)) as ArrayRef),
    ]);
    let v = verdicts(&report);
    assert_eq!(v[0].1.as_deref(), Some("UK_NHS"), "{:?}", report.columns[0]);
    assert_eq!(v[1].1.as_deref(), Some("GEO_COORDINATES"));
    assert_eq!(v[2].1.as_deref(), Some("DATE_OF_BIRTH"), "spread of ages");
    assert!(report.columns[2].confidence < report.columns[3].confidence);
    assert_eq!(v[3].1.as_deref(), Some("DATE_OF_BIRTH"));
    assert_eq!(v[4].1, None, "order dates are not births");
    assert_eq!(v[5].1.as_deref(), Some("EMAIL_ADDRESS"));
    assert_eq!(v[6].1.as_deref(), Some("EMAIL_ADDRESS"));
}

#[test]
fn headers_are_hints_not_proof() {
    let mut r = Lcg(9);
    let ninos: Vec<String> = (0..N)
        .map(|_| {
            format!(
                "{}{}{:06}{}",
                ["AB", "CE", "JG", "NH"][r.below(4) as usize],
                "",
                r.below(1_000_000),
                ["A", "B", "C", "D"][r.below(4) as usize]
            )
        })
        .collect();
    let amounts: Vec<String> = (0..N).map(|_| format!("{}.00", r.below(900))).collect();
    let report = scan(vec![("ref", strings(ninos)), ("email", strings(amounts))]);
    assert_eq!(report.columns[0].verdict.as_deref(), Some("UK_NINO"));
    assert_eq!(report.columns[1].verdict, None);
    let header_only = &report.columns[1].candidates[0];
    assert!(header_only.header_hint && header_only.valid == 0 && header_only.confidence < 0.5);
}

#[test]
fn quasi_identifiers_are_flagged() {
    let mut r = Lcg(13);
    let ages: Vec<String> = (0..N).map(|_| r.below(95).to_string()).collect();
    let sexes: Vec<String> = (0..N)
        .map(|_| ["Female", "Male", "F", "M"][r.below(4) as usize].to_owned())
        .collect();
    let districts: Vec<String> = (0..N)
        .map(|_| ["SW1A", "M1", "CF10", "LS6", "EH1"][r.below(5) as usize].to_owned())
        .collect();
    let ethnic: Vec<String> = (0..N)
        .map(|_| {
            [
                "White British",
                "Asian or Asian British: Indian",
                "Black African",
                "Mixed",
            ][r.below(4) as usize]
                .to_owned()
        })
        .collect();
    let years: Vec<String> = (0..N).map(|_| (1930 + r.below(80)).to_string()).collect();
    let counts: Vec<String> = (0..N).map(|_| r.below(100).to_string()).collect();
    let report = scan(vec![
        ("Age", strings(ages)),
        ("gender", strings(sexes)),
        ("area", strings(districts)),
        ("group", strings(ethnic)),
        ("year_of_birth", strings(years)),
        ("visits", strings(counts)),
    ]);
    let kinds: Vec<Vec<&str>> = report
        .columns
        .iter()
        .map(|c| {
            c.quasi_identifiers
                .iter()
                .map(|q| q.kind.as_str())
                .collect()
        })
        .collect();
    assert_eq!(
        kinds,
        [
            vec!["AGE"],
            vec!["SEX"],
            vec!["POSTCODE_DISTRICT"],
            vec!["ETHNICITY"],
            vec!["BIRTH_YEAR"],
            vec![]
        ]
    );
    assert!(report
        .findings
        .iter()
        .all(|f| f.code == "pii.quasi-identifier"));
}

#[test]
fn states_merge_to_the_single_pass_answer() {
    let mut r = Lcg(17);
    let ibans: Vec<String> = (0..N).map(|_| iban_gb(&mut r)).collect();
    let names: Vec<String> = (0..N)
        .map(|i| ["Jane Smith", "Tom Jones", "Ana Garcia", "Piotr Nowak"][i % 4].to_owned())
        .collect();
    let rules = RuleSet::builtin().unwrap();
    let options = ScanOptions::default();
    let batch =
        RecordBatch::try_from_iter([("account", strings(ibans)), ("who", strings(names))]).unwrap();
    let mut whole = ColumnScanner::new(&rules, &options);
    whole.update(&batch).unwrap();
    let mut parts = Vec::new();
    for (offset, len) in [(0, 150), (150, 50), (200, 200)] {
        let mut p = ColumnScanner::new(&rules, &options);
        p.update(&batch.slice(offset, len)).unwrap();
        // Ship each state as JSON, as a Spark executor would.
        let json = serde_json::to_string(&p.into_state()).unwrap();
        parts.push(serde_json::from_str::<ScanState>(&json).unwrap());
    }
    let mut merged = ScanState::default();
    for p in parts {
        merged.merge(p, options.max_examples).unwrap();
    }
    let single = whole.finish();
    let combined = merged.finish(&rules, &options);
    assert_eq!(combined.rows, 400);
    assert_eq!(
        serde_json::to_value(
            single
                .columns
                .iter()
                .map(|c| (&c.verdict, c.confidence, &c.candidates))
                .collect::<Vec<_>>()
        )
        .unwrap(),
        serde_json::to_value(
            combined
                .columns
                .iter()
                .map(|c| (&c.verdict, c.confidence, &c.candidates))
                .collect::<Vec<_>>()
        )
        .unwrap()
    );
    assert_eq!(single.columns[1].verdict.as_deref(), Some("PERSON"));
}

#[test]
fn mismatches_are_errors() {
    let rules = RuleSet::builtin().unwrap();
    let options = ScanOptions::default();
    let mut sc = ColumnScanner::new(&rules, &options);
    sc.update(&RecordBatch::try_from_iter([("a", strings(vec!["x".into()]))]).unwrap())
        .unwrap();
    let err = sc
        .update(&RecordBatch::try_from_iter([("b", strings(vec!["x".into()]))]).unwrap())
        .unwrap_err();
    assert_eq!(err.code(), "pii.schema-mismatch");
    let mut state = sc.into_state();
    let other_rules =
        RuleSet::builtin_with(r#"[{"id":"x","entity":"X","patterns":["x"],"confidence":0.5}]"#)
            .unwrap();
    let mut other = ColumnScanner::new(&other_rules, &options);
    other
        .update(&RecordBatch::try_from_iter([("a", strings(vec!["x".into()]))]).unwrap())
        .unwrap();
    assert_eq!(
        state.merge(other.into_state(), 3).unwrap_err().code(),
        "pii.merge-mismatch"
    );
}

#[test]
fn reports_never_hold_raw_values() {
    let mut r = Lcg(21);
    let ibans: Vec<String> = (0..50).map(|_| iban_gb(&mut r)).collect();
    let emails: Vec<String> = (0..50).map(|i| format!("person{i}@example.org")).collect();
    let notes: Vec<String> = (0..50)
        .map(|i| format!("Please call Jane on +44 20 7946 {:04} after five", i))
        .collect();
    let report = scan(vec![
        ("a", strings(ibans.clone())),
        ("b", strings(emails.clone())),
        ("notes", strings(notes)),
    ]);
    let json = serde_json::to_string(&report).unwrap();
    for v in ibans.iter().chain(&emails) {
        assert!(!json.contains(v.as_str()), "{v} leaked");
    }
    assert!(!json.contains("7946"), "phone digits leaked");
    assert_eq!(report.columns[2].text_entities[0].entity, "PHONE_NUMBER");
    // Every note holds a phone number: the column holds personal data (an error).
    assert!(report
        .findings
        .iter()
        .any(|f| f.code == "pii.free-text-widespread"));
}

#[test]
fn user_rules_join_the_scan() {
    let rules = RuleSet::builtin_with(
        r#"{"rules":[{"id":"acme.staff","entity":"STAFF_NUMBER","patterns":["ACME-[0-9]{6}"],"header_hints":["staff"],"confidence":0.9}]}"#,
    )
    .unwrap();
    let options = ScanOptions::default();
    let values: Vec<String> = (0..20).map(|i| format!("ACME-{:06}", i * 7919)).collect();
    let mut sc = ColumnScanner::new(&rules, &options);
    sc.update(&RecordBatch::try_from_iter([("staff", strings(values))]).unwrap())
        .unwrap();
    let report = sc.finish();
    assert_eq!(report.columns[0].verdict.as_deref(), Some("STAFF_NUMBER"));
    assert_eq!(report.findings[0].code, "pii.custom");
    assert!(report.findings[0].message.contains("STAFF_NUMBER"));
}
