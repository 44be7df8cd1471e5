"""`notesmith task accept|reject|done|edit|propose`: deciding on proposals and editing tasks from the shell."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from notesmith.cli.common import (
    VaultOption,
    checked_vault,
    choice,
    config_for,
    date_option,
    fail,
    open_index,
    run_id,
)

task_app = typer.Typer(help="Accept, reject, complete, edit or propose tasks by their 🆔 (see `notesmith tasks`).",
                       no_args_is_help=True, add_completion=False, rich_markup_mode=None)
PRIORITIES = ("highest", "high", "medium", "low", "lowest", "none")
TaskIds = Annotated[list[str], typer.Argument(help="Task ids (the 🆔 in the line; `notesmith tasks` lists them).")]
AsJson = Annotated[bool, typer.Option("--json", help="The changed lines as JSON.")]


@task_app.command()
def accept(ctx: typer.Context, ids: TaskIds, vault: VaultOption = Path("."), as_json: AsJson = False) -> None:
    """Accept proposals: `[?]` becomes `[ ]` and `#proposed` goes. One run; `notesmith undo` reverts it."""
    _change(ctx, vault, ids, {"status": "open"}, as_json)


@task_app.command()
def reject(ctx: typer.Context, ids: TaskIds, vault: VaultOption = Path("."), as_json: AsJson = False) -> None:
    """Reject proposals: `[-]`; a re-ingest keeps them rejected."""
    _change(ctx, vault, ids, {"status": "rejected"}, as_json)


@task_app.command()
def done(ctx: typer.Context, ids: TaskIds, vault: VaultOption = Path("."), as_json: AsJson = False) -> None:
    """Mark tasks done: `[x]` with today's `✅` date."""
    _change(ctx, vault, ids, {"status": "done"}, as_json)


@task_app.command()
def edit(
    ctx: typer.Context,
    task_id: Annotated[str, typer.Argument(help="The task's id.")],
    vault: VaultOption = Path("."),
    text: Annotated[str | None, typer.Option(help="New words for the task.")] = None,
    owner: Annotated[str | None, typer.Option(help="The owner by any name or alias; '' removes it.")] = None,
    due: Annotated[str | None, typer.Option(help="Due date YYYY-MM-DD; 'none' removes it.")] = None,
    priority: Annotated[str | None, typer.Option(help="highest, high, medium, low, lowest or none.")] = None,
    as_json: AsJson = False,
) -> None:
    """Change a task's words, owner, due date or priority; every other field of the line stays as it is."""
    fields = {"text": text, "owner": owner, "due": due, "priority": priority}
    if all(v is None for v in fields.values()):
        fail("say what to change: --text, --owner, --due or --priority", 2)
    _change(ctx, vault, [task_id], fields, as_json)


@task_app.command()
def propose(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="What is to be done.")],
    vault: VaultOption = Path("."),
    meeting: Annotated[str | None, typer.Option(help="The meeting note it comes from (title or path); "
                                                     "without one it goes to Proposals.md.")] = None,
    owner: Annotated[str | None, typer.Option(help="Who is to do it, by any name or alias.")] = None,
    due: Annotated[str | None, typer.Option(help="Due date YYYY-MM-DD.")] = None,
    as_json: AsJson = False,
) -> None:
    """Add a proposal (`[?] … #proposed`) for someone to accept or reject."""
    from notesmith.app.tasks import TaskEditError, UnknownTask, propose_task
    from notesmith.domain import Task
    from notesmith.vault.lock import VaultBusy

    config = config_for(ctx, vault)
    target, conn = checked_vault(vault, config), open_index(vault, config)
    try:
        added = propose_task(target, conn, Task(text=text, owner=owner, due=date_option("--due", due)), meeting,
                             dt.date.today(), run_id())
    except (UnknownTask, TaskEditError, VaultBusy) as exc:
        fail(str(exc))
    if as_json:
        typer.echo(json.dumps({"id": added.task_id, "path": added.path, "line": added.after}, ensure_ascii=False))
    else:
        Console().print(f"Proposed in {added.path}:\n{added.after}", highlight=False, markup=False)


def _change(ctx: typer.Context, vault: Path, ids: list[str], fields: dict, as_json: bool) -> None:
    from notesmith.app.tasks import TaskEditError, UnknownTask, change_tasks
    from notesmith.vault.lock import VaultBusy

    config = config_for(ctx, vault)
    target, conn = checked_vault(vault, config), open_index(vault, config)
    change = _task_change(fields)
    try:
        edits = change_tasks(target, conn, dict.fromkeys(ids, change), dt.date.today(), run_id())
    except (UnknownTask, TaskEditError, VaultBusy) as exc:
        fail(str(exc))
    if as_json:
        typer.echo(json.dumps([{"id": c.task_id, "path": c.path, "before": c.before, "after": c.after}
                               for c in edits.changed], ensure_ascii=False))
        return
    console = Console()
    for changed in edits.changed:
        console.print(f"{changed.path}\n  {changed.after}", highlight=False, markup=False)
    unchanged = len(ids) - len(edits.changed)
    console.print(f"{len(edits.changed)} changed{f', {unchanged} already so' if unchanged else ''}"
                  f"{' (undo with `notesmith undo`)' if edits.changed else ''}.", highlight=False, markup=False)


def _task_change(fields: dict):
    from notesmith.app.tasks import TaskChange
    from notesmith.domain import Priority, TaskStatus

    due, priority = fields.get("due"), fields.get("priority")
    if priority is not None:
        choice("priority", priority, PRIORITIES)
    return TaskChange(
        status=TaskStatus(fields["status"]) if fields.get("status") else None, text=fields.get("text"),
        owner=fields.get("owner"), due=date_option("--due", due) if due not in (None, "none") else None,
        clear_due=due == "none", priority=Priority(priority) if priority not in (None, "none") else None,
        clear_priority=priority == "none")
