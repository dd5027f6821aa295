#!/usr/bin/env python3
"""Rows per second per core: opendata inside Spark (local[2]) versus the single-machine
path, on the same generated table, in one run.

    .venv/bin/python scripts/bench_spark.py [--rows 300000] [--partitions 16]

The single-machine path is the core's whole-table run in one thread (`anonymise` over a
pyarrow Table; the scanner over every batch). The Spark path is `opendata.spark` over a
cached DataFrame, forced with the `noop` sink (anonymise) or a collect of the states
(scan), divided by the 2 cores Spark was given. A ratio of 1.0 means Spark costs nothing
per core; below 1.0 is the price of the JVM <-> Python Arrow hand-off and the scheduling.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "opendata-py" / "tests"))

from distributed_data import KEY, PLAIN_POLICY, PRIVACY_POLICY, SEED, people  # noqa: E402

CORES = 2


def best_of(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _identity(batches):
    yield from batches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--partitions", type=int, default=16)
    parser.add_argument("--runs", type=int, default=2, help="best of this many timings")
    args = parser.parse_args()

    import opendata.spark
    from opendata import _opendata
    from pyspark.sql import SparkSession

    table = people(args.rows)
    # The Python workers must be this interpreter, where opendata is installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(f"local[{CORES}]")
        .appName("opendata-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        # One Arrow batch per partition, in table order, as in the tests.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(args.rows // args.partitions))
        .config("spark.default.parallelism", str(args.partitions))
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    df = spark.createDataFrame(table).cache()
    df.count()
    assert df.rdd.getNumPartitions() == args.partitions

    jobs = {
        "scan": (
            lambda: _opendata.scan_table_json(table),
            lambda: opendata.spark.scan(df),
        ),
        "anonymise (pseudonyms, generalisation, text spans)": (
            lambda: _opendata.anonymise_table(table, PLAIN_POLICY, KEY, SEED),
            lambda: opendata.spark.anonymise(df, PLAIN_POLICY, key=KEY, seed=SEED)[0]
            .write.format("noop").mode("overwrite").save(),
        ),
        "anonymise with k-anonymity (count, resolve, apply)": (
            lambda: _opendata.anonymise_table(table, PRIVACY_POLICY, KEY, SEED),
            lambda: opendata.spark.anonymise(df, PRIVACY_POLICY, key=KEY, seed=SEED)[0]
            .write.format("noop").mode("overwrite").save(),
        ),
    }
    # The floor: Spark handing the same batches to Python and back, with no work done.
    floor_s = best_of(args.runs, lambda: df.mapInArrow(_identity, df.schema)
                      .write.format("noop").mode("overwrite").save())
    print(f"{args.rows:,} rows, {args.partitions} partitions, Spark local[{CORES}], best of {args.runs}")
    print(f"Spark's Arrow hand-off alone (identity mapInArrow): {args.rows / floor_s / CORES:,.0f} rows/s/core")
    print(f"{'job':<52} {'single rows/s/core':>19} {'spark rows/s/core':>18} {'ratio':>6}")
    for name, (single, distributed) in jobs.items():
        single_s = best_of(args.runs, single)
        spark_s = best_of(args.runs, distributed)
        single_rate = args.rows / single_s
        spark_rate = args.rows / spark_s / CORES
        print(f"{name:<52} {single_rate:>19,.0f} {spark_rate:>18,.0f} {spark_rate / single_rate:>6.2f}")
    spark.stop()


if __name__ == "__main__":
    main()
