"""opendata.ray against the single-machine path, on a local Ray instance (2 CPUs).

Skipped when ``ray`` cannot be imported. A smaller table than the Spark tests (Ray's start
dominates): 60,000 rows in 8 blocks.
"""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

ray = pytest.importorskip("ray")
pytest.importorskip("ray.data")

import opendata.ray  # noqa: E402
from opendata import _opendata  # noqa: E402

from distributed_data import KEY, PLAIN_POLICY, PRIVACY_POLICY, SEED, people  # noqa: E402

ROWS = 60_000
BLOCKS = 8


@pytest.fixture(scope="module")
def table() -> pa.Table:
    return people(ROWS)


@pytest.fixture(scope="module")
def ds(table):
    import ray.data

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             configure_logging=False, namespace="opendata-tests")
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    size = ROWS // BLOCKS
    dataset = ray.data.from_arrow([table.slice(i * size, size) for i in range(BLOCKS)])
    yield dataset
    ray.shutdown()


def test_distributed_scan_equals_single_machine_scan(ds, table):
    assert opendata.ray.scan(ds) == json.loads(_opendata.scan_table_json(table))


def test_distributed_anonymisation_equals_single_machine(ds, table):
    single, _ = _opendata.anonymise_table(table, PLAIN_POLICY, KEY, SEED)
    out, report = opendata.ray.anonymise(ds, PLAIN_POLICY, key=KEY, seed=SEED)
    distributed = pa.concat_tables(ray.get(out.to_arrow_refs()))
    assert distributed.sort_by("id").to_pylist() == single.sort_by("id").to_pylist()
    assert [c["column"] for c in report["columns"]][0] == "id"


def test_k_anonymity_gives_the_single_machine_verdict_and_rows(ds, table):
    single, single_report = _opendata.anonymise_table(table, PRIVACY_POLICY, KEY, SEED)
    out, report = opendata.ray.anonymise(ds, PRIVACY_POLICY, key=KEY, seed=SEED)
    assert report["privacy"] == json.loads(single_report)["privacy"]
    distributed = pa.concat_tables(ray.get(out.to_arrow_refs()))
    assert distributed.sort_by("id").to_pylist() == single.sort_by("id").to_pylist()


def test_k_anonymity_without_l_diversity(ds, table):
    policy = PRIVACY_POLICY.replace('sensitive = "diagnosis"\nl = 2\n', "")
    assert "sensitive" not in policy
    single, single_report = _opendata.anonymise_table(table, policy, KEY, SEED)
    out, report = opendata.ray.anonymise(ds, policy, key=KEY, seed=SEED)
    assert report["privacy"] == json.loads(single_report)["privacy"]
    distributed = pa.concat_tables(ray.get(out.to_arrow_refs()))
    assert distributed.sort_by("id").to_pylist() == single.sort_by("id").to_pylist()
