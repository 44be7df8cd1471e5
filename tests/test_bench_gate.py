"""The extraction bench as a CI gate: F1 on ami-dev may not drop more than 0.02 below the README's figures."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
AMI = ROOT.parent / "shared" / "bench" / "ami-dev"
TOLERANCE = 0.02


def readme_f1(row: str) -> float:
    """F1 from the README bench table row starting with `| <row> (`."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith(f"| {row} ("))
    return float(re.split(r"\s*\|\s*", line)[4])


@pytest.mark.skipif(not AMI.is_dir(), reason="the AMI dev bench (../shared/bench/ami-dev) is not on this machine")
def test_extraction_f1_has_not_dropped_below_the_readme():
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "ami.py"), "--json", "--data", str(AMI)],
                            capture_output=True, text=True, timeout=300, check=True)
    measured = json.loads(result.stdout)
    for kind in ("actions", "decisions"):
        assert measured[kind]["f1"] >= readme_f1(kind) - TOLERANCE, (kind, measured[kind])
