"""Extraction-quality bench on the AMI dev set: grounded precision, recall and F1 for actions and decisions.

Usage: python bench/ami.py [--data DIR] [--limit N] [--extractor rules|llm|both] [--config notesmith.toml] [--json]
With llm, the model is the one of the config's [llm] section (its API key from the variable it names); answers
are cached in --cache DIR (default: a .bench-cache folder beside this script, not committed).
A prediction matches a gold item when one of its evidence start times lies in one of the
gold item's spans widened by 2 s; matching is one-to-one (DESIGN §10).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from notesmith.app.pipeline import llm_extractor, llm_usage, rules_extractor
from notesmith.config import load_config
from notesmith.extract.llm.client import LLMError
from notesmith.sources import ReadContext, read_source

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "bench" / "ami-dev"
WIDEN = 2.0


def match_count(predicted: list[list[float]], gold: list[list[list[float]]]) -> int:
    """Maximum one-to-one matching between predictions (their start times) and gold items (their spans)."""
    hits = [
        [g for g, spans in enumerate(gold) if any(s - WIDEN <= t <= e + WIDEN for t in starts for s, e in spans)]
        for starts in predicted
    ]
    owner: dict[int, int] = {}

    def augment(p: int, seen: set[int]) -> bool:
        for g in hits[p]:
            if g not in seen:
                seen.add(g)
                if g not in owner or augment(owner[g], seen):
                    owner[g] = p
                    return True
        return False

    return sum(augment(p, set()) for p in range(len(predicted)))


def score(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3),
            "predicted": n_pred, "gold": n_gold, "matched": tp}


def run(data: Path, limit: int | None = None, extract=None) -> dict:
    extract = extract or rules_extractor(load_config(None, {}))
    totals = {"actions": [0, 0, 0], "decisions": [0, 0, 0]}
    seconds, failed = [], 0
    meetings = sorted(data.glob("*.gold.json"))[:limit]
    for gold_path in meetings:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        source = read_source(gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")), ReadContext())
        began = time.perf_counter()
        try:
            extraction = extract(source)
        except LLMError:
            failed += 1  # counted as predicting nothing: its gold items stay unmatched
            extraction = None
        seconds.append(time.perf_counter() - began)
        for key in ("actions", "decisions"):
            totals[key][2] += sum(1 for g in gold[key] if g["spans"])
        if extraction is None:
            continue
        for key, items in (("actions", extraction.tasks), ("decisions", extraction.decisions)):
            predicted = [[e.start for e in item.evidence if e.start is not None] for item in items]
            spans = [g["spans"] for g in gold[key] if g["spans"]]
            totals[key][0] += match_count(predicted, spans)
            totals[key][1] += len(predicted)
    return {
        "meetings": len(meetings),
        "failed": failed,
        "actions": score(*totals["actions"]),
        "decisions": score(*totals["decisions"]),
        "ms_per_meeting": round(1000 * sum(seconds) / max(len(seconds), 1), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--extractor", choices=("rules", "llm", "both"), default="rules")
    parser.add_argument("--config", type=Path, default=None, help="notesmith.toml with the [llm] section")
    parser.add_argument("--cache", type=Path, default=Path(__file__).parent / ".bench-cache")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    config = load_config(args.config, os.environ)
    results = {}
    for name in (("rules", "llm") if args.extractor == "both" else (args.extractor,)):
        usage = llm_usage(config) if name == "llm" else None
        extract = llm_extractor(config, os.environ, args.cache, usage) if usage else rules_extractor(config)
        results[name] = run(args.data, args.limit, extract)
        if usage:
            results[name]["usage"] = usage.as_dict()
    if args.json:
        print(json.dumps(results["rules"] if args.extractor == "rules" else results))
        return
    for name, result in results.items():
        model = f" ({config.llm.model})" if name == "llm" else ""
        print(f"AMI dev, {result['meetings']} meetings, {name} extractor{model}, {result['ms_per_meeting']} ms/meeting"
              + (f", {result['failed']} failed" if result["failed"] else ""))
        print(f"{'':10} {'P':>6} {'R':>6} {'F1':>6} {'pred':>6} {'gold':>6}")
        for key in ("actions", "decisions"):
            s = result[key]
            print(f"{key:10} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['predicted']:6d} {s['gold']:6d}")


if __name__ == "__main__":
    main()
