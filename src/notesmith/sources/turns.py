"""A transcript turn as a format parser sees it, before speakers are resolved."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)  # a long transcript holds hundreds of thousands of them
class RawTurn:
    label: str
    text: str
    start: float | None = None
    end: float | None = None
    speaker: str | None = None


def with_continuations(turns: list[RawTurn], more: dict[int, list[str]]) -> list[RawTurn]:
    """`turns` with the lines that continue them (by turn index) joined on: once, at the end, as appending to a
    turn's text line by line copies it each time (a turn of a hundred thousand lines would take hours)."""
    for index, lines in more.items():
        turns[index].text = " ".join([turns[index].text, *lines]).strip()
    return turns
