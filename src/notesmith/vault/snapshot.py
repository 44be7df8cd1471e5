"""A read-only view of vault files that remembers the checksum of everything the planner read."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from notesmith.domain.plan import FileOperation, OperationKind
from notesmith.vault.layout import VaultLayout

_NOTES_WRITTEN = (OperationKind.create_note, OperationKind.update_note)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class OutsideVault(Exception):
    """A vault path that leads out of the vault (a symbolic link, `..`): never read as a note, never written."""


def inside_vault(layout: VaultLayout, path: str) -> Path:
    """The absolute path of `path`, refused when it or a folder on the way is a link leading out of the vault."""
    target = layout.absolute(path)
    parts = PurePosixPath(path).parts
    if ".." in parts or (_may_lead_out(layout.root, parts)
                         and not target.resolve().is_relative_to(layout.real_root)):
        raise OutsideVault(f"refusing {path}: it leads outside the vault (a symbolic link?); "
                           "replace the link with the file itself")
    return target


def _may_lead_out(root: Path, parts: tuple[str, ...]) -> bool:
    """Whether the path could lead anywhere but below the root: it is absolute, or a file or folder on its way is a
    link (resolving it then tells). Looking at each name below the root costs a fraction of resolving the whole path
    again, and every file a run reads or writes is checked. Elsewhere than POSIX a junction is no link here: always
    resolved there."""
    if os.name != "posix" or PurePosixPath(*parts).is_absolute():
        return True
    current = os.fspath(root)
    for part in parts:
        current = os.path.join(current, part)
        try:
            if stat.S_ISLNK(os.lstat(current).st_mode):
                return True
        except OSError:
            return False  # nothing is there, so nothing further on is a link either
    return False


@dataclass
class VaultSnapshot:
    """Files as they were when read; `forget` after a transaction so the next plan sees the new content."""

    layout: VaultLayout
    _cache: dict[str, bytes | None] = field(default_factory=dict)

    def read_bytes(self, path: str) -> bytes | None:
        if path not in self._cache:
            target = inside_vault(self.layout, path)
            self._cache[path] = target.read_bytes() if target.is_file() else None
        return self._cache[path]

    def read_text(self, path: str) -> str | None:
        data = self.read_bytes(path)
        return None if data is None else data.decode("utf-8", errors="surrogateescape")

    def exists(self, path: str) -> bool:
        return self.read_bytes(path) is not None

    def checksum(self, path: str) -> str | None:
        data = self.read_bytes(path)
        return None if data is None else sha256(data)

    def forget(self, paths: list[str]) -> None:
        for path in paths:
            self._cache.pop(path, None)

    def applied(self, operations: list[FileOperation]) -> None:
        """After their transaction: a note holds what was written to it, so the next plan reads it from here; any
        other path is read again when asked for. A note changed on disk since is still caught when applying: its
        hash differs from the one planned from."""
        for op in operations:
            if op.kind in _NOTES_WRITTEN and op.content is not None and not op.move_from:
                self._cache[op.path] = op.content
            else:
                self.forget([path for path in (op.path, op.move_from) if path])

    def applying(self, operations: list[FileOperation]) -> None:
        """While their transaction is in flight: each path it writes reads as it will be, never from the disk
        mid-write (`applied` once it is done). Moves are never in flight: what they leave at their target is not
        known here."""
        for op in operations:
            self._cache[op.path] = op.content

    def list_notes(self, folder: str) -> list[str]:
        base = self.layout.absolute(folder)
        if not base.is_dir():
            return []
        root = self.layout.root.resolve()
        return sorted(p.relative_to(self.layout.root).as_posix() for p in base.rglob("*.md")
                      if p.is_file() and p.resolve().is_relative_to(root))
