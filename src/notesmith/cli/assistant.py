"""`notesmith mcp`."""

from __future__ import annotations

import typer


def mcp(ctx: typer.Context) -> None:
    """Serve the vault to AI assistants over MCP (not built yet)."""
    raise typer.Exit(2)
