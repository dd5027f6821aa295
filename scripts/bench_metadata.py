#!/usr/bin/env python3
"""Benchmark: validate a generated DCAT-AP catalogue of N datasets (default 10,000) with
`opendata metadata validate`, and with pyshacl on the official shapes when it is installed.

Usage: python3 scripts/bench_metadata.py [--datasets 10000] [--bin target/release/opendata]
       [--pyshacl-datasets 1000] [--python .venv-shacl/bin/python]
Not part of the tests; prints timings only.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EU = "http://publications.europa.eu/resource/authority/"


def catalogue(n):
    out = [
        "@prefix dcat: <http://www.w3.org/ns/dcat#> .",
        "@prefix dct: <http://purl.org/dc/terms/> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .",
        "<https://data.example.org/catalog> a dcat:Catalog ;",
        '  dct:title "Generated catalogue"@en ; dct:description "Benchmark."@en ;',
        f"  dct:publisher <{EU}corporate-body/PUBL> .",
    ]
    for i in range(n):
        ds = f"<https://data.example.org/dataset/{i}>"
        # Every tenth dataset breaks a rule, so the validator also writes findings.
        title = "" if i % 10 == 0 else f'dct:title "Dataset {i}"@en ; '
        out.append(f"<https://data.example.org/catalog> dcat:dataset {ds} .")
        out.append(
            f"{ds} a dcat:Dataset ; {title}dct:description \"Generated dataset number {i}.\"@en ;"
            f' dcat:keyword "k{i % 50}"@en ; dcat:theme <{EU}data-theme/AGRI> ;'
            f" dct:publisher <{EU}corporate-body/PUBL> ; dct:accrualPeriodicity <{EU}frequency/ANNUAL> ;"
            f' dct:modified "2024-0{1 + i % 9}-15"^^xsd:date ;'
            f" dcat:contactPoint [ a vcard:Kind ; vcard:fn \"Desk\" ; vcard:hasEmail <mailto:desk@example.org> ] ;"
            f" dcat:distribution <https://data.example.org/dataset/{i}/csv> ."
        )
        out.append(
            f"<https://data.example.org/dataset/{i}/csv> a dcat:Distribution ;"
            f" dcat:accessURL <https://data.example.org/files/{i}.csv> ; dct:format <{EU}file-type/CSV> ;"
            f" dct:license <{EU}licence/CC_BY_4_0> ; dcat:byteSize \"{1000 + i}\"^^xsd:nonNegativeInteger ."
        )
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--datasets", type=int, default=10000)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "opendata"))
    ap.add_argument("--pyshacl-datasets", type=int, default=1000)
    ap.add_argument("--python", default=os.path.join(ROOT, ".venv-shacl", "bin", "python"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "catalogue.ttl")
        text = catalogue(args.datasets)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        size = len(text.encode())
        t0 = time.perf_counter()
        proc = subprocess.run([args.bin, "metadata", "validate", path, "--format", "json", "--max-findings", "1000000"], capture_output=True)
        t1 = time.perf_counter()
        findings = proc.stdout.count(b'"code"')
        print(f"opendata: {args.datasets} datasets, {size / 1e6:.1f} MB Turtle: {t1 - t0:.2f} s, {findings} findings")
        if os.path.exists(args.python):
            n = args.pyshacl_datasets
            small = os.path.join(tmp, "small.ttl")
            with open(small, "w", encoding="utf-8") as f:
                f.write(catalogue(n))
            shacl = os.path.join("/work/shared/reference/dcat-ap-3.0.1/shacl")
            code = (
                "import sys, time, rdflib, pyshacl\n"
                "s = rdflib.Graph()\n"
                f"[s.parse('{shacl}/' + n, format='turtle') for n in ['shapes.ttl','shapes_recommended.ttl','range.ttl','mdr-vocabularies.shape.ttl']]\n"
                "d = rdflib.Graph(); d.parse(sys.argv[1], format='turtle')\n"
                "t = time.perf_counter(); ok, g, _ = pyshacl.validate(d, shacl_graph=s, inference='none')\n"
                "print(f'{time.perf_counter() - t:.2f}')\n"
            )
            t2 = time.perf_counter()
            out = subprocess.run([args.python, "-c", code, small], capture_output=True, text=True)
            t3 = time.perf_counter()
            p0 = time.perf_counter()
            subprocess.run([args.bin, "metadata", "validate", small, "--format", "json"], capture_output=True)
            p1 = time.perf_counter()
            print(f"pyshacl: {n} datasets: validate {out.stdout.strip() or out.stderr[-300:]} s (process {t3 - t2:.2f} s); opendata on the same file: {p1 - p0:.2f} s")
        else:
            print("pyshacl not installed: python -m venv .venv-shacl && .venv-shacl/bin/pip install pyshacl rdflib")


if __name__ == "__main__":
    sys.exit(main())
