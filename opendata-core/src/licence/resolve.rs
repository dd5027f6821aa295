//! Resolving what people write in a licence field to a licence of the registry.
//!
//! The order is: exact id (SPDX or registry, case-insensitive, deprecated SPDX ids too),
//! URI / URL (EU authority URI, DCAT-AP.de URI, SPDX and Open Definition pages, the
//! licence's own pages), name (aliases, titles, CKAN ids, after normalisation), and last a
//! fuzzy comparison of the words with every known name.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::Serialize;

use super::all;
use super::expression::{parse as parse_expression, LicenceExpression};
use super::normalise::{fold, key, levenshtein, looks_like_url, url_key};
use super::registry_data::{DCAT_AP_DE, DEPRECATED_IDS, EU_CODES_DEPRECATED, EU_CODES_UNMAPPED};
use super::{serialize_summaries, Licence};

/// The code of an EU authority URI the Publications Office defines but the registry does not
/// describe (`OP_DATPRO`), if the text is one.
pub(crate) fn unmapped_eu_code(text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    let p = lower.find(EU_PREFIX)?;
    let code = text
        .get(p + EU_PREFIX.len()..)?
        .trim()
        .trim_end_matches('/')
        .to_ascii_uppercase();
    EU_CODES_UNMAPPED.iter().find(|c| **c == code).copied()
}

const EU_PREFIX: &str = "publications.europa.eu/resource/authority/licence/";
/// Confidence of a name that names this version.
const ALIAS: f64 = 0.95;
/// Confidence of a name without a version followed by the licence's version; a name written
/// out in the registry wins over it.
const WITH_VERSION: f64 = 0.94;
/// Confidence of a name without a version, read as the current version.
const VERSIONLESS: f64 = 0.8;
/// A fuzzy match is accepted from this similarity on.
const FUZZY_ACCEPT: f64 = 0.8;
/// A licence is offered as a candidate from this similarity on.
const CANDIDATE_MIN: f64 = 0.3;
const MAX_CANDIDATES: usize = 5;
/// Longer texts are not read as licence names (see [`resolve`]).
const MAX_NAME_BYTES: usize = 300;

/// How a licence text was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum MatchKind {
    /// The text is the registry / SPDX id (any case), or a deprecated SPDX id.
    ExactId,
    /// The text is one of the licence's URLs or a vocabulary URI (DCAT-AP.de, AgID, SPDX page).
    Url,
    /// The text is the licence's EU Publications Office authority URI.
    EuUri,
    /// The text is a known name, title, short name or CKAN id of the licence.
    Alias,
    /// The text is an SPDX licence expression (`CC-BY-4.0 OR ODbL-1.0`) of known licences;
    /// the licence given is the one that decides its openness (see [`LicenceExpression`]).
    Expression,
    /// The text resembles a known name; the match may be wrong.
    FuzzyTitle,
    /// Nothing matched.
    None,
}

/// The answer of [`resolve`]: the licence, how it matched and how sure the match is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Resolution {
    /// The text as given.
    pub input: String,
    /// The licence, when the text was recognised.
    pub licence: Option<&'static Licence>,
    /// How it matched.
    pub matched_by: MatchKind,
    /// 1.0 for an exact id, URL or EU URI; 0.95 for a name; 0.8 for a name without a version;
    /// below for fuzzy matches; 0 when nothing matched.
    pub confidence: f64,
    /// The closest licences when nothing (or only a fuzzy title) matched, best first.
    #[serde(serialize_with = "serialize_summaries")]
    pub candidates: Vec<&'static Licence>,
    /// The text names no version (`CC-BY`, `uk-ogl`); the current version was assumed.
    pub version_assumed: bool,
    /// The text is a deprecated identifier (an old SPDX id or EU code) of the licence.
    pub deprecated_id: bool,
    /// The expression, when the text is an SPDX licence expression.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expression: Option<LicenceExpression>,
}

impl Resolution {
    fn new(input: &str, licence: &'static Licence, matched_by: MatchKind, confidence: f64) -> Self {
        Resolution {
            input: input.to_owned(),
            licence: Some(licence),
            matched_by,
            confidence,
            candidates: Vec::new(),
            version_assumed: false,
            deprecated_id: false,
            expression: None,
        }
    }

    fn none(input: &str, candidates: Vec<&'static Licence>) -> Self {
        Resolution {
            input: input.to_owned(),
            licence: None,
            matched_by: MatchKind::None,
            confidence: 0.0,
            candidates,
            version_assumed: false,
            deprecated_id: false,
            expression: None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct KeyHit {
    licence: usize,
    confidence: f64,
}

/// Lookup tables built once from the registry.
pub(crate) struct Index {
    ids: HashMap<String, (usize, bool)>,
    urls: HashMap<String, usize>,
    eu: HashMap<String, (usize, bool)>,
    /// Name keys; `None` when two licences share the name.
    names: HashMap<String, NameEntry>,
    /// Names without the words `license` and `cc`, which people add or leave out at will.
    bare: HashMap<String, NameEntry>,
    /// Every token of every name key.
    tokens: HashSet<String>,
    /// Every name key with its licence, for fuzzy matching (token lists).
    fuzzy: Vec<FuzzyName>,
    /// Every word of every name (folded), to correct typos before matching.
    vocabulary: HashSet<String>,
}

pub(crate) fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(Index::build)
}

/// A name key without the words people add or leave out (`license`, `cc`).
fn bare(k: &str) -> String {
    k.split(' ')
        .filter(|t| !matches!(*t, "license" | "cc"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A name's entry in a lookup table: the licence, or `None` when two licences share the
/// name at the same confidence (it then matches neither, unless a surer name comes).
#[derive(Debug, Clone, Copy)]
struct NameEntry {
    licence: Option<usize>,
    confidence: f64,
}

/// Adds a name to a lookup table: the more confident entry wins.
fn offer(map: &mut HashMap<String, NameEntry>, k: String, hit: KeyHit) {
    let new = NameEntry {
        licence: Some(hit.licence),
        confidence: hit.confidence,
    };
    match map.get(&k) {
        None => {
            map.insert(k, new);
        }
        Some(old) if old.confidence < hit.confidence => {
            map.insert(k, new);
        }
        Some(old) if old.confidence == hit.confidence && old.licence != Some(hit.licence) => {
            map.insert(
                k,
                NameEntry {
                    licence: None,
                    confidence: hit.confidence,
                },
            );
        }
        _ => {}
    }
}

/// The licence a name stands for, if exactly one.
fn lookup(map: &HashMap<String, NameEntry>, k: &str) -> Option<KeyHit> {
    let e = map.get(k)?;
    Some(KeyHit {
        licence: e.licence?,
        confidence: e.confidence,
    })
}

fn position(id: &str) -> Option<usize> {
    all().iter().position(|l| l.id == id)
}

impl Index {
    fn build() -> Index {
        let mut ix = Index {
            ids: HashMap::new(),
            urls: HashMap::new(),
            eu: HashMap::new(),
            names: HashMap::new(),
            bare: HashMap::new(),
            tokens: HashSet::new(),
            fuzzy: Vec::new(),
            vocabulary: HashSet::new(),
        };
        for (i, l) in all().iter().enumerate() {
            ix.ids.insert(l.id.to_ascii_lowercase(), (i, false));
            if let Some(code) = l.eu_uri.and_then(|u| u.rsplit('/').next()) {
                ix.eu.insert(code.to_ascii_uppercase(), (i, false));
            }
            for u in l.urls.iter().chain(l.other_uris) {
                ix.urls.entry(url_key(u)).or_insert(i);
            }
        }
        for (old, new) in DEPRECATED_IDS {
            if let Some(i) = position(new) {
                ix.ids.entry(old.to_ascii_lowercase()).or_insert((i, true));
            }
        }
        for (code, id) in EU_CODES_DEPRECATED {
            if let Some(i) = position(id) {
                ix.eu.entry(code.to_ascii_uppercase()).or_insert((i, true));
            }
        }
        // Names: ids and titles, aliases, CKAN ids (strong); version-less names (weaker).
        let mut pending: Vec<(String, usize, f64)> = Vec::new();
        for (i, l) in all().iter().enumerate() {
            let strong = std::iter::once(&l.id)
                .chain(std::iter::once(&l.title))
                .chain(l.aliases)
                .chain(
                    l.ckan_ids
                        .iter()
                        .filter(|c| !l.versionless_aliases.contains(c)),
                );
            for name in strong {
                ix.vocabulary
                    .extend(fold(name).split_whitespace().map(str::to_owned));
                pending.push((key(name), i, ALIAS));
            }
            for (old, new) in DEPRECATED_IDS {
                if *new == l.id {
                    pending.push((key(old), i, ALIAS));
                }
            }
            for name in l.versionless_aliases {
                pending.push((key(name), i, VERSIONLESS));
            }
            // A name without a version plus the licence's own version names this licence
            // ("Open Database License" + "1.0").
            if let Some(v) = l.version {
                let unversioned: Vec<String> = std::iter::once(&l.title)
                    .chain(l.aliases)
                    .chain(l.versionless_aliases)
                    .map(|n| key(n))
                    .filter(|k| {
                        !k.is_empty()
                            && !k.split(' ').any(|t| t.bytes().all(|b| b.is_ascii_digit()))
                    })
                    .collect();
                for k in unversioned {
                    pending.push((key(&format!("{k} {v}")), i, WITH_VERSION));
                }
            }
        }
        for (k, i, confidence) in pending {
            if k.is_empty() {
                continue;
            }
            ix.fuzzy.push(FuzzyName::new(&k, i));
            ix.tokens.extend(k.split(' ').map(str::to_owned));
            let hit = KeyHit {
                licence: i,
                confidence,
            };
            offer(&mut ix.bare, bare(&k), hit);
            offer(&mut ix.names, k, hit);
        }
        ix
    }

    /// The licence with this id (case-insensitive) and whether the id is deprecated.
    pub(crate) fn by_id(&self, id: &str) -> Option<(&'static Licence, bool)> {
        let (i, deprecated) = *self.ids.get(&id.trim().to_ascii_lowercase())?;
        all().get(i).map(|l| (l, deprecated))
    }

    fn licence(&self, i: usize) -> Option<&'static Licence> {
        all().get(i)
    }

    /// The text with each unknown word replaced by the closest word of a known name.
    fn correct(&self, text: &str) -> String {
        let folded = fold(text);
        let words: Vec<String> = folded
            .split_whitespace()
            .map(|w| {
                if w.len() < 4
                    || self.vocabulary.contains(w)
                    || w.bytes().any(|b| b.is_ascii_digit())
                {
                    return w.to_owned();
                }
                let allowed = if w.len() >= 8 { 2 } else { 1 };
                self.vocabulary
                    .iter()
                    .filter(|v| v.len().abs_diff(w.len()) <= allowed)
                    .map(|v| (levenshtein(w, v), v))
                    .filter(|(d, _)| *d <= allowed)
                    .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
                    .map(|(_, v)| v.clone())
                    .unwrap_or_else(|| w.to_owned())
            })
            .collect();
        words.join(" ")
    }

    #[cfg(test)]
    pub(crate) fn ambiguous(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .names
            .iter()
            .filter(|(_, h)| h.licence.is_none())
            .map(|(k, _)| k.as_str())
            .collect();
        v.sort_unstable();
        v
    }
}

/// Resolves a licence as people write it (id, URL, EU URI, name, CKAN id) to a licence of the
/// registry, with how it matched, a confidence and, when unsure, the closest candidates.
///
/// ```
/// use opendata_core::licence::{resolve, MatchKind};
///
/// let r = resolve("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0");
/// assert_eq!(r.licence.unwrap().id, "CC-BY-4.0");
/// assert_eq!(r.matched_by, MatchKind::EuUri);
///
/// let r = resolve("Licence Ouverte 2.0");
/// assert_eq!(r.licence.unwrap().id, "etalab-2.0");
///
/// let r = resolve("my own licence");
/// assert!(r.licence.is_none());
/// assert_eq!(r.matched_by, MatchKind::None);
/// ```
pub fn resolve(text: &str) -> Resolution {
    let ix = index();
    let t = text
        .trim()
        .trim_matches(|c: char| c == '<' || c == '>' || c == '"' || c.is_whitespace());
    if t.is_empty() {
        return Resolution::none(text, Vec::new());
    }
    if let Some((l, deprecated)) = ix.by_id(t) {
        let mut r = Resolution::new(text, l, MatchKind::ExactId, 1.0);
        r.deprecated_id = deprecated;
        return r;
    }
    if let Some(expr) = parse_expression(t, |id| ix.by_id(id).map(|(l, _)| l)) {
        if let Some(l) = expr.deciding() {
            let mut r = Resolution::new(text, l, MatchKind::Expression, 1.0);
            r.expression = Some(expr.summary());
            return r;
        }
    }
    // A whole licence text pasted into the field: only a URL in it can name the licence, and
    // fuzzy matching of thousands of words would be slow and meaningless.
    if t.len() > MAX_NAME_BYTES {
        return embedded_url(t)
            .map(|url| resolve_url(ix, text, url))
            .filter(|r| r.licence.is_some())
            .unwrap_or_else(|| Resolution::none(text, Vec::new()));
    }
    if looks_like_url(t) && !t.contains(char::is_whitespace) {
        return resolve_url(ix, text, t);
    }
    // A URL among words ("CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"): the URL
    // decides when it names a licence; otherwise the words are read without it.
    if let Some(url) = embedded_url(t) {
        let r = resolve_url(ix, text, url);
        if r.licence.is_some() {
            return r;
        }
        // Drop the URL, and the bracket around it with its words ("(see https://...)").
        let at = t.find(url).unwrap_or(0);
        let open = t.get(..at).and_then(|before| before.rfind('('));
        let close = t
            .get(at..)
            .and_then(|after| after.find(')'))
            .map(|q| at + q);
        let rest = match (open, close) {
            (Some(open), Some(close)) => format!(
                "{}{}",
                t.get(..open).unwrap_or_default(),
                t.get(close + 1..).unwrap_or_default()
            ),
            _ => t.replace(url, " "),
        };
        if !key(&rest).is_empty() {
            return resolve_name(ix, text, &rest);
        }
        return r;
    }
    resolve_name(ix, text, t)
}

/// The first word that is a URL, without surrounding brackets, quotes and punctuation.
fn embedded_url(t: &str) -> Option<&str> {
    t.split_whitespace()
        .map(|w| w.trim_matches(|c: char| "<>()[]{}\"',;.".contains(c)))
        .find(|w| looks_like_url(w))
}

fn resolve_url(ix: &Index, input: &str, t: &str) -> Resolution {
    let lower = t.to_ascii_lowercase();
    // The EU authority URI: the code is upper case in the table; accept any case.
    if let Some(p) = lower.find(EU_PREFIX) {
        let code = t.get(p + EU_PREFIX.len()..).unwrap_or_default();
        let code = code.trim_end_matches('/').to_ascii_uppercase();
        if let Some(&(i, deprecated)) = ix.eu.get(&code) {
            if let Some(l) = ix.licence(i) {
                let mut r = Resolution::new(input, l, MatchKind::EuUri, 1.0);
                r.deprecated_id = deprecated;
                return r;
            }
        }
        return Resolution::none(input, candidates_for(ix, &key(&code.replace('_', " "))));
    }
    // DCAT-AP.de: http://dcat-ap.de/def/licenses/dl-by-de/2.0 (or ...20210721.html#dl-by-de/2.0).
    if let Some(p) = lower.find("dcat-ap.de/def/licenses/") {
        let rest = lower
            .get(p + "dcat-ap.de/def/licenses/".len()..)
            .unwrap_or_default();
        let rest = rest
            .rsplit('#')
            .next()
            .unwrap_or(rest)
            .trim_end_matches('/')
            .replace('_', ".");
        if let Some((_, id, versionless)) = DCAT_AP_DE.iter().find(|(k, _, _)| *k == rest) {
            if let Some((l, _)) = ix.by_id(id) {
                let mut r = Resolution::new(
                    input,
                    l,
                    MatchKind::Url,
                    if *versionless { VERSIONLESS } else { 1.0 },
                );
                r.version_assumed = *versionless;
                return r;
            }
        }
    }
    let uk = url_key(t);
    if let Some(&i) = ix.urls.get(&uk) {
        if let Some(l) = ix.licence(i) {
            return Resolution::new(input, l, MatchKind::Url, 1.0);
        }
    }
    // SPDX pages (spdx.org/licenses/CC-BY-4.0.html) and Open Definition pages
    // (opendefinition.org/licenses/odc-by) carry an id in the last path segment.
    let last = uk.rsplit('/').next().unwrap_or_default();
    let last = last.trim_end_matches(".html").trim_end_matches(".json");
    if uk.starts_with("spdx.org/licenses/") || uk.starts_with("opendefinition.org/licenses/") {
        if let Some((l, deprecated)) = ix.by_id(last) {
            let mut r = Resolution::new(input, l, MatchKind::Url, 1.0);
            r.deprecated_id = deprecated;
            return r;
        }
        if let Some(hit) = lookup(&ix.names, &key(last)) {
            if let Some(l) = ix.licence(hit.licence) {
                let mut r = Resolution::new(input, l, MatchKind::Url, hit.confidence);
                r.version_assumed = hit.confidence < WITH_VERSION;
                return r;
            }
        }
    }
    // A Creative Commons URL of a page not listed: build the id from the path. A port the
    // registry lacks (by/2.0/fr) is read as the unported licence: same terms, other law.
    if let Some((l, exact)) = creative_commons(ix, &uk) {
        return if exact {
            Resolution::new(input, l, MatchKind::Url, ALIAS)
        } else {
            Resolution::new(input, l, MatchKind::FuzzyTitle, 0.7)
        };
    }
    let words: String = uk.split('/').skip(1).collect::<Vec<_>>().join(" ");
    Resolution::none(input, candidates_for(ix, &key(&words)))
}

/// `creativecommons.org/licenses/by-sa/3.0/de` -> `CC-BY-SA-3.0-DE` when the registry has it
/// (exact), else the unported `CC-BY-SA-3.0` (not exact).
fn creative_commons(ix: &Index, uk: &str) -> Option<(&'static Licence, bool)> {
    let mut parts = uk.split('/');
    if parts.next()? != "creativecommons.org" {
        return None;
    }
    match (parts.next()?, parts.next()?, parts.next()?) {
        ("licenses", elements, version) => {
            let elements = if elements == "by-nd-nc" {
                "by-nc-nd"
            } else {
                elements
            };
            let unported = format!("cc-{elements}-{version}");
            match parts.next() {
                Some(j) if !j.is_empty() => match ix.by_id(&format!("{unported}-{j}")) {
                    Some((l, _)) => Some((l, true)),
                    None => ix.by_id(&unported).map(|(l, _)| (l, false)),
                },
                _ => ix.by_id(&unported).map(|(l, _)| (l, true)),
            }
        }
        ("publicdomain", "zero", "1.0") => ix.by_id("CC0-1.0").map(|(l, _)| (l, true)),
        ("publicdomain", "mark", "1.0") => ix.by_id("CC-PDM-1.0").map(|(l, _)| (l, true)),
        _ => None,
    }
}

fn resolve_name(ix: &Index, input: &str, t: &str) -> Resolution {
    let k = key(t);
    if let Some(hit) = lookup(&ix.names, &k) {
        if let Some(l) = ix.licence(hit.licence) {
            let mut r = Resolution::new(input, l, MatchKind::Alias, hit.confidence);
            r.version_assumed = hit.confidence < WITH_VERSION;
            r.deprecated_id = DEPRECATED_IDS
                .iter()
                .any(|(old, new)| *new == l.id && key(old) == k);
            return r;
        }
    }
    if let Some(hit) = lookup(&ix.bare, &bare(&k)) {
        if let Some(l) = ix.licence(hit.licence) {
            let mut r = Resolution::new(input, l, MatchKind::Alias, hit.confidence);
            r.version_assumed = hit.confidence < WITH_VERSION;
            return r;
        }
    }
    // "Attribution 4.0 International (CC BY 4.0)": a name with its short form in brackets. The
    // short form decides when the rest does not name another licence.
    if let (Some(open), Some(close)) = (t.rfind('('), t.rfind(')')) {
        if open < close {
            let inner = t.get(open + 1..close).unwrap_or_default();
            let outer = format!(
                "{}{}",
                t.get(..open).unwrap_or_default(),
                t.get(close + 1..).unwrap_or_default()
            );
            let hit = |s: &str| lookup(&ix.names, &key(s));
            if let Some(h) = hit(inner) {
                let other = hit(&outer);
                let agrees = other.is_none_or(|o| o.licence == h.licence);
                // The stronger of the two names decides how sure the match is.
                let h = match other {
                    Some(o) if agrees && o.confidence > h.confidence => o,
                    _ => h,
                };
                if let (true, Some(l)) = (agrees, ix.licence(h.licence)) {
                    let mut r = Resolution::new(input, l, MatchKind::Alias, h.confidence);
                    r.version_assumed = h.confidence < WITH_VERSION;
                    return r;
                }
            }
        }
    }
    // Correct misspelt words ("Comons Atribution") against the words of known names, then
    // try the names again; a hit is still only a fuzzy match.
    let corrected = key(&ix.correct(t));
    if corrected != k {
        if let Some(hit) = lookup(&ix.names, &corrected) {
            if let Some(l) = ix.licence(hit.licence) {
                let mut r = Resolution::new(
                    input,
                    l,
                    MatchKind::FuzzyTitle,
                    (hit.confidence * 0.9 * 100.0).round() / 100.0,
                );
                r.version_assumed = hit.confidence < WITH_VERSION;
                return r;
            }
        }
    }
    let ranked = rank(ix, &corrected);
    match ranked.first() {
        Some(&(best, score)) if score >= FUZZY_ACCEPT => {
            let Some(l) = ix.licence(best) else {
                return Resolution::none(input, Vec::new());
            };
            let mut r = Resolution::new(
                input,
                l,
                MatchKind::FuzzyTitle,
                (score * 0.85 * 100.0).round() / 100.0,
            );
            r.candidates = ranked
                .iter()
                .skip(1)
                .filter(|(_, s)| *s >= CANDIDATE_MIN)
                .filter_map(|(i, _)| ix.licence(*i))
                .take(MAX_CANDIDATES)
                .collect();
            r
        }
        _ => Resolution::none(input, to_candidates(ix, &ranked)),
    }
}

fn to_candidates(ix: &Index, ranked: &[(usize, f64)]) -> Vec<&'static Licence> {
    ranked
        .iter()
        .filter(|(_, s)| *s >= CANDIDATE_MIN)
        .filter_map(|(i, _)| ix.licence(*i))
        .take(MAX_CANDIDATES)
        .collect()
}

fn candidates_for(ix: &Index, k: &str) -> Vec<&'static Licence> {
    to_candidates(ix, &rank(ix, k))
}

/// Tokens that tell licences of one family apart; they weigh more than other words.
fn weight(t: &str) -> f64 {
    if matches!(
        t,
        "by" | "sa" | "nc" | "nd" | "cc0" | "zero" | "pd" | "or-later" | "only"
    ) || t.bytes().all(|b| b.is_ascii_digit())
        || t.len() == 2
    {
        3.0
    } else {
        1.0
    }
}

fn same_token(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let digits = |s: &str| s.bytes().any(|c| c.is_ascii_digit());
    if digits(a) || digits(b) || a.len().min(b.len()) < 5 {
        return false;
    }
    let allowed = if a.len().min(b.len()) >= 8 { 2 } else { 1 };
    levenshtein(a, b) <= allowed
}

/// The licence elements and version numbers of a name, which must agree for a close match.
fn signature<'a>(toks: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut v: Vec<String> = toks
        .filter(|t| matches!(*t, "sa" | "nc" | "nd") || t.bytes().all(|c| c.is_ascii_digit()))
        .map(str::to_owned)
        .collect();
    v.sort();
    v
}

/// A name prepared for fuzzy comparison.
struct FuzzyName {
    tokens: Vec<String>,
    weight: f64,
    signature: Vec<String>,
    licence: usize,
}

impl FuzzyName {
    fn new(key: &str, licence: usize) -> Self {
        let tokens: Vec<String> = key.split(' ').map(str::to_owned).collect();
        FuzzyName {
            weight: tokens.iter().map(|t| weight(t)).sum(),
            signature: signature(tokens.iter().map(String::as_str)),
            tokens,
            licence,
        }
    }
}

/// Similarity of the input words to a name (weighted Dice, typo-tolerant through `near`:
/// for each input word, the name words counted as the same), lowered when the licence
/// elements (`sa`, `nc`, `nd`) or version numbers disagree.
fn similarity(a: &[&str], near: &[HashSet<&str>], wa: f64, sig_a: &[String], b: &FuzzyName) -> f64 {
    if wa == 0.0 || b.weight == 0.0 {
        return 0.0;
    }
    let mut used = vec![false; b.tokens.len()];
    let mut common = 0.0;
    for (t, near) in a.iter().zip(near) {
        let found = b
            .tokens
            .iter()
            .enumerate()
            .find(|(j, u)| !used.get(*j).copied().unwrap_or(true) && near.contains(u.as_str()));
        if let Some((j, u)) = found {
            if let Some(slot) = used.get_mut(j) {
                *slot = true;
            }
            common += weight(t).min(weight(u));
        }
    }
    let score = 2.0 * common / (wa + b.weight);
    if sig_a == b.signature.as_slice() {
        score
    } else {
        score * 0.6
    }
}

/// Every licence with its best similarity to the key, best first.
fn rank(ix: &Index, k: &str) -> Vec<(usize, f64)> {
    let toks: Vec<&str> = k.split(' ').filter(|t| !t.is_empty()).collect();
    if toks.is_empty() {
        return Vec::new();
    }
    // A word no licence name has ("Ontario") hints at a licence the registry does not know.
    let unknown = toks
        .iter()
        .filter(|t| !ix.tokens.contains(**t) && !t.bytes().all(|b| b.is_ascii_digit()))
        .count();
    let penalty = 0.75_f64.powi(i32::try_from(unknown).unwrap_or(i32::MAX));
    let near: Vec<HashSet<&str>> = toks
        .iter()
        .map(|t| {
            ix.tokens
                .iter()
                .map(String::as_str)
                .filter(|u| same_token(t, u))
                .collect()
        })
        .collect();
    let wa: f64 = toks.iter().map(|t| weight(t)).sum();
    let sig_a = signature(toks.iter().copied());
    let mut best: HashMap<usize, f64> = HashMap::new();
    for name in &ix.fuzzy {
        let s = similarity(&toks, &near, wa, &sig_a, name) * penalty;
        let e = best.entry(name.licence).or_insert(0.0);
        if s > *e {
            *e = s;
        }
    }
    let mut v: Vec<(usize, f64)> = best.into_iter().filter(|(_, s)| *s > 0.0).collect();
    // Ties go to the licence listed first in the registry (data licences before software).
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_name_is_shared_by_two_licences() {
        assert!(
            index().ambiguous().is_empty(),
            "ambiguous names: {:?}",
            index().ambiguous()
        );
    }

    #[test]
    fn every_id_and_url_resolves_to_its_licence() {
        for l in all() {
            assert_eq!(resolve(l.id).licence.map(|x| x.id), Some(l.id));
            for u in l.urls {
                // A few pages (GFDL texts) are shared by the -only and -or-later variants.
                // and a few SPDX pages differ only by their fragment.
                let got = resolve(u).licence.expect(u);
                assert!(
                    got.urls.iter().any(|x| url_key(x) == url_key(u)),
                    "{u} -> {}",
                    got.id
                );
            }
            if let Some(eu) = l.eu_uri {
                assert_eq!(resolve(eu).licence.map(|x| x.id), Some(l.id), "{eu}");
            }
        }
    }

    #[test]
    fn a_url_among_words_decides() {
        for t in [
            "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)",
            "https://creativecommons.org/licenses/by/4.0/ (CC BY 4.0)",
            "Licence: <http://creativecommons.org/licenses/by/4.0/>.",
        ] {
            let r = resolve(t);
            assert_eq!(r.licence.map(|l| l.id), Some("CC-BY-4.0"), "{t}");
            assert_eq!(r.matched_by, MatchKind::Url, "{t}");
        }
        let r = resolve("Open Government Licence v3.0 (see https://example.org/terms)");
        assert_eq!(r.licence.map(|l| l.id), Some("OGL-UK-3.0"));
    }

    #[test]
    fn a_pasted_licence_text_is_read_only_for_its_url() {
        let body =
            "You are free to copy, publish, distribute and transmit the Information. ".repeat(2000);
        let r = resolve(&body);
        assert_eq!(r.matched_by, MatchKind::None);
        let with_url = format!(
            "{body} See http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
        );
        assert_eq!(resolve(&with_url).licence.map(|l| l.id), Some("OGL-UK-3.0"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn any_text_gives_an_answer(text in "\\PC{0,80}") {
            let r = resolve(&text);
            proptest::prop_assert!((0.0..=1.0).contains(&r.confidence));
            proptest::prop_assert_eq!(r.licence.is_none(), r.matched_by == MatchKind::None);
            proptest::prop_assert!(r.candidates.len() <= MAX_CANDIDATES);
        }
    }

    #[test]
    fn empty_text_matches_nothing() {
        let r = resolve("   ");
        assert_eq!(r.matched_by, MatchKind::None);
        assert!(r.candidates.is_empty());
    }

    #[test]
    fn typos_match_fuzzily_with_lower_confidence() {
        let r = resolve("Creative Comons Atribution Share-Alike 4.0");
        assert_eq!(r.licence.map(|l| l.id), Some("CC-BY-SA-4.0"));
        assert_eq!(r.matched_by, MatchKind::FuzzyTitle);
        assert!(r.confidence < 0.9);
    }

    #[test]
    fn unknown_text_offers_close_candidates() {
        let r = resolve("Open Government Licence for Atlantis");
        assert!(r.licence.is_none() || r.matched_by == MatchKind::FuzzyTitle);
        let ids: Vec<_> = r.candidates.iter().map(|l| l.id).collect();
        assert!(ids.iter().any(|i| i.starts_with("OGL")), "{ids:?}");
    }
}
