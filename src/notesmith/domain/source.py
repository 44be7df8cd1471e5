"""The normalized input every reader yields: a Source with utterances, messages or sections."""

from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class SourceKind(str, Enum):
    transcript = "transcript"
    email_thread = "email_thread"
    note = "note"


class SourceFormat(str, Enum):
    """The input shape a reader recognised (DESIGN §3)."""

    macwhisper = "macwhisper"
    summary_transcript = "summary_transcript"
    structured_note = "structured_note"
    bold_speakers = "bold_speakers"
    webvtt = "webvtt"
    srt = "srt"
    otter = "otter"
    plain_notes = "plain_notes"
    email_export = "email_export"
    eml = "eml"


class Participant(BaseModel):
    """A person known to take part; `email` only when the source states it."""

    model_config = ConfigDict(frozen=True)

    name: str
    email: str | None = None


class Utterance(BaseModel):
    """One turn of a transcript.

    `label` is the speaker label exactly as the source has it; `speaker` is the
    person it was mapped to, or None when the label could not be resolved.
    """

    speaker: str | None
    label: str
    start: float | None = Field(default=None, description="seconds from the start")
    end: float | None = None
    text: str


class Message(BaseModel):
    """One e-mail of a thread, body without quoting markers."""

    sender: Participant
    recipients: list[Participant] = Field(default_factory=list)
    cc: list[Participant] = Field(default_factory=list)
    timestamp: dt.datetime | None = None
    subject: str = ""
    body: str


class Section(BaseModel):
    """A headed part of a structured note (e.g. `## Decisions`) with its raw body."""

    heading: str
    level: int
    body: str


class Source(BaseModel):
    """A parsed, normalized input; the original bytes stay untouched on disk."""

    id: str = Field(description="sha256 of the normalized text")
    kind: SourceKind
    format: SourceFormat
    title: str | None = None
    date: dt.date | None = None
    time: dt.time | None = None
    participants: list[Participant] = Field(default_factory=list)
    utterances: list[Utterance] = Field(default_factory=list)
    messages: list[Message] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    unresolved_labels: list[str] = Field(
        default_factory=list, description="speaker labels kept as labels, never made into people"
    )
    frontmatter: dict = Field(default_factory=dict)
    origin_path: str
    raw_sha256: str = Field(description="sha256 of the original bytes")
    text: str = Field(description="the normalized text the id is computed from")
    warnings: list[str] = Field(default_factory=list)
