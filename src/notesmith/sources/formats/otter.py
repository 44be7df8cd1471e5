"""Otter.ai text exports: a `Name  0:03` header line, then what was said."""

from __future__ import annotations

import re

from notesmith.sources.timestamps import parse_clock
from notesmith.sources.turns import RawTurn, with_continuations

_HEADER = re.compile(r"^(\S.{0,60}?)[ \t]{2,}(\d{1,3}:\d{2}(?::\d{2})?)\s*$")


def has_header(text: str) -> bool:
    return any(map(_HEADER.match, text.split("\n")))


def parse_otter(text: str) -> tuple[list[str], list[RawTurn]]:
    """(lines before the first header — title, date — , turns)."""
    preamble: list[str] = []
    turns: list[RawTurn] = []
    more: dict[int, list[str]] = {}
    for line in text.split("\n"):
        header = _HEADER.match(line)
        if header:
            turns.append(RawTurn(label=header.group(1).strip(), text="", start=parse_clock(header.group(2))))
        elif turns:
            if line.strip():
                more.setdefault(len(turns) - 1, []).append(line.strip())
        elif line.strip():
            preamble.append(line.strip())
    return preamble, [t for t in with_continuations(turns, more) if t.text]
