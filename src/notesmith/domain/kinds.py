"""The enumerations the note format and the index need without the pydantic models: task statuses and
priorities, entity kinds."""

from __future__ import annotations

from enum import Enum


class TaskStatus(str, Enum):
    """Obsidian Tasks statuses: `[?]` `[ ]` `[/]` `[x]` `[-]`."""

    proposed = "proposed"
    open = "open"
    in_progress = "in_progress"
    done = "done"
    rejected = "rejected"


class Priority(str, Enum):
    """Obsidian Tasks priorities 🔺 ⏫ 🔼 🔽 ⏬."""

    highest = "highest"
    high = "high"
    medium = "medium"
    low = "low"
    lowest = "lowest"


class EntityKind(str, Enum):
    person = "person"
    organization = "organization"
    project = "project"
