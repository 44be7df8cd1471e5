"""Kill -9 at every file operation of an ingest: after recovery the vault is exactly before or after each source."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from conftest import EXAMPLES
from vaults import make_vault, run_ingest, tree_hashes

from notesmith.config import load_config
from notesmith.ingest import vault_layout
from notesmith.vault.journal import recover

INPUTS = [EXAMPLES / "2026-03-10 call with Quarry Labs.txt", EXAMPLES / "kestrel-standup.txt"]
# the lock, undo records and the derived index are not part of what a source changes
SKIP = (".notesmith/lock", ".notesmith/runs/", ".notesmith/index.sqlite")


def _states(tmp_path):
    """The vault before, after the first source, and after both (undo records aside: run ids differ)."""
    pristine = make_vault(tmp_path / "pristine", INPUTS)
    states = [tree_hashes(pristine, SKIP)]
    partial = tmp_path / "partial"
    shutil.copytree(pristine, partial)
    run_ingest(partial, [partial / "Inbox" / INPUTS[0].name])
    states.append(tree_hashes(partial, SKIP))
    run_ingest(partial)
    states.append(tree_hashes(partial, SKIP))
    return pristine, states


def _killed_at(k, pristine, work, then_recover=True):
    shutil.copytree(pristine, work)
    env = {**os.environ, "NOTESMITH_FAULT_KILL_AFTER": str(k)}
    result = subprocess.run([sys.executable, "-m", "notesmith", "ingest", "--vault", str(work), "--json"],
                            env=env, capture_output=True, text=True, timeout=60)
    if result.returncode == -signal.SIGKILL:
        if then_recover:
            recover(vault_layout(work, load_config(work / "notesmith.toml", {})))
            return "killed", tree_hashes(work, SKIP)
        return "killed", tree_hashes(work, SKIP)
    assert result.returncode == 0, result.stderr
    return "finished", tree_hashes(work, SKIP)


def test_sigkill_at_every_file_operation_leaves_each_source_before_or_after(tmp_path):
    pristine, states = _states(tmp_path)
    assert len({tuple(sorted(s.items())) for s in states}) == 3
    outcomes = []
    batch = 8
    k = 1
    with ThreadPoolExecutor(max_workers=2) as pool:
        while not outcomes or all(kind == "killed" for kind, _ in outcomes[-batch:]):
            ks = range(k, k + batch)
            outcomes += pool.map(lambda n: _killed_at(n, pristine, tmp_path / f"k{n}"), ks)
            k += batch
    killed = [tree for kind, tree in outcomes if kind == "killed"]
    assert len(killed) > 20, "the hook must interrupt many different file operations"
    for n, (_, tree) in enumerate(outcomes, start=1):
        assert tree in states, f"killed after file operation {n}: the vault is neither before nor after a source"
        for source in INPUTS:
            assert f"Inbox/{source.name}" in tree or f"Sources/2026/{source.name}" in tree, f"{source.name} lost at {n}"
    assert {states.index(tree) for tree in killed} == {0, 1, 2}, "kills must land before, between and after sources"
    assert states.index(outcomes[-1][1]) == 2


def test_an_interrupted_run_is_completed_by_the_next_ingest(tmp_path):
    pristine, states = _states(tmp_path)
    work = tmp_path / "work"
    kind, _ = _killed_at(20, pristine, work, then_recover=False)
    assert kind == "killed" and any((work / ".notesmith" / "journal").iterdir())
    report = run_ingest(work)
    assert report.recovered and report.count("ingested") == 1
    assert tree_hashes(work, SKIP) == states[2]
