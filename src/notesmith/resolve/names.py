"""Name normalization for matching: case, accents, punctuation and nicknames do not make two people."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nicknames import NickNamer

_NOT_WORD = re.compile(r"[^\w\s]")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")  # no combining mark is ASCII: only these runs are looked at
# Two spellings of one full name (ASR: "Manish Sah" for "Maneesh Sah"); tuned so "Joan Park" ≠ "Jon Park"
# is left to the given-name guard, not to this number.
FUZZY_THRESHOLD = 0.9
FIRST_NAME_VARIANT = 0.88  # a first name alone: shorter strings score lower for the same misspelling


@functools.lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    if name.isascii():  # nothing to decompose and no accent to drop: a sentence's text is mostly this
        without_accents = name
    else:
        decomposed = unicodedata.normalize("NFKD", name)
        without_accents = _NOT_ASCII.sub(_without_combining, decomposed)
    return " ".join(_NOT_WORD.sub(" ", without_accents).casefold().split())


def _without_combining(run: re.Match) -> str:
    return "".join(c for c in run.group() if not unicodedata.combining(c))


def first_name(name: str) -> str:
    parts = normalize_name(name).split()
    return parts[0] if parts else ""


def surname(name: str) -> str:
    """The last word of a name of two words or more; '' for a lone name."""
    parts = normalize_name(name).split()
    return parts[-1] if len(parts) > 1 else ""


def names_in_text(text: str, names: list[str]) -> bool:
    """Whether any of `names` is written in `text` as whole words (case, accents, punctuation ignored)."""
    folded = f" {normalize_name(text)} "
    return any(f" {key} " in folded for key in map(normalize_name, names) if key)


# The nickname table and the fuzzy matcher load when a name is first compared, not on import: the read commands
# only normalize names.
@functools.lru_cache(maxsize=1)
def _nicknamer() -> NickNamer:
    from nicknames import NickNamer

    return NickNamer()


def _similarity(a: str, b: str) -> float:
    from rapidfuzz.distance import JaroWinkler

    return JaroWinkler.similarity(a, b)


@functools.lru_cache(maxsize=65536)
def same_given_name(a: str, b: str) -> bool:
    """Two first names of one person: equal, or one a nickname of the other (Bob/Robert, not Bill/Will)."""
    a, b = normalize_name(a), normalize_name(b)
    if a == b:
        return True
    namer = _nicknamer()
    return b in namer.nicknames_of(a) or b in namer.canonicals_of(a)


def given_name_forms(name: str) -> set[str]:
    """A first name and every nickname or full form of it (robert → bob, rob, bobby…), normalized."""
    key = normalize_name(name)
    namer = _nicknamer()
    return {key, *namer.nicknames_of(key), *namer.canonicals_of(key)} if key else set()


def is_known_given_name(name: str) -> bool:
    namer = _nicknamer()
    key = normalize_name(name)
    return bool(namer.nicknames_of(key) or namer.canonicals_of(key))


def spelling_variants(a: str, b: str) -> bool:
    """Two spellings of one first name, as speech recognition produces them (Manish/Maneesh).

    Two different given names that happen to look alike (Joan/Jon, Mark/Marc) are not variants:
    when both spellings are names in their own right, only a nickname relation joins them.
    """
    a, b = normalize_name(a), normalize_name(b)
    if same_given_name(a, b):
        return True
    if is_known_given_name(a) and is_known_given_name(b):
        return False
    return _similarity(a, b) >= FIRST_NAME_VARIANT and a[:1] == b[:1]


def same_person_name(a: str, b: str) -> bool:
    """Full names that mean one person: surnames equal and first names the same, nicknames or spelling variants."""
    if not surname(a) or surname(a) != surname(b):
        return False
    if normalize_name(a) == normalize_name(b):
        return True
    if not spelling_variants(first_name(a), first_name(b)):
        return False
    return same_given_name(first_name(a), first_name(b)) or _similarity(
        normalize_name(a), normalize_name(b)) >= FUZZY_THRESHOLD
