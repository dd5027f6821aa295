#!/usr/bin/env python3
"""Writes one conformance vector per DCAT-AP 3 rule into tests/vectors/metadata/rules/.

Each vector is a small Turtle document built from the SHACL constraint itself (a node of
the target class that breaks exactly that constraint), and expects the rule's code at the
node and property. The rules are read from the official shapes the same way
gen_vocabularies.py reads them, so a rule added there gets a vector here.

Usage: python3 scripts/gen_metadata_vectors.py [REFERENCE_DIR]   (stdlib only)
"""

import json
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_vocabularies as gen  # noqa: E402

OUT = os.path.join(gen.ROOT, "tests", "vectors", "metadata", "rules")
SUBJECT = "https://example.org/subject"

PREFIXES = "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"


def value_for(check):
    """A value that breaks the check, as Turtle, or None when no document can break it."""
    if check.startswith("Check::NodeKind(NodeKind::Literal"):
        return "<https://example.org/not-a-literal>"
    if check.startswith("Check::NodeKind"):
        return '"not an IRI"'
    if check.startswith("Check::Datatype"):
        return '"12 units"'
    if check.startswith("Check::Class") or "ClassAnyOf" in check:
        return "<https://example.org/untyped-resource>"
    if "DateOrDateTime" in check:
        return '"31/05/2024"'
    if check.startswith("Check::Node"):
        return "<https://example.org/not-in-the-vocabulary>"
    if check.startswith("Check::HasValue"):
        return "<https://example.org/another-taxonomy>"
    return None


def document(cls, path, inverse, check):
    head = f"<{SUBJECT}> a <{cls}> .\n"
    if check.startswith("Check::MinCount") or check.startswith("Check::AnyPresent"):
        return head
    if check.startswith("Check::MaxCount"):
        n = int(re.search(r"\d+", check).group())
        if inverse:
            return head + "".join(f"<https://example.org/member/{i}> <{path}> <{SUBJECT}> .\n" for i in range(n + 1))
        # Literal or IRI values, whichever the property takes, so only the count is wrong.
        literal = path in LITERAL_PATHS
        values = [f'"value {i}"' if literal else f"<https://example.org/value/{i}>" for i in range(n + 1)]
        if path in DATE_PATHS:
            values = [f'"202{i}-01-01"^^xsd:date' for i in range(n + 1)]
        if path in DATATYPE_PATHS:
            values = [f'"{i}"^^<{DATATYPE_PATHS[path]}>' for i in range(n + 1)]
        return head + f"<{SUBJECT}> <{path}> {', '.join(values)} .\n"
    value = value_for(check)
    if value is None:
        return None
    if inverse:
        if not value.startswith("<"):
            return None  # a literal cannot be the subject of the inverse path
        return head + f"{value} <{path}> <{SUBJECT}> .\n"
    return head + f"<{SUBJECT}> <{path}> {value} .\n"


LITERAL_PATHS = set()
DATE_PATHS = set()
DATATYPE_PATHS = {}


def main():
    rules = gen.Rules()
    for name, kind in [
        ("shapes.ttl", "core"),
        ("shapes_recommended.ttl", "core"),
        ("range.ttl", "core"),
        ("mdr-vocabularies.shape.ttl", "mdr"),
    ]:
        gen.shapes_to_rules(gen.load(name), name, rules, kind)
    for code, cls, path, inverse, check, source in rules.rules:
        full = gen.full(path)
        if "NodeKind::Literal" in check:
            LITERAL_PATHS.add(full)
        if "DateOrDateTime" in check:
            DATE_PATHS.add(full)
        m = re.match(r'Check::Datatype\("([^"]+)"\)', check)
        if m:
            DATATYPE_PATHS[full] = m.group(1)
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    written, skipped = 0, []
    for code, cls, path, inverse, check, source in rules.rules:
        doc = document(gen.full(cls), gen.full(path), inverse, check)
        if doc is None:
            skipped.append(code)
            continue
        severity = {"Error": "error", "Warning": "warning", "Info": "info"}[rules.codes[code][0]]
        prop = ("^" if inverse else "") + path
        case = {
            "description": f"{source}: {rules.codes[code][1]}",
            "input": PREFIXES + doc,
            "options": {"format": "turtle", "profile": "dcat-ap-3"},
            "expected": {
                "ok": severity != "error" and None,
                "contains": [
                    {"code": code, "severity": severity, "location": {"subject": SUBJECT, "property": prop}}
                ],
            },
        }
        # `ok` is only asserted when the rule is an error (then the report cannot be ok);
        # other findings of the minimal document may be errors.
        if severity == "error":
            case["expected"]["ok"] = False
        else:
            del case["expected"]["ok"]
        name = code.replace("dcat.", "", 1)
        suffix = 1
        file_name = f"{name}.json"
        while os.path.exists(os.path.join(OUT, file_name)):
            suffix += 1
            file_name = f"{name}-{suffix}.json"
        with open(os.path.join(OUT, file_name), "w", encoding="utf-8") as f:
            json.dump(case, f, indent=2, ensure_ascii=False)
            f.write("\n")
        written += 1
    print(f"{written} vectors; no document can break: {', '.join(skipped) or 'none'}")


if __name__ == "__main__":
    main()
