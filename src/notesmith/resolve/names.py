"""Name normalization for matching: case, accents and punctuation do not make two people."""

from __future__ import annotations

import functools
import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w\s]")


@functools.lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", without_accents).casefold().split())


def first_name(name: str) -> str:
    parts = normalize_name(name).split()
    return parts[0] if parts else ""


def names_in_text(text: str, names: list[str]) -> bool:
    """Whether any of `names` is written in `text` as whole words (case, accents, punctuation ignored)."""
    folded = f" {normalize_name(text)} "
    return any(f" {key} " in folded for key in map(normalize_name, names) if key)
