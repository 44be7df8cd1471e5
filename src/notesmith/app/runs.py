"""Recent runs as a person reviews them: what each one changed, file by file, and undoing the last one."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

from notesmith.app.transaction import Vault, vault_transaction
from notesmith.vault import git
from notesmith.vault.layout import STATE_DIR, VaultLayout
from notesmith.vault.snapshot import OutsideVault, inside_vault, sha256
from notesmith.vault.undo import (
    RUNS_DIR,
    UNDONE_MARKER,
    UndoError,
    before_image,
    last_run,
    run_manifests,
    undo_operations,
)

_RUN_ID = re.compile(r"^(\d{8}T\d{6})")
_TRAILER = re.compile(r"^Notesmith-Run: (\S+)\s*$", re.M)
MANIFESTS_READ = 200  # per run in a listing: a night's ingest of thousands of sources is summed up, not walked
DIFF_LINES = 400  # per file shown; the rest is counted
FILES_SHOWN = 200  # per run: an ingest of a thousand sources is not one page
GIT_LOG_COMMITS = 500


class UnknownRun(LookupError):
    """No run has this id in the vault's undo records."""


class NotLastRun(Exception):
    """Only the last run can be undone; another one came after the run asked for."""


@dataclass(frozen=True)
class RunSummary:
    run_id: str
    started: str | None  # ISO date and time, read from the run id
    message: str | None  # its git commit's first line, in a git vault
    paths: list[str]  # the vault files it wrote, moved or removed (notesmith's own state left out)
    more_paths: bool  # the run is larger than the listing read
    undone: bool
    undoable: bool  # the last run not undone: `notesmith undo` reverts it

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class FileChange:
    path: str
    change: str  # "created", "changed", "removed" or "moved"
    moved_from: str | None = None
    diff: list[str] = field(default_factory=list)  # unified diff lines, before the run -> the file now
    lines_left_out: int = 0
    edited_since: bool = False  # changed again after the run: undo would refuse

    def as_dict(self) -> dict:
        return asdict(self)


def recent_runs(vault: Vault, limit: int = 20) -> list[RunSummary]:
    """The newest runs first (ingest, task edits, merges, doctor --fix), undone ones included and marked."""
    last, messages = last_run(vault.layout), _commit_messages(vault)
    return [_summary(folder, last, messages) for folder in _run_folders(vault.layout)[:limit]]


def run_summary(vault: Vault, run_id: str) -> RunSummary:
    return _summary(_run_folder(vault.layout, run_id), last_run(vault.layout), _commit_messages(vault))


def run_changes(vault: Vault, run_id: str, shown: int = FILES_SHOWN) -> tuple[list[FileChange], int]:
    """The first `shown` files the run touched, each as it was before the run against how it is now; and how
    many files it touched in all."""
    folder = _run_folder(vault.layout, run_id)
    first: dict[str, dict] = {}
    final: dict[str, dict] = {}
    for entry in _entries(folder, None):
        if _a_note(entry["path"]):
            first.setdefault(entry["path"], entry)
            final[entry["path"]] = entry
    return [_change(vault.layout, first[path], final[path]) for path in list(first)[:shown]], len(first)


def undo_run(vault: Vault, run_id: str) -> list[str]:
    """Undo `run_id` if it is still the last run (a page may show an older state); the paths restored."""
    layout = vault.layout
    with vault_transaction(vault) as txn:
        last = last_run(layout)
        if last != run_id:
            raise NotLastRun(f"run {run_id} is not the last run any more (the last is {last or 'none'}); "
                             "only the last run can be undone")
        ops = undo_operations(layout, run_id)
        txn.message = f"notesmith undo of run {run_id}\n"
        txn.apply(ops)
        return [op.path for op in ops[:-1]]


def _summary(folder: Path, last: str | None, messages: dict[str, str]) -> RunSummary:
    entries = _entries(folder, MANIFESTS_READ)
    paths = list(dict.fromkeys(p for e in entries for p in (e.get("moved_from"), e["path"]) if p and _a_note(p)))
    return RunSummary(folder.name, _started(folder.name), messages.get(folder.name), paths,
                      more_paths=len(list(folder.glob("*/manifest.json"))) > MANIFESTS_READ,
                      undone=(folder / UNDONE_MARKER).exists(), undoable=folder.name == last)


def _run_folders(layout: VaultLayout) -> list[Path]:
    runs = layout.state_dir / RUNS_DIR
    return sorted((p for p in runs.iterdir() if p.is_dir()), key=lambda p: p.name, reverse=True) if runs.is_dir() else []


def _run_folder(layout: VaultLayout, run_id: str) -> Path:
    """The folder of a listed run: an id from a request is looked up among the folders, never joined to a path."""
    found = [p for p in _run_folders(layout) if p.name == run_id]
    if not found:
        raise UnknownRun(f"no run has the id {run_id!r}")
    return found[0]


def _entries(folder: Path, at_most: int | None) -> list[dict]:
    """The run's manifest entries in the order they were applied."""
    manifests = run_manifests(folder)[:at_most]
    return [entry for path in manifests for entry in json.loads(path.read_text(encoding="utf-8"))]


def _a_note(path: str) -> bool:
    return not path.startswith(f"{STATE_DIR}/")


def _started(run_id: str) -> str | None:
    match = _RUN_ID.match(run_id)
    if not match:
        return None
    try:
        return dt.datetime.strptime(match.group(1), "%Y%m%dT%H%M%S").isoformat(sep=" ")
    except ValueError:
        return None


def _change(layout: VaultLayout, first: dict, final: dict) -> FileChange:
    path = final["path"]
    if final.get("moved_from"):
        return FileChange(path, "moved", moved_from=final["moved_from"])
    try:
        before = before_image(layout, first)
    except UndoError:
        before = None  # the copy that kept it changed since: shown as if empty, and undo says why it refuses
    now = _current(layout, path)
    edited = (sha256(now) if now is not None else None) != final.get("after")
    change = "created" if first.get("before") is None else "removed" if final.get("after") is None else "changed"
    if not path.endswith(".md"):  # an archived source: its bytes are the input's, not worth a diff
        return FileChange(path, change, edited_since=edited)
    diff = list(difflib.unified_diff(_lines(before), _lines(now), f"a/{path}", f"b/{path}", n=2, lineterm=""))
    return FileChange(path, change, diff=diff[:DIFF_LINES], lines_left_out=max(0, len(diff) - DIFF_LINES),
                      edited_since=edited)


def _current(layout: VaultLayout, path: str) -> bytes | None:
    try:
        target = inside_vault(layout, path)
        return target.read_bytes() if target.is_file() else None
    except (OSError, OutsideVault):
        return None


def _lines(data: bytes | None) -> list[str]:
    return [] if data is None else data.decode("utf-8", errors="replace").split("\n")


def _commit_messages(vault: Vault) -> dict[str, str]:
    """Run id -> the first line of the commit that carries its `Notesmith-Run:` trailer (git vaults only)."""
    root = vault.root
    if not git.is_repository(root) or shutil.which("git") is None:
        return {}
    result = subprocess.run(["git", "-C", str(root), "log", f"-n{GIT_LOG_COMMITS}", "--format=%s%x1f%b%x1e"],
                            capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        return {}
    messages = {}
    for record in result.stdout.split("\x1e"):
        subject, _, body = record.strip("\n").partition("\x1f")
        for run_id in _TRAILER.findall(body):
            messages.setdefault(run_id, subject)
    return messages
