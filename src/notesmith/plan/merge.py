"""Adding generated lines to a section without duplicating, and without re-adding what a person deleted."""

from __future__ import annotations

import functools
import re

from notesmith.extract.task_line import TASK_ID
from notesmith.plan.dedup import first_same, first_updated, same_block, update_block
from notesmith.plan.links import PROVENANCE
from notesmith.vault.ledger import line_hash

_BULLET = re.compile(r"^\s*[-*+]\s+(?:\[.\]\s+)?")
_LINK = re.compile(r"\[\[[^\]]+\]\]")


def line_key(line: str) -> str | None:
    """What makes two lines the same item: a task's 🆔, else the bullet's words without its provenance link."""
    task_id = TASK_ID.search(line)
    if task_id:
        return "id:" + task_id.group(1)
    if not _BULLET.match(line):
        return None
    text = PROVENANCE.sub("", _BULLET.sub("", line, count=1))
    words = re.findall(r"\w+|[$€£%]", text.casefold())
    return "text:" + " ".join(words) if words else None


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
        key = line_key(candidate)
        if key is None:
            section.lines.append(candidate)
            written.append(candidate)
            continue
        if line_hash(key) in emitted and key not in section.at:
            continue
        same = section.at.get(key)
        if same is None:
            same = section.first(first_same, candidate, section.same_blocks, same_block(candidate))
        if same is not None:
            section.lines[same] = with_provenance_of(section.lines[same], candidate)
            continue
        block = update_block(candidate) if group_updates else None
        updated = section.first(first_updated, candidate, section.update_blocks, block) if block else None
        section.insert(len(section.lines) if updated is None else updated, key, candidate)
        written.append(candidate)
    return section.lines, written


class _KeyedLines:
    """A section's lines, where each keyed line is, and which lines a candidate could match: only those are
    compared (a section of a busy entity holds hundreds of bullets)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.at: dict[str, int] = {}
        blocks = {}
        for position, line in enumerate(lines):
            found = _keyed(line)
            if found:
                self.at[found[0]] = position
                blocks[found[0]] = found
        self.same_blocks: dict[tuple, list[str]] = {}
        self.update_blocks: dict[tuple, list[str]] = {}
        for key, same, update in blocks.values():
            self._block(key, same, update)

    def _block(self, key: str, same: tuple, update: tuple | None) -> None:
        self.same_blocks.setdefault(same, []).append(key)
        if update:
            self.update_blocks.setdefault(update, []).append(key)

    def first(self, find, candidate: str, blocks: dict[tuple, list[str]], block: tuple) -> int | None:
        """The position of the first line of `block` that `find` picks for `candidate`, in section order."""
        positions = sorted(self.at[key] for key in blocks.get(block, ()))
        found = find(candidate, [self.lines[p] for p in positions])
        return positions[found] if found is not None else None

    def insert(self, position: int, key: str, line: str) -> None:
        if position < len(self.lines):
            self.at = {k: p + 1 if p >= position else p for k, p in self.at.items()}
        self.lines.insert(position, line)
        self.at[key] = position
        self._block(key, same_block(line), update_block(line))


@functools.lru_cache(maxsize=65536)  # a few hundred bytes each: what a section's lines are compared by
def _keyed(line: str) -> tuple[str, tuple, tuple | None] | None:
    """A line's key and blocks, looked up once per line however often its note is touched."""
    key = line_key(line)
    return (key, same_block(line), update_block(line)) if key else None


def with_provenance_of(line: str, other: str) -> str:
    """`line` with every provenance link `other` carries that it lacks."""
    provenance = PROVENANCE.search(other)
    for link in _LINK.findall(provenance.group(1)) if provenance else []:
        line = with_provenance(line, link)
    return line


def with_provenance(line: str, link: str) -> str:
    match = PROVENANCE.search(line)
    if not match or link in line:
        return line
    return line[: match.end()].rstrip()[:-1] + f", {link})"
