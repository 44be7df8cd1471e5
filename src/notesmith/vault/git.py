"""Git for vaults that are repositories: one commit per run of exactly the paths it touched."""

from __future__ import annotations

import subprocess
from pathlib import Path

_IDENTITY = ["-c", "user.name=notesmith", "-c", "user.email=notesmith@localhost"]


class GitError(Exception):
    """A git command failed; the vault's files are already written, only the commit is missing."""


def is_repository(root: Path) -> bool:
    return (root / ".git").exists()


def commit_paths(root: Path, paths: list[str], message: str) -> str | None:
    """Commit exactly `paths` (added, changed or deleted); returns the commit id, or None when nothing changed."""
    paths = _not_ignored(root, paths)
    existing = sorted({p for p in paths if (root / p).exists()})
    gone = sorted({p for p in paths if not (root / p).exists()})
    tracked_gone = _git(root, "ls-files", "-z", "--", *gone).split("\0") if gone else []
    tracked_gone = [p for p in tracked_gone if p]
    if existing:
        _git(root, "add", "--", *existing)
    if tracked_gone:
        _git(root, "rm", "--cached", "--quiet", "--", *tracked_gone)
    to_commit = existing + tracked_gone
    if not to_commit or not _git(root, "diff", "--cached", "--name-only", "--", *to_commit).strip():
        return None
    identity = [] if _git(root, "config", "user.email", check=False).strip() else _IDENTITY
    _git(root, *identity, "commit", "--quiet", "--no-verify", "-m", message, "--", *to_commit)
    return _git(root, "rev-parse", "HEAD").strip()


def _not_ignored(root: Path, paths: list[str]) -> list[str]:
    if not paths:
        return []
    result = subprocess.run(["git", "-C", str(root), "check-ignore", "--stdin", "-z"], input="\0".join(paths),
                            capture_output=True, text=True)
    ignored = set(result.stdout.split("\0"))
    return [p for p in paths if p not in ignored]


def _git(root: Path, *args: str, check: bool = True) -> str:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise GitError(f"git {args[0] if args[0] != '-c' else 'commit'} failed: {result.stderr.strip()}")
    return result.stdout
