"""Which files have stopped changing: the same size and modification time for the settle time (recorders write as
they go, so a file is taken only once it has rested)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

Signature = tuple[int, int]  # size, mtime in ns


@dataclass
class Settling:
    """Files seen changing, until they rest; then handed out once (again only after they change anew)."""

    settle_seconds: float
    clock: Callable[[], float]  # monotonic seconds
    _changing: dict[Path, tuple[Signature, float]] = field(default_factory=dict)
    _taken: dict[Path, Signature] = field(default_factory=dict)

    def saw(self, paths: Iterable[Path]) -> None:
        """These files were created or written to (or were there when watching began)."""
        now = self.clock()
        for path in paths:
            signature = _signature(path)
            if signature is not None and self._taken.get(path) != signature and path not in self._changing:
                self._changing[path] = (signature, now)

    def rested(self) -> list[Path]:
        """The files unchanged for the settle time, in name order; each is handed out once."""
        now, ready = self.clock(), []
        for path, (before, since) in list(self._changing.items()):
            signature = _signature(path)
            if signature is None:
                del self._changing[path]  # gone (moved away, deleted) before it rested
            elif signature != before:
                self._changing[path] = (signature, now)
            elif now - since >= self.settle_seconds:
                ready.append(path)
        return sorted(ready)

    def taken(self, paths: Iterable[Path]) -> None:
        """These were handed to a run: not again unless they change (a file outside the Inbox stays where it is)."""
        for path in paths:
            before, _ = self._changing.pop(path, (None, 0.0))
            if before is not None and path.exists():
                self._taken[path] = before
            else:
                self._taken.pop(path, None)

    def waiting(self) -> int:
        return len(self._changing)


def _signature(path: Path) -> Signature | None:
    try:
        stat = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns
