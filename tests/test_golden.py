"""Golden files: the full `extract --json` output of a few examples, reviewed once, compared on every run.

After a deliberate change: `python -m pytest tests/test_golden.py --update-golden`, then review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES
from test_cli import notesmith

GOLDEN = Path(__file__).parent / "golden"
CASES = ["2026-03-02 1on1 Tomas.md", "halcyon-renewal.md", "quarry-trial-criteria.eml", "kestrel-standup.txt"]


@pytest.mark.parametrize("name", CASES)
def test_extract_output_matches_the_reviewed_golden_file(name, update_golden):
    result = notesmith("--config", str(EXAMPLES / "notesmith.toml"), "extract", str(EXAMPLES / name), "--json")
    assert result.returncode == 0, result.stderr
    actual = json.dumps(json.loads(result.stdout), indent=2, ensure_ascii=False) + "\n"
    golden = GOLDEN / f"{name}.json"
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"no golden file for {name}; run with --update-golden and review it"
    assert actual == golden.read_text(encoding="utf-8")
