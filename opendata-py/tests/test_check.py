"""check_csv from Python: every input kind, the report API and every error class."""

import io
import json
import pathlib

import pytest

import opendata

RAGGED = b"id,name,age\n1,Ada,36\n2,Bob\n"


def test_bytes_input_names_the_ragged_row():
    report = opendata.check_csv(RAGGED)
    assert not report.ok
    [finding] = report.findings
    assert finding.code == "ragged-row"
    assert finding.severity == "error"
    assert finding.location == {"row": 3}
    assert finding.message == "row 3: 2 cells, header has 3"


def test_path_str_pathlike_text_and_file_objects_agree(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_bytes(RAGGED)
    expected = opendata.check_csv(RAGGED).to_json()
    assert opendata.check_csv(path).to_json() == expected
    assert opendata.check_csv(str(path)).to_json() == expected
    assert opendata.check_csv(RAGGED.decode()).to_json() == expected
    assert opendata.check_csv(io.BytesIO(RAGGED)).to_json() == expected
    assert opendata.check_csv(io.StringIO(RAGGED.decode())).to_json() == expected
    assert opendata.check_csv(bytearray(RAGGED)).to_json() == expected


def test_missing_path_raises_file_not_found():
    with pytest.raises(FileNotFoundError):
        opendata.check_csv("no-such-file.csv")


def test_unreadable_path_raises_table_error(tmp_path):
    with pytest.raises(opendata.TableError) as err:
        opendata.check_csv(tmp_path)  # a directory
    assert err.value.code == "table.io"
    assert isinstance(err.value, opendata.OpendataError)


def test_to_json_equals_the_cli(cli, tmp_path):
    path = tmp_path / "semi.csv"
    path.write_bytes(b"id;name\n1;Ada\n2\n\n")
    out = cli("check", str(path), "--format", "json")
    assert out.returncode == 1
    report = opendata.check_csv(path)
    assert json.loads(out.stdout) == json.loads(report.to_json())
    assert out.stdout.strip() == report.to_json()


def test_to_dict_counts_and_table():
    report = opendata.check_csv(b"a;b\n1;2\n")
    d = report.to_dict()
    assert d["ok"] is True
    assert d["counts"] == {"error": 0, "warning": 0, "info": 1}
    assert report.counts == d["counts"]
    assert report.table["delimiter"] == ";"
    assert report.table["rows"] == 2


def test_options_as_dict_and_keywords_agree():
    data = b"a;b,c\n1;2,3\n"
    assert opendata.check_csv(data, {"delimiter": ","}).table["delimiter"] == ","
    assert opendata.check_csv(data, delimiter=",").table["delimiter"] == ","


def test_invalid_options_raise_with_code():
    with pytest.raises(opendata.InvalidOptionsError) as err:
        opendata.check_csv(b"a\n", bogus=True)
    assert err.value.code == "invalid-options"
    assert "unknown field `bogus`" in str(err.value)
    with pytest.raises(opendata.TableError) as err:
        opendata.check_csv(b"a\n", encoding="klingon")
    assert err.value.code == "table.invalid-option"
    assert str(err.value) == "invalid option `encoding`: `klingon` is not an encoding label this reader knows"


def test_wrong_source_type():
    with pytest.raises(TypeError):
        opendata.check_csv(42)  # type: ignore[arg-type]


def test_html_repr_escapes_and_colours():
    report = opendata.check_csv(b"<b>,x\n1\n")
    html = report._repr_html_()
    assert "ragged-row" in html and "#b00020" in html
    assert "<b>," not in html


def test_to_pandas_has_one_row_per_finding():
    pd = pytest.importorskip("pandas")
    report = opendata.check_csv(b"a,b\n1\n2\n")
    df = report.to_pandas()
    assert isinstance(df, pd.DataFrame)
    assert list(df["code"]) == ["ragged-row", "ragged-row"]
    assert list(df["row"]) == [2, 3]


def test_codes_table_is_complete():
    codes = {c["code"] for c in opendata.codes()}
    assert {"ragged-row", "blank-row", "invalid-encoding", "duplicate-header"} <= codes


def test_infer_schema_validates_its_file_and_schema_option_finds_errors():
    data = b"id,born,score\n1,1990-05-01,3.5\n2,1985-12-24,4\n"
    schema = opendata.infer_schema(data)
    assert [f["type"] for f in schema["fields"]] == ["integer", "date", "number"]
    assert opendata.check_csv(data, schema=schema).ok
    bad = opendata.check_csv(b"id,born,score\nx,1990-05-01,3.5\n", schema=schema)
    assert [f.code for f in bad.findings] == ["type-error"]
    assert bad.findings[0].location == {"row": 2, "column": 1, "field": "id"}


def test_numbers_with_a_decimal_comma_are_inferred_with_their_notation():
    data = "Ort;Betrag\nKöln;1.234,56\nBonn;7,5\nTrier;12\n".encode()
    schema = opendata.infer_schema(data)
    betrag = schema["fields"][1]
    assert (betrag["type"], betrag["decimalChar"], betrag["groupChar"]) == ("number", ",", ".")
    assert opendata.check_csv(data, schema=schema).ok
    # Commas that may group thousands only (`1,234`) leave the column text.
    plain = opendata.infer_schema(b"a;b\nx;1,234\ny;12,500\n")
    assert plain["fields"][1] == {"name": "b", "type": "string"}


def test_infer_schema_of_an_empty_file_raises():
    with pytest.raises(opendata.TableError):
        opendata.infer_schema(b"")


def test_bad_schema_raises_schema_error():
    with pytest.raises(opendata.SchemaError) as err:
        opendata.validate_rows({"fields": [{"name": "a", "type": "integr"}]}, [["a"], ["1"]])
    assert err.value.code == "schema.invalid"


def test_licence_functions():
    r = opendata.licence.resolve("OGL v3")
    assert r["licence"]["id"] == "OGL-UK-3.0" and r["licence"]["open"] is True
    assert [f.code for f in opendata.licence.check("CC BY-NC 4.0")] == ["licence.not-open"]
    assert opendata.licence.analyse("cc-by")["ok"] is True
    with pytest.raises(opendata.LicenceError) as err:
        opendata.licence.compatibility(["no such licence at all", "CC-BY-4.0"])
    assert err.value.code == "licence.unknown-input"
    assert "Creative Commons Attribution 4.0" in opendata.licence.attribution("CC-BY-4.0", title="Grants", author="Town Council")
    assert len(opendata.licence.all_licences()) > 200


def test_licence_cli_json_equals_python(cli):
    out = cli("licence", "http://creativecommons.org/licenses/by/4.0/", "--format", "json")
    assert out.returncode == 0
    assert json.loads(out.stdout) == opendata.licence.analyse("http://creativecommons.org/licenses/by/4.0/")
