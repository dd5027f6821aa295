//! Necessary conditions for a pattern to match, derived from the pattern itself (users load
//! their own rules as data, so nothing here is written per rule). They are cheap byte-set
//! tests that let a scan skip the regex engines on cells and texts no rule can match; a
//! filter never refuses a value its pattern matches.

use regex_syntax::hir::{Class, Hir, HirKind};

/// A set of bytes, one bit each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ByteSet([u64; 4]);

impl ByteSet {
    pub(crate) const ALL: ByteSet = ByteSet([u64::MAX; 4]);
    /// The ASCII digits `0`-`9`.
    pub(crate) const DIGITS: ByteSet = ByteSet([0x03ff << 48, 0, 0, 0]);

    fn insert(&mut self, b: u8) {
        self.0[usize::from(b >> 6)] |= 1 << (b & 63);
    }

    fn insert_range(&mut self, lo: u8, hi: u8) {
        for b in lo..=hi {
            self.insert(b);
        }
    }

    fn union(self, other: ByteSet) -> ByteSet {
        let mut out = self;
        for (a, b) in out.0.iter_mut().zip(other.0) {
            *a |= b;
        }
        out
    }

    fn len(self) -> u32 {
        self.0.iter().map(|w| w.count_ones()).sum()
    }

    /// Every byte of `s`.
    pub(crate) fn of(s: &[u8]) -> ByteSet {
        let mut out = ByteSet::default();
        for &b in s {
            out.insert(b);
        }
        out
    }

    pub(crate) fn is_subset(self, of: ByteSet) -> bool {
        self.0.iter().zip(of.0).all(|(a, b)| a & !b == 0)
    }

    pub(crate) fn intersects(self, other: ByteSet) -> bool {
        self.0.iter().zip(other.0).any(|(a, b)| a & b != 0)
    }
}

/// What a whole-cell match needs: a length in range and only bytes the pattern can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CellFilter {
    min_len: usize,
    max_len: usize,
    alphabet: ByteSet,
}

impl CellFilter {
    /// A filter that refuses nothing (for a pattern that cannot be analysed).
    pub(crate) const NONE: CellFilter = CellFilter {
        min_len: 0,
        max_len: usize::MAX,
        alphabet: ByteSet::ALL,
    };

    /// Whether a cell of these bytes (with this byte set) could match the whole pattern.
    pub(crate) fn may_match(&self, len: usize, bytes: ByteSet) -> bool {
        len >= self.min_len && len <= self.max_len && bytes.is_subset(self.alphabet)
    }
}

/// What any match found inside a text needs: at least one byte of a set, and a run of at
/// least so many consecutive ASCII digits (identifier patterns such as `[0-9]{11}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TextFilter {
    required: Option<ByteSet>,
    digit_run: usize,
}

/// What the filters look at in a text, computed once per text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TextShape {
    /// Every byte of the text.
    pub(crate) bytes: ByteSet,
    /// The longest run of consecutive ASCII digits.
    pub(crate) digit_run: usize,
}

impl TextShape {
    pub(crate) fn of(text: &[u8]) -> TextShape {
        let mut bytes = ByteSet::default();
        let (mut run, mut longest) = (0, 0);
        for &b in text {
            bytes.insert(b);
            if b.is_ascii_digit() {
                run += 1;
                longest = longest.max(run);
            } else {
                run = 0;
            }
        }
        TextShape {
            bytes,
            digit_run: longest,
        }
    }
}

impl TextFilter {
    /// Whether a text of this shape could hold a match.
    pub(crate) fn may_match(&self, shape: TextShape) -> bool {
        shape.digit_run >= self.digit_run && self.required.is_none_or(|r| r.intersects(shape.bytes))
    }
}

fn parse(pattern: &str, case_insensitive: bool) -> Option<Hir> {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(case_insensitive)
        .build()
        .parse(pattern)
        .ok()
}

/// The filter of a pattern matched against whole cells.
pub(crate) fn cell_filter(pattern: &str, case_insensitive: bool) -> CellFilter {
    let Some(hir) = parse(pattern, case_insensitive) else {
        return CellFilter::NONE;
    };
    let props = hir.properties();
    CellFilter {
        min_len: props.minimum_len().unwrap_or(0),
        max_len: props.maximum_len().unwrap_or(usize::MAX),
        alphabet: alphabet(&hir),
    }
}

/// The filter of a pattern searched inside text.
pub(crate) fn text_filter(pattern: &str, case_insensitive: bool) -> TextFilter {
    match parse(pattern, case_insensitive) {
        Some(h) => TextFilter {
            required: required(&h),
            digit_run: digit_run(&h).inner,
        },
        None => TextFilter {
            required: None,
            digit_run: 0,
        },
    }
}

/// Guaranteed runs of ASCII digits in every match of a piece of pattern.
#[derive(Debug, Clone, Copy)]
struct Runs {
    /// Whether every byte the piece matches is an ASCII digit.
    all_digits: bool,
    /// The fewest bytes it matches (meaningful when `all_digits`).
    min_len: usize,
    /// The longest digit run every match holds inside the piece.
    inner: usize,
}

fn digit_run(hir: &Hir) -> Runs {
    let digits_only = |h: &Hir| alphabet(h).is_subset(ByteSet::DIGITS);
    let min_len = |h: &Hir| h.properties().minimum_len().unwrap_or(0);
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Runs {
            all_digits: true,
            min_len: 0,
            inner: 0,
        },
        HirKind::Literal(_) | HirKind::Class(_) => {
            let all = digits_only(hir);
            let len = min_len(hir);
            Runs {
                all_digits: all,
                min_len: len,
                inner: if all { len } else { 0 },
            }
        }
        HirKind::Repetition(r) => {
            let sub = digit_run(&r.sub);
            if sub.all_digits {
                let len = sub.min_len.saturating_mul(r.min as usize);
                Runs {
                    all_digits: true,
                    min_len: len,
                    inner: len,
                }
            } else {
                Runs {
                    all_digits: false,
                    min_len: 0,
                    inner: if r.min >= 1 { sub.inner } else { 0 },
                }
            }
        }
        HirKind::Capture(c) => digit_run(&c.sub),
        HirKind::Concat(items) => {
            // Consecutive all-digit pieces add up; any other piece ends the run (it may
            // match a non-digit, or nothing).
            let (mut run, mut best, mut all) = (0usize, 0usize, true);
            for item in items {
                let r = digit_run(item);
                if r.all_digits {
                    run = run.saturating_add(r.min_len);
                } else {
                    all = false;
                    best = best.max(run).max(r.inner);
                    run = 0;
                }
            }
            best = best.max(run);
            Runs {
                all_digits: all,
                min_len: if all { run } else { 0 },
                inner: best,
            }
        }
        HirKind::Alternation(items) => {
            let runs: Vec<Runs> = items.iter().map(digit_run).collect();
            let all = runs.iter().all(|r| r.all_digits);
            Runs {
                all_digits: all,
                min_len: runs.iter().map(|r| r.min_len).min().unwrap_or(0),
                inner: runs.iter().map(|r| r.inner).min().unwrap_or(0),
            }
        }
    }
}

/// The bytes of a class; any non-ASCII character stands for every byte from 0x80 up (the
/// bytes of UTF-8 sequences), which keeps the set a superset.
fn class_bytes(class: &Class) -> ByteSet {
    let mut out = ByteSet::default();
    match class {
        Class::Unicode(c) => {
            let mut non_ascii = false;
            for r in c.iter() {
                let (lo, hi) = (u32::from(r.start()), u32::from(r.end()));
                if lo < 0x80 {
                    out.insert_range(lo as u8, hi.min(0x7f) as u8);
                }
                non_ascii |= hi >= 0x80;
            }
            if non_ascii {
                out.insert_range(0x80, 0xff);
            }
        }
        Class::Bytes(c) => {
            for r in c.iter() {
                out.insert_range(r.start(), r.end());
            }
        }
    }
    out
}

/// Every byte a match can contain.
fn alphabet(hir: &Hir) -> ByteSet {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => ByteSet::default(),
        HirKind::Literal(l) => ByteSet::of(&l.0),
        HirKind::Class(c) => class_bytes(c),
        HirKind::Repetition(r) => alphabet(&r.sub),
        HirKind::Capture(c) => alphabet(&c.sub),
        HirKind::Concat(items) | HirKind::Alternation(items) => items
            .iter()
            .fold(ByteSet::default(), |acc, h| acc.union(alphabet(h))),
    }
}

/// A set of bytes of which every match holds at least one; `None` when a match can be
/// empty or nothing is certain.
fn required(hir: &Hir) -> Option<ByteSet> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(l) => l.0.first().map(|&b| ByteSet::of(&[b])),
        HirKind::Class(c) => Some(class_bytes(c)),
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Repetition(_) => None,
        HirKind::Capture(c) => required(&c.sub),
        // Every part matches, so any part's requirement holds: take the narrowest.
        HirKind::Concat(items) => items.iter().filter_map(required).min_by_key(|s| s.len()),
        // One branch matches: the union of the branches' requirements, if each has one.
        HirKind::Alternation(items) => items
            .iter()
            .map(required)
            .try_fold(ByteSet::default(), |acc, s| s.map(|s| acc.union(s))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::RegexBuilder;

    struct Compiled {
        pattern: String,
        whole: regex::Regex,
        inside: regex::Regex,
        cell: CellFilter,
        text: TextFilter,
    }

    fn builtin_patterns() -> &'static [Compiled] {
        static PATTERNS: std::sync::OnceLock<Vec<Compiled>> = std::sync::OnceLock::new();
        PATTERNS.get_or_init(|| {
            crate::pii::builtin_rules()
                .unwrap()
                .into_iter()
                .flat_map(|r| {
                    let ci = r.case_insensitive;
                    r.patterns.into_iter().map(move |p| {
                        let build =
                            |p: &str| RegexBuilder::new(p).case_insensitive(ci).build().unwrap();
                        Compiled {
                            whole: build(&format!("^(?:{p})$")),
                            inside: build(&p),
                            cell: cell_filter(&p, ci),
                            text: text_filter(&p, ci),
                            pattern: p,
                        }
                    })
                })
                .collect()
        })
    }

    #[test]
    fn filters_refuse_what_cannot_match() {
        let email = cell_filter(r"[a-z]+@[a-z]+\.org", false);
        assert!(email.may_match(11, ByteSet::of(b"ada@x.org")));
        assert!(!email.may_match(11, ByteSet::of(b"ada x.org")));
        assert!(!email.may_match(3, ByteSet::of(b"a@b")));
        let text = text_filter(r"[a-z]+@[a-z]+", false);
        assert!(!text.may_match(TextShape::of(b"no at sign here")));
        assert!(text.may_match(TextShape::of(b"write to a@b")));
        assert!(text_filter("a?", false).may_match(TextShape::of(b"")));
        let pesel = text_filter("[0-9]{11}", false);
        assert!(!pesel.may_match(TextShape::of(b"call 0770 090 0123")));
        assert!(pesel.may_match(TextShape::of(b"PESEL 44051401359")));
        let hetu = text_filter(r"[0-9]{6}[\-+A-F][0-9]{3}(?:x|[0-9]{4})", false);
        assert_eq!(hetu.digit_run, 6);
        assert_eq!(ByteSet::DIGITS, ByteSet::of(b"0123456789"));
        let ci = cell_filter("ab", true);
        assert!(ci.may_match(2, ByteSet::of(b"AB")));
    }

    /// Strings likely to match some built-in pattern, or almost.
    fn candidate() -> impl Strategy<Value = String> {
        prop_oneof![
            "[0-9 .\\-/+()]{0,24}",
            "[A-Z]{2}[0-9]{2}[ A-Z0-9]{4,30}",
            "[A-Za-z0-9._%+-]{1,12}@[A-Za-z0-9-]{1,10}\\.[A-Za-z]{2,5}",
            "[A-Za-zÀ-ÿ'’.\\- ,]{0,40}",
            "[0-9A-Fa-f:.\\-]{0,40}",
            "[A-Za-z0-9@_.\\-]{0,20}",
            "(https?://)?(www\\.)?(github|x|facebook)\\.com/[A-Za-z0-9_.@%-]{0,12}/?",
            "[0-9]{1,4}[a-z]? [A-Z][a-z]{2,8} (Street|Road|Lane|straße|rue) ?[0-9]{0,3}",
            any::<String>(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// A filter never refuses a string its pattern matches, whole or inside.
        #[test]
        fn filters_never_drop_a_match(s in candidate()) {
            let bytes = ByteSet::of(s.as_bytes());
            let shape = TextShape::of(s.as_bytes());
            for c in builtin_patterns() {
                if c.whole.is_match(&s) {
                    prop_assert!(
                        c.cell.may_match(s.len(), bytes),
                        "cell filter of {} refused {:?}", c.pattern, s
                    );
                }
                if c.inside.is_match(&s) {
                    prop_assert!(
                        c.text.may_match(shape),
                        "text filter of {} refused {:?}", c.pattern, s
                    );
                }
            }
        }
    }
}
