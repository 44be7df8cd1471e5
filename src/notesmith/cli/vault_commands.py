"""The commands that write a vault: init, ingest, undo, reindex, doctor, merge, review and demo."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from notesmith.cli.common import (
    EXIT_FAILED_INPUTS,
    VaultOption,
    checked_vault,
    choice,
    chosen_extractor,
    config_for,
    entity_or_exit,
    fail,
    open_index,
    run_id,
    usage_error,
)

if TYPE_CHECKING:
    from notesmith.app.init import InitReport


def init(
    ctx: typer.Context,
    vault: Annotated[Path, typer.Argument(help="Folder to make a vault (created if missing).")] = Path("."),
    no_git: Annotated[bool, typer.Option("--no-git", help="Do not make the folder a git repository.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="List the files created as JSON.")] = False,
) -> None:
    """Create notesmith.toml, the folder layout, the TASKS.md dashboard, a CSS snippet that draws [?] and [-],
    and the Obsidian Tasks statuses [?] proposed and [-] rejected: added to the vault's Tasks settings, whose own
    statuses and settings are all kept (`notesmith undo` puts them back). Existing notes are never overwritten.

    A folder that is in no git repository becomes one (unless --no-git), and every run is then one commit of
    the files it wrote. notesmith never commits into a repository it did not create, unless notesmith.toml
    says `[git] commit = "always"`.
    """
    report, git_state = _init_vault(ctx, vault, None, with_git=not no_git)
    if as_json:
        typer.echo(json.dumps({"vault": str(vault), "created": report.created, "updated": report.updated,
                               "notices": report.notices, "git": git_state}))
        return
    Console().print(f"Vault ready at {vault} ({len(report.created)} files created). Put inputs in "
                    f"{vault / 'Inbox'} and run `notesmith ingest --vault {vault}`.", highlight=False, markup=False)
    for notice in report.notices:
        Console().print(notice, highlight=False, markup=False, soft_wrap=True)
    if git_state == "not committed to":
        Console().print("This folder is inside a git repository notesmith did not create: runs will not be "
                        "committed to it. To allow it, set `[git] commit = \"always\"` in notesmith.toml.",
                        highlight=False, markup=False)


def _init_vault(ctx: typer.Context, vault: Path, config_text: str | None, with_git: bool) -> tuple[InitReport, str]:
    """What init did, and what runs will do with git: "committed", "not committed to" or "none"."""
    from notesmith.app.init import git_state, init_vault
    from notesmith.app.transaction import Vault, vault_layout

    config = config_for(ctx, vault)
    target = Vault(vault_layout(vault, config), config.git.commit)
    report = init_vault(target, config_text, with_git, run_id())
    return report, git_state(target)


EXECUTORS = ("local", "ray")


def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Files or folders to ingest (default: the vault's Inbox).")] = None,
    vault: VaultOption = Path("."),
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the plan; write nothing anywhere.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="With --dry-run: show each note's diff.")] = False,
    extractor: Annotated[str | None, typer.Option("--extractor", help="rules (default, offline) or llm.")] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, help="Processes reading and extracting sources, at most one per 8 of them (a "
                                    "process takes a second or two to start); default: one per core; 1: all in "
                                    "this process. Notes are written by this process alone, in input order.")] = None,
    executor: Annotated[str, typer.Option(
        "--executor", help="local (default: this machine's processes) or ray (Ray tasks; pip install "
                           "'notesmith[ray]').")] = "local",
    ray_address: Annotated[str | None, typer.Option(
        "--ray-address", help="With --executor ray: the cluster to join, e.g. 10.0.0.5:6379 or auto (default: "
                              "start a Ray on this machine).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object describing the run.")] = False,
) -> None:
    """Turn sources into meeting, person, organization and project notes and proposed tasks.

    Each source is applied in its own transaction and then moved from the Inbox into Sources/<year>/
    (files outside the vault are copied, never moved). A source already ingested is reported as known and
    moved to Sources/_duplicates/. A source that cannot be read goes to Inbox/_failed/ with an .error.txt.
    Links, FIFOs and devices are refused, never followed. Exit code 1 when anything failed, 2 when the
    folder is no vault.
    """
    choice("executor", executor, EXECUTORS)
    if ray_address and executor != "ray":
        usage_error("--ray-address is for --executor ray")
    _ingest(ctx, list(paths or []), vault, dry_run, diff, extractor, as_json, jobs, executor, ray_address)


def _ingest(ctx: typer.Context, paths: list[Path], vault: Path, dry_run: bool, diff: bool, extractor: str | None,
            as_json: bool, jobs: int | None = None, executor: str = "local", ray_address: str | None = None) -> None:
    from notesmith.app.executors import ExecutorUnavailable
    from notesmith.app.ingest import IngestOptions
    from notesmith.app.pipeline import llm_usage
    from notesmith.app.transaction import NotAVault
    from notesmith.cli.report import print_plan, print_report, report_json
    from notesmith.vault.ledger import LedgerError
    from notesmith.vault.lock import VaultBusy

    config = config_for(ctx, vault)
    layout = checked_vault(vault, config).layout
    usage = llm_usage(config) if chosen_extractor(extractor, config) == "llm" else None
    this_run = run_id()
    try:
        remote = _ray_executor(ray_address, usage) if executor == "ray" else None
    except ExecutorUnavailable as exc:
        usage_error(str(exc))
    # a model is asked from threads of this process (or of each Ray worker); the rules run in worker processes
    options = IngestOptions(today=dt.date.today(), run_id=this_run, dry_run=dry_run,
                            after_file_op=_fault_hook(os.environ), workers=1 if usage or jobs == 1 else 0,
                            cpus=jobs or os.cpu_count(), recent_context_cap=config.notes.recent_context,
                            make_extractor=_model_extractor(config, layout, usage, this_run, remote is not None),
                            executor=remote)
    try:
        report = _ingest_with_progress(config, layout, paths, options, None if as_json else Console(stderr=True))
    except NotAVault as exc:
        usage_error(str(exc))
    except (VaultBusy, LedgerError) as exc:
        fail(str(exc))
    report.usage = usage
    if as_json:
        typer.echo(json.dumps(report_json(report, dry_run)))
    else:
        if dry_run:
            print_plan(Console(), report, layout.root, diff)
        print_report(Console(), report, dry_run)
    if report.count("failed"):
        raise typer.Exit(EXIT_FAILED_INPUTS)


def _ray_executor(address: str | None, usage):
    """Ray joined (or started) before the vault is locked: that takes seconds."""
    from notesmith.app.executors import RayExecutor

    executor = RayExecutor(address=address, usage=usage)
    executor.join()
    return executor


def _model_extractor(config, layout, usage, this_run: str, on_ray: bool):
    """What builds the run's model extractor (None: the rules). On Ray each worker builds its own client from the
    settings and the key (a client cannot be sent), and is told no vault names (the registry stays here)."""
    import functools

    from notesmith.app.executors import BuiltOnWorker
    from notesmith.app.pipeline import llm_extractor

    if usage is None:
        return None
    if on_ray:
        key_only = {config.llm.api_key_env: os.environ.get(config.llm.api_key_env, "")}
        build = functools.partial(llm_extractor, config, key_only, layout.state_dir)
        return lambda known: BuiltOnWorker(this_run, build)
    return lambda known: llm_extractor(config, os.environ, layout.state_dir, usage, known)


def _ingest_with_progress(config, layout, paths: list[Path], options, console: Console | None):
    from rich.progress import Progress, TextColumn

    from notesmith.app.ingest import ingest

    if console is None or not console.is_terminal:
        return ingest(config, layout, paths, options)
    with Progress(*Progress.get_default_columns(), TextColumn("{task.fields[name]}"), console=console,
                  transient=True) as progress:
        task = progress.add_task("ingesting", total=None, name="")
        return ingest(config, layout, paths, options,
                      lambda name, total: progress.update(task, total=total, advance=1, name=escape(name)))


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


def undo(
    ctx: typer.Context,
    vault: VaultOption = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Print what was restored as JSON.")] = False,
) -> None:
    """Revert the last run (ingest, doctor --fix, merge): every file it wrote or moved goes back exactly as it was.

    Refused (nothing changed) when one of those files was edited after the run.
    """
    from notesmith.app.undo import undo_last_run
    from notesmith.vault.lock import VaultBusy
    from notesmith.vault.undo import UndoError

    target = checked_vault(vault, config_for(ctx, vault))
    try:
        restored, run = undo_last_run(target)
    except (UndoError, VaultBusy) as exc:
        Console(stderr=True).print(f"[red]cannot undo:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_FAILED_INPUTS) from exc
    if as_json:
        typer.echo(json.dumps({"run": run, "restored": restored}))
    elif run is None:
        Console().print("Nothing to undo.")
    else:
        Console().print(f"Undid run {run}: {len(restored)} files restored.", highlight=False, markup=False)


def reindex(
    ctx: typer.Context,
    vault: VaultOption = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Rebuild .notesmith/index.sqlite from the notes (it is derived: deleting it loses nothing)."""
    from notesmith.index.store import IndexUnavailable, rebuild_index

    layout = checked_vault(vault, config_for(ctx, vault)).layout
    started = time.perf_counter()
    try:
        stats = rebuild_index(layout)
    except IndexUnavailable as exc:
        fail(str(exc))
    elapsed = time.perf_counter() - started
    if as_json:
        typer.echo(json.dumps({"notes": stats.added, "seconds": round(elapsed, 3)}))
    else:
        Console().print(f"Indexed {stats.added} notes in {elapsed:.2f} s.", highlight=False)


def doctor(
    ctx: typer.Context,
    vault: VaultOption = Path("."),
    fix: Annotated[bool, typer.Option("--fix", help="Fix what is safe to fix (undo with `notesmith undo`).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Findings as JSON.")] = False,
) -> None:
    """Check the vault: duplicate meetings, near-duplicate bullets, broken links, placeholders, invalid
    frontmatter, unsafe file names, absolute source paths, task lines Obsidian Tasks cannot read, tasks decided
    in Obsidian that still carry #proposed, a TASKS.md that uses `filter by function` (off since Tasks 8.0),
    entities needing review. Exit code 1 when anything is found (after --fix: anything left)."""
    from notesmith.app.repair import repair
    from notesmith.cli.views import print_findings
    from notesmith.index.doctor import examine
    from notesmith.vault.lock import VaultBusy

    config = config_for(ctx, vault)
    target = checked_vault(vault, config)
    conn = open_index(vault, config)
    findings = examine(conn, target.layout)
    fixed: list[str] = []
    if fix:
        try:
            fixed = repair(target, findings, run_id())
        except VaultBusy as exc:
            fail(str(exc))
        if fixed:
            conn = open_index(vault, config)  # in step with the repaired notes (or read from them)
            findings = examine(conn, target.layout)
    if as_json:
        typer.echo(json.dumps({"findings": [f.as_dict() for f in findings], "fixed": fixed}, ensure_ascii=False))
    else:
        print_findings(Console(), findings, fixed)
    if findings:
        raise typer.Exit(EXIT_FAILED_INPUTS)


def merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help="The entity to keep (any of its names).")],
    fold: Annotated[str, typer.Argument(help="The entity folded into it; its note is removed.")],
    vault: VaultOption = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="The notes changed, as JSON.")] = False,
) -> None:
    """Merge two notes about one person, organization or project: FOLD's names become aliases of KEEP, its
    e-mails, facts and notes move over (restated bullets become one, with both sources), every link to FOLD
    in the vault points to KEEP, and FOLD's note is removed. One transaction; `notesmith undo` reverts it."""
    from notesmith.app.merge import merge_entities
    from notesmith.plan.entity_merge import MergeError
    from notesmith.vault.lock import VaultBusy

    config = config_for(ctx, vault)
    target = checked_vault(vault, config)
    conn = open_index(vault, config)
    kept, folded = entity_or_exit(conn, keep), entity_or_exit(conn, fold)
    try:
        changed = merge_entities(target, conn, kept, folded, run_id())
    except MergeError as exc:
        usage_error(str(exc))
    except VaultBusy as exc:
        fail(str(exc))
    open_index(vault, config).close()  # the index follows the merged notes now, not at the next command
    if as_json:
        typer.echo(json.dumps({"kept": kept.path, "removed": folded.path, "changed": changed}, ensure_ascii=False))
    else:
        Console().print(f"Merged {folded.title} into {kept.title}: {len(changed) - 1} notes updated, "
                        f"{folded.path} removed (undo with `notesmith undo`).", highlight=False, markup=False)


def review(
    ctx: typer.Context,
    vault: VaultOption = Path("."),
    dismiss_names: Annotated[list[str] | None, typer.Option(
        "--dismiss", help="Stop listing this name (repeatable); for names that need no note.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The queue as JSON.")] = False,
) -> None:
    """What notesmith left for you to decide: new people (notes marked `review: needed`), names that could be
    several people, and people mentioned whom the vault does not know. An entry disappears once settled:
    remove `review: needed`, add the name to someone's `aliases`, merge with `notesmith merge`, or --dismiss."""
    from notesmith.app.review import dismiss, review_queue
    from notesmith.cli.views import print_review
    from notesmith.vault.lock import VaultBusy

    config = config_for(ctx, vault)
    target = checked_vault(vault, config)
    conn = open_index(vault, config)
    if dismiss_names:
        try:
            dismissed = dismiss(target, dismiss_names)
        except VaultBusy as exc:
            fail(str(exc))
        if not as_json:
            Console().print(f"Dismissed: {', '.join(dismissed) or 'nothing new'}", highlight=False, markup=False)
    entries = review_queue(target, config, conn)
    if as_json:
        typer.echo(json.dumps([e.as_dict() for e in entries], ensure_ascii=False))
    else:
        print_review(Console(), entries)


def demo(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="Folder of the demo vault.")] = Path("demo-vault"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the ingest report as JSON.")] = False,
) -> None:
    """Build a complete demo vault from the bundled examples (every supported input format).

    Running it again changes nothing: every example is reported as already known.
    """
    examples = resources.files("notesmith") / "examples"
    ctx.obj.config_path = None  # the demo vault's own config, whatever --config said
    _init_vault(ctx, out, (examples / "notesmith.toml").read_text(encoding="utf-8"), with_git=True)
    with resources.as_file(examples) as folder:
        # read from the package (copied into Sources/, never moved): a second run finds every example known
        inputs = sorted(p for p in folder.iterdir() if p.is_file() and p.name != "notesmith.toml"
                        and not p.name.startswith((".", "__")))
        _ingest(ctx, inputs, out, dry_run=False, diff=False, extractor=None, as_json=as_json)
    if not as_json:
        Console().print(f"Open {out.resolve()} in Obsidian; TASKS.md lists the proposed tasks.", highlight=False,
                        markup=False)
