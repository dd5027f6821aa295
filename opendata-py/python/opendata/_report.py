"""Report and Finding: the Python face of the reports the Rust core returns as JSON."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Finding:
    """One problem found in the input, with a stable machine ``code``."""

    code: str
    severity: str
    location: dict[str, Any]
    message: str
    hint: str

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Finding":
        return cls(d["code"], d["severity"], dict(d.get("location", {})), d["message"], d["hint"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "location": dict(self.location),
            "message": self.message,
            "hint": self.hint,
        }


_SEVERITY_COLOURS = {"error": "#b00020", "warning": "#8a5a00", "info": "#005a9c"}
_SEVERITIES = ("error", "warning", "info")
# Notebooks stay readable with huge reports: the per-code table shows every code, the
# findings table only the first few (to_pandas() has them all).
_HTML_MAX_FINDINGS = 50
_LOCATION_KEYS = ("row", "column", "field", "byte_offset", "path", "subject", "property")


def _severity_cell(severity: str) -> str:
    colour = _SEVERITY_COLOURS.get(severity, "inherit")
    return f"<td style='color:{colour};font-weight:bold'>{html.escape(severity)}</td>"


@dataclass(frozen=True)
class Report:
    """The answer of a checker: findings, counts per severity, and ``ok``.

    ``to_json()`` returns exactly what ``opendata ... --format json`` prints.
    """

    _json: str = field(repr=False)
    _data: dict[str, Any] = field(repr=False, compare=False)

    @classmethod
    def _from_json(cls, text: str) -> "Report":
        return cls(text, json.loads(text))

    @property
    def ok(self) -> bool:
        """True when there is no finding of severity error."""
        if "ok" in self._data:
            return bool(self._data["ok"])
        return self.counts["error"] == 0

    @property
    def findings(self) -> list[Finding]:
        return [Finding.from_dict(f) for f in self._data["findings"]]

    @property
    def counts(self) -> dict[str, int]:
        """Findings per severity, omitted ones included."""
        if "counts" in self._data:
            return dict(self._data["counts"])
        counts = dict.fromkeys(_SEVERITIES, 0)
        for f in self._data["findings"]:
            counts[f["severity"]] = counts.get(f["severity"], 0) + 1
        return counts

    @property
    def counts_per_code(self) -> dict[str, int]:
        """Findings per code, omitted ones included, most frequent first."""
        per_code: dict[str, int] = {}
        for f in self._data["findings"]:
            per_code[f["code"]] = per_code.get(f["code"], 0) + 1
        for code, n in self.omitted.items():
            per_code[code] = per_code.get(code, 0) + n
        return dict(sorted(per_code.items(), key=lambda kv: (-kv[1], kv[0])))

    @property
    def omitted(self) -> dict[str, int]:
        """Per code, how many findings were not kept because of the per-code limit."""
        return dict(self._data.get("omitted", {}))

    @property
    def table(self) -> dict[str, Any] | None:
        return self._data.get("table")

    def to_dict(self) -> dict[str, Any]:
        return json.loads(self._json)

    def to_json(self) -> str:
        return self._json

    def to_pandas(self) -> Any:
        """One row per finding (pandas is imported only when this is called)."""
        import pandas as pd

        rows = []
        for f in self._data["findings"]:
            row = {"code": f["code"], "severity": f["severity"], "message": f["message"], "hint": f["hint"]}
            for key in _LOCATION_KEYS:
                row[key] = f.get("location", {}).get(key)
            rows.append(row)
        return pd.DataFrame(rows, columns=["code", "severity", "message", "hint", *_LOCATION_KEYS])

    def __repr__(self) -> str:
        c = self.counts
        return f"<{type(self).__name__} ok={self.ok} errors={c['error']} warnings={c['warning']} info={c['info']}>"

    def _html_summary(self) -> list[str]:
        c = self.counts
        status, colour = ("OK", "#1b7f3b") if self.ok else ("Not ready to publish", _SEVERITY_COLOURS["error"])
        parts = [
            f"<div><strong style='color:{colour}'>{html.escape(status)}</strong>: "
            f"{c['error']} errors, {c['warning']} warnings, {c['info']} info</div>"
        ]
        severity_of = {f["code"]: f["severity"] for f in self._data["findings"]}
        if severity_of:
            parts.append("<table><thead><tr><th>severity</th><th>code</th><th>count</th></tr></thead><tbody>")
            for code, n in self.counts_per_code.items():
                parts.append(f"<tr>{_severity_cell(severity_of.get(code, ''))}"
                             f"<td><code>{html.escape(code)}</code></td><td>{n}</td></tr>")
            parts.append("</tbody></table>")
        return parts

    def _html_findings(self) -> list[str]:
        findings = self._data["findings"]
        if not findings:
            return []
        parts = ["<table><thead><tr><th>severity</th><th>code</th><th>where</th><th>message</th></tr></thead><tbody>"]
        for f in findings[:_HTML_MAX_FINDINGS]:
            where = ", ".join(f"{k} {v}" for k, v in f.get("location", {}).items())
            parts.append(
                f"<tr>{_severity_cell(f['severity'])}<td><code>{html.escape(f['code'])}</code></td>"
                f"<td>{html.escape(where)}</td><td>{html.escape(f['message'])}</td></tr>"
            )
        parts.append("</tbody></table>")
        hidden = len(findings) - _HTML_MAX_FINDINGS + sum(self.omitted.values())
        if hidden > 0:
            parts.append(f"<div>... and {hidden} more findings (<code>.to_pandas()</code> has the kept ones)</div>")
        return parts

    def _repr_html_(self) -> str:
        return "".join(["<div class='opendata-report'>", *self._html_summary(), *self._html_findings(), "</div>"])


@dataclass(frozen=True, repr=False)
class ScanReport(Report):
    """The answer of a personal-data scan: per column the entity it holds (``verdict``),
    the evidence and masked examples, plus the findings.

    Indexing (``report["columns"]``) reads the JSON the CLI prints, as a dict would.
    """

    @property
    def rows(self) -> int:
        return int(self._data["rows"])

    @property
    def columns(self) -> list[dict[str, Any]]:
        """One entry per column, in table order."""
        return [dict(c) for c in self._data["columns"]]

    @property
    def flagged(self) -> dict[str, str]:
        """Column name -> entity, for the columns with a verdict."""
        return {c["name"]: c["verdict"] for c in self._data["columns"] if c.get("verdict")}

    def __getitem__(self, key: str) -> Any:
        return self.to_dict()[key]

    def _repr_html_(self) -> str:
        parts = ["<div class='opendata-report'>", *self._html_summary()]
        parts.append("<table><thead><tr><th>column</th><th>entity</th><th>confidence</th>"
                     "<th>masked examples</th></tr></thead><tbody>")
        for c in self._data["columns"]:
            verdict = c.get("verdict")
            style = f" style='color:{_SEVERITY_COLOURS['warning']};font-weight:bold'" if verdict else ""
            examples = ", ".join(c.get("examples", [])[:3])
            parts.append(f"<tr><td>{html.escape(c['name'])}</td><td{style}>{html.escape(verdict or '')}</td>"
                         f"<td>{c.get('confidence', 0):.2f}</td><td><code>{html.escape(examples)}</code></td></tr>")
        parts.append("</tbody></table>")
        parts.extend(self._html_findings())
        parts.append("</div>")
        return "".join(parts)
