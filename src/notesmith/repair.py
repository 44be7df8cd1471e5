"""`notesmith doctor --fix`: the safe repairs, applied as one transaction that `notesmith undo` can revert."""

from __future__ import annotations

from notesmith.index.doctor import Finding, vault_relative
from notesmith.plan.repairs import repair_operations
from notesmith.vault import git
from notesmith.vault.journal import apply_operations, recover
from notesmith.vault.layout import VaultLayout
from notesmith.vault.lock import vault_lock
from notesmith.vault.snapshot import VaultSnapshot
from notesmith.vault.undo import undo_record_operations


def repair(layout: VaultLayout, findings: list[Finding], run_id: str) -> list[str]:
    """Fix what the fixable findings point at; returns the notes changed."""
    paths = [f.path for f in findings if f.fixable]
    if not paths:
        return []
    with vault_lock(layout.state_dir):
        recover(layout)
        snapshot = VaultSnapshot(layout)
        operations = repair_operations(snapshot, paths, lambda value: vault_relative(value, layout))
        if not operations:
            return []
        undo = undo_record_operations(layout, snapshot, operations, run_id, 0)
        apply_operations(layout, [*operations, *undo])
        changed = [op.path for op in operations]
        if git.is_repository(layout.root):
            git.commit_paths(layout.root, changed, f"notesmith doctor --fix: {len(changed)} notes\n\n"
                                                   f"Notesmith-Run: {run_id}\n")
        return changed
