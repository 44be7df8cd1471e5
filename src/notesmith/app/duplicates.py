"""An input already ingested leaves the Inbox: set aside among the archive's duplicates, noted in the ledger."""

from __future__ import annotations

from pathlib import PurePosixPath

from notesmith.domain.ledger import MeetingRecord
from notesmith.domain.plan import FileOperation, OperationKind
from notesmith.vault.layout import VaultLayout
from notesmith.vault.ledger import Ledger, record_path, render_record
from notesmith.vault.names import numbered
from notesmith.vault.snapshot import VaultSnapshot, sha256

DUPLICATES_FOLDER = "_duplicates"
SKIPPED_FOLDER = "_skipped"  # inputs that are no meeting (a template, another tool's note about a person)


def known_source_operations(layout: VaultLayout, snapshot: VaultSnapshot, ledger: Ledger, inbox_path: str,
                            raw: bytes, note_path: str) -> tuple[list[FileOperation], MeetingRecord | None]:
    """Move the Inbox copy to `Sources/_duplicates/` (first operation) and add it to its meeting's ledger record
    (returned, for the ledger to hold once applied)."""
    ops = set_aside_operations(layout, snapshot, DUPLICATES_FOLDER, inbox_path, raw, f"already known ({note_path})")
    target = ops[0].path
    record = next((r for r in ledger.records.values() if r.note_path == note_path), None)
    if record is None:
        return ops, None
    updated = record.model_copy(update={"duplicates": [*record.duplicates, target]})
    path = record_path(layout, record.meeting_id)
    ops.append(FileOperation(kind=OperationKind.record_ledger, path=path, before_sha256=snapshot.checksum(path),
                             content=render_record(updated), changes=["note the duplicate"]))
    return ops, updated


def set_aside_operations(layout: VaultLayout, snapshot: VaultSnapshot, folder: str, inbox_path: str, raw: bytes,
                         why: str) -> list[FileOperation]:
    """Move an Inbox file to `Sources/<folder>/` under a free name (the first operation's path)."""
    target = free_name(snapshot, f"{layout.folders.sources.rstrip('/')}/{folder}", PurePosixPath(inbox_path).name)
    return [FileOperation(kind=OperationKind.archive_source, path=target, content=raw, changes=[why]),
            FileOperation(kind=OperationKind.remove_from_inbox, path=inbox_path, before_sha256=sha256(raw),
                          changes=["moved to " + target])]


def free_name(snapshot: VaultSnapshot, folder: str, name: str, companion: str = "") -> str:
    """`folder/name`, or `folder/name (2).ext`… when that name (or its `companion`, e.g. an error note) is taken."""
    stem, suffix = PurePosixPath(name).stem, PurePosixPath(name).suffix
    candidate, n = f"{folder}/{name}", 2
    while snapshot.exists(candidate) or (companion and snapshot.exists(candidate + companion)):
        candidate = f"{folder}/{numbered(stem, n)}{suffix}"
        n += 1
    return candidate
