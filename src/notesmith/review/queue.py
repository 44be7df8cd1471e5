"""The review queue: names and notes notesmith left in doubt and a person has not settled yet."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import PurePosixPath

from notesmith.domain.entity import Entity, EntityKind, ReviewReason
from notesmith.index.queries import notes_marked_for_review
from notesmith.resolve.likely_same import Person, Suggestion, merge_suggestions
from notesmith.resolve.names import normalize_name
from notesmith.resolve.people_guard import clean_person_name
from notesmith.resolve.registry import Registry
from notesmith.resolve.resolver import match_person
from notesmith.vault.layout import VaultLayout
from notesmith.vault.ledger import Ledger

DISMISSED_FILE = "review-dismissed.json"
MERGE_SUGGESTION = "merge-suggestion"
NOT_A_PERSON = "not-a-person"


@dataclass
class ReviewEntry:
    """One open question for a person: a name in doubt (with candidates), a note marked `review: needed`, a
    note that is likely another person's spelling (`merge-suggestion`: `notesmith merge CANDIDATE NAME`), or a
    person note named by no person (`not-a-person`); `evidence` says why."""

    reason: str
    name: str
    candidates: list[str] = field(default_factory=list)
    seen_in: list[str] = field(default_factory=list)
    last_seen: dt.date | None = None
    note: str | None = None
    evidence: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["last_seen"] = self.last_seen.isoformat() if self.last_seen else None
        return data


def open_review(ledger: Ledger, registry: Registry, conn: sqlite3.Connection, dismissed: set[str]) -> list[ReviewEntry]:
    """Notes marked `review: needed` (or, for those likely someone else, a merge suggestion instead), other merge
    suggestions, person notes that are no person, then names in doubt that still resolve to nobody or to several."""
    marked = notes_marked_for_review(conn)
    suggestions = {s.note: s for s in _merge_entries(registry, conn, {path for path, _, _ in marked})
                   if normalize_name(s.name) not in dismissed}
    entries = [suggestions.pop(path, None) or ReviewEntry(reason=f"check-{kind}", name=title, note=path, seen_in=[path])
               for path, kind, title in marked]
    entries += sorted(suggestions.values(), key=lambda e: e.name.casefold())
    entries += [e for e in _not_people_entries(registry) if normalize_name(e.name) not in dismissed]
    return entries + _names_in_doubt(ledger, registry, dismissed)


def _names_in_doubt(ledger: Ledger, registry: Registry, dismissed: set[str]) -> list[ReviewEntry]:
    by_name: dict[str, ReviewEntry] = {}
    for record in ledger.records.values():
        for item in record.review:
            key = normalize_name(item.name)
            if item.reason is ReviewReason.new_person or key in dismissed or _settled(registry, item.name):
                continue
            entry = by_name.setdefault(key, ReviewEntry(reason=item.reason.value, name=item.name))
            entry.candidates = sorted({*entry.candidates, *item.candidates})
            if item.note and item.note not in entry.seen_in:
                entry.seen_in.append(item.note)
            if item.date and (entry.last_seen is None or item.date > entry.last_seen):
                entry.last_seen = item.date
    return sorted(by_name.values(), key=lambda e: (-len(e.seen_in), e.name.casefold()))


def _settled(registry: Registry, name: str) -> bool:
    """A person has since given the name a home: an alias, a note of that name, a merge."""
    return match_person(registry, name, None, []).entity is not None


def _merge_entries(registry: Registry, conn: sqlite3.Connection, needs_review: set[str]) -> list[ReviewEntry]:
    people = _people_with_meetings(registry, conn, needs_review)
    dates = dict(conn.execute("SELECT path, date FROM notes WHERE type = 'meeting'").fetchall())
    return [_merge_entry(s, dates) for s in merge_suggestions(people)]


def _merge_entry(suggestion: Suggestion, dates: dict[str, str | None]) -> ReviewEntry:
    entity = suggestion.person.entity
    meetings = sorted(suggestion.person.meetings)
    seen = [d for d in (dates.get(m) for m in meetings) if d]
    return ReviewEntry(reason=MERGE_SUGGESTION, name=entity.name, note=entity.note_path,
                       candidates=[_link_name(p.entity) for p in suggestion.keep],
                       seen_in=[p for p in (entity.note_path, *meetings) if p], evidence=suggestion.evidence,
                       last_seen=dt.date.fromisoformat(max(seen)[:10]) if seen else None)


def _people_with_meetings(registry: Registry, conn: sqlite3.Connection, needs_review: set[str]) -> list[Person]:
    """Every person with a note, with the meeting notes that link to it and whom else those link to."""
    linked: dict[str, set[str]] = defaultdict(set)  # meeting note → link keys of the notes it links to
    meetings_of: dict[str, set[str]] = defaultdict(set)  # link key → meeting notes linking to it
    for path, key in conn.execute("SELECT DISTINCT links.path, links.target_key FROM links JOIN notes "
                                  "USING (path) WHERE notes.type = 'meeting'"):
        linked[path].add(key)
        meetings_of[key].add(path)
    with_notes = [e for e in registry.of_kind(EntityKind.person) if e.note_path]
    person_keys = {_link_name(e).casefold() for e in with_notes if not e.is_owner}
    people = []
    for entity in with_notes:
        key = _link_name(entity).casefold()
        meetings = meetings_of.get(key, set())
        met_with = {k for path in meetings for k in linked[path]} & person_keys - {key}
        people.append(Person(entity, meetings=meetings, needs_review=entity.note_path in needs_review, met_with=met_with))
    return people


def _not_people_entries(registry: Registry) -> list[ReviewEntry]:
    """Person notes named by a label, a placeholder or a decorated display name: delete them, or merge them into
    the person a decorated name is (`notesmith merge "Mira Castellanos" "Mira Castellanos (Google Docs)"`)."""
    entries = []
    for entity, reason in registry.not_people:
        person = match_person(registry, clean_person_name(entity.name), None, []).entity
        entries.append(ReviewEntry(reason=NOT_A_PERSON, name=entity.name, note=entity.note_path,
                                   seen_in=[entity.note_path] if entity.note_path else [], evidence=[reason],
                                   candidates=[_link_name(person)] if person else []))
    return entries


def _link_name(entity: Entity) -> str:
    return PurePosixPath(entity.note_path).stem if entity.note_path else entity.name


def read_dismissed(layout: VaultLayout) -> set[str]:
    path = layout.state_dir / DISMISSED_FILE
    try:
        return set(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return set()
