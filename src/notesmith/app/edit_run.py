"""A command's edits to the vault (doctor --fix, merge) as one transaction that `notesmith undo` can revert."""

from __future__ import annotations

from collections.abc import Callable

from notesmith.app.transaction import Vault, vault_transaction
from notesmith.domain.plan import FileOperation
from notesmith.vault.snapshot import VaultSnapshot
from notesmith.vault.undo import undo_record_operations


def apply_edit_run(vault: Vault, plan: Callable[[VaultSnapshot], list[FileOperation]], run_id: str,
                   message: str) -> list[str]:
    """Plan against the vault under the lock, apply all of it or nothing, commit in git vaults; the paths changed."""
    with vault_transaction(vault) as txn:
        snapshot = VaultSnapshot(vault.layout)
        operations = plan(snapshot)
        if not operations:
            return []
        undo = undo_record_operations(vault.layout, snapshot, operations, run_id, 0)
        txn.message = f"{message}\n\nNotesmith-Run: {run_id}\n"
        txn.apply([*operations, *undo])
        return [op.path for op in operations]
