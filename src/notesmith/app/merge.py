"""`notesmith merge "A" "B"`: fold one entity's note into another's as one transaction that `undo` can revert."""

from __future__ import annotations

import sqlite3

from notesmith.app.edit_run import apply_edit_run
from notesmith.app.transaction import Vault
from notesmith.index.queries import EntityRef
from notesmith.notes.links import link_key, note_link_target
from notesmith.plan.entity_merge import MergeError, merge_operations


def merge_entities(vault: Vault, conn: sqlite3.Connection, keep: EntityRef, fold: EntityRef,
                   run_id: str) -> list[str]:
    """The notes changed (the folded note last, removed)."""
    if keep.path == fold.path:
        raise MergeError(f"{keep.title!r} and {fold.title!r} are the same note ({keep.path})")
    if keep.type != fold.type:
        raise MergeError(f"{keep.title!r} is a {keep.type}, {fold.title!r} a {fold.type}; only alike entities merge")
    target = link_key(note_link_target(fold.path))
    linking = [path for (path,) in conn.execute("SELECT DISTINCT path FROM links WHERE target_key = ?", (target,))]
    return apply_edit_run(vault, lambda snapshot: merge_operations(snapshot, keep.path, fold.path, linking), run_id,
                          f"notesmith merge {keep.title!r} {fold.title!r}")
