"""Safe file names for notes and archived sources (DESIGN §6)."""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_BYTES = 100
_REPLACED = re.compile(r"[\\/:|]")
_REMOVED = re.compile(r'[*?"<>#^\[\]\x00-\x1f\x7f]')


def safe_file_name(title: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """`title` as a file name (without extension) that Obsidian links and every OS accept.

    Separators and colons become '-', characters Obsidian or Windows reject are dropped,
    the result is at most `max_bytes` of UTF-8 and never ends in a dot or space.
    """
    name = unicodedata.normalize("NFC", title)
    name = _REPLACED.sub("-", name)
    name = _REMOVED.sub("", name)
    name = " ".join(name.split())
    name = _truncate_utf8(name, max_bytes).rstrip(". ")
    name = name.lstrip(". ")
    return name or "untitled"


def _truncate_utf8(text: str, max_bytes: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max_bytes].decode("utf-8", errors="ignore")


def numbered(name: str, n: int, max_bytes: int = MAX_NAME_BYTES) -> str:
    """`name (n)`, still within the byte limit."""
    suffix = f" ({n})"
    return _truncate_utf8(name, max_bytes - len(suffix.encode())).rstrip(". ") + suffix
