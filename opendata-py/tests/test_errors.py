"""One exception class per core error kind, each with `.code`; the message is the Rust
error's Display, the very text the CLI prints after `opendata: `."""

import pytest

import opendata

pa = pytest.importorskip("pyarrow")

PEOPLE = b"email\na@b.org\n"

ERROR_CLASSES = [
    opendata.TableError, opendata.InvalidOptionsError, opendata.LicenceError, opendata.SchemaError,
    opendata.PiiError, opendata.AnonymiseError, opendata.CatalogError,
]


def test_every_class_derives_from_opendata_error_and_declares_code():
    assert issubclass(opendata.OpendataError, Exception)
    for cls in ERROR_CLASSES:
        assert issubclass(cls, opendata.OpendataError), cls
        assert cls.__doc__, cls
        assert cls.__name__ in opendata.__all__


def _cli_message(cli, *args):
    out = cli(*args)
    assert out.returncode == 2, out
    prefix = "opendata: "
    line = out.stderr.strip().splitlines()[-1]
    assert line.startswith(prefix), line
    return line[len(prefix):]


def test_table_error_message_equals_the_cli(cli, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(PEOPLE)
    for data in (path, pa.table({"email": ["a@b.org"]})):
        with pytest.raises(opendata.TableError) as err:
            opendata.check(data, encoding="klingon") if data is path else opendata.check_csv(PEOPLE, encoding="klingon")
        assert err.value.code == "table.invalid-option"
        assert str(err.value) == _cli_message(cli, "check", str(path), "--encoding", "klingon")


def test_schema_error_message_equals_the_cli(cli, tmp_path):
    schema = {"fields": [{"name": "a", "type": "integr"}]}
    path = tmp_path / "schema.json"
    path.write_text('{"fields":[{"name":"a","type":"integr"}]}')
    data = tmp_path / "a.csv"
    data.write_bytes(b"a\n1\n")
    cli_message = _cli_message(cli, "check", str(data), "--schema", str(path))
    for source in (data, pa.table({"a": ["1"]})):
        with pytest.raises(opendata.SchemaError) as err:
            opendata.check(source, schema=schema)
        assert err.value.code == "schema.invalid"
        # The CLI names the schema file first.
        assert cli_message == f"{path}: {err.value}"


def test_pii_error_message_equals_the_cli(cli, tmp_path):
    rules = tmp_path / "rules.json"
    rules.write_text('[{"id":"bad","entity":"X","patterns":["("]}]')
    data = tmp_path / "people.csv"
    data.write_bytes(PEOPLE)
    for source in (data, pa.table({"email": ["a@b.org"]})):
        with pytest.raises(opendata.PiiError) as err:
            opendata.scan(source, rules=str(rules))
        assert err.value.code.startswith("pii.")
        assert str(err.value) == _cli_message(cli, "scan", str(data), "--rules", str(rules))


def test_anonymise_error_message_equals_the_cli(cli, tmp_path):
    data = tmp_path / "people.csv"
    data.write_bytes(PEOPLE)
    policy = tmp_path / "policy.toml"
    policy.write_text('[columns.email]\naction = "pseudonym"\n')
    cli_message = _cli_message(cli, "anonymise", str(data), "--policy", str(policy), "-o", str(tmp_path / "out.csv"))
    for source in (data, PEOPLE, pa.table({"email": ["a@b.org"]})):
        with pytest.raises(opendata.AnonymiseError) as err:
            opendata.anonymise(source, policy.read_text())
        assert err.value.code == "anonymise.missing-key"
        assert str(err.value) == cli_message
    with pytest.raises(opendata.AnonymiseError) as err:
        opendata.anonymise(pa.table({"email": ["a@b.org"]}), {"columns": {"nope": {"action": "drop"}}})
    assert err.value.code == "anonymise.unknown-column"
    assert str(err.value) == "unknown column `nope`: the table has no such column"


def test_licence_error():
    with pytest.raises(opendata.LicenceError) as err:
        opendata.licence.compatibility(["no such licence at all", "CC-BY-4.0"])
    assert err.value.code == "licence.unknown-input"
    assert str(err.value).startswith('"no such licence at all" is not a known licence')


def test_invalid_options_error():
    with pytest.raises(opendata.InvalidOptionsError) as err:
        opendata.check(pa.table({"a": ["1"]}), bogus=True)
    assert err.value.code == "invalid-options"
    assert str(err.value).startswith("invalid options: unknown field `bogus`, expected one of `delimiter`")
    with pytest.raises(opendata.InvalidOptionsError) as err:
        opendata.scan(pa.table({"a": ["1"]}), options={"min_share": "x"})
    assert err.value.code == "invalid-options"


def test_catalog_error_is_raised_as_a_finding_not_an_exception():
    """Malformed metadata is an answer (findings), not a crash: CatalogError is for
    conversions and writing, which the Python package does not expose yet."""
    report = opendata.validate_metadata(b"{ not json")
    assert not report.ok
    assert report.findings[0].code.startswith("metadata.")
