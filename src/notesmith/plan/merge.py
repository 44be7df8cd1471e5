"""Adding generated lines to a section without duplicating, and without re-adding what a person deleted."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from notesmith.notes.links import (
    PROVENANCE,
    with_provenance_of,
)
from notesmith.notes.sections import recent_context_meeting
from notesmith.notes.task_line import task_id_of
from notesmith.plan.dedup import first_same, first_updated, same_block, update_block
from notesmith.vault.ledger import line_hash

_BULLET = re.compile(r"^\s*[-*+]\s+(?:\[.\]\s+)?")


def line_key(line: str) -> str | None:
    """What makes two lines the same item: a task's 🆔, a Recent Context line's meeting, else the bullet's words
    without its provenance link."""
    task_id = task_id_of(line)
    if task_id:
        return "id:" + task_id
    meeting = recent_context_meeting(line)
    if meeting:
        return "meeting:" + meeting
    if not _BULLET.match(line):
        return None
    text = PROVENANCE.sub("", _BULLET.sub("", line, count=1))
    words = re.findall(r"\w+|[$€£%]", text.casefold())
    return "text:" + " ".join(words) if words else None


@functools.lru_cache(maxsize=65536)  # each line written is hashed for the ledger, most of them in several notes
def key_hash(line: str) -> str | None:
    key = line_key(line)
    return line_hash(key) if key else None


def merge_lines(existing: list[str], candidates: list[str], emitted: set[str],
                group_updates: bool = False) -> tuple[list[str], list[str]]:
    """(the section's lines, the candidate lines written): existing lines stay as they are.

    A candidate is skipped when a line with the same key is there, or one that states the
    same thing in other words (either then gains the candidate's provenance links if it is
    a generated bullet), or when notesmith wrote that key before and the line is gone — a
    person deleted it. Lines that are not bullets are added as they are. With
    `group_updates`, a fact with new figures goes just above the one it updates: both
    dated, the newer read first.
    """
    section = _KeyedLines(list(existing))
    written = []
    for candidate in candidates:
        keyed = _keyed(candidate)
        if keyed is None:
            section.lines.append(candidate)
            written.append(candidate)
            continue
        if keyed.hash in emitted and keyed.key not in section.at:
            continue
        same = section.at.get(keyed.key)
        if same is None:
            same = section.first(first_same, candidate, section.same_blocks, keyed.same)
        if same is not None:
            section.lines[same] = with_provenance_of(section.lines[same], candidate)
            continue
        updated = section.first(first_updated, candidate, section.update_blocks, keyed.update) \
            if group_updates and keyed.update else None
        section.insert(len(section.lines) if updated is None else updated, keyed, candidate)
        written.append(candidate)
    return section.lines, written


class _Keyed(NamedTuple):
    """A line's key (and its hash, as the ledger records it) and the blocks of lines it could match
    (`dedup.same_block`, `dedup.update_block`)."""

    key: str
    hash: str
    same: tuple
    update: tuple | None


@functools.lru_cache(maxsize=65536)  # a few hundred bytes each: what a section's lines are compared by
def _keyed(line: str) -> _Keyed | None:
    """Looked up once per line however often its note is touched."""
    key = line_key(line)
    return _Keyed(key, line_hash(key), same_block(line), update_block(line)) if key else None


class _KeyedLines:
    """A section's lines, where each keyed line is, and which lines a candidate could match: only those are
    compared (a section of a busy entity holds hundreds of bullets)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.at: dict[str, int] = {}
        last: dict[str, _Keyed] = {}
        for position, keyed in enumerate(map(_keyed, lines)):
            if keyed:
                self.at[keyed.key] = position
                last[keyed.key] = keyed
        self.same_blocks: dict[tuple, list[str]] = {}
        self.update_blocks: dict[tuple, list[str]] = {}
        for keyed in last.values():
            self._block(keyed)

    def _block(self, keyed: _Keyed) -> None:
        self.same_blocks.setdefault(keyed.same, []).append(keyed.key)
        if keyed.update:
            self.update_blocks.setdefault(keyed.update, []).append(keyed.key)

    def first(self, find, candidate: str, blocks: dict[tuple, list[str]], block: tuple) -> int | None:
        """The position of the first line of `block` that `find` picks for `candidate`, in section order."""
        positions = sorted(self.at[key] for key in blocks.get(block, ()))
        found = find(candidate, [self.lines[p] for p in positions])
        return positions[found] if found is not None else None

    def insert(self, position: int, keyed: _Keyed, line: str) -> None:
        if position < len(self.lines):
            self.at = {k: p + 1 if p >= position else p for k, p in self.at.items()}
        self.lines.insert(position, line)
        self.at[keyed.key] = position
        self._block(keyed)
