"""Which files an ingest takes: those named, or the Inbox's; regular files only, never the failed folder's."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from notesmith.vault.layout import VaultLayout


@dataclass(frozen=True)
class Refused:
    """An input that is not read at all (and never moved): missing, a link, a FIFO or a device."""

    path: Path
    reason: str


def inputs_to_ingest(paths: list[Path], layout: VaultLayout) -> list[Path | Refused]:
    """Files named (folders walked) in the order given, or the Inbox without its failed folder, in name order."""
    if not paths:
        inbox = layout.absolute(layout.folders.inbox)
        return _walk(inbox, skip=layout.absolute(layout.folders.failed)) if inbox.is_dir() else []
    chosen: list[Path | Refused] = []
    for path in paths:
        kind = _kind(path)
        if kind == "folder":
            chosen += _walk(path, skip=None)
        elif kind == "file":
            chosen.append(path)
        else:
            chosen.append(Refused(path, kind))
    return chosen


def _walk(top: Path, skip: Path | None) -> list[Path | Refused]:
    """Every regular file under `top` (hidden ones aside); links and special files refused, links never followed."""
    found: list[Path | Refused] = []
    for folder, subfolders, files in os.walk(top, followlinks=False):
        here = Path(folder)
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and here / d != skip)
        for name in [*(d for d in subfolders if (here / d).is_symlink()), *files]:
            if name.startswith("."):
                continue
            kind = _kind(here / name)
            found.append(here / name if kind == "file" else Refused(here / name, kind))
        subfolders[:] = [d for d in subfolders if not (here / d).is_symlink()]
    return sorted(found, key=lambda item: str(item.path if isinstance(item, Refused) else item))


def _kind(path: Path) -> str:
    """'file', 'folder', or why the path is refused."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return "no such file or folder"
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if stat.S_ISLNK(mode):
        return "a symbolic link: notesmith reads regular files only and never follows links; put the file itself here"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISREG(mode):
        return "file"
    return "not a regular file (a FIFO, socket or device); notesmith reads regular files only"
