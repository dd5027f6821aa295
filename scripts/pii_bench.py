#!/usr/bin/env python3
"""Throughput bench of the personal-data scan, in one run:

1. Free-text spans: opendata's `scan_text` (the `pii_bench` example, release build) versus
   Presidio's AnalyzerEngine with its predefined pattern recognizers on a blank spaCy
   pipeline, on the same generated texts; throughput ratio and recall of both on the
   entities both detect.
2. Column classification: raw CSV parsing versus parsing + Arrow batches + classification of
   every cell, on a generated table.

Presidio is optional: run with a Python that has `presidio-analyzer` installed (a venv is
fine, e.g. `.venv-presidio/bin/python scripts/pii_bench.py`); without it only opendata is
measured. Not part of the tests: timings depend on the machine.
"""

import argparse
import csv
import json
import logging
import os
import random
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pii_accuracy as A  # noqa: E402
import pii_synth as S  # noqa: E402

# Entities both engines detect with predefined patterns (Presidio names are the same).
COMMON = {"EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "IP_ADDRESS", "US_SSN", "UK_NHS", "ES_NIF", "IT_FISCAL_CODE", "PL_PESEL", "UK_NINO"}


def from_python(texts, presidio_rate):
    """Both engines as a notebook calls them: opendata's Python `scan_text` once per text
    (and `scan_texts` on the whole list) beside Presidio's `analyze`, when this Python can
    import the opendata package (install the wheel into the Presidio venv)."""
    try:
        import opendata
    except ImportError:
        print("opendata is not importable in this Python: no per-call comparison from Python.")
        return
    plain = [t for t, _ in texts]
    opendata.scan_text(plain[0])  # the built-in rules compile once per process
    best_one, best_all = 0.0, 0.0
    for _ in range(3):
        start = time.perf_counter()
        for t in plain:
            opendata.scan_text(t)
        best_one = max(best_one, len(plain) / (time.perf_counter() - start))
        start = time.perf_counter()
        opendata.scan_texts(plain)
        best_all = max(best_all, len(plain) / (time.perf_counter() - start))
    print(f"from Python: opendata.scan_text per text {best_one:,.0f} texts/s (**{best_one / presidio_rate:,.0f}x** Presidio's analyze), "
          f"opendata.scan_texts on the list {best_all:,.0f} texts/s (**{best_all / presidio_rate:,.0f}x**, every core)")


def presidio_engine():
    try:
        import spacy
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import SpacyNlpEngine
    except ImportError:
        return None
    logging.disable(logging.WARNING)

    class BlankEngine(SpacyNlpEngine):
        """spaCy with a blank English pipeline: tokens only, no model download."""

        def __init__(self):
            super().__init__(models=[{"lang_code": "en", "model_name": "blank"}])
            self.nlp = {"en": spacy.blank("en")}

        def load(self):
            pass

    nlp = BlankEngine()
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(nlp_engine=nlp, languages=["en"])
    return AnalyzerEngine(nlp_engine=nlp, registry=registry, supported_languages=["en"])


def char_spans(results):
    return [(x.entity_type, x.start, x.end) for x in results]


def recall(counts):
    tp = sum(c[0] for c in counts.values())
    fn = sum(c[2] for c in counts.values())
    fp = sum(c[1] for c in counts.values())
    return tp / (tp + fn) if tp + fn else 1.0, tp / (tp + fp) if tp + fp else 1.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--texts", type=int, default=2000)
    ap.add_argument("--presidio-texts", type=int, default=300, help="Presidio is slow: time it on the first N texts")
    ap.add_argument("--rows", type=int, default=200_000)
    args = ap.parse_args()
    A.ensure_binary()
    texts = A.build_texts(7, args.texts)
    with tempfile.TemporaryDirectory() as folder:
        src = os.path.join(folder, "texts.jsonl")
        with open(src, "w", encoding="utf-8") as fh:
            for t, _ in texts:
                fh.write(json.dumps(t, ensure_ascii=False) + "\n")
        spans_out = os.path.join(folder, "spans.jsonl")
        subprocess.run([A.BIN, "text", src, "--spans", spans_out], check=True, capture_output=True, text=True)
        # The timed run alone, with its CPU time (user + system) from the OS: on a shared,
        # loaded machine CPU time is the fairer measure; rule compilation and reading the
        # texts are counted against opendata.
        proc = subprocess.Popen([A.BIN, "text", src], stdout=subprocess.PIPE, text=True)
        out = proc.stdout.read()
        proc.stdout.close()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = status
        ours = json.loads(out)
        ours_cpu = ours["texts"] * ours["rounds"] / (usage.ru_utime + usage.ru_stime)
        found = [[(s["entity"], s["char_start"], s["char_end"]) for s in json.loads(l)] for l in open(spans_out, encoding="utf-8")]
        our_recall, our_precision = recall(A.score_spans(texts, found, COMMON))
        print("## Free-text spans\n")
        print(f"opendata: {ours['texts_per_second']:,.0f} texts/s ({ours['mb_per_second']:.1f} MB/s) over {len(texts)} texts; "
              f"on {', '.join(sorted(COMMON))}: recall {our_recall:.3f}, precision {our_precision:.3f}")
        engine = presidio_engine()
        if engine is None:
            print("presidio-analyzer is not installed: no comparison.")
        else:
            sub = texts[: args.presidio_texts]
            engine.analyze(sub[0][0], language="en")  # warm-up
            start = time.perf_counter()
            cpu_start = time.process_time()
            results = [engine.analyze(t, language="en") for t, _ in sub]
            secs = time.perf_counter() - start
            p_cpu = len(sub) / (time.process_time() - cpu_start)
            p_rate = len(sub) / secs
            p_found = [[s for s in char_spans(r) if s[0] in COMMON] for r in results]
            p_recall, p_precision = recall(A.score_spans(sub, p_found, COMMON))
            o_recall, o_precision = recall(A.score_spans(sub, found[: len(sub)], COMMON))
            print(f"Presidio {__import__('presidio_analyzer').__version__ if hasattr(__import__('presidio_analyzer'), '__version__') else ''} "
                  f"(predefined recognizers, blank spaCy): {p_rate:,.1f} texts/s over {len(sub)} texts; "
                  f"recall {p_recall:.3f}, precision {p_precision:.3f} (opendata on the same texts: recall {o_recall:.3f}, precision {o_precision:.3f})")
            print(f"**throughput ratio opendata / Presidio: {ours['texts_per_second'] / p_rate:,.0f}x** (wall time)")
            print(f"per CPU second: opendata {ours_cpu:,.0f} texts, Presidio {p_cpu:,.1f} texts: "
                  f"**{ours_cpu / p_cpu:,.0f}x** (CPU time)")
            from_python(texts, p_rate)

        print("\n## Column classification\n")
        r = random.Random(3)
        path = os.path.join(folder, "table.csv")
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["id", "name", "email", "phone", "postcode", "amount", "order_date", "iban", "notes", "age"])
            for i in range(args.rows):
                loc = r.choice(S.LOCALES)
                w.writerow([i, S.person(r, loc), S.email(r, loc), S.phone(r, loc), S.uk_postcode(r), S.amount(r), S.order_date(r),
                            S.iban(r), r.choice(["", "ok", "Called back, no answer", "Customer asked for a refund of the second order"]), r.randint(0, 95)])
        run = subprocess.run([A.BIN, "csv", path], check=True, capture_output=True, text=True)
        col = json.loads(run.stdout)
        print(f"{col['rows']:,} rows x {col['columns']} columns ({col['mb']:.1f} MB): raw CSV parse {col['raw_parse_mb_per_second']:.1f} MB/s, "
              f"parse + Arrow + classify every cell {col['parse_and_classify_mb_per_second']:.1f} MB/s "
              f"= **{col['ratio_to_raw_parse']:.2f}x raw parse speed**; {col['flagged_columns']} columns flagged")


if __name__ == "__main__":
    main()
