"""Pure data types shared by every stage; imports nothing else of notesmith."""

from notesmith.domain.extraction import (
    SCHEMA_VERSION,
    Evidence,
    ExtractedParticipant,
    Extraction,
    Fact,
    Item,
    MeetingKind,
    Mentions,
    Priority,
    Task,
    TaskStatus,
)
from notesmith.domain.source import (
    Message,
    Participant,
    Section,
    Source,
    SourceFormat,
    SourceKind,
    Utterance,
)

__all__ = [
    "SCHEMA_VERSION",
    "Evidence",
    "ExtractedParticipant",
    "Extraction",
    "Fact",
    "Item",
    "MeetingKind",
    "Mentions",
    "Message",
    "Participant",
    "Priority",
    "Section",
    "Source",
    "SourceFormat",
    "SourceKind",
    "Task",
    "TaskStatus",
    "Utterance",
]
