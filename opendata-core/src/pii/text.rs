//! Free text: spans of personal data with byte and char offsets.

use std::collections::HashMap;
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::Arc;

use super::anchored::{matching_here, Hits};
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::meta;
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input};
use serde::{Deserialize, Serialize};

use super::mask::mask;
use super::names::{
    ends_a_name, fold, fold_char, introduction_len, is_first_name, is_initial, title_prefix_len,
};
use super::prefilter::TextShape;
use super::rules::{CompiledRule, Deferred, RuleSet};
use super::validators::Validator;
use super::ScanOptions;

/// One piece of personal data found in a text. Offsets are half-open; the raw value is not
/// included (the caller has the text), only a masked form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Span {
    /// The entity found, e.g. `EMAIL_ADDRESS`.
    pub entity: String,
    /// The id of the rule that found it.
    pub rule_id: String,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
    /// Offset in Unicode scalar values (Python `str` indices) of the first character.
    pub char_start: usize,
    /// Offset in Unicode scalar values just past the last character.
    pub char_end: usize,
    /// Confidence in 0..=1 (the rule's, raised by context words).
    pub confidence: f64,
    /// Whether a context word of the rule stood near the span.
    pub context: bool,
    /// The value masked (`j***@example.org`).
    pub masked: String,
}

/// A candidate before overlap resolution, byte offsets only.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawSpan {
    pub rule: usize,
    pub start: usize,
    pub end: usize,
    pub confidence: f64,
    pub context: bool,
}

/// How far before and after a match context words are looked for, in bytes.
const CONTEXT_BEFORE: usize = 48;
const CONTEXT_AFTER: usize = 24;

fn char_before(text: &str, at: usize) -> Option<(char, usize)> {
    text.get(..at)?
        .char_indices()
        .next_back()
        .map(|(i, c)| (c, i))
}

fn char_after(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

/// Whether a match runs on into a longer token (`123x` or `123-ab`), which makes it part
/// of something else: an id, a UUID, a product code, a file name. Its start needs no
/// test: matches are only searched from places a span may start (see `glues`).
fn glued_to_next(text: &str, end: usize) -> bool {
    let Some(c) = char_after(text, end) else {
        return false;
    };
    c.is_alphanumeric()
        || (matches!(c, '-' | '_' | '.' | '/' | '@')
            && char_after(text, end + c.len_utf8()).is_some_and(char::is_alphanumeric))
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i.min(text.len())
}

/// The longest match a free-text pattern reports, in bytes. Each search from a place a
/// span may start reads at most this far, which keeps a scan linear in the length of the
/// text whatever the patterns (an e-mail address is at most 254 bytes).
pub const MAX_SPAN_BYTES: usize = 512;

/// What a scan of many texts reuses from one text to the next.
#[derive(Debug, Clone)]
pub(crate) struct TextScratch {
    /// The patterns of the text set that match at one place.
    matched: Hits,
    /// The text set's lazy-DFA states; made on first use, as the set is built then.
    cache: Option<Cache>,
    /// For each pattern of the text set, where its next match may start: like a regex's
    /// `find_iter`, one pattern's matches do not overlap.
    resume: Vec<usize>,
    /// For each pattern of the text set, the search state of its own regex, made on first
    /// use. A regex keeps such states in a pool shared by every clone of the rule set, and
    /// a second thread scanning at the same time took them under a lock, match after match.
    regex_caches: Vec<Option<meta::Cache>>,
    /// The same for the regex that tells whether prose holds any match at all.
    any_cache: Option<meta::Cache>,
    /// The words around a candidate, for its rule's context words, and the context words
    /// found in them: rules matching the same place share them.
    window: Window,
}

/// The context window of one candidate place and the context words it holds.
#[derive(Debug, Clone)]
struct Window {
    /// The candidate's place (start, end) the window was made for.
    made_for: Option<(usize, usize)>,
    text: String,
    /// For each context word, the number of the window it was last found in.
    found_in: Vec<u32>,
    number: u32,
}

impl Window {
    fn new(words: usize) -> Self {
        Self {
            made_for: None,
            text: String::new(),
            found_in: vec![0; words],
            number: 0,
        }
    }

    /// Makes the window of the match at `start..end` of `text`, unless it is made already.
    fn make(&mut self, text: &str, start: usize, end: usize, words: &ContextWords) {
        if self.made_for == Some((start, end)) {
            return;
        }
        self.made_for = Some((start, end));
        context_window(text, start, end, &mut self.text);
        self.number = self.number.wrapping_add(1);
        if self.number == 0 {
            self.found_in.fill(0);
            self.number = 1;
        }
        // The window is words joined by single spaces: a byte split, no searcher set-up.
        let mut rest = self.text.split_ascii_whitespace();
        while let Some(word) = rest.next() {
            for (index, after) in words.by_first.get(word).map_or(&[][..], Vec::as_slice) {
                let mut following = rest.clone();
                if after.iter().all(|a| following.next() == Some(&**a)) {
                    if let Some(n) = self.found_in.get_mut(*index) {
                        *n = self.number;
                    }
                }
            }
        }
    }

    /// Whether the window holds one of these context words.
    fn has_any(&self, words: &[usize]) -> bool {
        words
            .iter()
            .any(|&w| self.found_in.get(w) == Some(&self.number))
    }
}

/// Every rule's context words (a word or a phrase of words, normalised), looked up word
/// by word in a context window.
#[derive(Debug, Clone, Default)]
pub(crate) struct ContextWords {
    /// By first word: the index of each context word starting with it, and its other words.
    by_first: HashMap<Box<str>, Vec<Phrase>, ahash::RandomState>,
    len: usize,
}

/// The index of a context word and the words of it after the first.
type Phrase = (usize, Box<[Box<str>]>);

impl ContextWords {
    /// The index of a context word (normalised: words joined by one space), added when it
    /// is new.
    pub(crate) fn index_of(&mut self, phrase: &str) -> usize {
        let mut parts = phrase.split(' ');
        let first = parts.next().unwrap_or_default();
        let after: Box<[Box<str>]> = parts.map(Into::into).collect();
        let phrases = self.by_first.entry(first.into()).or_default();
        if let Some((index, _)) = phrases.iter().find(|(_, a)| *a == after) {
            return *index;
        }
        let index = self.len;
        self.len += 1;
        phrases.push((index, after));
        index
    }

    /// How many distinct context words there are.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Whether `word` (lowercase ASCII) is a context word of one word (`dob`, `nhs`).
    fn has_word(&self, word: &str) -> bool {
        self.by_first
            .get(word)
            .is_some_and(|phrases| phrases.iter().any(|(_, after)| after.is_empty()))
    }
}

impl TextScratch {
    pub(crate) fn new(rules: &RuleSet) -> Self {
        Self::with_sizes(rules.text_owner.len(), rules.context_words.len())
    }

    /// Scratch for rules with this many free-text patterns and context words.
    fn with_sizes(patterns: usize, words: usize) -> Self {
        Self {
            matched: Hits::new(patterns),
            cache: None,
            resume: vec![0; patterns],
            regex_caches: std::iter::repeat_with(|| None).take(patterns).collect(),
            any_cache: None,
            window: Window::new(words),
        }
    }

    /// Candidates with overlaps resolved: the most confident (then the one with its own
    /// context word, then the one whose check a random match passes least often, then the
    /// longest, then the first) wins.
    pub(crate) fn resolve(
        &mut self,
        text: &str,
        rules: &RuleSet,
        options: &ScanOptions,
    ) -> Vec<RawSpan> {
        let mut all = self.candidates(text, rules, options);
        if all.len() < 2 {
            return all;
        }
        // At equal confidence a context word is evidence a checksum is not: `CPR 160467-9992`
        // is the Danish number, though it also passes the Finnish check character. Then the
        // stronger check wins: a 10-digit run that passes the NHS mod-11 check and also
        // reads as a phone number is the NHS number.
        let chance = |span: &RawSpan| {
            rules
                .rules
                .get(span.rule)
                .and_then(|r| r.validator)
                .map_or(1.0, Validator::chance_pass)
        };
        all.sort_by(|a, b| {
            b.confidence
                .total_cmp(&a.confidence)
                .then(b.context.cmp(&a.context))
                .then(chance(a).total_cmp(&chance(b)))
                .then((b.end - b.start).cmp(&(a.end - a.start)))
                .then(a.start.cmp(&b.start))
                .then(a.rule.cmp(&b.rule))
        });
        // Accepted spans, sorted by start and non-overlapping, so checking the neighbours
        // of a candidate's place suffices. Texts hold few candidates.
        let mut accepted: Vec<RawSpan> = Vec::with_capacity(all.len());
        for c in all {
            let at = accepted.partition_point(|p| p.start <= c.start);
            let before_ok = at == 0 || accepted.get(at - 1).is_some_and(|p| p.end <= c.start);
            let after_ok = accepted.get(at).is_none_or(|n| n.start >= c.end);
            if before_ok && after_ok {
                accepted.insert(at, c);
            }
        }
        accepted
    }

    /// Candidates of every text-scope rule, validated, context-weighed, overlaps not yet
    /// resolved.
    ///
    /// A span never starts inside a word or a code (`glues`), so the patterns are searched
    /// anchored at the places one may start: the start of each word, number or code whose
    /// first byte can begin a match. One search with every pattern at once tells which
    /// match there, and only those are searched alone for where their match ends. An
    /// unanchored search per pattern would read the whole text once for each of them.
    fn candidates(&mut self, text: &str, rules: &RuleSet, options: &ScanOptions) -> Vec<RawSpan> {
        let mut out = Vec::new();
        // One pass over the text gives its byte classes and runs, which turn most prose
        // away.
        let shape = TextShape::of(text.as_bytes());
        if !rules.text_filters.iter().any(|f| f.may_match(shape)) {
            return out;
        }
        // Prose: one unanchored pass with every pattern, in a few cached lazy-DFA states,
        // usually finds none. Text with digits wakes many identifier patterns at once and
        // nearly always holds a match, so it goes straight to the places a span may start.
        if shape.digit_run == 0 {
            if let Some(any) = rules.text_any.get() {
                let any_cache = self.any_cache.get_or_insert_with(|| any.create_cache());
                if !any.is_match_with(any_cache, &Input::new(text)) {
                    return out;
                }
            }
        }
        let set = rules.text_set.get();
        let Self {
            matched,
            cache,
            resume,
            regex_caches,
            window,
            ..
        } = self;
        if cache.is_none() {
            *cache = set.map(DFA::create_cache);
        }
        window.made_for = None;
        resume.fill(0);
        let bytes = text.as_bytes();
        // The character before `start`, and whether the one before it is a letter or digit.
        let (mut before, mut before_that_alnum): (Option<char>, bool) = (None, false);
        let mut next = 0;
        while let Some(&first) = bytes.get(next) {
            // Inside a run of ASCII letters and digits no span starts (each byte is glued
            // to the one before): the run is passed in one tight loop, not byte by byte.
            if first.is_ascii_alphanumeric() && before.is_some_and(|b| b.is_ascii_alphanumeric()) {
                let rest = bytes.get(next..).unwrap_or_default();
                next += rest
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .unwrap_or(rest.len());
                before = bytes.get(next.saturating_sub(1)).map(|&b| char::from(b));
                before_that_alnum = true;
                continue;
            }
            let start = next;
            // Most text is ASCII: those bytes need no char decoding.
            let c = if first.is_ascii() {
                char::from(first)
            } else {
                text.get(start..)
                    .and_then(|t| t.chars().next())
                    .unwrap_or(' ')
            };
            next += c.len_utf8();
            let previous = before;
            // The digits after a `+` start no span of their own: the number is tried whole
            // from its `+`, and what it fails as (`+47 09 84 28 14`) its tail is not.
            let glued = previous.is_some_and(|b| glues(b, before_that_alnum))
                || (previous == Some('+') && first.is_ascii_digit());
            before_that_alnum = previous.is_some_and(char::is_alphanumeric);
            before = Some(c);
            if !rules.text_first.contains(first)
                || (glued
                    && !(previous == Some(':') && after_label(text, start, &rules.context_words)))
            {
                continue;
            }
            let from_here = Input::new(text)
                .range(start..text.len().min(start + MAX_SPAN_BYTES))
                .anchored(Anchored::Yes);
            let mut try_pattern = |pattern: usize| {
                if resume.get(pattern).is_none_or(|&r| r > start) {
                    return;
                }
                let Some(&(rule_index, pattern_index)) = rules.text_owner.get(pattern) else {
                    return;
                };
                let Some(rule) = rules.rules.get(rule_index) else {
                    return;
                };
                let Some(regex) = rule.text_regexes.get(pattern_index).and_then(Deferred::get)
                else {
                    return;
                };
                let Some(regex_cache) = regex_caches.get_mut(pattern) else {
                    return;
                };
                let regex_cache = regex_cache.get_or_insert_with(|| regex.create_cache());
                let Some(end) = regex
                    .search_half_with(regex_cache, &from_here)
                    .map(|m| m.offset())
                else {
                    return;
                };
                // Where the span starts: a name's title is checked with it (`Mrs Szczepańska`
                // is a name though the lists lack `Szczepańska`) but is not part of it.
                let mut name_start = start;
                if rule.validator == Some(Validator::PersonName) {
                    let found = text.get(start..end).unwrap_or("");
                    // An introduction (`My name is`) stands where a title would.
                    let titles = introduction_len(found)
                        .map_or_else(|| title_prefix_len(found), |(len, _)| len);
                    // Otherwise a name starts at a known first name: in "Hello Maria Rossi"
                    // the match from "Hello" is passed over, the one from "Maria" kept.
                    // An initial stands for a first name (`J. Smith`); the validator then
                    // wants a listed surname.
                    let first_word = found.split(' ').next().unwrap_or("");
                    let first = fold(first_word);
                    // A double first name counts by either part (`Jean-Luc`, `Heinz-Peter`).
                    if titles == 0
                        && !is_initial(first_word)
                        && !first.split('-').any(is_first_name)
                    {
                        return;
                    }
                    name_start += titles;
                }
                // The title is context for the name it stands before (`Dear`, `Mrs`).
                let place = Place {
                    start,
                    end,
                    context_from: name_start,
                };
                let earlier = Earlier(&out);
                if let Some(mut span) =
                    judge(text, rule_index, place, earlier, rules, options, window)
                {
                    span.start = name_start;
                    out.push(span);
                    if let Some(r) = resume.get_mut(pattern) {
                        *r = span.end;
                    }
                }
            };
            let searched = match (set, cache.as_mut()) {
                (Some(set), Some(cache)) => {
                    matched.start();
                    matching_here(set, cache, &from_here, matched)
                }
                _ => false,
            };
            if searched {
                for &pattern in &matched.list {
                    try_pattern(pattern);
                }
            } else {
                // Without the set (it failed to build, or gave up here), every pattern the
                // text's shape allows is tried.
                for (pattern, filter) in rules.text_filters.iter().enumerate() {
                    if filter.may_match(shape) {
                        try_pattern(pattern);
                    }
                }
            }
        }
        out
    }
}

type MakeScratch = Box<dyn Fn() -> TextScratch + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// Scratch spaces kept between calls of `scan_text`: one per thread scanning at a time,
/// so a call does not build its lazy-DFA states anew. `regex-automata`'s pool, which the
/// regex engines keep their own caches in: its first thread takes its scratch without a
/// lock, and other threads share stacks by thread id, so two threads scanning cell after
/// cell rarely wait on one another.
#[derive(Debug, Clone)]
pub(crate) struct ScratchPool(Arc<Pool<TextScratch, MakeScratch>>);

impl ScratchPool {
    /// A pool for rules with this many free-text patterns and context words.
    pub(crate) fn new(patterns: usize, words: usize) -> Self {
        Self(Arc::new(Pool::new(Box::new(move || {
            TextScratch::with_sizes(patterns, words)
        }))))
    }
}

/// Candidates with overlaps resolved, with a scratch space from the rule set's pool.
pub(crate) fn resolve_pooled(text: &str, rules: &RuleSet, options: &ScanOptions) -> Vec<RawSpan> {
    rules.text_scratch.0.get().resolve(text, rules, options)
}

/// For each ASCII byte, whether it glues a token to a word right before it (`x-123`,
/// `ab.42`, and the digits after a bracketed trunk 0: `(0)292018165` is no number of its
/// own).
const GLUE: [bool; 128] = crate::table::types::byte_set(b"-_./@:#=)");

/// Whether a character glues what follows it to the word before (`before_that_alnum`
/// says whether that character is preceded by a letter or digit): a span never starts
/// inside a word or code (`x123`, `ab-123`).
fn glues(c: char, before_that_alnum: bool) -> bool {
    c.is_alphanumeric() || (before_that_alnum && GLUE.get(c as usize).is_some_and(|&g| g))
}

/// URI schemes whose value is a contact (`mailto:a@x.org`, `tel:+44...`), and the labels
/// written the same way (`email:a@x.org`, `e-mail:`, whose `mail` stands as a word): the
/// colon after them does not glue the address or number to the word before it.
const CONTACT_SCHEMES: [&str; 6] = ["mailto", "tel", "sms", "callto", "email", "mail"];

/// Whether `text[..at]` ends in a label and its colon: a contact scheme (`mailto:`), or a
/// context word of some rule (`DOB:`, `NHS:`), standing as a word of its own (not the end
/// of `hotel:`). Such a colon does not glue what follows to the label.
#[cold]
#[inline(never)]
fn after_label(text: &str, at: usize, context_words: &ContextWords) -> bool {
    let Some(before) = text.get(..at.saturating_sub(1)) else {
        return false;
    };
    // The label's letters, back to the space or punctuation before it (a short word).
    let word_start = before
        .bytes()
        .rev()
        .take(16)
        .position(|b| !b.is_ascii_alphabetic())
        .map_or(before.len().saturating_sub(16), |n| before.len() - n);
    let word = &before[word_start..];
    let standalone = !before[..word_start]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    standalone
        && !word.is_empty()
        && word.len() < 16
        && (CONTACT_SCHEMES
            .iter()
            .any(|scheme| word.eq_ignore_ascii_case(scheme))
            || context_words.has_word(&word.to_ascii_lowercase()))
}

/// Where a rule matched: `start..end`, and where the words around it begin to count as
/// its context (after a name's title, which is context itself).
#[derive(Debug, Clone, Copy)]
struct Place {
    start: usize,
    end: usize,
    context_from: usize,
}

/// A match of a rule at `place` weighed: `None` when it runs on into a longer token,
/// fails the rule's validator, sits in a negative context, lacks a context the rule needs
/// or falls under the confidence threshold.
fn judge(
    text: &str,
    rule_index: usize,
    place: Place,
    earlier: Earlier,
    rules: &RuleSet,
    options: &ScanOptions,
    window: &mut Window,
) -> Option<RawSpan> {
    let Place {
        start,
        end,
        context_from,
    } = place;
    let rule = rules.rules.get(rule_index)?;
    if start == end || (rule.validator.is_none() && glued_to_next(text, end)) {
        return None;
    }
    let mut end = end;
    let mut value = text.get(start..end)?;
    if let Some(validator) = rule.validator {
        // A match that ran a group too far fails its check or ends inside a word
        // (`gb82 west 1234 5698 7654 32 noted`: the last short group took `not`), so it is
        // checked again without its last space-separated group, twice at most. A match is
        // greedy; what it took first is tried first.
        let mut shortened = 0;
        while glued_to_next(text, end) || !validator.check(value) {
            shortened += 1;
            let cut =
                memchr::memrchr(b' ', value.as_bytes()).filter(|&cut| cut > 0 && shortened <= 2)?;
            // A name loses only a sentence word it ran into (`Jane Smith Monday`): losing
            // any other word would make `Isaac Newton Academy` a person.
            if validator == Validator::PersonName && !ends_a_name(value.get(cut + 1..)?) {
                return None;
            }
            end = start + cut;
            value = &value[..cut];
        }
    }
    if !rule.negative_context.is_empty() || !rule.context.is_empty() {
        window.make(text, context_from, end, &rules.context_words);
    }
    if window.has_any(&rule.negative_context) {
        return None;
    }
    let context = window.has_any(&rule.context)
        || (rule.rule.requires_context && earlier.lists_before(text, start, rules, rule));
    if rule.rule.requires_context && !context {
        return None;
    }
    let base = rule.rule.confidence;
    let confidence = if context {
        base + (1.0 - base) * 0.6
    } else {
        base
    };
    (confidence >= options.text_min_confidence).then_some(RawSpan {
        rule: rule_index,
        start,
        end,
        confidence,
        context,
    })
}

/// The candidates found before the one being judged, in the order they start.
#[derive(Clone, Copy)]
struct Earlier<'a>(&'a [RawSpan]);

/// Words that join the last two items of a list (`A. Jones and B. Smith`).
const LIST_JOINERS: [&str; 10] = ["and", "&", "und", "et", "en", "og", "och", "y", "e", "ja"];

impl Earlier<'_> {
    /// Whether the span starting at `start` is the next item of a list whose item before
    /// it stands on its own: `Present: A. Jones (Chair), B. Williams and C. Evans` names
    /// three people, though the commas end the clause `Present` stands in.
    fn lists_before(self, text: &str, start: usize, rules: &RuleSet, rule: &CompiledRule) -> bool {
        let Some(previous) = self.0.iter().rev().find(|s| s.end <= start) else {
            return false;
        };
        // The item before stands on its own: found with its context, or by a rule that
        // needs none (`Mary Jones, B. Williams`).
        let stands = rules.rules.get(previous.rule).is_some_and(|p| {
            p.rule.entity == rule.rule.entity && (previous.context || !p.rule.requires_context)
        });
        if !stands {
            return false;
        }
        let Some(mut gap) = text.get(previous.end..start).map(str::trim_start) else {
            return false;
        };
        // A role in brackets after the item: `(Chair)`.
        if let Some(rest) = gap.strip_prefix('(') {
            match rest.find(')') {
                Some(close) if close <= 40 => gap = rest[close + 1..].trim_start(),
                _ => return false,
            }
        }
        let gap = gap.trim_end();
        let joined = |g: &str| LIST_JOINERS.iter().any(|j| g.eq_ignore_ascii_case(j));
        match gap.strip_prefix([',', ';']).map(str::trim_start) {
            Some(after) => after.is_empty() || joined(after),
            None => joined(gap),
        }
    }
}

/// A byte that ends a clause for context purposes (dots are not: `D.O.B.`, `c.f.`).
fn clause_break(b: u8) -> bool {
    matches!(b, b',' | b';' | b'\n' | b'!' | b'?')
}

/// Writes into `window` the words within a few words of a span, normalised as a rule's
/// context words are, the words before it and after it parted by ` | ` so that no phrase
/// runs across the span.
fn context_window(text: &str, start: usize, end: usize, window: &mut String) {
    let ws = floor_boundary(text, start.saturating_sub(CONTEXT_BEFORE));
    let we = ceil_boundary(text, end.saturating_add(CONTEXT_AFTER));
    // Only the words around the match, not the match itself, are context, and only within
    // the same clause and sentence: "born 1985, invoice dated 2024" and "Born 1985. Order
    // shipped 2024" give "born" to the first date only.
    let before = uncut_words(text, ws, start);
    // Clause breaks are ASCII, so a byte search finds them without decoding characters.
    let before = before
        .bytes()
        .rposition(clause_break)
        .map_or(before, |i| &before[i + 1..]);
    let before = sentence_starts(before)
        .last()
        .map_or(before, |i| &before[i..]);
    let after = uncut_words(text, end, we);
    let after = after
        .bytes()
        .position(clause_break)
        .map_or(after, |i| &after[..i]);
    let after = sentence_starts(after)
        .next()
        .map_or(after, |i| &after[..i.saturating_sub(2)]);
    window.clear();
    window.push(' ');
    push_normalised(window, before);
    window.push_str(" | ");
    push_normalised(window, after);
    window.push(' ');
}

/// `text[from..to]` without a word the range cuts at either end: the "ries" or the "V" of
/// "Vries" would read as words of their own ("v" marks a version).
fn uncut_words(text: &str, from: usize, to: usize) -> &str {
    let words = text.get(from..to).unwrap_or("");
    let cut_at = |outside: Option<char>, inside: Option<char>| {
        outside.is_some_and(char::is_alphanumeric) && inside.is_some_and(char::is_alphanumeric)
    };
    let words = if cut_at(
        char_before(text, from).map(|(c, _)| c),
        words.chars().next(),
    ) {
        words
            .find(|c: char| !c.is_alphanumeric())
            .map_or("", |i| &words[i..])
    } else {
        words
    };
    if cut_at(char_after(text, to), words.chars().next_back()) {
        words
            .rfind(|c: char| !c.is_alphanumeric())
            .map_or("", |i| &words[..i])
    } else {
        words
    }
}

/// Where each sentence after the first begins in `s`: past a full stop and a space before
/// a capital letter. `D.O.B. 12/03/1985` has none, so the abbreviation stays context.
fn sentence_starts(s: &str) -> impl Iterator<Item = usize> + '_ {
    // A byte search: a window has few full stops, and a substring searcher's set-up costs
    // more than the window.
    memchr::memchr_iter(b'.', s.as_bytes())
        .filter(|&i| s.as_bytes().get(i + 1) == Some(&b' '))
        .map(|i| i + 2)
        .filter(|&i| {
            s.get(i..)
                .is_some_and(|r| r.starts_with(char::is_uppercase))
        })
}

/// Appends `normalise_header(s)` to `out` without the intermediate strings: camelCase
/// split, letters folded to lowercase ASCII, words of alphanumerics joined by one space.
fn push_normalised(out: &mut String, s: &str) {
    let mut words = Words {
        out,
        in_word: false,
        any_word: false,
    };
    let mut prev_lower = false;
    let mut folded = String::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // Context windows are mostly ASCII, which needs no Unicode tables.
        if b.is_ascii() {
            i += 1;
            if prev_lower && b.is_ascii_uppercase() {
                words.in_word = false;
            }
            prev_lower = b.is_ascii_lowercase() || b.is_ascii_digit();
            words.push_ascii(b.to_ascii_lowercase());
            continue;
        }
        let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        if prev_lower && c.is_uppercase() {
            // The space normalise_header inserts here ends the word.
            words.in_word = false;
        }
        prev_lower = c.is_lowercase();
        folded.clear();
        fold_char(c, &mut folded);
        folded.chars().for_each(|f| words.push(f));
    }
}

/// Letters and digits written as words joined by one space.
struct Words<'a> {
    out: &'a mut String,
    in_word: bool,
    any_word: bool,
}

impl Words<'_> {
    #[inline]
    fn push_ascii(&mut self, b: u8) {
        if b.is_ascii_alphanumeric() {
            if !self.in_word && self.any_word {
                self.out.push(' ');
            }
            self.out.push(char::from(b));
            self.in_word = true;
            self.any_word = true;
        } else {
            self.in_word = false;
        }
    }

    #[inline]
    fn push(&mut self, c: char) {
        if c.is_alphanumeric() {
            if !self.in_word && self.any_word {
                self.out.push(' ');
            }
            self.out.push(c);
            self.in_word = true;
            self.any_word = true;
        } else {
            self.in_word = false;
        }
    }
}

/// Finds personal data in free text: every span with its entity, offsets (bytes and
/// characters), confidence and rule id, overlaps resolved, sorted by position. A span
/// starts at a word, number or code (never inside one) and is at most
/// [`MAX_SPAN_BYTES`] long.
///
/// ```
/// use opendata_core::pii::{scan_text, RuleSet, ScanOptions};
/// let rules = RuleSet::builtin()?;
/// let text = "Write to jane.doe@example.org or call +44 20 7946 0018.";
/// let spans = scan_text(text, &rules, &ScanOptions::default());
/// let entities: Vec<&str> = spans.iter().map(|s| s.entity.as_str()).collect();
/// assert_eq!(entities, ["EMAIL_ADDRESS", "PHONE_NUMBER"]);
/// assert_eq!(&text[spans[0].start..spans[0].end], "jane.doe@example.org");
/// assert_eq!(spans[0].masked, "j***@example.org");
/// # Ok::<(), opendata_core::PiiError>(())
/// ```
pub fn scan_text(text: &str, rules: &RuleSet, options: &ScanOptions) -> Vec<Span> {
    let raw = resolve_pooled(text, rules, options);
    spans_of(text, raw, rules)
}

/// The public spans of resolved candidates, with char offsets and masked values.
fn spans_of(text: &str, raw: Vec<RawSpan>, rules: &RuleSet) -> Vec<Span> {
    let mut spans = Vec::with_capacity(raw.len());
    let (mut last_byte, mut last_char) = (0usize, 0usize);
    for r in raw {
        let Some(rule) = rules.rules.get(r.rule) else {
            continue;
        };
        let char_start = last_char
            + text
                .get(last_byte..r.start)
                .map_or(0, |s| s.chars().count());
        let value = text.get(r.start..r.end).unwrap_or("");
        let char_end = char_start + value.chars().count();
        last_byte = r.end;
        last_char = char_end;
        spans.push(Span {
            entity: rule.rule.entity.clone(),
            rule_id: rule.rule.id.clone(),
            start: r.start,
            end: r.end,
            char_start,
            char_end,
            confidence: (r.confidence * 1000.0).round() / 1000.0,
            context: r.context,
            masked: mask(&rule.rule.entity, value),
        });
    }
    spans
}

/// Texts a worker of [`scan_texts`] takes at a time.
const TEXTS_PER_BLOCK: usize = 64;

/// [`scan_text`] over many texts, one list of spans per text in the input's order; where
/// threads exist the texts are shared among the machine's cores, in blocks.
///
/// ```
/// use opendata_core::pii::{scan_texts, RuleSet, ScanOptions};
///
/// let rules = RuleSet::builtin()?;
/// let texts = ["Write to jane@example.org", "nothing here", "Call +44 20 7946 0958"];
/// let spans = scan_texts(&texts, &rules, &ScanOptions::default());
/// assert_eq!(spans.len(), 3);
/// assert_eq!(spans[0][0].entity, "EMAIL_ADDRESS");
/// assert!(spans[1].is_empty());
/// assert_eq!(spans[2][0].entity, "PHONE_NUMBER");
/// # Ok::<(), opendata_core::PiiError>(())
/// ```
pub fn scan_texts<T: AsRef<str> + Sync>(
    texts: &[T],
    rules: &RuleSet,
    options: &ScanOptions,
) -> Vec<Vec<Span>> {
    // A worker keeps one scratch space for all its texts, a copy of this thread's: the
    // lazy-DFA states a scratch has built cost as much as scanning thousands of texts, and
    // a thread the pool does not know would get a cold one.
    let scan_block = |block: &[T], scratch: &mut TextScratch| -> Vec<Vec<Span>> {
        block
            .iter()
            .map(|t| {
                let text = t.as_ref();
                spans_of(text, scratch.resolve(text, rules, options), rules)
            })
            .collect()
    };
    let threads = worker_threads().min(texts.len().div_ceil(TEXTS_PER_BLOCK));
    let mut own = rules.text_scratch.0.get();
    if threads < 2 {
        return scan_block(texts, &mut own);
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let blocks: Vec<&[T]> = texts.chunks(TEXTS_PER_BLOCK).collect();
    let work = |scratch: &mut TextScratch| {
        let mut out = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(block) = blocks.get(i) else {
                break;
            };
            out.push((i, scan_block(block, scratch)));
        }
        out
    };
    // This thread is one of the workers.
    let mut done: Vec<(usize, Vec<Vec<Span>>)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .map(|_| {
                let mut scratch = own.clone();
                scope.spawn(move || work(&mut scratch))
            })
            .collect();
        let mut done = work(&mut own);
        for h in helpers {
            done.extend(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        }
        done
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().flat_map(|(_, spans)| spans).collect()
}

#[cfg(not(target_arch = "wasm32"))]
fn worker_threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

#[cfg(target_arch = "wasm32")]
fn worker_threads() -> usize {
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_texts_give_the_spans_each_gives_alone_in_order() {
        let rules = RuleSet::builtin().unwrap();
        let options = ScanOptions::default();
        let kinds = [
            "Write to ann{i}@example.org today",
            "",
            "nothing here at all",
            "Call 07700 900{i:03} or write to GB82 WEST 1234 5698 7654 32",
            "Dear Maria Rossi, case {i} is closed",
        ];
        // More texts than one block, so the texts are shared among threads where they exist.
        let texts: Vec<String> = (0..TEXTS_PER_BLOCK * 5 + 3)
            .map(|i| {
                kinds[i % kinds.len()]
                    .replace("{i}", &i.to_string())
                    .replace("{i:03}", &format!("{:03}", i % 1000))
            })
            .collect();
        let alone: Vec<Vec<Span>> = texts
            .iter()
            .map(|t| scan_text(t, &rules, &options))
            .collect();
        let together = scan_texts(&texts, &rules, &options);
        assert_eq!(together, alone);
        assert_eq!(together[0][0].entity, "EMAIL_ADDRESS");
        assert!(together[1].is_empty() && together[2].is_empty());
        assert_eq!(together[3].len(), 2);
        assert!(scan_texts::<&str>(&[], &rules, &options).is_empty());
    }

    fn entities(text: &str) -> Vec<(String, String)> {
        let rules = RuleSet::builtin().unwrap();
        scan_text(text, &rules, &ScanOptions::default())
            .into_iter()
            .map(|s| (s.entity, text[s.start..s.end].to_owned()))
            .collect()
    }

    /// The names `scan_text` finds in `text`, in order.
    fn people(text: &str) -> Vec<String> {
        entities(text)
            .into_iter()
            .filter(|(e, _)| e == "PERSON")
            .map(|(_, v)| v)
            .collect()
    }

    #[test]
    fn finds_and_offsets() {
        let text = "Zoë’s e-mail: zoe@example.org, NI number AB 12 34 56 C.";
        let rules = RuleSet::builtin().unwrap();
        let spans = scan_text(text, &rules, &ScanOptions::default());
        let email = spans.iter().find(|s| s.entity == "EMAIL_ADDRESS").unwrap();
        assert_eq!(&text[email.start..email.end], "zoe@example.org");
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(
            chars[email.char_start..email.char_end]
                .iter()
                .collect::<String>(),
            "zoe@example.org"
        );
        assert!(
            email.char_start < email.start,
            "multi-byte chars before the span"
        );
        let nino = spans.iter().find(|s| s.entity == "UK_NINO").unwrap();
        assert_eq!(nino.masked, "AB ** ** ** C");
        assert!(nino.context);
    }

    #[test]
    fn context_is_required_where_asked_and_raises_confidence() {
        assert!(entities("Order 123456789 shipped").is_empty());
        assert_eq!(
            entities("her passport number is 123456789"),
            [("PASSPORT".to_owned(), "123456789".to_owned())]
        );
        let rules = RuleSet::builtin().unwrap();
        let o = ScanOptions::default();
        let plain = scan_text("reach me at jane@example.org", &rules, &o);
        let ctx = scan_text("email: jane@example.org", &rules, &o);
        assert!(ctx[0].confidence > plain[0].confidence || plain[0].confidence >= 0.95);
        let dob = entities("She was born on 12/03/1985 in Leeds.");
        assert!(
            dob.iter()
                .any(|(e, v)| e == "DATE_OF_BIRTH" && v == "12/03/1985"),
            "{dob:?}"
        );
        assert!(!entities("Invoice dated 12/03/2024.")
            .iter()
            .any(|(e, _)| e == "DATE_OF_BIRTH"));
    }

    #[test]
    fn overlaps_resolved() {
        // An IBAN contains digit runs that other rules could match; one span wins.
        let found = entities("Pay to GB82 WEST 1234 5698 7654 32 today");
        assert_eq!(
            found,
            [(
                "IBAN_CODE".to_owned(),
                "GB82 WEST 1234 5698 7654 32".to_owned()
            )]
        );
    }

    #[test]
    fn phone_numbers_in_text() {
        assert_eq!(
            entities("Call me on 01 29 52 92 65 after six."),
            [("PHONE_NUMBER".to_owned(), "01 29 52 92 65".to_owned())]
        );
        assert_eq!(
            entities("Ring 08-759 083 92 tomorrow"),
            [("PHONE_NUMBER".to_owned(), "08-759 083 92".to_owned())]
        );
        assert!(entities("Order shipped, ticket 0352557.").is_empty());
        assert!(entities("Call us about the invoice dated 01-12-2024.").is_empty());
    }

    #[test]
    fn the_digits_after_a_plus_start_no_span() {
        // Not a valid Norwegian number; its tail after the `+` read as a Danish one.
        let text = "Please ring +47 09 84 28 14 after lunch.";
        let rules = RuleSet::builtin().unwrap();
        let spans = scan_text(text, &rules, &ScanOptions::default());
        assert!(
            spans.iter().all(|s| !text[..s.start].ends_with('+')),
            "{spans:?}"
        );
        assert_eq!(
            entities("Ring +45 32 12 34 56 now."),
            [("PHONE_NUMBER".to_owned(), "+45 32 12 34 56".to_owned())]
        );
    }

    #[test]
    fn norwegian_mobiles_in_three_two_three_need_a_phone_word() {
        assert_eq!(
            entities("Ring mobil 412 34 567 today."),
            [("PHONE_NUMBER".to_owned(), "412 34 567".to_owned())]
        );
        assert!(entities("In 2019 we sold 412 34 567 units.").is_empty());
    }

    #[test]
    fn a_birth_date_with_a_two_digit_year_needs_a_birth_word() {
        assert_eq!(
            entities("DOB 1/2/80, NI No: AB123456C."),
            [
                ("DATE_OF_BIRTH".to_owned(), "1/2/80".to_owned()),
                ("UK_NINO".to_owned(), "AB123456C".to_owned())
            ]
        );
        assert!(entities("Release 1.2.80 shipped on 3/4/24.").is_empty());
    }

    #[test]
    fn e_mail_labels_and_internationalised_domains() {
        let email = |v: &str| ("EMAIL_ADDRESS".to_owned(), v.to_owned());
        assert_eq!(
            entities("Mail info@müller.de or email:x@y.io, E-Mail:ann@x.org; not hotmail:z@y.io."),
            [email("info@müller.de"), email("x@y.io"), email("ann@x.org")]
        );
    }

    #[test]
    fn a_list_carries_its_first_item_context_to_the_next_only() {
        assert_eq!(
            people("Present: A. Jones (Chair); B. Williams & C. Evans."),
            ["A. Jones", "B. Williams", "C. Evans"]
        );
        // A new sentence, or words between the items, end the list.
        assert_eq!(people("Signed by A. Jones. B. Smith ran."), ["A. Jones"]);
        assert_eq!(
            people("Signed by A. Jones, then B. Smith spaces."),
            ["A. Jones"]
        );
        // A bracket longer than a role is no role.
        let long = "Present: A. Jones (who chaired the whole of the long meeting today), B. Smith";
        assert_eq!(people(long), ["A. Jones"]);
    }

    #[test]
    fn names_in_capitals_when_the_lists_know_every_word() {
        assert_eq!(
            people("Complainant: JOHN SMITH, 12 HIGH STREET, LEEDS LS1 4AP"),
            ["JOHN SMITH"]
        );
        assert_eq!(people("RE: MR JOHN SMITH"), ["JOHN SMITH"]);
        assert!(people("PLEASE NOTE: CHRISTIAN AID, GREEN LANE, COUNCIL TAX").is_empty());
    }

    #[test]
    fn a_generic_identity_phrase_is_context_for_national_ids() {
        assert_eq!(
            entities("Identity number 563129487 verified."),
            [("NL_BSN".to_owned(), "563129487".to_owned())]
        );
        assert_eq!(
            entities("National identification number 94122224822."),
            [("PL_PESEL".to_owned(), "94122224822".to_owned())]
        );
        assert!(entities("Order ID 563129487 shipped.").is_empty());
    }

    #[test]
    fn context_words_and_phrases_are_found_whole() {
        let mut words = ContextWords::default();
        for (expected, word) in ["date of birth", "born", "dob"].into_iter().enumerate() {
            assert_eq!(words.index_of(word), expected);
        }
        assert_eq!(words.index_of("born"), 1);
        assert_eq!(words.len(), 3);
        let found = |text: &str, start: usize, end: usize| {
            let mut window = Window::new(words.len());
            window.make(text, start, end, &words);
            (0..3).filter(|&w| window.has_any(&[w])).collect::<Vec<_>>()
        };
        let text = "Date-of-Birth: 1974-05-23";
        assert_eq!(found(text, 15, 25), [0]);
        // A phrase cut by the span is not in its context; nor is a word inside a longer one.
        let text = "date of 1974-05-23 birth reborn";
        assert_eq!(found(text, 8, 18), Vec::<usize>::new());
        // Case, accents and camelCase are normalised as the rule's words are.
        let text = "BORN 1974-05-23 (DÖB)";
        assert_eq!(found(text, 5, 15), [1, 2]);
        let text = "yourDateOfBirth 1974-05-23";
        assert_eq!(found(text, 16, 26), [0]);
    }

    #[test]
    fn context_is_whole_words_of_the_same_sentence() {
        // The window's end cut "Vries" to "V", which read as the negative context word "v"
        // (for version numbers). The salutation makes the unlisted "Joost de Vries" a name.
        assert_eq!(
            entities("Login from 45.145.216.239 failed. Dear Joost de Vries"),
            [
                ("IP_ADDRESS".to_owned(), "45.145.216.239".to_owned()),
                ("PERSON".to_owned(), "Joost de Vries".to_owned())
            ]
        );
        let dob: Vec<String> =
            entities("Date of birth: 1974-05-23. Order 1234 shipped on 2024-03-01.")
                .into_iter()
                .filter(|(e, _)| e == "DATE_OF_BIRTH")
                .map(|(_, v)| v)
                .collect();
        assert_eq!(dob, ["1974-05-23"]);
        // A whole word at the window's very start is context; only a cut one is dropped.
        let filler = "in the small town of Leeds near the rivers ";
        let text = format!("xx born {filler}12/03/1985 was the day");
        assert_eq!(
            text.find("12/03").map(|i| i - CONTEXT_BEFORE),
            text.find("born")
        );
        assert_eq!(
            entities(&text),
            [("DATE_OF_BIRTH".to_owned(), "12/03/1985".to_owned())]
        );
        // An abbreviation is not the end of a sentence.
        assert_eq!(
            entities("D.O.B. 12/03/1985"),
            [("DATE_OF_BIRTH".to_owned(), "12/03/1985".to_owned())]
        );
    }

    #[test]
    fn addresses_and_grouped_mobiles() {
        // English words ending in a Dutch street word are no street (`pad` is left out).
        assert!(entities("We used Notepad 3 and Keypad 2.").is_empty());
        for (text, entity, value) in [
            (
                "She moved to Flat 20, 31 Park Avenue last year.",
                "STREET_ADDRESS",
                "Flat 20, 31 Park Avenue",
            ),
            (
                "She moved to 124 Heol y Nant last year.",
                "STREET_ADDRESS",
                "124 Heol y Nant",
            ),
            (
                "Call me on 514 701 199 after six.",
                "PHONE_NUMBER",
                "514 701 199",
            ),
            (
                "She moved to Irisdreef 8 last year.",
                "STREET_ADDRESS",
                "Irisdreef 8",
            ),
            (
                "Post to Julianbaan 752, please.",
                "STREET_ADDRESS",
                "Julianbaan 752",
            ),
            (
                "Vive en Alameda Juliana Escamilla 14 desde mayo.",
                "STREET_ADDRESS",
                "Alameda Juliana Escamilla 14",
            ),
            (
                "Abita in Via Isabella, 26 Piano 7 da anni.",
                "STREET_ADDRESS",
                "Via Isabella, 26 Piano 7",
            ),
        ] {
            assert_eq!(
                entities(text),
                [(entity.to_owned(), value.to_owned())],
                "{text}"
            );
        }
    }

    #[test]
    fn the_stronger_check_wins_a_tie() {
        // With "call" in reach, the run reads as a phone number as confidently as an NHS
        // number; the mod-11 check passes by chance far less often than a numbering plan.
        assert_eq!(
            entities("Call me later. NHS number 9493187381 was quoted."),
            [("UK_NHS".to_owned(), "9493187381".to_owned())]
        );
    }

    #[test]
    fn look_alikes_do_not_fire() {
        for text in [
            "Request id 123e4567-e89b-12d3-a456-426614174000 failed",
            "ISBN 978-3-16-148410-0 and EAN 4006381333931",
            "Total: 1,234,567.89 EUR for 12000 rows",
            "Version 1.2.3.4 released on 2024-03-01",
            "Product SKU AB-1234567-X costs 19.99",
        ] {
            assert!(entities(text).is_empty(), "{text}: {:?}", entities(text));
        }
    }

    proptest::proptest! {
        /// The window text is normalised exactly as headers are.
        #[test]
        fn push_normalised_is_normalise_header(s in "[A-Za-zÀ-ÿßŁłØø0-9 .,:;'’()\\-]{0,40}|\\PC{0,20}") {
            let mut out = String::new();
            push_normalised(&mut out, &s);
            proptest::prop_assert_eq!(out, crate::pii::rules::normalise_header(&s));
        }
    }

    /// The rules with their text set taken away, so every pattern the text's shape allows
    /// is tried at each place.
    fn without_set(rules: &RuleSet) -> RuleSet {
        let mut alone = rules.clone();
        alone.text_set = Deferred::later(|| None);
        alone.text_scratch = ScratchPool::new(alone.text_owner.len(), alone.context_words.len());
        alone
    }

    /// Texts dense with identifiers, near-misses, names, context words and punctuation.
    fn dense_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            "[0-9]{2,13}",
            "[0-9]{3}[ -][0-9]{2,3}[ -][0-9]{4}",
            "[A-Z]{2}[0-9]{2}( ?[A-Z0-9]{4}){2,5}",
            "[A-Z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]",
            "[a-z.]{1,8}@[a-z]{2,8}[.](org|com)",
            "[0-9]{1,2}[./-][0-9]{1,2}[./-](19|20)[0-9]{2}",
            "[A-Za-z]{6}[0-9]{2}[A-Z][0-9]{2}[A-Z][0-9]{3}[A-Z]",
            "(Maria|John|Anna|Mrs|Dear) (Rossi|Smith|Müller)",
            "(born|DOB|tel|phone|passport|BSN|PESEL|NI number|e-mail|IBAN)",
            "[0-9]{1,3} [A-Z][a-z]{3,8} (Street|Road|straße|weg)",
            "\\+[0-9]{2} [0-9]{2,4} [0-9]{3,4} [0-9]{3,4}",
            "[ ,.;:()+/#=_-]{1,2}",
            "[ ]",
            "(é|ß|Ł|’|x)",
        ];
        proptest::collection::vec(piece, 0..10).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1500))]

        /// The one anchored search with every pattern finds each pattern that matches at a
        /// place: trying every pattern there instead gives the same spans.
        #[test]
        fn the_set_misses_no_pattern(text in dense_text()) {
            let rules = builtin();
            let options = ScanOptions::default();
            let with_set = scan_text(&text, rules, &options);
            let alone_rules = without_set(rules);
            let alone = scan_text(&text, &alone_rules, &options);
            proptest::prop_assert_eq!(with_set, alone);
        }
    }

    fn builtin() -> &'static RuleSet {
        static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
        RULES.get_or_init(|| RuleSet::builtin().unwrap())
    }

    #[test]
    fn spans_found_when_the_set_gives_up() {
        // Unicode word boundaries stop the lazy DFA at the first non-ASCII byte, so this
        // rule is searched alone wherever the set gives up.
        let rules = RuleSet::builtin_with(
            r#"[{"id":"k","entity":"K_CODE","patterns":["\\bK[0-9]{4}\\b"],"confidence":0.9}]"#,
        )
        .unwrap();
        // The search from "K1234" reads the ’ after it, where the set gives up.
        let text = "Zoë’s codes: K1234’ K99999 and é K4321.";
        let spans = scan_text(text, &rules, &ScanOptions::default());
        let found: Vec<(&str, &str)> = spans
            .iter()
            .map(|s| (s.rule_id.as_str(), &text[s.start..s.end]))
            .collect();
        assert_eq!(found, [("k", "K1234"), ("k", "K4321")]);
    }

    #[test]
    fn spans_are_at_most_max_span_bytes() {
        let rules = RuleSet::builtin_with(
            r#"[{"id":"long","entity":"LONG","patterns":["X[a-z]+"],"confidence":0.9}]"#,
        )
        .unwrap();
        let o = ScanOptions::default();
        for (length, found) in [(MAX_SPAN_BYTES - 1, true), (MAX_SPAN_BYTES, false)] {
            let text = format!("ref X{} today", "a".repeat(length));
            let spans = scan_text(&text, &rules, &o);
            let lengths: Vec<usize> = spans.iter().map(|s| s.end - s.start).collect();
            let expected = if found { vec![length + 1] } else { vec![] };
            assert_eq!(lengths, expected);
        }
        // Every place a span may start is searched at most MAX_SPAN_BYTES far, so a long
        // run of places costs a bounded amount each and finds nothing here.
        let run = "a+".repeat(50_000);
        assert!(scan_text(&run, &rules, &o).is_empty());
    }

    #[test]
    fn names_in_text() {
        assert_eq!(
            people("Dear Mrs Maria Rossi, thank you. Regards, Thomas Müller"),
            ["Maria Rossi", "Thomas Müller"]
        );
        assert!(entities("The New York Stock Exchange opened").is_empty());
    }

    #[test]
    fn every_introduction_and_name_label_is_found_in_text() {
        use crate::pii::names::{INTRODUCTIONS, NAME_LABELS};
        let capitalised = |phrase: &str| {
            let mut chars = phrase.chars();
            chars.next().map_or(String::new(), |c| {
                c.to_uppercase().chain(chars).collect::<String>()
            })
        };
        let rules = RuleSet::builtin().unwrap();
        let people = |text: &str| -> Vec<String> {
            scan_text(text, &rules, &ScanOptions::default())
                .into_iter()
                .filter(|s| s.entity == "PERSON")
                .map(|s| text[s.start..s.end].to_owned())
                .collect()
        };
        // The rule's pattern and the lists that strip the phrase from the span are two
        // spellings of one list: every phrase must be found by the pattern.
        for phrase in INTRODUCTIONS {
            for written in [capitalised(phrase), phrase.to_string()] {
                let text = format!("{written} Tycho Knuf.");
                assert_eq!(people(&text), ["Tycho Knuf"], "{text}");
            }
        }
        for label in NAME_LABELS {
            let text = format!("{} David Jones.", capitalised(label));
            assert_eq!(people(&text), ["David Jones"], "{text}");
        }
    }

    #[test]
    fn a_name_ends_before_the_sentence_word_it_runs_into() {
        assert_eq!(
            people("Meeting with Jane Smith Monday at ten"),
            ["Jane Smith"]
        );
        assert_eq!(people("Maria Rossi Thanks for calling"), ["Maria Rossi"]);
        assert_eq!(people("Spoke to John Smith Yesterday"), ["John Smith"]);
        assert_eq!(
            people("Call Anna Kowalska Tomorrow Please"),
            ["Anna Kowalska"]
        );
        // A word that marks an organisation takes the name with it: no part is a person.
        assert!(people("Pupils of Isaac Newton Academy").is_empty());
        assert!(people("Thomas Tallis School Monday").is_empty());
    }

    #[test]
    fn names_after_a_salutation_need_no_list() {
        assert_eq!(
            people("Dear Bram van den Berg, your request"),
            ["Bram van den Berg"]
        );
        assert_eq!(people("Dear Ffion Hughes, thank you"), ["Ffion Hughes"]);
        assert_eq!(
            people("Liebe Zuzanna Zieliński, danke"),
            ["Zuzanna Zieliński"]
        );
        assert_eq!(people("Dear Mrs Szczepańska, hello"), ["Szczepańska"]);
        // The title's dot and an O' surname: the particle list once ended the match at `O'`.
        assert_eq!(
            people("Statement taken from Mr. Padraic O'Halloran at the scene."),
            ["Padraic O'Halloran"]
        );
        assert_eq!(
            people("Mrs Bram van den Berg called."),
            ["Bram van den Berg"]
        );
        // An initial after a title, with its dot or without.
        assert_eq!(people("Patient: Mrs A Smith, seen today."), ["A Smith"]);
        assert_eq!(people("Mr J Bloggs called."), ["J Bloggs"]);
        assert_eq!(
            people("Statement taken by Sgt Okonkwo at 14:00"),
            ["Okonkwo"]
        );
        for letter in [
            "Dear Sir or Madam, I write",
            "Dear Customer, your order",
            "Dear Planning Officer, re the application",
            "Dear Sjoerd, thanks",
            "Dear Colleagues, the meeting",
        ] {
            assert!(people(letter).is_empty(), "{letter}");
        }
    }
}
