"""A note as frontmatter + body sections, parsed and rendered so untouched parts keep every byte."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import io
import re
from collections import OrderedDict
from dataclasses import dataclass, field

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from notesmith.sources.frontmatter import frontmatter_refusal, split_frontmatter

_SECTION_HEADING = re.compile(r"^## +(.+?)\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


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


@functools.cache
def _yaml() -> YAML:
    """One configured instance: building it scans for plug-ins, too slow to repeat for every note."""
    # The round-trip loader builds only plain mappings, sequences and scalars (no object tags): safe for untrusted input.
    yaml = YAML(typ="rt", pure=True)
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.representer.ignore_aliases = lambda *args: True  # anchors (&id001) would confuse Obsidian and people
    return yaml


def parse_note(text: str) -> NoteDoc:
    block, body = split_frontmatter(text)
    read_values = _block_values(block) if block is not None else None
    frontmatter = copy.deepcopy(read_values) if read_values is not None else CommentedMap()
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
        values = _load_block(block)
    _remember_block(block, values)
    return values


def _load_block(block: str) -> CommentedMap:
    refused = frontmatter_refusal(block)
    if refused:  # a hostile note in the vault: left untouched, like any note whose frontmatter cannot be read
        raise NoteError(f"frontmatter not read: {refused}")
    try:
        loaded = _yaml().load(io.StringIO(block))
    except (YAMLError, ValueError) as exc:  # ValueError: a date-shaped value no calendar has (2026-13-45)
        raise NoteError(f"invalid YAML frontmatter: {' '.join(str(exc).split())[:200]}") from exc
    if loaded is not None and not isinstance(loaded, CommentedMap):
        raise NoteError("frontmatter is not a key/value mapping")
    return loaded if loaded is not None else CommentedMap()


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
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _SECTION_HEADING.match(line)
        if heading:
            sections.append(NoteSection(heading.group(1)))
        elif sections:
            sections[-1].lines.append(line)
        else:
            preamble.append(line)
    return preamble, sections


def render_note(doc: NoteDoc) -> str:
    parts: list[str] = []
    if doc.frontmatter:
        parts.append("---\n" + _frontmatter_text(doc) + "---\n")
    body_lines = list(doc.preamble)
    for section in doc.sections:
        body_lines.append(f"## {section.heading}")
        body_lines.extend(section.lines)
    parts.append("\n".join(body_lines))
    return "".join(parts)


def _frontmatter_text(doc: NoteDoc) -> str:
    kept = _kept_block(doc)
    if kept is not None:
        return kept
    plain = plain_block(doc.frontmatter)
    if plain is not None:
        return plain
    return _dumped(doc.frontmatter)


def _dumped(value) -> str:
    stream = io.StringIO()
    _yaml().dump(value, stream)
    return stream.getvalue()


def plain_block(mapping: CommentedMap, indent: str = "") -> str | None:
    """The block ruamel would write for a mapping without comments or flow style whose values are one-line strings,
    ints, dates, block lists of those and such mappings; None for anything else. Each scalar is still written by
    ruamel (cached), so quoting is its own; only the layout is done here, because a full dump of every new note's
    frontmatter was a tenth of an ingest."""
    if not mapping or _has_comments(mapping):
        return None
    lines = []
    for key, value in mapping.items():
        if not isinstance(key, str) or not _PLAIN_KEY.match(key) or _scalar(key) != key:
            return None
        if isinstance(value, CommentedMap):
            inner = plain_block(value, indent + "  ")
            if inner is None:
                return None
            lines.append(f"{indent}{key}:\n{inner}")
        elif isinstance(value, CommentedSeq):
            items = [_scalar(item) for item in value]
            if _has_comments(value) or None in items:
                return None
            lines.append(f"{indent}{key}:" + ("".join(f"\n{indent}- {i}" for i in items) if items else " []") + "\n")
        else:
            text = _scalar(value)
            if text is None:
                return None
            lines.append(f"{indent}{key}: {text}\n")
    return "".join(lines)


def _has_comments(node: CommentedMap | CommentedSeq) -> bool:
    return bool(node.ca.items or node.ca.comment or node.ca.end) or node.fa.flow_style() is True


@functools.lru_cache(maxsize=8192, typed=True)
def _cached_scalar(value: str | int | dt.date) -> str | None:
    written = _dumped(CommentedMap([("k", value)]))
    if not written.startswith("k: ") or written.count("\n") != 1:
        return None  # long or multi-line: left to a full dump
    return written[3:-1]


def _scalar(value) -> str | None:
    if type(value) not in (str, int, dt.date):
        return None
    return _cached_scalar(value)


def _kept_block(doc: NoteDoc) -> str | None:
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
        _remember_block(block, copy.deepcopy(doc.frontmatter))
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


def block_list(values: list) -> CommentedSeq:
    """A YAML list written one item per line, the way Obsidian writes properties."""
    seq = CommentedSeq(values)
    seq.fa.set_block_style()
    return seq


def remove_trailing_blanks(lines: list[str]) -> list[str]:
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    return lines[:end]
