"""One note's text read into the rows the index keeps: note, names, tasks, items with provenance, links."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from notesmith.index.queries import TaskResult
from notesmith.notes.frontmatter import (
    FrontmatterError,
    load_frontmatter,
    split_frontmatter,
)
from notesmith.notes.links import PROVENANCE, WIKILINK
from notesmith.notes.markdown import FENCE
from notesmith.notes.sections import ITEM_KINDS, SUMMARY
from notesmith.notes.task_line import created_of, parse_task_line, task_id_of
from notesmith.resolve.names import normalize_name

_HEADING = re.compile(r"^(#{1,6}) +(.+?)\s*#*\s*$")
_TASK_START = re.compile(r"^\s*[-*+] \[(.)\] ")
_BULLET = re.compile(r"^\s*[-*+] +(?!\[.\] )(.+)$")
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_ITEM_KIND = {heading.casefold(): kind for heading, kind in ITEM_KINDS.items()}
_SUMMARY = SUMMARY.casefold()


@dataclass
class ItemRow:
    section: str
    kind: str
    text: str
    sources: list[str]
    date: str | None


@dataclass
class NoteRows:
    """Everything the index stores about one note; `error` says why its frontmatter could not be read."""

    path: str
    type: str
    title: str
    date: str | None
    frontmatter: dict
    names: list[str]
    summary: str
    body: str
    lines_before_body: int = 0
    tasks: list[TaskResult] = field(default_factory=list)
    items: list[ItemRow] = field(default_factory=list)
    links: list[tuple[str, int]] = field(default_factory=list)
    error: str | None = None


def read_note_rows(path: str, text: str) -> NoteRows:
    block, body = split_frontmatter(text)
    frontmatter, error = _frontmatter(block)
    stem = PurePosixPath(path).stem
    title = _text(frontmatter.get("title")) or stem
    note_type = _text(frontmatter.get("type")) or "note"
    rows = NoteRows(path=path, type=note_type, title=title, date=_note_date(frontmatter), frontmatter=frontmatter,
                    names=_names(title, stem, frontmatter), summary="", body=body,
                    lines_before_body=_line_offset(text, body), error=error)
    _read_body(rows, body.split("\n"), rows.lines_before_body)
    rows.links += _frontmatter_links(frontmatter)
    return rows


def _frontmatter(block: str | None) -> tuple[dict, str | None]:
    if block is None:
        return {}, None
    try:
        return load_frontmatter(block), None
    except FrontmatterError as exc:
        return {}, str(exc)


def _read_body(rows: NoteRows, lines: list[str], offset: int) -> None:
    heading, in_fence, summary = "", False, []
    for number, line in enumerate(lines, start=offset + 1):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        rows.links += [(m.group(2).strip(), number) for m in WIKILINK.finditer(line) if m.group(2).strip()]
        found = _HEADING.match(line)
        if found:
            heading = found.group(2) if len(found.group(1)) == 2 else heading
            continue
        if _TASK_START.match(line):
            task = _task_row(rows, line, number)
            if task:
                rows.tasks.append(task)
            continue
        if heading.casefold() == _SUMMARY and line.strip():
            summary.append(line.strip())
        bullet = _BULLET.match(line)
        kind = _ITEM_KIND.get(heading.casefold())
        if bullet and kind:
            rows.items.append(_item_row(heading, kind, bullet.group(1), rows.date))
    rows.summary = " ".join(summary)


def _task_row(rows: NoteRows, line: str, number: int) -> TaskResult | None:
    task = parse_task_line(line)
    if task is None:
        return None
    return TaskResult(path=rows.path, line=number, status=task.status.value, text=task.text, owner=task.owner,
                      due=_iso(task.due), done=_iso(task.done_date), created=created_of(line),
                      priority=task.priority.value if task.priority else None, task_id=task_id_of(line),
                      note_title=rows.title, symbol=_TASK_START.match(line).group(1), raw=line.strip())


def _item_row(heading: str, kind: str, text: str, note_date: str | None) -> ItemRow:
    provenance = PROVENANCE.search(text)
    sources, date = [], note_date
    if provenance:
        links = list(WIKILINK.finditer(provenance.group(1)))
        sources = [m.group(2).strip() for m in links]
        dates = [m.group(3) for m in links if m.group(3) and _ISO_DATE.fullmatch(m.group(3))]
        date = max(dates) if dates else date
        text = text[: provenance.start()]
    return ItemRow(section=heading, kind=kind, text=text.strip(), sources=sources, date=date)


def _frontmatter_links(frontmatter: dict) -> list[tuple[str, int]]:
    """Wikilinks written as property values (`organizations: ['[[Quarry Labs]]']`); line 0 = frontmatter."""
    values = [v for value in frontmatter.values() for v in (value if isinstance(value, list) else [value])]
    return [(m.group(2).strip(), 0) for v in values if isinstance(v, str) for m in WIKILINK.finditer(v)
            if m.group(2).strip()]


def _names(title: str, stem: str, frontmatter: dict) -> list[str]:
    aliases = frontmatter.get("aliases")
    aliases = [aliases] if isinstance(aliases, str) else aliases if isinstance(aliases, list) else []
    names, seen = [], set()
    for name in [title, stem, *(str(a) for a in aliases if a is not None)]:
        key = normalize_name(name)
        if key and key not in seen:
            seen.add(key)
            names.append(name)
    return names


def _note_date(frontmatter: dict) -> str | None:
    for key in ("date", "last_contact", "first_seen"):
        value = frontmatter.get(key)
        if isinstance(value, dt.date):
            return value.isoformat()[:10]
        if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
            return value.strip()
    return None


def _line_offset(text: str, body: str) -> int:
    """How many lines the frontmatter takes, so task line numbers are the file's."""
    return text[: len(text) - len(body)].count("\n")


def _text(value: object) -> str:
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) and str(value).strip() else ""


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
