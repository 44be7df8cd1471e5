"""`notesmith watch --install`: a systemd user unit (Linux) or a launchd agent (macOS) that keeps a vault watched."""

from __future__ import annotations

import hashlib
import os
import plistlib
import re
from dataclasses import dataclass
from pathlib import Path


class InstallError(Exception):
    """No service can be written for this system; the message says what to do instead."""


@dataclass(frozen=True)
class Installed:
    path: Path
    status: str  # "created", "unchanged" or "replaced"
    backup: Path | None  # the replaced file, kept
    enable: str  # the command that starts it now and at every login

    def as_dict(self) -> dict:
        return {"path": str(self.path), "status": self.status, "backup": str(self.backup) if self.backup else None,
                "enable": self.enable}


def install_service(vault: Path, command: list[str], platform: str, home: Path, path_env: str) -> Installed:
    """Write the service that runs `command watch --vault VAULT` for this user; an existing different one is kept
    as `<name>.bak` and said to be replaced. `command` starts notesmith (absolute); `path_env` is the PATH it runs
    with (git must be found)."""
    vault = vault.resolve()
    name = _service_name(vault)
    arguments = [*command, "watch", "--vault", str(vault)]
    if platform.startswith("linux"):
        path = home / ".config" / "systemd" / "user" / f"notesmith-watch-{name}.service"
        text = _systemd_unit(vault, arguments, path_env).encode()
        enable = f"systemctl --user daemon-reload && systemctl --user enable --now {path.name}"
    elif platform == "darwin":
        label = f"com.notesmith.watch.{name}"
        path = home / "Library" / "LaunchAgents" / f"{label}.plist"
        log = home / "Library" / "Logs" / f"notesmith-watch-{name}.log"
        text = _launchd_plist(label, arguments, log, path_env)
        enable = f"launchctl bootstrap gui/$(id -u) {path}"
    else:
        raise InstallError(f"--install writes systemd (Linux) and launchd (macOS) services, not for {platform}; "
                           f"run `{' '.join(arguments)}` with this system's service manager")
    return _write(path, text, enable)


def _service_name(vault: Path) -> str:
    """The vault folder's name and a hash of its path: one service per vault, two vaults of one name apart."""
    readable = re.sub(r"[^A-Za-z0-9_-]+", "-", vault.name).strip("-").lower() or "vault"
    return f"{readable}-{hashlib.sha256(str(vault).encode()).hexdigest()[:8]}"


def _systemd_unit(vault: Path, arguments: list[str], path_env: str) -> str:
    return (f"# written by `notesmith watch --install` for {vault}\n"
            "[Unit]\n"
            f"Description=notesmith watch: ingest what lands in the Inbox of {str(vault).replace('%', '%%')}\n\n"
            "[Service]\n"
            "Type=exec\n"
            f"ExecStart={' '.join(_quoted(a.replace('$', '$$')) for a in arguments)}\n"
            f"Environment={_quoted('PATH=' + path_env)}\n"
            "Restart=on-failure\n"
            "RestartSec=30\n"
            "# SIGTERM to notesmith alone: it finishes the source it is applying, then ends its worker processes\n"
            "KillMode=mixed\n"
            "TimeoutStopSec=120\n\n"
            "[Install]\n"
            "WantedBy=default.target\n")


def _quoted(value: str) -> str:
    """A systemd word: `%` starts a specifier in every unit value (`$`, in ExecStart only, is escaped before)."""
    return '"' + value.replace("%", "%%").replace("\\", "\\\\").replace('"', '\\"') + '"'


def _launchd_plist(label: str, arguments: list[str], log: Path, path_env: str) -> bytes:
    return plistlib.dumps({
        "Label": label,
        "ProgramArguments": arguments,
        "EnvironmentVariables": {"PATH": path_env},
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},  # restarted after a crash, not after a clean stop
        "ProcessType": "Background",
        "ExitTimeOut": 120,  # seconds to finish the source being applied after SIGTERM
        "StandardOutPath": str(log),
        "StandardErrorPath": str(log),
    })


def _write(path: Path, text: bytes, enable: str) -> Installed:
    if path.is_file() and path.read_bytes() == text:
        return Installed(path, "unchanged", None, enable)
    backup = None
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        backup = path.with_name(path.name + ".bak")
        os.replace(path, backup)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(text)
    os.replace(temporary, path)
    return Installed(path, "replaced" if backup else "created", backup, enable)
