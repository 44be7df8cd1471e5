"""Obsidian Tasks lines (`- [x] text @Owner 📅 2025-10-10 ✅ 2025-10-08 #task`) parsed into a Task."""

from __future__ import annotations

import datetime as dt
import re

from notesmith.domain import Priority, Task, TaskStatus

_CHECKBOX = re.compile(r"^\s*[-*+]\s+\[(.)\]\s+(.*)$")
_STATUS = {"?": TaskStatus.proposed, " ": TaskStatus.open, "/": TaskStatus.in_progress,
           "x": TaskStatus.done, "X": TaskStatus.done, "-": TaskStatus.rejected}
_PRIORITY = {"🔺": Priority.highest, "⏫": Priority.high, "🔼": Priority.medium, "🔽": Priority.low, "⏬": Priority.lowest}
DATE_FIELD = re.compile(r"(📅|✅|➕|⏳|🛫|❌)\ufe0f?\s*(\d{4}-\d\d-\d\d)")
TASK_ID = re.compile(r"🆔\ufe0f?\s*([\w-]+)")
_TAG = re.compile(r"(?<!\S)#[\w/-]+")
_OWNER_LINK = re.compile(r"@\[\[([^\]|]+)(?:\|[^\]]*)?\]\]")
_OWNER_PLAIN = re.compile(r"@([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})")
# Every field the Tasks plugin reads, in any of the spellings it accepts, with the value written after it: a date,
# an id, the ids it depends on; recurrence words and priorities are the emoji alone.
_FIELD_IN_TEXT = re.compile(
    r"[📅📆🗓✅➕⏳⌛🛫❌]\ufe0f?(?P<value>\s*\d{4}-\d\d-\d\d)?"
    r"|[🆔⛔]\ufe0f?(?:\s*[\w-]+(?:\s*,\s*[\w-]+)*)?"
    r"|[🔺⏫🔼🔽⏬🔁🏁]\ufe0f?"
)
_CHECKBOX_START = re.compile(r"^([ \t]*(?:[-*+][ \t]+)?)\[.\][ \t]+", re.MULTILINE)


def without_task_fields(text: str) -> str:
    """The words a task is made from, out of text an input says: a `✅ 2020-01-01` written in a mail or said in
    a transcript is never a task's done (or due) date. Each Tasks field marker goes with the date or ids written
    after it, and so does a leading `[x]`."""
    return _neutral(text, lambda _: " ")


def task_fields_as_words(text: str) -> str:
    """Text an input says, for a bullet (a fact, a decision): the Tasks field emoji and a leading `[x]` go, the
    dates they stood before stay as words ("Contract signed ✅ 2026-03-01" → "Contract signed 2026-03-01")."""
    return _neutral(text, lambda field: f" {field.group('value') or ''} ")


def _neutral(text: str, replace) -> str:
    """`text` with each field `replace`d and each line's checkbox gone (its bullet stays); line breaks stay."""
    cleaned = _CHECKBOX_START.sub(r"\1", _FIELD_IN_TEXT.sub(replace, text))
    if cleaned == text:
        return text
    return "\n".join(" ".join(line.split()) for line in cleaned.split("\n")).strip()


def parse_task_line(line: str) -> Task | None:
    """The Task a checkbox line states, statuses and dates kept exactly; None for other lines."""
    match = _CHECKBOX.match(line)
    if not match or match.group(1) not in _STATUS:
        return None
    rest = match.group(2)
    dates = {emoji: _date(value) for emoji, value in DATE_FIELD.findall(rest)}
    priority = next((p for emoji, p in _PRIORITY.items() if emoji in rest), None)
    owner_match = _OWNER_LINK.search(rest) or _OWNER_PLAIN.search(_strip_fields(rest))
    description = _strip_fields(rest)
    if owner_match:
        description = description.replace(owner_match.group(0), " ")
    description = " ".join(description.split()).strip()
    if not description:
        return None
    return Task(
        text=description,
        owner=owner_match.group(1).strip() if owner_match else None,
        due=dates.get("📅"),
        priority=priority,
        status=_STATUS[match.group(1)],
        done_date=dates.get("✅"),
    )


def _strip_fields(text: str) -> str:
    text = DATE_FIELD.sub(" ", text)
    text = TASK_ID.sub(" ", text)
    text = _TAG.sub(" ", text)
    for emoji in _PRIORITY:
        text = text.replace(emoji, " ")
    return " ".join(text.replace("\ufe0f", "").split())


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
