"""Read queries on the index: entities by any of their names, tasks by owner/status/due, full-text search."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from dataclasses import asdict, dataclass

from notesmith.domain.kinds import TaskStatus
from notesmith.notes.links import link_key
from notesmith.notes.statuses import SPEC_OF, SYMBOL_OF
from notesmith.resolve.names import normalize_name

ENTITY_TYPES = ("person", "organization", "project")
OWNER_PRONOUNS = {"me", "myself", "i"}
# the statuses by the names the index stores, and the checkbox each is written with
STATUSES = tuple(status.value for status in TaskStatus)
OPEN_STATUSES = tuple(status.value for status in TaskStatus if SPEC_OF[status].type not in ("DONE", "CANCELLED"))
STATUS_SYMBOLS = {status.value: SYMBOL_OF[status] for status in TaskStatus}
HIGHLIGHT = ("\ue000", "\ue001")  # snippet markers, turned into bold or ** by whoever prints


class AmbiguousName(ValueError):
    """A name that several entities answer to; the message lists them."""


@dataclass(frozen=True)
class EntityRef:
    path: str
    type: str
    title: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class TaskFilter:
    owner_names: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    due_before: dt.date | None = None
    overdue_on: dt.date | None = None
    entity: EntityRef | None = None
    task_ids: tuple[str, ...] = ()
    limit: int | None = None


@dataclass(unsafe_hash=True)  # a value, never changed; not frozen: a frozen __init__ costs 6x, for every task
class TaskResult:
    """A task line as the index holds it: where it is and its fields as written; read from the note, also its
    checkbox symbol and the line itself (the queries leave those out)."""

    path: str
    line: int
    status: str
    text: str
    owner: str | None
    due: str | None
    done: str | None
    created: str | None
    priority: str | None
    task_id: str | None
    note_title: str
    symbol: str = ""
    raw: str = ""

    def as_dict(self) -> dict:
        """What `tasks --json` prints of a task: every field but the symbol and the raw line (copied, not
        dataclasses.asdict, which deep-copies every value: a tenth of a second for a vault's tasks)."""
        shown = self.__dict__.copy()
        del shown["symbol"], shown["raw"]
        return shown


@dataclass(frozen=True)
class SearchHit:
    path: str
    type: str
    title: str
    date: str | None
    snippet: str
    score: float

    def as_dict(self) -> dict:
        return asdict(self)


def find_entity(conn: sqlite3.Connection, name: str) -> EntityRef | None:
    """The person, organization or project note answering to `name` (title, file name or alias, accents and case
    ignored); None when there is none; AmbiguousName when several do."""
    key = normalize_name(name)
    rows = conn.execute(
        "SELECT DISTINCT notes.path, notes.type, notes.title FROM names JOIN notes USING (path) "
        f"WHERE names.key = ? AND notes.type IN ({_marks(ENTITY_TYPES)}) ORDER BY notes.path",
        (key, *ENTITY_TYPES)).fetchall()
    if len(rows) > 1:
        raise AmbiguousName(f"{name!r} could be: " + ", ".join(f"{title} ({kind})" for _, kind, title in rows))
    if not rows:
        return None
    path, kind, title = rows[0]
    names = tuple(n for (n,) in conn.execute("SELECT name FROM names WHERE path = ?", (path,)))
    return EntityRef(path, kind, title, names)


def owner_names(conn: sqlite3.Connection, name: str, me: list[str]) -> tuple[str, ...]:
    """Every name a task owner may be written as for `name`: `me` and the owner's own names mean the owner."""
    key = normalize_name(name)
    if key in OWNER_PRONOUNS or key in {normalize_name(n) for n in me}:
        names = list(me)
        entity = next((e for e in (_quiet_find(conn, n) for n in me) if e), None)
        return tuple(dict.fromkeys([*names, *(entity.names if entity else ())]))
    entity = find_entity(conn, name)
    return entity.names if entity else (name,)


def find_tasks(conn: sqlite3.Connection, wanted: TaskFilter) -> list[TaskResult]:
    """Tasks matching every filter, soonest due first (undated last), then by note and line; at most `limit`."""
    where, params = _task_conditions(wanted)
    limit = "" if wanted.limit is None else f" LIMIT {int(wanted.limit)}"
    rows = conn.execute(
        "SELECT tasks.path, tasks.line, tasks.status, tasks.text, tasks.owner, tasks.due, tasks.done, tasks.created, "
        f"tasks.priority, tasks.task_id, notes.title FROM tasks JOIN notes USING (path) WHERE {where} "
        f"ORDER BY tasks.due IS NULL, tasks.due, tasks.path, tasks.line{limit}", params)
    return [TaskResult(*row) for row in rows]


def tasks_json(conn: sqlite3.Connection, wanted: TaskFilter) -> str:
    """find_tasks as one JSON list of TaskResult.as_dict objects, joined by SQLite from each task's answer as the
    index stored it: for a vault's thousands of tasks, making a Python object of each and encoding it again
    would cost most of `tasks --json`."""
    where, params = _task_conditions(wanted)
    limit = "" if wanted.limit is None else f" LIMIT {int(wanted.limit)}"
    # group_concat keeps the order of the rows the subquery gives it
    row = conn.execute(
        f"SELECT group_concat(answer, ', ') FROM (SELECT tasks.answer FROM tasks JOIN notes USING (path) "
        f"WHERE {where} ORDER BY tasks.due IS NULL, tasks.due, tasks.path, tasks.line{limit})", params).fetchone()
    return f"[{row[0] or ''}]"


def count_tasks(conn: sqlite3.Connection, wanted: TaskFilter) -> int:
    """How many tasks match every filter (`limit` aside)."""
    where, params = _task_conditions(wanted)
    return conn.execute(f"SELECT COUNT(*) FROM tasks JOIN notes USING (path) WHERE {where}", params).fetchone()[0]


def _task_conditions(wanted: TaskFilter) -> tuple[str, list]:
    where, params = ["1 = 1"], []
    if wanted.owner_names:
        keys = sorted({normalize_name(n) for n in wanted.owner_names})
        where.append(f"tasks.owner_key IN ({_marks(keys)})")
        params += keys
    if wanted.statuses:
        where.append(f"tasks.status IN ({_marks(wanted.statuses)})")
        params += list(wanted.statuses)
    if wanted.task_ids:
        where.append(f"tasks.task_id IN ({_marks(wanted.task_ids)})")
        params += list(wanted.task_ids)
    if wanted.due_before:
        where.append("tasks.due IS NOT NULL AND tasks.due < ?")
        params.append(wanted.due_before.isoformat())
    if wanted.overdue_on:
        where.append(f"tasks.due IS NOT NULL AND tasks.due < ? AND tasks.status IN ({_marks(OPEN_STATUSES)})")
        params += [wanted.overdue_on.isoformat(), *OPEN_STATUSES]
    if wanted.entity:
        condition, values = _concerning(wanted.entity)
        where.append(condition)
        params += values
    return " AND ".join(where), params


def _concerning(entity: EntityRef) -> tuple[str, list[str]]:
    """The SQL for: the entity owns the task, is named in its words (a person by a name of two words or more), or
    (organization/project) the task's note links to it."""
    keys = sorted({normalize_name(n) for n in entity.names} - {""})
    named = [k for k in keys if len(k.split()) > 1 or entity.type != "person"]
    terms = [f"tasks.owner_key IN ({_marks(keys)})", *("instr(tasks.text_key, ?) > 0" for _ in named)]
    values = [*keys, *(f" {k} " for k in named)]
    if entity.type != "person":
        terms.append("tasks.path IN (SELECT path FROM links WHERE target_key = ?)")
        values.append(link_key(entity.path))
    return f"({' OR '.join(terms)})", values


def search_notes(conn: sqlite3.Connection, query: str, note_type: str | None = None, since: dt.date | None = None,
                 limit: int = 20) -> list[SearchHit]:
    """Notes matching every word of `query` (a trailing word also as a prefix), best first, with a snippet."""
    match = fts_query(query)
    if not match:
        return []
    where, params = ["notes_fts MATCH ?"], [match]
    if note_type:
        where.append("notes.type = ?")
        params.append(note_type)
    if since:
        where.append("notes.date >= ?")
        params.append(since.isoformat())
    rows = conn.execute(
        "SELECT notes.path, notes.type, notes.title, notes.date, "
        f"snippet(notes_fts, 2, '{HIGHLIGHT[0]}', '{HIGHLIGHT[1]}', '…', 14), notes_fts.rank "
        f"FROM notes_fts JOIN notes ON notes.id = notes_fts.rowid WHERE {' AND '.join(where)} "
        "ORDER BY notes_fts.rank LIMIT ?", [*params, limit])
    return [SearchHit(path, kind, title, date, " ".join(snippet.split()), -score)
            for path, kind, title, date, snippet, score in rows]


def fts_query(query: str) -> str:
    """The user's words as an FTS5 query: each word quoted (no operator surprises), the last one a prefix too."""
    words = re.findall(r"\w+", query)
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] = f"({quoted[-1]} OR {quoted[-1]}*)"
    return " AND ".join(quoted)


def _quiet_find(conn: sqlite3.Connection, name: str) -> EntityRef | None:
    try:
        return find_entity(conn, name)
    except AmbiguousName:
        return None


def _marks(values) -> str:
    return ", ".join("?" for _ in values)


def notes_marked_for_review(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(path, type, title) of every note whose frontmatter says `review: needed`."""
    rows = conn.execute("SELECT path, type, title, frontmatter FROM notes ORDER BY path").fetchall()
    return [(path, kind or "note", title) for path, kind, title, frontmatter in rows
            if str(json.loads(frontmatter or "{}").get("review", "")).casefold() == "needed"]
