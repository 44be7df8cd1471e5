"""The `notesmith` command line: the composition root that reads config once and calls the pipeline."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import secrets
import signal
import sys
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, TextColumn
from rich.table import Table

from notesmith import __version__
from notesmith.app.merge import merge_entities
from notesmith.app.repair import repair
from notesmith.app.review import dismiss
from notesmith.app.transaction import NotAVault, Vault, require_vault
from notesmith.app.undo import undo_last_run
from notesmith.config import EXTRACTORS, Config, ConfigError, find_config, load_config
from notesmith.domain import Source
from notesmith.extract.llm.client import LLMError
from notesmith.index.brief import build_brief
from notesmith.index.doctor import examine
from notesmith.index.queries import (
    ENTITY_TYPES,
    OPEN_STATUSES,
    AmbiguousName,
    EntityRef,
    TaskFilter,
    find_entity,
    find_tasks,
    owner_names,
    search_notes,
)
from notesmith.index.store import (
    answer_from_current_index,
    current_index,
    rebuild_index,
    sync_index,
)
from notesmith.ingest import (
    IngestOptions,
    build_registry,
    init_vault,
    vault_layout,
)
from notesmith.ingest import ingest as run_ingest
from notesmith.pipeline import (
    llm_extractor,
    llm_usage,
    read_context_from,
    read_sources,
    rules_extractor,
)
from notesmith.plan.entity_merge import MergeError
from notesmith.report import print_plan, print_report, report_json
from notesmith.review.queue import open_review, read_dismissed
from notesmith.sources import SourceError
from notesmith.vault import git
from notesmith.vault.ledger import Ledger, LedgerError
from notesmith.vault.lock import VaultBusy
from notesmith.vault.snapshot import VaultSnapshot
from notesmith.vault.undo import UndoError
from notesmith.views import (
    highlighted,
    print_brief,
    print_findings,
    print_hits,
    print_review,
    print_tasks,
)

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
        Console(stderr=True).print(f"[red]config error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
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
    err.print(f"[red]error:[/red] {escape(str(error))}", highlight=False, soft_wrap=True)
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
    extractor: Annotated[Optional[str], typer.Option(
        "--extractor", help="rules (default, offline) or llm (the [llm] server of the config).")] = None,
    vault: Annotated[Optional[Path], typer.Option(
        "--vault", "-V", help="Read this vault's notesmith.toml, and keep model answers in its .notesmith/cache.")] = None,
) -> None:
    """Extract summary, decisions, tasks, facts, risks and open questions, touching no note.

    Every item carries its evidence: the quote and, when the source has times, the start in seconds.
    With --extractor llm the model's usage is printed on stderr. Exit code 1 when any input could not be
    read or extracted; the others are still extracted.
    """
    config = _load_config(vault)
    chosen = _chosen_extractor(extractor, config)
    usage = llm_usage(config) if chosen == "llm" else None
    extract = llm_extractor(config, os.environ, vault_layout(vault, config).state_dir if vault else None, usage) \
        if usage else rules_extractor(config)
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
        try:
            extraction = extract(result)
        except LLMError as exc:
            failed += 1
            err.print(f"[red]failed:[/red] {escape(str(path))}: model: {escape(str(exc))}", highlight=False, soft_wrap=True)
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


def _chosen_extractor(option: str | None, config: Config) -> str:
    chosen = option or config.extractor.name
    if chosen not in EXTRACTORS:
        _usage_error(f"unknown extractor {chosen!r}; choose one of: {', '.join(EXTRACTORS)}")
    return chosen


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


VaultOption = Annotated[
    Path, typer.Option("--vault", "-V", envvar="NOTESMITH_VAULT", help="The vault folder (default: the current folder).")
]


@app.command()
def init(
    vault: Annotated[Path, typer.Argument(help="Folder to make a vault (created if missing).")] = Path("."),
    no_git: Annotated[bool, typer.Option("--no-git", help="Do not make the folder a git repository.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="List the files created as JSON.")] = False,
) -> None:
    """Create notesmith.toml, the folder layout, the TASKS.md dashboard and (if the vault has none yet)
    the Obsidian Tasks statuses [?] proposed and [-] rejected. Existing files are never overwritten.

    A folder that is in no git repository becomes one (unless --no-git), and every run is then one commit of
    the files it wrote. notesmith never commits into a repository it did not create, unless notesmith.toml
    says `[git] commit = "always"`.
    """
    created, git_state = _init_vault(vault, None, with_git=not no_git)
    if as_json:
        typer.echo(json.dumps({"vault": str(vault), "created": created, "git": git_state}))
        return
    Console().print(f"Vault ready at {vault} ({len(created)} files created). Put inputs in "
                    f"{vault / 'Inbox'} and run `notesmith ingest --vault {vault}`.", highlight=False)
    if git_state == "not committed to":
        Console().print("This folder is inside a git repository notesmith did not create: runs will not be "
                        "committed to it. To allow it, set `[git] commit = \"always\"` in notesmith.toml.",
                        highlight=False)


def _init_vault(vault: Path, config_text: str | None, with_git: bool) -> tuple[list[str], str]:
    """The files created, and what runs will do with git: "committed", "not committed to" or "none"."""
    config = _load_config(vault)
    target = Vault(vault_layout(vault, config), config.git.commit)
    created = init_vault(target, config_text, with_git)
    if git.may_commit(vault, config.git.commit):
        return created, "committed"
    return created, "not committed to" if git.inside_repository(vault) else "none"


@app.command()
def ingest(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders to ingest (default: the vault's Inbox).")] = None,
    vault: VaultOption = Path("."),
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the plan; write nothing anywhere.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="With --dry-run: show each note's diff.")] = False,
    extractor: Annotated[Optional[str], typer.Option("--extractor", help="rules (default, offline) or llm.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object describing the run.")] = False,
) -> None:
    """Turn sources into meeting, person, organization and project notes and proposed tasks.

    Each source is applied in its own transaction and then moved from the Inbox into Sources/<year>/
    (files outside the vault are copied, never moved). Sources already ingested are skipped. A source
    that cannot be read goes to Inbox/_failed/ with an .error.txt. Exit code 1 when anything failed.
    """
    config = _load_config(vault)
    chosen = _chosen_extractor(extractor, config)
    layout = vault_layout(vault, config)
    usage = llm_usage(config) if chosen == "llm" else None
    # a model is asked from threads of this process; the rules run in worker processes when there are many inputs
    options = IngestOptions(today=dt.date.today(), run_id=_run_id(), dry_run=dry_run,
                            after_file_op=_fault_hook(os.environ), workers=1 if usage else 0, cpus=os.cpu_count(),
                            recent_context_cap=config.notes.recent_context,
                            make_extractor=(lambda known: llm_extractor(config, os.environ, layout.state_dir, usage,
                                                                        known)) if usage else None)
    err = Console(stderr=True)
    try:
        report = _ingest_with_progress(config, layout, list(paths or []), options, err if not as_json else None)
    except NotAVault as exc:
        _usage_error(str(exc))
    except (VaultBusy, LedgerError) as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_FAILED_INPUTS) from exc
    report.usage = usage
    if as_json:
        typer.echo(json.dumps(report_json(report, dry_run)))
    else:
        if dry_run:
            print_plan(Console(), report, layout, diff)
        print_report(Console(), report, dry_run)
    if report.count("failed"):
        raise typer.Exit(EXIT_FAILED_INPUTS)


def _ingest_with_progress(config: Config, layout, paths: list[Path], options: IngestOptions, console: Console | None):
    if console is None or not console.is_terminal:
        return run_ingest(config, layout, paths, options)
    with Progress(*Progress.get_default_columns(), TextColumn("{task.fields[name]}"), console=console,
                  transient=True) as progress:
        task = progress.add_task("ingesting", total=None, name="")
        return run_ingest(config, layout, paths, options,
                          lambda name, total: progress.update(task, total=total, advance=1, name=name))


def _run_id() -> str:
    return f"{dt.datetime.now():%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


def _fault_hook(environ) -> Callable[[], None] | None:
    """NOTESMITH_FAULT_KILL_AFTER=k kills the process after its k-th file operation (the crash-safety tests)."""
    value = environ.get("NOTESMITH_FAULT_KILL_AFTER")
    if not value:
        return None
    remaining = [int(value)]

    def after_file_op() -> None:
        remaining[0] -= 1
        if remaining[0] <= 0:
            os.kill(os.getpid(), signal.SIGKILL)

    return after_file_op


def _usage_error(message: str) -> None:
    _fail(message, EXIT_USAGE)


def _fail(message: str, code: int = EXIT_FAILED_INPUTS) -> None:
    Console(stderr=True).print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@app.command()
def undo(
    vault: VaultOption = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Print what was restored as JSON.")] = False,
) -> None:
    """Revert the last ingest run: every file it wrote or moved goes back exactly as it was.

    Refused (nothing changed) when one of those files was edited after the run.
    """
    config = _load_config(vault)
    err = Console(stderr=True)
    try:
        restored, run = undo_last_run(_vault(vault, config))
    except NotAVault as exc:
        _usage_error(str(exc))
    except (UndoError, VaultBusy) as exc:
        err.print(f"[red]cannot undo:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_FAILED_INPUTS) from exc
    if as_json:
        typer.echo(json.dumps({"run": run, "restored": restored}))
    elif run is None:
        Console().print("Nothing to undo.")
    else:
        Console().print(f"Undid run {run}: {len(restored)} files restored.", highlight=False)


@app.command()
def reindex(
    vault: VaultOption = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Rebuild .notesmith/index.sqlite from the notes (it is derived: deleting it loses nothing)."""
    layout = vault_layout(vault, _load_config(vault))
    _require_vault(vault)
    started = time.perf_counter()
    stats = rebuild_index(layout)
    elapsed = time.perf_counter() - started
    if as_json:
        typer.echo(json.dumps({"notes": stats.added, "seconds": round(elapsed, 3)}))
    else:
        Console().print(f"Indexed {stats.added} notes in {elapsed:.2f} s.", highlight=False)


_STATUS_CHOICES = {"proposed": "proposed", "open": "open", "in-progress": "in_progress", "in_progress": "in_progress",
                   "done": "done", "rejected": "rejected"}


@app.command()
def tasks(
    vault: VaultOption = Path("."),
    owner: Annotated[Optional[str], typer.Option(help="Owner by any name or alias; `me` is you ([me] in the config).")] = None,
    status: Annotated[Optional[list[str]], typer.Option(
        help="proposed, open, in-progress, done or rejected; repeat for several (default: all not finished).")] = None,
    due_before: Annotated[Optional[str], typer.Option(help="Only tasks due before this date (YYYY-MM-DD).")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only unfinished tasks whose due date has passed.")] = False,
    entity: Annotated[Optional[str], typer.Option(help="Only tasks of a person, organization or project.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON list of tasks.")] = False,
) -> None:
    """List tasks from every note, soonest due first; edits made in Obsidian are seen at once."""
    config = _load_config(vault)
    statuses = tuple(_STATUS_CHOICES.get(s) or _usage_error(
        f"unknown status {s!r}; choose from: proposed, open, in-progress, done, rejected") for s in status or [])
    conn = _index(vault, config)
    wanted = TaskFilter(
        owner_names=owner_names(conn, owner, config.me.names()) if owner else (),
        statuses=statuses or OPEN_STATUSES, due_before=_date_option("--due-before", due_before),
        overdue_on=dt.date.today() if overdue else None, entity=_entity_or_exit(conn, entity) if entity else None)
    found = find_tasks(conn, wanted)
    if as_json:
        typer.echo(json.dumps([t.as_dict() for t in found], ensure_ascii=False))
    else:
        print_tasks(Console(), found)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find (all of them; the last also as a prefix).")],
    vault: VaultOption = Path("."),
    note_type: Annotated[Optional[str], typer.Option("--type", help="meeting, person, organization or project.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Only notes dated on or after this date (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many results.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON list of results (matches marked **like this**).")] = False,
) -> None:
    """Full-text search over every note, best match first, with the matching passage."""
    config = _load_config(vault)
    if note_type and note_type not in ("meeting", *ENTITY_TYPES):
        _usage_error(f"unknown type {note_type!r}; use meeting, person, organization or project")
    since_date = _date_option("--since", since)
    _require_vault(vault)
    hits = answer_from_current_index(vault_layout(vault, config),
                                     lambda conn: search_notes(conn, query, note_type, since_date, limit))
    if as_json:
        typer.echo(json.dumps([{**h.as_dict(), "snippet": highlighted(h.snippet, "**", "**")} for h in hits],
                              ensure_ascii=False))
    else:
        print_hits(Console(), hits)


@app.command()
def brief(
    name: Annotated[str, typer.Argument(help="A person, organization or project, by any name or alias.")],
    vault: VaultOption = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="The dossier as one JSON object.")] = False,
) -> None:
    """The dossier of one person, organization or project: facts (newest first), decisions, open tasks,
    last meetings with one-line summaries, related people and organizations."""
    config = _load_config(vault)
    conn = _index(vault, config)
    dossier = build_brief(conn, _entity_or_exit(conn, name))
    if as_json:
        typer.echo(json.dumps(dossier.as_dict(), ensure_ascii=False, default=str))
    else:
        print_brief(Console(), dossier)


@app.command()
def doctor(
    vault: VaultOption = Path("."),
    fix: Annotated[bool, typer.Option("--fix", help="Fix what is safe to fix (undo with `notesmith undo`).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Findings as JSON.")] = False,
) -> None:
    """Check the vault: duplicate meetings, near-duplicate bullets, broken links, placeholders, invalid
    frontmatter, unsafe file names, absolute source paths, task lines Obsidian Tasks cannot read, entities
    needing review. Exit code 1 when anything is found (after --fix: anything left)."""
    config = _load_config(vault)
    layout = vault_layout(vault, config)
    conn = _index(vault, config)
    findings = examine(conn, layout)
    fixed: list[str] = []
    if fix:
        try:
            fixed = repair(_vault(vault, config), findings, _run_id())
        except VaultBusy as exc:
            _fail(str(exc))
        if fixed:
            sync_index(conn, layout)
            findings = examine(conn, layout)
    if as_json:
        typer.echo(json.dumps({"findings": [f.as_dict() for f in findings], "fixed": fixed}, ensure_ascii=False))
    else:
        print_findings(Console(), findings, fixed)
    if findings:
        raise typer.Exit(EXIT_FAILED_INPUTS)


@app.command()
def merge(
    keep: Annotated[str, typer.Argument(help="The entity to keep (any of its names).")],
    fold: Annotated[str, typer.Argument(help="The entity folded into it; its note is removed.")],
    vault: VaultOption = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="The notes changed, as JSON.")] = False,
) -> None:
    """Merge two notes about one person, organization or project: FOLD's names become aliases of KEEP, its
    e-mails, facts and notes move over (restated bullets become one, with both sources), every link to FOLD
    in the vault points to KEEP, and FOLD's note is removed. One transaction; `notesmith undo` reverts it."""
    config = _load_config(vault)
    layout = vault_layout(vault, config)
    conn = _index(vault, config)
    kept, folded = _entity_or_exit(conn, keep), _entity_or_exit(conn, fold)
    try:
        changed = merge_entities(_vault(vault, config), conn, kept, folded, _run_id())
    except MergeError as exc:
        _usage_error(str(exc))
    except VaultBusy as exc:
        _fail(str(exc))
    sync_index(conn, layout)
    if as_json:
        typer.echo(json.dumps({"kept": kept.path, "removed": folded.path, "changed": changed}, ensure_ascii=False))
    else:
        Console().print(f"Merged {folded.title} into {kept.title}: {len(changed) - 1} notes updated, "
                        f"{folded.path} removed (undo with `notesmith undo`).", highlight=False)


@app.command()
def review(
    vault: VaultOption = Path("."),
    dismiss_names: Annotated[Optional[list[str]], typer.Option(
        "--dismiss", help="Stop listing this name (repeatable); for names that need no note.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The queue as JSON.")] = False,
) -> None:
    """What notesmith left for you to decide: new people (notes marked `review: needed`), names that could be
    several people, and people mentioned whom the vault does not know. An entry disappears once settled:
    remove `review: needed`, add the name to someone's `aliases`, merge with `notesmith merge`, or --dismiss."""
    config = _load_config(vault)
    layout = vault_layout(vault, config)
    conn = _index(vault, config)
    if dismiss_names:
        try:
            dismissed = dismiss(_vault(vault, config), dismiss_names)
        except VaultBusy as exc:
            _fail(str(exc))
        if not as_json:
            Console().print(f"Dismissed: {', '.join(dismissed) or 'nothing new'}", highlight=False)
    registry = build_registry(VaultSnapshot(layout), layout, config)
    entries = open_review(Ledger.load(layout), registry, conn, read_dismissed(layout))
    if as_json:
        typer.echo(json.dumps([e.as_dict() for e in entries], ensure_ascii=False))
    else:
        print_review(Console(), entries)


def _index(vault: Path, config: Config):
    _require_vault(vault)
    conn, _ = current_index(vault_layout(vault, config))
    return conn


def _require_vault(vault: Path) -> None:
    # a command in the wrong folder must not walk it (it could be a home folder) nor leave .notesmith/ there
    try:
        require_vault(vault)
    except NotAVault as exc:
        _usage_error(str(exc))


def _vault(vault: Path, config: Config) -> Vault:
    """The vault a writing command works on; refused (exit 2) before anything is written when it is none."""
    _require_vault(vault)
    return Vault(vault_layout(vault, config), config.git.commit)


def _entity_or_exit(conn, name: str) -> EntityRef:
    try:
        entity = find_entity(conn, name)
    except AmbiguousName as exc:
        _usage_error(str(exc))
    if entity is None:
        _fail(f"no person, organization or project called {name!r}")
    return entity


def _date_option(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _usage_error(f"{option} needs a date like 2026-03-31, not {value!r}")


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder of the demo vault.")] = Path("demo-vault"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the ingest report as JSON.")] = False,
) -> None:
    """Build a complete demo vault from the bundled examples (every supported input format).

    Running it again changes nothing: every example is reported as already known.
    """
    examples = resources.files("notesmith") / "examples"
    config_text = (examples / "notesmith.toml").read_text(encoding="utf-8")
    State.config_path = None
    _init_vault(out, config_text, with_git=True)
    with resources.as_file(examples) as folder:
        # read from the package (copied into Sources/, never moved): a second run finds every example known
        inputs = sorted(p for p in folder.iterdir() if p.is_file() and p.name != "notesmith.toml"
                        and not p.name.startswith((".", "__")))
        ingest(paths=inputs, vault=out, dry_run=False, diff=False, extractor=None, as_json=as_json)
    if not as_json:
        Console().print(f"Open {out.resolve()} in Obsidian; TASKS.md lists the proposed tasks.", highlight=False)


def run() -> None:
    """Console entry point; keeps Ctrl-C quiet."""
    # what the imports made lives as long as the command: frozen, a full garbage collection during a read
    # command (tens of ms) no longer walks it
    gc.freeze()
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
