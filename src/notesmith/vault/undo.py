"""Undo records: the before-image of every file a run changed, so `notesmith undo` can restore it exactly."""

from __future__ import annotations

import base64
import json

from notesmith.domain.plan import FileOperation, OperationKind
from notesmith.vault.journal import current_checksum
from notesmith.vault.layout import VaultLayout
from notesmith.vault.snapshot import VaultSnapshot, sha256

RUNS_DIR = "runs"
UNDONE_MARKER = "UNDONE"


class UndoError(Exception):
    """The last run cannot be undone safely; the message says why."""


def undo_record_operations(
    layout: VaultLayout, snapshot: VaultSnapshot, operations: list[FileOperation], run_id: str, step: int
) -> list[FileOperation]:
    """The operation that saves what `operations` will overwrite, written in the same transaction as them.

    One file per step, the before-images inside it: a file per image doubled the files each ingest creates.
    """
    folder = layout.state_path(RUNS_DIR, run_id, f"{step:05d}")
    manifest = []
    for op in operations:
        if op.move_from:
            # a move is undone by moving back: no before-image of a file too large to copy
            manifest.append({"path": op.path, "before": None, "after": None, "image": None, "moved_from": op.move_from})
            continue
        before = snapshot.read_bytes(op.path)
        manifest.append({"path": op.path, "before": op.before_sha256,
                         "after": None if op.content is None else sha256(op.content),
                         "image": None if before is None else base64.b64encode(before).decode("ascii")})
    return [FileOperation(kind=OperationKind.record_ledger, path=f"{folder}/manifest.json",
                          content=json.dumps(manifest, indent=1).encode())]


def _before_image(layout: VaultLayout, entry: dict) -> bytes | None:
    if entry.get("image") is not None:
        return base64.b64decode(entry["image"])
    # runs recorded before the images moved into the manifest keep them in files of their own
    return (layout.root / entry["saved"]).read_bytes() if entry.get("saved") else None


def last_run(layout: VaultLayout) -> str | None:
    runs = layout.state_dir / RUNS_DIR
    candidates = sorted(p.name for p in runs.iterdir() if p.is_dir() and not (p / UNDONE_MARKER).exists()) if runs.is_dir() else []
    return candidates[-1] if candidates else None


def undo_operations(layout: VaultLayout, run_id: str) -> list[FileOperation]:
    """The operations that put every file the run touched back as it was; refuses if any was edited since."""
    folder = layout.state_dir / RUNS_DIR / run_id
    restore: dict[str, FileOperation] = {}
    edited = []
    for manifest_path in sorted(folder.glob("*/manifest.json"), reverse=True):
        for entry in reversed(json.loads(manifest_path.read_text())):
            if entry.get("moved_from"):
                restore[entry["moved_from"]] = FileOperation(
                    kind=OperationKind.update_note, path=entry["moved_from"], move_from=entry["path"],
                    changes=["move back as before the run"])
                continue
            current = current_checksum(layout, entry["path"])
            if entry["path"] not in restore and current != entry["after"]:
                edited.append(entry["path"])
            content = _before_image(layout, entry)
            restore[entry["path"]] = FileOperation(
                kind=OperationKind.update_note, path=entry["path"], before_sha256=current, content=content,
                changes=["restore as before the run"])
    if edited:
        raise UndoError("these files changed after the run; undo would lose those edits: " + ", ".join(sorted(set(edited))))
    marker = FileOperation(kind=OperationKind.record_ledger, path=layout.state_path(RUNS_DIR, run_id, UNDONE_MARKER),
                           content=b"")
    return [*restore.values(), marker]
