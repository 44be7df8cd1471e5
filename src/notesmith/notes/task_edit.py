"""Edits of one Tasks line in place: its status, words, owner, due date and priority; every other field kept."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from notesmith.domain import Priority, TaskStatus
from notesmith.notes.statuses import PROPOSED_TAG, STATUS_OF, SYMBOL_OF
from notesmith.notes.task_line import PRIORITY_EMOJI

_CHECKBOX = re.compile(r"^(?P<head>\s*[-*+]\s+)\[(?P<symbol>.)\](?P<rest>\s+.*)$")
_OWNER = re.compile(r"[ \t]*@\[\[[^\]\n]+\]\]")
_ID = re.compile(r"[ \t]*🆔\ufe0f?[ \t]*[\w-]+")
_PRIORITY = re.compile(r"[ \t]*[🔺⏫🔼🔽⏬]\ufe0f?")
_DUE = re.compile(r"[ \t]*📅\ufe0f?[ \t]*\d{4}-\d\d-\d\d")
_DONE = re.compile(r"[ \t]*✅\ufe0f?[ \t]*\d{4}-\d\d-\d\d")
_FIELD = re.compile(r"[ \t]*(?:[🆔🔺⏫🔼🔽⏬➕📅⏳🛫✅❌🔁⛔🏁]|@\[\[)")
_TRAILING_TAGS = re.compile(r"(?:[ \t]+#[\w/-]+)+[ \t]*$")
_PROPOSED = re.compile(rf"[ \t]+{PROPOSED_TAG}(?![\w/-])")


class TaskLineError(ValueError):
    """The line is not a task line, or the edit would leave one Obsidian Tasks reads differently."""


@dataclass(frozen=True)
class TaskLineEdit:
    """What to change; None leaves a field as it is, the `clear_` flags remove one."""

    status: TaskStatus | None = None
    text: str | None = None
    owner_link: str | None = None  # "[[Name]]" as it goes after the @
    clear_owner: bool = False
    due: dt.date | None = None
    clear_due: bool = False
    priority: Priority | None = None
    clear_priority: bool = False


def task_status(line: str) -> TaskStatus | None:
    """The status the line's checkbox says, None when it is no task line notesmith knows."""
    match = _CHECKBOX.match(line)
    return STATUS_OF.get(match.group("symbol")) if match else None


def edit_task_line(line: str, edit: TaskLineEdit, today: dt.date) -> str:
    """The line with `edit` made. Leaving `[?]` drops `#proposed`; becoming done adds `✅ today` as Tasks does."""
    match = _CHECKBOX.match(line)
    if not match or match.group("symbol") not in STATUS_OF:
        raise TaskLineError("not a task line")
    symbol, rest = match.group("symbol"), match.group("rest")
    if edit.status is not None:
        if edit.status is not STATUS_OF[symbol]:
            rest = _with_status(rest, STATUS_OF[symbol], edit.status, today)
        symbol = SYMBOL_OF[edit.status]
    if edit.text is not None:
        rest = _with_text(rest, edit.text)
    if edit.owner_link is not None or edit.clear_owner:
        rest = _replace_or_insert(_OWNER, rest, None if edit.clear_owner else f" @{edit.owner_link}", _first_field)
    if edit.priority is not None or edit.clear_priority:
        new = None if edit.clear_priority else f" {PRIORITY_EMOJI[edit.priority]}"
        rest = _replace_or_insert(_PRIORITY, rest, new, _after_id)
    if edit.due is not None or edit.clear_due:
        rest = _replace_or_insert(_DUE, rest, None if edit.clear_due else f" 📅 {edit.due.isoformat()}", _before_done)
    return f"{match.group('head')}[{symbol}]{rest}"


def _with_status(rest: str, before: TaskStatus, after: TaskStatus, today: dt.date) -> str:
    if before is TaskStatus.proposed:
        rest = _PROPOSED.sub("", rest)
    if before is TaskStatus.done:
        rest = _DONE.sub("", rest)
    if after is TaskStatus.done and not _DONE.search(rest):
        rest = _insert(rest, f" ✅ {today.isoformat()}", _before_tags(rest))
    return rest


def _with_text(rest: str, text: str) -> str:
    words = " ".join(text.split())
    if not words or _FIELD.search(words) or words.startswith("#"):
        raise TaskLineError("the words of a task cannot be empty or hold Tasks fields (📅, 🆔, @[[…]], …)")
    start = _first_field(rest)
    return f" {words}{rest[start:]}"


def _replace_or_insert(field: re.Pattern, rest: str, new: str | None, where) -> str:
    found = field.search(rest)
    if found:
        return rest[:found.start()] + (new or "") + rest[found.end():]
    return rest if new is None else _insert(rest, new, where(rest))


def _insert(rest: str, new: str, at: int) -> str:
    return rest[:at].rstrip(" \t") + new + rest[at:]


def _first_field(rest: str) -> int:
    """Where the description ends: at its first field, or at the tags that close the line."""
    found = _FIELD.search(rest)
    return found.start() if found else _before_tags(rest)


def _before_tags(rest: str) -> int:
    tags = _TRAILING_TAGS.search(rest)
    return tags.start() if tags else len(rest.rstrip(" \t"))


def _after_id(rest: str) -> int:
    found = _ID.search(rest)
    return found.end() if found else _before_done(rest)


def _before_done(rest: str) -> int:
    for later in (_DONE, re.compile(r"[ \t]*[⏳🛫❌🔁]")):
        found = later.search(rest)
        if found:
            return found.start()
    return _before_tags(rest)
