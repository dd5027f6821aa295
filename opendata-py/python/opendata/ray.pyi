from typing import Any

import pyarrow as pa
from ray.data import Dataset

from ._distributed import ApplyPartition

class RayScanner:
    def __init__(self, rules: Any = ..., options: dict[str, Any] | None = ...) -> None: ...
    def __call__(self, table: pa.Table) -> pa.Table: ...

def scan(ds: Dataset, *, rules: Any = ..., options: dict[str, Any] | None = ...) -> dict[str, Any]: ...

class RayAnonymiser:
    apply: ApplyPartition
    schema: pa.Schema
    report: dict[str, Any]
    def __init__(self, apply: ApplyPartition, schema: pa.Schema, report: dict[str, Any]) -> None: ...
    def __call__(self, table: pa.Table) -> pa.Table: ...

def anonymiser(policy: Any, schema: pa.Schema, *, key: bytes | str | None = ..., seed: bytes | None = ...,
               entities: dict[str, str] | None = ...) -> RayAnonymiser: ...
def anonymise(ds: Dataset, policy: Any, *, key: bytes | str | None = ..., seed: bytes | None = ...,
              entities: dict[str, str] | None = ...) -> tuple[Dataset, dict[str, Any]]: ...
