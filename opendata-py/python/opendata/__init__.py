"""opendata: check, scan, anonymise and describe open data before it is published.

The work is done by the Rust core; this package gives the same answers as the
``opendata`` command line and the browser package.
"""

from __future__ import annotations

import json
import os
from typing import IO, Any, Union

from . import _opendata, licence
from ._opendata import InvalidOptionsError, LicenceError, OpendataError, SchemaError, TableError
from ._report import Finding, Report

__all__ = [
    "check_csv",
    "infer_schema",
    "validate_rows",
    "licence",
    "LicenceError",
    "SchemaError",
    "codes",
    "Report",
    "Finding",
    "OpendataError",
    "TableError",
    "InvalidOptionsError",
]

CsvInput = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, IO[bytes], IO[str]]


def _csv_source(source: CsvInput) -> Union[str, bytes]:
    """A path (for Rust to open) or the bytes of the CSV.

    A ``str`` with a line break or a delimiter (``, ; | tab``) is CSV text unless it names
    an existing file; any other ``str`` is a path, and a missing one raises
    ``FileNotFoundError`` rather than being checked as a one-cell table.
    """
    if isinstance(source, os.PathLike):
        return os.fspath(source)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    if isinstance(source, str):
        if os.path.isfile(source):
            return source
        if not any(c in source for c in "\n\r,;|\t"):
            raise FileNotFoundError(source)
        return source.encode("utf-8")
    if hasattr(source, "read"):
        data = source.read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    raise TypeError(f"expected a path, bytes, str or file object, not {type(source).__name__}")


def _options_json(options: dict[str, Any] | None, kwargs: dict[str, Any]) -> str | None:
    merged = {**(options or {}), **kwargs}
    return json.dumps(merged) if merged else None


def check_csv(source: CsvInput, options: dict[str, Any] | None = None, **kwargs: Any) -> Report:
    """Checks the structure of a CSV file.

    ``source`` is a path, the bytes of the file, CSV text, or a file object. Options
    (``delimiter``, ``quote``, ``header``, ``encoding``, ``missing_values``,
    ``max_findings_per_code``, ``max_cell_bytes``, ``max_columns``, ``schema`` (a Table
    Schema dict)) may be given as a dict or as keywords.
    """
    return Report._from_json(_opendata.check_csv_json(_csv_source(source), _options_json(options, kwargs)))


def infer_schema(source: CsvInput, options: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
    """The Frictionless Table Schema of a CSV, with types inferred over every value.

    The schema validates the file it came from: ``check_csv(source, schema=schema)``.
    Raises ``TableError`` when the input is not a readable table."""
    report_json, schema_json = _opendata.infer_schema_json(_csv_source(source), _options_json(options, kwargs))
    if schema_json is None:
        codes = ", ".join(f.code for f in Report._from_json(report_json).findings if f.severity == "error")
        raise TableError(f"the input cannot be read as a table: {codes}")
    return json.loads(schema_json)


def validate_rows(schema: dict[str, Any] | str, rows: list[list[str]], options: dict[str, Any] | None = None,
                  **kwargs: Any) -> Report:
    """Validates rows of strings (header first unless ``header=False``) against a Table Schema."""
    schema_json = schema if isinstance(schema, str) else json.dumps(schema)
    return Report._from_json(_opendata.validate_rows_json(schema_json, rows, _options_json(options, kwargs)))


def codes() -> list[dict[str, str]]:
    """Every finding code with its severity, meaning and fix hint."""
    return json.loads(_opendata.codes_json())
