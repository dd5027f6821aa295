"""opendata inside Apache Spark: the same scan and anonymisation over ``mapInArrow``.

Every worker runs the Rust core on the Arrow batches Spark hands it (no pandas, no row
objects); the driver only merges small states. Needs ``pyspark`` (3.5 or later; tested
with 4.x) and ``opendata`` installed on every executor.

>>> report = opendata.spark.scan(df)                                  # doctest: +SKIP
>>> out, report = opendata.spark.anonymise(df, policy, key=secret)    # doctest: +SKIP

The lower-level pieces (:func:`anonymiser`, :func:`scanner`) give the functions and
schemas to call ``df.mapInArrow`` yourself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Iterator

from . import _distributed as _d

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa
    from pyspark.sql import DataFrame
    from pyspark.sql.types import StructType

__all__ = ["scan", "scanner", "SCAN_STATE_SCHEMA", "merge_scan", "anonymise", "anonymiser",
           "class_counts", "SparkAnonymiser"]

#: The schema of the rows :func:`scanner` yields: one per non-empty partition.
SCAN_STATE_SCHEMA = "partition long, state string"


def _partition_id() -> int:
    from pyspark import TaskContext

    context = TaskContext.get()
    return context.partitionId() if context is not None else 0


def arrow_schema(schema: "StructType") -> "pa.Schema":
    """The Arrow schema of the batches ``mapInArrow`` hands a function for ``schema``."""
    from pyspark.sql.pandas.types import to_arrow_schema

    return to_arrow_schema(schema, timezone="UTC")


def spark_schema(schema: "pa.Schema") -> "StructType":
    """A Spark schema for Arrow batches of ``schema``."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema)


def scanner(*, rules: Any = None, options: dict[str, Any] | None = None) -> _d.ScanPartition:
    """A ``mapInArrow`` function scanning each partition; yields :data:`SCAN_STATE_SCHEMA`
    rows to merge with :func:`merge_scan`::

        rows = df.mapInArrow(opendata.spark.scanner(), opendata.spark.SCAN_STATE_SCHEMA)
        report = opendata.spark.merge_scan(rows.collect())
    """
    return _d.ScanPartition(_d.rules_json(rules), _d.options_json(options), _partition_id)


def merge_scan(rows: Iterable[Any], *, rules: Any = None,
               options: dict[str, Any] | None = None) -> dict[str, Any]:
    """One scan report from the rows of :func:`scanner` (``Row``s or ``(partition, state)``
    pairs): counts are summed over partitions, never averaged, and the verdicts are those
    of a scan of the whole table. Give the same ``rules`` and ``options`` as the scanner."""
    pairs = [(int(r[0]), str(r[1])) for r in rows]
    return _d.merge_report(pairs, _d.rules_json(rules), _d.options_json(options))


def scan(df: "DataFrame", *, rules: Any = None, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Finds personal data in every column of a DataFrame; the same report as
    ``opendata.scan`` gives for the whole table on one machine."""
    rows = df.mapInArrow(scanner(rules=rules, options=options), SCAN_STATE_SCHEMA).collect()
    return merge_scan(rows, rules=rules, options=options)


class SparkAnonymiser:
    """A ``mapInArrow`` function that anonymises partitions, with the output ``schema``
    the policy gives::

        a = opendata.spark.anonymiser(policy, df.schema, key=secret)
        out = df.mapInArrow(a, a.schema)

    It pickles as plain data (policy text, key, seed, the resolved privacy decision); the
    native anonymiser is rebuilt on each worker.
    """

    def __init__(self, apply: _d.ApplyPartition, schema: "StructType", report: dict[str, Any]) -> None:
        self.apply = apply
        self.schema = schema
        self.report = report

    def __call__(self, batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        return self.apply(batches)

    def __repr__(self) -> str:
        return f"SparkAnonymiser(schema={self.schema.simpleString()}, key=<redacted>)"


def _plan(schema: "StructType", policy: Any, key: bytes | str | None, seed: bytes | None,
          entities: dict[str, str] | None) -> _d.Plan:
    return _d.Plan(arrow_schema(schema), policy, key, seed, entities)


def class_counts(df: "DataFrame", plan: _d.Plan) -> "pa.Table":
    """The equivalence classes of the whole DataFrame for ``plan``'s privacy model: each
    partition counts its own classes, Spark's group-by sums them, and the (small) result
    comes to the driver. Quasi-identifier columns are named ``q0, q1, ...``."""
    from pyspark.sql import functions as F

    count_schema = plan.count_schema()
    counted = df.mapInArrow(plan.counter(), spark_schema(count_schema))
    keys = [n for n in count_schema.names if n not in (_d.COUNT_COLUMN, _d.SENSITIVE_COLUMN)]
    aggregates = [F.sum(_d.COUNT_COLUMN).alias(_d.COUNT_COLUMN)]
    if _d.SENSITIVE_COLUMN in count_schema.names:
        # Each partition sent at most l distinct values per class; the core caps again.
        aggregates.append(
            F.array_distinct(F.flatten(F.collect_list(_d.SENSITIVE_COLUMN))).alias(_d.SENSITIVE_COLUMN)
        )
    grouped = counted.groupBy(*keys).agg(*aggregates)
    return grouped.toArrow()


def anonymiser(policy: Any, schema: "StructType", *, key: bytes | str | None = None,
               seed: bytes | None = None, entities: dict[str, str] | None = None) -> SparkAnonymiser:
    """A ``mapInArrow`` function for a policy without a privacy model (k-anonymity needs a
    pass over the whole table first: use :func:`anonymise`).

    ``schema`` is the input DataFrame's schema; ``key`` keys the pseudonyms (identical on
    every partition and worker); ``seed`` fixes random tokens (one is drawn when absent, the
    same for every partition). ``entities`` maps columns to the entities a scan found.
    """
    plan = _plan(schema, policy, key, seed, entities)
    if plan.needs_observation:
        raise ValueError("the policy has a privacy model; use opendata.spark.anonymise(df, ...), "
                         "which counts the classes of the whole table first")
    return SparkAnonymiser(plan.applier(), spark_schema(plan.output_schema), plan.report())


def anonymise(df: "DataFrame", policy: Any, *, key: bytes | str | None = None,
              seed: bytes | None = None, entities: dict[str, str] | None = None
              ) -> tuple["DataFrame", dict[str, Any]]:
    """Anonymises a DataFrame as ``policy`` says; returns ``(DataFrame, report)``.

    With a privacy model (k-anonymity, l-diversity) this runs one Spark job first: the
    classes are counted per partition and summed with Spark's group-by, the model is
    resolved on the driver exactly as on one machine, and the decision travels with the
    function that anonymises the partitions. The returned DataFrame is lazy; the report
    says what each column gets and the privacy outcome (``privacy``), not row counts.
    """
    plan = _plan(df.schema, policy, key, seed, entities)
    if plan.needs_observation:
        plan.resolve(class_counts(df, plan))
    apply = SparkAnonymiser(plan.applier(), spark_schema(plan.output_schema), plan.report())
    return df.mapInArrow(apply, apply.schema), apply.report
