"""`notesmith watch`."""

from __future__ import annotations

import typer


def watch(ctx: typer.Context) -> None:
    """Watch the Inbox and ingest what arrives (not built yet)."""
    raise typer.Exit(2)
