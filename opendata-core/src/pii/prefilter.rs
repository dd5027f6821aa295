//! Necessary conditions for a pattern to match, derived from the pattern itself (users load
//! their own rules as data, so nothing here is written per rule). They are cheap byte-set
//! tests that let a scan skip the regex engines on cells and texts no rule can match; a
//! filter never refuses a value its pattern matches.

use regex_syntax::hir::{Class, Hir, HirKind};

/// A set of bytes, one bit each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ByteSet([u64; 4]);

impl ByteSet {
    /// The ASCII digits `0`-`9`.
    pub(crate) const DIGITS: ByteSet = ByteSet([0x03ff << 48, 0, 0, 0]);
    /// The ASCII letters and digits.
    const ALNUM: ByteSet = ByteSet([0x03ff << 48, 0x07ff_fffe_07ff_fffe, 0, 0]);

    fn insert(&mut self, b: u8) {
        self.0[usize::from(b >> 6)] |= 1 << (b & 63);
    }

    fn insert_range(&mut self, lo: u8, hi: u8) {
        for b in lo..=hi {
            self.insert(b);
        }
    }

    pub(crate) fn union(self, other: ByteSet) -> ByteSet {
        let mut out = self;
        for (a, b) in out.0.iter_mut().zip(other.0) {
            *a |= b;
        }
        out
    }

    pub(crate) fn contains(self, b: u8) -> bool {
        self.0[usize::from(b >> 6)] & (1 << (b & 63)) != 0
    }

    /// Every byte of `s`.
    fn of(s: &[u8]) -> ByteSet {
        let mut out = ByteSet::default();
        for &b in s {
            out.insert(b);
        }
        out
    }

    /// How common the set's bytes are in text, roughly (spaces and lowercase letters are
    /// everywhere, `@` and `:` are rare): the rarer a required set, the more texts it
    /// turns away.
    fn commonness(self) -> u32 {
        (0..=255u8)
            .filter(|&b| self.contains(b))
            .map(|b| match b {
                b' ' => 64,
                b'a'..=b'z' => 16,
                b'A'..=b'Z' | b'0'..=b'9' | b'.' | b',' => 4,
                0x80..=0xff => 1,
                _ => 2,
            })
            .sum()
    }

    fn is_subset(self, of: ByteSet) -> bool {
        self.0.iter().zip(of.0).all(|(a, b)| a & !b == 0)
    }
}

/// The class of each byte: digits, two halves of each letter case (hex letters apart),
/// the punctuation identifiers are written with one class each, and catch-alls for the
/// rest. Filters test classes rather than bytes: one table load per byte of a text.
const BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0usize;
    while b < 256 {
        let c = b as u8;
        table[b] = match c {
            b'0'..=b'9' => 0,
            b'A'..=b'F' => 1,
            b'G'..=b'Z' => 2,
            b'a'..=b'f' => 3,
            b'g'..=b'z' => 4,
            b' ' => 5,
            b'.' => 6,
            b'-' => 7,
            b'@' => 8,
            b'+' => 9,
            b'/' => 10,
            b':' => 11,
            b',' => 12,
            b'(' | b')' => 13,
            b'\'' => 14,
            b'_' => 15,
            b'#' => 16,
            b'\t' | b'\n' | b'\r' => 17,
            0..=31 | 127 => 18,
            0x80..=0xbf => 19,
            0xc0..=0xff => 20,
            _ => 21,
        };
        b += 1;
    }
    table
};
/// The classes of the ASCII letters and digits.
const ALNUM_CLASSES: u32 = 0b11111;

/// A set of byte classes, one bit each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Classes(u32);

impl Classes {
    /// The classes of the bytes of a set: a byte set turned into classes holds every byte
    /// of the set and maybe more, which keeps each filter from refusing a match.
    fn covering(set: ByteSet) -> Classes {
        let mut bits = 0u32;
        for b in 0..=255u8 {
            if set.contains(b) {
                bits |= 1 << BYTE_CLASS[usize::from(b)];
            }
        }
        Classes(bits)
    }

    /// The classes of every byte of `s`.
    pub(crate) fn of(s: &[u8]) -> Classes {
        Classes(
            s.iter()
                .fold(0u32, |acc, &b| acc | 1 << BYTE_CLASS[usize::from(b)]),
        )
    }

    #[cfg(test)]
    fn is_subset(self, of: Classes) -> bool {
        self.0 & !of.0 == 0
    }

    fn intersects(self, other: Classes) -> bool {
        self.0 & other.0 != 0
    }
}

/// What a whole-cell match needs: a length in range, only bytes of the classes the
/// pattern can produce, and a first byte a match can begin with (a note of lowercase
/// prose is no name, whatever its letters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CellFilter {
    min_len: usize,
    max_len: usize,
    alphabet: Classes,
    first: ByteSet,
}

impl CellFilter {
    /// A filter that refuses nothing (for a pattern that cannot be analysed).
    pub(crate) const NONE: CellFilter = CellFilter {
        min_len: 0,
        max_len: usize::MAX,
        alphabet: Classes(u32::MAX),
        first: ByteSet([u64::MAX; 4]),
    };

    /// Whether a cell with these bytes (of these classes) could match the whole pattern
    /// ([`CellFilters`] answers this for every pattern at once).
    #[cfg(test)]
    pub(crate) fn may_match(&self, cell: &[u8], classes: Classes) -> bool {
        cell.len() >= self.min_len
            && cell.len() <= self.max_len
            && classes.is_subset(self.alphabet)
            && cell.first().is_none_or(|&b| self.first.contains(b))
    }
}

/// Cells longer than this are matched against no cell pattern (no identifier is this long).
pub(crate) const CELL_MAX_BYTES: usize = 256;

/// The cell filters of a whole pattern set, turned inside out: for each byte class, first
/// byte and length, the patterns that allow it, as bit sets. A cell's candidates are then a
/// few ANDs of bit sets instead of one filter test per pattern, which cost more than the
/// lazy DFA's walk over the cell once the built-in packs held sixty patterns.
#[derive(Debug, Clone)]
pub(crate) struct CellFilters {
    /// 64-bit words per bit set.
    words: usize,
    /// Per byte class, the patterns whose alphabet holds it.
    by_class: Vec<u64>,
    /// Per first byte, the patterns that can begin with it.
    by_first: Vec<u64>,
    /// Per cell length in bytes (0..=CELL_MAX_BYTES), the patterns that allow it.
    by_len: Vec<u64>,
}

impl CellFilters {
    pub(crate) fn new(filters: &[CellFilter]) -> Self {
        let words = filters.len().div_ceil(64);
        let mut by_class = vec![0u64; 32 * words];
        let mut by_first = vec![0u64; 256 * words];
        let mut by_len = vec![0u64; (CELL_MAX_BYTES + 1) * words];
        for (p, f) in filters.iter().enumerate() {
            let (word, bit) = (p / 64, 1u64 << (p % 64));
            for class in 0..32 {
                if f.alphabet.0 & (1 << class) != 0 {
                    by_class[class * words + word] |= bit;
                }
            }
            for b in 0..=255u8 {
                if f.first.contains(b) {
                    by_first[usize::from(b) * words + word] |= bit;
                }
            }
            for len in f.min_len..=f.max_len.min(CELL_MAX_BYTES) {
                by_len[len * words + word] |= bit;
            }
        }
        Self {
            words,
            by_class,
            by_first,
            by_len,
        }
    }

    /// An all-clear bit set of the right size for [`CellFilters::candidates`].
    pub(crate) fn empty(&self) -> Vec<u64> {
        vec![0; self.words]
    }

    /// Narrows `out` (a bit set of patterns, e.g. a column's active ones) to the patterns
    /// whose filters let a (non-empty) cell with these bytes through, as
    /// [`CellFilter::may_match`] would one by one.
    pub(crate) fn candidates(&self, cell: &[u8], classes: Classes, out: &mut [u64]) {
        let (Some(&first), true) = (cell.first(), cell.len() <= CELL_MAX_BYTES) else {
            out.fill(0);
            return;
        };
        let words = self.words;
        fn at(table: &[u64], i: usize, words: usize) -> Option<&[u64]> {
            table.get(i * words..(i + 1) * words)
        }
        let mut narrow = |set: Option<&[u64]>| match set {
            Some(set) => out.iter_mut().zip(set).for_each(|(o, s)| *o &= s),
            None => out.fill(0),
        };
        narrow(at(&self.by_len, cell.len(), words));
        narrow(at(&self.by_first, usize::from(first), words));
        let mut bits = classes.0;
        while bits != 0 {
            narrow(at(&self.by_class, bits.trailing_zeros() as usize, words));
            bits &= bits - 1;
        }
    }
}

/// Required sets kept per pattern: the rarest few carry nearly all the filtering.
const MAX_REQUIRED: usize = 3;

/// What any match found inside a text needs: at least one byte of each of a few sets, a
/// run of at least so many consecutive ASCII digits (identifier patterns such as
/// `[0-9]{11}`), and a run of so many consecutive ASCII letters or digits (codes such as
/// `[A-Z]{6}[0-9]{2}...`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TextFilter {
    /// Each a set of classes of which the text needs a byte.
    required: [Option<Classes>; MAX_REQUIRED],
    digit_run: usize,
    alnum_run: usize,
}

/// What the filters look at in a text, computed once per text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TextShape {
    /// The classes of every byte of the text.
    pub(crate) classes: Classes,
    /// The longest run of consecutive ASCII digits.
    pub(crate) digit_run: usize,
    /// The longest run of consecutive ASCII letters and digits.
    pub(crate) alnum_run: usize,
}

impl TextShape {
    pub(crate) fn of(text: &[u8]) -> TextShape {
        let mut classes = 0u32;
        let (mut digits, mut longest_digits) = (0, 0);
        let (mut alnum, mut longest_alnum) = (0, 0);
        for &b in text {
            let class = BYTE_CLASS[usize::from(b)];
            classes |= 1 << class;
            // Branch-free counting: a run grows by one or falls to zero.
            digits = (digits + 1) * usize::from(class == 0);
            alnum = (alnum + 1) * usize::from(ALNUM_CLASSES >> class & 1 == 1);
            longest_digits = longest_digits.max(digits);
            longest_alnum = longest_alnum.max(alnum);
        }
        TextShape {
            classes: Classes(classes),
            digit_run: longest_digits,
            alnum_run: longest_alnum,
        }
    }
}

impl TextFilter {
    /// Whether a text of this shape could hold a match.
    pub(crate) fn may_match(&self, shape: TextShape) -> bool {
        shape.digit_run >= self.digit_run
            && shape.alnum_run >= self.alnum_run
            && self
                .required
                .iter()
                .flatten()
                .all(|r| r.intersects(shape.classes))
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
        alphabet: Classes::covering(alphabet(&hir)),
        first: starts(&hir).0,
    }
}

/// The filter of a pattern searched inside text.
pub(crate) fn text_filter(pattern: &str, case_insensitive: bool) -> TextFilter {
    let mut filter = TextFilter {
        required: [None; MAX_REQUIRED],
        digit_run: 0,
        alnum_run: 0,
    };
    if let Some(h) = parse(pattern, case_insensitive) {
        for (slot, set) in filter.required.iter_mut().zip(required(&h)) {
            *slot = Some(Classes::covering(set));
        }
        filter.digit_run = class_run(&h, ByteSet::DIGITS).inner;
        filter.alnum_run = class_run(&h, ByteSet::ALNUM).inner;
    }
    filter
}

/// The bytes a match of a pattern searched inside text can begin with (every byte when
/// the pattern cannot be analysed): a search for it need only start at those bytes.
pub(crate) fn first_bytes(pattern: &str, case_insensitive: bool) -> ByteSet {
    parse(pattern, case_insensitive).map_or(ByteSet([u64::MAX; 4]), |h| starts(&h).0)
}

/// The bytes a match of a piece of pattern can begin with, and whether it can match
/// nothing (then what follows the piece can begin the match too).
fn starts(hir: &Hir) -> (ByteSet, bool) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => (ByteSet::default(), true),
        HirKind::Literal(l) => match l.0.first() {
            Some(&b) => (ByteSet::of(&[b]), false),
            None => (ByteSet::default(), true),
        },
        HirKind::Class(c) => (class_bytes(c), false),
        HirKind::Repetition(r) => {
            let (set, empty) = starts(&r.sub);
            (set, empty || r.min == 0)
        }
        HirKind::Capture(c) => starts(&c.sub),
        HirKind::Concat(items) => {
            let mut set = ByteSet::default();
            for item in items {
                let (s, empty) = starts(item);
                set = set.union(s);
                if !empty {
                    return (set, false);
                }
            }
            (set, true)
        }
        HirKind::Alternation(items) => items
            .iter()
            .map(starts)
            .fold((ByteSet::default(), false), |(set, empty), (s, e)| {
                (set.union(s), empty || e)
            }),
    }
}

/// Guaranteed runs of bytes of one class (ASCII digits, say) in every match of a piece of
/// pattern.
#[derive(Debug, Clone, Copy)]
struct Runs {
    /// Whether every byte the piece matches is in the class.
    all_in_class: bool,
    /// The fewest bytes it matches (meaningful when `all_in_class`).
    min_len: usize,
    /// The longest run of the class every match holds inside the piece.
    inner: usize,
}

fn class_run(hir: &Hir, class: ByteSet) -> Runs {
    let run = |h: &Hir| class_run(h, class);
    let in_class = |h: &Hir| alphabet(h).is_subset(class);
    let min_len = |h: &Hir| h.properties().minimum_len().unwrap_or(0);
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Runs {
            all_in_class: true,
            min_len: 0,
            inner: 0,
        },
        HirKind::Literal(_) | HirKind::Class(_) => {
            let all = in_class(hir);
            let len = min_len(hir);
            Runs {
                all_in_class: all,
                min_len: len,
                inner: if all { len } else { 0 },
            }
        }
        HirKind::Repetition(r) => {
            let sub = run(&r.sub);
            if sub.all_in_class {
                let len = sub.min_len.saturating_mul(r.min as usize);
                Runs {
                    all_in_class: true,
                    min_len: len,
                    inner: len,
                }
            } else {
                Runs {
                    all_in_class: false,
                    min_len: 0,
                    inner: if r.min >= 1 { sub.inner } else { 0 },
                }
            }
        }
        HirKind::Capture(c) => run(&c.sub),
        HirKind::Concat(items) => {
            // Consecutive pieces all in the class add up; any other piece ends the run (it
            // may match a byte outside the class, or nothing).
            let (mut length, mut best, mut all) = (0usize, 0usize, true);
            for item in items {
                let r = run(item);
                if r.all_in_class {
                    length = length.saturating_add(r.min_len);
                } else {
                    all = false;
                    best = best.max(length).max(r.inner);
                    length = 0;
                }
            }
            best = best.max(length);
            Runs {
                all_in_class: all,
                min_len: if all { length } else { 0 },
                inner: best,
            }
        }
        HirKind::Alternation(items) => {
            let runs: Vec<Runs> = items.iter().map(run).collect();
            let all = runs.iter().all(|r| r.all_in_class);
            Runs {
                all_in_class: all,
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

/// Sets of bytes of each of which every match holds at least one, the rarest first (at
/// most [`MAX_REQUIRED`]); empty when a match can be empty or nothing is certain.
fn required(hir: &Hir) -> Vec<ByteSet> {
    let mut sets = match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Vec::new(),
        HirKind::Literal(l) => l.0.iter().map(|&b| ByteSet::of(&[b])).collect(),
        HirKind::Class(c) => vec![class_bytes(c)],
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Repetition(_) => Vec::new(),
        HirKind::Capture(c) => required(&c.sub),
        // Every part matches, so every part's requirements hold.
        HirKind::Concat(items) => items.iter().flat_map(required).collect(),
        // One branch matches: the union of each branch's rarest requirement, if every
        // branch has one.
        HirKind::Alternation(items) => items
            .iter()
            .map(|h| required(h).first().copied())
            .try_fold(ByteSet::default(), |acc, s| s.map(|s| acc.union(s)))
            .into_iter()
            .collect(),
    };
    sets.sort_by_key(|s| s.commonness());
    // A set that holds a rarer kept set adds nothing: any text meeting the rarer meets it.
    let mut kept: Vec<ByteSet> = Vec::with_capacity(MAX_REQUIRED);
    for set in sets {
        if kept.len() == MAX_REQUIRED {
            break;
        }
        if !kept.iter().any(|k| k.is_subset(set)) {
            kept.push(set);
        }
    }
    kept
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
        first: ByteSet,
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
                            first: first_bytes(&p, ci),
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
        assert!(email.may_match(b"ada@x.org", Classes::of(b"ada@x.org")));
        assert!(!email.may_match(b"ada x.org", Classes::of(b"ada x.org")));
        assert!(!email.may_match(b"a@b", Classes::of(b"a@b")));
        let name = cell_filter("[A-Z][a-z]+ [A-Z][a-z]+", false);
        assert!(name.may_match(b"Ada Byron", Classes::of(b"Ada Byron")));
        assert!(!name.may_match(b"the boiler", Classes::of(b"the boiler")));
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
        let url = text_filter(r"https?://[a-z]+\.com/[a-z]+", false);
        assert!(!url.may_match(TextShape::of(b"the page of the shop, http and com")));
        assert!(url.may_match(TextShape::of(b"see https://x.com/ada now")));
        let name = text_filter(r"\p{Lu}[\p{Ll}]+(?: \p{Lu}[\p{Ll}]+){1,2}", false);
        assert!(!name.may_match(TextShape::of(b"the resident called about the boiler")));
        assert!(name.may_match(TextShape::of(b"the resident Ada Lovelace called")));
        assert!(name.may_match(TextShape::of("l'\u{c9}lodie \u{c9}mile".as_bytes())));
        let code = text_filter("[A-Za-z]{6}[0-9]{2}[A-Za-z]", false);
        assert_eq!(code.alnum_run, 9);
        assert!(!code.may_match(TextShape::of(b"abcdef 12 x")));
        assert!(code.may_match(TextShape::of(b"id RSSMRA85T")));
        let ci = cell_filter("ab", true);
        assert!(ci.may_match(b"AB", Classes::of(b"AB")));
    }

    #[test]
    fn first_bytes_of_a_pattern() {
        let set = |p: &str, ci: bool| {
            let f = first_bytes(p, ci);
            (0..=255u8).filter(|&b| f.contains(b)).collect::<Vec<u8>>()
        };
        assert_eq!(set(r"\(?0[1-9]", false), b"(0");
        assert_eq!(set("ab|cd", true), b"ACac");
        assert_eq!(set("x?y*z", false), b"xyz");
        assert_eq!(set(r"\bK[0-9]", false), b"K");
        assert_eq!(set("(?:19|20)?[0-9]{6}", false), b"0123456789");
        // Nothing required: only empty matches start elsewhere, and those are never spans.
        assert_eq!(set("a*", false), b"a");
        let non_ascii = set(r"\p{Lu}x", false);
        assert!(non_ascii.contains(&b'A') && non_ascii.contains(&0xc3));
        assert!(!non_ascii.contains(&b'a'));
        assert_eq!(
            set("(", false).len(),
            256,
            "an unparsable pattern begins anywhere"
        );
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
            let bytes = Classes::of(s.as_bytes());
            let shape = TextShape::of(s.as_bytes());
            for c in builtin_patterns() {
                if c.whole.is_match(&s) {
                    prop_assert!(
                        c.cell.may_match(s.as_bytes(), bytes),
                        "cell filter of {} refused {:?}", c.pattern, s
                    );
                }
                if c.inside.is_match(&s) {
                    prop_assert!(
                        c.text.may_match(shape),
                        "text filter of {} refused {:?}", c.pattern, s
                    );
                }
                for m in c.inside.find_iter(&s).filter(|m| !m.is_empty()) {
                    prop_assert!(
                        c.first.contains(s.as_bytes()[m.start()]),
                        "{} matched {:?} from a byte outside its first bytes", c.pattern, m.as_str()
                    );
                }
            }
        }

        /// The inside-out index lets through exactly the patterns whose filters would,
        /// within the patterns asked about.
        #[test]
        fn filter_index_is_the_filters_at_once(s in candidate(), asked in any::<u128>()) {
            prop_assume!(!s.is_empty());
            let filters: Vec<CellFilter> = builtin_patterns().iter().map(|c| c.cell).collect();
            let index = CellFilters::new(&filters);
            let mut out = index.empty();
            for (w, word) in out.iter_mut().enumerate() {
                *word = (asked >> (64 * (w % 2))) as u64;
            }
            let before = out.clone();
            index.candidates(s.as_bytes(), Classes::of(s.as_bytes()), &mut out);
            for (p, f) in filters.iter().enumerate() {
                let was_asked = before[p / 64] & (1 << (p % 64)) != 0;
                let expected = was_asked
                    && s.len() <= CELL_MAX_BYTES
                    && f.may_match(s.as_bytes(), Classes::of(s.as_bytes()));
                prop_assert_eq!(out[p / 64] & (1 << (p % 64)) != 0, expected, "pattern {}", p);
            }
        }
    }
}
