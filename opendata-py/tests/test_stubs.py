"""The .pyi stubs cover the public API: mypy --strict checks them and a usage file."""

import importlib.util
import inspect
import pathlib
import subprocess
import sys

import pytest

import opendata

HERE = pathlib.Path(__file__).parent
PACKAGE = HERE.parent / "python" / "opendata"


def test_every_public_name_is_in_the_stub():
    stub = (PACKAGE / "__init__.pyi").read_text()
    for name in opendata.__all__:
        assert f"def {name}(" in stub or f"class {name}(" in stub or f" {name} as {name}" in stub \
            or f"{name} =" in stub, name
    assert (PACKAGE / "py.typed").exists()


def test_stub_signatures_match_the_functions():
    stub = (PACKAGE / "__init__.pyi").read_text()
    for name in opendata.__all__:
        obj = getattr(opendata, name)
        if inspect.isfunction(obj):
            for parameter in inspect.signature(obj).parameters:
                assert parameter in stub.split(f"def {name}(", 1)[1].split(") ->", 1)[0], (name, parameter)


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy not installed")
def test_mypy_strict_on_the_stubs_and_a_usage_file():
    out = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                          "--config-file", str(HERE.parent / "pyproject.toml"), str(PACKAGE),
                          str(HERE / "typing" / "usage.py")], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
