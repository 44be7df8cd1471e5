"""A command's edits to the vault (doctor --fix, merge) as one transaction that `notesmith undo` can revert."""

from __future__ import annotations

from collections.abc import Callable

from notesmith.domain.plan import FileOperation
from notesmith.vault import git
from notesmith.vault.journal import apply_operations, recover
from notesmith.vault.layout import VaultLayout
from notesmith.vault.lock import vault_lock
from notesmith.vault.snapshot import VaultSnapshot
from notesmith.vault.undo import undo_record_operations


def apply_edit_run(layout: VaultLayout, plan: Callable[[VaultSnapshot], list[FileOperation]], run_id: str,
                   message: str) -> list[str]:
    """Plan against the vault under the lock, apply all of it or nothing, commit in git vaults; the paths changed."""
    with vault_lock(layout.state_dir):
        recover(layout)
        snapshot = VaultSnapshot(layout)
        operations = plan(snapshot)
        if not operations:
            return []
        undo = undo_record_operations(layout, snapshot, operations, run_id, 0)
        apply_operations(layout, [*operations, *undo])
        changed = [op.path for op in operations]
        if git.is_repository(layout.root):
            git.commit_paths(layout.root, changed, f"{message}\n\nNotesmith-Run: {run_id}\n")
        return changed
