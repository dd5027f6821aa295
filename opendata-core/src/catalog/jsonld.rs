//! Compacted JSON-LD output: an inline `@context` of the DCAT-AP prefixes, compact IRIs
//! (`dct:title`), one node object per subject, and blank nodes used once nested where
//! they are used.

use std::collections::{BTreeMap, HashMap};

use oxrdf::{Graph, NamedOrBlankNode, Term};
use serde_json::{json, Map, Value};

use super::ns::{self, rdf, xsd, PREFIXES};

/// `dct:title` for IRIs under a declared prefix; other IRIs stay whole, which JSON-LD
/// reads as they are.
fn compact_iri(iri: &str) -> String {
    ns::compact(iri)
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
    fn value(&self, o: &Term, depth: usize) -> Value {
        match o {
            Term::NamedNode(n) => json!({"@id": compact_iri(n.as_str())}),
            Term::BlankNode(b) => {
                let key = format!("_:{}", b.as_str());
                if self.uses.get(&key) == Some(&1) && depth < 8 {
                    if let Some((node, _)) = self.by_subject.get(&key) {
                        return self.object(node, depth + 1, false);
                    }
                }
                json!({"@id": key})
            }
            Term::Literal(l) => match (l.language(), l.datatype().as_str()) {
                (Some(lang), _) => json!({"@value": l.value(), "@language": lang}),
                (None, xsd::STRING) => json!(l.value()),
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
            obj.insert("@id".into(), json!(key));
        }
        let Some((_, props)) = self.by_subject.get(&key) else {
            return Value::Object(obj);
        };
        let mut grouped: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        let mut types = Vec::new();
        for (p, o) in props {
            if p == rdf::TYPE {
                if let Term::NamedNode(t) = o {
                    types.push(json!(compact_iri(t.as_str())));
                    continue;
                }
            }
            grouped
                .entry(compact_iri(p))
                .or_default()
                .push(self.value(o, depth));
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
        for (p, mut values) in grouped {
            obj.insert(
                p,
                if values.len() == 1 {
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
    let context: Map<String, Value> = PREFIXES
        .iter()
        .map(|(p, iri)| ((*p).to_owned(), json!(iri)))
        .collect();
    let doc = json!({"@context": context, "@graph": nodes});
    serde_json::to_string_pretty(&doc).unwrap_or_default()
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
