#!/usr/bin/env python3
"""Python package versus the CLI on the same data, in one run.

Builds a realistic table (council case register: ids, codes, people, e-mails, dates,
postcodes, money, free text), writes it as CSV, then times:

* `opendata check FILE` (release CLI) against `opendata.check(df)` on the pandas DataFrame;
* `opendata anonymise FILE --policy P` against `opendata.anonymise(df, P)` (pandas out).

The Python times include everything the caller waits for: pandas -> Arrow on the way in
and Arrow -> pandas on the way out. The pyarrow rows show the same jobs on a pyarrow
Table, i.e. without the pandas conversions. Each job runs `--repeat` times; the best run
counts. The target is Python <= 1.1x the CLI.

Needs the release CLI (`cargo build --release`) and the package built with
`maturin develop --release` (a debug build is far slower and not what users get).

Usage: python scripts/bench_python.py [--rows 1000000] [--repeat 3] [--keep]
"""

from __future__ import annotations

import argparse
import os
import pathlib
import random
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATA = ROOT / "bench-data"
CLI = ROOT / "target" / "release" / "opendata"

FIRST = ["Olivia", "Amelia", "Isla", "Ava", "Mia", "Noah", "Oliver", "George", "Arthur", "Leo", "Sophie", "Emma",
         "Jan", "Anna", "Marie", "Luca", "Hugo", "Chloé", "Zoë", "Siân"]
LAST = ["Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Müller", "Rossi", "Martin",
        "García", "Jansen", "Nowak", "Hughes", "O'Brien", "Roberts", "Walker"]
WORDS = ("resident reported the issue again after the visit on monday and asked for a call back about "
         "the repair of the boiler which was promised last month by the contractor please note").split()
POLICY = """
[columns.name]
action = "redact"
[columns.email]
action = "pseudonym"
[columns.postcode]
action = "postcode"
level = "district"
[columns.notes]
action = "drop"
"""
KEY = "bench key of at least sixteen bytes"


def build_frame(rows: int, seed: int = 42):
    import pandas as pd

    rng = random.Random(seed)
    first = [rng.choice(FIRST) for _ in range(rows)]
    last = [rng.choice(LAST) for _ in range(rows)]
    return pd.DataFrame({
        "case_id": range(1, rows + 1),
        "ref": [f"C{rng.randint(0, 999999):06d}" for _ in range(rows)],
        "name": [f"{f} {l}" for f, l in zip(first, last)],
        "email": [f"{f.lower()}.{l.lower().replace(chr(39), '')}{i % 97}@example.org"
                  for i, (f, l) in enumerate(zip(first, last))],
        "date_of_birth": [f"{rng.randint(1940, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                          for _ in range(rows)],
        "postcode": [f"{rng.choice(['SW1A', 'M1', 'B33', 'LS6', 'EH1', 'CF10'])} {rng.randint(1, 9)}"
                     f"{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}" for _ in range(rows)],
        "amount": [round(rng.uniform(0, 5000), 2) for _ in range(rows)],
        "notes": [" ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 20))) for _ in range(rows)],
    })


def best(job, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return min(times)


def run_cli(*args: str) -> None:
    out = subprocess.run([str(CLI), *args], capture_output=True, env={**os.environ, "BENCH_KEY": KEY})
    if out.returncode not in (0, 1):
        raise SystemExit(f"opendata {' '.join(args)} failed: {out.stderr.decode()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the generated files in bench-data/")
    args = parser.parse_args()

    import pandas as pd
    import pyarrow as pa

    import opendata

    if not CLI.exists():
        raise SystemExit(f"{CLI} is missing: cargo build --release")
    DATA.mkdir(exist_ok=True)
    csv_path, policy_path, out_path = DATA / "bench_python.csv", DATA / "bench_python.toml", DATA / "bench_out.csv"
    policy_path.write_text(POLICY)

    started = time.perf_counter()
    df = build_frame(args.rows)
    df.to_csv(csv_path, index=False)
    # The frame the notebook user has: read back from the CSV, as they would.
    df = pd.read_csv(csv_path)
    table = pa.Table.from_pandas(df, preserve_index=False)
    size_mb = csv_path.stat().st_size / 1e6
    print(f"{args.rows} rows, {len(df.columns)} columns, {size_mb:.0f} MB CSV "
          f"(built in {time.perf_counter() - started:.1f}s); pandas {pd.__version__}, pyarrow {pa.__version__}; "
          f"best of {args.repeat}")

    # Both sides must find the same thing, or the timing compares different work.
    py_codes = sorted({f.code for f in opendata.check(df).findings})
    results = []

    def row(job: str, cli_s: float, py_s: float, arrow_s: float) -> None:
        results.append((job, cli_s, py_s, arrow_s))
        print(f"{job:<10} CLI {cli_s:7.2f}s   Python/pandas {py_s:7.2f}s ({py_s / cli_s:4.2f}x)   "
              f"Python/pyarrow {arrow_s:7.2f}s ({arrow_s / cli_s:4.2f}x)", flush=True)

    cli_check = best(lambda: run_cli("check", str(csv_path), "--format", "json"), args.repeat)
    py_check = best(lambda: opendata.check(df), args.repeat)
    arrow_check = best(lambda: opendata.check(table), args.repeat)
    row("check", cli_check, py_check, arrow_check)

    cli_anon = best(lambda: run_cli("anonymise", str(csv_path), "--policy", str(policy_path), "-o", str(out_path),
                                    "--key-env", "BENCH_KEY", "--format", "json"), args.repeat)
    py_anon = best(lambda: opendata.anonymise(df, POLICY, key=KEY), args.repeat)
    arrow_anon = best(lambda: opendata.anonymise(table, POLICY, key=KEY), args.repeat)
    row("anonymise", cli_anon, py_anon, arrow_anon)

    print(f"finding codes (Python on the frame): {', '.join(py_codes) or 'none'}")
    worst = max(py / cli for _, cli, py, _ in results)
    print(f"worst Python/pandas ratio {worst:.2f}x (target <= 1.10x): {'met' if worst <= 1.10 else 'NOT met'}")
    if not args.keep:
        for p in (csv_path, policy_path, out_path):
            p.unlink(missing_ok=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
