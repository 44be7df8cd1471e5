"""Markdown and text notes: MacWhisper exports, summary + transcript notes, `**Name**:` and `Name: text`
transcripts, plain notes; templates and other tools' entity notes refused as no meeting."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from notesmith.domain import Section, SourceFormat
from notesmith.sources.dates import (
    coerce_date,
    find_date,
    find_file_name_date,
    find_time,
    is_only_date,
)
from notesmith.sources.errors import SourceError
from notesmith.sources.formats.speech import is_transcript, parse_turns
from notesmith.sources.markdown_doc import MarkdownDoc, parse_markdown
from notesmith.sources.note_structure import has_placeholder
from notesmith.sources.segment import segment_long_lines
from notesmith.sources.turns import RawTurn

_TRANSCRIPT_HEADING = re.compile(r"transcript", re.I)
_ONE_ON_ONE = re.compile(r"^\s*(?:1\s*:\s*1|1[\s-]?on[\s-]?1|one[\s-]on[\s-]one)\b\s*(?:with\b)?\s*[—–:\-]*\s*", re.I)
_TITLE_SEPARATOR = re.compile(r"\s+[—–\-|]\s+")
_EDGE_DATE = re.compile(r"^\d{4}-\d\d-\d\d[\s:,\-—–]+|[\s,\-—–]+\d{4}-\d\d-\d\d$")
_WIKILINK = re.compile(r"^\[\[([^\]|#]+)(?:[|#][^\]]*)?\]\]$")
_PEOPLE_KEYS = ("participants", "attendees", "people")
_RAW_H1 = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)
# Another tool's notes about a person, an organization or a project (the predecessor's `type: person`,
# `type: customer` without a meeting date) are not meetings, whatever sections they carry.
_ENTITY_TYPES = {"person", "contact", "organization", "organisation", "company", "project"}
_ACCOUNT_TYPES = {"customer", "account", "partner", "vendor", "prospect", "client"}


class NotAMeeting(SourceError):
    """A note that is no meeting (a template, another tool's note about a person or an organization): read, and
    left out on purpose; the reason says what it is."""


@dataclass
class DocumentParts:
    """What a note says about itself, before speakers are resolved."""

    format: SourceFormat
    title: str | None
    date: object
    time: object
    frontmatter: dict
    known_people: list[str]
    counterpart: str | None
    turns: list[RawTurn] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_document(text: str, file_stem: str) -> DocumentParts:
    """The parts of a note; NotAMeeting (named by `file_stem`) for a template or another tool's entity note."""
    text = segment_long_lines(text)
    doc = parse_markdown(text)
    transcript_sections = [s for s in doc.sections if _TRANSCRIPT_HEADING.search(s.heading)]
    other = [s for s in doc.sections if s not in transcript_sections]
    if transcript_sections:
        transcript_text = "\n".join(s.body for s in transcript_sections)
    else:
        transcript_text = doc.body
    turns, line_format = parse_turns(transcript_text)
    _refuse_what_is_no_meeting(doc, text, file_stem, bool(turns))
    if turns and not transcript_sections:
        other = [s for s in other if not is_transcript(s.body)]
    preamble = doc.preamble
    if turns and not transcript_sections and is_transcript(preamble):
        preamble = ""
    title_line, preamble = _title_line(doc.h1, preamble)
    sections = ([Section(heading="", level=0, body=preamble)] if preamble else []) + [
        s for s in other if s.body
    ]
    counterpart, title = _title_parts(doc.frontmatter.get("title") or title_line, file_stem)
    people = _unique(_frontmatter_people(doc.frontmatter) + doc.labels.people + ([counterpart] if counterpart else []))
    return DocumentParts(
        format=_format(turns, line_format, [s for s in sections if s.level > 0]),
        title=title,
        date=_date(doc, title_line, file_stem, text),
        time=find_time(title_line or "") or _frontmatter_time(doc.frontmatter),
        frontmatter=_with_label_organizations(doc),
        known_people=people,
        counterpart=counterpart,
        turns=turns,
        sections=sections,
        warnings=doc.warnings,
    )


def _refuse_what_is_no_meeting(doc: MarkdownDoc, text: str, file_stem: str, has_turns: bool) -> None:
    """A template (its title a placeholder) or another tool's note about a person or an organization is read as
    no meeting: the reason says what it is, so the owner knows why it was left out."""
    raw_h1 = _RAW_H1.search(text)
    title = str(doc.frontmatter.get("title") or (raw_h1.group(1) if raw_h1 else ""))
    if has_placeholder(title):
        raise NotAMeeting(file_stem, f"not a meeting: a template (its title is the placeholder {title.strip()})")
    if has_turns:
        return
    kind = str(doc.frontmatter.get("type") or "").strip().casefold()
    dated = coerce_date(doc.frontmatter.get("date")) or doc.labels.date
    if kind in _ENTITY_TYPES:
        raise NotAMeeting(file_stem, f"not a meeting: a {kind} note written by another tool (frontmatter "
                                     f"type: {kind}); notesmith writes its own from meetings")
    if kind in _ACCOUNT_TYPES and not dated:
        raise NotAMeeting(file_stem, f"not a meeting: a {kind} note written by another tool (frontmatter "
                                     f"type: {kind}, no meeting date); notesmith writes its own from meetings")


def _format(turns: list[RawTurn], line_format: SourceFormat | None, sections: list[Section]) -> SourceFormat:
    if turns:
        return SourceFormat.summary_transcript if sections else line_format
    return SourceFormat.structured_note if sections else SourceFormat.plain_notes


def _title_line(h1: str | None, preamble: str) -> tuple[str | None, str]:
    """The H1, or for a plain text note its first line when that reads as a title."""
    if h1:
        return h1, preamble
    lines = preamble.split("\n")
    first = lines[0].strip() if lines else ""
    if first and len(first) <= 120 and not re.match(r"^([-*+>]|\d+[.)]|\[)", first):
        return first, "\n".join(lines[1:]).strip()
    return None, preamble


def _title_parts(title_line: str | None, file_stem: str) -> tuple[str | None, str | None]:
    """(1:1 counterpart, title without its date) from the title line or the file name."""
    raw = str(title_line).strip() if title_line else _stem_title(file_stem)
    if not raw:
        return None, None
    raw = _EDGE_DATE.sub("", raw).strip() or raw
    parts = [p for p in _TITLE_SEPARATOR.split(raw) if p.strip() and not is_only_date(p)]
    title = " — ".join(p.strip() for p in parts) or raw
    counterpart = None
    match = _ONE_ON_ONE.match(raw)
    if match:
        rest = raw[match.end() :]
        name = re.split(r"\s+[—–\-|(]\s*|:\s|,", rest, maxsplit=1)[0].strip()
        counterpart = name if _looks_like_name(name) else None
    return counterpart, title


# Words a recorder or an app names its files with; a file name made only of them (and dates, times, a copy
# number) says nothing of the meeting: "GMT20260305-150000_Recording", "20251028 0800 Parallels Transcription",
# "Teams Meeting (Parallels) Transcription (2)".
_RECORDER_WORDS = {
    "recording", "recordings", "recorded", "transcript", "transcription", "transcribed", "meeting", "zoom",
    "teams", "microsoft", "parallels", "audio", "video", "call", "notes", "untitled", "new", "otter", "macwhisper",
    "whisper", "gmt", "export", "rec", "screen", "capture", "desktop", "copy",
}
# A leading date, with the time recorders write after it (`2025-02-04T0930`, `20251028 0800`, `GMT20250121-170000`);
# a `T` counts only before a time, so "2025-02-04 Tidewater intro" keeps its T.
_LEADING_DATE = re.compile(
    r"^(?:GMT)?(?:\d{4}-\d\d-\d\d|\d{8})(?:[T_ \-]?\d\d[:.\-h]?\d\d(?:[:.\-]?\d\d)?(?!\d))?[\s_\-.]*", re.I)
_COPY_NUMBER = re.compile(r"\s*\(\d{1,3}\)$")


def title_from_file_name(stem: str) -> str | None:
    """A title from a file name without dates, times, copy numbers and recorder words; None when nothing
    meaningful is left."""
    title = _COPY_NUMBER.sub("", stem.strip())
    title = re.sub(r"\.transcript$", "", title, flags=re.I)
    title = _LEADING_DATE.sub("", title).replace("_", " ").strip(" -.")
    words = re.findall(r"[^\W\d_]+|\d+", title.lower())
    if not words or all(w in _RECORDER_WORDS or w.isdigit() for w in words):
        return None
    return title


def _stem_title(stem: str) -> str:
    return title_from_file_name(stem) or ""


def _looks_like_name(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){0,3}", text))


def _date(doc: MarkdownDoc, title_line: str | None, file_stem: str, text: str):
    """The frontmatter's date, the `**Date**:` label's, the title's, the file name's, the text's first lines' (the
    frontmatter's own lines only when they could not be read as YAML), or a date alone on the note's last line."""
    for candidate in (doc.frontmatter.get("date"), doc.labels.date, doc.frontmatter.get("created")):
        date = coerce_date(candidate)
        if date:
            return date
    head = text if doc.warnings else doc.body
    return (find_date(title_line or "") or find_file_name_date(file_stem) or find_date(head[:600])
            or _last_line_date(doc.body))


def _last_line_date(body: str):
    lines = [line for line in body.rstrip().split("\n")[-3:] if line.strip()]
    return find_date(lines[-1]) if lines and is_only_date(lines[-1]) else None


def _with_label_organizations(doc: MarkdownDoc) -> dict:
    """The frontmatter, with the organizations the `**Account**:` labels name under `organizations` (what the
    frontmatter lists comes first)."""
    if not doc.labels.organizations:
        return doc.frontmatter
    listed = doc.frontmatter.get("organizations")
    listed = listed if isinstance(listed, list) else []
    return {**doc.frontmatter, "organizations": _unique([*map(str, listed), *doc.labels.organizations])}


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _frontmatter_time(frontmatter: dict):
    value = frontmatter.get("time") or frontmatter.get("date")
    return find_time(str(value)) if isinstance(value, str) else None


def _frontmatter_people(frontmatter: dict) -> list[str]:
    values: list = []
    entities = frontmatter.get("entities")
    if isinstance(entities, dict) and isinstance(entities.get("people"), list):
        values += entities["people"]
    for key in _PEOPLE_KEYS:
        if isinstance(frontmatter.get(key), list):
            values += frontmatter[key]
    names = []
    for value in values:
        if isinstance(value, str):
            link = _WIKILINK.match(value.strip())
            name = (link.group(1) if link else value).strip()
            if name and name not in names:
                names.append(name)
    return names
