"""Near-duplicate bench: precision and recall of the bullet dedup rule on the labelled pairs, against plain baselines.

Usage: python bench/dedup.py [--pairs FILE] [--json]
The pairs (tests/fixtures/dedup-pairs.tsv) are `same|different <TAB> line A <TAB> line B`; the first block
restates the duplicates of ../shared/reference-notes/ with made-up names, the rest are written for the set,
many of them one changed word apart ("$2M" / "$200K", "backend" / "frontend", "Mei … to Nadia" / "Nadia … to Mei").
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from notesmith.plan import dedup
from notesmith.plan.similarity import near_duplicates

DEFAULT_PAIRS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "dedup-pairs.tsv"


def read_pairs(path: Path) -> list[tuple[bool, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, a, b = line.split("\t")
            rows.append((label == "same", a, b))
    return rows


def score(pairs: list[tuple[bool, str, str]], same: Callable[[str, str], bool]) -> dict:
    said = [(truth, same(f"- {a}", f"- {b}")) for truth, a, b in pairs]
    tp = sum(t and s for t, s in said)
    fp = sum(s and not t for t, s in said)
    fn = sum(t and not s for t, s in said)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3), "tp": tp, "fp": fp,
            "fn": fn}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    pairs = read_pairs(args.pairs)
    started = time.perf_counter()
    results = {"pairs": len(pairs), "same": sum(t for t, _, _ in pairs),
               "notesmith (same_statement)": score(pairs, dedup.same_statement)}
    results["seconds (incl. model load)"] = round(time.perf_counter() - started, 2)
    results["token Jaccard ≥ 0.6 + figures"] = score(pairs, near_duplicates)
    for threshold in (0.5, 0.7, 0.8):
        results[f"same_statement, cosine ≥ {threshold}"] = score(pairs, partial(dedup.same_statement,
                                                                                threshold=threshold))
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
        return
    for name, value in results.items():
        print(f"{name:36} {value}")


if __name__ == "__main__":
    main()
