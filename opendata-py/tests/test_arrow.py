"""The flat API over every input kind: Arrow tables (pyarrow, pandas, polars) and CSV
(path, bytes, file object); the caller's kind comes back; zero copy; progress; the GIL."""

import io
import sys
import threading
import time

import pytest

import opendata

pa = pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")

CSV = (
    "id,name,contact,amount,note\n"
    "1, Ann,ada.lovelace@example.org,\"1,234,567\",=SUM(A1)\n"
    "2,Bob,bob.smith@example.net,12,ok\n"
    "3,Cy,cy.jones@example.com,13,fine\n"
    "4,Di,di.evans@example.org,14,\n"
).encode()
COLUMNS = {
    "id": ["1", "2", "3", "4"],
    "name": [" Ann", "Bob", "Cy", "Di"],
    "contact": ["ada.lovelace@example.org", "bob.smith@example.net", "cy.jones@example.com", "di.evans@example.org"],
    "amount": ["1,234,567", "12", "13", "14"],
    "note": ["=SUM(A1)", "ok", "fine", None],
}
EXPECTED_CHECK = [
    ("whitespace", 2, 2),
    ("thousands-separator", 2, 4),
    ("formula-injection", 2, 5),
]
POLICY = {"columns": {"contact": {"action": "pseudonym"}, "note": {"action": "drop"}}}
KEY = b"a key of at least sixteen bytes"


def _table():
    return pa.table({name: pa.array(values, pa.string()) for name, values in COLUMNS.items()})


ARROW_KINDS = {
    "pyarrow.Table": _table,
    "pyarrow.RecordBatch": lambda: _table().to_batches()[0],
    "pyarrow.RecordBatchReader": lambda: _table().to_reader(),
    "pandas.DataFrame": lambda: _table().to_pandas(),
    "polars.DataFrame": lambda: pl.from_arrow(_table()),
}


def _csv_kinds(tmp_path):
    path = tmp_path / "messy.csv"
    path.write_bytes(CSV)
    return {"path": path, "str path": str(path), "bytes": CSV, "file object": io.BytesIO(CSV)}


def _findings(report):
    return [(f.code, f.location.get("row"), f.location.get("column")) for f in report.findings]


@pytest.mark.parametrize("kind", ARROW_KINDS)
def test_check_of_every_arrow_kind_equals_the_csv_check(kind):
    report = opendata.check(ARROW_KINDS[kind]())
    assert _findings(report) == EXPECTED_CHECK
    csv_report = opendata.check(CSV)
    assert [f.to_dict() for f in report.findings] == [f.to_dict() for f in csv_report.findings]
    assert report.table["rows"] == 5 and report.table["columns"] == 5


def test_check_of_every_csv_kind(tmp_path):
    for kind, source in _csv_kinds(tmp_path).items():
        assert _findings(opendata.check(source)) == EXPECTED_CHECK, kind
        assert opendata.check(source if not hasattr(source, "seek") else io.BytesIO(CSV)).table["delimiter"] == ","


def test_check_arrow_with_a_schema_and_typed_columns():
    table = pa.table({"id": pa.array([1, 1, None], pa.int64()), "when": pa.array([None, None, 19000], pa.date32())})
    schema = {"fields": [{"name": "id", "type": "integer", "constraints": {"required": True, "unique": True}},
                         {"name": "when", "type": "date"}]}
    report = opendata.check(table, schema=schema)
    assert sorted(f.code for f in report.findings) == ["constraint-error", "unique-error"]
    assert not report.ok


@pytest.mark.parametrize("kind", ARROW_KINDS)
def test_scan_of_every_arrow_kind(kind):
    report = opendata.scan(ARROW_KINDS[kind]())
    assert isinstance(report, opendata.ScanReport)
    assert report.flagged == {"name": "PERSON", "contact": "EMAIL_ADDRESS"}
    assert report.rows == 4
    assert "ada.lovelace@example.org" not in report.to_json()
    assert report["columns"][2]["examples"]  # masked examples only
    assert all("@example" in e and "ada.lovelace" not in e for e in report["columns"][2]["examples"])


def test_scan_of_every_csv_kind_equals_arrow(tmp_path):
    from_arrow = opendata.scan(_table())
    for kind, source in _csv_kinds(tmp_path).items():
        assert opendata.scan(source).flagged == from_arrow.flagged, kind


@pytest.mark.parametrize("kind,out_type", [
    ("pyarrow.Table", pa.Table), ("pyarrow.RecordBatch", pa.Table), ("pyarrow.RecordBatchReader", pa.Table),
    ("pandas.DataFrame", pd.DataFrame), ("polars.DataFrame", pl.DataFrame),
])
def test_anonymise_returns_the_callers_kind(kind, out_type):
    out, report = opendata.anonymise(ARROW_KINDS[kind](), POLICY, key=KEY)
    assert type(out) is out_type
    expected, _ = opendata.anonymise(_table(), POLICY, key=KEY)
    as_arrow = out if isinstance(out, pa.Table) else pa.table(out) if kind == "polars.DataFrame" else pa.Table.from_pandas(out)
    assert as_arrow.column_names == ["id", "name", "contact", "amount"]
    assert as_arrow.column("contact").to_pylist() == expected.column("contact").to_pylist()
    assert not set(as_arrow.column("contact").to_pylist()) & set(COLUMNS["contact"])
    assert report["rows_out"] == 4


def test_pandas_object_columns_of_mixed_types_are_read_as_text():
    frame = pd.DataFrame({
        "contact": ["ada@example.org", "bob@example.net", "cy@example.com", "di@example.org"],
        "mixed": ["x", 1, None, 2.5],
        "n": [1, 2, 3, 4],
    })
    with pytest.raises((pa.ArrowTypeError, pa.ArrowInvalid)):
        pa.Table.from_pandas(frame)
    assert opendata.scan(frame).flagged == {"contact": "EMAIL_ADDRESS"}
    out, report = opendata.anonymise(frame, {"columns": {"contact": {"action": "drop"}}}, key=KEY)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == ["mixed", "n"]
    assert [None if pd.isna(v) else v for v in out["mixed"].tolist()] == ["x", "1", None, "2.5"]
    assert out["n"].tolist() == [1, 2, 3, 4]
    assert report["rows_out"] == 4


def test_anonymise_csv_kinds_give_the_same_pseudonyms_as_arrow(tmp_path):
    arrow_out, _ = opendata.anonymise(_table(), POLICY, key=KEY)
    for kind, source in _csv_kinds(tmp_path).items():
        out, report = opendata.anonymise(source, POLICY, key=KEY)
        assert isinstance(out, bytes), kind
        lines = out.decode().splitlines()
        assert lines[0] == "id,name,contact,amount"
        assert [line.split(",")[2] for line in lines[1:] if line.count(",") == 3] == \
            arrow_out.column("contact").to_pylist()[1:]


def test_zero_copy_kept_columns_share_the_callers_buffers():
    """A kept column leaves Rust as the very buffers pyarrow handed in (C data interface)."""
    table = _table()
    out, _ = opendata.anonymise(table, POLICY, key=KEY)
    for name in ("id", "amount"):
        before = table.column(name).chunks[0].buffers()
        after = out.column(name).chunks[0].buffers()
        assert [b.address for b in after if b is not None] == [b.address for b in before if b is not None]


def test_progress_callable_sees_every_row():
    seen = []
    opendata.check(_table(), progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (4, 4)
    seen.clear()
    opendata.check(CSV, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (len(CSV), len(CSV))
    for function in (opendata.scan, lambda t, progress: opendata.anonymise(t, POLICY, key=KEY, progress=progress)):
        seen.clear()
        function(_table(), progress=lambda done, total: seen.append((done, total)))
        assert seen[-1] == (4, 4)


def test_progress_true_draws_a_tqdm_bar(capsys):
    pytest.importorskip("tqdm")
    opendata.check(_table(), progress=True)
    assert "4/4" in capsys.readouterr().err


def test_progress_true_without_tqdm_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    with pytest.raises(ImportError, match="pip install tqdm"):
        opendata.check(_table(), progress=True)


def test_progress_callback_errors_propagate_and_bad_values_are_refused():
    def boom(done, total):
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError, match="stop"):
        opendata.check(_table(), progress=boom)
    with pytest.raises(TypeError, match="progress must be"):
        opendata.check(_table(), progress="yes")


def test_long_work_releases_the_gil():
    """While a check runs in a thread, this thread keeps running Python code."""
    n = 300_000
    table = pa.table({"text": pa.array([f" value {i}" for i in range(n)], pa.string()),
                      "n": pa.array(range(n), pa.int64())})
    done = threading.Event()

    def work():
        opendata.check(table)
        done.set()

    thread = threading.Thread(target=work)
    ticks = 0
    started = time.perf_counter()
    thread.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    elapsed = time.perf_counter() - started
    thread.join()
    # With the GIL held for the whole check this loop could not run at all.
    assert elapsed < 0.05 or ticks >= 10, (elapsed, ticks)


def test_unsupported_arrow_types_and_wrong_inputs():
    table = pa.table({"tags": pa.array([["a"], ["b"]])})
    with pytest.raises(opendata.TableError) as err:
        opendata.check(table)
    assert err.value.code == "table.unsupported-type"
    assert str(err.value) == "column `tags` has type List(Utf8), which cannot be written as CSV"
    with pytest.raises(TypeError, match="Arrow PyCapsule"):
        opendata.check(42)
    with pytest.raises(TypeError, match="entities="):
        opendata.anonymise(CSV, POLICY, key=KEY, entities={"contact": "EMAIL_ADDRESS"})


def test_report_api_on_an_arrow_check():
    report = opendata.check(_table())
    assert report.ok is True
    assert report.counts == {"error": 0, "warning": 3, "info": 0}
    assert report.counts_per_code == {"formula-injection": 1, "thousands-separator": 1, "whitespace": 1}
    d = report.to_dict()
    assert [f["code"] for f in d["findings"]] == [c for c, _, _ in EXPECTED_CHECK]
    df = report.to_pandas()
    assert list(df["code"]) == [c for c, _, _ in EXPECTED_CHECK] and list(df["row"]) == [2, 2, 2]
    html = report._repr_html_()
    assert "#8a5a00" in html and "<td>1</td>" in html and "formula-injection" in html
    scan_html = opendata.scan(_table())._repr_html_()
    assert "EMAIL_ADDRESS" in scan_html and "ada.lovelace@example.org" not in scan_html
    assert "example.org" in scan_html  # masked examples are shown


def test_per_code_limit_counts_the_rest_as_omitted_for_arrow_and_csv():
    values = [f" padded {i}" for i in range(10)]
    table = pa.table({"a": pa.array(values, pa.string())})
    csv = ("a\n" + "\n".join(f'"{v}"' for v in values) + "\n").encode()
    for data in (table, csv):
        report = opendata.check(data, max_findings_per_code=3)
        assert [f.location["row"] for f in report.findings] == [2, 3, 4]
        assert report.omitted == {"whitespace": 7}
        assert report.counts_per_code == {"whitespace": 10}
