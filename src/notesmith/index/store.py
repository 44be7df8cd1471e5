"""`.notesmith/index.sqlite`: derived from the vault's notes, kept current by file checksum."""

from __future__ import annotations

import fcntl
import gc
import hashlib
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from notesmith.index.snapshot import (
    FolderState,
    Stamp,
    decode,
    encode,
    scan_vault,
    unchanged_since,
)
from notesmith.notes.links import link_key
from notesmith.resolve.names import normalize_name
from notesmith.vault.layout import STATE_DIR, VaultLayout

if TYPE_CHECKING:
    from notesmith.index.note_rows import NoteRows

T = TypeVar("T")
INDEX_FILE = "index.sqlite"
CLOCK_FILE = "index.sqlite-clock"  # beside the index: derived state too
REPAIR_LOCK_FILE = "index.sqlite-lock"  # held while a damaged index is deleted
# 4: tasks.text_key, so a brief's tasks are found in SQL; 5: tasks.answer; 6: a note's text row has its note's id
SCHEMA_VERSION = 6
# How long a process waits for another one's write (a sync or the copy of a rebuilt index) before it gives up on
# the file; writers hold SQLite's lock for the database work only, never while a whole vault is read.
BUSY_SECONDS = 30
# SQLite's answers that mean the file cannot be used as it is; anything else is a fault to be seen, not hidden
_UNUSABLE = {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_PERM,
             sqlite3.SQLITE_FULL, sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_DAMAGED = {sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT}
_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
# notesmith state, Obsidian settings, git, Obsidian trash: never notes
SKIPPED_FOLDERS = {STATE_DIR, ".obsidian", ".git", ".trash"}
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value);
-- id: the rowid of the note's row in notes_fts, whose path column cannot be searched by (FTS5 keeps no index on it)
CREATE TABLE notes (id INTEGER PRIMARY KEY, path TEXT UNIQUE, link_key TEXT, type TEXT, title TEXT, date TEXT, summary TEXT,
                    frontmatter TEXT, error TEXT, lines_before_body INTEGER, checksum TEXT, mtime_ns INTEGER,
                    size INTEGER);
CREATE INDEX notes_link_key ON notes (link_key);
CREATE TABLE names (path TEXT, name TEXT, key TEXT);
CREATE INDEX names_key ON names (key);
CREATE INDEX names_path ON names (path);
CREATE TABLE tasks (path TEXT, line INTEGER, symbol TEXT, status TEXT, text TEXT, owner TEXT, owner_key TEXT,
                    due TEXT, done TEXT, created TEXT, priority TEXT, task_id TEXT, raw TEXT, text_key TEXT,
                    answer TEXT);  -- answer: the task as `tasks --json` prints it
CREATE INDEX tasks_id ON tasks (task_id);
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
INSERT INTO meta VALUES ('schema', '{version}');
"""
_NOTE_TABLES = ("notes", "names", "tasks", "items", "links")  # and notes_fts, by the note's id


class IndexUnavailable(Exception):
    """The index file cannot be opened or written: a folder stands in its place, it or its folder is read-only, the
    disk is full, or another process kept it locked too long."""

    def __init__(self, path: Path, reason: str, doing: str, busy: bool = False):
        folder = path.is_dir()
        self.problem = f"{path} is a folder" if folder else f"{path} cannot be written ({reason})"
        self.advice = ("remove it" if folder else "try again when the other notesmith command is done" if busy
                       else "make it writable or delete it")
        then = ", then run `notesmith reindex` again" if doing == "rebuild" and not busy else ""
        super().__init__(f"cannot {doing} the index: {self.problem}; {self.advice}{then}")


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


def _warn_on_stderr(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def open_index(layout: VaultLayout) -> sqlite3.Connection:
    """The index, built from the notes when it is missing, damaged or of an older schema (it is derived).
    Raises IndexUnavailable when the file cannot be opened or written."""
    path = index_path(layout)
    with _unavailable_as(path, "open"):
        conn, version = _open_live(path)
        try:
            if version != SCHEMA_VERSION:
                _replace_contents(conn, layout, only_if_outdated=True)
        except BaseException:
            conn.close()
            raise
    return conn


def sync_index(conn: sqlite3.Connection, layout: VaultLayout) -> SyncStats:
    """Bring the index up to date. When every folder and note is as the last sync recorded it, nothing is read;
    otherwise notes whose size or mtime moved are re-hashed, and re-read if the bytes changed.
    Raises IndexUnavailable when the file cannot be written."""
    with _unavailable_as(index_path(layout), "update"):
        record = _meta(conn, "snapshot")
        recorded = decode(record)
        if recorded is not None and _still_as_recorded(layout, recorded):
            return SyncStats(unchanged=sum(len(f.names) for f in recorded))
        return _resync(conn, layout, record)


def current_index(layout: VaultLayout,
                  warn: Callable[[str], None] = _warn_on_stderr) -> tuple[sqlite3.Connection, SyncStats]:
    """The index, brought up to date with whatever changed in the vault since (notes are edited in Obsidian too).
    When its file cannot be used, a private index of the notes built for this process, and `warn` says why (read
    commands must answer; the index is only derived from the notes)."""
    try:
        conn = open_index(layout)
    except IndexUnavailable as exc:
        return _index_of_the_notes(layout, exc, warn)
    try:
        return conn, sync_index(conn, layout)
    except IndexUnavailable as exc:
        conn.close()
        return _index_of_the_notes(layout, exc, warn)


def answer_from_current_index(layout: VaultLayout, ask: Callable[[sqlite3.Connection], T],
                              warn: Callable[[str], None] = _warn_on_stderr) -> T:
    """`ask(conn)` answered by an index that matches the notes. The question is put on a second thread while the
    notes are checked (the check is system calls, the query is SQLite: each lets the other thread run), and put
    again after a sync when something had changed. `ask` only reads: its answer may be thrown away. When the
    index file cannot be used, the answer comes from a private index of the notes, as in current_index."""
    path = index_path(layout)
    try:
        conn = open_index(layout)
    except IndexUnavailable as exc:
        return _answer_from_the_notes(layout, ask, exc, warn)
    try:
        record = _meta(conn, "snapshot")
        recorded = decode(record)
        if recorded is not None:
            with ThreadPoolExecutor(max_workers=1) as pool:
                early = pool.submit(_ask_on_own_connection, path, ask)
                unchanged = _still_as_recorded(layout, recorded)
            if unchanged:
                return early.result()
        with _unavailable_as(path, "update"):
            _resync(conn, layout, record)
            return ask(conn)
    except IndexUnavailable as exc:
        return _answer_from_the_notes(layout, ask, exc, warn)
    finally:
        conn.close()


def _index_of_the_notes(layout: VaultLayout, unavailable: IndexUnavailable,
                        warn: Callable[[str], None]) -> tuple[sqlite3.Connection, SyncStats]:
    warn(f"{unavailable.problem}, so the notes were read directly (slower); {unavailable.advice} to get the index back")
    return _built_apart(layout)


def _answer_from_the_notes(layout: VaultLayout, ask: Callable[[sqlite3.Connection], T],
                           unavailable: IndexUnavailable, warn: Callable[[str], None]) -> T:
    conn, _ = _index_of_the_notes(layout, unavailable, warn)
    try:
        return ask(conn)
    finally:
        conn.close()


def _ask_on_own_connection(path: Path, ask: Callable[[sqlite3.Connection], T]) -> T:
    with _unavailable_as(path, "open"):
        conn = _connect(path)  # a connection belongs to the thread that made it
        try:
            return ask(conn)
        finally:
            conn.close()


def _still_as_recorded(layout: VaultLayout, recorded: list[FolderState]) -> bool:
    with _collector_paused():
        return unchanged_since(str(layout.root), recorded)


def _resync(conn: sqlite3.Connection, layout: VaultLayout, seen_record: str | bytes | None) -> SyncStats:
    """List the vault and compare every note with its row; record what was seen for the next quick check.
    SQLite's write lock is taken first, so the rows compared are the rows written against (two processes syncing
    at once take turns); `seen_record` is the record the caller found out of date."""
    with _writing(conn):
        record = _meta(conn, "snapshot")
        recorded = decode(record) if record != seen_record else None
        if recorded is not None and _still_as_recorded(layout, recorded):
            return SyncStats(unchanged=sum(len(f.names) for f in recorded))  # another process synced meanwhile
        with _collector_paused():
            excluded = set(excluded_folders(layout))
            scan = scan_vault(str(layout.root), lambda name, relative: name in SKIPPED_FOLDERS or relative in excluded,
                              _file_system_now(layout.state_dir))
        stats, complete = SyncStats(), True
        known = {path: (mtime_ns, size) for path, mtime_ns, size in
                 conn.execute("SELECT path, mtime_ns, size FROM notes")}
        for relative, stat, stamp in scan.files:
            stored = known.pop(relative, None)
            if stored == (stat.st_mtime_ns, stat.st_size):
                stats.unchanged += 1
                continue
            data = _read(layout.absolute(relative))
            if data is None:
                complete = False
                continue
            if not _store(conn, relative, data, stamp, known=stored is not None):
                stats.unchanged += 1
            elif stored is None:
                stats.added += 1
            else:
                stats.updated += 1
        for gone in known:
            _delete(conn, gone)
            stats.removed += 1
        _set_meta(conn, "snapshot", encode(scan.folders) if complete else None)
    return stats


@contextmanager
def _writing(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, begun IMMEDIATE: the write lock is waited for (up to the busy timeout) before
    anything is read, never asked for halfway, when another process may have written since the read."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def _file_system_now(state_dir: Path) -> int:
    """The time the vault's file system stamps a file written now: the clock the notes' times come from (git's
    racy-clean check compares with its index file's time the same way)."""
    marker = state_dir / CLOCK_FILE
    try:
        marker.touch()
        return marker.stat().st_mtime_ns
    except OSError:  # a read-only vault: no time is trusted, every note is compared again next time
        return 0


def _store(conn: sqlite3.Connection, relative: str, data: bytes, stamp: Stamp, known: bool) -> bool:
    """Index the note's bytes; False when its row already holds them (only the recorded stamp moves)."""
    # imported here, not on import: a command that finds the index current reads no note and needs no note grammar
    from notesmith.index.note_rows import read_note_rows

    checksum = hashlib.sha256(data).hexdigest()
    if known and _stored_checksum(conn, relative) == checksum:
        conn.execute("UPDATE notes SET mtime_ns = ?, size = ? WHERE path = ?", (*stamp, relative))
        return False
    if known:
        _delete(conn, relative)
    _insert(conn, read_note_rows(relative, data.decode("utf-8", errors="replace")), checksum, stamp)
    return True


def _meta(conn: sqlite3.Connection, key: str) -> str | bytes | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _set_meta(conn: sqlite3.Connection, key: str, value: str | bytes | None) -> None:
    conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def _stored_checksum(conn: sqlite3.Connection, path: str) -> str | None:
    row = conn.execute("SELECT checksum FROM notes WHERE path = ?", (path,)).fetchone()
    return row[0] if row else None


def rebuild_index(layout: VaultLayout) -> SyncStats:
    """Read every note again into a new index and put it in place of the old one in one transaction: other
    processes see the old index or the new one, never half of it, and do not wait while the notes are read.
    Raises IndexUnavailable when the file cannot be written."""
    path = index_path(layout)
    with _unavailable_as(path, "rebuild"):
        conn, _ = _open_live(path)
        try:
            return _replace_contents(conn, layout, only_if_outdated=False)
        finally:
            conn.close()


def _replace_contents(live: sqlite3.Connection, layout: VaultLayout, only_if_outdated: bool) -> SyncStats:
    """The notes indexed apart, then copied over the live index by SQLite's backup, which writes every page in one
    transaction. Another process may have built it meanwhile: then, if only outdated ones are replaced, the
    copy is skipped."""
    fresh, stats = _built_apart(layout, page_size=live.execute("PRAGMA page_size").fetchone()[0])
    try:
        if not only_if_outdated or _schema_version(live) != SCHEMA_VERSION:
            fresh.backup(live, progress=_stop_when_busy)  # a WAL database takes pages of its own size only
    finally:
        fresh.close()
    return stats


def _stop_when_busy(status: int, remaining: int, total: int) -> None:
    if status in _BUSY:  # SQLite has waited BUSY_SECONDS for the other writer already; the copy would retry forever
        raise TimeoutError("database is locked")


def _built_apart(layout: VaultLayout, page_size: int = 4096) -> tuple[sqlite3.Connection, SyncStats]:
    """The notes indexed into a private temporary database: SQLite keeps it in a small cache and an unnamed file
    that it deletes itself, so no other process sees it, nothing is left behind and a large vault costs no memory."""
    conn = sqlite3.connect("")
    conn.execute(f"PRAGMA page_size = {int(page_size)}")
    conn.executescript(_SCHEMA.format(version=SCHEMA_VERSION))
    return conn, _resync(conn, layout, None)


def _open_live(path: Path) -> tuple[sqlite3.Connection, int | None]:
    """A connection to the index file and its schema version (None: empty or not an index), the file deleted
    first when it is damaged: it is derived, so it is started again."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _connect_checked(path)
    except sqlite3.DatabaseError as exc:
        if _code(exc) not in _DAMAGED:
            raise
    _delete_if_damaged(path)
    return _connect_checked(path)


def _connect_checked(path: Path) -> tuple[sqlite3.Connection, int | None]:
    conn = _connect(path)  # reading the version is what finds a damaged file
    try:
        return conn, _schema_version(conn)
    except BaseException:
        conn.close()
        raise


def _delete_if_damaged(path: Path) -> None:
    """Delete a damaged index unless, by the time this process holds the lock beside it, another process has put
    a good one in its place: one that is open elsewhere must never be deleted (its WAL would be paired with the
    next file of that name)."""
    fd = os.open(path.with_name(REPAIR_LOCK_FILE), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # held for one check and three deletions
        try:
            _connect_checked(path)[0].close()
        except sqlite3.DatabaseError as exc:
            if _code(exc) not in _DAMAGED:
                raise
            _remove_index_files(path)
    finally:
        os.close(fd)


@contextmanager
def _unavailable_as(path: Path, doing: str) -> Iterator[None]:
    """OSError and SQLite's can't-open, read-only, I/O, full and busy answers raised as IndexUnavailable."""
    try:
        yield
    except OSError as exc:
        raise IndexUnavailable(path, exc.strerror or str(exc), doing, busy=isinstance(exc, TimeoutError)) from exc
    except sqlite3.DatabaseError as exc:
        if _code(exc) not in _UNUSABLE | _DAMAGED:  # a damaged file here is one deleting could not mend
            raise
        raise IndexUnavailable(path, str(exc), doing, busy=_code(exc) in _BUSY) from exc


def _code(exc: sqlite3.Error) -> int:
    return (exc.sqlite_errorcode or 0) & 0xFF  # the primary result code, without its extended part


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
    note = conn.execute(
        "INSERT INTO notes (path, link_key, type, title, date, summary, frontmatter, error, lines_before_body, "
        "checksum, mtime_ns, size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (rows.path, link_key(rows.path), rows.type, rows.title, rows.date, rows.summary,
         json.dumps(rows.frontmatter, default=str, ensure_ascii=False), rows.error, rows.lines_before_body, checksum,
         *stamp))
    conn.executemany("INSERT INTO names VALUES (?, ?, ?)", [(rows.path, n, normalize_name(n)) for n in rows.names])
    conn.executemany("INSERT INTO tasks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        (rows.path, t.line, t.symbol, t.status, t.text, t.owner, normalize_name(t.owner or ""), t.due, t.done,
         t.created, t.priority, t.task_id, t.raw, f" {normalize_name(t.text)} ",
         json.dumps({**t.as_dict(), "note_title": rows.title}, ensure_ascii=False)) for t in rows.tasks])
    conn.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?)", [
        (rows.path, i.section, i.kind, i.text, json.dumps(i.sources, ensure_ascii=False), i.date) for i in rows.items])
    conn.executemany("INSERT INTO links VALUES (?, ?, ?, ?)",
                     [(rows.path, target, link_key(target), line) for target, line in rows.links])
    conn.execute("INSERT INTO notes_fts (rowid, path, title, body) VALUES (?, ?, ?, ?)",
                 (note.lastrowid, rows.path, rows.title, rows.body))


def _delete(conn: sqlite3.Connection, path: str) -> None:
    """The note's rows; its text row by id, as a search of notes_fts by path reads every note's row (~25 ms in a
    vault of 10,000 notes, for each note an ingest changes)."""
    conn.execute("DELETE FROM notes_fts WHERE rowid IN (SELECT id FROM notes WHERE path = ?)", (path,))
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
    conn = sqlite3.connect(path, timeout=BUSY_SECONDS)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        conn.close()
        raise
    return conn


def _schema_version(conn: sqlite3.Connection) -> int | None:
    try:
        version = _meta(conn, "schema")
    except sqlite3.OperationalError as exc:
        if _code(exc) != sqlite3.SQLITE_ERROR:  # "no such table": empty, or not an index; anything else is raised
            raise
        return None
    return int(version) if isinstance(version, str) and version.isdigit() else None
