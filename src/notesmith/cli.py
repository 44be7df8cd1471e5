"""The `notesmith` command line: the composition root that reads config once and calls the pipeline."""

from __future__ import annotations

import json
import os
import shutil
import sys
from importlib import resources
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from notesmith import __version__
from notesmith.config import Config, ConfigError, find_config, load_config
from notesmith.domain import Source
from notesmith.extract.rules import extract as rules_extract
from notesmith.pipeline import read_context_from, read_sources
from notesmith.sources import SourceError

app = typer.Typer(
    help="Turn meeting transcripts, e-mail threads and notes into a linked Obsidian vault.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
EXIT_FAILED_INPUTS = 1
EXIT_USAGE = 2


class State:
    config_path: Path | None = None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"notesmith {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    config: Annotated[
        Optional[Path],
        typer.Option("--config", "-c", help="notesmith.toml to use (default: ./notesmith.toml if present)."),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """notesmith reads transcripts, e-mails and notes; `notesmith COMMAND --help` explains each command."""
    State.config_path = config


def _load_config(vault: Path | None = None) -> Config:
    try:
        return load_config(find_config(State.config_path, vault), os.environ)
    except ConfigError as exc:
        Console(stderr=True).print(f"[red]config error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from exc


@app.command()
def sources(
    files: Annotated[list[Path], typer.Argument(help="Input files or folders (folders are read recursively).")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per input, one per line.")] = False,
    with_text: Annotated[bool, typer.Option("--text", help="Include the normalized text in --json output.")] = False,
) -> None:
    """Show what notesmith understood of each input — format, date, people, utterances — writing nothing.

    Exit code 1 when any input could not be read; the others are still shown.
    """
    ctx = read_context_from(_load_config())
    failed = 0
    out = Console()
    err = Console(stderr=True)
    table = _summary_table()
    for path, result in read_sources(files, ctx):
        if isinstance(result, SourceError):
            failed += 1
            _report_unreadable(err, path, result, as_json)
        elif as_json:
            typer.echo(result.model_dump_json(exclude=None if with_text else {"text"}))
        else:
            _add_summary_row(table, result)
    if not as_json and table.row_count:
        out.print(table)
    if failed:
        raise typer.Exit(EXIT_FAILED_INPUTS)


def _report_unreadable(err: Console, path: Path, error: SourceError, as_json: bool) -> None:
    """On stderr for people; as a JSON line too, so scripts see which input failed and why."""
    err.print(f"[red]error:[/red] {error}", highlight=False, soft_wrap=True)
    if as_json:
        typer.echo(json.dumps({"origin_path": str(path), "error": error.reason}))


def _summary_table() -> Table:
    table = Table(title="Sources", show_lines=True)
    for column in ("file", "format", "date", "title", "participants", "content", "notes"):
        table.add_column(column, overflow="fold")
    return table


def _add_summary_row(table: Table, source: Source) -> None:
    people = ", ".join(p.name + (f" <{p.email}>" if p.email else "") for p in source.participants)
    content = ", ".join(
        f"{len(items)} {name}"
        for name, items in (("utterances", source.utterances), ("messages", source.messages), ("sections", source.sections))
        if items
    )
    notes = source.warnings + [f"unresolved speaker label: {label}" for label in source.unresolved_labels]
    table.add_row(
        Path(source.origin_path).name,
        f"{source.format.value}\n({source.kind.value})",
        str(source.date or "—"),
        source.title or "—",
        people or "—",
        content,
        "\n".join(notes),
    )


@app.command("extract")
def extract_command(
    files: Annotated[list[Path], typer.Argument(help="Input files or folders (folders are read recursively).")],
    as_json: Annotated[bool, typer.Option("--json", help="One Extraction JSON object per input, one per line.")] = False,
    out: Annotated[
        Optional[Path], typer.Option("--out", help="Write <file name>.extraction.json per input into this folder.")
    ] = None,
) -> None:
    """Extract summary, decisions, tasks, facts, risks and open questions (offline rules), touching no vault.

    Exit code 1 when any input could not be read; the others are still extracted.
    """
    config = _load_config()
    ctx = read_context_from(config)
    failed = 0
    err = Console(stderr=True)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    for path, result in read_sources(files, ctx):
        if isinstance(result, SourceError):
            failed += 1
            _report_unreadable(err, path, result, as_json)
            continue
        extraction = rules_extract(result, config.me.name)
        if out is not None:
            (out / f"{path.name}.extraction.json").write_text(extraction.model_dump_json(indent=2), encoding="utf-8")
        if as_json:
            typer.echo(extraction.model_dump_json())
        elif out is None:
            _print_extraction(Console(), path, extraction)
    if failed:
        raise typer.Exit(EXIT_FAILED_INPUTS)


def _print_extraction(console: Console, path: Path, extraction) -> None:
    console.rule(f"{path.name} — {extraction.title or 'untitled'} ({extraction.date or 'no date'}, {extraction.kind.value})")
    if extraction.summary:
        console.print(extraction.summary, highlight=False)
    for heading, items in (("Decisions", extraction.decisions), ("Facts", extraction.facts),
                           ("Risks", extraction.risks), ("Open questions", extraction.open_questions)):
        if items:
            console.print(f"[bold]{heading}[/bold]")
            for item in items:
                console.print(f"  - {item.text}", highlight=False)
    if extraction.tasks:
        console.print("[bold]Tasks[/bold]")
        for task in extraction.tasks:
            fields = [f"@{task.owner}" if task.owner else "", f"due {task.due}" if task.due else "",
                      task.status.value, task.priority.value if task.priority else ""]
            console.print(f"  - {task.text}  [dim]{' · '.join(f for f in fields if f)}[/dim]", highlight=False)


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", help="Where to copy the bundled example inputs.")] = Path("demo-vault"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the parsed sources as JSON lines.")] = False,
) -> None:
    """Copy the bundled example inputs (every supported format) into OUT/Inbox and show what they contain.

    Building the full demo vault from them arrives with `notesmith ingest`.
    """
    inbox = out / "Inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    examples = resources.files("notesmith") / "examples"
    for item in examples.iterdir():
        if item.is_file() and not item.name.startswith((".", "__")):
            target = out / item.name if item.name == "notesmith.toml" else inbox / item.name
            with resources.as_file(item) as src:
                shutil.copyfile(src, target)
    State.config_path = State.config_path or out / "notesmith.toml"
    Console(stderr=True).print(f"Example inputs copied to {inbox}", highlight=False)
    sources([inbox], as_json=as_json, with_text=False)


def run() -> None:
    """Console entry point; keeps Ctrl-C quiet."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
