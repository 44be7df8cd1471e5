"""What every command shares: exit codes, error messages for people, config and vault loading, option parsing."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:  # imported where used: `notesmith --version` and `--help` need none of them (issue: startup time)
    from notesmith.app.transaction import Vault
    from notesmith.config import Config

EXIT_FAILED_INPUTS = 1
EXIT_USAGE = 2

VaultOption = Annotated[
    Path, typer.Option("--vault", "-V", envvar="NOTESMITH_VAULT", help="The vault folder (default: the current folder).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def fail(message: str, code: int = EXIT_FAILED_INPUTS) -> NoReturn:
    Console(stderr=True).print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def usage_error(message: str) -> NoReturn:
    fail(message, EXIT_USAGE)


def config_for(ctx: typer.Context, vault: Path | None = None) -> Config:
    """The config of this command: --config, else the vault's notesmith.toml, with NOTESMITH_* overrides."""
    from notesmith.config import ConfigError, find_config, load_config

    explicit = ctx.obj.config_path if ctx.obj else None
    try:
        return load_config(find_config(explicit, vault), os.environ)
    except ConfigError as exc:
        Console(stderr=True).print(f"[red]config error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from exc


def checked_vault(vault: Path, config: Config) -> Vault:
    """The vault a command works on; refused (exit 2) before anything is read or written when it is none.

    A command in the wrong folder must not walk it (it could be a home folder) nor leave .notesmith/ there.
    """
    from notesmith.app.transaction import NotAVault, Vault, require_vault, vault_layout

    try:
        require_vault(vault)
    except NotAVault as exc:
        usage_error(str(exc))
    return Vault(vault_layout(vault, config), config.git.commit)


def date_option(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        usage_error(f"{option} needs a date like 2026-03-31, not {value!r}")


def choice(option: str, value: str, choices: tuple[str, ...]) -> str:
    """`value` when it is one of `choices`; otherwise exit 2 listing them."""
    if value not in choices:
        usage_error(f"unknown {option} {value!r}; choose one of: {', '.join(choices)}")
    return value


def run_id() -> str:
    from notesmith.app.transaction import new_run_id

    return new_run_id(dt.datetime.now())


def open_index(vault: Path, config):
    """The vault's index, in step with its notes; refused (exit 2) for a folder that is no vault."""
    from notesmith.index.store import current_index

    conn, _ = current_index(checked_vault(vault, config).layout)
    return conn


def entity_or_exit(conn, name: str):
    from notesmith.index.queries import AmbiguousName, find_entity

    try:
        entity = find_entity(conn, name)
    except AmbiguousName as exc:
        usage_error(str(exc))
    if entity is None:
        fail(f"no person, organization or project called {name!r}")
    return entity


def chosen_extractor(option: str | None, config: Config) -> str:
    from notesmith.config import EXTRACTORS

    return choice("extractor", option or config.extractor.name, EXTRACTORS)
