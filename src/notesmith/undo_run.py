"""`notesmith undo`: restore every file the last ingest run touched, as one transaction and one git commit."""

from __future__ import annotations

from notesmith.vault import git
from notesmith.vault.journal import apply_operations, recover
from notesmith.vault.layout import VaultLayout
from notesmith.vault.lock import vault_lock
from notesmith.vault.undo import last_run, undo_operations


def undo_last_run(layout: VaultLayout) -> tuple[list[str], str | None]:
    """(paths restored, run id); ([], None) when there is nothing to undo."""
    with vault_lock(layout.state_dir):
        recover(layout)
        run = last_run(layout)
        if run is None:
            return [], None
        ops = undo_operations(layout, run)
        apply_operations(layout, ops)
        restored = [op.path for op in ops[:-1]]
        if git.is_repository(layout.root):
            git.commit_paths(layout.root, restored, f"notesmith undo of run {run}\n")
        return restored, run
