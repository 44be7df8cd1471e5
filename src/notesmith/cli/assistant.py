"""`notesmith mcp`: the vault for AI assistants (Claude Desktop, VS Code, Cursor…) over the Model Context Protocol."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from notesmith.cli.common import VaultOption, checked_vault, config_for

DEFAULT_PORT = 8765
HTTP_HOST = "127.0.0.1"  # this machine only: the vault is private


def mcp(
    ctx: typer.Context,
    vault: VaultOption = Path("."),
    read_only: Annotated[bool, typer.Option("--read-only", help="Refuse propose_task and add_note_text: "
                                                                "no note or source is written.")] = False,
    http: Annotated[bool, typer.Option("--http", help=f"Serve streamable HTTP on {HTTP_HOST} instead of stdio.")
                    ] = False,
    port: Annotated[int, typer.Option(help="The HTTP port, with --http.")] = DEFAULT_PORT,
) -> None:
    """Serve the vault to AI assistants over MCP: search, get_note, list_tasks, brief, recent_meetings, and
    propose_task / add_note_text, which write only proposals and new sources.

    Over stdio by default (what desktop assistants launch); with --http at http://127.0.0.1:PORT/mcp.
    """
    from notesmith.mcp.server import build_server, environment_extractor

    config = config_for(ctx, vault)
    target = checked_vault(vault.absolute(), config)
    server = build_server(target, config, read_only=read_only, make_extractor=environment_extractor(config, os.environ))
    if http:
        typer.echo(f"notesmith MCP server for {target.root} at http://{HTTP_HOST}:{port}/mcp", err=True)
        server.run("streamable-http", host=HTTP_HOST, port=port)
    else:
        server.run("stdio")
