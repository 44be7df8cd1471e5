"""Finding an item's quote in the source (case, whitespace and small differences forgiven) and its start time."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from notesmith.extract.llm.chunks import Line

MIN_QUOTE_CHARS = 8
FUZZY_MATCH = 90  # rapidfuzz partial_ratio, 0–100
_NOT_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class Located:
    quote: str
    start: float | None


class Grounding:
    """The lines of one source, prepared for looking quotes up."""

    def __init__(self, lines: list[Line]):
        self._lines = lines
        self._flat = [_flat(line.text) for line in lines]

    def locate(self, quote: str) -> Located | None:
        """The line that holds `quote`, or None when the source does not say it (the item is then dropped)."""
        wanted = _flat(quote)
        if len(wanted) < MIN_QUOTE_CHARS:
            return None
        for line, flat in zip(self._lines, self._flat, strict=True):
            if wanted in flat:
                return Located(quote.strip(), line.start)
        best = process.extractOne(wanted, self._flat, scorer=fuzz.partial_ratio, score_cutoff=FUZZY_MATCH)
        if best is None or len(wanted) > len(best[0]) + MIN_QUOTE_CHARS:
            return None
        return Located(quote.strip(), self._lines[best[2]].start)


def _flat(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())
