"""The failed folder: a source that cannot be ingested is set aside with an error note saying how to retry."""

from __future__ import annotations

import re
import shlex
from pathlib import Path, PurePosixPath

from notesmith.app.duplicates import free_name
from notesmith.domain.plan import FileOperation, OperationKind
from notesmith.vault.layout import VaultLayout
from notesmith.vault.snapshot import VaultSnapshot, sha256

ERROR_SUFFIX = ".error.txt"
_HASH_LINE = re.compile(r"^sha256: ([0-9a-f]{64})$", re.MULTILINE)


def dead_letter_operations(layout: VaultLayout, snapshot: VaultSnapshot, path: Path, inbox_path: str | None,
                           stage: str, reason: str, raw: bytes | None) -> tuple[str, list[FileOperation]]:
    """Where the source is set aside (a name no other failure has) and the operations that put it there with its
    error note. A source already in the failed folder stays there and gets its note rewritten. `raw` None: too
    large to copy, so it is moved."""
    failed = layout.folders.failed.rstrip("/")
    in_failed = inbox_path is not None and inbox_path.startswith(failed + "/")
    target = inbox_path if in_failed else free_name(snapshot, failed, path.name, ERROR_SUFFIX)
    note = f"{target}{ERROR_SUFFIX}"
    digest = sha256(raw) if raw is not None else None
    root = layout.root.absolute()
    text = _error_text(path.name, stage, reason, root, root / PurePosixPath(target), digest)
    explain = FileOperation(kind=OperationKind.archive_source, path=note, before_sha256=snapshot.checksum(note),
                            content=text.encode("utf-8"), changes=["explain the failure"])
    if in_failed:
        return target, [explain]
    if raw is None:
        return target, [FileOperation(kind=OperationKind.archive_source, path=target, move_from=inbox_path,
                                      changes=["set aside (moved)"]), explain]
    ops = [FileOperation(kind=OperationKind.archive_source, path=target, content=raw, changes=["set aside"]), explain]
    if inbox_path:
        ops.append(FileOperation(kind=OperationKind.remove_from_inbox, path=inbox_path, before_sha256=digest))
    return target, ops


def stale_error_notes(layout: VaultLayout, snapshot: VaultSnapshot, raw_sha256: str,
                      source_path: str | None) -> list[FileOperation]:
    """Removals of the error notes left by earlier failures of these exact bytes (or of this very file in the
    failed folder), now that it is ingested."""
    folder = layout.absolute(layout.folders.failed)
    found = []
    for note in sorted(folder.glob(f"*{ERROR_SUFFIX}")) if folder.is_dir() else []:
        relative = f"{layout.folders.failed.rstrip('/')}/{note.name}"
        text = snapshot.read_text(relative) or ""
        if relative == f"{source_path}{ERROR_SUFFIX}" or raw_sha256 in _HASH_LINE.findall(text):
            found.append(FileOperation(kind=OperationKind.remove_note, path=relative,
                                       before_sha256=snapshot.checksum(relative), changes=["the retry succeeded"]))
    return found


def _error_text(name: str, stage: str, reason: str, root: Path, where: Path, digest: str | None) -> str:
    command = f"notesmith ingest --vault {shlex.quote(str(root))} {shlex.quote(str(where))}"
    lines = [f"notesmith could not ingest {name}.", "", f"stage: {stage}", f"error: {reason}", "",
             "How to retry: fix the file (or the cause above), then run", f"    {command}",
             "or move it back into the Inbox and run `notesmith ingest`. This note is removed once it succeeds."]
    if digest:
        lines += ["", f"sha256: {digest}"]
    return "\n".join(lines) + "\n"
