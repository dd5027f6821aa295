//! JSON-LD output. Compacted: the official DCAT-AP 3 context (by its URL, so harvesters
//! read the terms they know: `Dataset`, `title`, `distribution`...) plus the DCAT-AP
//! prefixes for whatever it has no term for (`dct:title`), one node object per subject,
//! blank nodes used once nested where they are used. Expanded: the JSON-LD expanded form,
//! full IRIs and every value in an array.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use oxrdf::{Graph, NamedOrBlankNode, Term};
use serde_json::{json, Map, Value};

use super::ns::{self, rdf, xsd, PREFIXES};

/// `dct:title` for IRIs under a declared prefix; other IRIs stay whole, which JSON-LD
/// reads as they are.
fn compact_iri(iri: &str) -> String {
    ns::compact(iri)
}

/// Where the compacted output points for the DCAT-AP context (the reader resolves it to
/// the copy embedded in the crate, so output reads back offline).
pub(crate) const DCAT_AP_CONTEXT_URL: &str =
    "https://semiceu.github.io/DCAT-AP/releases/3.0.1/context/dcat-ap.jsonld";

/// How a term of the context writes its values.
#[derive(Debug, Clone)]
struct TermDef {
    name: String,
    iri: String,
    /// `"@type": "@id"`: IRIs are plain strings.
    iri_values: bool,
    /// `"@type": <datatype>`: literals of that datatype are plain strings.
    datatype: Option<String>,
    /// `"@container": "@set"`: values are always an array.
    set: bool,
}

/// The DCAT-AP context as the writer needs it: the term of each class, and per class the
/// terms of its type-scoped context (the context defines every property term there).
#[derive(Debug, Default)]
struct ContextTerms {
    classes: HashMap<String, String>,
    scoped: HashMap<String, Vec<TermDef>>,
}

fn context_terms() -> &'static ContextTerms {
    static TERMS: OnceLock<ContextTerms> = OnceLock::new();
    TERMS.get_or_init(|| {
        let mut terms = ContextTerms::default();
        let doc: Value = serde_json::from_str(super::io::DCAT_AP_CONTEXT).unwrap_or_default();
        let Some(top) = doc.get("@context").and_then(Value::as_object) else {
            return terms;
        };
        for (class, def) in top {
            let iri = match def {
                Value::String(iri) => iri.clone(),
                other => match other.get("@id").and_then(Value::as_str) {
                    Some(iri) => iri.to_owned(),
                    None => continue,
                },
            };
            terms.classes.insert(iri, class.clone());
            let Some(scoped) = def.get("@context").and_then(Value::as_object) else {
                continue;
            };
            let defs = scoped
                .iter()
                .filter_map(|(name, d)| {
                    let iri = d.get("@id").and_then(Value::as_str)?.to_owned();
                    let coerced = d.get("@type").and_then(Value::as_str);
                    Some(TermDef {
                        name: name.clone(),
                        iri,
                        iri_values: coerced == Some("@id"),
                        datatype: coerced.filter(|t| *t != "@id").map(str::to_owned),
                        set: d.get("@container").and_then(Value::as_str) == Some("@set"),
                    })
                })
                .collect();
            terms.scoped.insert(class.clone(), defs);
        }
        terms
    })
}

/// The property terms in force in a node of these class terms: type-scoped contexts are
/// applied in the lexical order of the terms, a later one overriding a name.
fn terms_for(class_terms: &[String]) -> HashMap<&'static str, &'static TermDef> {
    let all = context_terms();
    let mut sorted: Vec<&String> = class_terms.iter().collect();
    sorted.sort();
    let mut by_name: HashMap<&'static str, &'static TermDef> = HashMap::new();
    for class in sorted {
        for def in all.scoped.get(class).map(Vec::as_slice).unwrap_or_default() {
            by_name.insert(def.name.as_str(), def);
        }
    }
    by_name
}

fn node_key(n: &NamedOrBlankNode) -> String {
    match n {
        NamedOrBlankNode::NamedNode(x) => compact_iri(x.as_str()),
        NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
    }
}

struct Writer {
    by_subject: BTreeMap<String, (NamedOrBlankNode, Vec<(String, Term)>)>,
    uses: HashMap<String, usize>,
}

impl Writer {
    /// A value without a term: node references and value objects, which read the same under
    /// any context.
    fn value(&self, o: &Term, depth: usize) -> Value {
        match o {
            Term::NamedNode(n) => json!({"@id": compact_iri(n.as_str())}),
            Term::BlankNode(b) => self.blank(b, depth),
            Term::Literal(l) => match (l.language(), l.datatype().as_str()) {
                (Some(lang), _) => json!({"@value": l.value(), "@language": lang}),
                (None, xsd::STRING) => json!(l.value()),
                (None, dt) => json!({"@value": l.value(), "@type": compact_iri(dt)}),
            },
            #[allow(unreachable_patterns)]
            _ => json!(o.to_string()),
        }
    }

    fn blank(&self, b: &oxrdf::BlankNode, depth: usize) -> Value {
        let key = format!("_:{}", b.as_str());
        if self.uses.get(&key) == Some(&1) && depth < 8 {
            if let Some((node, _)) = self.by_subject.get(&key) {
                return self.object(node, depth + 1, false);
            }
        }
        json!({"@id": key})
    }

    /// A value under a context term: coerced forms where the term's coercion reads them
    /// back as the same term, explicit forms otherwise.
    fn term_value(&self, def: &TermDef, o: &Term, depth: usize) -> Value {
        match o {
            Term::NamedNode(n) if def.iri_values => json!(n.as_str()),
            Term::NamedNode(n) => json!({"@id": n.as_str()}),
            Term::BlankNode(b) => self.blank(b, depth),
            Term::Literal(l) => match (l.language(), l.datatype().as_str()) {
                (Some(lang), _) => json!({"@value": l.value(), "@language": lang}),
                (None, dt) if def.datatype.as_deref() == Some(dt) => json!(l.value()),
                (None, xsd::STRING) if def.datatype.is_none() && !def.iri_values => {
                    json!(l.value())
                }
                (None, xsd::STRING) => json!({"@value": l.value()}),
                (None, dt) => json!({"@value": l.value(), "@type": compact_iri(dt)}),
            },
            #[allow(unreachable_patterns)]
            _ => json!(o.to_string()),
        }
    }

    fn object(&self, node: &NamedOrBlankNode, depth: usize, with_id: bool) -> Value {
        let key = node_key(node);
        let mut obj = Map::new();
        if with_id || matches!(node, NamedOrBlankNode::NamedNode(_)) {
            let id = match node {
                NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
                NamedOrBlankNode::BlankNode(_) => key.clone(),
            };
            obj.insert("@id".into(), json!(id));
        }
        let Some((_, props)) = self.by_subject.get(&key) else {
            return Value::Object(obj);
        };
        let classes = context_terms();
        let mut types = Vec::new();
        let mut class_terms = Vec::new();
        for (p, o) in props {
            if let (true, Term::NamedNode(t)) = (p == rdf::TYPE, o) {
                match classes.classes.get(t.as_str()) {
                    Some(term) => {
                        class_terms.push(term.clone());
                        types.push(json!(term));
                    }
                    None => types.push(json!(compact_iri(t.as_str()))),
                }
            }
        }
        let in_force = terms_for(&class_terms);
        let by_iri: HashMap<&str, &TermDef> =
            in_force.values().map(|d| (d.iri.as_str(), *d)).collect();
        let mut grouped: BTreeMap<String, (Option<&TermDef>, Vec<Value>)> = BTreeMap::new();
        for (p, o) in props {
            if p == rdf::TYPE && matches!(o, Term::NamedNode(_)) {
                continue;
            }
            // Only a term whose name still means this IRI in the node's context is usable.
            let def = by_iri
                .get(p.as_str())
                .copied()
                .filter(|d| in_force.get(d.name.as_str()).is_some_and(|x| x.iri == *p));
            let (key, value) = match def {
                Some(def) => (def.name.clone(), self.term_value(def, o, depth)),
                None => (compact_iri(p), self.value(o, depth)),
            };
            let entry = grouped.entry(key).or_insert((def, Vec::new()));
            entry.1.push(value);
        }
        if !types.is_empty() {
            obj.insert(
                "@type".into(),
                if types.len() == 1 {
                    types.remove(0)
                } else {
                    Value::Array(types)
                },
            );
        }
        for (p, (def, mut values)) in grouped {
            let set = def.is_some_and(|d| d.set);
            obj.insert(
                p,
                if values.len() == 1 && !set {
                    values.remove(0)
                } else {
                    Value::Array(values)
                },
            );
        }
        Value::Object(obj)
    }
}

/// Writes a graph as compacted JSON-LD.
pub(crate) fn write_compacted(graph: &Graph) -> String {
    let mut by_subject: BTreeMap<String, (NamedOrBlankNode, Vec<(String, Term)>)> = BTreeMap::new();
    let mut uses: HashMap<String, usize> = HashMap::new();
    for t in graph.iter() {
        let s: NamedOrBlankNode = t.subject.into_owned();
        let entry = by_subject
            .entry(node_key(&s))
            .or_insert_with(|| (s.clone(), Vec::new()));
        let o = t.object.into_owned();
        if let Term::BlankNode(b) = &o {
            *uses.entry(format!("_:{}", b.as_str())).or_insert(0) += 1;
        }
        entry.1.push((t.predicate.as_str().to_owned(), o));
    }
    for (_, props) in by_subject.values_mut() {
        props.sort_by_cached_key(|(p, o)| (p.clone(), o.to_string()));
    }
    let w = Writer { by_subject, uses };
    let mut nodes = Vec::new();
    for (key, (node, _)) in &w.by_subject {
        // Blank nodes used exactly once are written inside their user.
        if key.starts_with("_:") && w.uses.get(key) == Some(&1) {
            continue;
        }
        nodes.push(w.object(node, 0, true));
    }
    let prefixes: Map<String, Value> = PREFIXES
        .iter()
        .map(|(p, iri)| ((*p).to_owned(), json!(iri)))
        .collect();
    let doc = json!({"@context": [DCAT_AP_CONTEXT_URL, prefixes], "@graph": nodes});
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// Writes a graph as expanded JSON-LD: one node object per subject with full IRIs, every
/// property value in an array, literals as value objects.
pub(crate) fn write_expanded(graph: &Graph) -> String {
    let mut nodes: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for t in graph.iter() {
        let id = match t.subject {
            oxrdf::NamedOrBlankNodeRef::NamedNode(n) => n.as_str().to_owned(),
            oxrdf::NamedOrBlankNodeRef::BlankNode(b) => format!("_:{}", b.as_str()),
        };
        let node = nodes.entry(id.clone()).or_insert_with(|| {
            let mut m = Map::new();
            m.insert("@id".into(), json!(id));
            m
        });
        let (key, value) = match t.object {
            oxrdf::TermRef::NamedNode(o) if t.predicate.as_str() == rdf::TYPE => {
                ("@type".to_owned(), json!(o.as_str()))
            }
            oxrdf::TermRef::NamedNode(o) => {
                (t.predicate.as_str().to_owned(), json!({"@id": o.as_str()}))
            }
            oxrdf::TermRef::BlankNode(b) => (
                t.predicate.as_str().to_owned(),
                json!({"@id": format!("_:{}", b.as_str())}),
            ),
            oxrdf::TermRef::Literal(l) => {
                let value = match (l.language(), l.datatype().as_str()) {
                    (Some(lang), _) => json!({"@value": l.value(), "@language": lang}),
                    (None, xsd::STRING) => json!({"@value": l.value()}),
                    (None, dt) => json!({"@value": l.value(), "@type": dt}),
                };
                (t.predicate.as_str().to_owned(), value)
            }
            #[allow(unreachable_patterns)]
            _ => continue,
        };
        if let Value::Array(values) = node.entry(key).or_insert_with(|| json!([])) {
            values.push(value);
        }
    }
    let mut out: Vec<Value> = nodes.into_values().map(Value::Object).collect();
    // Deterministic output: values in a stable order.
    for node in &mut out {
        if let Value::Object(map) = node {
            for values in map.values_mut() {
                if let Value::Array(list) = values {
                    list.sort_by_key(|v| v.to_string());
                }
            }
        }
    }
    serde_json::to_string_pretty(&Value::Array(out)).unwrap_or_default()
}

/// Whether an IRI of the graph starts with a declared prefix name and a colon (like the
/// `xsd:date` IRI of the official examples' context): the compacted form would read it
/// as the prefixed name, so such graphs are written expanded.
pub(crate) fn prefix_clash(graph: &Graph) -> bool {
    let clashes = |iri: &str| {
        PREFIXES.iter().any(|(p, _)| {
            iri.strip_prefix(p)
                .is_some_and(|rest| rest.starts_with(':'))
        })
    };
    graph.iter().any(|t| {
        let s =
            matches!(t.subject, oxrdf::NamedOrBlankNodeRef::NamedNode(n) if clashes(n.as_str()));
        let o = match t.object {
            oxrdf::TermRef::NamedNode(n) => clashes(n.as_str()),
            oxrdf::TermRef::Literal(l) => clashes(l.datatype().as_str()),
            _ => false,
        };
        s || o || clashes(t.predicate.as_str())
    })
}
