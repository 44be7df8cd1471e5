"""Shared fixtures: the bundled examples, the project's own edge-case fixtures, the demo owner."""

from __future__ import annotations

import importlib.util
from importlib import resources
from pathlib import Path

import pytest

from notesmith.domain.owner import Owner
from notesmith.sources import ReadContext, read_source

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(str(resources.files("notesmith") / "examples"))
BENCH = Path(__file__).resolve().parents[1] / "bench"

ROBIN = ReadContext(
    owner=Owner("Robin Hale", ("Robin",), ("robin.hale@bluefin.example",)),
    speaker_map={"Jabra Speak 710": "Robin Hale", "MacBook Pro Microphone": "Robin Hale"},
)


@pytest.fixture
def read_example():
    """Read a bundled example with the demo owner's context."""
    return lambda name, ctx=ROBIN: read_source(EXAMPLES / name, ctx)


@pytest.fixture
def read_fixture():
    return lambda name, ctx=ROBIN: read_source(FIXTURES / name, ctx)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="Rewrite tests/golden/ from the current output.")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def load_bench(name: str):
    """A script of bench/ as a module (bench/ is scripts, not a package), for tests of its parts and inputs."""
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
