"""Transactional apply (DESIGN §8): stage, fsync, commit marker, atomic renames; recovery on start-up."""

from __future__ import annotations

import functools
import json
import os
import secrets
import shutil
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from notesmith.domain.plan import FileOperation
from notesmith.vault.layout import VaultLayout
from notesmith.vault.snapshot import inside_vault, sha256

JOURNAL_DIR = "journal"
MANIFEST = "manifest.json"
COMMITTED = "COMMITTED"

FileOpHook = Callable[[], None]
SYNC_THREADS = 16


class Conflict(Exception):
    """A target changed since it was planned; nothing was written."""

    def __init__(self, paths: list[str]):
        super().__init__("changed since planning: " + ", ".join(paths))
        self.paths = paths


def apply_operations(layout: VaultLayout, operations: list[FileOperation], after_file_op: FileOpHook | None = None,
                     synced_with: Iterable[Path] = ()) -> None:
    """Write every operation or none; a crash at any point leaves a journal that `recover` completes or discards.

    `synced_with`: files the caller wrote that must be durable before any target changes; they are synced together
    with the staged files."""
    hook = after_file_op or (lambda: None)
    targets = {path: inside_vault(layout, path) for op in operations for path in (op.path, op.move_from) if path}
    journal = layout.state_dir / JOURNAL_DIR / secrets.token_hex(8)
    journal.mkdir(parents=True)
    entries, staged_files = [], {}
    for index, op in enumerate(operations):
        staged = None
        if op.content is not None:
            staged = f"{index}.new"
            staged_files[journal / staged] = op.content
        entries.append({"path": op.path, "before": op.before_sha256, "staged": staged, "move_from": op.move_from})
    staged_files[journal / MANIFEST] = json.dumps(entries).encode()
    _write_all_durably(staged_files, hook, synced_with)
    changed = [e["path"] for e in entries if _checksum(targets[e["path"]]) != e["before"]]
    if changed:
        shutil.rmtree(journal)
        raise Conflict(changed)
    _fsync_dir(journal)  # the staged files' names are durable before the marker that says they are complete
    _write_all_durably({journal / COMMITTED: b""}, hook)
    _roll_forward(layout, journal, entries, hook)


@dataclass
class Recovery:
    """What start-up recovery did: lines for people, and the vault paths it wrote (to be committed)."""

    done: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)


def recover(layout: VaultLayout) -> Recovery:
    """Finish committed transactions a crash interrupted and discard uncommitted ones, whatever state a kill left."""
    root = layout.state_dir / JOURNAL_DIR
    recovery = Recovery()
    for journal in sorted(root.iterdir()) if root.is_dir() else []:
        if not journal.is_dir():
            journal.unlink()
        elif (journal / COMMITTED).exists() and (journal / MANIFEST).exists():
            entries = json.loads((journal / MANIFEST).read_text())
            _roll_forward(layout, journal, entries, lambda: None)
            recovery.done.append(f"completed interrupted transaction {journal.name}")
            recovery.paths += [entry["path"] for entry in entries]
        else:
            # no marker: never committed, nothing of it reached the vault; a marker without its manifest: a kill
            # during an earlier version's cleanup, after every rename
            shutil.rmtree(journal)
            recovery.done.append(f"discarded unfinished transaction {journal.name}")
    return recovery


def _roll_forward(layout: VaultLayout, journal: Path, entries: list[dict], hook: FileOpHook) -> None:
    """Idempotent: an entry already moved into place (its staged file gone) is skipped.

    Each touched folder is synced once at the end; until the marker is removed, a crash only means `recover`
    repeats the renames. The marker goes first, so a journal half removed is one without a marker: discarded.
    """
    folders: set[Path] = set()
    for entry in entries:
        target = layout.absolute(entry["path"])
        if entry.get("move_from"):
            moved = layout.absolute(entry["move_from"])
            if moved.exists():
                _make_folder(target.parent, folders)
                os.replace(moved, target)
                folders.update((target.parent, moved.parent))
                hook()
            continue
        if entry["staged"] is None:
            if target.exists() or target.is_symlink():
                target.unlink()
                folders.add(target.parent)
                hook()
            continue
        staged = journal / entry["staged"]
        if staged.exists():
            _make_folder(target.parent, folders)
            os.replace(staged, target)
            folders.add(target.parent)
            hook()
    _fsync_all(_fsync_dir, sorted(folders))
    (journal / COMMITTED).unlink()
    _fsync_dir(journal)
    hook()
    shutil.rmtree(journal)
    _fsync_dir(journal.parent)
    hook()


def _make_folder(folder: Path, touched: set[Path]) -> None:
    """The folder made if missing; one this roll already wrote or removed a file in is there."""
    if folder not in touched:
        folder.mkdir(parents=True, exist_ok=True)


def current_checksum(layout: VaultLayout, path: str) -> str | None:
    """The file's sha256 on disk now; None when it does not exist."""
    return _checksum(inside_vault(layout, path))


def _checksum(target: Path) -> str | None:
    return sha256(target.read_bytes()) if target.is_file() else None


def _write_all_durably(files: dict[Path, bytes], hook: FileOpHook, synced_with: Iterable[Path] = ()) -> None:
    """Every file written, then all of them (and `synced_with`) synced at once: each sync waits on the disk, and
    waiting for them one after another made the apply the slowest part of an ingest. Written through bare file
    descriptors: a file object costs three more system calls per file (a transaction stages a dozen)."""
    fds = []
    try:
        for path, data in files.items():
            fds.append(os.open(path, _NEW_FILE, 0o666))
            _write_fully(fds[-1], data)
            hook()
        for path in synced_with:
            fds.append(os.open(path, os.O_RDONLY | _BINARY))
        _fsync_all(os.fsync, fds)
    finally:
        for fd in fds:
            os.close(fd)


_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _BINARY  # what open(path, "wb") asks for (os.open adds CLOEXEC)


def _write_fully(fd: int, data: bytes) -> None:
    """All of `data`: a write may take less than it is given."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _fsync_all(sync: Callable, targets: list) -> None:
    """`sync` of every target, concurrently: the file system commits syncs that wait together in one go."""
    if len(targets) == 1:
        sync(targets[0])
        return
    syncs = [_sync_threads().submit(sync, target) for target in targets]
    wait(syncs)  # every sync over before any error is raised: the caller closes the files they use
    for done in syncs:
        done.result()


@functools.cache
def _sync_threads() -> ThreadPoolExecutor:
    """The threads that wait on syncs, started on the first apply of a process that has several to wait on."""
    return ThreadPoolExecutor(SYNC_THREADS, thread_name_prefix="notesmith-sync")


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
