"""`notesmith watch`."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from notesmith.cli.common import (
    VaultOption,
    checked_vault,
    config_for,
    fail,
    run_id,
    usage_error,
)


def watch(
    ctx: typer.Context,
    vault: VaultOption = Path("."),
    settle: Annotated[float | None, typer.Option(
        "--settle", min=0.1, max=3600, help="Seconds a file's size and time must stay the same before it is taken "
                                            "(default: [watch] settle_seconds, 2).")] = None,
    install: Annotated[bool, typer.Option(
        "--install", help="Write a systemd user unit (Linux) or launchd agent (macOS) that runs this watcher for "
                          "the vault, and print how to start it.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Log each run as one JSON object per line.")] = False,
) -> None:
    """Watch the Inbox (and the folders in [watch] folders) and ingest each file once it has stopped changing.

    Each batch is one ingest run, under the same lock and transaction as `notesmith ingest`, logged as one line
    on stdout. Files in other folders are copied, never moved. A file that fails goes to Inbox/_failed/ and the
    watcher goes on; while another command writes the vault it waits. SIGTERM or Ctrl-C finishes the source
    being applied (the rest stay where they are) and exits 0.
    """
    config = config_for(ctx, vault)
    target = checked_vault(vault, config)
    if install:
        _install(target.root, config, as_json)
        return
    _watch(target, config, settle or config.watch.settle_seconds, as_json)


def _watch(target, config, settle: float, as_json: bool) -> None:
    import threading

    from notesmith.app.transaction import NotAVault
    from notesmith.vault.ledger import LedgerError
    from notesmith.watch.folders import FolderError, watched_folders
    from notesmith.watch.loop import WatchRun, stopped_by_signals
    from notesmith.watch.loop import watch as watch_folders

    try:
        folders = watched_folders(target.layout, config)
    except FolderError as exc:
        usage_error(str(exc))
    Console(stderr=True).print(f"watching {', '.join(map(str, folders.all))} (a file is taken after {settle:g} s "
                               "at rest); Ctrl-C stops after the source being applied", markup=False, highlight=False)
    stop = threading.Event()
    run = WatchRun(vault=target, config=config, folders=folders, settle_seconds=settle, new_run_id=run_id,
                   log=typer.echo, as_json=as_json, environ=os.environ)
    with stopped_by_signals(stop):
        try:
            watch_folders(run, stop)
        except NotAVault as exc:
            usage_error(str(exc))
        except LedgerError as exc:
            fail(str(exc))


def _install(vault: Path, config, as_json: bool) -> None:
    from notesmith.watch.install import InstallError, install_service

    try:
        installed = install_service(vault, _notesmith_command(), sys.platform, Path.home(), os.environ.get("PATH", ""))
    except InstallError as exc:
        usage_error(str(exc))
    if as_json:
        typer.echo(json.dumps(installed.as_dict()))
        return
    said = {"created": f"Wrote {installed.path}.",
            "unchanged": f"{installed.path} is already installed, unchanged.",
            "replaced": f"Replaced {installed.path}; the previous one is kept as {installed.backup}."}
    lines = [said[installed.status], "Start it now and at every login:", f"  {installed.enable}"]
    if sys.platform.startswith("linux"):
        lines.append("To keep it running while you are logged out: loginctl enable-linger")
    if config.extractor.name == "llm":
        lines.append(f"The service does not see your shell's environment: give it {config.llm.api_key_env} "
                     "(systemctl --user edit / the plist's EnvironmentVariables), never in notesmith.toml.")
    Console().print("\n".join(lines), markup=False, highlight=False, soft_wrap=True)


def _notesmith_command() -> list[str]:
    """How the service starts notesmith: the `notesmith` beside this Python, else on PATH, else `python -m`."""
    import shutil

    beside = Path(sys.executable).with_name("notesmith")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("notesmith")
    return [str(Path(found).absolute())] if found else [sys.executable, "-m", "notesmith"]
