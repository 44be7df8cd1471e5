"""The ledger files in `.notesmith/ledger/`: one JSON record per meeting note."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from pydantic import ValidationError

from notesmith.domain.ledger import MeetingRecord
from notesmith.vault.layout import VaultLayout

LEDGER_DIR = "ledger"


class Ledger:
    """Every meeting record, looked up by source hash, raw bytes hash, thread and note path."""

    def __init__(self, records: list[MeetingRecord]):
        self.records: dict[str, MeetingRecord] = {}
        # Lookups map to meeting ids (the first meeting that had the key); records only ever grow.
        self._by_raw: dict[str, str] = {}
        self._by_source: dict[str, str] = {}
        self._by_thread: dict[str, str] = {}
        self._by_date: dict[dt.date, list[str]] = {}
        self._emitted: dict[str, set[str]] = {}
        for record in records:
            self.put(record)

    @classmethod
    def load(cls, layout: VaultLayout) -> "Ledger":
        folder = layout.state_dir / LEDGER_DIR
        records = []
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            try:
                records.append(MeetingRecord.model_validate(json.loads(path.read_text(encoding="utf-8"))))
            except (ValueError, ValidationError) as exc:
                raise LedgerError(f"{path}: unreadable ledger record ({exc.__class__.__name__}); "
                                  "move it aside and re-run") from exc
        return cls(records)

    def by_raw_hash(self, raw_sha256: str) -> MeetingRecord | None:
        return self._record(self._by_raw.get(raw_sha256))

    def by_source_id(self, source_id: str) -> MeetingRecord | None:
        return self._record(self._by_source.get(source_id))

    def by_thread(self, thread_key: str) -> MeetingRecord | None:
        return self._record(self._by_thread.get(thread_key))

    def on_date(self, date: dt.date | None) -> list[MeetingRecord]:
        return [self.records[m] for m in self._by_date.get(date, [])] if date else []

    def emitted_for(self, note_path: str) -> set[str]:
        """Hashes of every line notesmith ever wrote to this note."""
        return set(self._emitted.get(note_path, ()))

    def put(self, record: MeetingRecord) -> None:
        self.records[record.meeting_id] = record
        for source in record.sources:
            self._by_raw.setdefault(source.raw_sha256, record.meeting_id)
            self._by_source.setdefault(source.source_id, record.meeting_id)
        if record.thread_key:
            self._by_thread.setdefault(record.thread_key, record.meeting_id)
        if record.date and record.meeting_id not in self._by_date.setdefault(record.date, []):
            self._by_date[record.date].append(record.meeting_id)
        for path, hashes in record.emitted.items():
            self._emitted.setdefault(path, set()).update(hashes)

    def _record(self, meeting_id: str | None) -> MeetingRecord | None:
        return self.records.get(meeting_id) if meeting_id else None


class LedgerError(Exception):
    """A ledger record cannot be read."""


def record_path(layout: VaultLayout, meeting_id: str) -> str:
    return layout.state_path(LEDGER_DIR, f"{meeting_id}.json")


def render_record(record: MeetingRecord) -> bytes:
    return (record.model_dump_json(indent=1) + "\n").encode("utf-8")


def line_hash(line: str) -> str:
    """The identity of a generated line: whitespace-insensitive, so re-rendering the same line matches."""
    return hashlib.sha256(" ".join(line.split()).encode("utf-8")).hexdigest()[:16]
