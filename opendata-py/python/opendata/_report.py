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
        return bool(self._data["ok"])

    @property
    def findings(self) -> list[Finding]:
        return [Finding.from_dict(f) for f in self._data["findings"]]

    @property
    def counts(self) -> dict[str, int]:
        return dict(self._data["counts"])

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
            for key in ("row", "column", "field", "byte_offset", "path", "subject", "property"):
                row[key] = f.get("location", {}).get(key)
            rows.append(row)
        return pd.DataFrame(rows, columns=["code", "severity", "message", "hint", "row", "column", "field",
                                           "byte_offset", "path", "subject", "property"])

    def __repr__(self) -> str:
        c = self._data["counts"]
        return f"<Report ok={self.ok} errors={c['error']} warnings={c['warning']} info={c['info']}>"

    def _repr_html_(self) -> str:
        c = self._data["counts"]
        status = "OK" if self.ok else "Not ready to publish"
        parts = [
            f"<div><strong>{html.escape(status)}</strong>: {c['error']} errors, "
            f"{c['warning']} warnings, {c['info']} info</div>",
            "<table><thead><tr><th>severity</th><th>code</th><th>where</th><th>message</th></tr></thead><tbody>",
        ]
        for f in self._data["findings"]:
            colour = _SEVERITY_COLOURS.get(f["severity"], "inherit")
            loc = f.get("location", {})
            where = ", ".join(f"{k} {v}" for k, v in loc.items())
            parts.append(
                f"<tr><td style='color:{colour};font-weight:bold'>{html.escape(f['severity'])}</td>"
                f"<td><code>{html.escape(f['code'])}</code></td><td>{html.escape(where)}</td>"
                f"<td>{html.escape(f['message'])}</td></tr>"
            )
        parts.append("</tbody></table>")
        for code, n in self._data.get("omitted", {}).items():
            parts.append(f"<div>... and {n} more <code>{html.escape(code)}</code> findings</div>")
        return "".join(parts)
