"""opendata inside Ray Data: the same scan and anonymisation over
``Dataset.map_batches(batch_format="pyarrow")``.

The per-batch functions are the ones ``opendata.spark`` uses; only the plumbing differs.
Needs ``ray[data]`` and ``opendata`` installed on every worker.

>>> report = opendata.ray.scan(ds)                                  # doctest: +SKIP
>>> out, report = opendata.ray.anonymise(ds, policy, key=secret)    # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _distributed as _d

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa
    from ray.data import Dataset

__all__ = ["scan", "anonymise", "anonymiser", "RayAnonymiser", "RayScanner"]


class RayScanner:
    """A ``map_batches`` function: scans one block and returns one row ``(partition,
    state)``. Ray gives no partition number, so states merge in the order Ray returns them
    (set ``DataContext.execution_options.preserve_order`` for the scan's order of masked
    examples; counts do not depend on it)."""

    def __init__(self, rules: Any = None, options: dict[str, Any] | None = None) -> None:
        self.part = _d.ScanPartition(_d.rules_json(rules), _d.options_json(options))

    def __call__(self, table: "pa.Table") -> "pa.Table":
        import pyarrow as pa

        state = self.part.state(table.to_batches())
        states = [] if state is None else [state]
        return pa.table({"partition": pa.array([0] * len(states), pa.int64()),
                         "state": pa.array(states, pa.string())})


def scan(ds: "Dataset", *, rules: Any = None, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Finds personal data in every column of a Ray Dataset; counts summed over blocks."""
    rows = ds.map_batches(RayScanner(rules, options), batch_format="pyarrow", batch_size=None).take_all()
    pairs = [(i, str(r["state"])) for i, r in enumerate(rows)]
    return _d.merge_report(pairs, _d.rules_json(rules), _d.options_json(options))


class RayAnonymiser:
    """A ``map_batches`` function anonymising each block; ``schema`` is the output schema.
    It pickles as plain data; the native anonymiser is rebuilt on each worker."""

    def __init__(self, apply: _d.ApplyPartition, schema: "pa.Schema", report: dict[str, Any]) -> None:
        self.apply = apply
        self.schema = schema
        self.report = report

    def __call__(self, table: "pa.Table") -> "pa.Table":
        import pyarrow as pa

        return pa.Table.from_batches(list(self.apply(table.to_batches())), schema=self.schema)

    def __repr__(self) -> str:
        return f"RayAnonymiser(schema={self.schema.names}, key=<redacted>)"


_SENSITIVE_VALUE = "__sensitive_value"


def _explode_sensitive(rows: "pa.Table") -> "pa.Table":
    """Class rows with one sensitive value per row, since Ray's group-by can collect the
    distinct values of a column but not union lists. A class's count stays on its first
    row (the others count 0) and a class without values keeps one row with a null."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    lists = rows.column(_d.SENSITIVE_COLUMN).combine_chunks()
    lengths = pc.fill_null(pc.list_value_length(lists), 0)
    lists = pc.if_else(pc.equal(lengths, 0), pa.scalar([None], lists.type), lists)
    parents = pc.list_parent_indices(lists).to_numpy()
    first = np.r_[True, parents[1:] != parents[:-1]] if len(parents) else np.zeros(0, bool)
    out = rows.drop_columns([_d.SENSITIVE_COLUMN]).take(pa.array(parents, pa.int64()))
    at = out.schema.get_field_index(_d.COUNT_COLUMN)
    counts = pc.if_else(pa.array(first), out.column(at), pa.scalar(0, pa.int64()))
    return out.set_column(at, _d.COUNT_COLUMN, counts).append_column(_SENSITIVE_VALUE, pc.list_flatten(lists))


def _counts(ds: "Dataset", plan: _d.Plan) -> "pa.Table":
    """The classes of the whole Dataset: each block counts its own (the core), Ray's
    group-by sums the counts and collects the distinct sensitive values, and the result,
    one row per class, comes to the driver."""
    import pyarrow as pa
    import ray
    from ray.data.aggregate import Sum, Unique

    counter = plan.counter()
    schema = plan.count_schema()
    sensitive = _d.SENSITIVE_COLUMN in schema.names
    keys = [n for n in schema.names if n not in (_d.COUNT_COLUMN, _d.SENSITIVE_COLUMN)]

    def count(table: "pa.Table") -> "pa.Table":
        rows = pa.Table.from_batches(list(counter(table.to_batches())), schema=schema)
        return _explode_sensitive(rows) if sensitive else rows

    aggregates = [Sum(_d.COUNT_COLUMN, alias_name=_d.COUNT_COLUMN)]
    if sensitive:
        aggregates.append(Unique(_SENSITIVE_VALUE, alias_name=_d.SENSITIVE_COLUMN))
    counted = ds.map_batches(count, batch_format="pyarrow", batch_size=None)
    grouped = counted.groupby(keys).aggregate(*aggregates)
    tables = [t for t in ray.get(grouped.to_arrow_refs()) if t.num_rows > 0]
    if not tables:
        return schema.empty_table()
    # A block whose keys are all null has null-typed key columns; unify the types.
    return pa.concat_tables(tables, promote_options="permissive").select(schema.names)


def anonymiser(policy: Any, schema: "pa.Schema", *, key: bytes | str | None = None,
               seed: bytes | None = None, entities: dict[str, str] | None = None) -> RayAnonymiser:
    """A ``map_batches(..., batch_format="pyarrow")`` function for a policy without a
    privacy model; ``schema`` is the input's Arrow schema (``ds.schema().base_schema``)."""
    plan = _d.Plan(schema, policy, key, seed, entities)
    if plan.needs_observation:
        raise ValueError("the policy has a privacy model; use opendata.ray.anonymise(ds, ...)")
    return RayAnonymiser(plan.applier(), plan.output_schema, plan.report())


def anonymise(ds: "Dataset", policy: Any, *, key: bytes | str | None = None,
              seed: bytes | None = None, entities: dict[str, str] | None = None
              ) -> tuple["Dataset", dict[str, Any]]:
    """Anonymises a Ray Dataset; returns ``(Dataset, report)``. A privacy model is
    resolved on the driver from the class counts of every block, as on one machine."""
    plan = _d.Plan(ds.schema().base_schema, policy, key, seed, entities)
    if plan.needs_observation:
        plan.resolve(_counts(ds, plan))
    apply = RayAnonymiser(plan.applier(), plan.output_schema, plan.report())
    return ds.map_batches(apply, batch_format="pyarrow", batch_size=None), apply.report
