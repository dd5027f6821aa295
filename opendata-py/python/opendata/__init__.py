"""opendata: check, scan, anonymise and describe open data before it is published.

The work is done by the Rust core; this package gives the same answers as the
``opendata`` command line and the browser package.
"""

from __future__ import annotations

import json
import os
from typing import IO, Any, Union

from . import _opendata, licence
from ._opendata import (
    AnonymiseError,
    CatalogError,
    InvalidOptionsError,
    LicenceError,
    OpendataError,
    PiiError,
    SchemaError,
    TableError,
)
from ._report import Finding, Report

__all__ = [
    "check_csv",
    "infer_schema",
    "validate_rows",
    "licence",
    "scan",
    "scan_text",
    "anonymise_csv",
    "validate_metadata",
    "PiiError",
    "AnonymiseError",
    "CatalogError",
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


def _rules_json(rules: Any) -> str | None:
    if rules is None:
        return None
    if isinstance(rules, (str, os.PathLike)) and os.path.isfile(rules):
        with open(rules, encoding="utf-8") as f:
            return f.read()
    return rules if isinstance(rules, str) else json.dumps(rules)


def scan(source: CsvInput, *, rules: Any = None, options: dict[str, Any] | None = None,
         check_options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Finds personal data in every column of a CSV (whatever the headers say).

    Returns the scan report: one entry per column with its ``verdict`` entity
    (``EMAIL_ADDRESS``, ``UK_NINO``...), the evidence, masked examples only, and findings.
    ``rules`` adds user rules (a path, JSON text or a list of rule dicts)."""
    return json.loads(_opendata.scan_csv_json(
        _csv_source(source), _options_json(check_options, {}), _options_json(options, {}), _rules_json(rules)))


def scan_text(text: str, *, rules: Any = None, options: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Personal-data spans in free text: entity, char_start / char_end, confidence, rule_id."""
    return json.loads(_opendata.scan_text_json(text, _options_json(options, {}), _rules_json(rules)))


def anonymise_csv(source: CsvInput, policy: dict[str, Any] | str, *, key: bytes | str | None = None,
                  seed: bytes | None = None, check_options: dict[str, Any] | None = None) -> tuple[bytes, dict[str, Any]]:
    """Writes an anonymised copy of a CSV as ``policy`` says (a dict, or JSON / TOML text).

    Returns ``(csv_bytes, report)``. ``key`` keys the pseudonyms; it is never stored or
    printed. The same input, policy, key and seed give byte-identical output."""
    data = _csv_source(source)
    if isinstance(data, str):
        with open(data, "rb") as f:
            data = f.read()
    policy_text = policy if isinstance(policy, str) else json.dumps(policy)
    key_bytes = key.encode("utf-8") if isinstance(key, str) else key
    out, report = _opendata.anonymise_csv_bytes(data, policy_text, key_bytes, seed, _options_json(check_options, {}))
    return out, json.loads(report)


def validate_metadata(data: bytes | str | "os.PathLike[str]", *, profile: str = "dcat-ap-3",
                      **request: Any) -> Report:
    """Validates a catalogue record (Turtle, JSON-LD, RDF/XML, N-Triples, CKAN JSON,
    data.json) against DCAT-AP 3, DCAT-US or schema.org Dataset."""
    if isinstance(data, os.PathLike) or (isinstance(data, str) and os.path.isfile(data)):
        with open(data, "rb") as f:
            data = f.read()
    elif isinstance(data, str):
        data = data.encode("utf-8")
    return Report._from_json(_opendata.validate_metadata_json(data, json.dumps({"profile": profile, **request})))


def codes() -> list[dict[str, str]]:
    """Every finding code with its severity, meaning and fix hint."""
    return json.loads(_opendata.codes_json())
