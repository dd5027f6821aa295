"""Every shared conformance vector gives the same answer from Python."""

import pytest

import opendata
from conftest import VECTORS, load, vector_cases

CHECK_CASES = vector_cases("check")


def test_there_are_vectors():
    assert len(CHECK_CASES) >= 20


@pytest.mark.parametrize("case_path", CHECK_CASES, ids=lambda p: p.stem)
def test_check_vector(case_path):
    case = load(case_path)
    data = (case_path.parent / case["input"]).read_bytes()
    report = opendata.check_csv(data, case["options"])
    got = [{"code": f.code, "severity": f.severity, "location": f.location} for f in report.findings]
    assert report.ok == case["expected"]["ok"]
    assert got == case["expected"]["findings"]
    if "omitted" in case["expected"]:
        assert report.omitted == case["expected"]["omitted"]


def _subset(expected, actual):
    """Every key named in ``expected`` has the same value in ``actual`` (objects recursively)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and _subset(v, actual[k]) for k, v in expected.items())
    return expected == actual


LICENCE_CASES = [
    (path.stem, i, case, load(path)["function"])
    for path in vector_cases("licence")
    for i, case in enumerate(load(path)["cases"])
]


def test_there_are_licence_vectors():
    assert len(LICENCE_CASES) >= 60


@pytest.mark.parametrize("name,index,case,function", LICENCE_CASES, ids=lambda v: str(v) if isinstance(v, (str, int)) else "")
def test_licence_vector(name, index, case, function):
    expected = case["expected"]
    if function == "resolve":
        r = opendata.licence.resolve(case["input"])
        actual = {"id": r["licence"]["id"] if r["licence"] else None, "matched_by": r["matched_by"],
                  "version_assumed": r["version_assumed"], "deprecated_id": r["deprecated_id"],
                  "expression": r.get("expression")}
        for key, value in (r["licence"] or {}).items():
            actual.setdefault(key, value)
        assert _subset(expected, actual), (expected, actual)
    elif function == "check":
        assert [f.code for f in opendata.licence.check(case["input"])] == expected["codes"]
    elif function == "attribution":
        assert opendata.licence.attribution(**case["input"]) == expected["text"]
    elif function == "compatibility":
        if "error" in expected and expected["error"] is not None:
            with pytest.raises(opendata.LicenceError) as err:
                opendata.licence.compatibility(case["input"])
            assert err.value.code == expected["error"]
            return
        c = opendata.licence.compatibility(case["input"])
        allowed = [l["id"] for l in c["allowed"]]
        if "compatible" in expected:
            assert c["compatible"] == expected["compatible"]
        if expected.get("recommended") is not None:
            assert c["recommended"]["id"] == expected["recommended"]
        if "allowed" in expected:
            assert allowed == expected["allowed"]
        for lid in expected.get("allowed_includes", []):
            assert lid in allowed
        for lid in expected.get("allowed_excludes", []):
            assert lid not in allowed
        if "obligations" in expected:
            assert _subset(expected["obligations"], c["obligations"])
    else:
        pytest.fail(f"unknown function {function}")


SCHEMA_CASES = vector_cases("schema")


@pytest.mark.parametrize("case_path", SCHEMA_CASES, ids=lambda p: p.stem)
def test_schema_vector(case_path):
    case = load(case_path)
    expected = case["expected"]
    if "error" in expected:
        with pytest.raises(opendata.SchemaError) as err:
            opendata.validate_rows(case["input"]["schema"], case["input"]["rows"], case.get("options", {}))
        assert err.value.code == expected["error"]["code"]
        if "path" in expected["error"]:
            assert expected["error"]["path"] in str(err.value)
        return
    report = opendata.validate_rows(case["input"]["schema"], case["input"]["rows"], case.get("options", {}))
    got = [{"code": f.code, "severity": f.severity, "location": f.location} for f in report.findings]
    assert report.ok == expected["ok"]
    assert got == expected["findings"]
    if "omitted" in expected:
        assert report.omitted == expected["omitted"]


PII_CASES = vector_cases("pii")


def test_there_are_pii_vectors():
    assert len(PII_CASES) >= 20


@pytest.mark.parametrize("case_path", PII_CASES, ids=lambda p: p.stem)
def test_pii_vector(case_path):
    """Column cases go in as a pyarrow table (the Arrow path); text cases through scan_text."""
    pa = pytest.importorskip("pyarrow")
    case = load(case_path)
    expected = case["expected"]
    if case["kind"] == "text":
        spans = opendata.scan_text(case["input"]["text"], options=case["options"] or None)
        got = [{k: s[k] for k in ("entity", "char_start", "char_end")} for s in spans]
        assert got == expected["spans"]
        return
    column = case["input"]
    table = pa.table({column["header"]: pa.array(column["values"], pa.string())})
    report = opendata.scan(table, options=case["options"] or None)
    [col] = report.columns
    assert col["verdict"] == expected["verdict"]
    if "quasi_identifiers" in expected:
        assert [q["kind"] for q in col["quasi_identifiers"]] == expected["quasi_identifiers"]


METADATA_CASES = vector_cases("metadata") + sorted((VECTORS / "metadata").glob("*/*.json"))


def test_there_are_metadata_vectors():
    assert len(METADATA_CASES) >= 50


@pytest.mark.parametrize("case_path", METADATA_CASES, ids=lambda p: p.stem)
def test_metadata_vector(case_path):
    case = load(case_path)
    expected = case["expected"]
    report = opendata.validate_metadata(case["input"].encode("utf-8"), **case["options"])
    got = [{"code": f.code, "severity": f.severity, "location": f.location} for f in report.findings]
    if "ok" in expected:
        assert report.ok == expected["ok"]
    if "findings" in expected:
        assert got == expected["findings"]
    for finding in expected.get("contains", []):
        assert finding in got, (finding, got)


ANONYMISE_CASES = vector_cases("anonymise")


def _arrow_column(pa, column):
    import datetime

    kind = column.get("type", "utf8")
    values = column["values"]
    if kind == "int64":
        return pa.array([None if v is None else int(v) for v in values], pa.int64())
    if kind == "float64":
        return pa.array([None if v is None else float(v) for v in values], pa.float64())
    if kind == "date32":
        return pa.array([None if v is None else datetime.date.fromisoformat(v) for v in values], pa.date32())
    return pa.array(values, pa.string())


def _as_text(value):
    """A cell as `table::format_value` writes it (the vectors' notation)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def test_there_are_anonymise_vectors():
    assert len(ANONYMISE_CASES) >= 15


@pytest.mark.parametrize("case_path", ANONYMISE_CASES, ids=lambda p: p.stem)
def test_anonymise_vector(case_path):
    """Through the Arrow path: a typed pyarrow table in, a pyarrow table out."""
    pa = pytest.importorskip("pyarrow")
    case = load(case_path)
    options, expected = case["options"], case["expected"]
    table = pa.table({c["name"]: _arrow_column(pa, c) for c in case["input"]["columns"]})
    kwargs = {
        "key": options.get("key"),
        "seed": options["seed"].encode("utf-8") if "seed" in options else None,
        "entities": options.get("entities"),
    }
    if "error" in expected:
        with pytest.raises(opendata.AnonymiseError) as err:
            opendata.anonymise(table, options["policy"], **kwargs)
        assert err.value.code == expected["error"]
        return
    out, report = opendata.anonymise(table, options["policy"], **kwargs)
    got = [{"name": name, "values": [_as_text(v) for v in out.column(name).to_pylist()]}
           for name in out.column_names]
    assert got == expected["columns"]
    assert report["rows_out"] == expected["rows_out"]
