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
