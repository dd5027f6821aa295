import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"


def vector_cases(area: str) -> list[pathlib.Path]:
    return sorted((VECTORS / area).glob("*.json"))


@pytest.fixture(scope="session")
def cli():
    """Runs the opendata binary that the test command built (OPENDATA_BIN overrides)."""
    binary = os.environ.get("OPENDATA_BIN") or str(ROOT / "target" / "debug" / "opendata")
    if not os.path.exists(binary):
        pytest.fail(f"the opendata binary is missing at {binary}; run cargo build first")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([binary, *args], capture_output=True, text=True)

    return run


def load(path: pathlib.Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
