"""`**Name**: text` transcripts with `*mm:ss*` timestamp lines."""

from __future__ import annotations

import re

from notesmith.sources.timestamps import parse_clock
from notesmith.sources.turns import RawTurn, with_continuations

_SPEAKER = re.compile(r"^\s*\*\*([^*\n]{1,60}?)(?::\*\*|\*\*\s*:)\s*(.*)$")
_STAMP = re.compile(r"^\s*[*_]\(?(\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d+)?)\)?[*_]\s*$")


def count_lines(text: str) -> int:
    return sum(1 for line in text.split("\n") if _SPEAKER.match(line))


def parse_bold(text: str) -> list[RawTurn]:
    """A stamp line after a turn dates that turn; one before a turn dates the next."""
    turns: list[RawTurn] = []
    more: dict[int, list[str]] = {}
    pending: float | None = None
    for line in text.split("\n"):
        speaker = _SPEAKER.match(line)
        stamp = _STAMP.match(line)
        if speaker:
            turns.append(RawTurn(label=speaker.group(1).strip(), text=speaker.group(2).strip(), start=pending))
            pending = None
        elif stamp:
            seconds = parse_clock(stamp.group(1))
            if turns and turns[-1].start is None:
                turns[-1].start = seconds
            else:
                pending = seconds
        elif turns and line.strip():
            more.setdefault(len(turns) - 1, []).append(line.strip())
    return [t for t in with_continuations(turns, more) if t.text]
