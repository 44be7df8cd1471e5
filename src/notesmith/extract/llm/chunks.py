"""A source as lines (one per utterance, message sentence or paragraph), split into chunks that fit a token budget."""

from __future__ import annotations

import re
from dataclasses import dataclass

from notesmith.domain import Source

CHARS_PER_TOKEN = 4  # a rough, conservative ratio for English; only used to size chunks
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Line:
    """One unit of the source as the model sees it; `start` in seconds when the source has times."""

    text: str
    start: float | None = None

    def shown(self) -> str:
        if self.start is None:
            return self.text
        minutes, seconds = divmod(int(self.start), 60)
        return f"[{minutes // 60:02d}:{minutes % 60:02d}:{seconds:02d}] {self.text}"


def source_lines(source: Source) -> list[Line]:
    if source.utterances:
        return [Line(f"{u.speaker or u.label}: {u.text}", u.start) for u in source.utterances]
    if source.messages:
        lines = []
        for message in source.messages:
            when = f" ({message.timestamp:%Y-%m-%d %H:%M})" if message.timestamp else ""
            lines.append(Line(f"From {message.sender.name}{when}:"))
            lines += [Line(p.strip()) for p in message.body.split("\n\n") if p.strip()]
        return lines
    return [Line(p.strip()) for p in source.text.split("\n\n") if p.strip()]


def token_estimate(text: str) -> int:
    return len(text) // CHARS_PER_TOKEN + 1


def chunk_lines(lines: list[Line], budget_tokens: int, overlap: int) -> list[list[Line]]:
    """Consecutive lines within `budget_tokens` each, the last `overlap` lines of a chunk repeated at the start of the
    next so a commitment split across the boundary is seen whole once. Nothing is cut off: a line longer than the
    budget is split at sentence ends (or, failing those, by length)."""
    pieces = [piece for line in lines for piece in _fitting(line, budget_tokens)]
    chunks: list[list[Line]] = []
    current: list[Line] = []
    size = 0
    for piece in pieces:
        cost = token_estimate(piece.shown())
        if current and size + cost > budget_tokens:
            chunks.append(current)
            current = current[-overlap:] if overlap else []
            size = sum(token_estimate(p.shown()) for p in current)
            while current and size + cost > budget_tokens:
                size -= token_estimate(current.pop(0).shown())
        current.append(piece)
        size += cost
    if current:
        chunks.append(current)
    return chunks


def _fitting(line: Line, budget_tokens: int) -> list[Line]:
    if token_estimate(line.shown()) <= budget_tokens:
        return [line]
    limit = budget_tokens * CHARS_PER_TOKEN // 2
    parts: list[str] = []
    for sentence in _SENTENCE_END.split(line.text):
        while len(sentence) > limit:
            parts.append(sentence[:limit])
            sentence = sentence[limit:]
        if parts and len(parts[-1]) + len(sentence) + 1 <= limit:
            parts[-1] = f"{parts[-1]} {sentence}"
        else:
            parts.append(sentence)
    return [Line(part, line.start) for part in parts if part]
