"""`notesmith doctor --fix`: the safe repairs, applied as one transaction that `notesmith undo` can revert."""

from __future__ import annotations

from notesmith.app.edit_run import apply_edit_run
from notesmith.app.transaction import Vault
from notesmith.index.doctor import Finding, vault_relative
from notesmith.plan.repairs import repair_operations


def repair(vault: Vault, findings: list[Finding], run_id: str) -> list[str]:
    """Fix what the fixable findings point at; returns the notes changed."""
    paths = [f.path for f in findings if f.fixable]
    if not paths:
        return []
    changed = apply_edit_run(vault, lambda snapshot: repair_operations(
        snapshot, paths, lambda value: vault_relative(value, vault.layout)), run_id, "notesmith doctor --fix")
    return changed
