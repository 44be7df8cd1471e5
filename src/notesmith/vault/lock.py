"""One writer at a time: an exclusive lock on `.notesmith/lock`."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class VaultBusy(Exception):
    """Another notesmith process holds the vault's lock."""


@contextmanager
def vault_lock(state_dir: Path, wait_seconds: float = 10.0) -> Iterator[None]:
    """Hold the lock for the block; wait up to `wait_seconds`, then raise VaultBusy."""
    state_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(state_dir / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise VaultBusy(
                        f"another notesmith process is writing to this vault ({state_dir / 'lock'}); try again when it is done"
                    ) from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)
