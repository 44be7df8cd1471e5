"""Kill -9 at every file operation of a multi-source ingest into a git vault, the journal's cleanup included: right
after recovery the vault is exactly before or after each source, and once the next ingest has run, the notes,
ledger, Sources/, Inbox/ and `git status` equal an uninterrupted run's, with no source lost and no temp file left."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from conftest import EXAMPLES
from vaults import CONFIG_TEXT, run_ingest, tree_hashes

from notesmith.app.init import init_vault
from notesmith.app.transaction import Vault, vault_layout
from notesmith.config import load_config
from notesmith.vault.journal import recover

INPUTS = [EXAMPLES / "2026-03-10 call with Quarry Labs.txt", EXAMPLES / "kestrel-standup.txt"]
# the lock, undo records, the derived index and the list of paths still to commit are not what a source changes
SKIP = (".notesmith/lock", ".notesmith/runs/", ".notesmith/index.sqlite", ".notesmith/uncommitted")


def git(root, *args):
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def _git_vault(root):
    init_vault(Vault(vault_layout(root, load_config(None, {}))), CONFIG_TEXT, with_git=True)
    for path in INPUTS:
        shutil.copyfile(path, root / "Inbox" / path.name)
    return root


def _committed(root):
    """What git holds and what it sees changed: equal to an uninterrupted run's when nothing was left uncommitted."""
    return git(root, "ls-tree", "-r", "HEAD"), git(root, "status", "--porcelain", "--untracked-files=all")


def _states(tmp_path):
    """The vault before, after each source in turn (undo records aside: run ids differ), and the finished run."""
    pristine = _git_vault(tmp_path / "pristine")
    states = [tree_hashes(pristine, SKIP)]
    partial = tmp_path / "partial"
    shutil.copytree(pristine, partial, symlinks=True)
    for path in INPUTS:
        run_ingest(partial, [partial / "Inbox" / path.name])
        states.append(tree_hashes(partial, SKIP))
    finished = tmp_path / "finished"
    shutil.copytree(pristine, finished, symlinks=True)
    run_ingest(finished)
    return pristine, states, (tree_hashes(finished, SKIP), _committed(finished))


def _leftovers(root):
    journal = root / ".notesmith/journal"
    staged = [p for p in root.rglob("*.new") if ".git" not in p.parts]
    return [*(journal.iterdir() if journal.is_dir() else []), *staged]


def _killed_at(k, pristine, work):
    """Kill the ingest after its k-th file operation; the state right after recovery, and after the next ingest."""
    shutil.copytree(pristine, work, symlinks=True)
    env = {**os.environ, "NOTESMITH_FAULT_KILL_AFTER": str(k)}
    result = subprocess.run([sys.executable, "-m", "notesmith", "ingest", "--vault", str(work), "--json"],
                            env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != -signal.SIGKILL:
        assert result.returncode == 0, result.stderr
        return "finished", tree_hashes(work, SKIP), (tree_hashes(work, SKIP), _committed(work)), _leftovers(work)
    recover(vault_layout(work, load_config(work / "notesmith.toml", {})))
    recovered = tree_hashes(work, SKIP)
    next_run = run_ingest(work)  # in this process: a second interpreter per kill would double the test's time
    assert next_run.count("failed") == 0, f"the run after a kill at {k} must finish cleanly"
    return "killed", recovered, (tree_hashes(work, SKIP), _committed(work)), _leftovers(work)


def test_sigkill_at_every_file_operation_then_the_next_run_equals_an_uninterrupted_one(tmp_path):
    pristine, states, finished = _states(tmp_path)
    assert len({tuple(sorted(s.items())) for s in states}) == len(INPUTS) + 1
    outcomes = []
    batch, k = 8, 1
    with ThreadPoolExecutor(max_workers=2) as pool:
        while not outcomes or all(kind == "killed" for kind, *_ in outcomes[-batch:]):
            outcomes += pool.map(lambda n: _killed_at(n, pristine, tmp_path / f"k{n}"), range(k, k + batch))
            k += batch
    killed = [recovered for kind, recovered, *_ in outcomes if kind == "killed"]
    assert len(killed) > 20, "the hook must interrupt many different file operations"
    for n, (_, recovered, final, leftovers) in enumerate(outcomes, start=1):
        assert recovered in states, f"killed after file operation {n}: the vault is neither before nor after a source"
        for source in INPUTS:
            assert f"Inbox/{source.name}" in recovered or f"Sources/2026/{source.name}" in recovered, \
                f"{source.name} lost at {n}"
        assert final == finished, f"killed after file operation {n}: the next run did not end where one run ends"
        assert leftovers == [], f"killed after file operation {n}: left {leftovers}"
    assert {states.index(tree) for tree in killed} == set(range(len(states))), \
        "kills must land before, between and after sources"


def test_an_interrupted_run_is_completed_by_the_next_ingest(tmp_path):
    pristine, states, finished = _states(tmp_path)
    work = tmp_path / "work"
    shutil.copytree(pristine, work, symlinks=True)
    env = {**os.environ, "NOTESMITH_FAULT_KILL_AFTER": "20"}
    killed = subprocess.run([sys.executable, "-m", "notesmith", "ingest", "--vault", str(work)], env=env,
                            capture_output=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL and any((work / ".notesmith" / "journal").iterdir())
    report = run_ingest(work)
    assert report.recovered and report.count("failed") == 0 and report.commit
    assert (tree_hashes(work, SKIP), _committed(work)) == finished
