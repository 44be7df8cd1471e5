"""Notes found by path, file name or any of their names, meetings by date, one note's tasks: reads for app/queries."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from notesmith.index.queries import TaskResult
from notesmith.notes.links import link_key
from notesmith.resolve.names import normalize_name

_HEAD = "SELECT DISTINCT notes.path, notes.type, notes.title, notes.date, notes.summary FROM notes"


@dataclass(frozen=True)
class NoteHead:
    path: str
    type: str
    title: str
    date: str | None
    summary: str


def notes_at_path(conn: sqlite3.Connection, path: str) -> list[NoteHead]:
    """The note at this vault-relative path, `.md` optional."""
    wanted = path.strip().strip("/")
    return _heads(conn, f"{_HEAD} WHERE path IN (?, ?)", (wanted, f"{wanted.removesuffix('.md')}.md"))


def notes_with_file_name(conn: sqlite3.Connection, name: str) -> list[NoteHead]:
    """Notes a `[[name]]` link opens: by file name, case ignored, `.md` optional (as Obsidian matches links)."""
    return _heads(conn, f"{_HEAD} WHERE link_key = ?", (link_key(name),))


def notes_named(conn: sqlite3.Connection, name: str) -> list[NoteHead]:
    """Notes whose title, file name or an alias is `name`, accents, case and punctuation ignored."""
    key = normalize_name(name)
    if not key:
        return []
    return _heads(conn, f"{_HEAD} JOIN names USING (path) WHERE names.key = ?", (key,))


def meetings_since(conn: sqlite3.Connection, since: dt.date) -> list[NoteHead]:
    """Meeting notes dated on or after `since`, newest first (same day: by title)."""
    return _heads(conn, f"{_HEAD} WHERE type = 'meeting' AND date >= ? ORDER BY date DESC, title, path",
                  (since.isoformat(),), ordered=True)


def _heads(conn: sqlite3.Connection, sql: str, params: tuple, ordered: bool = False) -> list[NoteHead]:
    rows = conn.execute(sql if ordered else f"{sql} ORDER BY path", params)
    return [NoteHead(path, kind or "note", title, date, summary or "") for path, kind, title, date, summary in rows]


def tasks_in_note(conn: sqlite3.Connection, path: str, statuses: tuple[str, ...]) -> list[TaskResult]:
    """The tasks of one note with one of `statuses`, in line order."""
    marks = ", ".join("?" for _ in statuses)
    rows = conn.execute(
        "SELECT tasks.path, tasks.line, tasks.status, tasks.text, tasks.owner, tasks.due, tasks.done, tasks.created, "
        "tasks.priority, tasks.task_id, notes.title FROM tasks JOIN notes USING (path) "
        f"WHERE tasks.path = ? AND tasks.status IN ({marks}) ORDER BY tasks.line", (path, *statuses))
    return [TaskResult(*row) for row in rows]
