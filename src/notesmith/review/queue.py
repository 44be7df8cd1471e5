"""The review queue: names and notes notesmith left in doubt and a person has not settled yet."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import asdict, dataclass, field

from notesmith.domain.entity import ReviewReason
from notesmith.index.queries import notes_marked_for_review
from notesmith.resolve.names import normalize_name
from notesmith.resolve.registry import Registry
from notesmith.resolve.resolver import match_person
from notesmith.vault.layout import VaultLayout
from notesmith.vault.ledger import Ledger

DISMISSED_FILE = "review-dismissed.json"


@dataclass
class ReviewEntry:
    """One open question for a person: a name in doubt (with candidates) or a note marked `review: needed`."""

    reason: str
    name: str
    candidates: list[str] = field(default_factory=list)
    seen_in: list[str] = field(default_factory=list)
    last_seen: dt.date | None = None
    note: str | None = None

    def as_dict(self) -> dict:
        data = asdict(self)
        data["last_seen"] = self.last_seen.isoformat() if self.last_seen else None
        return data


def open_review(ledger: Ledger, registry: Registry, conn: sqlite3.Connection, dismissed: set[str]) -> list[ReviewEntry]:
    """Notes marked `review: needed`, then names in doubt that still resolve to nobody or to several people."""
    entries = [ReviewEntry(reason=f"check-{kind}", name=title, note=path, seen_in=[path])
               for path, kind, title in notes_marked_for_review(conn)]
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
    names = sorted(by_name.values(), key=lambda e: (-len(e.seen_in), e.name.casefold()))
    return entries + names


def _settled(registry: Registry, name: str) -> bool:
    """A person has since given the name a home: an alias, a note of that name, a merge."""
    return match_person(registry, name, None, []).entity is not None


def read_dismissed(layout: VaultLayout) -> set[str]:
    path = layout.state_dir / DISMISSED_FILE
    try:
        return set(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return set()
