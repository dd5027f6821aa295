"""Type-checked with `mypy --strict` by test_stubs.py: the stubs cover the public API."""

import opendata


def use() -> None:
    report: opendata.Report = opendata.check(b"a,b\n1,2\n", max_findings_per_code=5, progress=None)
    ok: bool = report.ok
    codes: list[str] = [f.code for f in report.findings]
    per_code: dict[str, int] = report.counts_per_code
    scan: opendata.ScanReport = opendata.scan(b"a\n1\n", progress=lambda done, total: None)
    flagged: dict[str, str] = scan.flagged
    out, details = opendata.anonymise(b"a\n1\n", {"columns": {"a": {"action": "drop"}}}, key="k" * 32)
    csv: bytes
    csv, _ = opendata.anonymise_csv(b"a\n1\n", "[columns.a]\naction = 'drop'\n")
    schema = opendata.infer_schema(b"a\n1\n")
    rows = opendata.validate_rows(schema, [["a"], ["1"]])
    meta = opendata.validate_metadata(b"", profile="dcat-ap-3")
    ds = opendata.Dataset.from_file("dataset.ttl", "turtle")
    fmt: str | None = opendata.Dataset(b"", file_name="x.ttl").format
    converted: str = ds.to("jsonld")
    text, reading = ds.convert("data.json")
    quality: opendata.Quality = ds.score(today="2025-06-01", url_status={"https://x": 200})
    points: int = quality.scores[0]["points"]
    proposal: opendata.Proposal = opendata.Dataset.propose(b"a\n1\n", "https://x/", file_name="a.csv")
    distribution: dict[str, object] = proposal.distribution
    verification, checked = ds.verify(b"data", distribution="https://x/d")
    print(verification, checked.ok)
    print(fmt, converted, text, reading.ok, ds.validate("dcat-us", recommended=False).ok, points, distribution,
          quality.report.ok, proposal.to("turtle"), proposal.temporal)
    spans = opendata.scan_text("x")
    licence = opendata.licence.resolve("CC-BY-4.0")
    try:
        opendata.check_csv("missing.csv")
    except opendata.TableError as e:
        code: str = e.code
    print(ok, codes, per_code, flagged, out, details, csv, rows.ok, meta.to_json(), spans, licence, opendata.codes())
