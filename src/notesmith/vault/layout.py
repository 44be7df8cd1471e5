"""Where everything lives in a vault (DESIGN §6), from the configured folder names."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from notesmith.config import PathsConfig
from notesmith.domain.kinds import EntityKind
from notesmith.vault.names import distinct_file_name

STATE_DIR = ".notesmith"
UNDATED_FOLDER = "Undated"


@dataclass(frozen=True)
class VaultLayout:
    root: Path
    folders: PathsConfig = field(default_factory=PathsConfig)

    def entity_folder(self, kind: EntityKind) -> str:
        return {EntityKind.person: self.folders.people, EntityKind.organization: self.folders.organizations,
                EntityKind.project: self.folders.projects}[kind]

    def entity_note(self, kind: EntityKind, name: str) -> str:
        """The note of a new entity: its name made safe, and never the note of another name."""
        return f"{self.entity_folder(kind)}/{distinct_file_name(name)}.md"

    def meeting_folder(self, date: dt.date | None) -> str:
        return f"{self.folders.meetings}/{date.year if date else UNDATED_FOLDER}"

    def archive_folder(self, year: int) -> str:
        return f"{self.folders.sources}/{year}"

    @functools.cached_property
    def real_root(self) -> Path:
        """The root with every link on the way resolved: where each path is checked to stay (once per layout, as
        every file a run reads or writes is checked)."""
        return self.root.resolve()

    def absolute(self, relative: str) -> Path:
        return self.root / PurePosixPath(relative)

    def relative(self, path: Path) -> str | None:
        """`path` relative to the vault root, or None when it is outside the vault."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return None

    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR

    def state_path(self, *parts: str) -> str:
        return "/".join((STATE_DIR, *parts))

    def entity_folders(self) -> list[tuple[EntityKind, str]]:
        return [(kind, self.entity_folder(kind)) for kind in EntityKind]
