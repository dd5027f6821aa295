"""Engine-neutral pieces of ``opendata.spark`` and ``opendata.ray``.

Each per-partition function here is a small picklable object holding plain data only
(policy text, key bytes, JSON states). The native objects that do the work
(``BatchScanner``, ``BatchAnonymiser``) are built on the worker the first time a function
runs there and kept in a module-level cache, so a worker process compiles a policy once,
however many partitions it is given. Native objects are never pickled.
"""

from __future__ import annotations

import json
import os
import uuid
from typing import Any, Iterable, Iterator

from ._opendata import (
    BatchAnonymiser,
    BatchScanner,
    merge_scan_states,
    scan_report_from_state,
)

COUNT_COLUMN = "__count"
SENSITIVE_COLUMN = "__sensitive"

# token -> native object, per worker process. A token is drawn when a function is made on
# the driver, so two runs with different policies or keys never share a native object.
_NATIVE: dict[tuple[str, bytes], Any] = {}


def policy_text(policy: Any) -> str:
    """A policy as the native layer reads it: TOML or JSON text, or a dict (as JSON)."""
    if isinstance(policy, (str, bytes)):
        return policy.decode("utf-8") if isinstance(policy, bytes) else policy
    if isinstance(policy, dict):
        return json.dumps(policy)
    raise TypeError(f"a policy is TOML/JSON text or a dict, not {type(policy).__name__}")


def key_bytes(key: bytes | str | None) -> bytes | None:
    return key.encode("utf-8") if isinstance(key, str) else key


def options_json(options: dict[str, Any] | None) -> str | None:
    return json.dumps(options) if options else None


def rules_json(rules: Any) -> str | None:
    from . import _rules_json  # the same reading of `rules` as opendata.scan

    return _rules_json(rules)


def _schema_key(schema: Any) -> bytes:
    return schema.serialize().to_pybytes()


class ScanPartition:
    """Scans the batches of one partition and yields one row: ``(partition, state)``.

    ``state`` is JSON counts and masked examples (no raw values); the driver merges the
    rows with :func:`merge_report`. ``partition`` orders the merge, so masked examples are
    picked as a scan of the whole table in partition order would pick them.
    """

    def __init__(self, rules: str | None, options: str | None, partition_id: Any = None) -> None:
        self.rules = rules
        self.options = options
        self.partition_id = partition_id

    def state(self, batches: Iterable[Any]) -> str | None:
        scanner = BatchScanner(self.rules, self.options)
        seen = False
        for batch in batches:
            scanner.update(batch)
            seen = True
        return scanner.state_json() if seen else None

    def __call__(self, batches: Iterable[Any]) -> Iterator[Any]:
        import pyarrow as pa

        state = self.state(batches)
        if state is None:
            return
        partition = self.partition_id() if self.partition_id is not None else 0
        yield pa.record_batch(
            [pa.array([partition], pa.int64()), pa.array([state], pa.string())],
            names=["partition", "state"],
        )


def merge_report(
    rows: Iterable[tuple[int, str]], rules: str | None, options: str | None
) -> dict[str, Any]:
    """The scan report of partition states ``(partition, state_json)``: counts summed."""
    states = [state for _, state in sorted(rows, key=lambda r: r[0])]
    max_examples = json.loads(options).get("max_examples") if options else None
    merged = merge_scan_states(states, max_examples)
    return json.loads(scan_report_from_state(merged, rules, options))


class PolicyFunction:
    """What every anonymising function carries: the policy, key, seed and detected
    entities, plus a token naming its native objects in the worker cache.

    The key travels inside this object to the workers (that is how pseudonyms come out
    identical on every partition); it is never printed, and the native layer keeps it
    out of every report.
    """

    def __init__(
        self,
        policy: str,
        key: bytes | None,
        seed: bytes | None,
        entities: dict[str, str] | None,
        resolution: str | None = None,
    ) -> None:
        self.policy = policy
        self.key = key
        # Random tokens must agree across partitions, so a run without a seed gets one here,
        # once, on the driver.
        self.seed = seed if seed is not None else os.urandom(32)
        self.entities = entities
        self.resolution = resolution
        self.token = uuid.uuid4().hex

    def __repr__(self) -> str:
        return f"{type(self).__name__}(token={self.token!r}, key=<redacted>)"

    def native(self, schema: Any) -> Any:
        """The worker's anonymiser for batches of ``schema`` (built once per process)."""
        cache_key = (self.token, _schema_key(schema))
        found = _NATIVE.get(cache_key)
        if found is None:
            found = BatchAnonymiser(schema, self.policy, self.key, self.seed, self.entities)
            if self.resolution is not None:
                found.set_resolution_json(self.resolution)
            _NATIVE[cache_key] = found
        return found


class CountPartition(PolicyFunction):
    """Counts the equivalence classes of one partition; yields them as Arrow rows with the
    quasi-identifiers renamed ``q0, q1, ...`` so an engine can group by them whatever
    their names."""

    def __call__(self, batches: Iterable[Any]) -> Iterator[Any]:
        anonymiser = None
        for batch in batches:
            if anonymiser is None:
                # A fresh one per partition: counts must not carry over between partitions.
                anonymiser = BatchAnonymiser(
                    batch.schema, self.policy, self.key, self.seed, self.entities
                )
            anonymiser.observe(batch)
        if anonymiser is not None:
            rows = anonymiser.class_counts()
            if rows is not None and rows.num_rows > 0:
                yield rows.rename_columns(positional_names(rows.schema.names))


class ApplyPartition(PolicyFunction):
    """Anonymises the batches of one partition."""

    def __call__(self, batches: Iterable[Any]) -> Iterator[Any]:
        for batch in batches:
            yield self.native(batch.schema).apply(batch)


def positional_names(names: list[str]) -> list[str]:
    """Quasi-identifier columns as ``q0, q1, ...``; the count columns keep their names."""
    out = []
    for i, name in enumerate(names):
        out.append(name if name in (COUNT_COLUMN, SENSITIVE_COLUMN) else f"q{i}")
    return out


class Plan:
    """A policy compiled on the driver for a table's Arrow schema: the output schema, and,
    for a privacy model, the counting function and the resolve step."""

    def __init__(
        self,
        schema: Any,
        policy: Any,
        key: bytes | str | None,
        seed: bytes | None,
        entities: dict[str, str] | None,
    ) -> None:
        self.policy = policy_text(policy)
        self.key = key_bytes(key)
        self.seed = seed if seed is not None else os.urandom(32)
        self.entities = entities
        # Compiling here finds every problem the policy has with the table (unknown column,
        # missing key, an action that does not fit) before any job runs.
        self.driver = BatchAnonymiser(schema, self.policy, self.key, self.seed, entities)
        self.privacy: dict[str, Any] | None = None

    @property
    def output_schema(self) -> Any:
        return self.driver.output_schema()

    @property
    def needs_observation(self) -> bool:
        return self.driver.needs_observation()

    def counter(self) -> CountPartition:
        return CountPartition(self.policy, self.key, self.seed, self.entities)

    def count_schema(self) -> Any:
        """The Arrow schema of the rows :class:`CountPartition` yields."""
        rows = self.driver.class_counts()
        return rows.rename_columns(positional_names(rows.schema.names)).schema

    def resolve(self, counted: Any) -> dict[str, Any]:
        """Adds the class rows summed over every partition (positional names) and resolves
        the privacy model; the privacy report."""
        names = self.driver.class_counts().schema.names
        self.driver.merge_class_counts(counted.rename_columns(names))
        report = self.driver.resolve()
        self.privacy = json.loads(report) if report else None
        return self.privacy or {}

    def applier(self) -> ApplyPartition:
        resolution = self.driver.resolution_json()
        if self.needs_observation and resolution is None:
            raise RuntimeError("the privacy model must be resolved before batches are applied")
        return ApplyPartition(self.policy, self.key, self.seed, self.entities, resolution)

    def report(self) -> dict[str, Any]:
        """What the run does per column and the privacy outcome. Row counts are left out:
        the engine computes the output lazily, after this report exists."""
        report = json.loads(self.driver.report_json())
        report.pop("rows_in", None)
        report.pop("rows_out", None)
        return report
