"""MacWhisper-style lines `[HH:MM:SS.cc] Label : text` (also AMI's `Speaker A: text`)."""

from __future__ import annotations

import re

from notesmith.sources.timestamps import parse_clock
from notesmith.sources.turns import RawTurn, with_continuations

_LINE = re.compile(r"^\s*\[(\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)\]\s*(.*)$")
_LABEL = re.compile(r"^([^:\n]{1,60}?)\s*:\s+(.*)$")


def count_lines(text: str) -> int:
    return sum(1 for line in text.split("\n") if _LINE.match(line))


def parse_bracketed(text: str) -> list[RawTurn]:
    """Turns with start times; a line without a timestamp continues the previous turn."""
    turns: list[RawTurn] = []
    more: dict[int, list[str]] = {}
    for line in text.split("\n"):
        match = _LINE.match(line)
        if match:
            label, body = _split_label(match.group(2))
            turns.append(RawTurn(label=label, text=body, start=parse_clock(match.group(1))))
        elif turns and line.strip() and not line.strip().startswith("```"):
            more.setdefault(len(turns) - 1, []).append(line.strip())
    return [t for t in with_continuations(turns, more) if t.text.strip()]


def _split_label(rest: str) -> tuple[str, str]:
    match = _LABEL.match(rest)
    if match and len(match.group(1).split()) <= 5:
        return match.group(1).strip(), match.group(2).strip()
    return "", rest.strip()
