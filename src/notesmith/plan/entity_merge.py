"""`notesmith merge "A" "B"` planned: B's names, bullets and notes folded into A, links to B pointed at A, B removed."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

from notesmith.domain.entity import EntityKind
from notesmith.domain.plan import FileOperation, OperationKind
from notesmith.notes import markdown
from notesmith.notes import sections as sn
from notesmith.notes.frontmatter import block_list
from notesmith.notes.links import relinked
from notesmith.plan.entity_note import FRONTMATTER_ORDER
from notesmith.plan.meeting_note import set_key
from notesmith.plan.merge import merge_lines
from notesmith.vault.snapshot import VaultSnapshot


class MergeError(ValueError):
    """The two notes cannot be merged as they are; the message says why."""


def merge_operations(snapshot: VaultSnapshot, keep: str, fold: str, linking: list[str]) -> list[FileOperation]:
    """Update `keep` with everything of `fold`, rewrite links in `linking` notes, remove `fold`."""
    keep_doc, fold_doc = _parse(snapshot, keep), _parse(snapshot, fold)
    if str(keep_doc.frontmatter.get("type")) != str(fold_doc.frontmatter.get("type")):
        raise MergeError(f"{keep} is a {keep_doc.frontmatter.get('type')}, {fold} a {fold_doc.frontmatter.get('type')}")
    _merge_frontmatter(keep_doc, fold_doc, PurePosixPath(fold).stem)
    order = _section_order(keep_doc, fold_doc)
    for section in fold_doc.sections:
        lines = markdown.remove_trailing_blanks(section.lines)
        if section.heading.casefold() == sn.OPEN_TASKS.casefold():
            # a query, not content: the kept note's own query (or the folded one, renamed) shows the tasks,
            # whose owner links now point to the kept note
            if keep_doc.section(sn.OPEN_TASKS) is not None:
                continue
            lines = [line.replace(_title(fold_doc, fold), _title(keep_doc, keep)) for line in lines]
        _merge_section(keep_doc, section.heading, lines, order)
    human = [line for line in fold_doc.preamble if line.strip() and not line.startswith("# ")]
    if human:
        _merge_section(keep_doc, sn.NOTES, [f"From the note on {_title(fold_doc, fold)}:", *human], order)
    old, new = PurePosixPath(fold).stem, PurePosixPath(keep).stem
    keep_text = relinked(markdown.render_note(keep_doc), old, new)
    operations = [FileOperation(kind=OperationKind.update_note, path=keep, before_sha256=snapshot.checksum(keep),
                                content=keep_text.encode("utf-8"), changes=[f"fold in {fold}"])]
    for path in sorted(set(linking) - {keep, fold}):
        text = snapshot.read_text(path)
        repointed = relinked(text, old, new) if text is not None else None
        if repointed is not None and repointed != text:
            operations.append(FileOperation(kind=OperationKind.update_note, path=path,
                                            before_sha256=snapshot.checksum(path), content=repointed.encode("utf-8"),
                                            changes=[f"links to {old} → {new}"]))
    operations.append(FileOperation(kind=OperationKind.remove_note, path=fold, before_sha256=snapshot.checksum(fold),
                                    changes=[f"merged into {keep}"]))
    return operations


def _parse(snapshot: VaultSnapshot, path: str) -> markdown.NoteDoc:
    text = snapshot.read_text(path)
    if text is None:
        raise MergeError(f"{path} does not exist")
    try:
        return markdown.parse_note(text)
    except markdown.NoteError as exc:
        raise MergeError(f"{path}: {exc}") from exc


def _title(doc: markdown.NoteDoc, path: str) -> str:
    return str(doc.frontmatter.get("title") or PurePosixPath(path).stem)


def _merge_frontmatter(keep: markdown.NoteDoc, fold: markdown.NoteDoc, fold_stem: str) -> None:
    kept, folded = keep.frontmatter, fold.frontmatter
    names = [_title(fold, fold_stem), fold_stem, *_strings(folded.get("aliases"))]
    own = {str(kept.get("title") or "").casefold()}
    aliases = list(dict.fromkeys([*_strings(kept.get("aliases")), *(n for n in names if n.casefold() not in own)]))
    set_key(kept, "aliases", block_list(aliases), FRONTMATTER_ORDER)
    emails = list(dict.fromkeys([*_strings(kept.get("emails")), *_strings(folded.get("emails"))]))
    if emails:
        set_key(kept, "emails", block_list(emails), FRONTMATTER_ORDER)
    for key, pick in (("first_seen", min), ("last_contact", max)):
        dates = [d for d in (kept.get(key), folded.get(key)) if isinstance(d, dt.date)]
        if dates:
            set_key(kept, key, pick(dates), FRONTMATTER_ORDER)
    for key, value in folded.items():
        if key not in kept and key not in ("title", "review"):
            set_key(kept, key, value, FRONTMATTER_ORDER)


def _section_order(keep: markdown.NoteDoc, fold: markdown.NoteDoc) -> list[str]:
    """The kind's section order, then any other sections of either note, then the person's `Notes`."""
    try:
        known = sn.ENTITY_SECTIONS[EntityKind(str(keep.frontmatter.get("type")))]
    except ValueError:
        known = []
    others = [s.heading for s in (*keep.sections, *fold.sections) if s.heading not in known]
    return list(dict.fromkeys([*known, *others, sn.NOTES]))


def _merge_section(doc: markdown.NoteDoc, heading: str, lines: list[str], order: list[str]) -> None:
    """B's lines join A's section: a line A already states gains B's sources; any other line is kept as is."""
    section = doc.section(heading)
    merged, _ = merge_lines(markdown.remove_trailing_blanks(section.lines) if section else [], lines, set())
    if heading == sn.RECENT_CONTEXT:
        merged = sn.newest_first(merged)
    markdown.set_section_lines(doc, heading, merged, order)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if str(v).strip()] if isinstance(value, list) else []
