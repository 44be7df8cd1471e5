"""The fixes `doctor --fix` may make without asking: they change no meaning and touch no line a person wrote."""

from __future__ import annotations

import re
from collections.abc import Callable

from notesmith.domain.plan import FileOperation, OperationKind
from notesmith.plan.links import PROVENANCE
from notesmith.plan.merge import with_provenance
from notesmith.plan.similarity import content_words
from notesmith.vault.markdown import NoteDoc, NoteError, parse_note, render_note
from notesmith.vault.snapshot import VaultSnapshot, sha256

_GENERATED_BULLET = re.compile(r"^- (?!\[.\] )")


def repair_operations(snapshot: VaultSnapshot, paths: list[str],
                      relative_source: Callable[[str], str | None]) -> list[FileOperation]:
    """One update per note that a safe fix changes: absolute `sources` made vault-relative (when the file is in
    the vault) and repeated generated bullets folded into their first copy with every provenance link kept."""
    operations = []
    for path in sorted(set(paths)):
        before = snapshot.read_bytes(path)
        if before is None:
            continue
        try:
            doc = parse_note(before.decode("utf-8"))
        except (NoteError, UnicodeDecodeError):
            continue
        changes = _relative_sources(doc, relative_source) + _fold_repeated_bullets(doc)
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
