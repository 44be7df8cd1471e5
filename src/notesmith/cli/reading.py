"""`sources` and `extract`: what notesmith reads and extracts from inputs, touching no vault."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from notesmith.cli.common import EXIT_FAILED_INPUTS, chosen_extractor, config_for

FilesArgument = Annotated[list[Path], typer.Argument(help="Input files or folders (folders are read recursively).")]


def sources(
    ctx: typer.Context,
    files: FilesArgument,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per input, one per line.")] = False,
    with_text: Annotated[bool, typer.Option("--text", help="Include the normalized text in --json output.")] = False,
) -> None:
    """Show what notesmith understood of each input — format, date, people, utterances — writing nothing.

    Exit code 1 when any input could not be read; the others are still shown.
    """
    from notesmith.app.pipeline import read_context_from, read_sources
    from notesmith.sources import SourceError

    failed = 0
    table = _summary_table()
    for path, result in read_sources(files, read_context_from(config_for(ctx))):
        if isinstance(result, SourceError):
            failed += 1
            _report_unreadable(path, result, as_json)
        elif as_json:
            typer.echo(result.model_dump_json(exclude=None if with_text else {"text"}))
        else:
            _add_summary_row(table, result)
    if not as_json and table.row_count:
        Console().print(table)
    if failed:
        raise typer.Exit(EXIT_FAILED_INPUTS)


def extract(
    ctx: typer.Context,
    files: FilesArgument,
    as_json: Annotated[bool, typer.Option("--json", help="One Extraction JSON object per input, one per line.")] = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write <file name>.extraction.json per input into this folder.")
    ] = None,
    extractor: Annotated[str | None, typer.Option(
        "--extractor", help="rules (default, offline) or llm (the [llm] server of the config).")] = None,
    vault: Annotated[Path | None, typer.Option(
        "--vault", "-V", help="Read this vault's notesmith.toml, and keep model answers in its .notesmith/cache.")] = None,
) -> None:
    """Extract summary, decisions, tasks, facts, risks and open questions, touching no note.

    Every item carries its evidence: the quote and, when the source has times, the start in seconds.
    With --extractor llm the model's usage is printed on stderr. Exit code 1 when any input could not be
    read or extracted; the others are still extracted.
    """
    from notesmith.app.pipeline import (
        llm_extractor,
        llm_usage,
        read_context_from,
        read_sources,
        rules_extractor,
    )
    from notesmith.app.transaction import vault_layout
    from notesmith.extract.llm.client import LLMError
    from notesmith.sources import SourceError

    config = config_for(ctx, vault)
    usage = llm_usage(config) if chosen_extractor(extractor, config) == "llm" else None
    extract = llm_extractor(config, os.environ, vault_layout(vault, config).state_dir if vault else None, usage) \
        if usage else rules_extractor(config)
    failed = 0
    err = Console(stderr=True)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    for path, result in read_sources(files, read_context_from(config)):
        if isinstance(result, SourceError):
            failed += 1
            _report_unreadable(path, result, as_json)
            continue
        try:
            extraction = extract(result)
        except LLMError as exc:
            failed += 1
            err.print(f"[red]failed:[/red] {escape(str(path))}: model: {escape(str(exc))}", highlight=False,
                      soft_wrap=True)
            continue
        if out is not None:
            (out / f"{path.name}.extraction.json").write_text(extraction.model_dump_json(indent=2), encoding="utf-8")
        if as_json:
            typer.echo(extraction.model_dump_json())
        elif out is None:
            _print_extraction(Console(), path, extraction)
    if usage:
        err.print(usage.summary(), markup=False, highlight=False, soft_wrap=True)
    if failed:
        raise typer.Exit(EXIT_FAILED_INPUTS)


def _report_unreadable(path: Path, error, as_json: bool) -> None:
    """On stderr for people; as a JSON line too, so scripts see which input failed and why."""
    Console(stderr=True).print(f"[red]error:[/red] {escape(str(error))}", highlight=False, soft_wrap=True)
    if as_json:
        typer.echo(json.dumps({"origin_path": str(path), "error": error.reason}))


def _summary_table() -> Table:
    table = Table(title="Sources", show_lines=True)
    for column in ("file", "format", "date", "title", "participants", "content", "notes"):
        table.add_column(column, overflow="fold")
    return table


def _add_summary_row(table: Table, source) -> None:
    people = ", ".join(p.name + (f" <{p.email}>" if p.email else "") for p in source.participants)
    content = ", ".join(
        f"{len(items)} {name}"
        for name, items in (("utterances", source.utterances), ("messages", source.messages), ("sections", source.sections))
        if items
    )
    notes = source.warnings + [f"unresolved speaker label: {label}" for label in source.unresolved_labels]
    table.add_row(*(escape(cell) for cell in (
        Path(source.origin_path).name, f"{source.format.value}\n({source.kind.value})", str(source.date or "—"),
        source.title or "—", people or "—", content, "\n".join(notes))))


def _print_extraction(console: Console, path: Path, extraction) -> None:
    console.rule(escape(f"{path.name} — {extraction.title or 'untitled'} ({extraction.date or 'no date'}, "
                        f"{extraction.kind.value})"))
    if extraction.summary:
        console.print(escape(extraction.summary), highlight=False)
    for heading, items in (("Decisions", extraction.decisions), ("Facts", extraction.facts),
                           ("Risks", extraction.risks), ("Open questions", extraction.open_questions)):
        if items:
            console.print(f"[bold]{heading}[/bold]")
            for item in items:
                console.print(f"  - {escape(item.text)}", highlight=False)
    if extraction.tasks:
        console.print("[bold]Tasks[/bold]")
        for task in extraction.tasks:
            fields = [f"@{task.owner}" if task.owner else "", f"due {task.due}" if task.due else "",
                      task.status.value, task.priority.value if task.priority else ""]
            console.print(f"  - {escape(task.text)}  [dim]{escape(' · '.join(f for f in fields if f))}[/dim]",
                          highlight=False)
