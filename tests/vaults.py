"""Helpers for tests on real vaults: build one, ingest into it, hash its tree, check its links."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
import shutil
from pathlib import Path

from conftest import EXAMPLES

from notesmith.app.ingest import IngestOptions, IngestReport, ingest
from notesmith.app.init import init_vault
from notesmith.app.transaction import Vault, vault_layout
from notesmith.config import load_config

CONFIG_TEXT = (EXAMPLES / "notesmith.toml").read_text(encoding="utf-8")
_WIKILINK = re.compile(r"\[\[([^\]|#\n]+)(?:[#|][^\]\n]*)?\]\]")


def make_vault(root: Path, inbox: list[Path] = ()) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    config = load_config(None, {})
    init_vault(Vault(vault_layout(root, config)), CONFIG_TEXT)
    for path in inbox:
        shutil.copyfile(path, root / "Inbox" / path.name)
    return root


_RUNS = itertools.count(1)


def run_ingest(root: Path, paths: list[Path] = (), dry_run: bool = False, run_id: str | None = None,
               after_file_op=None, workers: int = 1) -> IngestReport:
    run_id = run_id or f"20261122T{next(_RUNS):06d}"
    config = load_config(root / "notesmith.toml", {})
    layout = vault_layout(root, config)
    options = IngestOptions(today=dt.date(2026, 11, 22), run_id=run_id, dry_run=dry_run, after_file_op=after_file_op,
                            recent_context_cap=config.notes.recent_context,
                            workers=workers)
    return ingest(config, layout, list(paths), options)


def tree_hashes(root: Path, skip=(".notesmith/lock", ".notesmith/index.sqlite")) -> dict[str, str]:
    """Every file's sha256 by vault-relative path (git internals and the lock file left out)."""
    result = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and not relative.startswith(".git/") and not any(relative.startswith(s) for s in skip):
            result[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result


def broken_links(root: Path) -> list[str]:
    """Wikilinks in any note that no note in the vault answers to (by file name, as Obsidian resolves them)."""
    names = {p.stem for p in root.rglob("*.md")}
    broken = []
    for note in root.rglob("*.md"):
        if ".notesmith" in note.parts or note.relative_to(root).parts[0] == "Sources":
            continue  # archived inputs keep the links their authors wrote
        for target in _WIKILINK.findall(note.read_text(encoding="utf-8")):
            if Path(target).name not in names:
                broken.append(f"{note.relative_to(root)} → {target}")
    return broken


def read(root: Path, pattern: str) -> str:
    matches = sorted(root.glob(pattern))
    assert len(matches) == 1, f"{pattern}: {matches}"
    return matches[0].read_text(encoding="utf-8")


def ingested_examples(root: Path, names: tuple[str, ...]) -> Path:
    """A vault with these bundled examples ingested (one run); build it once per module and copy it per test."""
    make_vault(root, [EXAMPLES / name for name in names])
    run_ingest(root)
    return root


def vault_copy(vault: Path, tmp_path: Path) -> Path:
    """A test's own copy of a module's vault, so edits in one test are not seen by the next."""
    root = tmp_path / "vault"
    shutil.copytree(vault, root)
    return root


def standups(folder: Path, count: int) -> list[Path]:
    """`count` different Otter-style standups, one per day."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for day in range(1, count + 1):
        path = folder / f"2026-04-{day:02d} standup.txt"
        path.write_text(f"Kestrel standup {day}\nApr {day}, 2026 9:30 AM\n\n"
                        f"Mei Chen  0:04\nThe restore of volume {day} took {day * 7} minutes.\n\n"
                        f"Robin Hale  0:12\nI'll post the timings for volume {day} by Friday.\n", encoding="utf-8")
        paths.append(path)
    return paths
