"""Speaker labels to people: config map, names in the labels, glued names, 1:1 rule, introductions.

A label that none of these resolves stays a label; it never becomes a person.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from rapidfuzz import fuzz

from notesmith.sources.context import ReadContext
from notesmith.sources.turns import RawTurn

_DEVICE_WORDS = {
    "remote", "local", "microphone", "mic", "unknown", "speaker", "system", "audio", "input",
    "output", "headset", "headphones", "jabra", "airpods", "macbook", "iphone", "ipad", "usb",
    "zoom", "teams", "webex", "meet", "parallels", "desktop", "built-in", "builtin", "external",
    "logitech", "poly", "polycom", "sennheiser", "bose", "sony", "yeti", "rode", "shure", "room",
    "conference", "participant", "guest", "host", "caller", "interviewer", "interviewee", "me",
    "other", "them", "you", "channel", "track", "mac", "pc", "laptop", "phone", "device",
}
_NAME_WORD = r"[A-Z][a-zà-öø-ÿ'’\-]+"
_PARTICLE = r"(?:van|von|de|der|den|da|del|di|du|la|le|bin|al)"
_PERSON_NAME = re.compile(rf"^{_NAME_WORD}(?:\s+{_PARTICLE})*(?:\s+{_NAME_WORD}(?:\s+{_PARTICLE})*){{0,3}}$")
_GLUED_NAME = re.compile(rf"^({_NAME_WORD}(?: {_NAME_WORD}){{1,2}})(?=[A-Z][a-z]|[A-Z]\b|\d|[\"“(])")
_INTRODUCTION = re.compile(
    rf"\b(?:I'm|I am|my name is|my name's|this is)\s+({_NAME_WORD}(?: {_NAME_WORD})?)"
    r"(?=\s*(?:[,.;!?]|and\b|from\b|here\b|speaking\b|$))"
)
_NOT_NAMES = {
    "okay", "ok", "sorry", "sure", "not", "just", "so", "yes", "yeah", "good", "fine", "here",
    "back", "ready", "done", "also", "going", "still", "really", "actually", "afraid", "glad",
    "happy", "the", "a", "an", "in", "on", "at", "it", "i", "we", "english", "canadian", "british",
    "american", "german", "french", "dutch", "scottish", "irish", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "i'm", "i’m", "i'll", "i've", "i'd", "user", "project",
    "marketing", "industrial", "interface", "manager", "designer", "expert",
}
INTRODUCTION_WINDOW_SECONDS = 300.0


def is_device_label(label: str) -> bool:
    """True for microphone/app labels and generic ones (`Remote`, `Jabra Speak 710`, `Speaker 1`)."""
    text = label.strip()
    if not text or any(c.isdigit() for c in text) or "." in text:
        return True
    words = re.split(r"[\s_]+", text.lower())
    if words[0] == "speaker":
        return True
    return any(w in _DEVICE_WORDS for w in words)


def looks_like_person_name(label: str) -> bool:
    return not is_device_label(label) and bool(_PERSON_NAME.match(label.strip()))


def split_glued_name(text: str, known_names: list[str]) -> tuple[str | None, str]:
    """(`Alex Morgan`, `Busy week`) for `Alex MorganBusy week`; (None, text) otherwise.

    Known names are split whenever glued to the following word; an unknown name
    is only reported here and trusted by the caller when it recurs.
    """
    return _GluedNames(known_names).split(text)


class _GluedNames:
    """The known names by their first letter, longest first: a turn is compared with the few it could start with
    (a note's frontmatter may list thousands, a transcript have a hundred thousand turns)."""

    def __init__(self, known_names: list[str]) -> None:
        self.by_initial: dict[str, list[str]] = defaultdict(list)
        for name in sorted((n for n in known_names if n), key=len, reverse=True):
            self.by_initial[name[0]].append(name)

    def split(self, text: str) -> tuple[str | None, str]:
        stripped = text.lstrip()
        for name in self.by_initial.get(stripped[:1], ()):
            if stripped.startswith(name):
                rest = stripped[len(name) :]
                if rest and (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"“("):
                    return name, rest.strip()
        match = _GLUED_NAME.match(stripped)
        if match:
            return match.group(1), stripped[match.end() :].strip()
        return None, text


def resolve_speakers(
    turns: list[RawTurn],
    ctx: ReadContext,
    known_people: list[str],
    counterpart: str | None,
) -> list[str]:
    """Set `turn.speaker` on every turn it can; return the labels left unresolved.

    `known_people` are names the document itself states (frontmatter, H1);
    `counterpart` is the other person of a 1:1, when the note says it is one.
    """
    known = list(dict.fromkeys([*ctx.owner.names(), *ctx.speaker_map.values(), *known_people]))
    glued = _split_glued_names(turns, known)
    mapping: dict[str, str] = {}
    for label in dict.fromkeys(t.label for t in turns):
        person = ctx.mapped_speaker(label) or _name_from_label(label) or glued.get(label)
        if person:
            mapping[label] = person
    _apply_one_on_one_rule(turns, mapping, ctx, counterpart)
    _apply_introductions(turns, mapping)
    for turn in turns:
        turn.speaker = turn.speaker or mapping.get(turn.label)
    return [label for label in dict.fromkeys(t.label for t in turns) if label not in mapping and label]


def _name_from_label(label: str) -> str | None:
    return label.strip() if looks_like_person_name(label) else None


def _split_glued_names(turns: list[RawTurn], known: list[str]) -> dict[str, str]:
    """Strip glued names off device-labelled turns; map a label when all its names agree."""
    found: dict[str, list[tuple[RawTurn, str, str]]] = defaultdict(list)
    names = _GluedNames(known)
    for turn in turns:
        if not is_device_label(turn.label):
            continue
        name, rest = names.split(turn.text)
        if name:
            found[turn.label].append((turn, name, rest))
    mapping: dict[str, str] = {}
    for label, hits in found.items():
        counts = Counter(name for _, name, _ in hits)
        trusted = {n for n, c in counts.items() if n in known or c >= 2}
        for turn, name, rest in hits:
            if name in trusted:
                turn.text, turn.speaker = rest, name
        if len(counts) == 1 and trusted:
            mapping[label] = next(iter(trusted))
    return mapping


def _apply_one_on_one_rule(
    turns: list[RawTurn], mapping: dict[str, str], ctx: ReadContext, counterpart: str | None
) -> None:
    """In a 1:1, `Remote` (or the one label left) is the counterpart; the other side the owner.

    A title naming the owner (`1:1 — Jordan Avery` from the owner's own recorder) names no counterpart.
    """
    if not counterpart or counterpart.strip().casefold() in {n.casefold() for n in ctx.owner.names()}:
        return
    labels = list(dict.fromkeys(t.label for t in turns))
    unresolved = [label for label in labels if label not in mapping]
    for label in unresolved:
        if label.strip().casefold() == "remote" and counterpart not in mapping.values():
            mapping[label] = counterpart
    unresolved = [label for label in labels if label not in mapping]
    if len(labels) == 2 and len(unresolved) == 1:
        taken = set(mapping.values())
        if counterpart not in taken:
            mapping[unresolved[0]] = counterpart
        elif ctx.owner.name and ctx.owner.name not in taken:
            mapping[unresolved[0]] = ctx.owner.name


def _apply_introductions(turns: list[RawTurn], mapping: dict[str, str]) -> None:
    """`I'm Laura` early in the meeting names an otherwise unresolved label.

    A label's first introduction counts ("I'm Craig and I'm the designer"); a name
    two labels claim names neither.
    """
    first = next((t.start for t in turns if t.start is not None), 0.0)
    names: dict[str, str] = {}
    for turn in turns:
        if turn.label in mapping or turn.label in names or turn.speaker:
            continue
        if turn.start is not None and turn.start - first > INTRODUCTION_WINDOW_SECONDS:
            continue
        for match in _INTRODUCTION.finditer(turn.text):
            name = match.group(1)
            if not any(word.lower() in _NOT_NAMES for word in name.split()):
                names[turn.label] = name
                break
    taken, mapped = Counter(names.values()), set(mapping.values())
    for label, name in names.items():
        if taken[name] == 1 and name not in mapped:
            mapping[label] = name


def merge_double_transcriptions(turns: list[RawTurn], window: float = 3.0) -> list[RawTurn]:
    """Drop the copy of a line transcribed twice (two labels, same words, same moment).

    The copy kept is the one with a resolved speaker; the other is dropped.
    """
    kept: list[RawTurn] = []
    for turn in turns:
        twin = next((k for k in range(max(0, len(kept) - 2), len(kept)) if _is_double(kept[k], turn, window)), None)
        if twin is None:
            kept.append(turn)
        elif kept[twin].speaker is None and turn.speaker is not None:
            kept[twin] = turn
    return kept


# A line transcribed twice is a sentence or two; comparing longer texts letter by letter costs their lengths
# multiplied, so beyond this they are doubles only when equal.
DOUBLE_COMPARED_CHARS = 2000


def _is_double(a: RawTurn, b: RawTurn, window: float) -> bool:
    if len(a.text) < 12:
        return False
    if a.start is not None and b.start is not None and abs(a.start - b.start) > window:
        return False
    if max(len(a.text), len(b.text)) > DOUBLE_COMPARED_CHARS:
        return a.text.casefold() == b.text.casefold()
    return fuzz.ratio(a.text.casefold(), b.text.casefold(), score_cutoff=92) >= 92
