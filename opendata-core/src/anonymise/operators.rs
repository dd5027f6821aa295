//! Per-column operators, Arrow array in, Arrow array out. They see one batch at a time and
//! keep no state between batches, so a table of any size streams through them.

use std::sync::Arc;

use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder};
use arrow_array::ArrayRef;
#[cfg(test)]
use arrow_array::RecordBatch;
use arrow_schema::DataType;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use time::Date;

use super::cells::{Cells, Kind};
use super::generalise;
use super::policy::{Action, DateLevel, Encoding, PostcodeLevel};
use super::text::{entity_tag, replace_spans, PatternDetector, SpanDetector};
use crate::error::AnonymiseError;

type HmacSha256 = Hmac<Sha256>;

/// Version tag of the derivations below: changing a derivation must change it, since
/// published pseudonyms would silently stop matching.
const PSEUDONYM_DOMAIN: &[u8] = b"opendata/pseudonym/v1\0";
const TOKEN_DOMAIN: &[u8] = b"opendata/token/v1\0";

/// Ages with a precomputed band label; older ones are labelled on the fly.
const AGE_LABELS: u32 = 130;

/// A compiled operator for one column.
pub(crate) enum Op {
    Keep,
    Redact(String),
    Mask {
        first: usize,
        last: usize,
        ch: char,
    },
    Digest {
        mac: HmacSha256,
        length: usize,
        encoding: Encoding,
        prefix: String,
    },
    Date(DateLevel),
    AgeBand {
        at: Date,
        width: u32,
        top: Option<u32>,
        /// The band of each age up to [`AGE_LABELS`], computed once.
        labels: Vec<String>,
    },
    Bins {
        width: f64,
        origin: f64,
    },
    Round {
        to: f64,
        out: NumOut,
    },
    TopBottom {
        bottom: Option<f64>,
        top: Option<f64>,
        out: NumOut,
    },
    Postcode(PostcodeLevel),
    Coordinates {
        decimals: u32,
        out: NumOut,
    },
    Spans {
        detector: Option<Arc<dyn SpanDetector + Send + Sync>>,
        patterns: Option<PatternDetector>,
    },
}

/// The Arrow type a numeric operator writes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumOut {
    Int,
    Float,
    Text,
}

/// What an operator needs besides its settings.
pub(crate) struct OpInputs<'a> {
    pub column: &'a str,
    pub kind: Kind,
    pub entity: Option<&'a str>,
    pub key: Option<&'a [u8]>,
    pub seed: &'a [u8],
    pub detector: Option<Arc<dyn SpanDetector + Send + Sync>>,
}

/// The MAC of one domain: HMAC keyed with HMAC(secret, domain || label), so a column's
/// pseudonyms say nothing about another column's.
fn derive_mac(secret: &[u8], domain: &[u8], label: &str) -> Result<HmacSha256, AnonymiseError> {
    // HMAC takes keys of any length; the error arm only keeps this free of a panic.
    let weak = |_| AnonymiseError::WeakKey {
        bytes: secret.len(),
        min: super::key::MIN_KEY_BYTES,
    };
    let mut outer = HmacSha256::new_from_slice(secret).map_err(weak)?;
    outer.update(domain);
    outer.update(label.as_bytes());
    let sub = outer.finalize().into_bytes();
    HmacSha256::new_from_slice(&sub).map_err(weak)
}

impl Op {
    /// Compiles an action for a column, checking that it fits the column's type.
    pub(crate) fn compile(
        action: &Action,
        i: OpInputs<'_>,
    ) -> Result<Option<Self>, AnonymiseError> {
        let mismatch = || AnonymiseError::TypeMismatch {
            column: i.column.to_owned(),
            action: action.name().to_owned(),
            found: kind_name(i.kind).to_owned(),
        };
        let dates = matches!(i.kind, Kind::Text | Kind::Date);
        let numbers = matches!(i.kind, Kind::Text | Kind::Integer | Kind::Float);
        let num_out = |integral: bool| match i.kind {
            Kind::Integer if integral => NumOut::Int,
            Kind::Integer | Kind::Float => NumOut::Float,
            _ => NumOut::Text,
        };
        Ok(Some(match action {
            Action::Drop => return Ok(None),
            Action::Keep => Op::Keep,
            Action::Redact { with } => Op::Redact(with.clone()),
            Action::EntityTag { entity } => {
                let entity = entity.as_deref().or(i.entity).ok_or_else(|| {
                    AnonymiseError::InvalidPolicy(format!(
                        "column {}: entity-tag needs `entity`, since no entity was detected in it",
                        i.column
                    ))
                })?;
                Op::Redact(entity_tag(entity))
            }
            Action::Mask {
                keep_first,
                keep_last,
                mask_char,
            } => {
                if !matches!(i.kind, Kind::Text | Kind::Integer) {
                    return Err(mismatch());
                }
                Op::Mask {
                    first: *keep_first,
                    last: *keep_last,
                    ch: *mask_char,
                }
            }
            Action::Pseudonym {
                length,
                encoding,
                join,
                prefix,
            } => {
                let key = i.key.ok_or_else(|| AnonymiseError::MissingKey {
                    column: i.column.to_owned(),
                })?;
                let label = match join {
                    Some(group) => format!("join:{group}"),
                    None => format!("column:{}", i.column),
                };
                Op::Digest {
                    mac: derive_mac(key, PSEUDONYM_DOMAIN, &label)?,
                    length: *length,
                    encoding: *encoding,
                    prefix: prefix.clone(),
                }
            }
            Action::RandomToken { length, prefix } => Op::Digest {
                mac: derive_mac(i.seed, TOKEN_DOMAIN, &format!("column:{}", i.column))?,
                length: *length,
                encoding: Encoding::Base32,
                prefix: prefix.clone(),
            },
            Action::Date { level } if dates => Op::Date(*level),
            Action::AgeBand {
                reference_date,
                width,
                top,
            } if dates => Op::AgeBand {
                at: crate::table::types::parse_iso_date(reference_date).ok_or_else(|| {
                    AnonymiseError::InvalidPolicy(format!(
                        "column {}: reference_date {reference_date:?} is not an ISO date",
                        i.column
                    ))
                })?,
                width: *width,
                top: *top,
                labels: (0..AGE_LABELS)
                    .map(|a| generalise::age_band(a, *width, *top))
                    .collect(),
            },
            Action::Bins { width, origin } if numbers => Op::Bins {
                width: *width,
                origin: *origin,
            },
            Action::Round { to } if numbers => Op::Round {
                to: *to,
                out: num_out(to.fract() == 0.0),
            },
            Action::TopBottom { bottom, top } if numbers => Op::TopBottom {
                bottom: *bottom,
                top: *top,
                out: num_out(
                    bottom.is_none_or(|b| b.fract() == 0.0) && top.is_none_or(|t| t.fract() == 0.0),
                ),
            },
            Action::Postcode { level } if i.kind == Kind::Text => Op::Postcode(*level),
            Action::Coordinates { decimals } if numbers => Op::Coordinates {
                decimals: *decimals,
                out: if i.kind == Kind::Text {
                    NumOut::Text
                } else {
                    NumOut::Float
                },
            },
            Action::TextSpans { patterns } if i.kind == Kind::Text => {
                let patterns = if patterns.is_empty() {
                    None
                } else {
                    Some(PatternDetector::new(
                        patterns.iter().map(|(e, p)| (e.as_str(), p.as_str())),
                    )?)
                };
                if patterns.is_none() && i.detector.is_none() {
                    return Err(AnonymiseError::MissingDetector {
                        column: i.column.to_owned(),
                    });
                }
                Op::Spans {
                    detector: i.detector.clone(),
                    patterns,
                }
            }
            _ => return Err(mismatch()),
        }))
    }

    /// Whether the operator reads cells as a type (date, number, postcode) and so can meet
    /// cells it cannot read.
    pub(crate) fn parses(&self) -> bool {
        matches!(
            self,
            Op::Date(_)
                | Op::AgeBand { .. }
                | Op::Bins { .. }
                | Op::Round { .. }
                | Op::TopBottom { .. }
                | Op::Postcode(_)
                | Op::Coordinates { .. }
        )
    }

    /// The output type for an input column of `input` type.
    pub(crate) fn output_type(&self, input: &DataType) -> DataType {
        match self {
            Op::Keep => input.clone(),
            Op::Round { out, .. } | Op::TopBottom { out, .. } | Op::Coordinates { out, .. } => {
                match out {
                    NumOut::Int => DataType::Int64,
                    NumOut::Float => DataType::Float64,
                    NumOut::Text => DataType::Utf8,
                }
            }
            _ => DataType::Utf8,
        }
    }

    /// Applies the operator to a column; returns the new column and how many non-empty
    /// cells could not be read (those are written as null).
    pub(crate) fn apply(&self, array: &ArrayRef) -> (ArrayRef, u64) {
        if let Op::Keep = self {
            return (array.clone(), 0);
        }
        let mut cells = Cells::new(array);
        let n = cells.len();
        let mut bad = 0u64;
        match self {
            Op::Round { out, .. } | Op::TopBottom { out, .. } | Op::Coordinates { out, .. }
                if *out != NumOut::Text =>
            {
                let f = |x: f64| self.number(x);
                if *out == NumOut::Int {
                    let mut b = Int64Builder::with_capacity(n);
                    for i in 0..n {
                        b.append_option(cells.number(i).map(|x| f(x) as i64));
                    }
                    return (Arc::new(b.finish()), 0);
                }
                let mut b = Float64Builder::with_capacity(n);
                for i in 0..n {
                    b.append_option(cells.number(i).map(f));
                }
                return (Arc::new(b.finish()), 0);
            }
            _ => {}
        }
        let mut b = StringBuilder::with_capacity(n, n * 8);
        let mut scratch = String::new();
        for i in 0..n {
            let out = self.cell(&mut cells, i, &mut scratch);
            match out {
                Cell::Null => b.append_null(),
                Cell::Bad => {
                    bad += 1;
                    b.append_null();
                }
                Cell::Text => b.append_value(&scratch),
            }
        }
        (Arc::new(b.finish()), bad)
    }

    fn number(&self, x: f64) -> f64 {
        match self {
            Op::Round { to, .. } => generalise::round_to(x, *to),
            Op::TopBottom { bottom, top, .. } => {
                let x = bottom.map_or(x, |b| x.max(b));
                top.map_or(x, |t| x.min(t))
            }
            Op::Coordinates { decimals, .. } => {
                let p = 10f64.powi(*decimals as i32);
                (x * p).round() / p
            }
            _ => x,
        }
    }

    /// Writes the output of cell `i` into `out`.
    fn cell(&self, cells: &mut Cells<'_>, i: usize, out: &mut String) -> Cell {
        out.clear();
        match self {
            Op::Date(level) => {
                if cells.is_blank(i) {
                    return Cell::Null;
                }
                match cells.date(i) {
                    Some(d) => generalise::write_date_level(out, d, *level),
                    None => return Cell::Bad,
                }
            }
            Op::AgeBand {
                at,
                width,
                top,
                labels,
            } => {
                if cells.is_blank(i) {
                    return Cell::Null;
                }
                match cells
                    .birth_date(i, *at)
                    .and_then(|d| generalise::age(d, *at))
                {
                    Some(age) => match labels.get(age as usize) {
                        Some(label) => out.push_str(label),
                        None => out.push_str(&generalise::age_band(age, *width, *top)),
                    },
                    None => return Cell::Bad,
                }
            }
            Op::Bins { width, origin } => match non_empty_number(cells, i) {
                Err(c) => return c,
                Ok(x) => match generalise::bin(x, *width, *origin) {
                    Some(s) => out.push_str(&s),
                    None => return Cell::Bad,
                },
            },
            Op::Round { to, .. } => match non_empty_number(cells, i) {
                Err(c) => return c,
                Ok(x) => out.push_str(&generalise::fixed(
                    self.number(x),
                    generalise::decimals_of(*to),
                )),
            },
            Op::TopBottom { .. } => match non_empty_number(cells, i) {
                Err(c) => return c,
                Ok(x) => out.push_str(&generalise::number_text(self.number(x))),
            },
            Op::Coordinates { decimals, .. } => {
                let Some(text) = cells.get(i) else {
                    return Cell::Null;
                };
                if text.trim().is_empty() {
                    return Cell::Null;
                }
                match generalise::coordinates(&text, *decimals) {
                    Some(s) => out.push_str(&s),
                    None => return Cell::Bad,
                }
            }
            Op::Postcode(level) => {
                let Some(text) = cells.get(i) else {
                    return Cell::Null;
                };
                if text.trim().is_empty() {
                    return Cell::Null;
                }
                match generalise::postcode(&text, *level) {
                    Some(s) => out.push_str(&s),
                    None => return Cell::Bad,
                }
            }
            _ => {
                let Some(text) = cells.get(i) else {
                    return Cell::Null;
                };
                if text.is_empty() {
                    return Cell::Text;
                }
                self.text(&text, out);
            }
        }
        Cell::Text
    }

    /// The operators that treat a cell as opaque text.
    fn text(&self, text: &str, out: &mut String) {
        match self {
            Op::Redact(with) => out.push_str(with),
            Op::Mask { first, last, ch } => mask(text, *first, *last, *ch, out),
            Op::Digest {
                mac,
                length,
                encoding,
                prefix,
            } => {
                let mut m = mac.clone();
                m.update(text.as_bytes());
                let digest = m.finalize().into_bytes();
                out.push_str(prefix);
                encode(&digest, *length, *encoding, out);
            }
            Op::Spans { detector, patterns } => {
                let mut spans = detector.as_ref().map(|d| d.spans(text)).unwrap_or_default();
                if let Some(p) = patterns {
                    spans.extend(p.spans(text));
                }
                if spans.is_empty() {
                    out.push_str(text);
                } else {
                    out.push_str(&replace_spans(text, &spans));
                }
            }
            _ => out.push_str(text),
        }
    }
}

enum Cell {
    Null,
    Bad,
    Text,
}

fn non_empty_number(cells: &mut Cells<'_>, i: usize) -> Result<f64, Cell> {
    if cells.is_blank(i) {
        return Err(Cell::Null);
    }
    cells.number(i).ok_or(Cell::Bad)
}

/// Keeps `first` and `last` characters and masks the rest; a value no longer than what is
/// kept is masked whole, so the output never equals a non-empty input.
pub(crate) fn mask(text: &str, first: usize, last: usize, ch: char, out: &mut String) {
    let n = text.chars().count();
    if n <= first.saturating_add(last) {
        out.extend(std::iter::repeat_n(ch, n));
        return;
    }
    for (i, c) in text.chars().enumerate() {
        if i < first || i >= n - last {
            out.push(c);
        } else {
            out.push(ch);
        }
    }
}

const BASE32: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
const HEX: &[u8; 16] = b"0123456789abcdef";

/// Writes the first `chars` characters of the digest in the encoding.
pub(crate) fn encode(digest: &[u8], chars: usize, encoding: Encoding, out: &mut String) {
    // `out` may already hold a prefix: count only what is written here.
    let start = out.len();
    match encoding {
        Encoding::Hex => {
            for &byte in digest.iter() {
                for nibble in [byte >> 4, byte & 0x0f] {
                    if out.len() - start >= chars {
                        return;
                    }
                    out.push(HEX[usize::from(nibble)] as char);
                }
            }
        }
        Encoding::Base32 => {
            let mut acc: u32 = 0;
            let mut bits = 0;
            for &byte in digest {
                acc = (acc << 8) | u32::from(byte);
                bits += 8;
                while bits >= 5 {
                    if out.len() - start >= chars {
                        return;
                    }
                    bits -= 5;
                    out.push(BASE32[((acc >> bits) & 31) as usize] as char);
                }
            }
        }
    }
}

pub(crate) fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "text",
        Kind::Integer => "integer",
        Kind::Float => "number",
        Kind::Date => "date",
        Kind::Boolean => "boolean",
    }
}

/// Applies ops to a batch's columns; helper for tests of single operators.
#[cfg(test)]
pub(crate) fn apply_to(batch: &RecordBatch, column: usize, op: &Op) -> (ArrayRef, u64) {
    op.apply(batch.column(column))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::cast::AsArray;
    use arrow_array::{Int64Array, StringArray};
    use arrow_schema::{Field, Schema};

    fn inputs<'a>(column: &'a str, kind: Kind, key: Option<&'a [u8]>) -> OpInputs<'a> {
        OpInputs {
            column,
            kind,
            entity: None,
            key,
            seed: b"seed",
            detector: None,
        }
    }

    fn texts(a: &ArrayRef) -> Vec<Option<String>> {
        a.as_string::<i32>()
            .iter()
            .map(|v| v.map(str::to_owned))
            .collect()
    }

    #[test]
    fn mask_keeps_ends_and_masks_short_values_whole() {
        let mut s = String::new();
        mask("07700900123", 0, 3, '*', &mut s);
        assert_eq!(s, "********123");
        s.clear();
        mask("ab", 1, 1, '#', &mut s);
        assert_eq!(s, "##");
        s.clear();
        mask("Zoë", 1, 0, '*', &mut s);
        assert_eq!(s, "Z**");
    }

    #[test]
    fn encodings_have_the_asked_length_and_alphabet() {
        let digest = [0xffu8; 32];
        let mut s = String::new();
        encode(&digest, 51, Encoding::Base32, &mut s);
        assert_eq!(s, "7".repeat(51));
        s.clear();
        encode(&[0xab, 0xcd], 3, Encoding::Hex, &mut s);
        assert_eq!(s, "abc");
        s = "p_".to_owned();
        encode(&[0xab, 0xcd], 3, Encoding::Hex, &mut s);
        assert_eq!(s, "p_abc");
        s.clear();
        encode(&[0b0000_1000, 0b0100_0000], 3, Encoding::Base32, &mut s);
        assert_eq!(s, "bbaa".get(..3).unwrap());
    }

    #[test]
    fn pseudonym_needs_a_key_and_is_domain_separated() {
        let action = Action::Pseudonym {
            length: 16,
            encoding: Encoding::Base32,
            join: None,
            prefix: String::new(),
        };
        let err = Op::compile(&action, inputs("email", Kind::Text, None))
            .err()
            .unwrap();
        assert_eq!(err.code(), "anonymise.missing-key");
        let key = b"0123456789abcdef0123";
        let a = Op::compile(&action, inputs("email", Kind::Text, Some(key)))
            .unwrap()
            .unwrap();
        let b = Op::compile(&action, inputs("contact", Kind::Text, Some(key)))
            .unwrap()
            .unwrap();
        let col: ArrayRef = Arc::new(StringArray::from(vec!["x@y.org", "x@y.org"]));
        let (pa, _) = a.apply(&col);
        let (pb, _) = b.apply(&col);
        let (pa, pb) = (texts(&pa), texts(&pb));
        assert_eq!(pa[0], pa[1]);
        assert_ne!(pa[0], pb[0]);
        assert_eq!(pa[0].as_ref().unwrap().len(), 16);
    }

    #[test]
    fn generalisations_refuse_types_they_do_not_fit() {
        let postcode = Action::Postcode {
            level: PostcodeLevel::District,
        };
        let err = Op::compile(&postcode, inputs("n", Kind::Integer, None))
            .err()
            .unwrap();
        assert_eq!(err.code(), "anonymise.type-mismatch");
        let date = Action::Date {
            level: DateLevel::Year,
        };
        let err = Op::compile(&date, inputs("n", Kind::Float, None))
            .err()
            .unwrap();
        assert!(err.to_string().contains("number"), "{err}");
        let spans = Action::TextSpans {
            patterns: Default::default(),
        };
        let err = Op::compile(&spans, inputs("notes", Kind::Text, None))
            .err()
            .unwrap();
        assert_eq!(err.code(), "anonymise.missing-detector");
    }

    #[test]
    fn numeric_operators_keep_numeric_types() {
        let schema = Arc::new(Schema::new(vec![Field::new("n", DataType::Int64, true)]));
        let col: ArrayRef = Arc::new(Int64Array::from(vec![Some(1234), None, Some(-5)]));
        let batch = RecordBatch::try_new(schema, vec![col]).unwrap();
        let op = Op::compile(
            &Action::Round { to: 100.0 },
            inputs("n", Kind::Integer, None),
        )
        .unwrap()
        .unwrap();
        assert_eq!(op.output_type(&DataType::Int64), DataType::Int64);
        let (out, _) = apply_to(&batch, 0, &op);
        let v: Vec<Option<i64>> = out
            .as_primitive::<arrow_array::types::Int64Type>()
            .iter()
            .collect();
        assert_eq!(v, vec![Some(1200), None, Some(0)]);
    }

    #[test]
    fn unreadable_cells_become_null_and_are_counted() {
        let op = Op::Postcode(PostcodeLevel::District);
        let col: ArrayRef = Arc::new(StringArray::from(vec![
            Some("SW1A 1AA"),
            Some("unknown"),
            None,
            Some(""),
        ]));
        let (out, bad) = op.apply(&col);
        assert_eq!(texts(&out), vec![Some("SW1A".into()), None, None, None]);
        assert_eq!(bad, 1);
    }
}
