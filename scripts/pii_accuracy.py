#!/usr/bin/env python3
"""Accuracy of the personal-data scan on a generated, labelled, multi-locale corpus.

Generates (deterministically) tables for 11 locales whose columns hold personal data under
descriptive, vague and misleading headers, next to look-alike columns (UUIDs, EAN/ISBN,
amounts, order dates, product codes, row counts, random digits) and quasi-identifiers; and
free texts with planted spans. Runs the engine (the `pii_bench` example, release build) and
prints precision / recall per entity at column level and at span level as Markdown.

    python3 scripts/pii_accuracy.py            # builds the example if needed
    python3 scripts/pii_accuracy.py --rows 300 --texts 2000

Stdlib only. Names in the corpus come from scripts/pii_synth.py's own short lists, not
from the name tables embedded in the crate.
"""

import argparse
import collections
import csv
import json
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import pii_synth as S  # noqa: E402

BIN = os.path.join(ROOT, "target", "release", "examples", "pii_bench")

# entity -> (generator taking (r, loc), descriptive headers, locales it belongs to or None)
COLUMN_ENTITIES = {
    "EMAIL_ADDRESS": (S.email, ["email", "E-Mail", "courriel", "correo electrónico", "e-bost"], None),
    "PHONE_NUMBER": (S.phone, ["phone", "Telefon", "téléphone", "teléfono", "telefoonnummer", "puhelin"], None),
    "PERSON": (S.person, ["name", "Name", "nom", "nombre", "naam", "nazwisko"], None),
    "STREET_ADDRESS": (S.street, ["address", "Adresse", "dirección", "indirizzo", "adres", "osoite"], None),
    "IBAN_CODE": (lambda r, loc: S.iban(r), ["iban", "Kontonummer", "account"], None),
    "CREDIT_CARD": (lambda r, loc: S.credit_card(r), ["card number", "Kartennummer"], None),
    "IP_ADDRESS": (lambda r, loc: S.ipv4(r), ["ip address", "client_ip"], None),
    "DATE_OF_BIRTH": (lambda r, loc: S.dob(r), ["date of birth", "Geburtsdatum", "date de naissance", "fecha de nacimiento"], None),
    "GEO_COORDINATES": (lambda r, loc: S.geo(r), ["coordinates", "location"], None),
    "UK_NINO": (lambda r, loc: S.nino(r), ["NI number", "national insurance"], ["en_GB"]),
    "UK_NHS": (lambda r, loc: S.nhs(r), ["NHS number", "nhs_no"], ["en_GB"]),
    "UK_POSTCODE": (lambda r, loc: S.uk_postcode(r), ["postcode", "post code"], ["en_GB"]),
    "UK_VEHICLE_REGISTRATION": (lambda r, loc: S.uk_vehicle(r), ["registration", "VRM"], ["en_GB"]),
    "US_SSN": (lambda r, loc: S.ssn(r), ["SSN", "social security number"], ["en_US"]),
    "ES_NIF": (lambda r, loc: S.es_dni(r), ["DNI", "NIF"], ["es_ES"]),
    "ES_NIE": (lambda r, loc: S.es_nie(r), ["NIE"], ["es_ES"]),
    "IT_FISCAL_CODE": (lambda r, loc: S.it_fiscal_code(r), ["codice fiscale", "CF"], ["it_IT"]),
    "NL_BSN": (lambda r, loc: S.nl_bsn(r), ["BSN", "burgerservicenummer"], ["nl_NL"]),
    "PL_PESEL": (lambda r, loc: S.pl_pesel(r), ["PESEL"], ["pl_PL"]),
    "SE_PERSONNUMMER": (lambda r, loc: S.se_personnummer(r), ["personnummer"], ["sv_SE"]),
    "DK_CPR": (lambda r, loc: S.dk_cpr(r), ["CPR-nummer", "cpr"], ["da_DK"]),
    "FI_PERSONAL_IDENTITY_CODE": (lambda r, loc: S.fi_hetu(r), ["henkilötunnus", "hetu"], ["fi_FI"]),
    "FR_NIR": (lambda r, loc: S.fr_nir(r), ["numéro de sécurité sociale", "NIR"], ["fr_FR"]),
    "DE_TAX_ID": (lambda r, loc: S.de_tax_id(r), ["Steuer-ID", "steuerliche Identifikationsnummer"], ["de_DE"]),
}
VAGUE = ["col_{i}", "field{i}", "value", "data", "ref", "id2", "info", "x{i}"]
MISLEADING = ["notes", "order ref", "comment", "code", "amount_ref"]
LOOKALIKES = {
    "uuid": S.uuid, "barcode": S.ean13, "isbn": S.isbn13, "amount": S.amount, "order_date": S.order_date,
    "product": S.product_code, "rows": S.row_count, "reference": lambda r: S.random_digits(r, 16),
    "ticket": lambda r: S.random_digits(r, 9), "batch": lambda r: S.random_digits(r, 11),
}


def build_tables(seed, rows, folder):
    r = random.Random(seed)
    labels = {}  # (file, column name) -> entity or None
    files = []
    for loc in S.LOCALES:
        for t in range(3):
            cols = []
            for entity, (gen, headers, locales) in COLUMN_ENTITIES.items():
                if locales and loc not in locales:
                    continue
                style = r.random()
                if style < 0.5:
                    header = r.choice(headers)
                elif style < 0.85:
                    header = r.choice(VAGUE).format(i=len(cols) + 1)
                else:
                    header = r.choice(MISLEADING)
                cols.append((header, entity, [gen(r, loc) for _ in range(rows)]))
            for header, gen in LOOKALIKES.items():
                cols.append((header, None, [gen(r) for _ in range(rows)]))
            r.shuffle(cols)
            # Headers must be unique within a table.
            seen = collections.Counter()
            named = []
            for header, entity, values in cols:
                seen[header] += 1
                name = header if seen[header] == 1 else f"{header}_{seen[header]}"
                named.append((name, entity, values))
            path = os.path.join(folder, f"{loc}-{t}.csv")
            with open(path, "w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh)
                w.writerow([c[0] for c in named])
                for i in range(rows):
                    w.writerow([c[2][i] for c in named])
            for name, entity, _ in named:
                labels[(path, name)] = entity
            files.append(path)
    return files, labels


TEMPLATES = [
    ["Please contact ", "EMAIL_ADDRESS", " about the planning application."],
    ["Call me on ", "PHONE_NUMBER", " after six."],
    ["Refund to ", "IBAN_CODE", " was approved."],
    ["The card ", "CREDIT_CARD", " was declined twice."],
    ["Dear ", "PERSON", ", your request was received."],
    ["Complaint from ", "PERSON", " (", "EMAIL_ADDRESS", ")."],
    ["She moved to ", "STREET_ADDRESS", " last year."],
    ["Login from ", "IP_ADDRESS", " failed."],
    ["Date of birth: ", "DATE_OF_BIRTH", "."],
    ["NI number ", "UK_NINO", " is on file."],
    ["NHS number ", "UK_NHS", " was quoted."],
    ["SSN ", "US_SSN", " provided."],
    ["DNI ", "ES_NIF", " registrado."],
    ["Codice fiscale ", "IT_FISCAL_CODE", "."],
    ["BSN ", "NL_BSN", " gecontroleerd."],
    ["PESEL ", "PL_PESEL", "."],
    ["Personnummer ", "SE_PERSONNUMMER", "."],
    ["Postcode ", "UK_POSTCODE", " for the visit."],
    ["Order 1234 shipped on 2024-03-01, total 99.50 EUR, ticket ", None, "."],
    ["Request 123e4567-e89b-12d3-a456-426614174000 closed, ISBN 978-3-16-148410-0.", None, ""],
]
TEXT_GEN = {
    "EMAIL_ADDRESS": S.email, "PHONE_NUMBER": S.phone, "PERSON": S.person, "STREET_ADDRESS": S.street,
    "IBAN_CODE": lambda r, loc: S.iban(r), "CREDIT_CARD": lambda r, loc: S.credit_card(r),
    "IP_ADDRESS": lambda r, loc: S.ipv4(r), "DATE_OF_BIRTH": lambda r, loc: S.dob(r),
    "UK_NINO": lambda r, loc: S.nino(r), "UK_NHS": lambda r, loc: S.nhs(r), "US_SSN": lambda r, loc: S.ssn(r),
    "ES_NIF": lambda r, loc: S.es_dni(r), "IT_FISCAL_CODE": lambda r, loc: S.it_fiscal_code(r),
    "NL_BSN": lambda r, loc: S.nl_bsn(r), "PL_PESEL": lambda r, loc: S.pl_pesel(r),
    "SE_PERSONNUMMER": lambda r, loc: S.se_personnummer(r), "UK_POSTCODE": lambda r, loc: S.uk_postcode(r),
}


def build_texts(seed, n):
    """Texts with their planted spans: [(text, [(entity, char_start, char_end)])]."""
    r = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(r.randint(1, 3)):
            parts.extend(r.choice(TEMPLATES) + [" "])
        loc = r.choice(S.LOCALES)
        text, spans = "", []
        for p in parts:
            if p is None:
                text += S.random_digits(r, 7)
            elif p in TEXT_GEN:
                v = TEXT_GEN[p](r, loc)
                spans.append((p, len(text), len(text) + len(v)))
                text += v
            else:
                text += p
        out.append((text.strip(), spans))
    return out


def ensure_binary():
    subprocess.run(["cargo", "build", "--quiet", "--release", "--example", "pii_bench"], cwd=ROOT, check=True)


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    rc = tp / (tp + fn) if tp + fn else 1.0
    return p, rc


def table(title, counts):
    lines = [f"| {title} | TP | FP | FN | precision | recall |", "|---|---:|---:|---:|---:|---:|"]
    tot = [0, 0, 0]
    for e in sorted(counts):
        tp, fp, fn = counts[e]
        tot = [a + b for a, b in zip(tot, (tp, fp, fn))]
        p, rc = prf(tp, fp, fn)
        lines.append(f"| {e} | {tp} | {fp} | {fn} | {p:.3f} | {rc:.3f} |")
    p, rc = prf(*tot)
    lines.append(f"| **all** | {tot[0]} | {tot[1]} | {tot[2]} | {p:.3f} | {rc:.3f} |")
    return "\n".join(lines)


def column_level(rows, seed, folder):
    files, labels = build_tables(seed, rows, folder)
    counts = collections.defaultdict(lambda: [0, 0, 0])
    for path in files:
        out = path + ".report.json"
        subprocess.run([BIN, "csv", path, "--report", out], check=True, capture_output=True)
        report = json.load(open(out, encoding="utf-8"))
        for col in report["columns"]:
            truth = labels[(path, col["name"])]
            got = col["verdict"]
            if truth and got == truth:
                counts[truth][0] += 1
            else:
                if got:
                    counts[got][1] += 1
                if truth:
                    counts[truth][2] += 1
    return counts, len(files), sum(1 for v in labels.values() if v), sum(1 for v in labels.values() if not v)


def span_level(n, seed, folder):
    texts = build_texts(seed, n)
    src = os.path.join(folder, "texts.jsonl")
    with open(src, "w", encoding="utf-8") as fh:
        for t, _ in texts:
            fh.write(json.dumps(t, ensure_ascii=False) + "\n")
    spans_out = os.path.join(folder, "spans.jsonl")
    subprocess.run([BIN, "text", src, "--spans", spans_out], check=True, capture_output=True)
    found = [json.loads(l) for l in open(spans_out, encoding="utf-8")]
    return score_spans(texts, [[(s["entity"], s["char_start"], s["char_end"]) for s in f] for f in found])


def score_spans(texts, predicted, entities=None):
    """A predicted span is a true positive when a planted span of the same entity overlaps
    it by at least half of the longer one."""
    counts = collections.defaultdict(lambda: [0, 0, 0])
    for (_, truth), pred in zip(texts, predicted):
        truth = [t for t in truth if entities is None or t[0] in entities]
        pred = [p for p in pred if entities is None or p[0] in entities]
        used = set()
        for p in pred:
            hit = None
            for i, t in enumerate(truth):
                if i in used or t[0] != p[0]:
                    continue
                overlap = min(t[2], p[2]) - max(t[1], p[1])
                if overlap >= 0.5 * max(t[2] - t[1], p[2] - p[1]):
                    hit = i
                    break
            if hit is None:
                counts[p[0]][1] += 1
            else:
                used.add(hit)
                counts[p[0]][0] += 1
        for i, t in enumerate(truth):
            if i not in used:
                counts[t[0]][2] += 1
    return counts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200)
    ap.add_argument("--texts", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=4)
    args = ap.parse_args()
    ensure_binary()
    with tempfile.TemporaryDirectory() as folder:
        cols, nfiles, npii, nlook = column_level(args.rows, args.seed, folder)
        spans = span_level(args.texts, args.seed, folder)
    print(f"Column level: {nfiles} tables (11 locales) of {args.rows} rows, {npii} personal-data columns "
          f"(half under vague or misleading headers), {nlook} look-alike columns.\n")
    print(table("entity (column)", cols))
    print(f"\nSpan level: {args.texts} generated texts, planted spans matched by entity and >= 50% overlap.\n")
    print(table("entity (span)", spans))


if __name__ == "__main__":
    main()
