"""What the vault's folders and notes looked like at the last sync, and the quick check that nothing moved since."""

from __future__ import annotations

import marshal
import operator
import os
import zlib
from collections.abc import Callable
from functools import partial
from typing import NamedTuple

# A time stamp this close to the scan is not trusted: a second write within the same clock tick (coarse kernel
# clocks, FAT's 2 s) would leave it unchanged — git's "racily clean" entries. Such an entry is re-checked next time.
SETTLE_NS = 3_000_000_000
Stamp = tuple[int | None, int]
_stamp = operator.attrgetter("st_mtime_ns", "st_size")


class FolderState(NamedTuple):
    path: str  # relative to the vault, "" for its root
    mtime_ns: int | None  # None: too recent to trust
    names: tuple[str, ...]  # the notes directly in it
    stamps: list[Stamp]  # (mtime_ns, size) of each note, mtime None when too recent to trust


class Scan(NamedTuple):
    folders: list[FolderState]
    files: list[tuple[str, os.stat_result, Stamp]]  # every note: vault-relative path, stat, stamp to record


def _settled(mtime_ns: int, now_ns: int) -> int | None:
    return mtime_ns if now_ns - mtime_ns >= SETTLE_NS else None


def scan_vault(root: str, skip_folder: Callable[[str, str], bool], now_ns: int) -> Scan:
    """Every `.md` file under `root`, folder by folder; `skip_folder(name, relative)` prunes folders that hold no
    notes. Each folder is stat'ed before it is listed, so a note added during the scan changes a recorded time."""
    scan = Scan([], [])
    stack = [""]
    while stack:
        relative = stack.pop()
        folder = os.path.join(root, relative)
        try:
            mtime_ns = os.stat(folder).st_mtime_ns
            entries = list(os.scandir(folder))
        except OSError:
            continue
        names, stamps = [], []
        for entry in entries:
            path = f"{relative}/{entry.name}" if relative else entry.name
            if entry.is_dir(follow_symlinks=False):
                if not skip_folder(entry.name, path):
                    stack.append(path)
            elif entry.name.endswith(".md") and entry.is_file(follow_symlinks=False):
                stat = entry.stat(follow_symlinks=False)
                stamp = (_settled(stat.st_mtime_ns, now_ns), stat.st_size)
                scan.files.append((path, stat, stamp))
                names.append(entry.name)
                stamps.append(stamp)
        scan.folders.append(FolderState(relative, _settled(mtime_ns, now_ns), tuple(names), stamps))
    return scan


def unchanged_since(root: str, folders: list[FolderState]) -> bool:
    """True when every folder and note still has its recorded time and size. A note added, removed or renamed
    changes its folder's time; an edit changes the note's. One stat per folder and per note, nothing listed."""
    for folder in folders:
        path = os.path.join(root, folder.path)
        try:
            if os.stat(path).st_mtime_ns != folder.mtime_ns or _stamps(path, folder.names) != folder.stamps:
                return False
        except (OSError, TypeError, ValueError):  # gone, or a damaged record: look again
            return False
    return True


def _stamps(folder: str, names: tuple[str, ...]) -> list[Stamp]:
    # mapped in C, relative to the open folder where the platform allows it: the stats are the whole cost
    if os.stat in os.supports_dir_fd:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            return list(map(_stamp, map(partial(os.stat, dir_fd=fd, follow_symlinks=False), names)))
        finally:
            os.close(fd)
    return list(map(_stamp, map(partial(os.stat, follow_symlinks=False), (os.path.join(folder, n) for n in names))))


def encode(folders: list[FolderState]) -> bytes:
    payload = marshal.dumps([tuple(f) for f in folders])
    return zlib.crc32(payload).to_bytes(4, "big") + payload


def decode(blob: bytes | None) -> list[FolderState] | None:
    """The recorded folders, or None when there are none or they cannot be read (damaged — the checksum keeps
    marshal from reading sizes out of garbage — or written by another Python)."""
    if not isinstance(blob, bytes) or len(blob) < 4:
        return None
    payload = memoryview(blob)[4:]
    if zlib.crc32(payload).to_bytes(4, "big") != blob[:4]:
        return None
    try:
        return [FolderState(path, mtime, tuple(names), list(stamps)) for path, mtime, names, stamps in
                marshal.loads(payload)]
    except (EOFError, ValueError, TypeError):
        return None
