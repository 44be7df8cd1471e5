"""`.notesmith/index.sqlite`: derived from the vault's notes, kept current by file checksum."""

from __future__ import annotations

import gc
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from notesmith.index.note_rows import NoteRows, read_note_rows
from notesmith.index.snapshot import (
    FolderState,
    Stamp,
    decode,
    encode,
    scan_vault,
    unchanged_since,
)
from notesmith.resolve.names import normalize_name
from notesmith.vault.layout import STATE_DIR, VaultLayout

T = TypeVar("T")
INDEX_FILE = "index.sqlite"
CLOCK_FILE = "index.sqlite-clock"  # beside the index: derived state too
SCHEMA_VERSION = 3
# notesmith state, Obsidian settings, git, Obsidian trash: never notes
SKIPPED_FOLDERS = {STATE_DIR, ".obsidian", ".git", ".trash"}
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value);
CREATE TABLE notes (path TEXT PRIMARY KEY, link_key TEXT, type TEXT, title TEXT, date TEXT, summary TEXT,
                    frontmatter TEXT, error TEXT, lines_before_body INTEGER, checksum TEXT, mtime_ns INTEGER,
                    size INTEGER);
CREATE INDEX notes_link_key ON notes (link_key);
CREATE TABLE names (path TEXT, name TEXT, key TEXT);
CREATE INDEX names_key ON names (key);
CREATE INDEX names_path ON names (path);
CREATE TABLE tasks (path TEXT, line INTEGER, symbol TEXT, status TEXT, text TEXT, owner TEXT, owner_key TEXT,
                    due TEXT, done TEXT, created TEXT, priority TEXT, task_id TEXT, raw TEXT);
CREATE INDEX tasks_path ON tasks (path);
CREATE INDEX tasks_status_due ON tasks (status, due);
CREATE INDEX tasks_owner ON tasks (owner_key);
CREATE TABLE items (path TEXT, section TEXT, kind TEXT, text TEXT, sources TEXT, date TEXT);
CREATE INDEX items_path ON items (path);
CREATE TABLE links (path TEXT, target TEXT, target_key TEXT, line INTEGER);
CREATE INDEX links_path ON links (path);
CREATE INDEX links_target ON links (target_key);
CREATE VIRTUAL TABLE notes_fts USING fts5(path UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2');
-- ranked inside FTS5 (title words weigh 5×) so `ORDER BY rank LIMIT n` builds snippets for the n best rows only
INSERT INTO notes_fts (notes_fts, rank) VALUES ('rank', 'bm25(0.0, 5.0, 1.0)');
"""
_NOTE_TABLES = ("notes", "names", "tasks", "items", "links", "notes_fts")


@dataclass
class SyncStats:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return self.added + self.updated + self.removed


def index_path(layout: VaultLayout) -> Path:
    return layout.state_dir / INDEX_FILE


def open_index(layout: VaultLayout) -> sqlite3.Connection:
    """The index, created (or recreated when its schema is older) as needed; empty until synced."""
    path = index_path(layout)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = _connect(path)
        if _schema_version(conn) == SCHEMA_VERSION:
            return conn
        conn.close()
    except sqlite3.DatabaseError:
        pass  # not an index we can read (damaged, or from another version): it is derived, so start again
    _remove_index_files(path)
    conn = _connect(path)
    conn.executescript(_SCHEMA)
    conn.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
    conn.commit()
    return conn


def sync_index(conn: sqlite3.Connection, layout: VaultLayout) -> SyncStats:
    """Bring the index up to date. When every folder and note is as the last sync recorded it, nothing is read;
    otherwise notes whose size or mtime moved are re-hashed, and re-read if the bytes changed."""
    recorded = _recorded_folders(conn)
    if recorded is not None and _still_as_recorded(layout, recorded):
        return SyncStats(unchanged=sum(len(f.names) for f in recorded))
    return _resync(conn, layout)


def answer_from_current_index(layout: VaultLayout, ask: Callable[[sqlite3.Connection], T]) -> T:
    """`ask(conn)` answered by an index that matches the notes. The question is put on a second thread while the
    notes are checked (the check is system calls, the query is SQLite: each lets the other thread run), and put
    again after a sync when something had changed. `ask` only reads: its answer may be thrown away."""
    conn = open_index(layout)
    try:
        recorded = _recorded_folders(conn)
        if recorded is not None:
            with ThreadPoolExecutor(max_workers=1) as pool:
                early = pool.submit(_ask_on_own_connection, index_path(layout), ask)
                unchanged = _still_as_recorded(layout, recorded)
            if unchanged:
                return early.result()
        _resync(conn, layout)
        return ask(conn)
    finally:
        conn.close()


def _ask_on_own_connection(path: Path, ask: Callable[[sqlite3.Connection], T]) -> T:
    conn = _connect(path)  # a connection belongs to the thread that made it
    try:
        return ask(conn)
    finally:
        conn.close()


def _recorded_folders(conn: sqlite3.Connection) -> list[FolderState] | None:
    return decode(_meta(conn, "snapshot"))


def _still_as_recorded(layout: VaultLayout, recorded: list[FolderState]) -> bool:
    with _collector_paused():
        return unchanged_since(str(layout.root), recorded)


def _resync(conn: sqlite3.Connection, layout: VaultLayout) -> SyncStats:
    """List the vault and compare every note with its row; record what was seen for the next quick check."""
    with _collector_paused():
        excluded = set(excluded_folders(layout))
        scan = scan_vault(str(layout.root), lambda name, relative: name in SKIPPED_FOLDERS or relative in excluded,
                          _file_system_now(layout.state_dir))
    stats, complete = SyncStats(), True
    known = {path: (mtime_ns, size) for path, mtime_ns, size in conn.execute("SELECT path, mtime_ns, size FROM notes")}
    with conn:
        for relative, stat, stamp in scan.files:
            stored = known.pop(relative, None)
            if stored == (stat.st_mtime_ns, stat.st_size):
                stats.unchanged += 1
                continue
            data = _read(layout.absolute(relative))
            if data is None:
                complete = False
                continue
            _store(conn, relative, data, stamp, stored is not None, stats)
        for gone in known:
            _delete(conn, gone)
            stats.removed += 1
        _set_meta(conn, "snapshot", encode(scan.folders) if complete else None)
    return stats


def _file_system_now(state_dir: Path) -> int:
    """The time the vault's file system stamps a file written now: the clock the notes' times come from (git's
    racy-clean check compares with its index file's time the same way)."""
    marker = state_dir / CLOCK_FILE
    marker.touch()
    return marker.stat().st_mtime_ns


def _store(conn: sqlite3.Connection, relative: str, data: bytes, stamp: Stamp, known: bool, stats: SyncStats) -> None:
    checksum = hashlib.sha256(data).hexdigest()
    if known and _stored_checksum(conn, relative) == checksum:
        conn.execute("UPDATE notes SET mtime_ns = ?, size = ? WHERE path = ?", (*stamp, relative))
        stats.unchanged += 1
        return
    if known:
        _delete(conn, relative)
    _insert(conn, read_note_rows(relative, data.decode("utf-8", errors="replace")), checksum, stamp)
    stats.updated += known
    stats.added += not known


def _meta(conn: sqlite3.Connection, key: str) -> str | bytes | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _set_meta(conn: sqlite3.Connection, key: str, value: str | bytes | None) -> None:
    conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def _stored_checksum(conn: sqlite3.Connection, path: str) -> str | None:
    row = conn.execute("SELECT checksum FROM notes WHERE path = ?", (path,)).fetchone()
    return row[0] if row else None


def rebuild_index(layout: VaultLayout) -> SyncStats:
    """Throw the index away and read every note again."""
    _remove_index_files(index_path(layout))
    conn = open_index(layout)
    try:
        return sync_index(conn, layout)
    finally:
        conn.close()


def excluded_folders(layout: VaultLayout) -> list[str]:
    """Vault folders that hold inputs, not notes: the Inbox and the archived sources."""
    return [layout.folders.inbox.strip("/"), layout.folders.sources.strip("/")]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The scan makes tens of thousands of short-lived, acyclic objects; a full garbage collection triggered
    among them walks every object of the process and doubled the scan's 95th percentile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _insert(conn: sqlite3.Connection, rows: NoteRows, checksum: str, stamp: Stamp) -> None:
    conn.execute("INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (rows.path, link_key(rows.path), rows.type, rows.title, rows.date, rows.summary,
                  json.dumps(rows.frontmatter, default=str, ensure_ascii=False), rows.error, rows.lines_before_body,
                  checksum, *stamp))
    conn.executemany("INSERT INTO names VALUES (?, ?, ?)", [(rows.path, n, normalize_name(n)) for n in rows.names])
    conn.executemany("INSERT INTO tasks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        (rows.path, t.line, t.symbol, t.status, t.text, t.owner, normalize_name(t.owner or ""), t.due, t.done,
         t.created, t.priority, t.task_id, t.raw) for t in rows.tasks])
    conn.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?)", [
        (rows.path, i.section, i.kind, i.text, json.dumps(i.sources, ensure_ascii=False), i.date) for i in rows.items])
    conn.executemany("INSERT INTO links VALUES (?, ?, ?, ?)",
                     [(rows.path, target, link_key(target), line) for target, line in rows.links])
    conn.execute("INSERT INTO notes_fts (path, title, body) VALUES (?, ?, ?)", (rows.path, rows.title, rows.body))


def link_key(target: str) -> str:
    """How Obsidian matches a link to a file: by its name, case-insensitively, with or without `.md`."""
    name = target.strip().rsplit("/", 1)[-1]
    return (name[:-3] if name.lower().endswith(".md") else name).casefold()


def _delete(conn: sqlite3.Connection, path: str) -> None:
    for table in _NOTE_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE path = ?", (path,))


def _remove_index_files(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=10)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def _schema_version(conn: sqlite3.Connection) -> int | None:
    try:
        version = _meta(conn, "schema")
    except sqlite3.DatabaseError:
        return None
    return int(version) if version else None


def current_index(layout: VaultLayout) -> tuple[sqlite3.Connection, SyncStats]:
    """The index, brought up to date with whatever changed in the vault since (notes are edited in Obsidian too)."""
    conn = open_index(layout)
    return conn, sync_index(conn, layout)
