"""`notesmith doctor --fix`: the safe repairs, applied as one transaction that `notesmith undo` can revert."""

from __future__ import annotations

from notesmith.app.edit_run import apply_edit_run
from notesmith.app.transaction import Vault
from notesmith.domain.plan import FileOperation
from notesmith.index.doctor import Finding, vault_relative
from notesmith.plan.repairs import repair_operations
from notesmith.vault.scaffold import current_dashboard
from notesmith.vault.snapshot import VaultSnapshot


def repair(vault: Vault, findings: list[Finding], run_id: str) -> list[str]:
    """Fix what the fixable findings point at; returns the notes changed."""
    paths = [f.path for f in findings if f.fixable]
    if not paths:
        return []

    def plan(snapshot: VaultSnapshot) -> list[FileOperation]:
        return repair_operations(snapshot, paths, lambda value: vault_relative(value, vault.layout),
                                 current_dashboard(snapshot))

    return apply_edit_run(vault, plan, run_id, "notesmith doctor --fix")
