"""A note as frontmatter + body sections, parsed and rendered so untouched parts keep every byte."""

from __future__ import annotations

import datetime as dt
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from notesmith.notes.frontmatter import (
    FrontmatterError,
    copy_editable,
    load_editable,
    new_mapping,
    split_frontmatter,
    written_block,
)

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

_SECTION_HEADING = re.compile(r"^## +(.+?)\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


class NoteError(ValueError):
    """An existing note notesmith must not rewrite (its frontmatter is not valid YAML)."""


@dataclass
class NoteSection:
    heading: str
    lines: list[str] = field(default_factory=list)


@dataclass
class NoteDoc:
    """Frontmatter (round-trip YAML, key order and comments kept), the text before the first `## `, the sections."""

    frontmatter: CommentedMap
    preamble: list[str]
    sections: list[NoteSection]
    # the frontmatter as read (text and values, never changed): rendering keeps those bytes when nothing else changed
    read_block: str | None = None
    read_values: CommentedMap | None = None

    def section(self, heading: str) -> NoteSection | None:
        return next((s for s in self.sections if s.heading.casefold() == heading.casefold()), None)


def parse_note(text: str) -> NoteDoc:
    block, body = split_frontmatter(text)
    read_values = _block_values(block) if block is not None else None
    frontmatter = copy_editable(read_values) if read_values is not None else new_mapping()
    preamble, sections = _split_sections(body.split("\n"))
    return NoteDoc(frontmatter, preamble, sections, block, read_values)


# frontmatter blocks and their values, the most recent kept: blocks read, and blocks this process wrote by patching
# dates into one it read. The same entity notes are read again and again in a run, and loading round-trip YAML
# costs ten times a copy. Callers get copies; a cached value is never changed.
_BLOCKS: OrderedDict[str, CommentedMap] = OrderedDict()
_BLOCKS_KEPT = 4096


def _block_values(block: str) -> CommentedMap:
    values = _BLOCKS.get(block)
    if values is None:
        try:
            values = load_editable(block)
        except FrontmatterError as exc:
            raise NoteError(str(exc)) from exc
    _remember_block(block, values)
    return values


def _remember_block(block: str, values: CommentedMap) -> None:
    _BLOCKS[block] = values
    _BLOCKS.move_to_end(block)
    if len(_BLOCKS) > _BLOCKS_KEPT:
        _BLOCKS.popitem(last=False)


def _split_sections(lines: list[str]) -> tuple[list[str], list[NoteSection]]:
    preamble: list[str] = []
    sections: list[NoteSection] = []
    in_fence = False
    for line in lines:
        if FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _SECTION_HEADING.match(line)
        if heading:
            sections.append(NoteSection(heading.group(1)))
        elif sections:
            sections[-1].lines.append(line)
        else:
            preamble.append(line)
    return preamble, sections


def render_note(doc: NoteDoc, last: bool = False) -> str:
    """The note's text. `last`: the doc is not changed after this, so the values of a block patched here are
    remembered as they are, not copied."""
    parts: list[str] = []
    if doc.frontmatter:
        parts.append("---\n" + _frontmatter_text(doc, last) + "---\n")
    body_lines = list(doc.preamble)
    for section in doc.sections:
        body_lines.append(f"## {section.heading}")
        body_lines.extend(section.lines)
    parts.append("\n".join(body_lines))
    return "".join(parts)


def _frontmatter_text(doc: NoteDoc, last: bool) -> str:
    kept = _kept_block(doc, last)
    if kept is not None:
        return kept
    block, rereadable = written_block(doc.frontmatter)
    if rereadable:  # remembered as written: the next plan of this note (entity notes change often) reads no YAML
        _remember_block(block, doc.frontmatter if last else copy_editable(doc.frontmatter))
    return block


def _kept_block(doc: NoteDoc, last: bool) -> str | None:
    """The block as read when the values are unchanged, or with only dates changed on their own `key: date` lines
    (`last_contact` moving on, the usual change); None when it has to be written anew."""
    if doc.read_block is None or doc.read_values is None or list(doc.frontmatter) != list(doc.read_values):
        return None
    block = doc.read_block
    for key, value in doc.frontmatter.items():
        old = doc.read_values[key]
        if value == old and type(value) is type(old):
            continue
        if type(value) is not dt.date or type(old) is not dt.date or not isinstance(key, str):
            return None
        line = re.compile(rf"^{re.escape(key)}:[ \t]*{old.isoformat()}[ \t]*$", re.M)
        if len(line.findall(block)) != 1:
            return None
        block = line.sub(f"{key}: {value.isoformat()}", block)
    if block != doc.read_block:
        _remember_block(block, doc.frontmatter if last else copy_editable(doc.frontmatter))
    return block


def set_section_lines(doc: NoteDoc, heading: str, lines: list[str], order: list[str]) -> None:
    """Create or replace a section; a new one goes where `order` (the note kind's section order) puts it.

    Each section ends with one blank line so the rendered note reads well.
    """
    body = [*lines, ""]
    existing = doc.section(heading)
    if existing:
        existing.lines = body
        return
    rank = order.index(heading)
    ranks = [order.index(s.heading) if s.heading in order else None for s in doc.sections]
    earlier = [i for i, r in enumerate(ranks) if r is not None and r < rank]
    later = [i for i, r in enumerate(ranks) if r is not None and r > rank]
    index = earlier[-1] + 1 if earlier else later[0] if later else len(doc.sections)
    previous = doc.sections[index - 1].lines if index > 0 else doc.preamble
    if previous and previous[-1].strip():
        previous.append("")
    doc.sections.insert(index, NoteSection(heading, body))


def remove_trailing_blanks(lines: list[str]) -> list[str]:
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    return lines[:end]
