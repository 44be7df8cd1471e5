"""The versioned schema every extractor (rules or LLM) produces."""

from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import BaseModel, Field

from notesmith.domain.kinds import Priority, TaskStatus

SCHEMA_VERSION = 1


class MeetingKind(str, Enum):
    one_on_one = "one_on_one"
    external = "external"
    internal = "internal"
    forum = "forum"
    personal = "personal"
    email_thread = "email_thread"
    note = "note"


class Evidence(BaseModel):
    """Where an item was drawn from: a verbatim quote and, when known, its start time."""

    quote: str
    start: float | None = Field(default=None, description="utterance start, seconds")


class Item(BaseModel):
    """A statement drawn from a source (decision, risk, open question)."""

    text: str
    evidence: list[Evidence] = Field(default_factory=list)


class Fact(Item):
    about: str | None = Field(default=None, description="the entity the fact is about")


class Task(Item):
    owner: str | None = None
    due: dt.date | None = None
    priority: Priority | None = None
    status: TaskStatus = TaskStatus.proposed
    done_date: dt.date | None = None


class ExtractedParticipant(BaseModel):
    name: str
    email: str | None = None
    role: str | None = None


class Mentions(BaseModel):
    people: list[str] = Field(default_factory=list)
    organizations: list[str] = Field(default_factory=list)
    projects: list[str] = Field(default_factory=list)


class Extraction(BaseModel):
    """What one source says: summary, decisions, tasks, facts and who took part."""

    schema_version: int = SCHEMA_VERSION
    source_id: str
    extractor: str
    model: str | None = Field(default=None, description="the model that answered (llm extractor)")
    prompt_version: str | None = Field(default=None, description="the prompt it was asked with (llm extractor)")
    title: str | None = None
    date: dt.date | None = None
    kind: MeetingKind
    participants: list[ExtractedParticipant] = Field(default_factory=list)
    summary: str = ""
    decisions: list[Item] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    risks: list[Item] = Field(default_factory=list)
    open_questions: list[Item] = Field(default_factory=list)
    mentions: Mentions = Field(default_factory=Mentions)
