"""`notesmith serve`: the review UI on a local address (fastapi and uvicorn are imported only when it starts)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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

if TYPE_CHECKING:
    import socket

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def serve(
    ctx: typer.Context,
    vault: VaultOption = Path("."),
    port: Annotated[int, typer.Option("--port", help="Port to listen on; 0 picks any free port.")] = DEFAULT_PORT,
    host: Annotated[str, typer.Option("--host", help="Address to listen on (loopback unless --allow-remote).")] = (
        DEFAULT_HOST),
    allow_remote: Annotated[bool, typer.Option(
        "--allow-remote", help="Allow a --host other than loopback: anyone who reaches it can change the vault.")] = False,
    open_browser: Annotated[bool, typer.Option("--open/--no-open", help="Open the page in a browser.")] = False,
) -> None:
    """Review proposals in a local web page: accept, reject or edit tasks (also by key: j/k, a, r, e), settle the
    review queue, see recent runs with their diffs and undo the last, search, briefs. Every change is one run of
    the same transaction as the CLI (git-committed, undoable); refused while an ingest holds the vault."""
    from notesmith.web.security import is_loopback

    config = config_for(ctx, vault)
    target = checked_vault(vault, config)
    if not is_loopback(host) and not allow_remote:
        usage_error(f"--host {host} is not a loopback address: serving the vault to other machines needs "
                    "--allow-remote")
    listening = _bound_socket(DEFAULT_HOST if host == "localhost" else host, port)
    bound_port = listening.getsockname()[1]
    url = f"http://{_url_host(host)}:{bound_port}/"
    if not is_loopback(host):
        Console(stderr=True).print(
            f"warning: serving {vault} on {host}:{bound_port}: anyone who can reach this machine on that port can "
            "read and change the vault (there is no login)", style="yellow", highlight=False, markup=False,
            soft_wrap=True)
    Console().print(f"notesmith serve: {url}  (Ctrl-C to stop)", highlight=False, markup=False, soft_wrap=True)
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    _run(target, config, host, bound_port, listening)


def _run(target, config, host: str, port: int, listening: socket.socket) -> None:
    import secrets

    import uvicorn

    from notesmith.web.app import create_app
    from notesmith.web.context import ServeSettings

    settings = ServeSettings(vault=target, config=config, host=host, port=port, secret=secrets.token_urlsafe(32),
                             today=dt.date.today, new_run_id=run_id)
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", access_log=False))
    server.run(sockets=[listening])


def _bound_socket(host: str, port: int) -> socket.socket:
    """Bound before the server starts, so port 0 gives a real port to print (and to check Host headers against)."""
    import errno
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((host, port))
    except OSError as exc:
        listening.close()
        if exc.errno == errno.EADDRINUSE:
            fail(f"port {port} on {host} is in use: pass --port with another number, or --port 0 for any free port")
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    listening.listen(128)
    return listening


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "::"):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host
