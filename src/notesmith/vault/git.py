"""Git for vaults that are repositories: one commit per run of exactly the paths it touched.

notesmith commits only into a repository it initialised itself (marked in the repository's own config) or one the
vault's config allows (`[git] commit = true`): a folder that happens to be someone's repository is never written to.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

_IDENTITY = ["-c", "user.name=notesmith", "-c", "user.email=notesmith@localhost"]
OWNED_KEY = "notesmith.initialised"
COMMIT_SETTINGS = ("auto", "always", "never")


class GitError(Exception):
    """A git command failed; the vault's files are already written, only the commit is missing."""


def is_repository(root: Path) -> bool:
    """The vault root is a repository's top folder (a vault inside someone's larger repository is not)."""
    return (root / ".git").exists()


def may_commit(root: Path, setting: str) -> bool:
    """`auto`: only a repository notesmith initialised; `always`: any repository at the vault root; `never`."""
    if setting == "never" or not is_repository(root) or shutil.which("git") is None:
        return False
    return setting == "always" or _git(root, "config", "--local", "--get", OWNED_KEY, check=False).strip() == "true"


def inside_repository(folder: Path) -> bool:
    """`folder` is part of a git work tree (its own or an enclosing one)."""
    if shutil.which("git") is None:
        return False
    result = subprocess.run(["git", "-C", str(folder), "rev-parse", "--is-inside-work-tree"],
                            capture_output=True, text=True)
    return result.returncode == 0 and result.stdout.strip() == "true"


def initialise(root: Path) -> None:
    """`git init` the vault and mark the repository as notesmith's own, so runs may commit to it."""
    _git(root, "init", "--quiet")
    _git(root, "config", "--local", OWNED_KEY, "true")


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
