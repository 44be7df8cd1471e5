"""The folders a watcher takes inputs from: the vault's Inbox and `[watch] folders`, checked before watching."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from notesmith.config import Config

if TYPE_CHECKING:
    from notesmith.vault.layout import VaultLayout

# what browsers and recorders write while a file is on its way; the finished file gets its own name
PARTIAL_SUFFIXES = (".part", ".partial", ".crdownload", ".download", ".tmp", ".swp", "~")


class FolderError(Exception):
    """A folder cannot be watched; the message says which and why."""


@dataclass(frozen=True)
class WatchedFolders:
    inbox: Path
    failed: Path  # inside the Inbox: where failed sources go, never taken again by the watcher
    extra: tuple[Path, ...] = ()

    @property
    def all(self) -> tuple[Path, ...]:
        return (self.inbox, *self.extra)

    def wanted(self, change: object, path: str) -> bool:
        """A file (created or written, never deleted) that an ingest should take; `watchfiles`' filter."""
        from watchfiles import Change

        if change == Change.deleted:
            return False
        where = Path(path)
        top = next((folder for folder in self.all if where.is_relative_to(folder)), None)
        if top is None or where.is_relative_to(self.failed) or where.is_dir():
            return False
        return not any(part.startswith(".") for part in where.relative_to(top).parts) and \
            not where.name.lower().endswith(PARTIAL_SUFFIXES)


def watched_folders(layout: VaultLayout, config: Config) -> WatchedFolders:
    """The Inbox and the configured folders (relative ones are the vault's; `~` is the home folder)."""
    root = layout.root.resolve()
    inbox = layout.absolute(layout.folders.inbox).resolve()
    if not inbox.is_dir():
        raise FolderError(f"{inbox} does not exist: run `notesmith init {layout.root}` to make the vault's folders "
                          "again (nothing existing is overwritten)")
    extra = []
    for name in config.watch.folders:
        folder = (root / Path(name).expanduser()).resolve()
        where = f"[watch] folders: {name}"
        if not folder.is_dir():
            raise FolderError(f"{where}: {folder} {'is not a folder' if folder.exists() else 'does not exist'}")
        if folder == root or folder.is_relative_to(root):
            raise FolderError(f"{where}: {folder} is inside the vault; put inputs in {inbox} instead")
        if root.is_relative_to(folder):
            raise FolderError(f"{where}: {folder} holds the vault itself; name the folder the inputs arrive in")
        extra.append(folder)
    return WatchedFolders(inbox, layout.absolute(layout.folders.failed).resolve(), tuple(dict.fromkeys(extra)))
