"""The prompt that asks for one chunk's decisions, tasks, facts and summary, and the answer it expects."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

PROMPT_VERSION = "meeting-1"


class QuotedItem(BaseModel):
    text: str = Field(description="the item in one plain sentence")
    quote: str = Field(description="the exact words of the source it is drawn from, copied verbatim")


class ProposedTask(QuotedItem):
    owner: str | None = Field(default=None, description="who will do it, as named in the source")
    due: str | None = Field(default=None, description="YYYY-MM-DD when a deadline was said, else null")
    priority: Literal["highest", "high", "medium", "low", "lowest"] | None = None


class ProposedFact(QuotedItem):
    about: str | None = Field(default=None, description="the person, organization or project it is about")


class ChunkFindings(BaseModel):
    """What one part of a meeting, thread or note says."""

    summary: str = Field(default="", description="two to five sentences")
    decisions: list[QuotedItem] = Field(default_factory=list)
    tasks: list[ProposedTask] = Field(default_factory=list)
    facts: list[ProposedFact] = Field(default_factory=list)
    risks: list[QuotedItem] = Field(default_factory=list)
    open_questions: list[QuotedItem] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    people: list[str] = Field(default_factory=list)
    organizations: list[str] = Field(default_factory=list)
    projects: list[str] = Field(default_factory=list)


_SYSTEM = """You take minutes. From the part of a {what} below, list only what was actually said:
- decisions: what was agreed or chosen;
- tasks: what someone committed to or was asked to do, with the owner's name and the due date as YYYY-MM-DD \
(resolve "Friday", "tomorrow", "end of week" against the date {date}); no due date when none was said;
- facts: figures, dates, names and other specifics worth remembering;
- risks and open questions;
- a summary of two to five sentences, a few topics, and the people, organizations and projects named.
Every item needs "quote": words copied exactly from the text, so it can be found there. Do not invent anything; \
leave a list empty when nothing fits. {owner}{known}"""


def messages(chunk: str, *, kind: str, date: dt.date | None, title: str | None, owner: str | None,
             known: list[str], part: int, parts: int) -> list[dict]:
    """The chat messages for one chunk: the instructions, then the chunk itself."""
    system = _SYSTEM.format(
        what=kind.replace("_", " "),
        date=date.isoformat() if date else "of the meeting (unknown)",
        owner=f'"I", "me" and {owner} are the same person, the owner of these notes. ' if owner else "",
        known=("People and organizations already known (use these spellings): " + ", ".join(known) + ".")
        if known else "")
    heading = f"{title or 'Untitled'}" + (f" — part {part} of {parts}" if parts > 1 else "")
    return [{"role": "system", "content": system}, {"role": "user", "content": f"# {heading}\n\n{chunk}"}]
