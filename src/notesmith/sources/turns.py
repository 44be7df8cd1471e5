"""A transcript turn as a format parser sees it, before speakers are resolved."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class RawTurn:
    label: str
    text: str
    start: float | None = None
    end: float | None = None
    speaker: str | None = None
