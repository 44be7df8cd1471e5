"""Plain `Full Name: text` transcripts: each line one speaker's words, no times."""

from __future__ import annotations

import re

from notesmith.sources.dates import is_only_date
from notesmith.sources.turns import RawTurn, with_continuations

_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’\-]*"
_LINE = re.compile(rf"^\s*(?P<label>{_NAME_WORD}(?: {_NAME_WORD}){{0,3}}|Speaker \d+)\s*:\s+(?P<text>\S.*)$")
# What notes put before a colon that is no one's name ("Action Items: …", "Q: …", "Next Steps: …").
_NOT_SPEAKERS = {
    "note", "notes", "todo", "to do", "action", "actions", "action item", "action items", "ai", "decision",
    "decisions", "next step", "next steps", "summary", "agenda", "question", "questions", "answer", "q", "a",
    "update", "updates", "status", "risk", "risks", "issue", "issues", "fyi", "ps", "re", "subject", "from", "to",
    "cc", "bcc", "sent", "date", "attendees", "participants", "with", "account", "location", "time", "important",
    "warning", "reminder", "goal", "goals", "outcome", "outcomes", "owner", "due", "follow up", "follow-up",
    "idea", "ideas", "pros", "cons", "context", "background", "problem", "solution", "result", "results",
    "example", "tip", "blocker", "blockers", "topic", "topics", "edit", "tl;dr", "tldr", "nb", "open questions",
}
MIN_LINES = 3
MIN_SHARE = 0.6


def _speaker_line(line: str) -> re.Match | None:
    match = _LINE.match(line)
    return match if match and match.group("label").casefold() not in _NOT_SPEAKERS else None


def looks_like_plain_transcript(text: str) -> bool:
    """Most lines (and at least three) start with a name and a colon, and more than one name speaks."""
    lines = [line for line in text.split("\n") if line.strip() and not is_only_date(line)]
    matches = [m for m in map(_speaker_line, lines) if m]
    labels = {m.group("label") for m in matches}
    return len(matches) >= MIN_LINES and len(matches) >= MIN_SHARE * len(lines) and len(labels) >= 2


def parse_plain_names(text: str) -> list[RawTurn]:
    """Turns in file order; a line without a name continues the turn before it, a line that is only a date
    (written at the end of the notes) belongs to no one."""
    turns: list[RawTurn] = []
    more: dict[int, list[str]] = {}
    for line in text.split("\n"):
        match = _speaker_line(line)
        if match:
            turns.append(RawTurn(label=match.group("label").strip(), text=match.group("text").strip()))
        elif turns and line.strip() and not is_only_date(line):
            more.setdefault(len(turns) - 1, []).append(line.strip())
    return with_continuations(turns, more)
