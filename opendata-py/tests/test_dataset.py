"""opendata.Dataset: the answers of `opendata metadata validate | convert | score | propose`."""

import datetime
import json

import pytest

import opendata
from conftest import ROOT, VECTORS, load

VALID_TTL = ROOT / "tests" / "data" / "metadata-valid.ttl"
CKAN = load(VECTORS / "metadata" / "ckan-package-dcat-ap.json")["input"]
BAD_TURTLE = """@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<https://example.org/ds/1> a dcat:Dataset ; dct:title "unterminated .
"""
BAD_JSONLD = '{"@context": {"dcat": "http://www.w3.org/ns/dcat#"}, "@id": "https://example.org/ds", "@type": ['
TARGETS = ["jsonld", "jsonld-expanded", "turtle", "rdfxml", "ntriples", "ckan", "data.json", "schema-org",
           "datapackage"]
SCORED = """@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://example.org/ds> a dcat:Dataset ; dct:title "Bees"@en ; dct:description "Counts"@en ;
  dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/ANNUAL> ;
  dct:modified "2024-03-01"^^xsd:date ;
  dcat:distribution <https://example.org/ds/csv> .
<https://example.org/ds/csv> a dcat:Distribution ;
  dcat:accessURL <https://example.org/files/bees.csv> ;
  dcat:downloadURL <https://example.org/files/bees.csv> ;
  dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> .
"""
CSV = b"region,date,colonies\nAttica,2023-04-01,120\nCrete,2023-09-30,80\n"


def ntriples_set(text: str) -> set[str]:
    return {line for line in text.splitlines() if line.strip()}


# --- construction and format detection ---------------------------------------------------

def test_constructors_detect_the_format():
    text = VALID_TTL.read_text(encoding="utf-8")
    from_file = opendata.Dataset.from_file(VALID_TTL)
    assert from_file.format == "turtle"
    assert from_file.file_name == "metadata-valid.ttl"
    assert from_file.data == VALID_TTL.read_bytes()
    assert opendata.Dataset(text).format == "turtle"
    assert opendata.Dataset(text.encode()).data == text.encode()
    assert opendata.Dataset.from_bytes(bytearray(text.encode())).format == "turtle"
    assert opendata.Dataset(CKAN).format == "ckan"
    assert opendata.Dataset(from_file.to("jsonld")).format == "jsonld"
    assert opendata.Dataset(from_file.to("data.json")).format == "data.json"
    assert opendata.Dataset(from_file.to("rdfxml")).format == "rdfxml"
    assert opendata.Dataset("   ").format is None
    assert opendata.Dataset(" \n", "turtle").format is None


def test_format_given_by_name_or_alias():
    ds = opendata.Dataset(VALID_TTL.read_bytes(), "ttl")
    assert ds.format == "turtle"
    assert ds.validate().ok


def test_unknown_source_format_raises_catalog_error():
    with pytest.raises(opendata.CatalogError) as err:
        opendata.Dataset(b"x", format="docx")
    assert err.value.code == "catalog.invalid-option"
    assert '`from`: unknown metadata format "docx"' in str(err.value)


def test_wrong_input_type_raises_type_error():
    with pytest.raises(TypeError):
        opendata.Dataset(42)  # type: ignore[arg-type]
    with pytest.raises(FileNotFoundError):
        opendata.Dataset.from_file(ROOT / "no-such-file.ttl")


def test_repr_and_html():
    ds = opendata.Dataset.from_file(VALID_TTL)
    assert repr(ds) == f"<Dataset 'metadata-valid.ttl' format='turtle' {VALID_TTL.stat().st_size} bytes>"
    page = ds._repr_html_()
    assert "metadata-valid.ttl" in page and "turtle" in page
    assert "<b>metadata</b>" in opendata.Dataset(BAD_TURTLE)._repr_html_()
    assert "metadata.syntax" in opendata.Dataset(BAD_TURTLE)._repr_html_()


# --- validate ----------------------------------------------------------------------------

@pytest.mark.parametrize("profile", ["dcat-ap-3", "dcat-us", "schema-org"])
def test_validate_equals_the_cli(cli, profile):
    ds = opendata.Dataset.from_file(VALID_TTL)
    out = cli("metadata", "validate", str(VALID_TTL), "--profile", profile, "--format", "json")
    assert json.loads(out.stdout) == ds.validate(profile).to_dict()
    assert (out.returncode == 0) == ds.validate(profile).ok


def test_validate_options_equal_the_cli_flags(cli, tmp_path):
    path = tmp_path / "thin.ttl"
    path.write_text(SCORED, encoding="utf-8")
    ds = opendata.Dataset.from_file(path)
    out = cli("metadata", "validate", str(path), "--mandatory-only", "--strict-types", "--max-findings", "1",
              "--format", "json")
    report = ds.validate(recommended=False, vocabularies_imply_types=False, max_findings_per_code=1)
    assert json.loads(out.stdout) == report.to_dict()
    assert report.counts != ds.validate().counts


def test_validate_rejects_unknown_options_and_profiles():
    ds = opendata.Dataset.from_file(VALID_TTL)
    with pytest.raises(opendata.InvalidOptionsError) as err:
        ds.validate(no_such_option=True)
    assert err.value.code == "invalid-options"
    assert "unknown field `no_such_option`" in str(err.value)
    with pytest.raises(opendata.InvalidOptionsError):
        ds.validate("dcat-ap-2")
    with pytest.raises(opendata.InvalidOptionsError):
        ds.score(today="2025-06-01", url_status={"https://example.org/x": "ok"})  # type: ignore[dict-item]


def test_malformed_turtle_is_a_syntax_finding(cli, tmp_path):
    ds = opendata.Dataset(BAD_TURTLE)
    assert ds.format == "turtle"
    report = ds.validate()
    syntax = [f for f in report.findings if f.code == "metadata.syntax"]
    assert syntax and syntax[0].severity == "error"
    assert syntax[0].location["row"] == 3
    assert not report.ok
    path = tmp_path / "bad.ttl"
    path.write_text(BAD_TURTLE, encoding="utf-8")
    assert json.loads(cli("metadata", "validate", str(path), "--format", "json").stdout) == report.to_dict()


def test_malformed_jsonld_is_a_syntax_finding_and_convert_reports_it():
    ds = opendata.Dataset(BAD_JSONLD)
    assert ds.format == "jsonld"
    codes = [f.code for f in ds.validate().findings]
    assert "metadata.syntax" in codes
    text, report = ds.convert("turtle")
    assert "metadata.syntax" in [f.code for f in report.findings]
    assert isinstance(text, str)


def test_json_that_is_not_json_is_a_json_finding():
    report = opendata.Dataset('{"result": {"name": "x", "resources": [}', "ckan").validate()
    assert [f.code for f in report.findings if f.severity == "error"] == ["metadata.json"]


# --- convert -----------------------------------------------------------------------------

@pytest.mark.parametrize("target", TARGETS)
def test_conversion_is_byte_identical_to_the_cli(cli, target):
    out = cli("metadata", "convert", str(VALID_TTL), "--to", target)
    assert out.returncode == 0, out.stderr
    assert opendata.Dataset.from_file(VALID_TTL).to(target) == out.stdout


@pytest.mark.parametrize("target", ["turtle", "jsonld", "data.json"])
def test_ckan_conversion_is_byte_identical_to_the_cli(cli, tmp_path, target):
    path = tmp_path / "package.json"
    path.write_text(CKAN, encoding="utf-8")
    out = cli("metadata", "convert", str(path), "--to", target, "--from", "ckan")
    assert opendata.Dataset.from_file(path, "ckan").to(target) == out.stdout


def test_convert_returns_the_reading_report_the_cli_prints(cli, tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text(BAD_TURTLE, encoding="utf-8")
    out = cli("metadata", "convert", str(path), "--to", "ntriples", "--format", "json")
    text, report = opendata.Dataset.from_file(path).convert("ntriples")
    assert text == out.stdout
    assert json.loads(out.stderr) == report.to_dict()
    assert out.returncode == 1 and not report.ok


def test_unknown_target_format_raises_catalog_error():
    ds = opendata.Dataset.from_file(VALID_TTL)
    with pytest.raises(opendata.CatalogError) as err:
        ds.to("docx")
    assert err.value.code == "catalog.invalid-option"
    assert str(err.value) == ('invalid option `to`: unknown metadata format "docx"; expected one of ' +
                              ", ".join(TARGETS[:5] + ["ckan", "data.json", "schema-org", "datapackage"]))
    assert isinstance(err.value, opendata.OpendataError)


def test_an_impossible_conversion_raises_with_the_cli_message(cli, tmp_path):
    # A data package describes one dataset; a graph without one cannot be written as one.
    text = "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<https://example.org/c> a dcat:Catalog .\n"
    path = tmp_path / "catalog.ttl"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(opendata.CatalogError) as err:
        opendata.Dataset(text).to("datapackage")
    assert err.value.code == "catalog.unsupported-conversion"
    out = cli("metadata", "convert", str(path), "--to", "datapackage")
    assert out.returncode == 2
    assert f"opendata: {err.value}" in out.stderr


def test_round_trip_turtle_jsonld_turtle_keeps_the_triples():
    original = opendata.Dataset.from_file(VALID_TTL)
    jsonld = original.to("jsonld")
    again = opendata.Dataset(jsonld)
    assert again.format == "jsonld"
    turtle = again.to("turtle")
    back = opendata.Dataset(turtle, "turtle")
    assert ntriples_set(back.to("ntriples")) == ntriples_set(original.to("ntriples"))
    assert len(ntriples_set(original.to("ntriples"))) > 40
    assert back.validate().to_dict() == original.validate().to_dict()


# --- score -------------------------------------------------------------------------------

def test_score_equals_the_cli(cli, tmp_path):
    path = tmp_path / "scored.ttl"
    path.write_text(SCORED, encoding="utf-8")
    status = {"https://example.org/files/bees.csv": 200}
    status_path = tmp_path / "status.json"
    status_path.write_text(json.dumps(status), encoding="utf-8")
    ds = opendata.Dataset.from_file(path)

    quality = ds.score(today="2025-06-01")
    out = cli("metadata", "score", str(path), "--today", "2025-06-01", "--format", "json")
    assert quality.to_json() + "\n" == out.stdout
    assert quality.to_dict() == json.loads(out.stdout)
    [score] = quality.scores
    assert score["dataset"] == "https://example.org/ds"
    assert score["not_assessed"] == 80
    [fresh] = quality.freshness
    assert (fresh["status"], fresh["due"], fresh["overdue_days"]) == ("overdue", "2025-03-01", 92)
    assert "metadata.freshness.overdue" in quality.report.counts_per_code
    assert quality.report.to_json() == json.dumps(json.loads(out.stdout)["report"], indent=2, ensure_ascii=False)
    assert ds.score(today=datetime.datetime(2025, 6, 1, 23, 0)).to_dict() == quality.to_dict()

    measured = ds.score(today=datetime.date(2025, 6, 1), url_status=status)
    out = cli("metadata", "score", str(path), "--today", "2025-06-01", "--url-status", str(status_path),
              "--format", "json")
    assert measured.to_dict() == json.loads(out.stdout)
    assert measured.scores[0]["not_assessed"] == 0
    assert measured.scores[0]["points"] > score["points"]


def test_score_today_defaults_to_utc_today():
    quality = opendata.Dataset(SCORED).score()
    today = datetime.datetime.now(datetime.timezone.utc).date()
    assert quality.to_dict() == opendata.Dataset(SCORED).score(today=today).to_dict()
    assert repr(quality).startswith("<Quality https://example.org/ds: ")


def test_score_rejects_a_day_that_is_not_a_date():
    with pytest.raises(opendata.CatalogError) as err:
        opendata.Dataset(SCORED).score(today="2025")
    assert err.value.code == "catalog.invalid-option"
    assert "YYYY-MM-DD" in str(err.value)


# --- propose -----------------------------------------------------------------------------

def test_propose_equals_the_cli(cli, tmp_path):
    path = tmp_path / "bees.csv"
    path.write_bytes(CSV)
    out = cli("metadata", "propose", str(path), "--base-url", "https://data.example.org/files", "--format", "json")
    proposal = opendata.Dataset.propose(path, "https://data.example.org/files")
    assert proposal.to_json() + "\n" == out.stdout
    d = proposal.distribution
    assert d["byte_size"] == len(CSV)
    assert d["download_url"] == ["https://data.example.org/files/bees.csv"]
    assert d["media_type"] == "https://www.iana.org/assignments/media-types/text/csv"
    assert proposal.temporal is not None
    assert (proposal.temporal["start"], proposal.temporal["end"]) == ("2023-04-01", "2023-09-30")
    assert proposal.date_columns == ["date"]
    # The same bytes in memory, named, give the same proposal.
    assert opendata.Dataset.propose(CSV, "https://data.example.org/files/", file_name="bees.csv").to_dict() \
        == proposal.to_dict()


@pytest.mark.parametrize("target", ["turtle", "jsonld", "ntriples"])
def test_proposal_text_equals_the_cli(cli, tmp_path, target):
    path = tmp_path / "bees.csv"
    path.write_bytes(CSV)
    out = cli("metadata", "propose", str(path), "--to", target)
    assert opendata.Dataset.propose(str(path)).to(target) == out.stdout


def test_propose_errors():
    with pytest.raises(FileNotFoundError):
        opendata.Dataset.propose("no-such-file.csv")
    with pytest.raises(TypeError):
        opendata.Dataset.propose(42)  # type: ignore[arg-type]
    with pytest.raises(opendata.CatalogError) as err:
        opendata.Dataset.propose(CSV, file_name="bees.csv").to("docx")
    assert err.value.code == "catalog.invalid-option"
    proposal = opendata.Dataset.propose(b"%PDF-1.7 ...")
    assert proposal.temporal is None and proposal.date_columns == []
    assert proposal.distribution["media_type"] == "https://www.iana.org/assignments/media-types/application/pdf"


# --- verify ------------------------------------------------------------------------------

def test_verify_equals_the_cli(cli, tmp_path):
    ds = opendata.Dataset.from_file(VALID_TTL)  # records sha256("test")
    for content, ok in ((b"test", True), (b"tampered", False)):
        path = tmp_path / "bees-2023.csv"
        path.write_bytes(content)
        out = cli("metadata", "verify", str(VALID_TTL), str(path), "--format", "json")
        verification, report = ds.verify(path)
        assert json.loads(out.stdout) == {"verification": verification, "report": report.to_dict()}
        assert report.ok is ok and (out.returncode == 0) is ok
        assert verification is not None and verification["bytes"] == len(content)
        assert ds.verify(content, "https://data.example.org/dataset/bees/csv") == (verification, report)
    assert [f.code for f in report.findings] == ["metadata.checksum.mismatch"]


def test_verify_without_a_checksum_raises_catalog_error():
    with pytest.raises(opendata.CatalogError) as err:
        opendata.Dataset(SCORED).verify(b"test")
    assert err.value.code == "catalog.invalid-option"
    assert "no distribution with a spdx:checksum matches" in str(err.value)
    with pytest.raises(FileNotFoundError):
        opendata.Dataset.from_file(VALID_TTL).verify(ROOT / "no-such-file.csv")
