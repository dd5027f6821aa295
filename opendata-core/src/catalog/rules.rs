//! DCAT-AP 3.0 validation: the rule table generated from the official SHACL shapes, and
//! the small SHACL subset that evaluates it on a graph.
//!
//! Rules follow SHACL's reading of the shapes: a rule applies to the nodes typed with its
//! class in the data (`sh:targetClass`), a property is checked on the values of its path,
//! and a finding has the shape's severity (`sh:Violation` = error, `sh:Warning` = warning).
//! Two readings differ from a bare SHACL engine and are documented in `docs/metadata.md`:
//! IRIs of the EU controlled vocabularies count as typed with the class DCAT-AP expects (as
//! when the vocabularies are loaded, which the official validator does), and the date shape
//! the files attach with the non-SHACL term `sh:shape` is applied.

use std::collections::{BTreeMap, HashMap};

use oxrdf::{Graph, NamedNode, NamedOrBlankNode, Term};
use serde::{Deserialize, Serialize};

use super::generated::shapes::{CODES, RULES};
use super::model::DateValue;
use super::ns::{self, rdf, skos, xsd};
use super::vocab;
use crate::report::{CodeInfo, FindingSink, Location};

/// A SHACL node kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NodeKind {
    Literal,
    #[allow(clippy::upper_case_acronyms)]
    IRI,
    BlankNodeOrIRI,
}

/// A condition on one value node (a SHACL node shape used with `sh:node`).
#[derive(Debug)]
pub(crate) enum NodeCond {
    /// An `xsd:date`, `xsd:dateTime`, `xsd:gYear` or `xsd:gYearMonth` literal.
    DateOrDateTime,
    /// Typed with one of these classes.
    ClassAnyOf(&'static [&'static str]),
    /// The value's string matches an anchored pattern (`^` + text, `.*` allowed).
    Pattern(&'static str),
    /// Typed with this class.
    Class(&'static str),
    /// One of the conditions holds.
    AnyOf(&'static [NodeCond]),
    /// Every condition holds.
    AllOf(&'static [NodeCond]),
    /// A concept of this scheme.
    InScheme(&'static str),
    /// Every value of the property satisfies every condition.
    Property(&'static str, &'static [NodeCond]),
}

/// What a rule checks on the values of its path.
#[derive(Debug)]
pub(crate) enum Check {
    MinCount(usize),
    MaxCount(usize),
    NodeKind(NodeKind),
    Datatype(&'static str),
    Class(&'static str),
    HasValue(&'static str),
    Node(&'static NodeCond),
    /// At least one of these paths has a value (a node-level `sh:or`).
    AnyPresent(&'static [&'static str]),
}

/// One generated rule.
#[derive(Debug)]
pub(crate) struct Rule {
    /// Index into [`CODES`].
    pub code: usize,
    /// The target class IRI.
    pub class: &'static str,
    /// The property IRI.
    pub path: &'static str,
    /// Whether the path is inverse (`^dcat:inSeries`).
    pub inverse: bool,
    pub check: Check,
    /// The shape file it comes from.
    #[allow(dead_code)]
    pub source: &'static str,
}

/// The finding codes of the DCAT-AP rules.
pub(crate) fn codes() -> &'static [CodeInfo] {
    CODES
}

/// Options of [`validate_graph`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct ValidateOptions {
    /// Keep at most this many findings of each code.
    pub max_findings_per_code: usize,
    /// Read the data as the official validator does, with the vocabularies DCAT-AP imports
    /// loaded: IRIs of EU vocabularies (and IANA media types) count as typed with the class
    /// DCAT-AP expects for them, and subclasses count as their superclass
    /// (`foaf:Organization` is a `foaf:Agent`). With `false` every value must be typed in
    /// the document itself with the very class a shape names, as a bare SHACL engine given
    /// only the document demands.
    pub vocabularies_imply_types: bool,
    /// Also report recommended properties that are missing (warnings).
    pub recommended: bool,
}

impl Default for ValidateOptions {
    fn default() -> Self {
        Self {
            max_findings_per_code: 100,
            vocabularies_imply_types: true,
            recommended: true,
        }
    }
}

struct Ctx<'g> {
    graph: &'g Graph,
    options: &'g ValidateOptions,
    rdf_type: NamedNode,
}

impl Ctx<'_> {
    fn has_class(&self, node: &Term, class: &str) -> bool {
        let subject: NamedOrBlankNode = match node {
            Term::NamedNode(n) => {
                if self.options.vocabularies_imply_types
                    && vocab::implicit_classes(n.as_str()).contains(&class)
                {
                    return true;
                }
                n.clone().into()
            }
            Term::BlankNode(b) => b.clone().into(),
            _ => return false,
        };
        let subclasses = self.options.vocabularies_imply_types;
        self.graph
            .objects_for_subject_predicate(&subject, &self.rdf_type)
            .any(|t| match t {
                oxrdf::TermRef::NamedNode(n) if subclasses => {
                    vocab::is_subclass_or_same(n.as_str(), class)
                }
                oxrdf::TermRef::NamedNode(n) => n.as_str() == class,
                _ => false,
            })
    }

    fn values(&self, subject: &NamedOrBlankNode, path: &str, inverse: bool) -> Vec<Term> {
        let p = NamedNode::new_unchecked(path);
        if inverse {
            let object: Term = subject.clone().into();
            self.graph
                .subjects_for_predicate_object(&p, &object)
                .map(|s| s.into_owned().into())
                .collect()
        } else {
            self.graph
                .objects_for_subject_predicate(subject, &p)
                .map(|t| t.into_owned())
                .collect()
        }
    }

    fn holds(&self, cond: &NodeCond, value: &Term) -> bool {
        match cond {
            NodeCond::DateOrDateTime => match value {
                Term::Literal(l) => {
                    DateValue::parse_typed(l.value(), l.datatype().as_str()).is_some()
                }
                _ => false,
            },
            NodeCond::ClassAnyOf(classes) => classes.iter().any(|c| self.has_class(value, c)),
            NodeCond::Class(c) => self.has_class(value, c),
            NodeCond::Pattern(p) => match value {
                Term::NamedNode(n) => pattern_matches(p, n.as_str()),
                Term::Literal(l) => pattern_matches(p, l.value()),
                _ => false,
            },
            NodeCond::AnyOf(conds) => conds.iter().any(|c| self.holds(c, value)),
            NodeCond::AllOf(conds) => conds.iter().all(|c| self.holds(c, value)),
            NodeCond::InScheme(scheme) => self.in_scheme(value, scheme),
            NodeCond::Property(path, conds) => {
                let Some(subject) = as_subject(value) else {
                    return true;
                };
                self.values(&subject, path, false)
                    .iter()
                    .all(|v| conds.iter().all(|c| self.holds(c, v)))
            }
        }
    }

    fn in_scheme(&self, value: &Term, scheme: &str) -> bool {
        let Term::NamedNode(n) = value else {
            return false;
        };
        let declared = self.graph.contains(oxrdf::TripleRef::new(
            n,
            NamedNode::new_unchecked(skos::IN_SCHEME).as_ref(),
            NamedNode::new_unchecked(scheme).as_ref(),
        ));
        declared || vocab::vocabulary(scheme).is_some_and(|v| v.contains(n.as_str()))
    }
}

fn as_subject(t: &Term) -> Option<NamedOrBlankNode> {
    match t {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        _ => None,
    }
}

/// Matches the anchored patterns the shapes use: `^` followed by text in which `.` is any
/// character and `.*` any run of characters.
fn pattern_matches(pattern: &str, text: &str) -> bool {
    let Some(body) = pattern.strip_prefix('^') else {
        return text.contains(pattern);
    };
    let segments: Vec<&str> = body.split(".*").collect();
    let mut rest = text;
    for (i, seg) in segments.iter().enumerate() {
        let n = seg.chars().count();
        let fits = |s: &str| {
            s.chars().count() >= n && seg.chars().zip(s.chars()).all(|(p, c)| p == '.' || p == c)
        };
        if i == 0 {
            if !fits(rest) {
                return false;
            }
            rest = rest.char_indices().nth(n).map_or("", |(b, _)| &rest[b..]);
        } else {
            let mut found = None;
            for (b, _) in rest.char_indices() {
                if fits(&rest[b..]) {
                    found = Some(b);
                    break;
                }
            }
            let Some(b) = found else { return false };
            let tail = &rest[b..];
            rest = tail.char_indices().nth(n).map_or("", |(b, _)| &tail[b..]);
        }
    }
    true
}

/// Whether a literal's lexical form is valid for a datatype the shapes name.
fn well_formed(value: &str, datatype: &str) -> bool {
    match datatype {
        xsd::DECIMAL => {
            let v = value.strip_prefix(['+', '-']).unwrap_or(value);
            let (int, frac) = v.split_once('.').unwrap_or((v, ""));
            !(int.is_empty() && frac.is_empty())
                && int.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit())
        }
        xsd::NON_NEGATIVE_INTEGER => {
            let v = value.strip_prefix('+').unwrap_or(value);
            !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())
        }
        xsd::HEX_BINARY => {
            value.len().is_multiple_of(2) && value.bytes().all(|b| b.is_ascii_hexdigit())
        }
        xsd::DURATION => is_duration(value),
        _ => true,
    }
}

fn is_duration(v: &str) -> bool {
    let v = v.strip_prefix('-').unwrap_or(v);
    let Some(v) = v.strip_prefix('P') else {
        return false;
    };
    let (date, time) = match v.split_once('T') {
        Some((d, t)) => {
            if t.is_empty() {
                return false;
            }
            (d, Some(t))
        }
        None => (v, None),
    };
    if date.is_empty() && time.is_none() {
        return false;
    }
    let parts_ok = |s: &str, units: &str| {
        let mut num = String::new();
        let mut last_unit = 0usize;
        for c in s.chars() {
            if c.is_ascii_digit() || c == '.' {
                num.push(c);
            } else {
                let Some(pos) = units.find(c) else {
                    return false;
                };
                if num.is_empty() || pos < last_unit || (num.contains('.') && c != 'S') {
                    return false;
                }
                last_unit = pos + 1;
                num.clear();
            }
        }
        num.is_empty()
    };
    parts_ok(date, "YMD") && time.is_none_or(|t| parts_ok(t, "HMS"))
}

fn show_term(graph: &Graph, t: &Term) -> String {
    match t {
        Term::NamedNode(n) => format!("<{}>", n.as_str()),
        Term::BlankNode(b) => subject_name(graph, &b.clone().into()),
        Term::Literal(l) => {
            let mut v: String = l.value().chars().take(80).collect();
            if l.value().chars().count() > 80 {
                v.push('…');
            }
            match l.language() {
                Some(lang) => format!("\"{v}\"@{lang}"),
                None if l.datatype().as_str() == xsd::STRING => format!("\"{v}\""),
                None => format!("\"{v}\"^^{}", ns::compact(l.datatype().as_str())),
            }
        }
        #[allow(unreachable_patterns)]
        _ => t.to_string(),
    }
}

/// A stable name for a subject: its IRI, or for a blank node the path from a named node
/// that points to it (blank-node labels change between parses).
pub(crate) fn subject_name(graph: &Graph, node: &NamedOrBlankNode) -> String {
    let mut path = Vec::new();
    let mut current = node.clone();
    for _ in 0..4 {
        let NamedOrBlankNode::BlankNode(b) = &current else {
            break;
        };
        let object: Term = b.clone().into();
        let parent = graph
            .triples_for_object(&object)
            .map(|t| (t.subject.into_owned(), t.predicate.into_owned()))
            .min_by_key(|(s, p)| {
                (
                    matches!(s, NamedOrBlankNode::BlankNode(_)),
                    s.to_string(),
                    p.to_string(),
                )
            });
        let Some((s, p)) = parent else { break };
        path.push(ns::compact(p.as_str()));
        current = s;
    }
    let root = match &current {
        NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
        NamedOrBlankNode::BlankNode(_) => "[]".to_owned(),
    };
    if path.is_empty() {
        root
    } else {
        path.reverse();
        format!("{root} / {} / []", path.join(" / "))
    }
}

/// Validates a graph against the DCAT-AP 3.0 rules, adding findings to `sink`.
pub fn validate_graph(graph: &Graph, options: &ValidateOptions, sink: &mut FindingSink) {
    let ctx = Ctx {
        graph,
        options,
        rdf_type: NamedNode::new_unchecked(rdf::TYPE),
    };
    // Targets per class, sorted for a stable finding order.
    let mut targets: HashMap<&str, Vec<NamedOrBlankNode>> = HashMap::new();
    for rule in RULES {
        targets.entry(rule.class).or_insert_with(|| {
            // Instances of its subclasses are targets too, as `sh:targetClass` reads.
            let subclasses = options
                .vocabularies_imply_types
                .then(|| vocab::subclasses_of(rule.class))
                .into_iter()
                .flatten();
            let mut nodes: Vec<NamedOrBlankNode> = std::iter::once(rule.class)
                .chain(subclasses)
                .flat_map(|class| {
                    graph.subjects_for_predicate_object(
                        &ctx.rdf_type,
                        oxrdf::NamedNodeRef::new_unchecked(class),
                    )
                })
                .map(|s| s.into_owned())
                .collect();
            nodes.sort_by_cached_key(|n| n.to_string());
            nodes.dedup();
            nodes
        });
    }
    // Each target's statements, read once: rules then look their path up in a map
    // instead of querying the graph per rule (a large speed-up on big catalogues).
    let mut outgoing: HashMap<NamedOrBlankNode, HashMap<&str, Vec<Term>>> = HashMap::new();
    for nodes in targets.values() {
        for n in nodes {
            outgoing.entry(n.clone()).or_insert_with(|| {
                let mut map: HashMap<&str, Vec<Term>> = HashMap::new();
                for t in graph.triples_for_subject(n) {
                    map.entry(t.predicate.as_str())
                        .or_default()
                        .push(t.object.into_owned());
                }
                map
            });
        }
    }
    let no_values: Vec<Term> = Vec::new();
    let values_of =
        |subject: &NamedOrBlankNode, path: &str, inverse: bool| -> std::borrow::Cow<'_, [Term]> {
            if inverse {
                return std::borrow::Cow::Owned(ctx.values(subject, path, true));
            }
            match outgoing.get(subject).and_then(|m| m.get(path)) {
                Some(v) => std::borrow::Cow::Borrowed(v.as_slice()),
                None => std::borrow::Cow::Borrowed(no_values.as_slice()),
            }
        };
    // Findings are collected per subject first so the report reads subject by subject.
    let mut pending: BTreeMap<String, Vec<(usize, Location, String)>> = BTreeMap::new();
    for rule in RULES {
        let Some(info) = CODES.get(rule.code) else {
            continue;
        };
        if !options.recommended
            && matches!(rule.check, Check::MinCount(_) | Check::AnyPresent(_))
            && info.severity < crate::report::Severity::Error
        {
            continue;
        }
        let Some(nodes) = targets.get(rule.class) else {
            continue;
        };
        let prop = format!(
            "{}{}",
            if rule.inverse { "^" } else { "" },
            ns::compact(rule.path)
        );
        for subject in nodes {
            let values = values_of(subject, rule.path, rule.inverse);
            let values: &[Term] = &values;
            let mut problems: Vec<String> = Vec::new();
            match &rule.check {
                Check::MinCount(n) => {
                    if values.len() < *n {
                        problems.push(format!("no {prop}; expected at least {n}"));
                    }
                }
                Check::MaxCount(n) => {
                    if values.len() > *n {
                        problems.push(format!(
                            "{} values of {prop}; expected at most {n}",
                            values.len()
                        ));
                    }
                }
                Check::NodeKind(kind) => {
                    for v in values {
                        let ok = match kind {
                            NodeKind::Literal => matches!(v, Term::Literal(_)),
                            NodeKind::IRI => matches!(v, Term::NamedNode(_)),
                            NodeKind::BlankNodeOrIRI => !matches!(v, Term::Literal(_)),
                        };
                        if !ok {
                            let want = match kind {
                                NodeKind::Literal => "a literal",
                                NodeKind::IRI => "an IRI",
                                NodeKind::BlankNodeOrIRI => "an IRI or a blank node",
                            };
                            problems.push(format!(
                                "{prop} is {}; expected {want}",
                                show_term(graph, v)
                            ));
                        }
                    }
                }
                Check::Datatype(dt) => {
                    for v in values {
                        let ok = matches!(v, Term::Literal(l) if l.datatype().as_str() == *dt && well_formed(l.value(), dt));
                        if !ok {
                            problems.push(format!(
                                "{prop} is {}; expected a valid {} literal",
                                show_term(graph, v),
                                ns::compact(dt)
                            ));
                        }
                    }
                }
                Check::Class(c) => {
                    for v in values {
                        if !ctx.has_class(v, c) {
                            problems.push(format!(
                                "{prop} {} is not typed {}",
                                show_term(graph, v),
                                ns::compact(c)
                            ));
                        }
                    }
                }
                Check::HasValue(expected) => {
                    if !values
                        .iter()
                        .any(|v| matches!(v, Term::NamedNode(n) if n.as_str() == *expected))
                    {
                        problems.push(format!("{prop} does not include <{expected}>"));
                    }
                }
                Check::Node(cond) => {
                    for v in values {
                        if !ctx.holds(cond, v) {
                            problems.push(format!(
                                "{prop} {}: {}",
                                show_term(graph, v),
                                info.meaning.trim_end_matches('.')
                            ));
                        }
                    }
                }
                Check::AnyPresent(paths) => {
                    if paths
                        .iter()
                        .all(|p| ctx.values(subject, p, false).is_empty())
                    {
                        let names: Vec<String> = paths.iter().map(|p| ns::compact(p)).collect();
                        problems.push(format!("none of {}", names.join(", ")));
                    }
                }
            }
            if problems.is_empty() {
                continue;
            }
            let name = subject_name(graph, subject);
            let entry = pending.entry(name.clone()).or_default();
            for p in problems {
                let message = format!("{} {name}: {p}.", class_label(rule.class));
                entry.push((
                    rule.code,
                    Location::rdf(name.clone(), prop.clone()),
                    message,
                ));
            }
        }
    }
    for (_, list) in pending {
        for (code, location, message) in list {
            if let Some(info) = CODES.get(code) {
                sink.push(info, location, message);
            }
        }
    }
}

fn class_label(class: &str) -> String {
    match class.rsplit(['#', '/']).next() {
        Some(local) => local.to_owned(),
        None => class.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_of_the_shapes() {
        assert!(pattern_matches(
            "^https://sws.geonames.org",
            "https://sws.geonames.org/734077"
        ));
        assert!(!pattern_matches(
            "^https://sws.geonames.org",
            "https://www.geonames.org/390903"
        ));
        let iana = "^http.*://www.iana.org/assignments/media-types/";
        assert!(pattern_matches(
            iana,
            "https://www.iana.org/assignments/media-types/text/csv"
        ));
        assert!(pattern_matches(
            iana,
            "http://www.iana.org/assignments/media-types/text/csv"
        ));
        assert!(!pattern_matches(iana, "text/csv"));
    }

    #[test]
    fn lexical_forms() {
        assert!(well_formed("12.5", xsd::DECIMAL));
        assert!(!well_formed("12,5", xsd::DECIMAL));
        assert!(well_formed("1024", xsd::NON_NEGATIVE_INTEGER));
        assert!(!well_formed("-1", xsd::NON_NEGATIVE_INTEGER));
        assert!(!well_formed("1 KB", xsd::NON_NEGATIVE_INTEGER));
        assert!(well_formed("ab01", xsd::HEX_BINARY));
        assert!(!well_formed("abc", xsd::HEX_BINARY));
        assert!(well_formed("P1D", xsd::DURATION));
        assert!(well_formed("PT15M", xsd::DURATION));
        assert!(well_formed("P1Y2M3DT4H5M6.5S", xsd::DURATION));
        assert!(!well_formed("P", xsd::DURATION));
        assert!(!well_formed("1 day", xsd::DURATION));
        assert!(!well_formed("PT", xsd::DURATION));
    }
}
