"""Markdown and text notes: MacWhisper exports, summary + transcript notes, `**Name**:` transcripts, plain notes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from notesmith.domain import Section, SourceFormat
from notesmith.sources.dates import (
    coerce_date,
    find_date,
    find_file_name_date,
    find_time,
)
from notesmith.sources.formats import bold, bracketed
from notesmith.sources.markdown_doc import parse_markdown
from notesmith.sources.turns import RawTurn

_TRANSCRIPT_HEADING = re.compile(r"transcript", re.I)
_ONE_ON_ONE = re.compile(r"^\s*(?:1\s*:\s*1|1[\s-]?on[\s-]?1|one[\s-]on[\s-]one)\b\s*(?:with\b)?\s*[—–:\-]*\s*", re.I)
_TITLE_SEPARATOR = re.compile(r"\s+[—–\-|]\s+")
_EDGE_DATE = re.compile(r"^\d{4}-\d\d-\d\d[\s:,\-—–]+|[\s,\-—–]+\d{4}-\d\d-\d\d$")
_WIKILINK = re.compile(r"^\[\[([^\]|#]+)(?:[|#][^\]]*)?\]\]$")
_PEOPLE_KEYS = ("participants", "attendees", "people")


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
    doc = parse_markdown(text)
    transcript_sections = [s for s in doc.sections if _TRANSCRIPT_HEADING.search(s.heading)]
    other = [s for s in doc.sections if s not in transcript_sections]
    if transcript_sections:
        transcript_text = "\n".join(s.body for s in transcript_sections)
    else:
        transcript_text = text
    turns, line_format = _parse_turns(transcript_text)
    if turns and not transcript_sections:
        other = [s for s in other if not _parse_turns(s.body)[0]]
    preamble = doc.preamble
    if turns and not transcript_sections and _parse_turns(preamble)[0]:
        preamble = ""
    title_line, preamble = _title_line(doc.h1, preamble)
    sections = ([Section(heading="", level=0, body=preamble)] if preamble else []) + [
        s for s in other if s.body
    ]
    counterpart, title = _title_parts(doc.frontmatter.get("title") or title_line, file_stem)
    return DocumentParts(
        format=_format(turns, line_format, [s for s in sections if s.level > 0]),
        title=title,
        date=_date(doc.frontmatter, title_line, file_stem, text),
        time=find_time(title_line or "") or _frontmatter_time(doc.frontmatter),
        frontmatter=doc.frontmatter,
        known_people=_frontmatter_people(doc.frontmatter) + ([counterpart] if counterpart else []),
        counterpart=counterpart,
        turns=turns,
        sections=sections,
        warnings=doc.warnings,
    )


def _parse_turns(text: str) -> tuple[list[RawTurn], SourceFormat | None]:
    n_bracketed, n_bold = bracketed.count_lines(text), bold.count_lines(text)
    if n_bracketed and n_bracketed >= n_bold:
        return bracketed.parse_bracketed(text), SourceFormat.macwhisper
    if n_bold:
        return bold.parse_bold(text), SourceFormat.bold_speakers
    return [], None


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
    parts = [p for p in _TITLE_SEPARATOR.split(raw) if p.strip() and not _is_only_date(p)]
    title = " — ".join(p.strip() for p in parts) or raw
    counterpart = None
    match = _ONE_ON_ONE.match(raw)
    if match:
        rest = raw[match.end() :]
        name = re.split(r"\s+[—–\-|(]\s*|:\s|,", rest, maxsplit=1)[0].strip()
        counterpart = name if _looks_like_name(name) else None
    return counterpart, title


_GENERIC_STEMS = {"recording", "transcript", "meeting", "zoom", "teams", "audio", "call", "notes", "untitled"}
_RECORDER_NOISE = re.compile(r"^GMT\d{8}-\d{6}_?|\.transcript$|^\d{4}-\d\d-\d\d[\sT_\-]*|^\d{8}[\sT_\-]*", re.I)


def title_from_file_name(stem: str) -> str | None:
    """A title from a file name without dates and recorder prefixes; None when nothing meaningful is left."""
    title = _RECORDER_NOISE.sub("", stem)
    title = _RECORDER_NOISE.sub("", title).replace("_", " ").strip(" -.")
    return title if title and title.lower() not in _GENERIC_STEMS else None


def _stem_title(stem: str) -> str:
    return title_from_file_name(stem) or ""


def _is_only_date(text: str) -> bool:
    date = find_date(text)
    return date is not None and len(re.sub(r"[\d\-/.,: ]", "", text)) <= 3 or bool(
        re.fullmatch(r"\s*\d{4}-\d\d-\d\d\s*", text)
    )


def _looks_like_name(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){0,3}", text))


def _date(frontmatter: dict, title_line: str | None, file_stem: str, text: str):
    for candidate in (frontmatter.get("date"), frontmatter.get("created")):
        date = coerce_date(candidate)
        if date:
            return date
    return find_date(title_line or "") or find_file_name_date(file_stem) or find_date(text[:600])


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
