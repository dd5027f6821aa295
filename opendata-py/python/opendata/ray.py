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


def _counts(ds: "Dataset", plan: _d.Plan) -> "pa.Table":
    """Every block's class rows, each already aggregated per block by the core; the driver
    adds them (equal classes merge as they are added)."""
    import pyarrow as pa

    counter = plan.counter()

    def count(table: "pa.Table") -> "pa.Table":
        return pa.Table.from_batches(list(counter(table.to_batches())), schema=plan_schema)

    plan_schema = plan.count_schema()
    blocks = ds.map_batches(count, batch_format="pyarrow", batch_size=None).to_arrow_refs()
    import ray

    tables = [t for t in ray.get(blocks) if t.num_rows > 0]
    return pa.concat_tables(tables) if tables else plan_schema.empty_table()


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
