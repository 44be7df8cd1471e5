"""The `## ` sections notesmith writes (DESIGN §6), in each note kind's order, and the lines some of them hold."""

from __future__ import annotations

import datetime as dt
import re

from notesmith.domain.kinds import EntityKind

SUMMARY = "Summary"
DECISIONS = "Decisions"
ACTION_ITEMS = "Action Items"
KEY_INFORMATION = "Key Information"
RISKS = "Risks"
OPEN_QUESTIONS = "Open Questions"
TOPICS = "Topics"
KEY_CONTACTS = "Key Contacts"
OPPORTUNITIES = "Opportunities"
CURRENT_BLOCKERS = "Current Blockers"
KEY_DECISIONS = "Key Decisions"
KEY_FACTS = "Key Facts"
STATUS = "Status"
OPEN_TASKS = "Open Tasks"
RECENT_CONTEXT = "Recent Context"
NOTES = "Notes"  # the person's own section: what a merge brings along goes there

MEETING_SECTIONS = [SUMMARY, DECISIONS, ACTION_ITEMS, KEY_INFORMATION, RISKS, OPEN_QUESTIONS, TOPICS]
ENTITY_SECTIONS = {
    EntityKind.person: [KEY_FACTS, KEY_DECISIONS, OPEN_TASKS, RECENT_CONTEXT],
    EntityKind.organization: [KEY_CONTACTS, OPPORTUNITIES, CURRENT_BLOCKERS, KEY_DECISIONS, KEY_FACTS, TOPICS,
                              OPEN_TASKS, RECENT_CONTEXT],
    EntityKind.project: [STATUS, KEY_DECISIONS, KEY_FACTS, OPEN_TASKS, RECENT_CONTEXT],
}
# the kind of item a section's bullets are, for the index (headings matched case-insensitively)
ITEM_KINDS = {KEY_FACTS: "fact", KEY_INFORMATION: "fact", STATUS: "fact", KEY_DECISIONS: "decision",
              DECISIONS: "decision", RISKS: "risk", CURRENT_BLOCKERS: "risk", OPEN_QUESTIONS: "question",
              OPPORTUNITIES: "opportunity"}

# `- 2025-10-06 · [[<meeting note>|<title>]] — one-line summary`: one line per meeting, newest first
_RECENT_CONTEXT_DATE = re.compile(r"^- (\d{4}-\d\d-\d\d) · ")
_RECENT_CONTEXT_MEETING = re.compile(r"^- (?:\d{4}-\d\d-\d\d|undated) · \[\[([^\]|#]+)")


def recent_context_line(date: dt.date | None, meeting_link: str, summary: str) -> str:
    line = f"- {date.isoformat() if date else 'undated'} · {meeting_link}"
    return f"{line} — {summary}" if summary else line


def recent_context_date(line: str) -> str | None:
    """The date a dated Recent Context line starts with (ISO text), None for any other line."""
    found = _RECENT_CONTEXT_DATE.match(line)
    return found.group(1) if found else None


def recent_context_meeting(line: str) -> str | None:
    """The meeting note a Recent Context line is about (its link target), None for any other line."""
    found = _RECENT_CONTEXT_MEETING.match(line)
    return found.group(1) if found else None


def newest_first(lines: list[str]) -> list[str]:
    """Dated Recent Context lines newest first (each once), then the section's other lines as they were."""
    dated = sorted(dict.fromkeys(line for line in lines if recent_context_date(line)), key=recent_context_date,
                   reverse=True)
    return dated + [line for line in lines if not recent_context_date(line) and line.strip()]


def open_tasks_query(name: str, leave_out_inputs: str) -> list[str]:
    """The Tasks query block an entity note shows its open tasks with: the tasks stay in their meeting notes.
    Proposals wait in TASKS.md until accepted; `leave_out_inputs` is the filter that keeps archived inputs' own
    task lines out. No JavaScript: Tasks runs none by default since 8.0."""
    return ["```tasks", "not done", "status.name regex does not match /^Proposed$/", f"description includes {name}",
            leave_out_inputs, "sort by due", "```"]
