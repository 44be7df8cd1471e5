"""`notesmith init`: the config, folders, dashboard and settings a vault needs, and optionally its repository."""

from __future__ import annotations

from notesmith.app.transaction import Vault, vault_transaction
from notesmith.vault import git
from notesmith.vault.scaffold import scaffold_operations


def init_vault(vault: Vault, config_text: str | None, with_git: bool = False) -> list[str]:
    """Create what `notesmith init` promises and is missing; returns the paths created.

    With `with_git`, a folder that is in no git repository becomes one, marked as notesmith's own so runs commit.
    """
    layout = vault.layout
    layout.root.mkdir(parents=True, exist_ok=True)
    if with_git and not git.inside_repository(layout.root):
        git.initialise(layout.root)
    existing = {p.relative_to(layout.root).as_posix() for p in layout.root.rglob("*") if p.is_file()}
    ops = scaffold_operations(layout, config_text, existing)
    with vault_transaction(vault, creating=True) as txn:
        txn.message = "notesmith init\n"
        txn.apply(ops)
    return [op.path for op in ops]


def git_state(vault: Vault) -> str:
    """What runs will do with git: "committed", "not committed to" (a repository notesmith did not create) or "none"."""
    if git.may_commit(vault.root, vault.git_commit):
        return "committed"
    return "not committed to" if git.inside_repository(vault.root) else "none"
