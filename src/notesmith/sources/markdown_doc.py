"""A markdown note split into frontmatter, label fields, H1 and `##` sections, only its own text kept."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from notesmith.domain import Section
from notesmith.notes.frontmatter import (
    FrontmatterError,
    load_frontmatter,
    split_frontmatter,
)
from notesmith.sources.formats.speech import is_transcript
from notesmith.sources.note_labels import NoteLabels, read_labels
from notesmith.sources.note_structure import readable_text

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
# A section holding what was asked of a model ("## Prompt", "## System prompt") is no part of the meeting.
_PROMPT_HEADING = re.compile(r"\bprompts?\b", re.IGNORECASE)


@dataclass
class MarkdownDoc:
    frontmatter: dict = field(default_factory=dict)
    labels: NoteLabels = field(default_factory=NoteLabels)
    h1: str | None = None
    body: str = ""
    preamble: str = ""
    sections: list[Section] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_markdown(text: str) -> MarkdownDoc:
    """Frontmatter (invalid YAML is reported, never fatal), the label lines' fields, the first H1, the sections.

    `body` is the text after the frontmatter without fences (but a transcript's), comments, placeholders and
    label lines (note_structure, note_labels); the H1 and the sections are read from it."""
    doc = MarkdownDoc()
    block, body = split_frontmatter(text)
    if block is not None:
        try:
            doc.frontmatter = load_frontmatter(block)
        except FrontmatterError as exc:
            doc.warnings.append(str(exc))
    doc.labels, doc.body = read_labels(readable_text(body, is_transcript))
    preamble: list[str] = []
    current: tuple[str, int, list[str]] | None = None
    for line in doc.body.split("\n"):
        heading = _HEADING.match(line)
        if heading and len(heading.group(1)) == 1 and doc.h1 is None and current is None:
            doc.h1 = heading.group(2).strip()
            continue
        if heading and len(heading.group(1)) <= 3:
            if current:
                doc.sections.append(_section(current))
            current = (heading.group(2).strip(), len(heading.group(1)), [])
            continue
        (current[2] if current else preamble).append(line)
    if current:
        doc.sections.append(_section(current))
    doc.preamble = "\n".join(preamble).strip()
    return doc


def _section(current: tuple[str, int, list[str]]) -> Section:
    heading, level, lines = current
    if _PROMPT_HEADING.search(heading):
        lines = []
    while lines and lines[-1].strip() in ("", "---", "***", "___"):
        lines.pop()
    return Section(heading=heading, level=level, body="\n".join(lines).strip())
