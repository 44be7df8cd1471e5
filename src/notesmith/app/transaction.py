"""The one way a command writes the vault: refuse a non-vault, lock, recover, apply, commit to git."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from notesmith.config import CONFIG_FILE_NAME, Config
from notesmith.domain.plan import FileOperation
from notesmith.vault import git
from notesmith.vault.journal import FileOpHook, apply_operations, recover
from notesmith.vault.layout import VaultLayout
from notesmith.vault.lock import vault_lock

# vault paths written but not yet committed: noted before each apply, so a run killed between its applies and its
# commit has them committed by the next one (committing an unchanged path is a no-op)
UNCOMMITTED_FILE = "uncommitted"


class NotAVault(Exception):
    """The folder has no notesmith.toml: notesmith writes nothing there, not even its state folder."""


def require_vault(root: Path) -> None:
    if not (root / CONFIG_FILE_NAME).is_file():
        where = "does not exist" if not root.exists() else f"is not a notesmith vault (it has no {CONFIG_FILE_NAME})"
        raise NotAVault(f"{root} {where}: run `notesmith init {root}` to make it one, or pass --vault with the "
                        "folder of your vault")


def new_run_id(now: dt.datetime) -> str:
    """A run's id, in the order runs were made: `notesmith undo` undoes the greatest. Two runs in one second (an
    `init` and the ingest right after it) are told apart by the microseconds, which sort after the form of
    earlier versions (`…T093000-ab12cd`) within that second."""
    return f"{now:%Y%m%dT%H%M%S}.{now:%f}-{secrets.token_hex(3)}"


def vault_layout(root: Path, config: Config) -> VaultLayout:
    """Where the vault's folders are, as its config names them."""
    return VaultLayout(root=root, folders=config.paths)


@dataclass(frozen=True)
class Vault:
    """A vault as the commands see it: where its files are, and whether runs may commit to its repository."""

    layout: VaultLayout
    git_commit: str = "auto"

    @property
    def root(self) -> Path:
        return self.layout.root


@dataclass
class Transaction:
    """One command's writes: what recovery finished first, every path applied, and the commit made of them."""

    layout: VaultLayout
    commits: bool
    recovered: list[str] = field(default_factory=list)
    touched: list[str] = field(default_factory=list)
    message: str = "notesmith: finish an interrupted run\n"
    commit: str | None = None

    def apply(self, operations: list[FileOperation], after_file_op: FileOpHook | None = None) -> None:
        """All of `operations` or none (DESIGN §8); their paths join the run's commit."""
        if not operations:
            return
        paths = [path for op in operations for path in (op.path, op.move_from) if path]
        noted = [_note_uncommitted(self.layout, paths)] if self.commits else []
        apply_operations(self.layout, operations, after_file_op, synced_with=noted)
        self.touched += paths


@contextmanager
def vault_transaction(vault: Vault, creating: bool = False) -> Iterator[Transaction]:
    """Hold the vault for the block; on leaving it normally, commit what was written (and what a killed run left),
    with the message the block set. Only `creating` (`notesmith init`) may work in a folder that is no vault yet."""
    layout = vault.layout
    if not creating:
        require_vault(layout.root)
    with vault_lock(layout.state_dir):
        recovery = recover(layout)
        commits = git.may_commit(layout.root, vault.git_commit)
        pending = _uncommitted(layout) if commits else []
        txn = Transaction(layout, commits, recovery.done, [*pending, *recovery.paths])
        yield txn
        if txn.commits and txn.touched:
            txn.commit = git.commit_paths(layout.root, list(dict.fromkeys(txn.touched)), txn.message)
            (layout.state_dir / UNCOMMITTED_FILE).unlink(missing_ok=True)


def _uncommitted(layout: VaultLayout) -> list[str]:
    path = layout.state_dir / UNCOMMITTED_FILE
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line] if path.is_file() else []


def _note_uncommitted(layout: VaultLayout, paths: list[str]) -> Path:
    """The paths appended to the uncommitted list, whose file is returned: the apply syncs it before any rename."""
    path = layout.state_dir / UNCOMMITTED_FILE
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("".join(f"{p}\n" for p in paths))
    return path
