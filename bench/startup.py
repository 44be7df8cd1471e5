"""The command-line start-up bench: whole commands as a person runs them, process start included, beside the
floor of starting Python itself (`python -c pass`), measured in the same run.

    python bench/startup.py [--notes 10000] [--runs 15] [--work DIR] [--json]

The vault is synthetic (bench/speed.py's generator); its index is built once before timing, as after any ingest.
"""

from __future__ import annotations

import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from speed import as_of_an_hour_ago, synthetic_vault, vault_bench_main


def timed_runs(command: list[str], runs: int) -> list[float]:
    """Wall-clock seconds of each run of `command` (one warm-up run first, so the OS file cache is warm)."""
    subprocess.run(command, capture_output=True, check=True)
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        seconds.append(time.perf_counter() - started)
    return seconds


def bench(work: Path, notes: int, runs: int) -> dict:
    vault = work / "vault"
    synthetic_vault(vault, notes)
    as_of_an_hour_ago(vault)
    notesmith = [sys.executable, "-m", "notesmith"]
    subprocess.run([*notesmith, "reindex", "--vault", str(vault)], capture_output=True, check=True)
    commands = {
        "python -c pass (floor)": [sys.executable, "-c", "pass"],
        "notesmith --version": [*notesmith, "--version"],
        "notesmith --help": [*notesmith, "--help"],
        f"notesmith search (vault of {notes} notes)": [*notesmith, "search", "budget", "--vault", str(vault),
                                                        "--json"],
        f"notesmith tasks (vault of {notes} notes)": [*notesmith, "tasks", "--vault", str(vault), "--json"],
    }
    medians = {name: statistics.median(timed_runs(command, runs)) for name, command in commands.items()}
    floor = medians["python -c pass (floor)"]
    return {"machine": f"{platform.machine()}, {platform.python_version()}", "runs": runs,
            "commands": {name: {"median_s": round(m, 3), "vs_floor": round(m / floor, 1)} for name, m in medians.items()}}


def print_table(result: dict) -> None:
    print(f"{result['machine']}, median of {result['runs']} runs")
    for name, row in result["commands"].items():
        print(f"  {name:45} {row['median_s']:7.3f} s  {row['vs_floor']:5.1f}x floor")


if __name__ == "__main__":
    vault_bench_main(__doc__, 15, bench, print_table)
