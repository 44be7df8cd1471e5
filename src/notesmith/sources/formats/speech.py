"""Which speaker-line shape a written text is in, and its turns: `[time] Label :`, `**Name**:`, `Name: text`."""

from __future__ import annotations

from notesmith.domain import SourceFormat
from notesmith.sources.formats import bold, bracketed, plain_names
from notesmith.sources.turns import RawTurn


def parse_turns(text: str) -> tuple[list[RawTurn], SourceFormat | None]:
    """The turns of the shape most lines are in; a plain `Name: text` transcript only when nearly every line is
    one (notes have `Decision: …` lines too)."""
    n_bracketed, n_bold = bracketed.count_lines(text), bold.count_lines(text)
    if n_bracketed and n_bracketed >= n_bold:
        return bracketed.parse_bracketed(text), SourceFormat.macwhisper
    if n_bold:
        return bold.parse_bold(text), SourceFormat.bold_speakers
    if plain_names.looks_like_plain_transcript(text):
        return plain_names.parse_plain_names(text), SourceFormat.plain_notes
    return [], None


def is_transcript(text: str) -> bool:
    """`text` has turns of one of the shapes (counted, not parsed)."""
    return bool(bracketed.count_lines(text) or bold.count_lines(text) or plain_names.looks_like_plain_transcript(text))
