#!/usr/bin/env python3
"""Compares `opendata metadata validate` with pyshacl on the official DCAT-AP 3 shapes.

Not part of the normal tests (it needs pyshacl and rdflib: `pip install pyshacl rdflib`).
For every metadata vector (tests/vectors/metadata/**.json) and every official example, it
validates with both and compares the results as sets of (focus node, path, severity)
(pyshacl reports a constraint stated in two shape files twice; opendata once);
blank-node focus nodes are compared as `_`. pyshacl gets the same vocabulary assumption
opendata makes: EU vocabulary IRIs (and IANA media types, SPDX algorithms) used in the data
are added to the data graph typed with their class and `skos:inScheme` their table, as
loading the tables (mdr_imports.ttl) would, and the `rdfs:subClassOf` axioms of the
vocabularies DCAT-AP imports (imports.ttl: FOAF, vCard, DCAT, DCMI terms) that opendata
embeds (`SUBCLASSES` in opendata-core/src/catalog/vocab.rs, read from there).

Usage: .venv-shacl/bin/python scripts/compare_pyshacl.py [--bin target/debug/opendata]
       [--ref /work/shared/reference] [--show N]
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import pyshacl
import rdflib
from rdflib.namespace import RDF, SKOS

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import gen_vocabularies as gen  # noqa: E402

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
SEVERITY = {SH.Violation: "error", SH.Warning: "warning", SH.Info: "info"}
AUTH = "http://publications.europa.eu/resource/authority/"
CLASSES = {
    "dct:Frequency": "http://purl.org/dc/terms/Frequency",
    "dct:MediaTypeOrExtent": "http://purl.org/dc/terms/MediaTypeOrExtent",
    "dct:LinguisticSystem": "http://purl.org/dc/terms/LinguisticSystem",
    "dct:RightsStatement": "http://purl.org/dc/terms/RightsStatement",
    "dct:Location": "http://purl.org/dc/terms/Location",
    "dct:LicenseDocument": "http://purl.org/dc/terms/LicenseDocument",
    "foaf:Agent": "http://xmlns.com/foaf/0.1/Agent",
    "skos:Concept": str(SKOS.Concept),
}


def vocabularies(ref):
    gen.REF = ref
    out = []
    for scheme, (cls, file_name) in gen.SCHEMES.items():
        codes = {c for c, _, _ in gen.read_vocabulary(file_name)} if file_name else None
        out.append((AUTH + scheme, AUTH + scheme + "/", cls, codes))
    for scheme, cls in gen.EXTRA_SCHEMES.items():
        out.append((scheme, scheme.rsplit("/", 1)[0] + "/", cls, None))
    return out


def add_vocabulary_types(data, vocabs):
    for term in set(data.objects()) | set(data.subjects()):
        if not isinstance(term, rdflib.URIRef):
            continue
        iri = str(term)
        if re.match(r"^https?://www\.iana\.org/assignments/media-types/", iri):
            data.add((term, RDF.type, rdflib.URIRef("http://purl.org/dc/terms/MediaType")))
            data.add((term, RDF.type, rdflib.URIRef("http://purl.org/dc/terms/MediaTypeOrExtent")))
        if iri.startswith("http://spdx.org/rdf/terms#checksumAlgorithm_"):
            data.add((term, RDF.type, rdflib.URIRef("http://spdx.org/rdf/terms#ChecksumAlgorithm")))
        for scheme, namespace, cls, codes in vocabs:
            if iri.startswith(namespace):
                code = iri[len(namespace):]
                if code and (codes is None or code in codes):
                    data.add((term, RDF.type, SKOS.Concept))
                    data.add((term, RDF.type, rdflib.URIRef(CLASSES[cls])))
                    data.add((term, SKOS.inScheme, rdflib.URIRef(scheme)))


def subclass_axioms():
    """The (class, superclass) pairs of opendata's `SUBCLASSES` table."""
    source = open(os.path.join(ROOT, "opendata-core", "src", "catalog", "vocab.rs"), encoding="utf-8").read()
    table = source.split("pub(crate) const SUBCLASSES", 1)[1].split("];", 1)[0]
    # rustfmt writes a long pair over several lines, with a trailing comma.
    pairs = re.findall(r'\(\s*"([^"]+)",\s*"([^"]+)",?\s*\)', table)
    if not pairs:
        sys.exit("no subclass pairs found in vocab.rs: the table's layout changed")
    return pairs


def add_subclass_axioms(data):
    for sub, sup in subclass_axioms():
        data.add((rdflib.URIRef(sub), rdflib.RDFS.subClassOf, rdflib.URIRef(sup)))


def compact(iri):
    for base, pfx in gen.PREFIXES.items():
        if iri.startswith(base):
            return f"{pfx}:{iri[len(base):]}"
    return iri


def pyshacl_results(text, fmt, shapes, vocabs):
    data = rdflib.Graph()
    data.parse(data=text, format=fmt)
    described = set(data.subjects())
    add_vocabulary_types(data, vocabs)
    add_subclass_axioms(data)
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)
    out = set()
    # Only the report's own results: nested ones (sh:detail of an sh:node failure) are
    # typed sh:ValidationResult too, but a SHACL report counts the outer result.
    report = next(results.subjects(RDF.type, SH.ValidationReport))
    for r in results.objects(report, SH.result):
        focus = results.value(r, SH.focusNode)
        if focus not in described:
            # A vocabulary concept the script typed: opendata uses those types for range
            # checks only; the concept's own description is the Publications Office's.
            continue
        path = results.value(r, SH.resultPath)
        if isinstance(path, rdflib.BNode):
            inv = results.value(path, SH.inversePath)
            path_s = "^" + compact(str(inv)) if inv else "?"
        else:
            path_s = compact(str(path)) if path else "-"
        focus_s = str(focus) if isinstance(focus, rdflib.URIRef) else "_"
        out.add((focus_s, path_s, SEVERITY[results.value(r, SH.resultSeverity)]))
    return out


def opendata_results(binary, text, suffix):
    with tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False, encoding="utf-8") as f:
        f.write(text)
        path = f.name
    try:
        proc = subprocess.run([binary, "metadata", "validate", path, "--format", "json", "--max-findings", "100000"],
                              capture_output=True, text=True)
    finally:
        os.unlink(path)
    report = json.loads(proc.stdout)
    out = set()
    for f in report["findings"]:
        if f["code"].startswith("metadata."):
            continue
        loc = f["location"]
        subject = loc.get("subject", "")
        subject = "_" if subject.startswith("_:") or " / " in subject or subject == "[]" else subject
        prop = "-" if f["code"].endswith("missing-dataset-or-service") else loc.get("property")
        out.add((subject, prop, f["severity"]))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "debug", "opendata"))
    ap.add_argument("--ref", default="/work/shared/reference")
    ap.add_argument("--show", type=int, default=10)
    args = ap.parse_args()
    shapes = rdflib.Graph()
    for name in ["shapes.ttl", "shapes_recommended.ttl", "range.ttl", "mdr-vocabularies.shape.ttl"]:
        shapes.parse(os.path.join(args.ref, "dcat-ap-3.0.1", "shacl", name), format="turtle")
    vocabs = vocabularies(args.ref)
    cases = []
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "vectors", "metadata", "**", "*.json"), recursive=True)):
        case = json.load(open(path, encoding="utf-8"))
        fmt = case.get("options", {}).get("format", "turtle")
        if fmt not in ("turtle", "ntriples"):
            continue
        cases.append((os.path.relpath(path, ROOT), case["input"], "turtle", ".ttl"))
    for path in sorted(glob.glob(os.path.join(ROOT, "opendata-core", "tests", "data", "dcat-ap-3-examples", "*.ttl"))):
        cases.append((os.path.relpath(path, ROOT), open(path, encoding="utf-8").read(), "turtle", ".ttl"))
    agree, differ, skipped = 0, [], 0
    t_shacl = t_ours = 0.0
    for name, text, fmt, suffix in cases:
        try:
            t0 = time.perf_counter()
            theirs = pyshacl_results(text, fmt, shapes, vocabs)
            t1 = time.perf_counter()
        except Exception as e:  # rdflib rejects what oxttl rejects (invalid examples)
            skipped += 1
            print(f"skip {name}: pyshacl could not read it ({type(e).__name__})")
            continue
        ours = opendata_results(args.bin, text, suffix)
        t2 = time.perf_counter()
        t_shacl += t1 - t0
        t_ours += t2 - t1
        if theirs == ours:
            agree += 1
        else:
            differ.append((name, sorted(theirs - ours), sorted(ours - theirs)))
    print(f"{agree} of {agree + len(differ)} documents give the same results ({skipped} unreadable skipped)")
    print(f"time: pyshacl {t_shacl:.1f} s, opendata (process per file) {t_ours:.1f} s")
    for name, only_theirs, only_ours in differ[: args.show]:
        print(f"\n{name}\n  only pyshacl: {only_theirs}\n  only opendata: {only_ours}")


if __name__ == "__main__":
    main()
