"""The one error a reader raises: which file, and why it cannot be read."""

from __future__ import annotations

from pathlib import Path


class SourceError(Exception):
    """An input that cannot become a Source (binary, empty, unknown format, undecodable...)."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason
