"""Read use cases every entry point shares: one note's text by path or name, the meetings since a date."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import PurePosixPath

from notesmith.app.transaction import Vault
from notesmith.index.note_rows import read_note_rows
from notesmith.index.notes_read import (
    NoteHead,
    meetings_since,
    notes_at_path,
    notes_named,
    notes_with_file_name,
)
from notesmith.notes.frontmatter import split_frontmatter
from notesmith.vault.snapshot import OutsideVault, inside_vault

CANDIDATES_SHOWN = 10


class UnknownNote(LookupError):
    """No note answers to the path or name given (or its file cannot be read); the message says so."""


class AmbiguousNote(LookupError):
    """Several notes answer to the name given; the message lists them, `candidates` holds their paths."""

    def __init__(self, wanted: str, candidates: list[NoteHead]):
        self.candidates = [c.path for c in candidates]
        shown = ", ".join(f"{c.title} ({c.path})" for c in candidates[:CANDIDATES_SHOWN])
        more = f" and {len(candidates) - CANDIDATES_SHOWN} more" if len(candidates) > CANDIDATES_SHOWN else ""
        super().__init__(f"{wanted!r} could be several notes: {shown}{more}; give the path of the one you mean")


@dataclass(frozen=True)
class NoteText:
    path: str
    title: str
    type: str
    frontmatter: dict  # JSON-ready: dates as ISO strings
    markdown: str  # the body, after the frontmatter block

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class MeetingRef:
    path: str
    title: str
    date: str  # ISO date
    summary: str

    def as_dict(self) -> dict:
        return asdict(self)


def read_note(vault: Vault, conn: sqlite3.Connection, title_or_path: str) -> NoteText:
    """The note at a vault-relative path, else the one whose file name, else whose title or alias is
    `title_or_path`; read from its file as it is now."""
    wanted = title_or_path.strip()
    if ".." in PurePosixPath(wanted).parts:
        raise UnknownNote(f"refusing {wanted}: a note's path never holds '..'; give one inside the vault")
    head = find_note(conn, title_or_path)
    try:
        data = inside_vault(vault.layout, head.path).read_bytes()
    except OutsideVault as exc:
        raise UnknownNote(str(exc)) from exc
    except OSError as exc:
        raise UnknownNote(f"{head.path} cannot be read ({exc.strerror or exc}); it may have just been moved") from exc
    text = data.decode("utf-8", errors="replace")
    rows = read_note_rows(head.path, text)
    return NoteText(head.path, rows.title, rows.type, _json_ready(rows.frontmatter), split_frontmatter(text)[1])


def find_note(conn: sqlite3.Connection, title_or_path: str) -> NoteHead:
    """The one note answering to a path, file name, title or alias, tried in that order (the first that
    matches anything decides); UnknownNote when none does, AmbiguousNote when several notes do."""
    wanted = title_or_path.strip()
    if not wanted:
        raise UnknownNote("no note was named: give a title, a file name or a vault path")
    for lookup in (notes_at_path, notes_with_file_name, notes_named):
        found = lookup(conn, wanted)
        if len(found) == 1:
            return found[0]
        if found:
            raise AmbiguousNote(wanted, found)
    raise UnknownNote(f"no note is called {wanted!r} (by path, file name, title or alias)")


def recent_meetings(conn: sqlite3.Connection, since: dt.date) -> list[MeetingRef]:
    """Meetings dated on or after `since`, newest first, with their one-paragraph summary."""
    return [MeetingRef(m.path, m.title, m.date, m.summary) for m in meetings_since(conn, since)]


def _json_ready(frontmatter: dict) -> dict:
    """YAML's dates and times as ISO strings, so the answer is plain JSON."""
    return json.loads(json.dumps(frontmatter, default=_iso, ensure_ascii=False))


def _iso(value: object) -> str:
    return value.isoformat() if isinstance(value, (dt.date, dt.time)) else str(value)
