#!/usr/bin/env python3
"""Benchmark of `opendata check` on a realistic generated CSV, in one run against:

* the raw `csv` crate reading byte records (the practical speed limit),
* `opendata check --schema` once a schema is given (inferred from the file first),
* `frictionless validate` when it is installed.

Prints throughput (MB/s), ratios against the raw parse, and peak memory (RSS) per command.
Usage: python3 scripts/bench_table.py [--mb 50] [--mb 500] [--keep]
"""

from __future__ import annotations

import argparse
import os
import pathlib
import random
import shutil
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATA = ROOT / "bench-data"

FIRST = ["Olivia", "Amelia", "Isla", "Ava", "Mia", "Noah", "Oliver", "George", "Arthur", "Muhammad", "Leo", "Harry",
         "Sophie", "Emma", "Lucas", "Jan", "Anna", "Marie", "Luca", "Giulia", "Hugo", "Chloé", "Zoë", "Siân"]
LAST = ["Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Müller", "Schmidt", "Rossi",
        "Martin", "Bernard", "García", "Jansen", "Nowak", "Hughes", "O'Brien", "Roberts", "Walker"]
STREETS = ["High Street", "Station Road", "Church Lane", "Park Avenue", "Mill Road", "Victoria Street"]
WORDS = ("resident reported the issue again after the visit on monday and asked for a call back about "
         "the repair of the boiler which was promised last month by the contractor please note").split()


def generate(path: pathlib.Path, megabytes: int) -> None:
    """A council-style case register: ids, codes with leading zeros, people, dates, money, free text."""
    rng = random.Random(42)
    target = megabytes * 1024 * 1024
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("case_id,ref,name,email,date_of_birth,postcode,address,amount,opened_at,closed,notes\r\n")
        written = 0
        i = 0
        while written < target:
            rows = []
            for _ in range(5000):
                i += 1
                first, last = rng.choice(FIRST), rng.choice(LAST)
                notes = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 30)))
                if rng.random() < 0.2:
                    notes = '"' + notes.replace("the", 'the ""quoted""').replace("call", "call, then") + '"'
                rows.append(
                    f"{i},{rng.randint(0, 99999):06d},{first} {last},"
                    f"{first.lower()}.{last.lower()}{rng.randint(1, 99)}@example.org,"
                    f"{rng.randint(1930, 2010)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d},"
                    f"SW{rng.randint(1, 20)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')},"
                    f"\"{rng.randint(1, 200)} {rng.choice(STREETS)}\",{rng.randint(0, 100000) / 100},"
                    f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z,"
                    f"{rng.choice(['true', 'false'])},{notes}\r\n"
                )
            chunk = "".join(rows)
            f.write(chunk)
            written += len(chunk.encode("utf-8"))


TIME = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)


def run(cmd: list[str], cwd: pathlib.Path | None = None) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds (user + system), peak RSS in MB, exit code of one command.

    Peak RSS comes from GNU time when it is there: the rusage of a child forked from Python
    counts Python's own pages copied before exec.
    """
    rss_file = DATA / ".rss"
    wrapped = [TIME, "-f", "%M", "-o", str(rss_file), *cmd] if TIME else cmd
    start = time.perf_counter()
    proc = subprocess.Popen(wrapped, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    rss_kb = usage.ru_maxrss
    if TIME and rss_file.exists():
        lines = rss_file.read_text().split()
        rss_kb = int(lines[-1]) if lines and lines[-1].isdigit() else rss_kb
    return elapsed, cpu, rss_kb // 1024, os.waitstatus_to_exitcode(status)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, action="append", help="file size(s) in MB (default 50)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds; each command keeps its best (default 5)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    sizes = args.mb or [50]

    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "opendata", "--example", "raw_csv_parse"],
                   cwd=ROOT, check=True)
    opendata = str(ROOT / "target/release/opendata")
    raw = str(ROOT / "target/release/examples/raw_csv_parse")
    frictionless = shutil.which("frictionless")
    DATA.mkdir(exist_ok=True)

    print("wall = elapsed seconds (the check uses a second core when there is one); "
          "cpu = user + system seconds over all threads")
    print(f"{'file':>8} {'command':<34} {'wall':>7} {'MB/s':>7} {'vs raw':>7} {'cpu':>7} {'vs raw':>7} {'peak RSS':>9}")
    for index, mb in enumerate(sizes):
        path = DATA / f"cases-{mb}mb.csv"
        if not path.exists():
            generate(path, mb)
        size_mb = path.stat().st_size / 1e6
        schema = DATA / f"cases-{mb}mb.schema.json"
        commands = [
            ("raw csv crate (byte records)", [raw, str(path)]),
            ("opendata check", [opendata, "check", str(path), "--format", "json"]),
        ]
        if subprocess.run([opendata, "check", "--help"], capture_output=True, text=True).stdout.find("--schema") >= 0:
            subprocess.run([opendata, "check", str(path), "--infer-schema", str(schema)], capture_output=True)
            if schema.exists():
                commands.append(("opendata check --schema", [opendata, "check", str(path), "--schema", str(schema)]))
        # frictionless takes minutes per 50 MB: once, on the smallest file, is enough for the ratio.
        if frictionless and index == 0:
            # frictionless refuses absolute paths ("not safe"): it runs beside the file.
            commands.append(("frictionless validate", [frictionless, "validate", path.name]))
        # Rounds alternate the commands, so a busy spell on this shared machine slows all
        # of them alike instead of one; each command keeps its best round.
        best: dict[str, tuple[float, float, int, int]] = {}
        for round_index in range(args.repeat):
            for label, cmd in commands:
                if label.startswith("frictionless") and round_index > 0:
                    continue
                cwd = DATA if label.startswith("frictionless") else None
                result = run(cmd, cwd)
                if label not in best or result[0] < best[label][0]:
                    best[label] = result
        reference = best[commands[0][0]]
        walls = {}
        for label, _cmd in commands:
            seconds, cpu, rss, _code = best[label]
            walls[label] = seconds
            print(f"{mb:>6}MB {label:<34} {seconds:>7.2f} {size_mb / seconds:>7.1f} {reference[0] / seconds:>6.2f}x "
                  f"{cpu:>7.2f} {reference[1] / cpu:>6.2f}x {rss:>7}MB")
        if "frictionless validate" in walls:
            print(f"{mb:>6}MB opendata check is {walls['frictionless validate'] / walls['opendata check']:.0f}x "
                  "faster than frictionless validate")
        if not frictionless and index == 0:
            print(f"{mb:>6}MB frictionless validate: not installed (pip install frictionless) - skipped")
        if not args.keep:
            path.unlink()
            schema.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
