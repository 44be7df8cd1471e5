"""WebVTT and SRT cues: `<v Name>text</v>` or `Name: text`, with start and end times."""

from __future__ import annotations

import re

from notesmith.sources.timestamps import parse_clock
from notesmith.sources.turns import RawTurn

_TIMING = re.compile(r"^\s*(\d{1,3}:\d{2}(?::\d{2})?[.,]\d{1,3})\s*-->\s*(\d{1,3}:\d{2}(?::\d{2})?[.,]\d{1,3})")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)*\s+([^>]+)>")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<\d[\d:.]*>")
_NAME_PREFIX = re.compile(r"^((?:[A-Z][\w'’\-]*)(?:\s+[A-Z][\w'’\-]*){0,3}|Speaker\s*\d+)\s*:\s+(.*)$", re.S)
_VTT_SKIP = ("NOTE", "STYLE", "REGION", "WEBVTT")
_FIRST_BLOCK_CHARS = 4096


def looks_like_webvtt(text: str) -> bool:
    return text.lstrip().startswith("WEBVTT")


def looks_like_srt(text: str) -> bool:
    blocks = _blocks(text.lstrip()[:_FIRST_BLOCK_CHARS])  # the first cue tells; splitting the whole file does not
    return bool(blocks) and len(blocks[0]) >= 2 and blocks[0][0].strip().isdigit() and bool(
        _TIMING.match(blocks[0][1])
    ) and "," in blocks[0][1]


def parse_cues(text: str) -> list[RawTurn]:
    """Every cue with a timing line; header, NOTE and STYLE blocks are skipped."""
    turns: list[RawTurn] = []
    for block in _blocks(text):
        if block[0].split(" ", 1)[0] in _VTT_SKIP:
            continue
        timing_at = next((i for i, line in enumerate(block[:3]) if _TIMING.match(line)), None)
        if timing_at is None:
            continue
        timing = _TIMING.match(block[timing_at])
        turn = _cue_turn(" ".join(block[timing_at + 1 :]))
        if turn:
            turn.start, turn.end = parse_clock(timing.group(1)), parse_clock(timing.group(2))
            turns.append(turn)
    return turns


def _cue_turn(payload: str) -> RawTurn | None:
    voice = _VOICE.search(payload)
    label = voice.group(1).strip() if voice else ""
    body = " ".join(_TAG.sub("", payload).split())
    if not voice:
        prefix = _NAME_PREFIX.match(body)
        if prefix:
            label, body = prefix.group(1).strip(), prefix.group(2).strip()
    return RawTurn(label=label, text=body) if body else None


def _blocks(text: str) -> list[list[str]]:
    return [
        [line for line in block.split("\n") if line.strip()]
        for block in re.split(r"\n\s*\n", text.strip())
        if block.strip()
    ]
