"""Lines too long to be one line of a transcript or a note, cut where a turn or a sentence begins."""

from __future__ import annotations

import re

from notesmith.sources.dates import is_only_date

MAX_LINE = 1000
MIN_INLINE_TURNS = 3
_INLINE_STAMP = re.compile(r"\s+(?=\[\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\]\s)")
_NAME = r"[A-ZÀ-ÖØ-Þ][\w'’\-]*(?: [A-ZÀ-ÖØ-Þ][\w'’\-]*){0,3}"
_INLINE_NAME = re.compile(rf"(?:(?<=[.!?…\"”])\s+|^)(?=(?:\*\*)?({_NAME})(?:\*\*)?:\s)")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”)]?\s+(?=[\"“(]?[A-Z0-9])")
_TRAILING = re.compile(r"(?<=[.!?])\s+(?P<tail>[^.!?\n]{6,40}?)\s*$")
_WRAP = 400


def segment_long_lines(text: str) -> str:
    """Each line holding several timestamped or named turns is cut before each turn; a line still longer than
    MAX_LINE is cut at its sentences, and a sentence longer than that (unpunctuated speech) every few hundred
    characters at a space. A date written after a line's last sentence goes on a line of its own."""
    if all(len(line) <= MAX_LINE // 4 for line in text.split("\n")):
        return text
    return "\n".join(_segmented(line) for line in text.split("\n"))


def _segmented(line: str) -> str:
    if len(line) <= MAX_LINE // 4:
        return line
    line = _date_apart(line)
    pieces = _turns(line)
    return "\n".join(_short(piece) for piece in pieces)


def _turns(line: str) -> list[str]:
    if len(_INLINE_STAMP.findall(line)) >= MIN_INLINE_TURNS:
        return _INLINE_STAMP.split(line)
    names = [m.group(1) for m in _INLINE_NAME.finditer(line)]
    if len(names) >= MIN_INLINE_TURNS and len(set(names)) >= 2:
        return [piece for piece in _INLINE_NAME.split(line) if piece and piece not in names]
    return [line]


def _short(piece: str) -> str:
    if len(piece) <= MAX_LINE:
        return piece
    return "\n".join(_wrapped(sentence) for sentence in _SENTENCE_END.split(piece))


def _wrapped(sentence: str) -> str:
    if len(sentence) <= MAX_LINE:
        return sentence
    lines, current = [], ""
    for word in sentence.split(" "):
        if current and len(current) + len(word) >= _WRAP:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return "\n".join([*lines, current])


def _date_apart(line: str) -> str:
    tail = _TRAILING.search(line)
    if tail and is_only_date(tail.group("tail")):
        return f"{line[: tail.start()]}\n{tail.group('tail')}"
    return line
