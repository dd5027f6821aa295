//! Between RDF graphs and the typed model.
//!
//! Reading walks the graph from its catalogues, datasets and services and marks every
//! statement it turns into a field; whatever is left is kept in
//! [`MetadataDocument::other`]. A value is only taken into a field when writing the field
//! back gives the very same literal, so `graph -> model -> graph` is lossless.

use std::collections::HashSet;

use oxrdf::{
    BlankNode, Graph, Literal as OxLiteral, NamedNode, NamedOrBlankNode, Term as OxTerm,
    Triple as OxTriple,
};

use super::model::*;
use super::ns::{adms, dcat, dcatap, dct, foaf, locn, rdf, rdfs, spdx, vcard, xsd};

// ---------------------------------------------------------------- reading

struct Reader<'g> {
    graph: &'g Graph,
    used: HashSet<OxTriple>,
}

fn node_id(node: &NamedOrBlankNode) -> String {
    match node {
        NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
        NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
    }
}

fn term_to_node(term: &OxTerm) -> Option<NamedOrBlankNode> {
    match term {
        OxTerm::NamedNode(n) => Some(n.clone().into()),
        OxTerm::BlankNode(b) => Some(b.clone().into()),
        _ => None,
    }
}

impl<'g> Reader<'g> {
    fn objects(&self, s: &NamedOrBlankNode, p: &str) -> Vec<OxTerm> {
        let p = NamedNode::new_unchecked(p);
        let mut out: Vec<OxTerm> = self
            .graph
            .objects_for_subject_predicate(s, &p)
            .map(|t| t.into_owned())
            .collect();
        // Graph order is not the file order; sort so output is deterministic.
        out.sort_by_key(|t| t.to_string());
        out
    }

    fn mark(&mut self, s: &NamedOrBlankNode, p: &str, o: OxTerm) {
        self.used
            .insert(OxTriple::new(s.clone(), NamedNode::new_unchecked(p), o));
    }

    fn types(&mut self, s: &NamedOrBlankNode) -> Vec<String> {
        self.iris(s, rdf::TYPE)
    }

    fn iris(&mut self, s: &NamedOrBlankNode, p: &str) -> Vec<String> {
        let mut out = Vec::new();
        for o in self.objects(s, p) {
            if let OxTerm::NamedNode(n) = &o {
                out.push(n.as_str().to_owned());
                self.mark(s, p, o);
            }
        }
        out
    }

    fn iri(&mut self, s: &NamedOrBlankNode, p: &str) -> Option<String> {
        let o = self
            .objects(s, p)
            .into_iter()
            .find(|o| matches!(o, OxTerm::NamedNode(_)))?;
        let OxTerm::NamedNode(n) = &o else {
            return None;
        };
        let v = n.as_str().to_owned();
        self.mark(s, p, o);
        Some(v)
    }

    fn lang_strings(&mut self, s: &NamedOrBlankNode, p: &str) -> Vec<LangString> {
        let mut out = Vec::new();
        for o in self.objects(s, p) {
            if let OxTerm::Literal(l) = &o {
                if let Some(lang) = l.language() {
                    out.push(LangString::new(l.value(), lang));
                } else if l.datatype().as_str() == xsd::STRING {
                    out.push(LangString::plain(l.value()));
                } else {
                    continue;
                }
                self.mark(s, p, o);
            }
        }
        out
    }

    fn strings(&mut self, s: &NamedOrBlankNode, p: &str) -> Vec<String> {
        let mut out = Vec::new();
        for o in self.objects(s, p) {
            if let OxTerm::Literal(l) = &o {
                if l.datatype().as_str() == xsd::STRING {
                    out.push(l.value().to_owned());
                    self.mark(s, p, o);
                }
            }
        }
        out
    }

    fn string(&mut self, s: &NamedOrBlankNode, p: &str) -> Option<String> {
        let o = self
            .objects(s, p)
            .into_iter()
            .find(|o| matches!(o, OxTerm::Literal(l) if l.datatype().as_str() == xsd::STRING))?;
        let OxTerm::Literal(l) = &o else { return None };
        let v = l.value().to_owned();
        self.mark(s, p, o);
        Some(v)
    }

    fn typed_literal(&mut self, s: &NamedOrBlankNode, p: &str) -> Option<Literal> {
        let o = self
            .objects(s, p)
            .into_iter()
            .find(|o| matches!(o, OxTerm::Literal(_)))?;
        let OxTerm::Literal(l) = &o else { return None };
        let lit = from_ox_literal(l);
        self.mark(s, p, o);
        Some(lit)
    }

    fn date(&mut self, s: &NamedOrBlankNode, p: &str) -> Option<DateValue> {
        for o in self.objects(s, p) {
            if let OxTerm::Literal(l) = &o {
                if let Some(d) = DateValue::parse_typed(l.value(), l.datatype().as_str()) {
                    if d.to_string() == l.value() {
                        self.mark(s, p, o);
                        return Some(d);
                    }
                }
            }
        }
        None
    }

    fn unsigned(&mut self, s: &NamedOrBlankNode, p: &str) -> Option<u64> {
        for o in self.objects(s, p) {
            if let OxTerm::Literal(l) = &o {
                if l.datatype().as_str() == xsd::NON_NEGATIVE_INTEGER {
                    if let Ok(n) = l.value().parse::<u64>() {
                        if n.to_string() == l.value() {
                            self.mark(s, p, o);
                            return Some(n);
                        }
                    }
                }
            }
        }
        None
    }

    fn nodes(&mut self, s: &NamedOrBlankNode, p: &str) -> Vec<NamedOrBlankNode> {
        let mut out = Vec::new();
        for o in self.objects(s, p) {
            if let Some(n) = term_to_node(&o) {
                out.push(n);
                self.mark(s, p, o);
            }
        }
        out
    }

    fn agent(&mut self, n: &NamedOrBlankNode) -> Agent {
        Agent {
            id: Some(node_id(n)),
            types: self.types(n),
            name: self.lang_strings(n, foaf::NAME),
            agent_type: self.iri(n, dct::TYPE),
            email: self.iri(n, foaf::MBOX),
            homepage: self.iri(n, foaf::HOMEPAGE),
        }
    }

    fn contact(&mut self, n: &NamedOrBlankNode) -> ContactPoint {
        ContactPoint {
            id: Some(node_id(n)),
            types: self.types(n),
            name: self.lang_strings(n, vcard::FN),
            email: self.iri(n, vcard::HAS_EMAIL),
            url: self.iri(n, vcard::HAS_URL),
            telephone: self.iri(n, vcard::HAS_TELEPHONE),
        }
    }

    fn period(&mut self, n: &NamedOrBlankNode) -> PeriodOfTime {
        PeriodOfTime {
            id: Some(node_id(n)),
            types: self.types(n),
            start: self.date(n, dcat::START_DATE),
            end: self.date(n, dcat::END_DATE),
        }
    }

    fn location(&mut self, n: &NamedOrBlankNode) -> Location {
        Location {
            id: Some(node_id(n)),
            types: self.types(n),
            bbox: self.typed_literal(n, dcat::BBOX),
            centroid: self.typed_literal(n, dcat::CENTROID),
            geometry: self.typed_literal(n, locn::GEOMETRY),
        }
    }

    fn licence(&mut self, n: &NamedOrBlankNode) -> LicenseDocument {
        LicenseDocument {
            id: Some(node_id(n)),
            types: self.types(n),
            licence_type: self.iri(n, dct::TYPE),
            label: self.lang_strings(n, rdfs::LABEL),
        }
    }

    fn checksum(&mut self, n: &NamedOrBlankNode) -> Option<Checksum> {
        // Only a complete checksum becomes a field; a broken one stays as triples for the
        // validator to report.
        let algorithm = self.objects(n, spdx::ALGORITHM);
        let value = self.objects(n, spdx::CHECKSUM_VALUE);
        let (Some(OxTerm::NamedNode(alg)), Some(OxTerm::Literal(val))) =
            (algorithm.first(), value.first())
        else {
            return None;
        };
        if algorithm.len() != 1 || value.len() != 1 || val.datatype().as_str() != xsd::HEX_BINARY {
            return None;
        }
        let c = Checksum {
            id: Some(node_id(n)),
            types: self.types(n),
            algorithm: alg.as_str().to_owned(),
            value: val.value().to_owned(),
        };
        self.mark(n, spdx::ALGORITHM, OxTerm::NamedNode(alg.clone()));
        self.mark(n, spdx::CHECKSUM_VALUE, OxTerm::Literal(val.clone()));
        Some(c)
    }

    fn relationship(&mut self, n: &NamedOrBlankNode) -> Relationship {
        Relationship {
            id: Some(node_id(n)),
            types: self.types(n),
            relation: self.iris(n, dct::RELATION),
            role: self.iris(n, dcat::HAD_ROLE),
        }
    }

    fn first_node<T>(
        &mut self,
        s: &NamedOrBlankNode,
        p: &str,
        read: impl Fn(&mut Self, &NamedOrBlankNode) -> T,
    ) -> Option<T> {
        let o = self
            .objects(s, p)
            .into_iter()
            .find_map(|o| term_to_node(&o))?;
        self.mark(s, p, o.clone().into());
        Some(read(self, &o))
    }

    fn all_nodes<T>(
        &mut self,
        s: &NamedOrBlankNode,
        p: &str,
        read: impl Fn(&mut Self, &NamedOrBlankNode) -> T,
    ) -> Vec<T> {
        self.nodes(s, p).iter().map(|n| read(self, n)).collect()
    }

    fn distribution(&mut self, n: &NamedOrBlankNode) -> Distribution {
        let checksum = self
            .objects(n, spdx::CHECKSUM)
            .into_iter()
            .find_map(|o| term_to_node(&o));
        let checksum = checksum.and_then(|c| {
            let value = self.checksum(&c)?;
            self.mark(n, spdx::CHECKSUM, c.into());
            Some(value)
        });
        Distribution {
            id: Some(node_id(n)),
            types: self.types(n),
            title: self.lang_strings(n, dct::TITLE),
            description: self.lang_strings(n, dct::DESCRIPTION),
            access_url: self.iris(n, dcat::ACCESS_URL),
            download_url: self.iris(n, dcat::DOWNLOAD_URL),
            access_service: self.iris(n, dcat::ACCESS_SERVICE),
            format: self.iri(n, dct::FORMAT),
            media_type: self.iri(n, dcat::MEDIA_TYPE),
            compress_format: self.iri(n, dcat::COMPRESS_FORMAT),
            package_format: self.iri(n, dcat::PACKAGE_FORMAT),
            byte_size: self.unsigned(n, dcat::BYTE_SIZE),
            checksum,
            license: self.first_node(n, dct::LICENSE, Self::licence),
            rights: self.iri(n, dct::RIGHTS),
            status: self.iri(n, adms::STATUS),
            availability: self.iri(n, dcatap::AVAILABILITY),
            issued: self.date(n, dct::ISSUED),
            modified: self.date(n, dct::MODIFIED),
            language: self.iris(n, dct::LANGUAGE),
            conforms_to: self.iris(n, dct::CONFORMS_TO),
            page: self.iris(n, foaf::PAGE),
            applicable_legislation: self.iris(n, dcatap::APPLICABLE_LEGISLATION),
        }
    }

    fn dataset(&mut self, n: &NamedOrBlankNode) -> Dataset {
        Dataset {
            id: Some(node_id(n)),
            types: self.types(n),
            title: self.lang_strings(n, dct::TITLE),
            description: self.lang_strings(n, dct::DESCRIPTION),
            identifier: self.strings(n, dct::IDENTIFIER),
            keyword: self.lang_strings(n, dcat::KEYWORD),
            theme: self.iris(n, dcat::THEME),
            dataset_type: self.iris(n, dct::TYPE),
            publisher: self.first_node(n, dct::PUBLISHER, Self::agent),
            creator: self.all_nodes(n, dct::CREATOR, Self::agent),
            contact_point: self.all_nodes(n, dcat::CONTACT_POINT, Self::contact),
            issued: self.date(n, dct::ISSUED),
            modified: self.date(n, dct::MODIFIED),
            language: self.iris(n, dct::LANGUAGE),
            accrual_periodicity: self.iri(n, dct::ACCRUAL_PERIODICITY),
            temporal: self.all_nodes(n, dct::TEMPORAL, Self::period),
            spatial: self.all_nodes(n, dct::SPATIAL, Self::location),
            access_rights: self.iri(n, dct::ACCESS_RIGHTS),
            conforms_to: self.iris(n, dct::CONFORMS_TO),
            landing_page: self.iris(n, dcat::LANDING_PAGE),
            page: self.iris(n, foaf::PAGE),
            version: self.string(n, dcat::VERSION),
            version_notes: self.lang_strings(n, adms::VERSION_NOTES),
            in_series: self.iris(n, dcat::IN_SERIES),
            source: self.iris(n, dct::SOURCE),
            relation: self.iris(n, dct::RELATION),
            qualified_relation: self.all_nodes(n, dcat::QUALIFIED_RELATION, Self::relationship),
            applicable_legislation: self.iris(n, dcatap::APPLICABLE_LEGISLATION),
            distributions: self.all_nodes(n, dcat::DISTRIBUTION_P, Self::distribution),
        }
    }

    fn service(&mut self, n: &NamedOrBlankNode) -> DataService {
        DataService {
            id: Some(node_id(n)),
            types: self.types(n),
            title: self.lang_strings(n, dct::TITLE),
            description: self.lang_strings(n, dct::DESCRIPTION),
            endpoint_url: self.iris(n, dcat::ENDPOINT_URL),
            endpoint_description: self.iris(n, dcat::ENDPOINT_DESCRIPTION),
            serves_dataset: self.iris(n, dcat::SERVES_DATASET),
            publisher: self.first_node(n, dct::PUBLISHER, Self::agent),
            contact_point: self.all_nodes(n, dcat::CONTACT_POINT, Self::contact),
            keyword: self.lang_strings(n, dcat::KEYWORD),
            theme: self.iris(n, dcat::THEME),
            access_rights: self.iri(n, dct::ACCESS_RIGHTS),
            license: self.first_node(n, dct::LICENSE, Self::licence),
            conforms_to: self.iris(n, dct::CONFORMS_TO),
            format: self.iris(n, dct::FORMAT),
            landing_page: self.iris(n, dcat::LANDING_PAGE),
            applicable_legislation: self.iris(n, dcatap::APPLICABLE_LEGISLATION),
        }
    }

    fn record(&mut self, n: &NamedOrBlankNode) -> CatalogRecord {
        CatalogRecord {
            id: Some(node_id(n)),
            types: self.types(n),
            primary_topic: self.iri(n, foaf::PRIMARY_TOPIC),
            modified: self.date(n, dct::MODIFIED),
            issued: self.date(n, dct::ISSUED),
            title: self.lang_strings(n, dct::TITLE),
            description: self.lang_strings(n, dct::DESCRIPTION),
            conforms_to: self.iri(n, dct::CONFORMS_TO),
            status: self.iri(n, adms::STATUS),
            language: self.iris(n, dct::LANGUAGE),
        }
    }

    fn catalog(&mut self, n: &NamedOrBlankNode) -> Catalog {
        Catalog {
            id: Some(node_id(n)),
            types: self.types(n),
            title: self.lang_strings(n, dct::TITLE),
            description: self.lang_strings(n, dct::DESCRIPTION),
            publisher: self.first_node(n, dct::PUBLISHER, Self::agent),
            creator: self.first_node(n, dct::CREATOR, Self::agent),
            homepage: self.iri(n, foaf::HOMEPAGE),
            language: self.iris(n, dct::LANGUAGE),
            license: self.first_node(n, dct::LICENSE, Self::licence),
            rights: self.iri(n, dct::RIGHTS),
            issued: self.date(n, dct::ISSUED),
            modified: self.date(n, dct::MODIFIED),
            theme_taxonomy: self.iris(n, dcat::THEME_TAXONOMY),
            spatial: self.all_nodes(n, dct::SPATIAL, Self::location),
            catalogs: self.iris(n, dcat::CATALOG_P),
            has_part: self.iris(n, dct::HAS_PART),
            applicable_legislation: self.iris(n, dcatap::APPLICABLE_LEGISLATION),
            datasets: self.all_nodes(n, dcat::DATASET_P, Self::dataset),
            services: self.all_nodes(n, dcat::SERVICE, Self::service),
            records: self.all_nodes(n, dcat::RECORD, Self::record),
        }
    }
}

fn subjects_of_type(graph: &Graph, class: &str) -> Vec<NamedOrBlankNode> {
    let class = NamedNode::new_unchecked(class);
    let mut out: Vec<NamedOrBlankNode> = graph
        .subjects_for_predicate_object(&NamedNode::new_unchecked(rdf::TYPE), &class)
        .map(|s| s.into_owned())
        .collect();
    out.sort_by_cached_key(|n| n.to_string());
    out
}

fn objects_of(graph: &Graph, predicate: &str) -> HashSet<NamedOrBlankNode> {
    graph
        .triples_for_predicate(&NamedNode::new_unchecked(predicate))
        .filter_map(|t| term_to_node(&t.object.into_owned()))
        .collect()
}

/// Reads the typed model from a graph. Statements without a model field are kept in
/// [`MetadataDocument::other`].
pub fn document_from_graph(graph: &Graph) -> MetadataDocument {
    let mut r = Reader {
        graph,
        used: HashSet::new(),
    };
    let mut doc = MetadataDocument::default();
    for c in subjects_of_type(graph, dcat::CATALOG) {
        let catalog = r.catalog(&c);
        doc.catalogs.push(catalog);
    }
    let listed_datasets = objects_of(graph, dcat::DATASET_P);
    let mut datasets = subjects_of_type(graph, dcat::DATASET);
    datasets.extend(subjects_of_type(graph, dcat::DATASET_SERIES));
    datasets.sort_by_cached_key(|n| n.to_string());
    datasets.dedup();
    for d in datasets.iter().filter(|d| !listed_datasets.contains(*d)) {
        doc.datasets.push(r.dataset(d));
    }
    let listed_services = objects_of(graph, dcat::SERVICE);
    for s in subjects_of_type(graph, dcat::DATA_SERVICE)
        .iter()
        .filter(|s| !listed_services.contains(*s))
    {
        doc.services.push(r.service(s));
    }
    let listed_distributions = objects_of(graph, dcat::DISTRIBUTION_P);
    for d in subjects_of_type(graph, dcat::DISTRIBUTION)
        .iter()
        .filter(|d| !listed_distributions.contains(*d))
    {
        doc.distributions.push(r.distribution(d));
    }
    let mut other: Vec<Triple> = graph
        .iter()
        .map(|t| t.into_owned())
        .filter(|t| !r.used.contains(t))
        .map(|t| Triple {
            subject: from_ox_term(&t.subject.into()),
            predicate: t.predicate.into_string(),
            object: from_ox_term(&t.object),
        })
        .collect();
    other.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    doc.other = other;
    doc
}

fn from_ox_literal(l: &OxLiteral) -> Literal {
    Literal {
        value: l.value().to_owned(),
        lang: l.language().map(str::to_owned),
        datatype: match l.datatype().as_str() {
            xsd::STRING | rdf::LANG_STRING => None,
            other => Some(other.to_owned()),
        },
    }
}

fn from_ox_term(t: &OxTerm) -> Term {
    match t {
        OxTerm::NamedNode(n) => Term::Iri {
            value: n.as_str().to_owned(),
        },
        OxTerm::BlankNode(b) => Term::Blank {
            value: b.as_str().to_owned(),
        },
        OxTerm::Literal(l) => Term::Literal(from_ox_literal(l)),
        #[allow(unreachable_patterns)]
        _ => Term::Literal(Literal {
            value: t.to_string(),
            lang: None,
            datatype: None,
        }),
    }
}

// ---------------------------------------------------------------- writing

struct Writer {
    triples: Vec<OxTriple>,
    fresh: u64,
}

fn to_ox_literal(l: &Literal) -> OxLiteral {
    if let Some(lang) = &l.lang {
        if let Ok(lit) = OxLiteral::new_language_tagged_literal(&l.value, lang) {
            return lit;
        }
    }
    match &l.datatype {
        Some(dt) => match NamedNode::new(dt) {
            Ok(dt) => OxLiteral::new_typed_literal(&l.value, dt),
            Err(_) => OxLiteral::new_simple_literal(&l.value),
        },
        None => OxLiteral::new_simple_literal(&l.value),
    }
}

fn to_ox_term(t: &Term) -> Option<OxTerm> {
    Some(match t {
        Term::Iri { value } => NamedNode::new(value).ok()?.into(),
        Term::Blank { value } => BlankNode::new(value).ok()?.into(),
        Term::Literal(l) => to_ox_literal(l).into(),
    })
}

impl Writer {
    /// A node for a model `id`: an IRI, `_:label`, or a new blank node. Ids that are
    /// neither become new blank nodes rather than failing the whole write.
    fn node(&mut self, id: Option<&str>) -> NamedOrBlankNode {
        match id {
            Some(s) if s.starts_with("_:") => {
                if let Ok(b) = BlankNode::new(&s[2..]) {
                    return b.into();
                }
            }
            Some(s) => {
                if let Ok(n) = NamedNode::new(s) {
                    return n.into();
                }
            }
            None => {}
        }
        // Counter labels, not random ones, so the same model always gives the same output.
        self.fresh += 1;
        BlankNode::new_unchecked(format!("odgen{}", self.fresh)).into()
    }

    fn push(&mut self, s: &NamedOrBlankNode, p: &str, o: OxTerm) {
        self.triples
            .push(OxTriple::new(s.clone(), NamedNode::new_unchecked(p), o));
    }

    fn iri(&mut self, s: &NamedOrBlankNode, p: &str, iri: &str) {
        // A value that is not an IRI is written as a plain literal, so the validator can
        // report it as the wrong node kind instead of the writer dropping it.
        let o: OxTerm = match NamedNode::new(iri) {
            Ok(n) => n.into(),
            Err(_) => OxLiteral::new_simple_literal(iri).into(),
        };
        self.push(s, p, o);
    }

    fn iris<'a>(
        &mut self,
        s: &NamedOrBlankNode,
        p: &str,
        iris: impl IntoIterator<Item = &'a String>,
    ) {
        for i in iris {
            self.iri(s, p, i);
        }
    }

    fn opt_iri(&mut self, s: &NamedOrBlankNode, p: &str, iri: &Option<String>) {
        if let Some(i) = iri {
            self.iri(s, p, i);
        }
    }

    fn texts(&mut self, s: &NamedOrBlankNode, p: &str, texts: &[LangString]) {
        for t in texts {
            let lit = match &t.lang {
                Some(lang) => OxLiteral::new_language_tagged_literal(&t.value, lang)
                    .unwrap_or_else(|_| OxLiteral::new_simple_literal(&t.value)),
                None => OxLiteral::new_simple_literal(&t.value),
            };
            self.push(s, p, lit.into());
        }
    }

    fn date(&mut self, s: &NamedOrBlankNode, p: &str, d: &Option<DateValue>) {
        if let Some(d) = d {
            let lit =
                OxLiteral::new_typed_literal(d.to_string(), NamedNode::new_unchecked(d.datatype()));
            self.push(s, p, lit.into());
        }
    }

    fn literal(&mut self, s: &NamedOrBlankNode, p: &str, l: &Option<Literal>) {
        if let Some(l) = l {
            self.push(s, p, to_ox_literal(l).into());
        }
    }

    fn types(&mut self, s: &NamedOrBlankNode, types: &[String]) {
        self.iris(s, rdf::TYPE, types);
    }

    fn link(&mut self, s: &NamedOrBlankNode, p: &str, id: Option<&str>) -> NamedOrBlankNode {
        let n = self.node(id);
        self.push(s, p, n.clone().into());
        n
    }

    fn agent(&mut self, s: &NamedOrBlankNode, p: &str, a: &Agent) {
        let n = self.link(s, p, a.id.as_deref());
        self.types(&n, &a.types);
        self.texts(&n, foaf::NAME, &a.name);
        self.opt_iri(&n, dct::TYPE, &a.agent_type);
        self.opt_iri(&n, foaf::MBOX, &a.email);
        self.opt_iri(&n, foaf::HOMEPAGE, &a.homepage);
    }

    fn contact(&mut self, s: &NamedOrBlankNode, c: &ContactPoint) {
        let n = self.link(s, dcat::CONTACT_POINT, c.id.as_deref());
        self.types(&n, &c.types);
        self.texts(&n, vcard::FN, &c.name);
        self.opt_iri(&n, vcard::HAS_EMAIL, &c.email);
        self.opt_iri(&n, vcard::HAS_URL, &c.url);
        self.opt_iri(&n, vcard::HAS_TELEPHONE, &c.telephone);
    }

    fn period(&mut self, s: &NamedOrBlankNode, t: &PeriodOfTime) {
        let n = self.link(s, dct::TEMPORAL, t.id.as_deref());
        self.types(&n, &t.types);
        self.date(&n, dcat::START_DATE, &t.start);
        self.date(&n, dcat::END_DATE, &t.end);
    }

    fn location(&mut self, s: &NamedOrBlankNode, l: &Location) {
        let n = self.link(s, dct::SPATIAL, l.id.as_deref());
        self.types(&n, &l.types);
        self.literal(&n, dcat::BBOX, &l.bbox);
        self.literal(&n, dcat::CENTROID, &l.centroid);
        self.literal(&n, locn::GEOMETRY, &l.geometry);
    }

    fn licence(&mut self, s: &NamedOrBlankNode, l: &Option<LicenseDocument>) {
        if let Some(l) = l {
            let n = self.link(s, dct::LICENSE, l.id.as_deref());
            self.types(&n, &l.types);
            self.opt_iri(&n, dct::TYPE, &l.licence_type);
            self.texts(&n, rdfs::LABEL, &l.label);
        }
    }

    fn distribution(&mut self, s: &NamedOrBlankNode, d: &Distribution) {
        let n = self.link(s, dcat::DISTRIBUTION_P, d.id.as_deref());
        self.distribution_body(&n, d);
    }

    fn distribution_body(&mut self, n: &NamedOrBlankNode, d: &Distribution) {
        self.types(n, &d.types);
        self.texts(n, dct::TITLE, &d.title);
        self.texts(n, dct::DESCRIPTION, &d.description);
        self.iris(n, dcat::ACCESS_URL, &d.access_url);
        self.iris(n, dcat::DOWNLOAD_URL, &d.download_url);
        self.iris(n, dcat::ACCESS_SERVICE, &d.access_service);
        self.opt_iri(n, dct::FORMAT, &d.format);
        self.opt_iri(n, dcat::MEDIA_TYPE, &d.media_type);
        self.opt_iri(n, dcat::COMPRESS_FORMAT, &d.compress_format);
        self.opt_iri(n, dcat::PACKAGE_FORMAT, &d.package_format);
        if let Some(size) = d.byte_size {
            let lit = OxLiteral::new_typed_literal(
                size.to_string(),
                NamedNode::new_unchecked(xsd::NON_NEGATIVE_INTEGER),
            );
            self.push(n, dcat::BYTE_SIZE, lit.into());
        }
        if let Some(c) = &d.checksum {
            let cn = self.link(n, spdx::CHECKSUM, c.id.as_deref());
            self.types(&cn, &c.types);
            self.iri(&cn, spdx::ALGORITHM, &c.algorithm);
            let lit =
                OxLiteral::new_typed_literal(&c.value, NamedNode::new_unchecked(xsd::HEX_BINARY));
            self.push(&cn, spdx::CHECKSUM_VALUE, lit.into());
        }
        self.licence(n, &d.license);
        self.opt_iri(n, dct::RIGHTS, &d.rights);
        self.opt_iri(n, adms::STATUS, &d.status);
        self.opt_iri(n, dcatap::AVAILABILITY, &d.availability);
        self.date(n, dct::ISSUED, &d.issued);
        self.date(n, dct::MODIFIED, &d.modified);
        self.iris(n, dct::LANGUAGE, &d.language);
        self.iris(n, dct::CONFORMS_TO, &d.conforms_to);
        self.iris(n, foaf::PAGE, &d.page);
        self.iris(n, dcatap::APPLICABLE_LEGISLATION, &d.applicable_legislation);
    }

    fn dataset(&mut self, n: &NamedOrBlankNode, d: &Dataset) {
        self.types(n, &d.types);
        self.texts(n, dct::TITLE, &d.title);
        self.texts(n, dct::DESCRIPTION, &d.description);
        for id in &d.identifier {
            self.push(n, dct::IDENTIFIER, OxLiteral::new_simple_literal(id).into());
        }
        self.texts(n, dcat::KEYWORD, &d.keyword);
        self.iris(n, dcat::THEME, &d.theme);
        self.iris(n, dct::TYPE, &d.dataset_type);
        if let Some(p) = &d.publisher {
            self.agent(n, dct::PUBLISHER, p);
        }
        for c in &d.creator {
            self.agent(n, dct::CREATOR, c);
        }
        for c in &d.contact_point {
            self.contact(n, c);
        }
        self.date(n, dct::ISSUED, &d.issued);
        self.date(n, dct::MODIFIED, &d.modified);
        self.iris(n, dct::LANGUAGE, &d.language);
        self.opt_iri(n, dct::ACCRUAL_PERIODICITY, &d.accrual_periodicity);
        for t in &d.temporal {
            self.period(n, t);
        }
        for l in &d.spatial {
            self.location(n, l);
        }
        self.opt_iri(n, dct::ACCESS_RIGHTS, &d.access_rights);
        self.iris(n, dct::CONFORMS_TO, &d.conforms_to);
        self.iris(n, dcat::LANDING_PAGE, &d.landing_page);
        self.iris(n, foaf::PAGE, &d.page);
        if let Some(v) = &d.version {
            self.push(n, dcat::VERSION, OxLiteral::new_simple_literal(v).into());
        }
        self.texts(n, adms::VERSION_NOTES, &d.version_notes);
        self.iris(n, dcat::IN_SERIES, &d.in_series);
        self.iris(n, dct::SOURCE, &d.source);
        self.iris(n, dct::RELATION, &d.relation);
        for r in &d.qualified_relation {
            let rn = self.link(n, dcat::QUALIFIED_RELATION, r.id.as_deref());
            self.types(&rn, &r.types);
            self.iris(&rn, dct::RELATION, &r.relation);
            self.iris(&rn, dcat::HAD_ROLE, &r.role);
        }
        self.iris(n, dcatap::APPLICABLE_LEGISLATION, &d.applicable_legislation);
        for dist in &d.distributions {
            self.distribution(n, dist);
        }
    }

    fn service(&mut self, n: &NamedOrBlankNode, s: &DataService) {
        self.types(n, &s.types);
        self.texts(n, dct::TITLE, &s.title);
        self.texts(n, dct::DESCRIPTION, &s.description);
        self.iris(n, dcat::ENDPOINT_URL, &s.endpoint_url);
        self.iris(n, dcat::ENDPOINT_DESCRIPTION, &s.endpoint_description);
        self.iris(n, dcat::SERVES_DATASET, &s.serves_dataset);
        if let Some(p) = &s.publisher {
            self.agent(n, dct::PUBLISHER, p);
        }
        for c in &s.contact_point {
            self.contact(n, c);
        }
        self.texts(n, dcat::KEYWORD, &s.keyword);
        self.iris(n, dcat::THEME, &s.theme);
        self.opt_iri(n, dct::ACCESS_RIGHTS, &s.access_rights);
        self.licence(n, &s.license);
        self.iris(n, dct::CONFORMS_TO, &s.conforms_to);
        self.iris(n, dct::FORMAT, &s.format);
        self.iris(n, dcat::LANDING_PAGE, &s.landing_page);
        self.iris(n, dcatap::APPLICABLE_LEGISLATION, &s.applicable_legislation);
    }

    fn catalog(&mut self, c: &Catalog) {
        let n = self.node(c.id.as_deref());
        self.types(&n, &c.types);
        self.texts(&n, dct::TITLE, &c.title);
        self.texts(&n, dct::DESCRIPTION, &c.description);
        if let Some(p) = &c.publisher {
            self.agent(&n, dct::PUBLISHER, p);
        }
        if let Some(p) = &c.creator {
            self.agent(&n, dct::CREATOR, p);
        }
        self.opt_iri(&n, foaf::HOMEPAGE, &c.homepage);
        self.iris(&n, dct::LANGUAGE, &c.language);
        self.licence(&n, &c.license);
        self.opt_iri(&n, dct::RIGHTS, &c.rights);
        self.date(&n, dct::ISSUED, &c.issued);
        self.date(&n, dct::MODIFIED, &c.modified);
        self.iris(&n, dcat::THEME_TAXONOMY, &c.theme_taxonomy);
        for l in &c.spatial {
            self.location(&n, l);
        }
        self.iris(&n, dcat::CATALOG_P, &c.catalogs);
        self.iris(&n, dct::HAS_PART, &c.has_part);
        self.iris(
            &n,
            dcatap::APPLICABLE_LEGISLATION,
            &c.applicable_legislation,
        );
        for d in &c.datasets {
            let dn = self.link(&n, dcat::DATASET_P, d.id.as_deref());
            self.dataset(&dn, d);
        }
        for s in &c.services {
            let sn = self.link(&n, dcat::SERVICE, s.id.as_deref());
            self.service(&sn, s);
        }
        for r in &c.records {
            let rn = self.link(&n, dcat::RECORD, r.id.as_deref());
            self.types(&rn, &r.types);
            self.opt_iri(&rn, foaf::PRIMARY_TOPIC, &r.primary_topic);
            self.date(&rn, dct::MODIFIED, &r.modified);
            self.date(&rn, dct::ISSUED, &r.issued);
            self.texts(&rn, dct::TITLE, &r.title);
            self.texts(&rn, dct::DESCRIPTION, &r.description);
            self.opt_iri(&rn, dct::CONFORMS_TO, &r.conforms_to);
            self.opt_iri(&rn, adms::STATUS, &r.status);
            self.iris(&rn, dct::LANGUAGE, &r.language);
        }
    }
}

/// Writes the model as RDF triples.
pub fn document_to_graph(doc: &MetadataDocument) -> Graph {
    let mut w = Writer {
        triples: Vec::new(),
        fresh: 0,
    };
    for c in &doc.catalogs {
        w.catalog(c);
    }
    for d in &doc.datasets {
        let n = w.node(d.id.as_deref());
        w.dataset(&n, d);
    }
    for s in &doc.services {
        let n = w.node(s.id.as_deref());
        w.service(&n, s);
    }
    for d in &doc.distributions {
        let n = w.node(d.id.as_deref());
        w.distribution_body(&n, d);
    }
    let mut graph = Graph::new();
    for t in &w.triples {
        graph.insert(t);
    }
    for t in &doc.other {
        let (Some(s), Some(o)) = (
            to_ox_term(&t.subject).and_then(|s| term_to_node(&s)),
            to_ox_term(&t.object),
        ) else {
            continue;
        };
        if let Ok(p) = NamedNode::new(&t.predicate) {
            graph.insert(&OxTriple::new(s, p, o));
        }
    }
    graph
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::ns::spdx;

    fn sample() -> MetadataDocument {
        let mut dist = Distribution::new(
            Some("https://example.org/dist/1"),
            "https://example.org/files/bees.csv",
        );
        dist.download_url
            .push("https://example.org/files/bees.csv".into());
        dist.format = Some("http://publications.europa.eu/resource/authority/file-type/CSV".into());
        dist.media_type = Some("http://www.iana.org/assignments/media-types/text/csv".into());
        dist.byte_size = Some(1234);
        dist.checksum = Some(Checksum::sha256("ab".repeat(32)));
        dist.license = Some(LicenseDocument::reference(
            "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0",
        ));
        dist.modified = DateValue::parse("2024-05-31T10:15:00Z");
        let mut ds = Dataset::new("https://example.org/ds/1")
            .with_title(LangString::new("Bee population", "en"))
            .with_title(LangString::new("Bienenbestand", "de"))
            .with_description(LangString::new("Counts of bee colonies", "en"))
            .with_keyword(LangString::new("bees", "en"))
            .with_theme("http://publications.europa.eu/resource/authority/data-theme/AGRI")
            .with_publisher(Agent::named(
                None,
                LangString::new("Environment Agency", "en"),
            ))
            .with_contact_point(ContactPoint::organization(
                LangString::plain("Data desk"),
                "data@example.org",
            ))
            .with_accrual_periodicity(
                "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
            )
            .with_issued(DateValue::parse("2023").unwrap())
            .with_modified(DateValue::parse("2024-05").unwrap())
            .with_distribution(dist);
        ds.temporal.push(PeriodOfTime::between(
            DateValue::parse("2022-01-01"),
            DateValue::parse("2022-12-31"),
        ));
        ds.spatial.push(Location::reference(
            "http://publications.europa.eu/resource/authority/country/GRC",
        ));
        ds.identifier.push("bees-2022".into());
        ds.version = Some("1.0".into());
        MetadataDocument {
            catalogs: vec![Catalog {
                id: Some("https://example.org/catalog".into()),
                types: vec![dcat::CATALOG.into()],
                title: vec![LangString::new("Open data", "en")],
                datasets: vec![ds],
                ..Catalog::default()
            }],
            ..MetadataDocument::default()
        }
    }

    #[test]
    fn model_graph_model_keeps_every_field() {
        let doc = sample();
        let graph = document_to_graph(&doc);
        let mut back = document_from_graph(&graph);
        assert!(back.other.is_empty(), "{:#?}", back.other);
        // Blank nodes come back with the labels the writer gave them.
        let ds = &mut back.catalogs[0].datasets[0];
        assert!(ds
            .publisher
            .as_ref()
            .unwrap()
            .id
            .as_deref()
            .unwrap()
            .starts_with("_:"));
        ds.publisher.as_mut().unwrap().id = None;
        ds.contact_point[0].id = None;
        ds.temporal[0].id = None;
        ds.distributions[0].checksum.as_mut().unwrap().id = None;
        assert_eq!(back, doc);
        assert_eq!(
            back.catalogs[0].datasets[0].distributions[0]
                .checksum
                .as_ref()
                .unwrap()
                .algorithm,
            spdx::SHA256
        );
    }

    #[test]
    fn serde_json_round_trip() {
        let doc = sample();
        let json = serde_json::to_string(&doc).unwrap();
        assert!(json.contains(r#""modified":"2024-05""#), "{json}");
        let back: MetadataDocument = serde_json::from_str(&json).unwrap();
        assert_eq!(back, doc);
    }

    #[test]
    fn literals_that_would_not_round_trip_stay_as_triples() {
        let ttl = r#"@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
            <https://e.org/d> a dcat:Distribution ; dcat:byteSize "0012"^^xsd:nonNegativeInteger ;
              dct:modified "31/05/2024" ; dct:issued "2024-05-31"^^xsd:date ."#;
        let mut sink = crate::report::FindingSink::new(5);
        let graph = crate::catalog::parse_rdf(
            ttl.as_bytes(),
            crate::catalog::MetadataFormat::Turtle,
            None,
            &mut sink,
        );
        let doc = document_from_graph(&graph);
        let d = &doc.distributions[0];
        assert_eq!(d.byte_size, None);
        assert_eq!(d.modified, None);
        assert_eq!(d.issued, DateValue::parse("2024-05-31"));
        assert_eq!(doc.other.len(), 2);
    }
}
