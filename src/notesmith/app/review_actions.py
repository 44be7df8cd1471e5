"""Settling one review-queue entry by its id: merge a spelling, mark a note checked, or dismiss a name."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field

from notesmith.app.edit_run import apply_edit_run
from notesmith.app.merge import merge_entities
from notesmith.app.queries import find_note
from notesmith.app.review import dismiss, review_queue
from notesmith.app.transaction import Vault
from notesmith.config import Config
from notesmith.domain.plan import FileOperation, OperationKind
from notesmith.index.queries import AmbiguousName, EntityRef, find_entity
from notesmith.notes.markdown import NoteError, parse_note, render_note
from notesmith.review.queue import MERGE_SUGGESTION, NOT_A_PERSON, ReviewEntry
from notesmith.vault.snapshot import VaultSnapshot, sha256

ACCEPT = "accept"
DECLINE = "decline"
ACTIONS = (ACCEPT, DECLINE)
CHECK_PREFIX = "check-"  # a note marked `review: needed`


class UnknownEntry(LookupError):
    """No open review entry has this id (it was settled, or the vault changed)."""


class NotAChoice(ValueError):
    """The action does not apply to the entry; the message says what does."""


@dataclass(frozen=True)
class Choice:
    action: str  # accept | decline
    label: str  # what the button says
    into: str | None = None  # accept: the note a spelling is merged into


@dataclass(frozen=True)
class OpenEntry:
    id: str
    entry: ReviewEntry
    choices: list[Choice] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"id": self.id, **self.entry.as_dict(),
                "actions": [{"action": c.action, "label": c.label, "into": c.into} for c in self.choices]}


def entry_id(entry: ReviewEntry) -> str:
    """Stable while the entry is open: from why it is there, the name and the note."""
    return hashlib.sha256(f"{entry.reason}\n{entry.name}\n{entry.note or ''}".encode()).hexdigest()[:12]


def open_entries(vault: Vault, config: Config, conn: sqlite3.Connection) -> list[OpenEntry]:
    return [OpenEntry(entry_id(e), e, _choices(e)) for e in review_queue(vault, config, conn)]


def settle(vault: Vault, config: Config, conn: sqlite3.Connection, wanted_id: str, action: str, into: str | None,
           run_id: str) -> str:
    """Do what the person chose for the entry; one sentence saying what was done (undo reverts a merge or a check)."""
    found = next((e for e in open_entries(vault, config, conn) if e.id == wanted_id), None)
    if found is None:
        raise UnknownEntry(f"no open review entry has the id {wanted_id!r}: it may be settled already")
    choices = [c for c in found.choices if c.action == action and (into is None or c.into == into)]
    if not choices:
        offered = "; ".join(f"{c.action}{f' into {c.into}' if c.into else ''}" for c in found.choices) or "nothing"
        raise NotAChoice(f"{action!r}{f' into {into!r}' if into else ''} does not settle {found.entry.name!r}; "
                         f"it can be: {offered}")
    if len(choices) > 1:
        raise NotAChoice(f"say which note to merge {found.entry.name!r} into: "
                         + ", ".join(c.into or "" for c in choices))
    return _apply(vault, conn, found.entry, choices[0], run_id)


def mark_checked(vault: Vault, path: str, run_id: str) -> list[str]:
    """Remove `review: needed` from a note's frontmatter (a person checked it), as one undoable run."""

    def plan(snapshot: VaultSnapshot) -> list[FileOperation]:
        before = snapshot.read_bytes(path)
        if before is None:
            raise UnknownEntry(f"{path} is gone")
        try:
            doc = parse_note(before.decode("utf-8"))
        except (NoteError, UnicodeDecodeError) as exc:
            raise NotAChoice(f"{path} cannot be rewritten ({exc}); remove `review: needed` by hand") from exc
        if str(doc.frontmatter.get("review", "")).casefold() != "needed":
            return []
        del doc.frontmatter["review"]
        return [FileOperation(kind=OperationKind.update_note, path=path, before_sha256=sha256(before),
                              content=render_note(doc).encode("utf-8"), changes=["checked: review mark removed"])]

    return apply_edit_run(vault, plan, run_id, f"notesmith review: {path} checked")


def _choices(entry: ReviewEntry) -> list[Choice]:
    if entry.reason == MERGE_SUGGESTION:
        return [*(Choice(ACCEPT, f"Merge into {c}", c) for c in entry.candidates),
                Choice(DECLINE, "Not the same")]
    if entry.reason == NOT_A_PERSON:
        return [*(Choice(ACCEPT, f"Merge into {c}", c) for c in entry.candidates), Choice(DECLINE, "Keep as it is")]
    if entry.reason.startswith(CHECK_PREFIX) and entry.note:
        return [Choice(ACCEPT, "Looks right")]
    return [Choice(DECLINE, "Dismiss")]


def _apply(vault: Vault, conn: sqlite3.Connection, entry: ReviewEntry, choice: Choice, run_id: str) -> str:
    if choice.action == DECLINE:
        dismiss(vault, [entry.name])
        return f"{entry.name} dismissed: it is no longer listed for review"
    if choice.into is None:
        mark_checked(vault, entry.note or "", run_id)
        return f"{entry.note} marked as checked"
    keep, fold = _entity(conn, choice.into), _note_entity(conn, entry.note or "")
    changed = merge_entities(vault, conn, keep, fold, run_id)
    return f"merged {fold.title} into {keep.title}: {max(0, len(changed) - 1)} notes updated, {fold.path} removed"


def _entity(conn: sqlite3.Connection, name: str) -> EntityRef:
    try:
        entity = find_entity(conn, name)
    except AmbiguousName as exc:
        raise NotAChoice(str(exc)) from exc
    if entity is None:
        raise UnknownEntry(f"no person, organization or project called {name!r}")
    return entity


def _note_entity(conn: sqlite3.Connection, path: str) -> EntityRef:
    head = find_note(conn, path)
    return EntityRef(head.path, head.type, head.title, ())
