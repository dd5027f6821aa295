//! Sets of patterns searched anchored at one place, reporting which of them match there:
//! the places a free-text span may start.

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::{hybrid, Input, MatchKind};

use super::rules::{DFA_SIZE_LIMIT, SET_SIZE_LIMIT};

/// Every pattern at once, searched anchored, reporting each that matches. A lazy DFA
/// driven by the caller ([`matching_here`]): the searches are short and many, and a
/// driver that only collects which patterns match skips the set-up and the per-match
/// returns of a general search.
pub(crate) fn anchored_set(patterns: &[String]) -> Option<hybrid::dfa::DFA> {
    hybrid::dfa::Builder::new()
        .configure(
            hybrid::dfa::DFA::config()
                .match_kind(MatchKind::All)
                .unicode_word_boundary(true)
                .cache_capacity(DFA_SIZE_LIMIT * 4),
        )
        .thompson(
            thompson::Config::new()
                .which_captures(WhichCaptures::None)
                .nfa_size_limit(Some(SET_SIZE_LIMIT)),
        )
        .build_many(patterns)
        .ok()
}

/// Marks in `found` the patterns with a match starting where `from_here` starts (an
/// anchored search). `false` when the lazy DFA gave up (a user's pattern with a Unicode
/// word boundary met a non-ASCII byte), and the caller must try the patterns alone.
pub(crate) fn matching_here(
    set: &DFA,
    cache: &mut Cache,
    from_here: &Input,
    found: &mut Hits,
) -> bool {
    let note = |state, cache: &Cache, found: &mut Hits| {
        for i in 0..set.match_len(cache, state) {
            found.insert(set.match_pattern(cache, state, i).as_usize());
        }
    };
    let Ok(mut state) = set.start_state_forward(cache, from_here) else {
        return false;
    };
    let span = from_here.get_span();
    let haystack = from_here.haystack();
    for &byte in haystack.get(span.range()).unwrap_or_default() {
        state = match set.next_state(cache, state, byte) {
            Ok(next) => next,
            Err(_) => return false,
        };
        if state.is_tagged() {
            if state.is_match() {
                note(state, cache, found);
            } else if state.is_dead() {
                return true;
            } else if state.is_quit() {
                return false;
            }
        }
    }
    // A DFA reports a match one byte late, so a match ending where the search stops shows
    // on the byte after it, or at the end of the text.
    let last = match haystack.get(span.end) {
        Some(&byte) => set.next_state(cache, state, byte),
        None => set.next_eoi_state(cache, state),
    };
    match last {
        Ok(state) if state.is_quit() => false,
        Ok(state) => {
            if state.is_match() {
                note(state, cache, found);
            }
            true
        }
        Err(_) => false,
    }
}

/// The patterns found by one anchored search, each once. A pattern set would be cleared
/// and walked whole at each of the many places searched.
#[derive(Debug, Clone)]
pub(crate) struct Hits {
    /// The patterns found, in the order found.
    pub(crate) list: Vec<usize>,
    /// For each pattern, the number of the search that last found it.
    found_by: Vec<u32>,
    search: u32,
}

impl Hits {
    pub(crate) fn new(patterns: usize) -> Self {
        Self {
            list: Vec::new(),
            found_by: vec![0; patterns],
            search: 0,
        }
    }

    /// Forgets the patterns of the previous search.
    pub(crate) fn start(&mut self) {
        self.list.clear();
        self.search = self.search.wrapping_add(1);
        if self.search == 0 {
            self.found_by.fill(0);
            self.search = 1;
        }
    }

    /// Whether the current search found `pattern`.
    pub(crate) fn contains(&self, pattern: usize) -> bool {
        self.found_by.get(pattern) == Some(&self.search)
    }

    pub(crate) fn insert(&mut self, pattern: usize) {
        if let Some(by) = self.found_by.get_mut(pattern) {
            if *by != self.search {
                *by = self.search;
                self.list.push(pattern);
            }
        }
    }
}
