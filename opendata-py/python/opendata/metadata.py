"""Catalogue metadata: ``opendata.Dataset``, the Python face of ``opendata metadata``.

A :class:`Dataset` holds a metadata document (DCAT-AP Turtle, JSON-LD, RDF/XML,
N-Triples, CKAN package JSON, DCAT-US ``data.json``, ``datapackage.json``) and gives the
answers of ``opendata metadata validate | convert | score | propose``: the Rust core does
the work, this module only passes bytes and JSON across.
"""

from __future__ import annotations

import datetime
import html
import json
import os
from typing import Any, Union

from . import _opendata
from ._report import Report

__all__ = ["Dataset", "Quality", "Proposal"]

_Text = Union[str, bytes, bytearray, memoryview]
_Path = Union[str, "os.PathLike[str]"]


def _as_bytes(data: _Text) -> bytes:
    if isinstance(data, str):
        return data.encode("utf-8")
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise TypeError(f"expected metadata as str or bytes, not {type(data).__name__}")


def _data_file(data_file: Any) -> str | bytes:
    """A data file's path (for Rust to read) or its bytes."""
    if isinstance(data_file, (bytes, bytearray, memoryview)):
        return bytes(data_file)
    if isinstance(data_file, (str, os.PathLike)):
        path = os.fspath(data_file)
        if not os.path.isfile(path):
            raise FileNotFoundError(path)
        return str(path)
    raise TypeError(f"expected a path or bytes, not {type(data_file).__name__}")


def _report(value: dict[str, Any]) -> Report:
    """A report nested in a larger answer, its ``to_json()`` in the core's pretty form."""
    return Report._from_json(json.dumps(value, indent=2, ensure_ascii=False))


class Quality:
    """What ``opendata metadata score`` reports: the findings, one MQA score and one
    freshness verdict per dataset. ``to_json()`` is what ``score --format json`` prints."""

    def __init__(self, text: str) -> None:
        self._json = text
        self._data: dict[str, Any] = json.loads(text)

    @property
    def report(self) -> Report:
        """Reading, validation, licence and freshness findings."""
        return _report(self._data["report"])

    @property
    def scores(self) -> list[dict[str, Any]]:
        """Per dataset: ``dataset``, ``points``, ``max``, ``not_assessed``, ``rating``,
        ``dimensions`` ({name: [earned, max]}) and ``indicators``."""
        return list(self._data["scores"])

    @property
    def freshness(self) -> list[dict[str, Any]]:
        """Per dataset: ``status``, ``frequency``, ``interval``, ``last_update``, ``due``,
        ``overdue_days``."""
        return list(self._data["freshness"])

    def to_dict(self) -> dict[str, Any]:
        return json.loads(self._json)

    def to_json(self) -> str:
        return self._json

    def __repr__(self) -> str:
        parts = [f"{s.get('dataset') or '[]'}: {s['points']}/{s['max']} {s['rating']}" for s in self.scores]
        return f"<Quality {'; '.join(parts) or 'no dataset'}>"


class Proposal:
    """What ``opendata metadata propose`` proposes for a data file: the distribution (a
    dict in the core's JSON form), the temporal coverage of its date columns, and the
    columns it comes from. ``to_json()`` is what ``propose --format json`` prints."""

    def __init__(self, text: str) -> None:
        self._json = text
        self._data: dict[str, Any] = json.loads(text)

    @property
    def distribution(self) -> dict[str, Any]:
        return dict(self._data["distribution"])

    @property
    def temporal(self) -> dict[str, Any] | None:
        """``{"start", "end"}`` for the dataset's ``dct:temporal``, or ``None``."""
        temporal = self._data.get("temporal")
        return None if temporal is None else dict(temporal)

    @property
    def date_columns(self) -> list[str]:
        return list(self._data.get("date_columns", []))

    def to(self, fmt: str = "turtle") -> str:
        """The distribution alone in a metadata format, as ``propose --to FMT`` prints it."""
        return _opendata.write_distribution(json.dumps(self._data["distribution"]), fmt)

    def to_dict(self) -> dict[str, Any]:
        return json.loads(self._json)

    def to_json(self) -> str:
        return self._json

    def __repr__(self) -> str:
        d = self._data["distribution"]
        return f"<Proposal {d.get('title') or ''} {d.get('byte_size')} bytes {d.get('media_type')}>"


class Dataset:
    """A catalogue metadata document, read by the Rust core.

    ``Dataset(text_or_bytes)`` takes the document itself (a ``str`` is the document's
    text, never a path: use :meth:`from_file`). The format is detected from the content
    (and ``file_name`` when the content is ambiguous) unless ``format`` names it
    (``turtle``, ``jsonld``, ``rdfxml``, ``ntriples``, ``ckan``, ``data.json``,
    ``datapackage``, or an alias such as ``ttl``); an unknown name raises ``CatalogError``
    (``catalog.invalid-option``). Malformed content is not an error: it is reported by
    :meth:`validate` as ``metadata.syntax`` / ``metadata.json`` findings.
    """

    def __init__(self, data: _Text, format: str | None = None, *, file_name: str | None = None) -> None:
        self._data = _as_bytes(data)
        self._file_name = file_name
        self._from = format
        # Checks the name now, so a wrong format= fails where it is written.
        self._format = _opendata.metadata_format_name(self._data, file_name, format)

    @classmethod
    def from_file(cls, path: _Path, format: str | None = None) -> "Dataset":
        """Reads a metadata file; its name helps format detection, as in the CLI."""
        with open(path, "rb") as f:
            data = f.read()
        return cls(data, format, file_name=os.path.basename(os.fspath(path)))

    @classmethod
    def from_bytes(cls, data: _Text, format: str | None = None, *, file_name: str | None = None) -> "Dataset":
        return cls(data, format, file_name=file_name)

    @property
    def data(self) -> bytes:
        """The document as given."""
        return self._data

    @property
    def file_name(self) -> str | None:
        return self._file_name

    @property
    def format(self) -> str | None:
        """The format the document is read as (its CLI name: ``turtle``, ``jsonld``,
        ``data.json``...), or ``None`` when it is empty or not recognised."""
        return self._format

    def _request(self, profile: str | None = None, options: dict[str, Any] | None = None) -> str:
        request: dict[str, Any] = {"format": self._format if self._from else None,
                                   "file_name": self._file_name}
        if profile is not None:
            request["profile"] = profile
        if options:
            request["options"] = options
        return json.dumps(request)

    def validate(self, profile: str = "dcat-ap-3", **options: Any) -> Report:
        """Validates against ``dcat-ap-3`` (the official SHACL shapes and the licence
        checks), ``dcat-us`` or ``schema-org``: ``opendata metadata validate``.

        Options are the fields of the core's ``ValidateOptions``: ``max_findings_per_code``
        (100), ``recommended`` (``False`` is ``--mandatory-only``) and
        ``vocabularies_imply_types`` (``False`` is ``--strict-types``). An unknown option or
        profile raises ``InvalidOptionsError``."""
        return Report._from_json(_opendata.validate_metadata_json(self._data, self._request(profile, options)))

    def convert(self, to: str) -> tuple[str, Report]:
        """``(text, reading report)``: the document in format ``to`` and the problems met
        reading it (the text holds what could be read)."""
        text, report = _opendata.convert_metadata(self._data, to, self._from, self._file_name)
        return text, Report._from_json(report)

    def to(self, to: str) -> str:
        """The document in format ``to``: ``jsonld``, ``jsonld-expanded``, ``turtle``,
        ``rdfxml``, ``ntriples``, ``ckan``, ``data.json``, ``schema-org`` or
        ``datapackage``; byte for byte what ``opendata metadata convert --to`` prints.
        Reading problems are in :meth:`convert`'s report and :meth:`validate`."""
        return self.convert(to)[0]

    def score(self, today: datetime.date | str | None = None,
              url_status: dict[str, int] | None = None) -> Quality:
        """Scores every dataset after data.europa.eu's MQA indicators and judges its
        freshness on ``today`` (a date or ``YYYY-MM-DD``; today in UTC when not given):
        ``opendata metadata score``. ``url_status`` maps access and download URLs to the
        HTTP status you measured; without it the reachability indicators are not
        assessed (opendata never uses the network)."""
        if today is None:
            today = datetime.datetime.now(datetime.timezone.utc).date()
        if isinstance(today, datetime.datetime):
            today = today.date()
        day = today.isoformat() if isinstance(today, datetime.date) else today
        options = json.dumps({"url_status": url_status}) if url_status is not None else None
        return Quality(_opendata.score_metadata_json(self._data, day, self._request(), options))

    @staticmethod
    def propose(data_file: _Path | bytes | bytearray | memoryview, base_url: str | None = None, *,
                file_name: str | None = None, max_scan_bytes: int | None = None) -> Proposal:
        """Proposes the distribution of a data file (a path, or its bytes with
        ``file_name``): byte size, media type, EU file type, SHA-256, access and download
        URLs under ``base_url``, and for CSV the temporal coverage of its date columns.
        ``opendata metadata propose --format json``."""
        source = _data_file(data_file)
        name = file_name or ("" if isinstance(source, bytes) else os.path.basename(source))
        options: dict[str, Any] = {}
        if base_url is not None:
            options["base_url"] = base_url
        if max_scan_bytes is not None:
            options["max_scan_bytes"] = max_scan_bytes
        return Proposal(_opendata.propose_distribution_json(source, name, json.dumps(options) if options else None))

    def verify(self, data_file: _Path | bytes | bytearray | memoryview,
               distribution: str | None = None) -> tuple[dict[str, Any] | None, Report]:
        """Verifies a distribution's file (a path or its bytes) against the ``spdx:checksum``
        the metadata records: ``opendata metadata verify --format json``. Returns
        ``(verification, report)``: ``status`` (``match``, ``mismatch``...), ``algorithm``,
        ``expected``, ``actual``, ``bytes``, and the ``metadata.checksum.*`` findings.
        ``distribution`` names the distribution (IRI) when several have a checksum; no or
        several candidates raise ``CatalogError`` (``catalog.invalid-option``)."""
        source = _data_file(data_file)
        out = json.loads(_opendata.verify_distribution_json(self._data, source, distribution, self._from,
                                                            self._file_name))
        return out["verification"], _report(out["report"])

    def __repr__(self) -> str:
        name = f" {self._file_name!r}" if self._file_name else ""
        return f"<Dataset{name} format={self._format!r} {len(self._data)} bytes>"

    def _repr_html_(self) -> str:
        name = html.escape(self._file_name or "metadata")
        header = (f"<p><b>{name}</b>: {html.escape(str(self._format))}, {len(self._data)} bytes; "
                  f"DCAT-AP 3 validation:</p>")
        return header + self.validate()._repr_html_()
