"""`notesmith undo`: restore every file the last run touched, as one transaction and one git commit."""

from __future__ import annotations

from notesmith.app.transaction import Vault, vault_transaction
from notesmith.vault.undo import last_run, undo_operations


def undo_last_run(vault: Vault) -> tuple[list[str], str | None]:
    """(paths restored, run id); ([], None) when there is nothing to undo."""
    with vault_transaction(vault) as txn:
        run = last_run(vault.layout)
        if run is None:
            return [], None
        ops = undo_operations(vault.layout, run)
        txn.message = f"notesmith undo of run {run}\n"
        txn.apply(ops)
        return [op.path for op in ops[:-1]], run
