"""The typer application, its global options and the settings they give every command (`ctx.obj`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from notesmith import __version__

app = typer.Typer(
    help="Turn meeting transcripts, e-mail threads and notes into a linked Obsidian vault.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


@dataclass
class Settings:
    """What the global options said; commands read it from `ctx.obj`."""

    config_path: Path | None = None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"notesmith {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    config: Annotated[
        Path | None,
        typer.Option("--config", "-c", help="notesmith.toml to use (default: the vault's notesmith.toml)."),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """notesmith reads transcripts, e-mails and notes; `notesmith COMMAND --help` explains each command."""
    ctx.obj = Settings(config_path=config)
