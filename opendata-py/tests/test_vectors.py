"""Every shared conformance vector gives the same answer from Python."""

import pytest

import opendata
from conftest import load, vector_cases

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
                  "version_assumed": r["version_assumed"], "deprecated_id": r["deprecated_id"]}
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
