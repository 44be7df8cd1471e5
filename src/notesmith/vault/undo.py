"""Undo records: the before-image of every file a run changed, so `notesmith undo` can restore it exactly."""

from __future__ import annotations

import base64
import json
from collections.abc import Set as AbstractSet
from pathlib import Path

from notesmith.domain.plan import FileOperation, OperationKind
from notesmith.vault.journal import current_checksum
from notesmith.vault.layout import VaultLayout
from notesmith.vault.snapshot import OutsideVault, VaultSnapshot, inside_vault, sha256

RUNS_DIR = "runs"
UNDONE_MARKER = "UNDONE"
IMAGED_EARLIER = "image_in_earlier_step"  # an entry whose path's before-image an earlier step of the run holds
SAME_AS = "same_bytes_as"  # an entry whose file's bytes before the step are those the step wrote to this path


class UndoError(Exception):
    """The last run cannot be undone safely; the message says why."""


def undo_record_operations(
    layout: VaultLayout, snapshot: VaultSnapshot, operations: list[FileOperation], run_id: str, step: int,
    imaged: AbstractSet[str] = frozenset(),
) -> list[FileOperation]:
    """The operation that saves what `operations` will overwrite, written in the same transaction as them.

    One file per step, the before-images inside it: a file per image doubled the files each ingest creates. A path
    in `imaged` has its image in an earlier step of the run (undo restores the oldest): it is not saved again, as an
    organization's note that fifty sources of a run add to made the run's record fifty copies of that note.
    """
    folder = layout.state_path(RUNS_DIR, run_id, f"{step:05d}")
    manifest, saving = [], images_saved(operations, imaged)
    after = {op.path: sha256(op.content) for op in operations if op.content is not None and not op.move_from}
    # a source leaving the Inbox is written to its archive path in the same step: the archive holds its bytes
    written = {digest: path for path, digest in after.items()}
    for op in operations:
        if op.move_from:
            # a move is undone by moving back: no before-image of a file too large to copy
            manifest.append({"path": op.path, "before": None, "after": None, "image": None, "moved_from": op.move_from})
            continue
        entry = {"path": op.path, "before": op.before_sha256, "after": after.get(op.path)}
        if op.path in saving:
            entry.update(_image_entry(snapshot.read_bytes(op.path), op, written))
        else:
            entry[IMAGED_EARLIER] = True
        manifest.append(entry)
    return [FileOperation(kind=OperationKind.record_ledger, path=f"{folder}/manifest.json",
                          content=json.dumps(manifest, indent=1).encode())]


def images_saved(operations: list[FileOperation], imaged: AbstractSet[str]) -> set[str]:
    """The paths whose before-image the step's record holds: those it changes, but for moves (undone by moving
    back) and paths `imaged` by an earlier step of the run."""
    return {op.path for op in operations if not op.move_from and op.path not in imaged}


def _image_entry(before: bytes | None, op: FileOperation, written: dict[str, str]) -> dict:
    """How the entry keeps the file's bytes before the step: as an image, or as the path the step writes them to
    (a file removed as it is archived)."""
    if before is not None and op.content is None and (digest := sha256(before)) in written:
        return {"image": None, SAME_AS: written[digest]}
    return {"image": None if before is None else base64.b64encode(before).decode("ascii")}


def run_manifests(folder: Path) -> list[Path]:
    """A run's step records in the order they were applied (by number: a backfill has more than 99,999 steps)."""
    steps = [p for p in folder.glob("*/manifest.json") if p.parent.name.isdigit()]
    return sorted(steps, key=lambda p: int(p.parent.name))


def imaged_paths(layout: VaultLayout, run_id: str) -> set[str]:
    """The paths whose before-image the run's records on disk hold."""
    folder = layout.state_dir / RUNS_DIR / run_id
    return {entry["path"] for manifest in run_manifests(folder) for entry in json.loads(manifest.read_text())
            if not entry.get("moved_from") and not entry.get(IMAGED_EARLIER)}


def before_image(layout: VaultLayout, entry: dict) -> bytes | None:
    """The file's bytes before the step (None: it did not exist). UndoError when they are no longer to be had: the
    file holding them changed, or leads out of the vault."""
    if entry.get("image") is not None:
        return base64.b64decode(entry["image"])
    # runs recorded before the images moved into the manifest keep them in files of their own
    kept = entry.get(SAME_AS) or entry.get("saved")
    if not kept:
        return None
    try:
        target = inside_vault(layout, kept)
        data = target.read_bytes() if target.is_file() else None
    except (OSError, OutsideVault) as exc:
        raise UndoError(f"what {entry['path']} was before the run was kept as {kept}, which cannot be read: {exc}")
    if data is None or (SAME_AS in entry and sha256(data) != entry["before"]):
        raise UndoError(f"what {entry['path']} was before the run was kept as {kept}, which changed since or is "
                        "gone; restore it first (git history has it)")
    return data


def last_run(layout: VaultLayout) -> str | None:
    runs = layout.state_dir / RUNS_DIR
    candidates = sorted(p.name for p in runs.iterdir() if p.is_dir() and not (p / UNDONE_MARKER).exists()) if runs.is_dir() else []
    return candidates[-1] if candidates else None


def undo_operations(layout: VaultLayout, run_id: str) -> list[FileOperation]:
    """The operations that put every file the run touched back as it was; refuses if any was edited since, or if
    what one was before can no longer be had."""
    entries = [e for m in run_manifests(layout.state_dir / RUNS_DIR / run_id) for e in json.loads(m.read_text())]
    oldest: dict[str, dict] = {}  # by the path restored (a move's: where it came from), in the order undone
    checked: dict[str, dict] = {}  # the newest entry of each file the run wrote last, not moved away
    for entry in reversed(entries):
        restored = entry.get("moved_from") or entry["path"]
        if not entry.get("moved_from") and entry["path"] not in oldest:
            checked[entry["path"]] = entry
        oldest[restored] = entry
    written = {entry["path"] for entry in (*checked.values(), *oldest.values()) if not entry.get("moved_from")}
    current = {path: current_checksum(layout, path) for path in written}
    edited = sorted(path for path, entry in checked.items() if current[path] != entry["after"])
    if edited:
        raise UndoError("these files changed after the run; undo would lose those edits: " + ", ".join(edited))
    unsaved = sorted(path for path, entry in oldest.items() if entry.get(IMAGED_EARLIER))
    if unsaved:
        raise UndoError("the run's undo record lacks what these files were before it (nothing was changed): "
                        + ", ".join(unsaved))
    marker = FileOperation(kind=OperationKind.record_ledger, path=layout.state_path(RUNS_DIR, run_id, UNDONE_MARKER),
                           content=b"")
    return [*(_restore(layout, entry, current) for entry in oldest.values()), marker]


def _restore(layout: VaultLayout, entry: dict, current: dict[str, str | None]) -> FileOperation:
    """The operation that undoes the run's first change of one file (`current`: the checksums on disk now)."""
    if entry.get("moved_from"):
        return FileOperation(kind=OperationKind.update_note, path=entry["moved_from"], move_from=entry["path"],
                             changes=["move back as before the run"])
    return FileOperation(kind=OperationKind.update_note, path=entry["path"], before_sha256=current[entry["path"]],
                         content=before_image(layout, entry), changes=["restore as before the run"])
