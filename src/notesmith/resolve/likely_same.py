"""Which person notes are likely one person: one e-mail, a lone first name and a full name, two spellings of one
name (speech recognition's `Bjarki Stephenson` for `Bjarki Steinsson`). Suggestions for a person, never a merge.

Two spellings are alike when their sound keys are equal or their letters nearly so (`names_alike`); the
thresholds were measured on made-up ASR spellings against pairs of distinct common names (tests/test_review_suggestions.py).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz.distance import JaroWinkler, Levenshtein

from notesmith.domain.entity import Entity
from notesmith.resolve.names import (
    first_name,
    given_name_forms,
    is_known_given_name,
    normalize_name,
    same_given_name,
    spelling_variants,
    surname,
)

SURNAME_SIMILARITY = 0.9  # Jaro-Winkler of two surnames under one first name: Steinson/Stevenson, not Hansen/Larsen
MIN_SOUND_KEY = 3  # shorter keys ('Li', 'Ng') say too little to call two names alike
SURNAME_KEY_PREFIX = 2  # full names are compared when their surnames' sound keys start alike (stnsn, stfnsn)
MIN_NEAR_KEY = 5  # keys one sound apart (stnsn/stfnsn) only when long enough that one sound is a small part
_SOUNDS = ((r"sch", "sk"), (r"ph", "f"), (r"ck", "k"), (r"q", "k"), (r"x", "ks"), (r"c(?=[eiy])", "s"), (r"c", "k"),
           (r"z", "s"), (r"w", "v"), (r"v", "f"), (r"dt", "t"), (r"th", "t"), (r"y", "i"),
           (r"(?<=[^aeiou])j(?=[aeiou])", "i"), (r"(?<=.)h", ""))


@dataclass
class Person:
    """A person note with what the suggestions weigh: how often they were met and whom with."""

    entity: Entity
    meetings: set[str] = field(default_factory=set)
    met_with: set[str] = field(default_factory=set)
    needs_review: bool = False

    @property
    def is_lone_name(self) -> bool:
        return len(normalize_name(self.entity.name).split()) == 1

    def strength(self) -> tuple:
        """Which of two notes is kept: the owner, a full name, the one met more often, a confirmed one."""
        return (self.entity.is_owner, not self.is_lone_name, len(self.meetings), not self.needs_review,
                bool(self.entity.emails), self.entity.name.casefold())


@dataclass
class Suggestion:
    """Fold `person` into one of `keep` (best first): `notesmith merge KEEP PERSON`; `evidence` says why."""

    person: Person
    keep: list[Person]
    evidence: list[str]


@functools.lru_cache(maxsize=65536)
def sound_key(word: str) -> str:
    """A word as it sounds, roughly: Stephenson and Stevenson → stfnsn, Steinsson and Steinson → stnsn,
    Bjarki and Biarki → brk (first letter kept, vowels after it dropped, doubled letters once)."""
    text = normalize_name(word).replace(" ", "")
    for pattern, sound in _SOUNDS:
        text = re.sub(pattern, sound, text)
    if not text:
        return ""
    rest = re.sub(r"[aeiou]", "", text[1:])
    return re.sub(r"(.)\1+", r"\1", text[0] + rest)


def given_names_alike(a: str, b: str, min_key: int = MIN_SOUND_KEY) -> bool:
    """One given name: equal, a nickname, an ASR spelling, one sound (`Caleb`/`Kaleb`), or an initial of it."""
    a, b = normalize_name(a), normalize_name(b)
    if not a or not b:
        return False
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if is_known_given_name(a) and is_known_given_name(b) and not same_given_name(a, b):
        return False  # Joan and Jon, Mark and Marc: two names in their own right
    return spelling_variants(a, b) or _same_sound(a, b, min_key)


def surnames_alike(a: str, b: str) -> bool:
    """One surname: equal, one sound, nearly one sound (`Steinsson`/`Stephenson`) or nearly the same letters."""
    a, b = normalize_name(a), normalize_name(b)
    if a == b or _same_sound(a, b):
        return True
    key_a, key_b = sound_key(a), sound_key(b)
    near_sound = min(len(key_a), len(key_b)) >= MIN_NEAR_KEY and Levenshtein.distance(key_a, key_b) <= 1
    return a[:1] == b[:1] and (near_sound or JaroWinkler.similarity(a, b) >= SURNAME_SIMILARITY)


def names_alike(a: str, b: str) -> str | None:
    """How two names of people are alike ('first name of', 'nickname', 'initial', 'sounds alike',
    'spelled alike'), or None when they are not."""
    if normalize_name(a) == normalize_name(b):
        return "same name"
    lone_a, lone_b = not surname(a), not surname(b)
    if lone_a and lone_b:
        return None
    if lone_a or lone_b:
        lone, full = (a, b) if lone_a else (b, a)
        return "first name of" if _lone_name_of(lone, first_name(full)) else None
    # a surname that agrees lets a shorter given name count by its sound (Sofia/Sophia, Mira/Meera)
    if not surnames_alike(surname(a), surname(b)) or not given_names_alike(first_name(a), first_name(b), 2):
        return None
    given_a, given_b = first_name(a), first_name(b)
    if min(len(given_a), len(given_b)) == 1:
        return "initial"
    if normalize_name(surname(a)) == normalize_name(surname(b)) and same_given_name(given_a, given_b):
        return "nickname"
    if sound_key(surname(a)) == sound_key(surname(b)) and sound_key(given_a) == sound_key(given_b):
        return "sounds alike"
    return "spelled alike"


def merge_suggestions(people: list[Person]) -> list[Suggestion]:
    """For each person note that is likely a weaker spelling of stronger ones, those ones (best first)."""
    alike: dict[int, dict[int, list[str]]] = defaultdict(dict)
    for i, j in _pairs(people):
        evidence = _evidence(people[i], people[j])
        if evidence:
            alike[i][j] = alike[j][i] = evidence
    suggestions = []
    for i, others in alike.items():
        person = people[i]
        if person.entity.is_owner:
            continue
        stronger = sorted((j for j in others if people[j].strength() > person.strength()),
                          key=lambda j: (len(people[j].met_with & person.met_with), people[j].strength()), reverse=True)
        if stronger:
            evidence = list(dict.fromkeys(e for j in stronger for e in others[j]))
            suggestions.append(Suggestion(person, [people[j] for j in stronger], evidence))
    return sorted(suggestions, key=lambda s: s.person.entity.name.casefold())


def _evidence(a: Person, b: Person) -> list[str]:
    emails = {e.casefold() for e in a.entity.emails} & {e.casefold() for e in b.entity.emails}
    how = _names_alike_any(a.entity, b.entity)
    evidence = (["same e-mail"] if emails else []) + ([how] if how else [])
    if evidence and len(a.met_with & b.met_with) >= 2:
        evidence.append("met the same people")
    return evidence


def _names_alike_any(a: Entity, b: Entity) -> str | None:
    for x in (a.name, *a.aliases):
        for y in (b.name, *b.aliases):
            how = names_alike(x, y)
            if how:
                return how
    return None


def _pairs(people: list[Person]):
    """Pairs worth comparing, found through keys rather than all pairs (a vault may know thousands of people):
    full names whose surnames start with one sound and whose given names start with one sound or are nicknames
    of each other, a lone name and the full names its given name could be, and notes sharing an e-mail."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    given_keys: dict[tuple, list[int]] = defaultdict(list)  # given name (any form, or its sound) → full names
    lone = []
    for i, person in enumerate(people):
        name = person.entity.name
        for email in person.entity.emails:
            groups[("email", email.casefold())].append(i)
        if person.is_lone_name:
            lone.append(i)
            continue
        given, family = first_name(name), sound_key(surname(name))[:SURNAME_KEY_PREFIX]
        for key in {("sound", sound_key(given)[:1]), *(("form", form) for form in given_name_forms(given))}:
            groups[(family, *key)].append(i)
        for key in {("sound", sound_key(given)), *(("form", form) for form in given_name_forms(given))}:
            given_keys[key].append(i)
    pairs = {(min(i, j), max(i, j)) for members in groups.values() for i, j in itertools.combinations(members, 2)}
    for i in lone:
        given = people[i].entity.name
        keys = [("form", form) for form in given_name_forms(given)] + [("sound", sound_key(given))]
        pairs |= {(min(i, j), max(i, j)) for key in keys for j in given_keys.get(key, ())}
    return sorted(pairs)


def _lone_name_of(lone: str, given: str) -> bool:
    """A first name said alone stands for a full name's given name only when equal, a nickname or one sound:
    looser spellings (Carla/Carlo) of a name with nothing else to agree are too many to list."""
    lone = normalize_name(lone)
    return len(lone) > 1 and (same_given_name(lone, given) or _same_sound(lone, given))


def _same_sound(a: str, b: str, min_key: int = MIN_SOUND_KEY) -> bool:
    key = sound_key(a)
    return len(key) >= min_key and key == sound_key(b)

