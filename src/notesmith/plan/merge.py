"""Adding generated lines to a section without duplicating, and without re-adding what a person deleted."""

from __future__ import annotations

import re

from notesmith.extract.task_line import TASK_ID
from notesmith.plan.dedup import first_same, first_updated
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
    lines = list(existing)
    index = {line_key(line): i for i, line in enumerate(lines) if line_key(line)}
    written = []
    for candidate in candidates:
        key = line_key(candidate)
        if key is None:
            lines.append(candidate)
            written.append(candidate)
            continue
        if line_hash(key) in emitted and key not in index:
            continue
        items = sorted(index.values())
        same = index.get(key)
        if same is None:
            found = first_same(candidate, [lines[i] for i in items])
            same = items[found] if found is not None else None
        if same is not None:
            lines[same] = with_provenance_of(lines[same], candidate)
            continue
        updated = first_updated(candidate, [lines[i] for i in items]) if group_updates else None
        if updated is None:
            lines.append(candidate)
            index[key] = len(lines) - 1
        else:
            at = items[updated]
            lines.insert(at, candidate)
            index = {k: i + 1 if i >= at else i for k, i in index.items()}
            index[key] = at
        written.append(candidate)
    return lines, written


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
