"""The Obsidian Tasks line (`- [?] text @[[Owner]] 🆔 id ⏫ ➕ created 📅 due ✅ done #task #proposed`): read
into a Task, written from one, and Tasks fields taken out of text an input says."""

from __future__ import annotations

import datetime as dt
import re

from notesmith.domain import Priority, Task, TaskStatus
from notesmith.notes.statuses import PROPOSED_TAG, STATUS_OF, SYMBOL_OF, TASK_TAG

PRIORITY_EMOJI = {Priority.highest: "🔺", Priority.high: "⏫", Priority.medium: "🔼", Priority.low: "🔽",
                  Priority.lowest: "⏬"}
_PRIORITY_OF = {emoji: priority for priority, emoji in PRIORITY_EMOJI.items()}
CHECKBOX = re.compile(r"^\s*[-*+]\s+\[(.)\]\s+(.*)$")
DATE_FIELD = re.compile(r"(📅|✅|➕|⏳|🛫|❌)\ufe0f?\s*(\d{4}-\d\d-\d\d)")
TASK_ID = re.compile(r"🆔\ufe0f?\s*([\w-]+)")
_DUE, _DONE, _CREATED, _ID = "📅", "✅", "➕", "🆔"
_TAG = re.compile(r"(?<!\S)#[\w/-]+")
_OWNER_LINK = re.compile(r"@\[\[([^\]|]+)(?:\|[^\]]*)?\]\]")
_OWNER_PLAIN = re.compile(r"@([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})")
_OWNER_MARK = re.compile(r"@(?=\[\[|[A-Z])")  # where the parser above would start reading an owner
# Every field the Tasks plugin reads, in any of the spellings it accepts, with the value written after it: a date,
# an id, the ids it depends on; recurrence words and priorities are the emoji alone.
_DATED, _LISTING, _BARE = "📅📆🗓✅➕⏳⌛🛫❌", "🆔⛔", "🔺⏫🔼🔽⏬🔁🏁"
_FIELD_IN_TEXT = re.compile(
    rf"[{_DATED}]\ufe0f?(?P<value>\s*\d{{4}}-\d\d-\d\d)?"
    rf"|[{_LISTING}]\ufe0f?(?:\s*[\w-]+(?:\s*,\s*[\w-]+)*)?"
    rf"|[{_BARE}]\ufe0f?"
)
_FIELD_MARKER = re.compile(f"[{_DATED}{_LISTING}{_BARE}]")  # where a field starts: searched for at once
_CHECKBOX_START = re.compile(r"^([ \t]*(?:[-*+][ \t]+)?)\[.\][ \t]+", re.MULTILINE)


def parse_task_line(line: str) -> Task | None:
    """The Task a checkbox line states, statuses and dates kept exactly; None for other lines."""
    match = CHECKBOX.match(line)
    if not match or match.group(1) not in STATUS_OF:
        return None
    rest = match.group(2)
    dates = {emoji: _date(value) for emoji, value in DATE_FIELD.findall(rest)}
    priority = next((p for emoji, p in _PRIORITY_OF.items() if emoji in rest), None)
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
        due=dates.get(_DUE),
        priority=priority,
        status=STATUS_OF[match.group(1)],
        done_date=dates.get(_DONE),
    )


def task_id_of(line: str) -> str | None:
    """The 🆔 a line carries, if any."""
    found = TASK_ID.search(line)
    return found.group(1) if found else None


def created_of(line: str) -> str | None:
    """The ➕ created date as written on the line, if any."""
    return next((value for sign, value in DATE_FIELD.findall(line) if sign == _CREATED), None)


def render_task_line(task: Task, task_id: str, owner: str | None, created: dt.date | None) -> str:
    """`- [?] text @[[Owner]] 🆔 id ⏫ ➕ created 📅 due ✅ done #task #proposed` — only fields that are known,
    in the order DESIGN §6 gives. `owner` is a link to the owner's note, or their name as plain text."""
    parts = [f"- [{SYMBOL_OF[task.status]}]", _single_line(task.text)]
    if owner:
        parts.append(f"@{owner if owner.startswith('[[') else without_task_fields(' '.join(owner.split()))}")
    parts.append(f"{_ID} {task_id}")
    if task.priority:
        parts.append(PRIORITY_EMOJI[task.priority])
    if created:
        parts.append(f"{_CREATED} {created.isoformat()}")
    if task.due:
        parts.append(f"{_DUE} {task.due.isoformat()}")
    if task.done_date and task.status is TaskStatus.done:
        parts.append(f"{_DONE} {task.done_date.isoformat()}")
    parts.append(TASK_TAG)
    if task.status is TaskStatus.proposed:
        parts.append(PROPOSED_TAG)
    return " ".join(part for part in parts if part)


def _single_line(text: str) -> str:
    """A description cannot hold line breaks, and any field or owner it carries would be read as one: only the
    task's own, written after it, are (a `✅ 2020-01-01` in the words goes, date and all; `@[[Eve]]` is `[[Eve]]`)."""
    return _OWNER_MARK.sub("", without_task_fields(" ".join(text.split())))


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
    if "[" not in text and (text.isascii() or not _FIELD_MARKER.search(text)):  # most text has neither to take out
        return text
    cleaned = _CHECKBOX_START.sub(r"\1", _FIELD_IN_TEXT.sub(replace, text))
    if cleaned == text:
        return text
    return "\n".join(" ".join(line.split()) for line in cleaned.split("\n")).strip()


def _strip_fields(text: str) -> str:
    text = DATE_FIELD.sub(" ", text)
    text = TASK_ID.sub(" ", text)
    text = _TAG.sub(" ", text)
    for emoji in _PRIORITY_OF:
        text = text.replace(emoji, " ")
    return " ".join(text.replace("\ufe0f", "").split())


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
