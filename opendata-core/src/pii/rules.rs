//! The rule model (plain serde data) and the compiled [`RuleSet`].

use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use regex::RegexBuilder;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::{hybrid, meta, MatchKind};
use serde::{Deserialize, Serialize};

use super::anchored::anchored_set;
use super::names::fold;
use super::prefilter::{cell_filter, first_bytes, text_filter, ByteSet, CellFilters, TextFilter};
use super::text::{ContextWords, ScratchPool};
use super::validators::Validator;
use crate::error::PiiError;

/// Compiled size limit of one rule pattern; a user rule beyond it is refused rather than
/// allowed to take the machine's memory.
pub const PATTERN_SIZE_LIMIT: usize = 2 * 1024 * 1024;
/// Size limit of the combined prefilter sets.
pub(crate) const SET_SIZE_LIMIT: usize = 64 * 1024 * 1024;
/// Size limit of one lazy DFA cache.
pub(crate) const DFA_SIZE_LIMIT: usize = 8 * 1024 * 1024;

/// Where a rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Scope {
    /// Whole cells of a column and spans of free text.
    #[default]
    Both,
    /// Whole cells of a column only.
    Column,
    /// Spans of free text only.
    Text,
}

/// One detection rule. Rules are data: the built-in packs are JSON files of this shape and
/// users load their own beside them.
///
/// ```
/// let rule: opendata_core::pii::Rule = serde_json::from_str(r#"{
///     "id": "acme.staff-number",
///     "entity": "STAFF_NUMBER",
///     "patterns": ["ACME-\\d{6}"],
///     "header_hints": ["staff number"],
///     "confidence": 0.9
/// }"#)?;
/// assert_eq!(rule.entity, "STAFF_NUMBER");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Rule {
    /// Unique id, e.g. `iban` or `acme.staff-number`. A user rule with a built-in rule's id
    /// replaces it.
    pub id: String,
    /// The entity found, in Presidio's naming where one exists (`EMAIL_ADDRESS`, `IBAN_CODE`).
    pub entity: String,
    /// What the rule finds, for people.
    #[serde(default)]
    pub description: String,
    /// ISO 3166 codes of the countries the identifier belongs to (empty: any).
    #[serde(default)]
    pub countries: Vec<String>,
    /// Regular expressions (Rust `regex` syntax). A cell matches when one pattern matches
    /// the whole trimmed cell; in free text every match is a candidate.
    pub patterns: Vec<String>,
    /// Name of the check run on every candidate (see `docs/pii.md`), e.g. `iban`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validator: Option<String>,
    /// Words in column headers that point to this entity, in several languages.
    #[serde(default)]
    pub header_hints: Vec<String>,
    /// Words near a free-text match that raise its confidence.
    #[serde(default)]
    pub context: Vec<String>,
    /// Words near a free-text match that show it is something else (`version 1.2.3.4`);
    /// such a match is dropped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub negative_context: Vec<String>,
    /// Confidence of a validated match with no other evidence, in 0..=1.
    pub confidence: f64,
    /// When true, values alone are not enough: a column needs a header hint and a text
    /// match needs a context word (passport numbers, bare digit runs).
    #[serde(default)]
    pub requires_context: bool,
    /// Where the rule applies.
    #[serde(default)]
    pub scope: Scope,
    /// Match letters in any case.
    #[serde(default)]
    pub case_insensitive: bool,
}

/// Parses a rule file (a JSON array of rules, or an object with a `rules` array).
pub fn parse_rules(json: &str) -> Result<Vec<Rule>, PiiError> {
    // Parse as a value first so the error names the rule that is malformed.
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| PiiError::RuleFile {
        reason: e.to_string(),
    })?;
    let items = match &value {
        serde_json::Value::Array(items) => items.clone(),
        serde_json::Value::Object(map) => match map.get("rules") {
            Some(serde_json::Value::Array(items)) => items.clone(),
            _ => {
                return Err(PiiError::RuleFile {
                    reason: "expected a JSON array of rules or an object with a `rules` array"
                        .to_owned(),
                })
            }
        },
        _ => {
            return Err(PiiError::RuleFile {
                reason: "expected a JSON array of rules or an object with a `rules` array"
                    .to_owned(),
            })
        }
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let name = item
                .get("id")
                .and_then(|v| v.as_str())
                .map_or_else(|| format!("#{}", i + 1), str::to_owned);
            serde_json::from_value::<Rule>(item).map_err(|e| PiiError::InvalidRule {
                rule: name,
                reason: e.to_string(),
            })
        })
        .collect()
}

const BUILTIN_JSON: &str = include_str!("rules/builtin.json");

/// The built-in rules as data (the embedded `rules/builtin.json`).
pub fn builtin_rules() -> Result<Vec<Rule>, PiiError> {
    parse_rules(BUILTIN_JSON)
}

/// A rule ready to run: patterns compiled, validator resolved, hints normalised.
#[derive(Debug, Clone)]
pub(crate) struct CompiledRule {
    pub rule: Rule,
    pub validator: Option<Validator>,
    /// Per pattern, the unanchored regex searched in free text (the anchored forms live
    /// in the rule set's cell set).
    pub text_regexes: Vec<Deferred<meta::Regex>>,
    pub header_hints: Vec<String>,
    /// The rule's context words, as indices into the rule set's `context_words`.
    pub context: Vec<usize>,
    /// The rule's negative context words, as indices into `context_words`.
    pub negative_context: Vec<usize>,
}

impl CompiledRule {
    /// Whether the rule runs on the cells of a column with this normalised header: a rule
    /// that needs context needs one of its header hints there.
    pub(crate) fn runs_on_column(&self, header: &str) -> bool {
        !self.rule.requires_context || self.header_hints.iter().any(|h| header_has_hint(header, h))
    }
}

/// A compiled set of rules. Compile once, scan many columns and texts.
///
/// ```
/// use opendata_core::pii::RuleSet;
/// let rules = RuleSet::builtin()?;
/// assert!(rules.entities().contains(&"IBAN_CODE"));
/// # Ok::<(), opendata_core::PiiError>(())
/// ```
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub(crate) rules: Vec<CompiledRule>,
    /// Anchored patterns of column-scope rules, one pass per cell: a lazy DFA driven by
    /// `anchored::matching_here`, which only collects the patterns that match the whole
    /// cell (a general overlapping search costs twice as much per cell).
    pub(crate) cell_dfa: hybrid::dfa::DFA,
    /// The same patterns as a regex, for the cells the lazy DFA gives up on (a user's
    /// pattern with a Unicode word boundary meeting a non-ASCII letter).
    pub(crate) cell_set: Deferred<meta::Regex>,
    /// For each pattern of `cell_set`, the index of its rule.
    pub(crate) cell_owner: Vec<usize>,
    /// For each pattern of `cell_set`, what a cell needs to match it.
    pub(crate) cell_filters: CellFilters,
    /// The patterns of text-scope rules, searched anchored at each place a span may start
    /// to learn which of them match there (see `text::TextScratch::candidates`).
    pub(crate) text_set: Deferred<hybrid::dfa::DFA>,
    /// The same patterns unanchored: one pass over a text tells whether any of them
    /// matches anywhere in it, which turns most prose away at once.
    pub(crate) text_any: Deferred<meta::Regex>,
    /// The bytes a match of any text pattern can begin with.
    pub(crate) text_first: ByteSet,
    /// The context words of every rule, found around a match in one pass.
    pub(crate) context_words: ContextWords,
    /// What `scan_text` calls reuse, shared by the clones (which share `text_set`, the
    /// automaton the scratch's cache belongs to).
    pub(crate) text_scratch: ScratchPool,
    /// For each pattern of `text_set`, (rule index, pattern index within the rule).
    pub(crate) text_owner: Vec<(usize, usize)>,
    /// For each pattern of `text_owner`, what a text needs to hold a match.
    pub(crate) text_filters: Vec<TextFilter>,
    /// The distinct entities, sorted: column scans count by index into this list rather
    /// than by name, since a string-keyed map lookup per cell costs more than the match.
    pub(crate) entity_names: Vec<String>,
    /// For each rule, the index of its entity in `entity_names`.
    pub(crate) rule_entity: Vec<usize>,
}

fn normalise_hint(s: &str) -> String {
    let mut out = String::new();
    for w in fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// A value built on first use and shared by the clones of a rule set. Compiling the
/// built-in packs' free-text patterns took most of a scan's start-up, and a table without
/// free text never searches with them.
#[derive(Clone)]
pub(crate) struct Deferred<T> {
    build: Arc<dyn Fn() -> Option<T> + Send + Sync>,
    value: Arc<OnceLock<Option<T>>>,
}

impl<T> Deferred<T> {
    /// Built already (a user's pattern, whose errors must name its rule before any scan).
    fn ready(value: T) -> Self {
        Self {
            build: Arc::new(|| None),
            value: Arc::new(OnceLock::from(Some(value))),
        }
    }

    /// Built on first use; `None` if building fails (never for the built-in patterns,
    /// which the tests compile).
    pub(crate) fn later(build: impl Fn() -> Option<T> + Send + Sync + 'static) -> Self {
        Self {
            build: Arc::new(build),
            value: Arc::new(OnceLock::new()),
        }
    }

    pub(crate) fn get(&self) -> Option<&T> {
        self.value.get_or_init(|| (self.build)()).as_ref()
    }
}

impl<T> std::fmt::Debug for Deferred<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match self.value.get() {
            None => "not built yet",
            Some(Some(_)) => "built",
            Some(None) => "failed to build",
        };
        f.write_str(state)
    }
}

/// A free-text pattern. The texts searched are short (a sentence, a cell), where the
/// literal prefilters `regex` would add cost more than they save: every search is one
/// lazy-DFA pass instead.
fn text_regex(pattern: &str, case_insensitive: bool) -> Result<meta::Regex, String> {
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .auto_prefilter(false)
                .which_captures(WhichCaptures::Implicit)
                .nfa_size_limit(Some(PATTERN_SIZE_LIMIT))
                .hybrid_cache_capacity(DFA_SIZE_LIMIT),
        )
        .syntax(regex_automata::util::syntax::Config::new().case_insensitive(case_insensitive))
        .build(pattern)
        .map_err(|e| {
            // `regex` words a syntax error best (the pattern with a caret under the fault).
            RegexBuilder::new(pattern)
                .case_insensitive(case_insensitive)
                .size_limit(PATTERN_SIZE_LIMIT)
                .build()
                .err()
                .map_or_else(|| e.to_string(), |e| e.to_string())
        })
        .map_err(with_unicode_hint)
}

/// A parse error naming a Unicode property, with what rules may use instead.
fn with_unicode_hint(reason: String) -> String {
    if reason.contains("Unicode property") {
        format!("{reason} ({UNICODE_CLASSES})")
    } else {
        reason
    }
}

/// What a rule may use of Unicode: the script, age and boolean-property tables are not
/// built in (they would weigh tens of KB in the browser module), so `\p{Greek}` is no class.
const UNICODE_CLASSES: &str = "rules may use Unicode general categories such as \\p{L}, \\p{Lu}, \\p{Ll}, \\p{N}, \\p{P}, and \\w, \\d, \\s, \\b; not scripts such as \\p{Greek} or properties such as \\p{Alphabetic}: write the script's letters as a range (\\u{0370}-\\u{03FF})";

/// One search for every pattern of a set, reporting each that matches; no capture groups
/// are kept, which also makes the sets quicker to build.
fn pattern_set(patterns: &[String]) -> Result<meta::Regex, PiiError> {
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .match_kind(MatchKind::All)
                .which_captures(WhichCaptures::None)
                .nfa_size_limit(Some(SET_SIZE_LIMIT))
                .hybrid_cache_capacity(DFA_SIZE_LIMIT * 4),
        )
        .build_many(patterns)
        .map_err(|e| PiiError::InvalidRule {
            rule: "(all rules)".to_owned(),
            reason: format!("the combined patterns exceed the size limit: {e}"),
        })
}

impl RuleSet {
    /// The built-in rule packs.
    pub fn builtin() -> Result<RuleSet, PiiError> {
        RuleSet::compile_deferring(builtin_rules()?, |_| true)
    }

    /// The built-in rules (`None`) or the built-in rules with a user rule file's, compiled
    /// once and kept: the Python and browser bindings scan one text or table per call, and
    /// compiling the built-in packs costs as much as scanning thousands of texts. The last
    /// few rule sets used are kept, keyed by the rule file's text.
    ///
    /// ```
    /// use opendata_core::pii::RuleSet;
    /// let first = RuleSet::shared(None)?;
    /// let again = RuleSet::shared(None)?;
    /// assert!(std::sync::Arc::ptr_eq(&first, &again));
    /// # Ok::<(), opendata_core::PiiError>(())
    /// ```
    pub fn shared(user_rules_json: Option<&str>) -> Result<Arc<RuleSet>, PiiError> {
        type Kept = Vec<(Option<String>, Arc<RuleSet>)>;
        const KEPT: usize = 4;
        static KEPT_SETS: Mutex<Kept> = Mutex::new(Vec::new());
        let key = user_rules_json.map(str::to_owned);
        // A poisoned lock only means another call panicked while holding it; the list is
        // still whole (entries are pushed or moved, never half-written).
        let lock = || KEPT_SETS.lock().unwrap_or_else(PoisonError::into_inner);
        {
            let mut kept = lock();
            if let Some(at) = kept.iter().position(|(k, _)| *k == key) {
                let entry = kept.remove(at);
                let rules = Arc::clone(&entry.1);
                kept.insert(0, entry);
                return Ok(rules);
            }
        }
        // Compiled outside the lock: another thread may scan with a kept set meanwhile.
        let rules = Arc::new(match user_rules_json {
            Some(json) => RuleSet::builtin_with(json)?,
            None => RuleSet::builtin()?,
        });
        let mut kept = lock();
        kept.insert(0, (key, Arc::clone(&rules)));
        kept.truncate(KEPT);
        Ok(rules)
    }

    /// The built-in rules plus the rules of a user rule file; a user rule with a built-in
    /// rule's id replaces it.
    pub fn builtin_with(user_rules_json: &str) -> Result<RuleSet, PiiError> {
        let mut rules = builtin_rules()?;
        let mut user_ids = Vec::new();
        for user in parse_rules(user_rules_json)? {
            user_ids.push(user.id.clone());
            match rules.iter_mut().find(|r| r.id == user.id) {
                Some(existing) => *existing = user,
                None => rules.push(user),
            }
        }
        RuleSet::compile_deferring(rules, |rule| !user_ids.contains(&rule.id))
    }

    /// Compiles rules, refusing any with an invalid pattern, an unknown validator, a
    /// duplicate id or a confidence outside 0..=1.
    pub fn compile(rules: Vec<Rule>) -> Result<RuleSet, PiiError> {
        RuleSet::compile_deferring(rules, |_| false)
    }

    /// [`compile`](Self::compile), leaving the free-text patterns of the rules `trusted`
    /// accepts (built-in ones) to be compiled on first use.
    fn compile_deferring(
        rules: Vec<Rule>,
        trusted: impl Fn(&Rule) -> bool,
    ) -> Result<RuleSet, PiiError> {
        let mut compiled = Vec::with_capacity(rules.len());
        let mut cell_patterns = Vec::new();
        let mut cell_owner = Vec::new();
        let mut text_patterns = Vec::new();
        let mut text_owner = Vec::new();
        let mut cell_filters = Vec::new();
        let mut text_filters = Vec::new();
        let mut text_first = ByteSet::default();
        let mut context_words = ContextWords::default();
        for (index, rule) in rules.into_iter().enumerate() {
            let invalid = |reason: &str| PiiError::InvalidRule {
                rule: rule.id.clone(),
                reason: reason.to_owned(),
            };
            if rule.id.trim().is_empty() {
                return Err(PiiError::InvalidRule {
                    rule: format!("#{}", index + 1),
                    reason: "the id is empty".to_owned(),
                });
            }
            if compiled.iter().any(|c: &CompiledRule| c.rule.id == rule.id) {
                return Err(invalid("two rules have this id"));
            }
            if rule.entity.trim().is_empty() {
                return Err(invalid("the entity is empty"));
            }
            if rule.patterns.is_empty() {
                return Err(invalid("a rule needs at least one pattern"));
            }
            if !(0.0..=1.0).contains(&rule.confidence) || rule.confidence.is_nan() {
                return Err(invalid("confidence must be between 0 and 1"));
            }
            let validator = match &rule.validator {
                None => None,
                Some(name) => Some(Validator::from_name(name).ok_or_else(|| {
                    PiiError::UnknownValidator {
                        rule: rule.id.clone(),
                        validator: name.clone(),
                        known: Validator::ALL
                            .iter()
                            .map(|v| v.name())
                            .collect::<Vec<_>>()
                            .join(", "),
                    }
                })?),
            };
            let mut text_regexes = Vec::with_capacity(rule.patterns.len());
            for (p, pattern) in rule.patterns.iter().enumerate() {
                let fail = |reason: String| PiiError::InvalidPattern {
                    rule: rule.id.clone(),
                    pattern: pattern.clone(),
                    reason,
                };
                let anchored = format!(r"^(?:{pattern})$");
                // A user's pattern is compiled alone first so an error names its rule, not
                // the set. The anchored form adds two assertions to it, so it needs no
                // compile of its own.
                let text_regex = if trusted(&rule) {
                    let (pattern, ci) = (pattern.clone(), rule.case_insensitive);
                    Deferred::later(move || text_regex(&pattern, ci).ok())
                } else {
                    Deferred::ready(text_regex(pattern, rule.case_insensitive).map_err(fail)?)
                };
                let flagged = |p: &str| {
                    if rule.case_insensitive {
                        format!("(?i:{p})")
                    } else {
                        p.to_owned()
                    }
                };
                if rule.scope != Scope::Text {
                    cell_patterns.push(flagged(&anchored));
                    cell_owner.push(index);
                    cell_filters.push(cell_filter(pattern, rule.case_insensitive));
                }
                if rule.scope != Scope::Column {
                    text_patterns.push(flagged(pattern));
                    text_owner.push((index, p));
                    text_filters.push(text_filter(pattern, rule.case_insensitive));
                    text_first = text_first.union(first_bytes(pattern, rule.case_insensitive));
                }
                text_regexes.push(text_regex);
            }
            let header_hints = rule
                .header_hints
                .iter()
                .map(|h| normalise_hint(h))
                .filter(|h| !h.is_empty())
                .collect();
            let mut word_ids = |words: &[String]| -> Vec<usize> {
                words
                    .iter()
                    .map(|h| normalise_hint(h))
                    .filter(|h| !h.is_empty())
                    .map(|h| context_words.index_of(&h))
                    .collect()
            };
            let context = word_ids(&rule.context);
            let negative_context = word_ids(&rule.negative_context);
            compiled.push(CompiledRule {
                rule,
                validator,
                text_regexes,
                header_hints,
                context,
                negative_context,
            });
        }
        let mut entity_names: Vec<String> =
            compiled.iter().map(|c| c.rule.entity.clone()).collect();
        entity_names.sort_unstable();
        entity_names.dedup();
        let rule_entity = compiled
            .iter()
            .map(|c| {
                entity_names
                    .binary_search(&c.rule.entity)
                    .unwrap_or_default()
            })
            .collect();
        Ok(RuleSet {
            entity_names,
            rule_entity,
            cell_dfa: match anchored_set(&cell_patterns) {
                Some(dfa) => dfa,
                // The regex builder says why the set cannot be built.
                None => {
                    pattern_set(&cell_patterns)?;
                    return Err(PiiError::InvalidRule {
                        rule: "(all rules)".to_owned(),
                        reason: "the combined patterns exceed the size limit".to_owned(),
                    });
                }
            },
            cell_set: {
                let patterns = cell_patterns.clone();
                Deferred::later(move || pattern_set(&patterns).ok())
            },

            cell_owner,
            cell_filters: CellFilters::new(&cell_filters),
            // Without the set each possible pattern is tried alone and finds the same spans,
            // so a set that fails to build costs only speed.
            text_any: {
                let patterns = text_patterns.clone();
                Deferred::later(move || pattern_set(&patterns).ok())
            },
            text_set: Deferred::later(move || anchored_set(&text_patterns)),
            text_scratch: ScratchPool::new(text_owner.len(), context_words.len()),
            context_words,
            text_owner,
            text_filters,
            text_first,
            rules: compiled,
        })
    }

    /// The rules, as data.
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter().map(|c| &c.rule)
    }

    /// The distinct entities the rules find, sorted.
    pub fn entities(&self) -> Vec<&str> {
        let mut e: Vec<&str> = self.rules.iter().map(|c| c.rule.entity.as_str()).collect();
        e.sort_unstable();
        e.dedup();
        e
    }

    /// The ids of the rules, in order (identifies the rule set when merging scan states).
    pub fn ids(&self) -> Vec<String> {
        self.rules.iter().map(|c| c.rule.id.clone()).collect()
    }
}

/// Normalises a column header into space-separated lowercase ASCII words, splitting
/// camelCase (`dateOfBirth` -> `date of birth`).
pub(crate) fn normalise_header(header: &str) -> String {
    let mut spaced = String::with_capacity(header.len() + 8);
    let mut prev_lower = false;
    for c in header.chars() {
        if c.is_uppercase() && prev_lower {
            spaced.push(' ');
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        spaced.push(c);
    }
    normalise_hint(&spaced)
}

/// Whether a normalised header carries a normalised hint: as whole words, as the whole
/// header without spaces, or (for hints of 5+ letters) inside a compound word such as
/// `telefonnummer` or `geburtsdatum`.
pub(crate) fn header_has_hint(header: &str, hint: &str) -> bool {
    if header.is_empty() || hint.is_empty() {
        return false;
    }
    // Every column is checked against every hint of every rule, so nothing is allocated.
    // Every place the hint occurs, overlapping ones included ("a a" in "xa a a").
    let (header_bytes, hint_bytes) = (header.as_bytes(), hint.as_bytes());
    let whole_words = header_bytes
        .windows(hint_bytes.len())
        .enumerate()
        .any(|(at, window)| {
            window == hint_bytes
                && (at == 0 || header_bytes.get(at - 1) == Some(&b' '))
                && header_bytes
                    .get(at + hint_bytes.len())
                    .is_none_or(|&b| b == b' ')
                && !(hint == "name" && names_a_thing(header, at))
        });
    if whole_words {
        return true;
    }
    // The header without spaces equals the hint without spaces, or (5+ bytes) one of the
    // header's words holds it.
    let compact_hint = || hint.bytes().filter(|&b| b != b' ');
    let compact_len = compact_hint().count();
    header.bytes().filter(|&b| b != b' ').eq(compact_hint())
        || compact_len >= 5
            && header.split(' ').any(|w| {
                w.as_bytes()
                    .windows(compact_len)
                    .any(|x| x.iter().copied().eq(compact_hint()))
            })
}

/// Words that, right before `name` in a header, make it the name of a thing, not of a
/// person: open data is full of `school name`, `station name` and `la name` columns, whose
/// values are often named after people (`King Edward VI School`, `Victoria`).
const THING_NAMES: &[&str] = &[
    "academy",
    "agency",
    "aircraft",
    "airport",
    "animal",
    "app",
    "application",
    "area",
    "asset",
    "authority",
    "award",
    "bird",
    "body",
    "borough",
    "botanical",
    "branch",
    "brand",
    "breed",
    "building",
    "business",
    "category",
    "ccg",
    "center",
    "centre",
    "charity",
    "church",
    "city",
    "club",
    "college",
    "column",
    "common",
    "company",
    "constituency",
    "contract",
    "council",
    "country",
    "county",
    "course",
    "crop",
    "cultivar",
    "dataset",
    "department",
    "device",
    "district",
    "division",
    "document",
    "domain",
    "english",
    "establishment",
    "estate",
    "event",
    "facility",
    "feature",
    "field",
    "file",
    "fund",
    "gaelic",
    "genus",
    "grant",
    "group",
    "hospital",
    "host",
    "indicator",
    "institution",
    "item",
    "la",
    "lad",
    "lake",
    "latin",
    "layer",
    "league",
    "library",
    "locality",
    "location",
    "lsoa",
    "machine",
    "measure",
    "merchant",
    "model",
    "module",
    "mosque",
    "msoa",
    "municipality",
    "museum",
    "neighbourhood",
    "object",
    "office",
    "org",
    "organisation",
    "organization",
    "parish",
    "park",
    "partner",
    "place",
    "plant",
    "port",
    "practice",
    "premises",
    "product",
    "programme",
    "project",
    "property",
    "provider",
    "province",
    "qualification",
    "record",
    "region",
    "report",
    "resource",
    "river",
    "road",
    "route",
    "scheme",
    "school",
    "scientific",
    "server",
    "service",
    "sheet",
    "ship",
    "shop",
    "site",
    "software",
    "species",
    "state",
    "station",
    "stop",
    "store",
    "street",
    "subject",
    "system",
    "table",
    "taxon",
    "team",
    "town",
    "trading",
    "tree",
    "trust",
    "type",
    "unit",
    "variable",
    "variety",
    "vendor",
    "venue",
    "vessel",
    "village",
    "ward",
    "welsh",
    "woodland",
    "zone",
];

/// Header words that name a place: a column under one holds places, and two-word places
/// read like names (`Milton Keynes`, `Stoke Newington`, `Newton Abbot`).
const PLACE_WORDS: &[&str] = &[
    "area",
    "borough",
    "city",
    "commune",
    "comune",
    "constituency",
    "country",
    "county",
    "district",
    "gemeente",
    "gemeinde",
    "kommune",
    "kunta",
    "lieu",
    "localidad",
    "locality",
    "location",
    "miasto",
    "municipality",
    "municipio",
    "neighbourhood",
    "ort",
    "parish",
    "plaats",
    "place",
    "province",
    "region",
    "settlement",
    "stadt",
    "state",
    "station",
    "town",
    "venue",
    "village",
    "ville",
    "ward",
];

/// Whether a normalised header says its values are places or things, not people: its
/// last word is a place (`town`, `home town`, `location`), or it is the name of a thing
/// (`school name`, `town name`).
pub(crate) fn header_names_no_person(header: &str) -> bool {
    let header = header.trim_end();
    let at = header.rfind(' ').map_or(0, |space| space + 1);
    let last = header.get(at..).unwrap_or_default();
    PLACE_WORDS.binary_search(&last).is_ok()
        || (matches!(last, "name" | "names") && names_a_thing(header, at))
}

/// Whether the word before the `name` at byte `at` of a normalised header names a thing.
fn names_a_thing(header: &str, at: usize) -> bool {
    header
        .get(..at)
        .and_then(|before| before.split(' ').rev().find(|w| !w.is_empty()))
        .is_some_and(|word| THING_NAMES.binary_search(&word).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_or_a_thing_name_in_the_header_is_no_person() {
        assert!(PLACE_WORDS.windows(2).all(|w| w[0] < w[1]));
        for header in [
            "town",
            "home town",
            "location",
            "polling station",
            "town name",
            "school name",
            "ward",
        ] {
            assert!(header_names_no_person(header), "{header}");
        }
        for header in [
            "name",
            "resident name",
            "contact",
            "townsend",
            "",
            "location of birth name",
        ] {
            assert!(!header_names_no_person(header), "{header}");
        }
    }

    #[test]
    fn a_thing_name_is_no_person_name_hint() {
        assert!(THING_NAMES.windows(2).all(|w| w[0] < w[1]));
        assert!(header_has_hint("name", "name"));
        assert!(header_has_hint("contact name", "name"));
        assert!(header_has_hint("name of school", "name"));
        assert!(!header_has_hint("school name", "name"));
        assert!(!header_has_hint("station name", "name"));
        assert!(!header_has_hint("la name", "name"));
        // Tree and plant registers name species, some after people (`Holly`, `Hazel`).
        assert!(!header_has_hint("common name", "name"));
        assert!(!header_has_hint("species name", "name"));
        // Other hints are not affected.
        assert!(header_has_hint("school name", "school name"));
    }

    #[test]
    fn builtin_rules_compile_with_30_entities() {
        let set = RuleSet::builtin().unwrap();
        assert!(set.entities().len() >= 30, "{:?}", set.entities());
    }

    #[test]
    fn deferred_builtin_patterns_all_compile() {
        let set = RuleSet::builtin().unwrap();
        assert!(format!("{:?}", set.text_set).contains("not built yet"));
        for rule in &set.rules {
            for (regex, pattern) in rule.text_regexes.iter().zip(&rule.rule.patterns) {
                assert!(regex.get().is_some(), "{}: {pattern}", rule.rule.id);
            }
        }
        assert_eq!(
            set.text_set.get().map(|s| s.pattern_len()),
            Some(set.text_owner.len())
        );
        assert_eq!(
            set.text_any.get().map(|s| s.pattern_len()),
            Some(set.text_owner.len())
        );
    }

    #[test]
    fn invalid_regex_names_the_rule() {
        let err = RuleSet::builtin_with(
            r#"[{"id":"mine","entity":"X","patterns":["(ab"],"confidence":0.5}]"#,
        )
        .unwrap_err();
        assert_eq!(err.code(), "pii.invalid-pattern");
        assert!(err.to_string().contains("rule `mine`"), "{err}");
    }

    #[test]
    fn a_missing_unicode_property_gets_the_classes_rules_may_use() {
        // Only the release builds lack the script tables (the tests' dev-dependencies
        // bring them back), so the message is checked here, the refusal in the Python and
        // Node tests.
        let hinted = with_unicode_hint("error: Unicode property not found".to_owned());
        assert!(
            hinted.starts_with(
                "error: Unicode property not found (rules may use Unicode general categories"
            ) && hinted.contains("not scripts such as \\p{Greek}"),
            "{hinted}"
        );
        assert_eq!(
            with_unicode_hint("unclosed group".to_owned()),
            "unclosed group"
        );
    }

    #[test]
    fn unknown_validator_names_the_rule() {
        let err = RuleSet::builtin_with(r#"[{"id":"mine","entity":"X","patterns":["a"],"validator":"mod1000","confidence":0.5}]"#)
            .unwrap_err();
        assert_eq!(err.code(), "pii.unknown-validator");
        assert!(
            err.to_string().contains("`mine`") && err.to_string().contains("mod1000"),
            "{err}"
        );
    }

    #[test]
    fn huge_pattern_hits_the_size_limit() {
        let err = RuleSet::compile(vec![Rule {
            id: "huge".into(),
            entity: "X".into(),
            description: String::new(),
            countries: vec![],
            patterns: vec![r"\w{1000}\w{1000}\w{1000}".into()],
            validator: None,
            header_hints: vec![],
            context: vec![],
            negative_context: vec![],
            confidence: 0.5,
            requires_context: false,
            scope: Scope::Both,
            case_insensitive: false,
        }])
        .unwrap_err();
        assert_eq!(err.code(), "pii.invalid-pattern");
        assert!(err.to_string().contains("huge"));
    }

    #[test]
    fn malformed_files() {
        assert_eq!(parse_rules("{").unwrap_err().code(), "pii.rule-file");
        assert_eq!(parse_rules("42").unwrap_err().code(), "pii.rule-file");
        let err =
            parse_rules(r#"{"rules":[{"id":"r1","entity":"X","patterns":["a"]}]}"#).unwrap_err();
        assert_eq!(err.code(), "pii.invalid-rule");
        assert!(
            err.to_string().contains("r1") && err.to_string().contains("confidence"),
            "{err}"
        );
        let dup = r#"[{"id":"iban","entity":"X","patterns":["a"],"confidence":0.5},{"id":"iban","entity":"Y","patterns":["b"],"confidence":0.5}]"#;
        assert_eq!(
            RuleSet::compile(parse_rules(dup).unwrap())
                .unwrap_err()
                .code(),
            "pii.invalid-rule"
        );
        let bad_conf = r#"[{"id":"c","entity":"X","patterns":["a"],"confidence":1.5}]"#;
        assert_eq!(
            RuleSet::compile(parse_rules(bad_conf).unwrap())
                .unwrap_err()
                .code(),
            "pii.invalid-rule"
        );
    }

    #[test]
    fn user_rule_replaces_builtin() {
        let set = RuleSet::builtin_with(r#"[{"id":"email","entity":"WORK_EMAIL","patterns":["\\S+@acme\\.org"],"confidence":0.9}]"#).unwrap();
        assert_eq!(set.rules().filter(|r| r.id == "email").count(), 1);
        assert!(set.entities().contains(&"WORK_EMAIL"));
    }

    #[test]
    fn headers() {
        assert_eq!(normalise_header("dateOfBirth"), "date of birth");
        assert_eq!(normalise_header("E-Mail_Adresse"), "e mail adresse");
        assert!(header_has_hint(
            &normalise_header("Telefonnummer"),
            "telefon"
        ));
        assert!(header_has_hint(&normalise_header("contact email"), "email"));
        assert!(header_has_hint(&normalise_header("E-mail"), "email"));
        assert!(!header_has_hint(&normalise_header("age"), "page"));
        // Whole words, wherever they are; overlapping places count.
        assert!(header_has_hint("xa a a", "a a"));
        assert!(header_has_hint("date of birth", "of birth"));
        assert!(!header_has_hint("date of births", "of birth"));
        // Without spaces the header equals a hint of several words.
        assert!(header_has_hint("dateofbirth", "date of birth"));
        assert!(header_has_hint("patient dateofbirth x", "date of birth"));
        assert!(!header_has_hint("dob", "date of birth"));
    }
}
