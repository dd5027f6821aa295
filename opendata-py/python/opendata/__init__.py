"""opendata: check, scan, anonymise and describe open data before it is published.

The work is done by the Rust core; this package gives the same answers as the
``opendata`` command line and the browser package.
"""

from __future__ import annotations

import json
import os
import warnings
from typing import IO, Any, Callable, Iterable, Optional, Union

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
from ._report import Finding, Report, ScanReport
from .metadata import Dataset, Proposal, Quality

__all__ = [
    "check",
    "anonymise",
    "ScanReport",
    "check_csv",
    "infer_schema",
    "validate_rows",
    "licence",
    "scan",
    "scan_text",
    "scan_texts",
    "check_identifier",
    "validators",
    "anonymise_csv",
    "validate_metadata",
    "Dataset",
    "Quality",
    "Proposal",
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

# A table with the Arrow PyCapsule interface, a pandas DataFrame, or CSV input.
TableInput = Any
CsvInput = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, IO[bytes], IO[str]]
Progress = Union[bool, Callable[[int, Optional[int]], Any], None]


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
    raise TypeError(
        "expected a table (pyarrow, pandas, polars or any object with the Arrow PyCapsule "
        f"interface), a path, bytes, str or file object, not {type(source).__name__}")


def _csv_size(source: Union[str, bytes]) -> int | None:
    """Total bytes of a CSV source, for progress bars."""
    if isinstance(source, bytes):
        return len(source)
    try:
        return os.path.getsize(source)
    except OSError:
        return None


def _arrow_input(data: Any) -> tuple[Any, str] | None:
    """``(object with the Arrow PyCapsule interface, kind of the caller's table)``, or
    ``None`` when ``data`` is CSV input. pandas frames go through pyarrow: numeric and
    pyarrow-backed columns are handed over without a copy, object columns are converted."""
    module = type(data).__module__.split(".")[0]
    if module == "pandas" and type(data).__name__ == "DataFrame":
        return _pandas_to_arrow(data), "pandas"
    if module == "polars" and type(data).__name__ == "DataFrame":
        return data, "polars"
    if hasattr(data, "__arrow_c_stream__") or hasattr(data, "__arrow_c_array__"):
        return data, "arrow"
    return None


def _pandas_to_arrow(frame: Any) -> Any:
    """A pandas frame as a pyarrow Table. An object column of mixed types (``["x", 1,
    None]``, as spreadsheets give) has no Arrow type; it is read as text, each value as
    ``str(value)`` and missing values as nulls, rather than refusing the whole frame."""
    import pyarrow as pa

    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        pass
    import pandas as pd

    columns = {}
    for name in frame.columns:
        column = frame[name]
        try:
            columns[str(name)] = pa.Array.from_pandas(column)
        except (pa.ArrowTypeError, pa.ArrowInvalid):
            texts = [None if pd.api.types.is_scalar(v) and pd.isna(v) else str(v)
                     for v in column.tolist()]
            columns[str(name)] = pa.array(texts, type=pa.string())
    return pa.table(columns)


def _as_callers_kind(table: Any, kind: str) -> Any:
    """The result table as the kind the caller gave: pandas in, pandas out; polars in,
    polars out; pyarrow otherwise. The conversions share the Arrow buffers where they can."""
    if kind == "pandas":
        return table.to_pandas()
    if kind == "polars":
        import polars as pl

        return pl.from_arrow(table)
    return table


class _ProgressBar:
    """Turns ``progress=`` into the callback Rust calls with ``(done, total)``."""

    def __init__(self, progress: Progress, unit: str, description: str) -> None:
        self._bar: Any = None
        self.callback: Callable[[int, Optional[int]], Any] | None = None
        if progress is True:
            try:
                with warnings.catch_warnings():
                    # tqdm.auto warns when a notebook lacks ipywidgets, then draws a text bar.
                    warnings.simplefilter("ignore")
                    from tqdm.auto import tqdm
            except ImportError:
                raise ImportError("progress=True shows a tqdm bar, but tqdm is not installed: "
                                  "pip install tqdm, or pass a callable(done, total)") from None
            self._tqdm = tqdm
            self._unit = unit
            self._description = description
            self.callback = self._update
        elif callable(progress):
            self.callback = progress
        elif progress not in (None, False):
            raise TypeError(f"progress must be True, False, None or a callable(done, total), "
                            f"not {type(progress).__name__}")

    def _update(self, done: int, total: int | None) -> None:
        if self._bar is None:
            self._bar = self._tqdm(total=total, unit=self._unit, unit_scale=self._unit == "B",
                                   unit_divisor=1024, desc=self._description)
        self._bar.update(done - self._bar.n)

    def __enter__(self) -> "_ProgressBar":
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._bar is not None:
            self._bar.close()


def _options_json(options: dict[str, Any] | None, kwargs: dict[str, Any]) -> str | None:
    merged = {**(options or {}), **kwargs}
    return json.dumps(merged) if merged else None


def _check_options(options: dict[str, Any] | None, kwargs: dict[str, Any]) -> tuple[str | None, str | None]:
    """``(options JSON, Table Schema JSON)``: the schema travels apart so that a broken one
    raises ``SchemaError`` with the schema's own JSON path."""
    merged = {**(options or {}), **kwargs}
    schema = merged.pop("schema", None)
    schema_json = None if schema is None else schema if isinstance(schema, str) else json.dumps(schema)
    return (json.dumps(merged) if merged else None), schema_json


def check(data: TableInput, options: dict[str, Any] | None = None, *, progress: Progress = None,
          **kwargs: Any) -> Report:
    """Checks a table: a CSV (path, bytes, text or file object) or an Arrow table (pyarrow
    Table / RecordBatch / RecordBatchReader, pandas or polars DataFrame).

    A CSV gets every structural check (encoding, delimiter, quotes, ragged rows...); an
    Arrow table gets the header, cell, column and Table Schema checks with the same codes,
    and the row numbers the table would have as a CSV with a header (first data row = 2).
    Options (``delimiter``, ``quote``, ``header``, ``encoding``, ``missing_values``,
    ``max_findings_per_code``, ``max_cell_bytes``, ``max_columns``, ``schema`` (a Table
    Schema dict)) may be given as a dict or as keywords. ``progress`` is ``True`` (a tqdm
    bar) or a callable ``(done, total)``; the GIL is released while the check runs.
    """
    options_json, schema_json = _check_options(options, kwargs)
    arrow = _arrow_input(data)
    if arrow is not None:
        with _ProgressBar(progress, "rows", "check") as bar:
            return Report._from_json(_opendata.check_arrow_json(arrow[0], options_json, bar.callback, schema_json))
    source = _csv_source(data)
    with _ProgressBar(progress, "B", "check") as bar:
        return Report._from_json(
            _opendata.check_csv_json(source, options_json, bar.callback, _csv_size(source), schema_json))


def check_csv(source: CsvInput, options: dict[str, Any] | None = None, *, progress: Progress = None,
              **kwargs: Any) -> Report:
    """Checks the structure of a CSV file: :func:`check` for CSV input only."""
    source = _csv_source(source)
    options_json, schema_json = _check_options(options, kwargs)
    with _ProgressBar(progress, "B", "check") as bar:
        return Report._from_json(
            _opendata.check_csv_json(source, options_json, bar.callback, _csv_size(source), schema_json))


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


def scan(data: TableInput, *, rules: Any = None, options: dict[str, Any] | None = None,
         check_options: dict[str, Any] | None = None, progress: Progress = None) -> ScanReport:
    """Finds personal data in every column of a table (whatever the headers say): a CSV or
    an Arrow table (pyarrow, pandas, polars), as for :func:`check`.

    Returns a :class:`ScanReport`: one entry per column with its ``verdict`` entity
    (``EMAIL_ADDRESS``, ``UK_NINO``...), the evidence, masked examples only, and findings.
    ``rules`` adds user rules (a path, JSON text or a list of rule dicts)."""
    arrow = _arrow_input(data)
    if arrow is not None:
        with _ProgressBar(progress, "rows", "scan") as bar:
            return ScanReport._from_json(_opendata.scan_arrow_json(
                arrow[0], _options_json(options, {}), _rules_json(rules), bar.callback))
    source = _csv_source(data)
    with _ProgressBar(progress, "B", "scan") as bar:
        return ScanReport._from_json(_opendata.scan_csv_json(
            source, _options_json(check_options, {}), _options_json(options, {}), _rules_json(rules),
            bar.callback, _csv_size(source)))


def scan_text(text: str, *, rules: Any = None, options: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Personal-data spans in free text: entity, char_start / char_end, confidence, rule_id."""
    if rules is None and options is None:
        return _opendata.scan_text(text)
    return _opendata.scan_text(text, _options_json(options, {}), _rules_json(rules))


def scan_texts(texts: Iterable[str | None], *, rules: Any = None,
               options: dict[str, Any] | None = None) -> list[list[dict[str, Any]]]:
    """:func:`scan_text` over many texts (a list, a pandas / polars Series, a pyarrow array,
    any iterable of ``str``; a missing value such as ``None`` or pandas' ``NaN`` / ``NA``
    counts as an empty text, any other non-``str`` raises ``TypeError``): one list of spans
    per text, in order. The texts are scanned with the GIL released, on every core of the
    machine."""
    values = texts.to_pylist() if hasattr(texts, "to_pylist") else texts
    cells = [t if isinstance(t, str) else _missing_text(t, i) for i, t in enumerate(values)]
    return _opendata.scan_texts(cells, _options_json(options, {}), _rules_json(rules))


def _missing_text(value: Any, index: int) -> None:
    """``None`` for a missing cell (``None``, a float NaN, pandas' ``NA``); anything else
    that is not text is a mistake worth an error, not a silent empty text."""
    if value is None or (isinstance(value, float) and value != value) or type(value).__name__ == "NAType":
        return None
    raise TypeError(f"scan_texts: item {index} is {type(value).__name__}, not str")


def check_identifier(validator: str, value: str) -> bool:
    """Whether ``value`` passes the named validator (``"iban"``, ``"uk_nhs"``, ``"fr_nir"``...):
    the checksum and structure check a rule with that validator runs on its candidates.

    Spaces and dashes (and the separators each identifier is usually written with) are
    allowed. An unknown name raises ``ValueError`` listing the known ones (see
    :func:`validators`)."""
    return _opendata.check_identifier(validator, value)


def validators() -> list[str]:
    """The names :func:`check_identifier` and rule files accept."""
    return _opendata.validator_names()


def anonymise(data: TableInput, policy: dict[str, Any] | str, *, key: bytes | str | None = None,
              seed: bytes | None = None, check_options: dict[str, Any] | None = None,
              progress: Progress = None, entities: dict[str, str] | None = None) -> tuple[Any, dict[str, Any]]:
    """Anonymises a table as ``policy`` says (a dict, or JSON / TOML text).

    For an Arrow table returns ``(table, report)`` with the table of the caller's kind
    (pandas in, pandas out; polars in, polars out; a pyarrow Table otherwise). For a CSV
    returns ``(csv_bytes, report)``: UTF-8, comma-separated, CRLF. ``key`` keys the
    pseudonyms; it is never stored or printed. The same input, policy, key and seed give
    identical output. ``entities`` maps columns to the entity a scan found in them (for
    policies that act on entities); ``scan(table).flagged`` is such a map."""
    policy_text = policy if isinstance(policy, str) else json.dumps(policy)
    key_bytes = key.encode("utf-8") if isinstance(key, str) else key
    arrow = _arrow_input(data)
    if arrow is not None:
        with _ProgressBar(progress, "rows", "anonymise") as bar:
            table, report = _opendata.anonymise_arrow(arrow[0], policy_text, key_bytes, seed, bar.callback, entities)
        return _as_callers_kind(table, arrow[1]), json.loads(report)
    if entities is not None:
        raise TypeError("entities= is for Arrow tables; a CSV is scanned by the policy's own rules")
    return anonymise_csv(data, policy, key=key, seed=seed, check_options=check_options)


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
