"""Licences: recognise what people write, say whether it is open, what it obliges, and
which licences a derived dataset may use. Same answers as ``opendata licence``."""

from __future__ import annotations

import json
from typing import Any

from . import _opendata
from ._report import Finding


def resolve(text: str) -> dict[str, Any]:
    """The licence ``text`` names (an SPDX id, URL, EU authority URI, CKAN id, title or SPDX
    expression such as ``CC-BY-4.0 OR ODbL-1.0``), how it matched and with what confidence;
    ``licence`` is ``None`` when nothing did. An expression adds ``expression``
    (``normalised``, ``operator``, ``licences``, ``open``)."""
    return json.loads(_opendata.licence_resolve_json(text))


def analyse(text: str) -> dict[str, Any]:
    """What ``opendata licence TEXT --format json`` prints: ``ok``, the resolution, findings."""
    return json.loads(_opendata.licence_analyse_json(text))


def check(text: str) -> list[Finding]:
    """Findings about a licence field (``licence.unknown``, ``licence.not-open``, ...)."""
    return [Finding.from_dict(f) for f in json.loads(_opendata.licence_check_json(text))]


def compatibility(inputs: list[str]) -> dict[str, Any]:
    """Combined obligations of the inputs and the licences a derived dataset may use.

    Raises ``opendata.LicenceError`` when an input is not a known licence."""
    return json.loads(_opendata.licence_compatibility_json(list(inputs)))


def attribution(licence: str, title: str | None = None, author: str | None = None,
                source: str | None = None, modified: bool | None = None) -> str:
    """An attribution statement naming the work, its author, source and licence (with link)."""
    given = {"licence": licence, "title": title, "author": author, "source": source, "modified": modified}
    return _opendata.licence_attribution(json.dumps({k: v for k, v in given.items() if v is not None}))


def all_licences() -> list[dict[str, Any]]:
    """Every licence of the embedded registry."""
    return json.loads(_opendata.licences_json())
