"""`notesmith serve`."""

from __future__ import annotations

import typer


def serve(ctx: typer.Context) -> None:
    """Review proposals in a local web page (not built yet)."""
    raise typer.Exit(2)
