"""Label lines of a written note (`**Date**: …`, `**With**: …`, `**Account**: …`) read as the fields they name."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from notesmith.sources.dates import find_date

# Which field each label fills; the labels mapped to None are the note's own metadata (kept out of its text, used
# for nothing else). A bold label is recognised anywhere in a line, the colon inside or outside the bold; a plain
# one only at the start of a line and only for the labels no sentence starts with.
_FIELDS = {
    "date": "date", "when": "date", "meeting date": "date",
    "with": "people", "attendees": "people", "participants": "people", "people": "people", "who": "people",
    "present": "people",
    "account": "organizations", "organization": "organizations", "organisation": "organizations",
    "company": "organizations", "customer": "organizations", "client": "organizations",
    "partner": "organizations",
    "time": None, "duration": None, "location": None, "where": None, "type": None, "source": None,
    "sources": None, "tags": None, "status": None, "recorded": None, "transcript": None,
}
_PLAIN_LABELS = ("date", "attendees", "participants", "present", "meeting date")
_LABEL_WORDS = "|".join(sorted((re.escape(k) for k in _FIELDS), key=len, reverse=True))
_BOLD_LABEL = re.compile(rf"(?:\*\*|__)(?P<label>{_LABEL_WORDS})\s*(?::(?:\*\*|__)|(?:\*\*|__)\s*:)[ \t]*",
                         re.IGNORECASE)
_PLAIN_LABEL = re.compile(rf"^[ \t]*(?P<label>{'|'.join(_PLAIN_LABELS)})[ \t]*:[ \t]*(?=\S)", re.IGNORECASE)
# A line in italics that names where another tool took the note from: `*Source: [[Inbox/…]]*`.
_SOURCE_LINE = re.compile(r"^\s*[*_](?:source|sources|transcript|original)\s*:.*[*_]\s*$", re.IGNORECASE)
_WIKILINK = re.compile(r"\[\[([^\]|#]*)(?:[#|][^\]]*)?\]\]")
_ADDRESS = re.compile(r"<[^<>@\s]+@[^<>\s]+>|\([^()]*\)")
_LIST_SEPARATOR = re.compile(r"\s*[,;/•·]\s*")
_PEOPLE_SEPARATOR = re.compile(r"\s*(?:[,;/•·]|\band\b|&)\s*")
_SENTENCE_END = re.compile(r"[^\W\d_]{2,}[.!?]\s*$|\?\s*$")
_MAX_VALUE_WORDS = 15
_NAME = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.\-]*(?:\s+[A-Za-zÀ-ÖØ-ÿ][\w'’.\-]*){0,4}$")


@dataclass
class NoteLabels:
    """What a note's label lines say, in the order written."""

    date: dt.date | None = None
    people: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)


def read_labels(text: str) -> tuple[NoteLabels, str]:
    """(the fields the label lines fill, the text without them). A line that held only labels goes; text around
    a label in a paragraph stays."""
    labels = NoteLabels()
    kept: list[str] = []
    for line in text.split("\n"):
        if _SOURCE_LINE.match(line):
            continue
        rest, pairs = _split_labels(line)
        for label, value in pairs:
            _fill(labels, _FIELDS[label.lower()], value)
        if not pairs or rest.strip():
            kept.append(rest if pairs else line)
    return labels, "\n".join(kept)


def _split_labels(line: str) -> tuple[str, list[tuple[str, str]]]:
    """(the line's text outside labels, [(label, value)]): a value runs to the next label or the line's end."""
    found = list(_BOLD_LABEL.finditer(line)) or list(_PLAIN_LABEL.finditer(line))
    if not found:
        return line, []
    pairs = []
    for i, match in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(line)
        pairs.append((match.group("label"), line[match.end() : end].strip()))
    if not all(_is_field_value(_FIELDS[label.lower()], value) for label, value in pairs):
        return line, []
    return line[: found[0].start()].rstrip(), pairs


def _is_field_value(field_name: str | None, value: str) -> bool:
    """A label's value is a date, names or a short note, never a sentence: `**Customer**: We need the export by
    Friday.` is a speaker's line in a bold-speaker transcript, not the note's customer."""
    if field_name == "date":
        return not value or find_date(value) is not None
    return len(value.split()) <= _MAX_VALUE_WORDS and not _SENTENCE_END.search(value)


def _fill(labels: NoteLabels, field_name: str | None, value: str) -> None:
    if field_name == "date":
        labels.date = labels.date or find_date(value)
    elif field_name in ("people", "organizations"):
        names = getattr(labels, field_name)
        separator = _PEOPLE_SEPARATOR if field_name == "people" else _LIST_SEPARATOR
        names += [n for n in _names(value, separator) if n not in names]


def _names(value: str, separator: re.Pattern) -> list[str]:
    """`[[Mira Castellanos]], Theo Lindqvist <theo@x>, Hana (design) and Owen` → the four names."""
    plain = _ADDRESS.sub(" ", _WIKILINK.sub(lambda m: m.group(1), value)).replace("*", " ")
    parts = (" ".join(part.split()).strip(" .:-") for part in separator.split(plain))
    return [part for part in parts if part and _NAME.match(part)]
