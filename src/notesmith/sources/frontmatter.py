"""YAML frontmatter split off a markdown text and loaded with a safe loader."""

from __future__ import annotations

import io
import re

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

_BLOCK = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


class FrontmatterError(ValueError):
    """The block between the `---` lines is not a YAML mapping."""


def split_frontmatter(text: str) -> tuple[str | None, str]:
    """(YAML text or None, body) — the block only when the text starts with `---`."""
    match = _BLOCK.match(text)
    if not match:
        return None, text
    return match.group(1) or "", text[match.end() :]


def load_frontmatter(block: str) -> dict:
    """The mapping in a frontmatter block; never constructs arbitrary objects."""
    try:
        data = YAML(typ="safe", pure=True).load(io.StringIO(block))
    except (YAMLError, ValueError) as exc:  # ValueError: a date-shaped value no calendar has (2026-13-45)
        raise FrontmatterError(f"invalid YAML frontmatter: {_first_line(exc)}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontmatterError("frontmatter is not a key/value mapping")
    return data


def _first_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]
