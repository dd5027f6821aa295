"""Personal data, anonymisation and metadata from Python: same answers as the CLI."""

import io
import json
import pathlib

import pytest

import opendata

ROOT = pathlib.Path(__file__).resolve().parents[2]

PEOPLE = (
    "id,contact,nino,notes\n"
    "1,ada.lovelace@example.org,AB123456C,call her on 020 7946 0958\n"
    "2,bob.smith@example.net,CE654321B,no answer\n"
    "3,cy.jones@example.com,JG103759A,left a message\n"
).encode()


def test_scan_finds_columns_and_masks_examples(cli, tmp_path):
    report = opendata.scan(PEOPLE)
    verdicts = {c["name"]: c["verdict"] for c in report["columns"]}
    assert verdicts["contact"] == "EMAIL_ADDRESS"
    assert verdicts["nino"] == "UK_NINO"
    assert verdicts["id"] is None
    text = report.to_json()
    assert "ada.lovelace@example.org" not in text and "AB123456C" not in text
    path = tmp_path / "people.csv"
    path.write_bytes(PEOPLE)
    out = cli("scan", str(path), "--format", "json")
    cli_report = json.loads(out.stdout)
    assert [c["verdict"] for c in cli_report["columns"]] == [c["verdict"] for c in report["columns"]]


def test_scan_text_spans():
    spans = opendata.scan_text("Write to jane.doe@example.org or call +44 20 7946 0958.")
    entities = [s["entity"] for s in spans]
    assert "EMAIL_ADDRESS" in entities
    email = next(s for s in spans if s["entity"] == "EMAIL_ADDRESS")
    assert "Write to jane.doe@example.org"[email["char_start"]:email["char_end"]] == "jane.doe@example.org"


def test_scan_texts_is_scan_text_of_each_text_in_order():
    texts = [f"Write to ann{i}@example.org or call 07700 900{i % 1000:03}" if i % 3 else "no personal data"
             for i in range(300)]
    texts.append(None)
    together = opendata.scan_texts(texts)
    assert len(together) == len(texts)
    assert together[:-1] == [opendata.scan_text(t) for t in texts[:-1]]
    assert together[-1] == [] and together[0] == []
    assert [s["entity"] for s in together[1]] == ["EMAIL_ADDRESS", "PHONE_NUMBER"]
    # A column with missing cells, as pandas and pyarrow hold it.
    notes = ["mail a@example.org", None, "nothing"]
    expected = [[s["entity"] for s in spans] for spans in opendata.scan_texts(notes)]
    assert expected == [["EMAIL_ADDRESS"], [], []]
    import pandas as pd
    import pyarrow as pa
    import polars as pl

    columns = (pd.Series(notes), pd.read_csv(io.StringIO("n\nmail a@example.org\n\nnothing\n"), skip_blank_lines=False)["n"],
               pl.Series(notes), pa.array(notes), pa.chunked_array([notes[:1], notes[1:]]))
    for column in columns:
        assert [[s["entity"] for s in spans] for spans in opendata.scan_texts(column)] == expected
    assert [[s["entity"] for s in spans] for spans in opendata.scan_texts(pd.Series(notes, dtype="string"))] == expected
    # A value that is neither text nor missing is an error, not an empty text.
    with pytest.raises(TypeError, match="item 1 is int"):
        opendata.scan_texts(["a", 5])
    # Any iterable of str, options and rules as scan_text takes them.
    assert opendata.scan_texts(iter(["mail a@example.org"]), options={"text_min_confidence": 0.999}) == [[]]


def test_invalid_user_rule_raises_pii_error():
    with pytest.raises(opendata.PiiError) as err:
        opendata.scan_text("x", rules=[{"id": "bad", "entity": "X", "patterns": ["("]}])
    assert err.value.code.startswith("pii.")


def test_a_script_class_in_a_user_rule_is_refused_with_the_classes_rules_may_use():
    # The release builds carry Unicode's general categories, not its script tables.
    with pytest.raises(opendata.PiiError) as err:
        opendata.scan_text("x", rules=[{"id": "greek", "entity": "X", "patterns": [r"\p{Greek}+"], "confidence": 0.5}])
    assert err.value.code == "pii.invalid-pattern"
    assert "rule `greek`" in str(err.value) and r"not scripts such as \p{Greek}" in str(err.value)
    letters = [{"id": "greek", "entity": "X", "patterns": [r"[\u{0370}-\u{03FF}]+"], "confidence": 0.99}]
    spans = opendata.scan_text("Όνομα: Αλέξανδρος", rules=letters)
    assert [s["entity"] for s in spans if s["rule_id"] == "greek"] == ["X", "X"]


def test_anonymise_is_keyed_deterministic_and_leaks_nothing():
    policy = {"columns": {"contact": {"action": "pseudonym"}, "nino": {"action": "redact"}, "notes": {"action": "drop"}}}
    out1, report = opendata.anonymise_csv(PEOPLE, policy, key=b"k" * 32)
    out2, _ = opendata.anonymise_csv(PEOPLE, policy, key=b"k" * 32)
    out3, _ = opendata.anonymise_csv(PEOPLE, policy, key=b"j" * 32)
    assert out1 == out2 and out1 != out3
    text = out1.decode()
    for secret in ("ada.lovelace@example.org", "AB123456C", "call her"):
        assert secret not in text
    assert text.splitlines()[0] == "id,contact,nino"
    assert "k" * 32 not in json.dumps(report)


def test_anonymise_without_key_is_a_typed_error():
    with pytest.raises(opendata.AnonymiseError) as err:
        opendata.anonymise_csv(PEOPLE, {"columns": {"contact": {"action": "pseudonym"}}})
    assert err.value.code == "anonymise.missing-key"


def test_validate_metadata_reports_missing_mandatory_properties():
    ttl = b"""@prefix dcat: <http://www.w3.org/ns/dcat#> .
<http://example.org/ds/1> a dcat:Dataset .
"""
    report = opendata.validate_metadata(ttl)
    assert not report.ok
    assert any(f.location.get("property", "").endswith("title") for f in report.findings)
    valid = opendata.validate_metadata(ROOT / "tests" / "data" / "metadata-valid.ttl")
    assert valid.ok, [f.code for f in valid.findings if f.severity == "error"]
