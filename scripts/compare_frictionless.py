#!/usr/bin/env python3
"""Checks `opendata check --infer-schema` against frictionless as an independent reader.

Not part of the normal tests (it needs frictionless: `pip install frictionless`). It writes
CSV files in the notations the inference turns into formats (day-first and month-first
dates, dates with the month's name (`01-APR-2024`, `1 April 2024`), times with AM/PM or
one-digit hours, spreadsheet date-times with 24- and 12-hour clocks, numbers with comma groups,
currency and per cent signs, numbers with a decimal comma and dot groups, numbers grouped
by spaces (plain, no-break, narrow no-break), booleans), lets opendata infer a schema for
each, then has frictionless validate
the file with that schema and read every row. It prints, per file, the inferred field
types and formats, whether frictionless finds the file valid, and the values where
frictionless and the expected values (the ones the generator wrote) differ.

Usage: python scripts/compare_frictionless.py [--bin target/debug/opendata] [--rows N]
"""

import argparse
import csv
import datetime as dt
import decimal
import json
import os
import random
import subprocess
import sys
import tempfile

from frictionless import Resource, Schema, formats


def european(value):
    """`1234.5` written `1.234,50`."""
    text = f"{value:,.2f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def spaced(value, space):
    """`1234.5` written `1 234,50` with `space` between the thousands."""
    return f"{value:,.2f}".replace(",", space).replace(".", ",")


def cases(rows, rng):
    """(name, delimiter, header, rows of (cell text, expected value) per column)."""
    start = dt.datetime(2020, 1, 1)
    moments = [start + dt.timedelta(minutes=rng.randrange(0, 3 * 365 * 24 * 60)) for _ in range(rows)]
    amounts = [round(rng.uniform(-5000, 2_000_000), 2) for _ in range(rows)]

    def column(fmt, values):
        return [(v.strftime(fmt), v) for v in values]

    yield (
        "dates-and-datetimes", ",",
        ["day_first", "dotted", "received", "created_date", "closed_at", "paid_on", "born", "reported", "started"],
        list(zip(
            column("%d/%m/%Y", [m.date() for m in moments]),
            column("%d.%m.%Y", [m.date() for m in moments]),
            column("%d/%m/%Y %H:%M", moments),
            column("%m/%d/%Y %I:%M:%S %p", moments),
            column("%d.%m.%Y %H:%M:%S", moments),
            [(m.strftime("%d-%b-%Y").upper(), m.date()) for m in moments],
            [(f"{m.day} {m.strftime('%B %Y')}", m.date()) for m in moments],
            [(f"{(m.hour + 11) % 12 + 1}:{m.minute:02} {'AM' if m.hour < 12 else 'PM'}", m.time()) for m in moments],
            [(f"{m.hour}:{m.minute:02}", m.time()) for m in moments],
        )),
    )
    yield (
        "grouped-and-units", ",",
        ["net", "gross", "vat_rate", "refund"],
        [
            (
                (f"{a:,.2f}", decimal.Decimal(f"{a:.2f}")),
                (f"£{abs(a):,.2f}", decimal.Decimal(f"{abs(a):.2f}")),
                (f"{i % 30}.5%", decimal.Decimal(f"{i % 30}.5")),
                (f"${i * 7 % 500}", i * 7 % 500),
            )
            for i, a in enumerate(amounts)
        ],
    )
    yield (
        "decimal-comma", ";",
        ["amount", "rate", "count", "flag", "price"],
        [
            (
                (european(a), decimal.Decimal(f"{a:.2f}")),
                (f"{a % 10:.3f}".replace(".", ",").replace(",000", ",5"), None),
                (str(i), i),
                ("TRUE" if i % 2 else "false", bool(i % 2)),
                (european(abs(a)) + " €", decimal.Decimal(f"{abs(a):.2f}")),
            )
            for i, a in enumerate(amounts)
        ],
    )
    yield (
        "space-groups", ";",
        ["montant", "prix", "total"],
        [
            (
                (spaced(a, " "), decimal.Decimal(f"{a:.2f}")),
                (spaced(abs(a), "\u00a0") + "\u00a0€", decimal.Decimal(f"{abs(a):.2f}")),
                (spaced(abs(a), "\u202f"), decimal.Decimal(f"{abs(a):.2f}")),
            )
            for a in amounts
        ],
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=os.path.join("target", "debug", "opendata"))
    parser.add_argument("--rows", type=int, default=500)
    args = parser.parse_args()
    rng = random.Random(7)
    failures = compared = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, delimiter, header, rows in cases(args.rows, rng):
            path = os.path.join(tmp, name + ".csv")
            with open(path, "w", encoding="utf-8", newline="") as f:
                out = csv.writer(f, delimiter=delimiter, lineterminator="\n")
                out.writerow(header)
                out.writerows([cell for cell, _ in row] for row in rows)
            schema_path = os.path.join(tmp, name + ".schema.json")
            subprocess.run([args.bin, "check", path, "--infer-schema", schema_path],
                           check=False, stdout=subprocess.DEVNULL)
            with open(schema_path, encoding="utf-8") as f:
                inferred = json.load(f)
            fields = [
                (
                    f["name"],
                    f["type"],
                    f.get("format", ""),
                    "decimalChar=" + f["decimalChar"] if "decimalChar" in f else "",
                    "groupChar=" + f["groupChar"] if "groupChar" in f else "",
                    "bareNumber=false" if f.get("bareNumber") is False else "",
                )
                for f in inferred["fields"]
            ]
            control = formats.CsvControl(delimiter=delimiter)
            schema = Schema.from_descriptor(inferred)
            # frictionless reads only paths under its base path.
            def resource():
                return Resource(path=name + ".csv", basepath=tmp, schema=schema, control=control)

            report = resource().validate()
            print(f"{name}: frictionless valid={report.valid}")
            for field in fields:
                print("   ", " ".join(x for x in field if x))
            if not report.valid:
                failures += 1
                for error in report.flatten(["rowNumber", "fieldName", "message"])[:5]:
                    print("    !", error)
            with resource() as opened:
                for got, expected_row in zip(opened.read_rows(), rows):
                    for column, (_, expected) in zip(header, expected_row):
                        if expected is None:
                            continue
                        compared += 1
                        if got[column] != expected:
                            failures += 1
                            if failures <= 10:
                                print(f"    {column}: frictionless {got[column]!r}, written {expected!r}")
    print(f"{compared} values compared: " + ("all agree" if failures == 0 else f"{failures} disagreements"))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
