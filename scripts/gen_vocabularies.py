#!/usr/bin/env python3
"""Generates the DCAT-AP 3 tables of opendata-core from the official reference files.

Reads (stdlib only):
  <ref>/dcat-ap-3.0.1/shacl/{shapes,shapes_recommended,range,mdr-vocabularies.shape}.ttl
  <ref>/eu-vocabularies/{data-theme,filetypes,frequencies,languages}-filtered.rdf
  <ref>/dcat-ap-3.0.1/context-dcat-ap.jsonld, examples/context.jsonld
Writes:
  opendata-core/src/catalog/generated/shapes.rs        finding codes + rule table
  opendata-core/src/catalog/generated/vocabularies.rs  EU controlled vocabularies
  opendata-core/src/catalog/contexts/*.jsonld          JSON-LD contexts answered offline

Usage: python3 scripts/gen_vocabularies.py [REFERENCE_DIR]   (default /work/shared/reference)
"""

import json
import os
import re
import shutil
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REF = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/reference"
OUT = os.path.join(ROOT, "opendata-core", "src", "catalog")

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
AUTH = "http://publications.europa.eu/resource/authority/"

# ----------------------------------------------------------------- a small Turtle reader
# Enough Turtle for the SHACL files: prefixes, IRIs, prefixed names, `a`, literals with
# language or datatype, integers, blank-node property lists and collections.

TOKEN = re.compile(
    r"""\s+|\#[^\n]*
    |(?P<iri><[^>]*>)
    |(?P<str3>\"\"\"(?:.|\n)*?\"\"\")
    |(?P<str>"(?:[^"\\]|\\.)*")
    |(?P<lang>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
    |(?P<dt>\^\^)
    |(?P<num>[+-]?\d+(?:\.\d+)?)
    |(?P<pname>[A-Za-z][\w-]*)?:(?P<local>(?:[\w\-]|\.(?=[\w-]))*)
    |(?P<kw>\ba\b|@prefix|@base|PREFIX|true|false)
    |(?P<punct>[;,.\[\]()])
    """,
    re.X,
)


class Turtle:
    def __init__(self, text):
        self.tokens = []
        pos = 0
        while pos < len(text):
            m = TOKEN.match(text, pos)
            if not m:
                raise SystemExit(f"cannot tokenise Turtle at {text[pos:pos + 40]!r}")
            pos = m.end()
            kind = m.lastgroup
            if kind is None:
                continue
            if kind == "local":
                self.tokens.append(("pname", (m.group("pname") or "", m.group("local"))))
            else:
                self.tokens.append((kind, m.group(kind)))
        self.i = 0
        self.prefixes = {}
        self.triples = []
        self.bnodes = 0
        while self.i < len(self.tokens):
            self.statement()

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self, value=None):
        tok = self.peek()
        if value is not None and tok[1] != value:
            raise SystemExit(f"expected {value!r}, found {tok!r}")
        self.i += 1
        return tok

    def fresh(self):
        self.bnodes += 1
        return ("bnode", f"b{self.bnodes}")

    def statement(self):
        kind, value = self.peek()
        if value in ("@prefix", "PREFIX"):
            self.take()
            _, (pfx, _) = self.take()
            _, iri = self.take()
            self.prefixes[pfx] = iri[1:-1]
            if self.peek()[1] == ".":
                self.take()
            return
        subject = self.term()
        if self.peek()[1] != ".":
            self.predicate_objects(subject)
        self.take(".")

    def predicate_objects(self, subject):
        while True:
            pred = self.term()
            if pred == ("kw", "a"):
                pred = ("iri", RDF + "type")
            while True:
                self.triples.append((subject, pred, self.term()))
                if self.peek()[1] != ",":
                    break
                self.take()
            while self.peek()[1] == ";":
                self.take()
            if self.peek()[1] in (".", "]", None):
                return

    def term(self):
        kind, value = self.take()
        if kind == "iri":
            return ("iri", value[1:-1])
        if kind == "pname":
            pfx, local = value
            return ("iri", self.prefixes[pfx] + local)
        if kind == "kw":
            return ("kw", value)
        if kind == "num":
            return ("lit", value, XSD + "integer")
        if kind in ("str", "str3"):
            text = value[3:-3] if kind == "str3" else value[1:-1]
            nk, nv = self.peek()
            if nk == "lang":
                self.take()
                return ("lit", text, "@" + nv[1:])
            if nk == "dt":
                self.take()
                return ("lit", text, self.term()[1])
            return ("lit", text, XSD + "string")
        if value == "[":
            node = self.fresh()
            if self.peek()[1] != "]":
                self.predicate_objects(node)
            self.take("]")
            return node
        if value == "(":
            items = []
            while self.peek()[1] != ")":
                items.append(self.term())
            self.take(")")
            return ("list", items)
        raise SystemExit(f"unexpected token {kind} {value!r}")


class Graph:
    def __init__(self, triples):
        self.triples = triples

    def objects(self, s, p):
        return [o for (ss, pp, o) in self.triples if ss == s and pp == ("iri", p)]

    def one(self, s, p):
        values = self.objects(s, p)
        return values[0] if values else None

    def subjects(self, p, o):
        return [s for (s, pp, oo) in self.triples if pp == ("iri", p) and oo == o]


def load(name):
    with open(os.path.join(REF, "dcat-ap-3.0.1", "shacl", name), encoding="utf-8") as f:
        return Graph(Turtle(f.read()).triples)


# ----------------------------------------------------------------- naming

PREFIXES = {
    "http://www.w3.org/ns/dcat#": "dcat",
    "http://purl.org/dc/terms/": "dct",
    "http://data.europa.eu/r5r/": "dcatap",
    "http://xmlns.com/foaf/0.1/": "foaf",
    "http://www.w3.org/2006/vcard/ns#": "vcard",
    "http://www.w3.org/ns/adms#": "adms",
    "http://spdx.org/rdf/terms#": "spdx",
    "http://www.w3.org/ns/locn#": "locn",
    "http://www.w3.org/ns/prov#": "prov",
    "http://www.w3.org/2004/02/skos/core#": "skos",
    "http://www.w3.org/2001/XMLSchema#": "xsd",
    "http://www.w3.org/ns/odrl/2/": "odrl",
    "http://www.w3.org/2006/time#": "time",
    "http://data.europa.eu/eli/ontology#": "eli",
}

CLASS_NAMES = {
    "foaf:Agent": ("agent", "Agent"),
    "dcat:CatalogRecord": ("catalog-record", "Catalog Record"),
    "dcat:Catalog": ("catalog", "Catalogue"),
    "skos:ConceptScheme": ("concept-scheme", "Category Scheme"),
    "skos:Concept": ("concept", "Category"),
    "spdx:Checksum": ("checksum", "Checksum"),
    "dcat:DataService": ("data-service", "Data Service"),
    "dcat:Dataset": ("dataset", "Dataset"),
    "dcat:DatasetSeries": ("dataset-series", "Dataset Series"),
    "dcat:Distribution": ("distribution", "Distribution"),
    "adms:Identifier": ("identifier", "Identifier"),
    "dct:LicenseDocument": ("licence-document", "Licence Document"),
    "dct:Location": ("location", "Location"),
    "dct:PeriodOfTime": ("period-of-time", "Period of Time"),
    "dcat:Relationship": ("relationship", "Relationship"),
}

# Names a property keeps in codes when its local name would be ambiguous or unclear.
PROPERTY_NAMES = {
    "adms:identifier": "other-identifier",
    "^dcat:inSeries": "member-dataset",
    "dct:type": "type",
}


def compact(iri):
    for base, pfx in PREFIXES.items():
        if iri.startswith(base):
            return f"{pfx}:{iri[len(base):]}"
    return iri


def full(name):
    """The IRI of a compact name made by `compact`."""
    pfx, _, local = name.partition(":")
    for base, known in PREFIXES.items():
        if known == pfx:
            return base + local
    return name


def kebab(name):
    name = re.sub(r"URL$", "Url", name)
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", name)
    return name.lower()


def prop_name(path):
    if path in PROPERTY_NAMES:
        return PROPERTY_NAMES[path]
    return kebab(path.split(":", 1)[1])


# ----------------------------------------------------------------- vocabularies

# Which EU table (or IRI namespace) a restriction shape stands for, and the class a value
# of it is taken to have (as if the table were loaded with the data, as mdr_imports.ttl
# does for the official validator).
SCHEMES = {
    "frequency": ("dct:Frequency", "frequencies-filtered.rdf"),
    "file-type": ("dct:MediaTypeOrExtent", "filetypes-filtered.rdf"),
    "language": ("dct:LinguisticSystem", "languages-filtered.rdf"),
    "data-theme": ("skos:Concept", "data-theme-filtered.rdf"),
    "access-right": ("dct:RightsStatement", None),
    "distribution-status": ("skos:Concept", None),
    "planned-availability": ("skos:Concept", None),
    "corporate-body": ("foaf:Agent", None),
    "country": ("dct:Location", None),
    "place": ("dct:Location", None),
    "continent": ("dct:Location", None),
    "dataset-type": ("skos:Concept", None),
    "licence": ("dct:LicenseDocument", None),
}
EXTRA_SCHEMES = {
    # ADMS tables named by the shapes, not shipped in the reference folder.
    "http://purl.org/adms/licencetype/1.0": "skos:Concept",
    "http://purl.org/adms/publishertype/1.0": "skos:Concept",
}


def read_vocabulary(file_name):
    ns = {
        "rdf": RDF,
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "dc": "http://purl.org/dc/elements/1.1/",
        "at": "http://publications.europa.eu/ontology/authority/",
    }
    tree = ET.parse(os.path.join(REF, "eu-vocabularies", file_name))
    entries = []
    for concept in tree.getroot().findall("skos:Concept", ns):
        iri = concept.get(f"{{{RDF}}}about")
        code = iri.rsplit("/", 1)[1]
        label = ""
        for pl in concept.findall("skos:prefLabel", ns):
            if pl.get("{http://www.w3.org/XML/1998/namespace}lang") == "en":
                label = pl.text or ""
        deprecated = concept.get(f"{{{ns['at']}}}deprecated") == "true"
        entries.append((code, label, deprecated))
    entries.sort()
    return entries


def rust_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def write_vocabularies():
    out = [
        "// Generated by scripts/gen_vocabularies.py from the EU Publications Office tables in",
        "// reference/eu-vocabularies/; do not edit.",
        "",
        "use super::super::vocab::{VocabEntry, Vocabulary};",
        "",
    ]
    statics = []
    for scheme, (range_class, file_name) in SCHEMES.items():
        name = scheme.upper().replace("-", "_")
        if file_name:
            entries = read_vocabulary(file_name)
            out.append(f"static {name}: &[VocabEntry] = &[")
            for code, label, deprecated in entries:
                out.append(f"    VocabEntry {{ code: {rust_str(code)}, label: {rust_str(label)}, deprecated: {str(deprecated).lower()} }},")
            out.append("];")
            table = f"Some({name})"
        else:
            table = "None"
        statics.append(
            f"    Vocabulary {{ scheme: {rust_str(AUTH + scheme)}, class: {rust_str(range_class)}, entries: {table} }},"
        )
    for scheme, range_class in EXTRA_SCHEMES.items():
        statics.append(f"    Vocabulary {{ scheme: {rust_str(scheme)}, class: {rust_str(range_class)}, entries: None }},")
    out.append("")
    out.append("/// Every controlled vocabulary the shapes name; `entries` is `None` when only the")
    out.append("/// namespace is known.")
    out.append("pub(crate) static VOCABULARIES: &[Vocabulary] = &[")
    out.extend(statics)
    out.append("];")
    write(os.path.join(OUT, "generated", "vocabularies.rs"), "\n".join(out) + "\n")


# ----------------------------------------------------------------- shapes -> rules

SEVERITY = {SH + "Violation": "Error", SH + "Warning": "Warning", SH + "Info": "Info"}


class Rules:
    def __init__(self):
        self.rules = []
        self.codes = {}

    def code(self, code, severity, meaning, hint):
        if code in self.codes:
            old = self.codes[code]
            if old[0] != severity:
                raise SystemExit(f"code {code} has two severities")
            return
        self.codes[code] = (severity, meaning, hint)

    def add(self, code, severity, meaning, hint, cls, path, inverse, check, source):
        self.code(code, severity, meaning, hint)
        # The same constraint in two files (shapes.ttl and range.ttl) is one rule.
        if any(r[:5] == (code, cls, path, inverse, check) for r in self.rules):
            return
        self.rules.append((code, cls, path, inverse, check, source))


# The checksum shape asks for `https://spdx.org/rdf/terms...`, but the SPDX algorithm IRIs
# (and DCAT-AP's own examples) are `http://spdx.org/rdf/terms#checksumAlgorithm_sha256`;
# read literally, every correct checksum would fail. Both schemes are accepted.
PATTERN_FIXES = {"^https://spdx.org/rdf/terms": "^http.*://spdx.org/rdf/terms"}


def restriction(graph, shape):
    """A node shape used with sh:node, as a Rust `NodeCond` expression."""
    iri = shape[1] if shape[0] == "iri" else None
    if iri and iri.endswith("DateOrDateTimeDataType_Shape"):
        return "NodeCond::DateOrDateTime"
    if iri and iri.endswith("DcatResource_Shape"):
        items = graph.one(shape, SH + "or")[1]
        classes = [compact(graph.one(i, SH + "class")[1]) for i in items]
        return "NodeCond::ClassAnyOf(&[" + ", ".join(rust_str(full(c)) for c in classes) + "])"
    conds = []
    pattern = graph.one(shape, SH + "pattern")
    if pattern:
        conds.append(f"NodeCond::Pattern({rust_str(PATTERN_FIXES.get(pattern[1], pattern[1]))})")
    cls = graph.one(shape, SH + "class")
    if cls:
        conds.append(f"NodeCond::Class({rust_str(cls[1])})")
    alternatives = graph.one(shape, SH + "or")
    if alternatives:
        parts = [restriction(graph, a) for a in alternatives[1]]
        conds.append("NodeCond::AnyOf(&[" + ", ".join(parts) + "])")
    for prop in graph.objects(shape, SH + "property"):
        path = compact(graph.one(prop, SH + "path")[1])
        has_value = graph.one(prop, SH + "hasValue")
        inner = graph.objects(prop, SH + "node")
        if path == "skos:inScheme" and has_value:
            conds.append(f"NodeCond::InScheme({rust_str(has_value[1])})")
        elif inner:
            parts = [restriction(graph, n) for n in inner]
            conds.append(f"NodeCond::Property({rust_str(full(path))}, &[" + ", ".join(parts) + "])")
    if not conds:
        raise SystemExit(f"restriction shape {shape} has no constraint this script knows")
    return conds[0] if len(conds) == 1 else "NodeCond::AllOf(&[" + ", ".join(conds) + "])"


def describe_cond(expr):
    m = re.findall(r'InScheme\("([^"]+)"\)', expr)
    if m:
        return " or ".join(f"a concept of <{s}>" for s in m) + (
            " (or a Geonames IRI)" if "geonames" in expr else ""
        )
    if "iana.org" in expr:
        return "an IANA media-type IRI (https://www.iana.org/assignments/media-types/...)"
    if "spdx.org" in expr:
        return "an SPDX checksum algorithm IRI"
    return "a value of the controlled vocabulary"


def shapes_to_rules(graph, source, rules, kind):
    for shape in sorted({s for (s, p, o) in graph.triples if p == ("iri", SH + "targetClass")}, key=str):
        target = compact(graph.one(shape, SH + "targetClass")[1])
        cls_code, cls_label = CLASS_NAMES[target]
        # Node-level sh:or of property constraints (Catalog: dataset or service).
        alternatives = graph.one(shape, SH + "or")
        if alternatives and alternatives[0] == "list":
            paths = [compact(graph.one(a, SH + "path")[1]) for a in alternatives[1]]
            sev = SEVERITY[graph.one(shape, SH + "severity")[1]]
            names = "-or-".join(prop_name(p) for p in paths)
            rules.add(
                f"dcat.{cls_code}.missing-{names}", sev,
                f"A {cls_label} lists none of {', '.join(paths)} (recommended in DCAT-AP 3).",
                f"Link the {cls_label} to what it lists with {' or '.join(paths)}.",
                target, paths[0], False,
                "Check::AnyPresent(&[" + ", ".join(rust_str(full(p)) for p in paths) + "])", source,
            )
        for prop in graph.objects(shape, SH + "property"):
            path_node = graph.one(prop, SH + "path")
            inverse = False
            if path_node[0] == "bnode":
                path = compact(graph.one(path_node, SH + "inversePath")[1])
                inverse = True
                key = "^" + path
            else:
                path = compact(path_node[1])
                key = path
            name = prop_name(key)
            shown = ("^" if inverse else "") + path
            sev_node = graph.one(prop, SH + "severity")
            sev = SEVERITY[sev_node[1]] if sev_node else "Error"
            level = {"Error": "mandatory", "Warning": "recommended", "Info": "optional"}[sev]
            description = graph.one(prop, SH + "description")
            vocab_hint = description[1] if description else None
            base = f"dcat.{cls_code}.{name}"

            def add(suffix, meaning, hint, check):
                code = f"dcat.{cls_code}.missing-{name}" if suffix == "missing" else f"{base}.{suffix}"
                rules.add(code, sev, meaning, hint, target, path, inverse, check, source)

            min_count = graph.one(prop, SH + "minCount")
            if min_count:
                n = int(min_count[1])
                subject = f"member Dataset (a Dataset with dcat:inSeries pointing to it)" if inverse else shown
                add("missing", f"A {cls_label} has no {subject} ({level} in DCAT-AP 3).",
                    f"Add {shown} to the {cls_label}." if not inverse else f"Point at least one Dataset to the {cls_label} with dcat:inSeries.",
                    f"Check::MinCount({n})")
            max_count = graph.one(prop, SH + "maxCount")
            if max_count:
                n = int(max_count[1])
                add("too-many", f"A {cls_label} has more than {n} {shown} (DCAT-AP 3 allows {n}).",
                    f"Keep one {shown} per {cls_label}; put the others on a related resource or drop them.",
                    f"Check::MaxCount({n})")
            node_kind = graph.one(prop, SH + "nodeKind")
            if node_kind:
                nk = node_kind[1][len(SH):]
                what = {"Literal": "a literal (text)", "IRI": "an IRI", "BlankNodeOrIRI": "an IRI or a blank node"}[nk]
                suffix = "vocabulary-not-iri" if kind == "mdr" else "node-kind"
                add(suffix, f"A {cls_label}'s {shown} is not {what}.",
                    f"Write {shown} as {what}" + (" of the controlled vocabulary." if kind == "mdr" else "."),
                    f"Check::NodeKind(NodeKind::{nk})")
            datatype = graph.one(prop, SH + "datatype")
            if datatype:
                dt = compact(datatype[1])
                add("datatype", f"A {cls_label}'s {shown} is not typed {dt}.",
                    f"Write {shown} as a {dt} literal, e.g. \"...\"^^{dt}.",
                    f"Check::Datatype({rust_str(datatype[1])})")
            cls = graph.one(prop, SH + "class")
            if cls:
                c = compact(cls[1])
                add("range", f"A {cls_label}'s {shown} is not a {c}.",
                    f"Type the value of {shown} as {c} (or use a controlled-vocabulary IRI that is one).",
                    f"Check::Class({rust_str(cls[1])})")
            has_value = graph.one(prop, SH + "hasValue")
            if has_value:
                add("has-value", f"A {cls_label}'s {shown} does not include <{has_value[1]}>.",
                    vocab_hint or f"Add <{has_value[1]}> to {shown}.",
                    f"Check::HasValue({rust_str(has_value[1])})")
            nodes = graph.objects(prop, SH + "node")
            # `sh:shape` is not a SHACL term (SHACL engines ignore it); the official files use
            # it for the date shape where `sh:node` is meant, so it is read as `sh:node`.
            nodes += graph.objects(prop, SH + "shape")
            exprs = [restriction(graph, n) for n in nodes]
            if exprs:
                if exprs == ["NodeCond::DateOrDateTime"]:
                    add("datatype", f"A {cls_label}'s {shown} is not an xsd:date, xsd:dateTime, xsd:gYear or xsd:gYearMonth literal.",
                        f"Write {shown} as e.g. \"2024-05-31\"^^xsd:date or \"2024-05-31T12:00:00Z\"^^xsd:dateTime.",
                        "Check::Node(&NodeCond::DateOrDateTime)")
                else:
                    expr = exprs[0] if len(exprs) == 1 else "NodeCond::AllOf(&[" + ", ".join(exprs) + "])"
                    if "ClassAnyOf" in expr:
                        add("range", f"A {cls_label}'s {shown} is not a Catalogue, Dataset, Data Service or Dataset Series.",
                            f"Point {shown} at a resource typed dcat:Catalog, dcat:Dataset, dcat:DataService or dcat:DatasetSeries.",
                            f"Check::Node(&{expr})")
                    else:
                        add("vocabulary", f"A {cls_label}'s {shown} is not {describe_cond(expr)}.",
                            vocab_hint or f"Use {describe_cond(expr)} for {shown}.",
                            f"Check::Node(&{expr})")


def write_shapes():
    rules = Rules()
    shapes_to_rules(load("shapes.ttl"), "shapes.ttl", rules, "core")
    shapes_to_rules(load("shapes_recommended.ttl"), "shapes_recommended.ttl", rules, "core")
    shapes_to_rules(load("range.ttl"), "range.ttl", rules, "core")
    shapes_to_rules(load("mdr-vocabularies.shape.ttl"), "mdr-vocabularies.shape.ttl", rules, "mdr")
    # A path compacted to a prefix we do not know would silently never match.
    for (_, cls, path, *_rest) in rules.rules:
        if "://" in path or "://" in cls or full(path) == path:
            raise SystemExit(f"unknown prefix in {cls} {path}")
    codes = sorted(rules.codes)
    index = {c: i for i, c in enumerate(codes)}
    out = [
        "// Generated by scripts/gen_vocabularies.py from the DCAT-AP 3.0.1 SHACL shapes (shapes.ttl,",
        "// shapes_recommended.ttl, range.ttl, mdr-vocabularies.shape.ttl); do not edit.",
        "",
        "use super::super::rules::{Check, NodeCond, NodeKind, Rule};",
        "use crate::report::{CodeInfo, Severity};",
        "",
        "/// The finding codes of the DCAT-AP rules, one per rule and class.",
        "pub(crate) static CODES: &[CodeInfo] = &[",
    ]
    for c in codes:
        sev, meaning, hint = rules.codes[c]
        out.append(
            f"    CodeInfo {{ code: {rust_str(c)}, severity: Severity::{sev}, meaning: {rust_str(meaning)}, hint: {rust_str(hint)} }},"
        )
    out.append("];")
    out.append("")
    out.append("/// The rules, in the order of the shape files.")
    out.append("pub(crate) static RULES: &[Rule] = &[")
    for (code, cls, path, inverse, check, source) in rules.rules:
        out.append(
            f"    Rule {{ code: {index[code]}, class: {rust_str(full(cls))}, path: {rust_str(full(path))}, inverse: {str(inverse).lower()}, check: {check}, source: {rust_str(source)} }},"
        )
    out.append("];")
    write(os.path.join(OUT, "generated", "shapes.rs"), "\n".join(out) + "\n")
    print(f"{len(rules.rules)} rules, {len(codes)} codes")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def write_dcat_ap_context(source, target):
    """The official DCAT-AP 3 context, less the terms a JSON-LD 1.1 processor must refuse.

    `Xsd:decimal` and its kind look like compact IRIs with an undefined prefix `Xsd`, so they
    expand to `Xsd:decimal`, not to the XSD IRI they map to: an "invalid IRI mapping" that
    makes every document using the context fail (oxjsonld and pyld both refuse it). Nothing
    in the context or in DCAT-AP data uses these terms.
    """
    with open(source, encoding="utf-8") as f:
        document = json.load(f)
    context = document["@context"]
    for term in [t for t in context if ":" in t and t.split(":", 1)[0] not in context]:
        del context[term]
    with open(target, "w", encoding="utf-8") as f:
        json.dump(document, f, indent=2, ensure_ascii=False)
        f.write("\n")


def main():
    write_vocabularies()
    write_shapes()
    contexts = os.path.join(OUT, "contexts")
    os.makedirs(contexts, exist_ok=True)
    write_dcat_ap_context(os.path.join(REF, "dcat-ap-3.0.1", "context-dcat-ap.jsonld"), os.path.join(contexts, "dcat-ap-3.jsonld"))
    shutil.copyfile(
        os.path.join(REF, "dcat-ap-3.0.1", "examples", "context.jsonld"), os.path.join(contexts, "dcat-ap-3-examples.jsonld")
    )


if __name__ == "__main__":
    main()
