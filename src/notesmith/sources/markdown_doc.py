"""A markdown note split into frontmatter, H1 and `##` sections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from notesmith.domain import Section
from notesmith.sources.frontmatter import (
    FrontmatterError,
    load_frontmatter,
    split_frontmatter,
)

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass
class MarkdownDoc:
    frontmatter: dict = field(default_factory=dict)
    h1: str | None = None
    preamble: str = ""
    sections: list[Section] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_markdown(text: str) -> MarkdownDoc:
    """Frontmatter (invalid YAML is reported, never fatal), the first H1, the sections."""
    doc = MarkdownDoc()
    block, body = split_frontmatter(text)
    if block is not None:
        try:
            doc.frontmatter = load_frontmatter(block)
        except FrontmatterError as exc:
            doc.warnings.append(str(exc))
    preamble: list[str] = []
    current: tuple[str, int, list[str]] | None = None
    in_fence = False
    for line in body.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _HEADING.match(line)
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
    while lines and lines[-1].strip() in ("", "---", "***", "___"):
        lines.pop()
    return Section(heading=heading, level=level, body="\n".join(lines).strip())
