"""Notes that already carry sections (Summary, Decisions, Action items…) mapped section by section."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from notesmith.domain import Evidence, Fact, Item, Section, Task
from notesmith.extract.due_dates import find_due
from notesmith.extract.task_wording import action_text
from notesmith.notes.task_line import (
    parse_task_line,
    task_fields_as_words,
    without_task_fields,
)

_ROLES = [
    ("summary", r"summary|overview|tl;?dr|recap|purpose"),
    ("tasks", r"action items?|next steps?|to-?dos?|tasks?|follow[- ]?ups?"),
    ("decisions", r"decisions?|decided|agreements?|agreed"),
    ("risks", r"risks?|concerns?|blockers?|issues?"),
    ("open_questions", r"open questions?|questions?|unknowns?|unresolved"),
    ("facts", r"facts?|key information|information|learned|outcomes?|results?|context|background|notes|highlights|details"),
]
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+(.*)$")
_DECISION_PREFIX = re.compile(r"^(?:decision|decided|agreed)\s*[:\-—]\s*(.+)$", re.I)
_PLAIN_TASK = re.compile(
    r"^(?:(I|we)\s+(?:need to|have to|will|'ll|must|should)|([A-Z][a-z]+(?: [A-Z][a-z]+)?)\s+(?:will|to|needs to|should|is going to))\s+\w",
)


# However long the note: the first ones it lists are read, in the order written (the rest stays in the archived
# source), so that a note of a million bullets costs what one of a few hundred does from here on.
MAX_LISTED = 200
MAX_SUMMARY_LINES = 20
# Loose prose is a note's summary as far as a summary goes: a note of one long paragraph (cut into sentences when
# read) is not its own summary.
MAX_PROSE_SUMMARY_CHARS = 600
# Not items: a callout, a fence or a rule line, a table row, a line of links only (another tool's `## Related`).
_NOT_ITEM = re.compile(r"^(?:> \[!|```|~~~|---|\|)")
_ONLY_LINKS = re.compile(r"^(?:[-*+•]\s+)?(?:\[\[[^\]]*\]\][\s,;·|]*)+$")


@dataclass
class NoteContent:
    summary: list[str] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    decisions: list[Item] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    risks: list[Item] = field(default_factory=list)
    open_questions: list[Item] = field(default_factory=list)

    def add(self, kind: str, item: str | Item) -> None:
        """Listed under `kind` unless that list holds its most already."""
        items = getattr(self, kind)
        if len(items) < (MAX_SUMMARY_LINES if kind == "summary" else MAX_LISTED):
            items.append(item)


def section_role(heading: str) -> str | None:
    """Which part of an Extraction a heading feeds (headings vary: `Action items (for X)`, `Key facts learned`)."""
    for role, pattern in _ROLES:
        if re.search(rf"\b(?:{pattern})\b", heading, re.I):
            return role
    return None


def parse_sections(sections: list[Section], meeting: dt.date | None, owner: str | None) -> NoteContent:
    content = NoteContent()
    for section in sections:
        role = section_role(section.heading) if section.level else None
        for line in _items(section.body):
            _add_line(content, role, line, meeting, owner)
    return content


def _items(body: str) -> list[str]:
    """Bullets and checkbox lines as written; loose prose lines become one item each."""
    lines = []
    for raw in body.split("\n"):
        stripped = raw.strip()
        if not stripped or _NOT_ITEM.match(stripped) or _ONLY_LINKS.match(stripped):
            continue
        lines.append(raw.rstrip())
    return lines


def _add_line(content: NoteContent, role: str | None, line: str, meeting: dt.date | None, owner: str | None) -> None:
    task = parse_task_line(line)
    if task:
        content.add("tasks", task.model_copy(update={"evidence": [Evidence(quote=line.strip())]}))
        return
    bullet = _BULLET.match(line)
    written = (bullet.group(1) if bullet else line.lstrip("> ")).strip()
    # Only a checkbox line is the note's own task with its fields; elsewhere a field emoji is a word.
    text = _capitalized(task_fields_as_words(written))
    if not text:
        return
    evidence = [Evidence(quote=text)]
    if role == "summary":
        content.add("summary", text)
    elif role == "tasks" or (role is None and _PLAIN_TASK.match(text)):
        content.add("tasks", _plain_task(_capitalized(without_task_fields(written)) or text, meeting, owner, evidence))
    elif role in ("decisions", "risks", "open_questions"):
        content.add(role, Item(text=text, evidence=evidence))
    elif decision := _DECISION_PREFIX.match(text):
        content.add("decisions", Item(text=_capitalized(decision.group(1).strip()), evidence=evidence))
    elif role == "facts" or bullet:
        content.add("facts", Fact(text=text, evidence=evidence))
    elif sum(map(len, content.summary)) < MAX_PROSE_SUMMARY_CHARS:
        content.add("summary", text)


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _plain_task(text: str, meeting: dt.date | None, owner: str | None, evidence: list[Evidence]) -> Task:
    match = _PLAIN_TASK.match(text)
    named = match.group(2) if match else None
    first_person = bool(match and match.group(1) and match.group(1).lower() == "i")
    doer = named or (owner if first_person else None)
    due = find_due(text, meeting)
    return Task(text=action_text(text, doer, due), owner=doer, due=due.date if due else None, evidence=evidence)
