"""A generated register of people for the Spark and Ray tests and `scripts/bench_spark.py`.

Fixed seed, so every run and every engine sees the same table. Emails come from a pool
smaller than the table, so one address appears in many partitions (the pseudonym check
needs that); ages, postcodes and sexes are skewed so that k-anonymity has small classes to
generalise and suppress.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

FIRST = ["Ann", "Bob", "Cyrus", "Dina", "Eve", "Farid", "Grace", "Hamza", "Iris", "Jon",
         "Kemi", "Liam", "Maya", "Nadia", "Owen", "Priya", "Quinn", "Rosa", "Sam", "Tariq"]
LAST = ["Lee", "Roe", "Patel", "Smith", "Jones", "Okafor", "Nowak", "Khan", "Brown", "Evans",
        "Murphy", "Silva", "Chen", "Taylor", "Wright", "Ahmed"]
DISTRICTS = ["SW1A", "SW1B", "M1", "M2", "LS1", "LS2", "B1", "B2", "CF10", "EH1", "G1", "BS1",
             "NE1", "L1", "S1", "OX1", "CB2", "YO1"]
DIAGNOSES = ["flu", "asthma", "gout", "none", "diabetes", "migraine"]
NOTES = [
    "Called back about the renewal, all fine.",
    "Asked to be contacted on 020 7946 0{n:03d} after five.",
    "Prefers email: {first}.{last}{n}@example.org for letters.",
    "No further action needed this month.",
    "Visited the office with a neighbour, paperwork complete.",
]


def people(rows: int, seed: int = 20261129) -> pa.Table:
    rng = np.random.default_rng(seed)
    first = rng.integers(0, len(FIRST), rows)
    last = rng.integers(0, len(LAST), rows)
    pool = rng.integers(0, max(rows // 8, 1), rows)  # about 8 rows per address
    age = np.clip(rng.gamma(6.0, 7.0, rows).astype(np.int64), 0, 104)
    district = rng.zipf(1.6, rows) % len(DISTRICTS)
    sector = rng.integers(0, 10, rows)
    unit = rng.integers(0, 26 * 26, rows)
    sex = rng.integers(0, 2, rows)
    diag = rng.integers(0, len(DIAGNOSES), rows)
    note = rng.integers(0, len(NOTES), rows)
    day0 = dt.date(2024, 1, 1).toordinal()
    visits = rng.integers(0, 700, rows)
    letters = "ABCDEFGHJKLMNPQRSTUWXYZAB"
    names, emails, postcodes, notes = [], [], [], []
    for i in range(rows):
        f, l_, p = FIRST[first[i]], LAST[last[i]], int(pool[i])
        names.append(f"{f} {l_}")
        emails.append(f"{FIRST[p % 20].lower()}.{LAST[p % 16].lower()}{p}@example.org")
        u = int(unit[i])
        postcodes.append(f"{DISTRICTS[district[i]]} {sector[i]}{letters[u // 26 % 25]}{letters[u % 25]}")
        notes.append(NOTES[note[i]].format(n=i % 1000, first=f.lower(), last=l_.lower()))
    return pa.table({
        "id": pa.array(np.arange(rows, dtype=np.int64)),
        "name": pa.array(names, pa.string()),
        "email": pa.array(emails, pa.string()),
        "postcode": pa.array(postcodes, pa.string()),
        "age": pa.array(age),
        "sex": pa.array(np.where(sex == 0, "F", "M"), pa.string()),
        "visit_date": pa.array([dt.date.fromordinal(day0 + int(v)) for v in visits], pa.date32()),
        "diagnosis": pa.array([DIAGNOSES[d] for d in diag], pa.string()),
        "notes": pa.array(notes, pa.string()),
    })


#: A policy without a privacy model: pseudonyms, generalisation, redaction, free text.
PLAIN_POLICY = """
[columns.name]
action = "drop"

[columns.email]
action = "pseudonym"
length = 16

[columns.postcode]
action = "postcode"
level = "district"

[columns.age]
action = "bins"
width = 10

[columns.visit_date]
action = "date"
level = "month"

[columns.diagnosis]
action = "random-token"
length = 10

[columns.notes]
action = "text-spans"
patterns = { PHONE_NUMBER = '\\b0\\d{2} ?\\d{4} ?\\d{4}\\b', EMAIL_ADDRESS = '\\S+@\\S+' }
"""

#: k-anonymity with generalisation and suppression, plus l-diversity.
PRIVACY_POLICY = """
[columns.name]
action = "drop"

[columns.email]
action = "pseudonym"

[columns.notes]
action = "redact"

[privacy]
quasi_identifiers = ["age", "postcode", "sex"]
k = 10
max_suppression = 0.02
suppression = "drop-row"
sensitive = "diagnosis"
l = 2

[privacy.hierarchies.age]
kind = "age"
bands = [5, 10, 20]

[privacy.hierarchies.postcode]
kind = "postcode"
"""

KEY = b"a test key that is long enough"
SEED = b"a fixed seed for random tokens"
