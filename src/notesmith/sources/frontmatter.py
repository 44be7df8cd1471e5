"""YAML frontmatter split off a markdown text and loaded with a safe loader, its work bounded.

An input's frontmatter is refused (the note is then read without it, with a warning) when it is larger than
MAX_FRONTMATTER_CHARS, nests deeper than MAX_FRONTMATTER_DEPTH or uses YAML aliases (`*name`, `<<: *name`):
aliases let a few lines stand for billions of values ("billion laughs"), deep nesting exhausts the recursion of
whatever walks it, and nothing an Obsidian note says needs either.
"""

from __future__ import annotations

import io
import re

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent

_BLOCK = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
# Obsidian properties run to a few hundred bytes; the pure-Python loader takes ~1 s per MB and 100x that in memory.
MAX_FRONTMATTER_CHARS = 64 * 1024
MAX_FRONTMATTER_DEPTH = 32


class FrontmatterError(ValueError):
    """The block between the `---` lines is not a YAML mapping that may be read."""


def split_frontmatter(text: str) -> tuple[str | None, str]:
    """(YAML text or None, body) — the block only when the text starts with `---`."""
    match = _BLOCK.match(text)
    if not match:
        return None, text
    return match.group(1) or "", text[match.end() :]


def load_frontmatter(block: str) -> dict:
    """The mapping in a frontmatter block; never constructs arbitrary objects, never expands an alias."""
    if len(block) > MAX_FRONTMATTER_CHARS:
        raise FrontmatterError(f"frontmatter not read: larger than {MAX_FRONTMATTER_CHARS // 1024} KB")
    try:
        refused = _refusal(block)
        data = None if refused else YAML(typ="safe", pure=True).load(io.StringIO(block))
    except (YAMLError, ValueError) as exc:  # ValueError: a date-shaped value no calendar has (2026-13-45)
        raise FrontmatterError(f"invalid YAML frontmatter: {_first_line(exc)}") from exc
    if refused:
        raise FrontmatterError(f"frontmatter not read: {refused}")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontmatterError("frontmatter is not a key/value mapping")
    return _without_surrogates(data)


_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _without_surrogates(value):
    """YAML escapes can spell UTF-16 halves (`"\\ud83d\\udcc5"`): pairs are joined into their character, a lone
    half (no UTF-8 exists for it, so no note could hold it) is dropped."""
    if isinstance(value, str):
        if not _LONE_SURROGATE.search(value):
            return value
        joined = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        return _LONE_SURROGATE.sub("", joined.replace("\ufffd", ""))
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_surrogates(v) for v in value]
    return value


_ANCHOR = re.compile(r"(?:^|[\s\[{,])&\S", re.M)
_DEEP_INDENT = re.compile(r"^ {60,}\S", re.M)


def frontmatter_refusal(block: str) -> str | None:
    """Why a frontmatter block (of an input or a vault note) may not be loaded: too large, YAML aliases, nesting
    deeper than any note needs. Cheap for ordinary blocks: the event scan runs only when an anchor, many brackets
    or deep indentation could be there."""
    if len(block) > MAX_FRONTMATTER_CHARS:
        return f"larger than {MAX_FRONTMATTER_CHARS // 1024} KB"
    brackets = block.count("[") + block.count("{")
    if not _ANCHOR.search(block) and brackets <= MAX_FRONTMATTER_DEPTH and not _DEEP_INDENT.search(block):
        return None
    try:
        return _refusal(block)
    except (YAMLError, ValueError):
        return None  # not YAML at all: the loader says so in its own words


def _refusal(block: str) -> str | None:
    """Why the block may not be loaded, from its events alone (they cost the size of the text, and are read
    without recursion): an alias is one event however much it stands for, and nesting is counted as it opens."""
    depth = 0
    for event in YAML(typ="safe", pure=True).parse(io.StringIO(block)):
        if isinstance(event, AliasEvent):
            return "it uses YAML aliases (*name), which notes never need"
        depth += isinstance(event, CollectionStartEvent) - isinstance(event, CollectionEndEvent)
        if depth > MAX_FRONTMATTER_DEPTH:
            return f"nested deeper than {MAX_FRONTMATTER_DEPTH} levels"
    return None


def _first_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]
