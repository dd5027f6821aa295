//! Anonymising a realistic table against raw CSV parsing of the same bytes, in one run.
//!
//! `cargo bench --bench anonymise [-- ROWS]` prints the time of each step and the ratio
//! `raw parse time / job time` (1.0 = as fast as only splitting the CSV; the target is at
//! least 0.3 for the whole job: read + type inference + anonymise + write CSV). The
//! command-line job on the 53 MB bench file (with the column scan and the PII engine's
//! detector) is timed by `scripts/bench_anonymise.py`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use opendata::anonymise::{Anonymiser, Context, Key, Policy, Seed};
use opendata::table::{CheckOptions, CsvReader, CsvWriter};

const POLICY: &str = r#"
[columns.name]
action = "drop"
[columns.email]
action = "pseudonym"
[columns.dob]
action = "age-band"
reference_date = "2025-01-01"
width = 10
top = 90
[columns.postcode]
action = "postcode"
level = "district"
[columns.notes]
action = "text-spans"
patterns = { EMAIL_ADDRESS = '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}', PHONE_NUMBER = '\b0\d{4} ?\d{6}\b' }
"#;

/// A deterministic generator, so every run measures the same bytes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

fn table(rows: usize) -> Vec<u8> {
    const FIRST: &[&str] = &[
        "Ann", "Bob", "Chloe", "Dev", "Emma", "Farid", "Grace", "Hugo", "Isla", "Jack",
    ];
    const LAST: &[&str] = &[
        "Smith", "Jones", "Patel", "Brown", "Taylor", "Khan", "Wilson", "Evans",
    ];
    const AREAS: &[&str] = &[
        "SW1A", "M1", "LS1", "B33", "EC1A", "CR2", "DN55", "W1A", "G2", "CF10",
    ];
    const NOTES: &[&str] = &[
        "No further action.",
        "Called back on {phone} about the claim.",
        "Asked for letters to {email} instead of post.",
        "Visited on site; paperwork complete, awaiting sign-off from the team leader.",
        "",
    ];
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    let mut out = String::from("id,name,email,dob,postcode,sex,notes,amount\n");
    for i in 0..rows {
        let first = r.pick(FIRST);
        let last = r.pick(LAST);
        let email = format!(
            "{}.{}{}@example.org",
            first.to_lowercase(),
            last.to_lowercase(),
            r.next() % 1000
        );
        let phone = format!("07{:03} {:06}", r.next() % 1000, r.next() % 1_000_000);
        let note = r
            .pick(NOTES)
            .replace("{phone}", &phone)
            .replace("{email}", &email);
        out.push_str(&format!(
            "{i},{first} {last},{email},{:04}-{:02}-{:02},{} {}{}{},{},\"{note}\",{}.{:02}\n",
            1930 + r.next() % 90,
            1 + r.next() % 12,
            1 + r.next() % 28,
            r.pick(AREAS),
            r.next() % 10,
            (b'A' + (r.next() % 26) as u8) as char,
            (b'A' + (r.next() % 26) as u8) as char,
            if r.next().is_multiple_of(2) { "F" } else { "M" },
            r.next() % 5000,
            r.next() % 100
        ));
    }
    out.into_bytes()
}

fn best_of(n: usize, mut f: impl FnMut()) -> Duration {
    (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn raw_parse(bytes: &[u8]) -> u64 {
    let mut reader = csv::Reader::from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut fields = 0u64;
    while reader.read_byte_record(&mut record).unwrap() {
        fields += record.len() as u64;
    }
    fields
}

fn job(bytes: &[u8], policy: &Policy) -> usize {
    let reader = CsvReader::from_bytes(bytes.to_vec(), &CheckOptions::default()).unwrap();
    let context = Context::new()
        .with_key(Key::new(b"bench-key-0123456789abcdef".to_vec()).unwrap())
        .with_seed(Seed::from_bytes(b"bench"));
    let mut anonymiser = Anonymiser::new(&reader.schema(), policy, &context).unwrap();
    let mut writer =
        CsvWriter::new(Vec::with_capacity(bytes.len()), &anonymiser.output_schema()).unwrap();
    // Parsing on a second thread, one batch ahead, as `opendata anonymise` reads.
    for batch in reader.batches().unwrap().read_ahead() {
        let out = anonymiser.apply(&batch.unwrap()).unwrap();
        writer.write(&out).unwrap();
    }
    writer.finish().unwrap().len()
}

fn main() {
    let rows: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(200_000);
    let bytes = table(rows);
    let policy = Policy::from_toml(POLICY).unwrap();
    let mb = bytes.len() as f64 / 1e6;
    println!("table: {rows} rows, {mb:.1} MB");

    let raw = best_of(3, || {
        black_box(raw_parse(black_box(&bytes)));
    });
    let reader = CsvReader::from_bytes(bytes.clone(), &CheckOptions::default()).unwrap();
    let read = best_of(3, || {
        let r = CsvReader::from_bytes(bytes.clone(), &CheckOptions::default()).unwrap();
        for b in r.batches().unwrap() {
            black_box(b.unwrap());
        }
    });
    let batches: Vec<_> = reader.batches().unwrap().map(Result::unwrap).collect();
    let context = Context::new()
        .with_key(Key::new(b"bench-key-0123456789abcdef".to_vec()).unwrap())
        .with_seed(Seed::from_bytes(b"bench"));
    let operators = best_of(3, || {
        let mut a = Anonymiser::new(&reader.schema(), &policy, &context).unwrap();
        for b in &batches {
            black_box(a.apply(b).unwrap());
        }
    });
    let whole = best_of(3, || {
        black_box(job(&bytes, &policy));
    });

    let line = |name: &str, d: Duration| {
        println!(
            "{name:<44} {:>8.1} ms {:>7.1} MB/s  ratio vs raw parse {:.2}",
            d.as_secs_f64() * 1e3,
            mb / d.as_secs_f64(),
            raw.as_secs_f64() / d.as_secs_f64()
        );
    };
    // Each rule alone, to see where the operators' time goes.
    for (column, rule) in &policy.columns {
        let mut one = Policy::default();
        one.columns.insert(column.clone(), rule.clone());
        let d = best_of(3, || {
            let mut a = Anonymiser::new(&reader.schema(), &one, &context).unwrap();
            for b in &batches {
                black_box(a.apply(b).unwrap());
            }
        });
        println!(
            "  {:<42} {:>8.1} ms",
            format!("{column}: {}", rule.name()),
            d.as_secs_f64() * 1e3
        );
    }
    line("raw csv-crate parse", raw);
    line("CsvReader: check + inference + typed batches", read);
    line("anonymise operators on typed batches", operators);
    line("whole job: read, anonymise, write CSV", whole);
}
