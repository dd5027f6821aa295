"""opendata.spark against the single-machine path, in PySpark local mode.

One generated table of 200,000 rows in 16 partitions: the distributed scan report must
equal the single-machine report, and the distributed anonymised output must equal the
single-machine output row for row, with and without a privacy model.
"""

from __future__ import annotations

import json
import os
import pickle
import sys

import pyarrow as pa
import pytest

pyspark = pytest.importorskip("pyspark")

import opendata  # noqa: E402
import opendata.spark  # noqa: E402
from opendata import _opendata  # noqa: E402

from distributed_data import KEY, PLAIN_POLICY, PRIVACY_POLICY, SEED, people  # noqa: E402

ROWS = 200_000
PARTITIONS = 16


@pytest.fixture(scope="module")
def table() -> pa.Table:
    return people(ROWS)


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # Spark starts its Python workers with `python3` unless told; they must be the test
    # venv's, where opendata is installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("opendata-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        # createDataFrame(pyarrow.Table) makes one partition per Arrow batch of this size:
        # contiguous slices of the table, in order.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(ROWS // PARTITIONS))
        .config("spark.default.parallelism", str(PARTITIONS))
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def df(spark, table):
    frame = spark.createDataFrame(table)
    assert frame.rdd.getNumPartitions() == PARTITIONS
    return frame.cache()


def sorted_rows(t: pa.Table) -> list[dict]:
    return t.sort_by("id").to_pylist()


def test_distributed_scan_equals_single_machine_scan(df, table):
    single = _opendata.scan_table_json(table)
    distributed = opendata.spark.scan(df)
    assert distributed == json.loads(single)
    # Counts are summed over partitions, not averaged.
    assert distributed["rows"] == ROWS
    assert [c["name"] for c in distributed["columns"]] == table.schema.names
    assert all(c["rows"] == ROWS for c in distributed["columns"])
    verdicts = {c["name"]: c.get("verdict") for c in distributed["columns"]}
    assert verdicts["email"] == "EMAIL_ADDRESS"


def test_distributed_anonymisation_equals_single_machine(df, table):
    single, single_report = _opendata.anonymise_table(table, PLAIN_POLICY, KEY, SEED)
    out, report = opendata.spark.anonymise(df, PLAIN_POLICY, key=KEY, seed=SEED)
    distributed = out.toArrow()
    assert distributed.num_rows == ROWS
    assert distributed.schema.names == single.schema.names
    assert sorted_rows(distributed) == sorted_rows(single)
    single_report = json.loads(single_report)
    assert report["columns"] == single_report["columns"]
    assert "name" not in distributed.schema.names


def test_pseudonyms_are_identical_across_partitions(df, table):
    out, _ = opendata.spark.anonymise(df, PLAIN_POLICY, key=KEY, seed=SEED)
    from pyspark.sql import functions as F

    tagged = out.withColumn("part", F.spark_partition_id()).toArrow().sort_by("id")
    emails = table.column("email").to_pylist()
    seen: dict[str, str] = {}
    parts: dict[str, set] = {}
    for email, pseudonym, part in zip(emails, tagged.column("email").to_pylist(),
                                      tagged.column("part").to_pylist()):
        assert seen.setdefault(email, pseudonym) == pseudonym
        parts.setdefault(email, set()).add(part)
    # The check means something only if addresses really do span partitions.
    assert sum(1 for p in parts.values() if len(p) > 1) > 1000
    # A different key gives different pseudonyms.
    other, _ = opendata.spark.anonymise(df.limit(5), PLAIN_POLICY, key=b"another key, also long enough",
                                        seed=SEED)
    first = other.toArrow().sort_by("id").column("email").to_pylist()
    assert first != tagged.column("email").to_pylist()[:5]


def test_k_anonymity_gives_the_single_machine_verdict_and_rows(df, table):
    single, single_report = _opendata.anonymise_table(table, PRIVACY_POLICY, KEY, SEED)
    single_report = json.loads(single_report)
    out, report = opendata.spark.anonymise(df, PRIVACY_POLICY, key=KEY, seed=SEED)
    privacy = report["privacy"]
    assert privacy == single_report["privacy"]
    # The model really had to work: something generalised and something suppressed.
    assert privacy["generalisation_height"] > 0
    assert 0 < privacy["suppressed"] <= 0.02 * ROWS
    assert privacy["smallest_class"] >= 10
    distributed = out.toArrow()
    assert distributed.num_rows == ROWS - privacy["suppressed"] == single.num_rows
    assert sorted_rows(distributed) == sorted_rows(single)


def test_partitions_without_rows_change_nothing(df, table):
    head = df.where("id < 3000")  # every row in the first partition; 15 partitions empty
    assert opendata.spark.scan(head) == json.loads(_opendata.scan_table_json(table.slice(0, 3000)))
    single, _ = _opendata.anonymise_table(table.slice(0, 3000), PLAIN_POLICY, KEY, SEED)
    out, _ = opendata.spark.anonymise(head, PLAIN_POLICY, key=KEY, seed=SEED)
    assert sorted_rows(out.toArrow()) == sorted_rows(single)


def test_class_counts_are_summed_by_spark(df, table):
    plan = opendata.spark._plan(df.schema, PRIVACY_POLICY, KEY, SEED, None)
    counted = opendata.spark.class_counts(df, plan)
    assert sum(counted.column("__count").to_pylist()) == ROWS
    combos = {tuple(r) for r in zip(*(table.column(c).to_pylist() for c in ("age", "postcode", "sex")))}
    assert counted.num_rows == len(combos)


def test_the_function_pickles_as_plain_data_without_the_native_objects(df, table):
    a = opendata.spark.anonymiser(PLAIN_POLICY, df.schema, key=KEY, seed=SEED)
    assert "key=<redacted>" in repr(a) and KEY.decode() not in repr(a)
    assert [f.name for f in a.schema.fields] == [n for n in df.columns if n != "name"]
    sample = table.slice(0, 3)
    out = list(a(iter(sample.to_batches())))  # builds a native object in this process's cache
    assert sum(b.num_rows for b in out) == 3
    clone = pickle.loads(pickle.dumps(a))
    assert clone.apply.token == a.apply.token
    assert df.where("id < 3").mapInArrow(clone, clone.schema).toArrow().num_rows == 3


def test_policy_problems_are_found_before_any_job(df):
    with pytest.raises(opendata.AnonymiseError) as e:
        opendata.spark.anonymise(df, '[columns.nope]\naction = "drop"\n', key=KEY)
    assert e.value.code == "anonymise.unknown-column"
    with pytest.raises(opendata.AnonymiseError) as e:
        opendata.spark.anonymise(df, PLAIN_POLICY)
    assert e.value.code == "anonymise.missing-key"
    with pytest.raises(ValueError):
        opendata.spark.anonymiser(PRIVACY_POLICY, df.schema, key=KEY)


def test_merge_scan_refuses_states_of_other_rules(df):
    rows = df.limit(10).mapInArrow(opendata.spark.scanner(), opendata.spark.SCAN_STATE_SCHEMA).collect()
    custom = [{"id": "staff", "entity": "STAFF_NUMBER", "patterns": [r"\bST\d{6}\b"]}]
    with pytest.raises(opendata.PiiError):
        opendata.spark.merge_scan(rows, rules=custom)
