"""The dossier of one person, organization or project: who or what, facts, decisions, open tasks, meetings, related."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import asdict, dataclass, field

from notesmith.index.queries import OPEN_STATUSES, EntityRef, TaskFilter, find_tasks
from notesmith.notes.links import link_key

PROFILE_KEYS = ("aliases", "emails", "organization", "role", "relationship", "status", "first_seen", "last_contact",
                "review")
MEETINGS_SHOWN = 5
RELATED_SHOWN = 8


@dataclass
class Brief:
    path: str
    type: str
    title: str
    profile: dict
    facts: list[dict] = field(default_factory=list)
    decisions: list[dict] = field(default_factory=list)
    open_tasks: list[dict] = field(default_factory=list)
    meetings: list[dict] = field(default_factory=list)
    related: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def build_brief(conn: sqlite3.Connection, entity: EntityRef) -> Brief:
    frontmatter = json.loads(conn.execute("SELECT frontmatter FROM notes WHERE path = ?", (entity.path,)).fetchone()[0])
    brief = Brief(entity.path, entity.type, entity.title,
                  {k: frontmatter[k] for k in PROFILE_KEYS if frontmatter.get(k) not in (None, "", [])})
    brief.facts = _items(conn, entity.path, ("fact", "risk", "opportunity"))
    brief.decisions = _items(conn, entity.path, ("decision",))
    tasks = find_tasks(conn, TaskFilter(statuses=OPEN_STATUSES, entity=entity))
    brief.open_tasks = [t.as_dict() for t in tasks]
    brief.meetings = _meetings(conn, entity)
    brief.related = _related(conn, entity, [m["path"] for m in brief.meetings])
    return brief


def _items(conn: sqlite3.Connection, path: str, kinds: tuple[str, ...]) -> list[dict]:
    """Newest first; an undated item after the dated ones, in note order."""
    marks = ", ".join("?" for _ in kinds)
    rows = conn.execute(f"SELECT text, date, sources, section FROM items WHERE path = ? AND kind IN ({marks}) "
                        "ORDER BY date IS NULL, date DESC, rowid", (path, *kinds))
    return [{"text": text, "date": date, "sources": json.loads(sources), "section": section}
            for text, date, sources, section in rows]


def _meetings(conn: sqlite3.Connection, entity: EntityRef) -> list[dict]:
    """The meeting notes that link to the entity, newest first, each with the first sentence of its summary."""
    rows = conn.execute(
        "SELECT DISTINCT notes.path, notes.title, notes.date, notes.summary FROM links JOIN notes USING (path) "
        "WHERE links.target_key = ? AND notes.type = 'meeting' ORDER BY notes.date IS NULL, notes.date DESC LIMIT ?",
        (link_key(entity.path), MEETINGS_SHOWN))
    return [{"path": path, "title": title, "date": date, "summary": _first_sentence(summary)}
            for path, title, date, summary in rows]


def _related(conn: sqlite3.Connection, entity: EntityRef, meetings: list[str]) -> list[dict]:
    """Entities linked from the same meetings or from the entity's own note, most often first."""
    sources = [entity.path, *meetings]
    marks = ", ".join("?" for _ in sources)
    rows = conn.execute(
        "SELECT notes.path, notes.type, notes.title, COUNT(DISTINCT links.path) AS together FROM links "
        "JOIN notes ON notes.link_key = links.target_key "
        f"WHERE links.path IN ({marks}) AND notes.type IN ('person', 'organization', 'project') AND notes.path != ? "
        "GROUP BY notes.path ORDER BY together DESC, notes.title LIMIT ?", (*sources, entity.path, RELATED_SHOWN))
    return [{"path": path, "type": kind, "title": title, "shared": together} for path, kind, title, together in rows]


def _first_sentence(summary: str) -> str:
    text = re.split(r"(?<=[.!?])\s+", " ".join((summary or "").split()), maxsplit=1)[0]
    return text if len(text) <= 200 else text[:199].rstrip() + "…"
