"""The fixes `doctor --fix` may make without asking: they change no meaning and touch no line a person wrote
(a task line a person only clicked the box of is still notesmith's)."""

from __future__ import annotations

import re
from collections.abc import Callable

from notesmith.domain import TaskStatus
from notesmith.domain.plan import FileOperation, OperationKind
from notesmith.notes.links import PROVENANCE, with_provenance
from notesmith.notes.markdown import NoteDoc, NoteError, parse_note, render_note
from notesmith.notes.statuses import PROPOSED_TAG, STATUS_OF
from notesmith.plan.similarity import content_words
from notesmith.vault.scaffold import DASHBOARD, EARLIER_DASHBOARDS
from notesmith.vault.snapshot import VaultSnapshot, sha256

_GENERATED_BULLET = re.compile(r"^- (?!\[.\] )")
_TASK_BOX = re.compile(r"^\s*[-*+] \[(.)\] ")
_FENCE = re.compile(r"^\s*(```|~~~)")
PROPOSED_TAG_WORD = re.compile(rf"[ \t]+{PROPOSED_TAG}(?![\w/-])")


def is_earlier_dashboard(data: bytes) -> bool:
    """TASKS.md exactly as an earlier notesmith wrote it: no one has changed it, so it may be written anew."""
    return sha256(data) in EARLIER_DASHBOARDS


def repair_operations(snapshot: VaultSnapshot, paths: list[str], relative_source: Callable[[str], str | None],
                      dashboard: str) -> list[FileOperation]:
    """One update per note that a safe fix changes: absolute `sources` made vault-relative (when the file is in
    the vault), repeated generated bullets folded into their first copy with every provenance link kept,
    #proposed dropped from tasks decided in Obsidian, and an earlier notesmith's TASKS.md replaced by `dashboard`."""
    operations = []
    for path in sorted(set(paths)):
        before = snapshot.read_bytes(path)
        if before is None:
            continue
        if path == DASHBOARD and is_earlier_dashboard(before):
            operations.append(FileOperation(kind=OperationKind.update_note, path=path, before_sha256=sha256(before),
                                            content=dashboard.encode("utf-8"),
                                            changes=["queries that run with JavaScript off"]))
            continue
        try:
            doc = parse_note(before.decode("utf-8"))
        except (NoteError, UnicodeDecodeError):
            continue
        changes = _relative_sources(doc, relative_source) + _fold_repeated_bullets(doc) + _drop_decided_proposed(doc)
        content = render_note(doc).encode("utf-8")
        if changes and content != before:
            operations.append(FileOperation(kind=OperationKind.update_note, path=path, before_sha256=sha256(before),
                                            content=content, changes=changes))
    return operations


def _relative_sources(doc: NoteDoc, relative_source: Callable[[str], str | None]) -> list[str]:
    sources = doc.frontmatter.get("sources")
    if not isinstance(sources, list):
        return []
    changes = []
    for index, value in enumerate(sources):
        relative = relative_source(value) if isinstance(value, str) else None
        if relative:
            sources[index] = relative
            changes.append(f"sources: {value} → {relative}")
    return changes


def _fold_repeated_bullets(doc: NoteDoc) -> list[str]:
    changes = []
    for section in doc.sections:
        first_by_words: dict[frozenset[str], int] = {}
        kept: list[str] = []
        for line in section.lines:
            provenance = PROVENANCE.search(line)
            words = content_words(line[: provenance.start()]) if provenance else None
            if not (provenance and _GENERATED_BULLET.match(line) and words):
                kept.append(line)
                continue
            if words in first_by_words:
                index = first_by_words[words]
                for link in re.findall(r"\[\[[^\]]+\]\]", provenance.group(1)):
                    kept[index] = with_provenance(kept[index], link)
                changes.append(f"{section.heading}: folded a repeated bullet")
                continue
            first_by_words[words] = len(kept)
            kept.append(line)
        section.lines = kept
    return changes


def _drop_decided_proposed(doc: NoteDoc) -> list[str]:
    """A box clicked in Obsidian accepts or rejects a proposal but leaves its #proposed tag, which the task edit
    of notesmith itself drops: dropped here too. Lines in code blocks are examples, never tasks."""
    changes, in_fence = [], False
    for heading, lines in [("(top)", doc.preamble), *((s.heading, s.lines) for s in doc.sections)]:
        for index, line in enumerate(lines):
            if _FENCE.match(line):
                in_fence = not in_fence
                continue
            box = None if in_fence else _TASK_BOX.match(line)
            decided = box is not None and STATUS_OF.get(box.group(1)) not in (None, TaskStatus.proposed)
            if decided and PROPOSED_TAG_WORD.search(line):
                lines[index] = PROPOSED_TAG_WORD.sub("", line)
                changes.append(f"{heading}: {PROPOSED_TAG} dropped from a decided task")
    return changes
