"""Vault health checks over the index and the notes' own lines; each finding says where and whether --fix can help."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import re
import sqlite3
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import PurePath

from notesmith.domain import TaskStatus
from notesmith.index.queries import notes_marked_for_review
from notesmith.index.store import SKIPPED_FOLDERS
from notesmith.notes.links import link_key, note_link_target
from notesmith.notes.statuses import PROPOSED_TAG
from notesmith.plan.dedup import same_statement
from notesmith.plan.repairs import PROPOSED_TAG_WORD, is_earlier_dashboard
from notesmith.plan.similarity import content_words
from notesmith.vault.layout import VaultLayout
from notesmith.vault.names import safe_file_name
from notesmith.vault.scaffold import DASHBOARD

CHECKS = ("duplicate-meeting", "near-duplicate-bullet", "broken-link", "placeholder", "invalid-frontmatter",
          "unsafe-file-name", "absolute-source-path", "unreadable-task", "stale-proposed-tag", "javascript-query",
          "needs-review")
SAME_MEETING_JACCARD = 0.6
_PLACEHOLDER = re.compile(
    r"_(?:unknown|tbd|n/a|none)_|\bTBD\b|\{\{[^}]*\}\}|\blorem ipsum\b|\[(?:placeholder|insert[^\]]*|todo)\]"
    r"|<(?:insert|placeholder)[^>]*>|^\s*_[^_]{3,}(?:\.\.\.|…|\?)_\s*$", re.I)
_FENCE = re.compile(r"^\s*(```|~~~)")
_DATE_KEYS = ("date", "first_seen", "last_contact")
# Obsidian Tasks reads its fields from the end of the line; what is left is the description.
_TRAILING_FIELD = re.compile(
    r"\s*(?:(?:📅|⏳|🛫|➕|✅|❌)\ufe0f?\s*\d{4}-\d\d-\d\d|🔺|⏫|🔼|🔽|⏬|🆔\ufe0f?\s*[\w-]+"
    r"|⛔\ufe0f?\s*[\w-]+(?:\s*,\s*[\w-]+)*|🔁\ufe0f?\s*[\w ,!]+|#[^\s#]+)\ufe0f?\s*$")
_FIELD_SIGN = re.compile(r"📅|⏳|🛫|➕|✅|❌|🔺|⏫|🔼|🔽|⏬|🆔|⛔|🔁")
_DATED_FIELD = re.compile(r"(📅|⏳|🛫|➕|✅|❌)\ufe0f?\s*(\S+)")
_DECIDED = {TaskStatus.open.value: "accepted", TaskStatus.in_progress.value: "accepted",
            TaskStatus.done.value: "accepted", TaskStatus.rejected.value: "rejected"}
# the lines earlier notesmith dashboards had: queries a person wrote with JavaScript of their own are theirs
_EARLIER_QUERY = re.compile(rb"^[ \t]*filter by function task\.status\.symbol ", re.M)


@dataclass(frozen=True)
class Finding:
    check: str
    path: str
    line: int | None
    message: str
    fixable: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def examine(conn: sqlite3.Connection, layout: VaultLayout) -> list[Finding]:
    """Every finding, grouped by check in the order of CHECKS."""
    notes = conn.execute("SELECT path, type, title, date, frontmatter, error FROM notes ORDER BY path").fetchall()
    findings = [
        *duplicate_meetings(conn),
        *near_duplicate_bullets(conn),
        *broken_links(conn, layout),
        *placeholders(conn),
        *invalid_frontmatter(notes),
        *unsafe_file_names(notes),
        *absolute_source_paths(notes, layout),
        *unreadable_tasks(conn),
        *stale_proposed_tags(conn),
        *javascript_queries(layout),
        *needing_review(conn),
    ]
    return sorted(findings, key=lambda f: (CHECKS.index(f.check), f.path, f.line or 0))


def duplicate_meetings(conn: sqlite3.Connection) -> list[Finding]:
    """Meeting notes of the same date that share a source or most of their words."""
    by_date = defaultdict(list)
    rows = conn.execute("SELECT notes.path, notes.date, notes.frontmatter, notes_fts.body FROM notes "
                        "JOIN notes_fts ON notes_fts.rowid = notes.id WHERE notes.type = 'meeting'")
    for path, date, frontmatter, body in rows:
        hashes = set(json.loads(frontmatter).get("source_hashes") or [])
        by_date[date].append((path, hashes, content_words(body)))
    findings = []
    for group in by_date.values():
        for (a, hashes_a, words_a), (b, hashes_b, words_b) in itertools.combinations(sorted(group), 2):
            shared = hashes_a & hashes_b
            overlap = len(words_a & words_b) / max(len(words_a | words_b), 1)
            if shared or overlap >= SAME_MEETING_JACCARD:
                why = "the same source" if shared else f"{overlap:.0%} of their words"
                findings.append(Finding("duplicate-meeting", b, None, f"same meeting as {a}? ({why})"))
    return findings


def near_duplicate_bullets(conn: sqlite3.Connection) -> list[Finding]:
    sections = defaultdict(list)
    for path, section, text, sources in conn.execute("SELECT path, section, text, sources FROM items ORDER BY rowid"):
        sections[(path, section)].append((text, json.loads(sources)))
    findings = []
    for (path, section), bullets in sections.items():
        for (a, a_sources), (b, b_sources) in itertools.combinations(bullets, 2):
            if same_statement(a, b):
                # only generated bullets (with provenance) saying exactly the same words are folded by --fix
                foldable = content_words(a) == content_words(b) and bool(a_sources) and bool(b_sources)
                findings.append(Finding("near-duplicate-bullet", path, None,
                                        f"{section}: {_short(b)!r} repeats {_short(a)!r}", fixable=foldable))
    return findings


def broken_links(conn: sqlite3.Connection, layout: VaultLayout) -> list[Finding]:
    """Links no file answers to, the way Obsidian resolves them (by file name, case-insensitively)."""
    existing = {link_key(name) for name in _vault_file_names(layout)}
    rows = conn.execute("SELECT path, target, line FROM links ORDER BY path, line")
    return [Finding("broken-link", path, line or None, f"[[{target}]] points to no note")
            for path, target, line in rows if link_key(target) not in existing]


def placeholders(conn: sqlite3.Connection) -> list[Finding]:
    findings = []
    for path, body, offset in conn.execute(
            "SELECT notes_fts.path, notes_fts.body, notes.lines_before_body FROM notes_fts "
            "JOIN notes ON notes.id = notes_fts.rowid ORDER BY notes_fts.path"):
        in_fence = False
        for number, line in enumerate(body.split("\n"), start=offset + 1):
            if _FENCE.match(line):
                in_fence = not in_fence
            elif not in_fence and _PLACEHOLDER.search(line):
                findings.append(Finding("placeholder", path, number, f"placeholder text: {_short(line.strip())!r}"))
    return findings


def invalid_frontmatter(notes: list[tuple]) -> list[Finding]:
    findings = []
    for path, _, _, _, frontmatter, error in notes:
        if error:
            findings.append(Finding("invalid-frontmatter", path, 1, error))
            continue
        data = json.loads(frontmatter)
        for key in _DATE_KEYS:
            if key in data and not _is_iso_date(data[key]):
                findings.append(Finding("invalid-frontmatter", path, 1, f"{key}: {data[key]!r} is not a YYYY-MM-DD date"))
    return findings


def unsafe_file_names(notes: list[tuple]) -> list[Finding]:
    findings = []
    for path, *_ in notes:
        stem = note_link_target(path)
        if safe_file_name(stem) != stem:
            findings.append(Finding("unsafe-file-name", path, None,
                                    f"file name breaks links or other systems; a safe name: {safe_file_name(stem)}.md"))
    return findings


def absolute_source_paths(notes: list[tuple], layout: VaultLayout) -> list[Finding]:
    findings = []
    for path, _, _, _, frontmatter, _ in notes:
        sources = json.loads(frontmatter).get("sources") or []
        for source in sources if isinstance(sources, list) else [sources]:
            if isinstance(source, str) and is_absolute_path(source):
                inside = vault_relative(source, layout) is not None
                findings.append(Finding("absolute-source-path", path, 1, f"sources lists an absolute path: {source}"
                                        + ("" if inside else " (outside the vault)"), fixable=inside))
    return findings


def unreadable_tasks(conn: sqlite3.Connection) -> list[Finding]:
    findings = []
    for path, line, raw in conn.execute("SELECT path, line, raw FROM tasks ORDER BY path, line"):
        problem = task_field_problem(raw)
        if problem:
            findings.append(Finding("unreadable-task", path, line, problem))
    return findings


def stale_proposed_tags(conn: sqlite3.Connection) -> list[Finding]:
    """Tasks decided by a click in Obsidian: the box changed, the #proposed tag stayed."""
    findings = []
    for path, line, status, raw in conn.execute("SELECT path, line, status, raw FROM tasks ORDER BY path, line"):
        if status in _DECIDED and PROPOSED_TAG_WORD.search(raw):
            findings.append(Finding("stale-proposed-tag", path, line, f"{_DECIDED[status]} task still tagged "
                                    f"{PROPOSED_TAG}", fixable=True))
    return findings


def javascript_queries(layout: VaultLayout) -> list[Finding]:
    """A TASKS.md with the queries of an earlier notesmith, which Tasks no longer runs (JavaScript in queries is off
    by default since Tasks 8.0); --fix rewrites it only while it is exactly what that notesmith wrote."""
    path = layout.absolute(DASHBOARD)
    data = path.read_bytes() if path.is_file() and not path.is_symlink() else b""
    found = _EARLIER_QUERY.search(data)
    if not found:
        return []
    line = data.count(b"\n", 0, found.start()) + 1
    return [Finding("javascript-query", DASHBOARD, line, f"{DASHBOARD} uses `filter by function` (off since Tasks 8.0)",
                    fixable=is_earlier_dashboard(data))]


def needing_review(conn: sqlite3.Connection) -> list[Finding]:
    return [Finding("needs-review", path, 1, f"{kind} {title!r} is marked review: needed")
            for path, kind, title in notes_marked_for_review(conn)]


def task_field_problem(line: str) -> str | None:
    """Why Obsidian Tasks would not read this line's fields as written, or None."""
    for sign, value in _DATED_FIELD.findall(line):
        if not _is_iso_date(value):
            return f"{sign} {value!r} is not a valid date"
    rest = re.sub(r"^\s*[-*+] \[.\] ", "", line).rstrip()
    while True:
        shorter = _TRAILING_FIELD.sub("", rest)
        if shorter == rest:
            break
        rest = shorter
    stray = _FIELD_SIGN.search(rest)
    if stray:
        return f"{stray.group(0)} is followed by text, so Obsidian Tasks reads it as part of the description"
    return None


def is_absolute_path(value: str) -> bool:
    return value.startswith(("/", "~", "\\\\")) or re.match(r"^[A-Za-z]:[\\/]", value) is not None


def vault_relative(value: str, layout: VaultLayout) -> str | None:
    """The vault-relative form of an absolute path to an existing file inside the vault, else None."""
    real = os.path.realpath(os.path.expanduser(value))
    root = os.path.realpath(layout.root)
    if not real.startswith(root + os.sep) or not os.path.exists(real):
        return None
    return PurePath(os.path.relpath(real, root)).as_posix()


def _vault_file_names(layout: VaultLayout) -> list[str]:
    names = []
    for _, subfolders, files in os.walk(layout.root):
        subfolders[:] = [d for d in subfolders if d not in SKIPPED_FOLDERS]
        names += files
    return names


def _is_iso_date(value: object) -> bool:
    if isinstance(value, dt.date):
        return True
    text = str(value)
    try:
        dt.date.fromisoformat(text[:10])
    except ValueError:
        return False
    return len(text) == 10 or text[10] in " T"


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
