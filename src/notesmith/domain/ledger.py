"""The ledger: what notesmith ingested and what it emitted, so re-runs are no-ops and deletions stick."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from notesmith.domain.entity import ReviewItem


class IngestedSource(BaseModel):
    source_id: str = Field(description="hash of the normalized content")
    raw_sha256: str
    name: str = Field(description="the file's original name")
    archived_as: str = Field(description="vault-relative path under Sources/")
    sketch: list[int] = Field(default_factory=list, description="smallest hashes of its words (same-meeting match)")
    figures: list[str] = Field(default_factory=list, description="amounts, dates and other telling figures it states")


class MeetingRecord(BaseModel):
    """One meeting note and every source that fed it, with the hashes of the lines notesmith wrote."""

    meeting_id: str
    note_path: str
    thread_key: str | None = None
    date: dt.date | None = None
    participants: list[str] = Field(default_factory=list, description="who took part, the owner left out")
    sources: list[IngestedSource] = Field(default_factory=list)
    emitted: dict[str, list[str]] = Field(
        default_factory=dict, description="note path → hashes of generated lines (tombstones once removed)"
    )
    review: list[ReviewItem] = Field(default_factory=list, description="names this meeting left in doubt")
    duplicates: list[str] = Field(default_factory=list, description="copies of its sources received again, "
                                                                     "set aside under Sources/_duplicates/")

    def knows_source(self, source_id: str, raw_sha256: str) -> bool:
        return any(s.source_id == source_id or s.raw_sha256 == raw_sha256 for s in self.sources)
