"""`notesmith init`: the config, folders, dashboard and settings a vault needs, and optionally its repository."""

from __future__ import annotations

from dataclasses import dataclass

from notesmith.app.transaction import Vault, vault_transaction
from notesmith.vault import git
from notesmith.vault.scaffold import scaffold_operations
from notesmith.vault.snapshot import VaultSnapshot
from notesmith.vault.undo import undo_record_operations


@dataclass(frozen=True)
class InitReport:
    """What init did: the files it created, the user's files it merged into, and one sentence per thing to know."""

    created: list[str]
    updated: list[str]
    notices: list[str]


def init_vault(vault: Vault, config_text: str | None, with_git: bool = False, run_id: str | None = None) -> InitReport:
    """Create what `notesmith init` promises and is missing, and merge notesmith's statuses (and CSS snippet) into
    the user's Obsidian settings. With `run_id`, `notesmith undo` puts those settings back as they were.

    With `with_git`, a folder that is in no git repository becomes one, marked as notesmith's own so runs commit.
    """
    layout = vault.layout
    layout.root.mkdir(parents=True, exist_ok=True)
    if with_git and not git.inside_repository(layout.root):
        git.initialise(layout.root)
    with vault_transaction(vault, creating=True) as txn:
        existing = {p.relative_to(layout.root).as_posix() for p in layout.root.rglob("*") if p.is_file()}
        snapshot = VaultSnapshot(layout)
        scaffold = scaffold_operations(layout, config_text, existing, snapshot)
        updates = [op for op in scaffold.operations if op.before_sha256 is not None]
        undo = undo_record_operations(layout, snapshot, updates, run_id, 0) if updates and run_id else []
        txn.message = "notesmith init\n" + (f"\nNotesmith-Run: {run_id}\n" if undo else "")
        txn.apply([*scaffold.operations, *undo])
    return InitReport(created=[op.path for op in scaffold.operations if op.before_sha256 is None],
                      updated=[op.path for op in updates], notices=scaffold.notices)


def git_state(vault: Vault) -> str:
    """What runs will do with git: "committed", "not committed to" (a repository notesmith did not create) or "none"."""
    if git.may_commit(vault.root, vault.git_commit):
        return "committed"
    return "not committed to" if git.inside_repository(vault.root) else "none"
