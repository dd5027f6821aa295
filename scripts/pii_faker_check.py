#!/usr/bin/env python3
"""Column verdicts of `opendata scan` on values made by an independent generator.

The accuracy script (`pii_accuracy.py`) scores opendata on a corpus this repository
generates itself, so its formats are the ones the rules were written for. This check feeds
the scan values from Faker (`pip install faker`), a generator written by other people: 300
values per column under vague headers (`c0`, `c1`, ...), personal-data columns of 14
locales beside look-alikes, and prints every column whose verdict differs from the
expected one.

Faker's `ssn` gives a national identifier in some locales only; where it falls back to a US
format (da_DK, de_DE, en_IE, nl_BE) or to the reserved `ZZ` prefix (en_GB), it is left out.
Not part of the tests: Faker's output changes between its releases.

    python3 scripts/pii_faker_check.py [--rows 300] [--bin target/release/opendata]
"""

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def columns(rows):
    from faker import Faker

    random.seed(7)
    Faker.seed(7)
    locales = ["en_GB", "en_US", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pl_PL", "sv_SE", "da_DK", "fi_FI", "nl_BE", "en_IE", "no_NO"]
    fk = {loc: Faker(loc) for loc in locales}
    us = fk["en_US"]
    cols = []

    def add(label, expected, make):
        cols.append((label, expected, [str(make()) for _ in range(rows)]))

    for loc, f in fk.items():
        add(f"phone {loc}", "PHONE_NUMBER", f.phone_number)
        add(f"email {loc}", "EMAIL_ADDRESS", f.email)
        add(f"name {loc}", "PERSON", f.name)
        add(f"iban {loc}", "IBAN_CODE", f.iban)
        add(f"street address {loc}", "STREET_ADDRESS", f.street_address)
    add("ssn en_US", "US_SSN", us.ssn)
    add("itin en_US", "US_ITIN", us.itin)
    add("postcode en_GB", "UK_POSTCODE", fk["en_GB"].postcode)
    add("nif es_ES", "ES_NIF", fk["es_ES"].nif)
    add("nie es_ES", "ES_NIE", fk["es_ES"].nie)
    add("codice fiscale it_IT", "IT_FISCAL_CODE", fk["it_IT"].ssn)
    add("bsn nl_NL", "NL_BSN", fk["nl_NL"].ssn)
    add("pesel pl_PL", "PL_PESEL", fk["pl_PL"].pesel)
    add("personnummer sv_SE", "SE_PERSONNUMMER", fk["sv_SE"].ssn)
    add("hetu fi_FI", "FI_PERSONAL_IDENTITY_CODE", fk["fi_FI"].ssn)
    add("nir fr_FR", "FR_NIR", fk["fr_FR"].ssn)
    add("fodselsnummer no_NO", "NO_FODSELSNUMMER", fk["no_NO"].ssn)
    add("credit card", "CREDIT_CARD", us.credit_card_number)
    add("ipv4", "IP_ADDRESS", us.ipv4)
    add("ipv6", "IP_ADDRESS", us.ipv6)
    add("mac", "MAC_ADDRESS", us.mac_address)
    add("lat,long", "GEO_COORDINATES", lambda: "%s, %s" % us.latlng())
    # look-alikes
    add("latitude alone", None, us.latitude)
    add("uuid", None, us.uuid4)
    add("ean13", None, us.ean13)
    add("isbn13", None, us.isbn13)
    add("price tag", None, us.pricetag)
    add("amount", None, lambda: us.pydecimal(left_digits=4, right_digits=2, positive=True))
    add("date this decade", None, us.date_this_decade)
    add("count", None, lambda: random.randint(0, 5000))
    add("sku", None, lambda: us.bothify("??-####-??").upper())
    add("company", None, us.company)
    add("city", None, us.city)
    add("job", None, us.job)
    add("sentence", None, us.sentence)
    return cols


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=300)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "opendata"))
    args = ap.parse_args()
    try:
        cols = columns(args.rows)
    except ImportError:
        sys.exit("Faker is not installed: pip install faker")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "faker.csv")
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow([f"c{i}" for i in range(len(cols))])
            for r in range(args.rows):
                w.writerow([c[2][r] for c in cols])
        run = subprocess.run([args.bin, "scan", path, "--format", "json"], capture_output=True, text=True)
        if run.returncode == 2:
            sys.exit(run.stderr)
        report = json.loads(run.stdout)
    wrong = 0
    personal = sum(1 for c in cols if c[1])
    for (label, expected, values), col in zip(cols, report["columns"]):
        verdict = col.get("verdict")
        if verdict == expected:
            continue
        wrong += 1
        best = ", ".join(f"{c['entity']} {c['share']:.2f}" for c in col.get("candidates", [])[:2]) or "-"
        kind = "missed" if expected else "false positive"
        print(f"{kind:15} {label:24} expected {expected}, got {verdict} (shares: {best}; e.g. {values[:2]})")
    print(f"{len(cols)} columns ({personal} personal data, {len(cols) - personal} look-alikes), {args.rows} Faker values each: {wrong} wrong")


if __name__ == "__main__":
    main()
