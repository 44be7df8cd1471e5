"""Notes that already carry sections (Summary, Decisions, Action items…) mapped section by section."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from notesmith.domain import Evidence, Fact, Item, Section, Task
from notesmith.extract.due_dates import find_due
from notesmith.extract.task_line import parse_task_line
from notesmith.extract.task_wording import action_text

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


@dataclass
class NoteContent:
    summary: list[str] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    decisions: list[Item] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    risks: list[Item] = field(default_factory=list)
    open_questions: list[Item] = field(default_factory=list)


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
        if not stripped or stripped.startswith(("> [!", "```", "---")):
            continue
        lines.append(raw.rstrip())
    return lines


def _add_line(content: NoteContent, role: str | None, line: str, meeting: dt.date | None, owner: str | None) -> None:
    task = parse_task_line(line)
    if task:
        content.tasks.append(task.model_copy(update={"evidence": [Evidence(quote=line.strip())]}))
        return
    bullet = _BULLET.match(line)
    text = (bullet.group(1) if bullet else line.lstrip("> ")).strip()
    if not text:
        return
    text = _capitalized(text)
    evidence = [Evidence(quote=text)]
    if role == "summary":
        content.summary.append(text)
    elif role == "tasks" or (role is None and _PLAIN_TASK.match(text)):
        content.tasks.append(_plain_task(text, meeting, owner, evidence))
    elif role == "decisions":
        content.decisions.append(Item(text=text, evidence=evidence))
    elif role == "risks":
        content.risks.append(Item(text=text, evidence=evidence))
    elif role == "open_questions":
        content.open_questions.append(Item(text=text, evidence=evidence))
    elif decision := _DECISION_PREFIX.match(text):
        content.decisions.append(Item(text=_capitalized(decision.group(1).strip()), evidence=evidence))
    elif role == "facts" or bullet:
        content.facts.append(Fact(text=text, evidence=evidence))
    else:
        content.summary.append(text)


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _plain_task(text: str, meeting: dt.date | None, owner: str | None, evidence: list[Evidence]) -> Task:
    match = _PLAIN_TASK.match(text)
    named = match.group(2) if match else None
    first_person = bool(match and match.group(1) and match.group(1).lower() == "i")
    doer = named or (owner if first_person else None)
    due = find_due(text, meeting)
    return Task(text=action_text(text, doer, due), owner=doer, due=due.date if due else None, evidence=evidence)
