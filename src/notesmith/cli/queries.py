"""`tasks`, `search` and `brief`: answers from the index, which is brought up to date with the notes first."""

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
    entity_or_exit,
    fail,
    open_index,
    usage_error,
)

# what people type → the status name in the index
STATUS_CHOICES = {"proposed": "proposed", "open": "open", "in-progress": "in_progress", "done": "done",
                  "rejected": "rejected"}
NOTE_TYPES = ("meeting", "person", "organization", "project")


class _NoSuchEntity(LookupError):
    """--entity names no person, organization or project (raised where the index is asked, printed after)."""


def tasks(
    ctx: typer.Context,
    vault: VaultOption = Path("."),
    owner: Annotated[str | None, typer.Option(help="Owner by any name or alias; `me` is you ([me] in the config).")] = None,
    status: Annotated[list[str] | None, typer.Option(
        help="proposed, open, in-progress, done or rejected; repeat for several (default: all not finished).")] = None,
    due_before: Annotated[str | None, typer.Option(help="Only tasks due before this date (YYYY-MM-DD).")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only unfinished tasks whose due date has passed.")] = False,
    entity: Annotated[str | None, typer.Option(help="Only tasks of a person, organization or project.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON list of tasks.")] = False,
) -> None:
    """List tasks from every note, soonest due first; edits made in Obsidian are seen at once."""
    from notesmith.app.owner import owner_from
    from notesmith.index.queries import (
        OPEN_STATUSES,
        AmbiguousName,
        TaskFilter,
        find_entity,
        find_tasks,
        owner_names,
        tasks_json,
    )
    from notesmith.index.store import answer_from_current_index

    config = config_for(ctx, vault)
    statuses = tuple(STATUS_CHOICES[choice("status", s.replace("_", "-"), tuple(STATUS_CHOICES))] for s in status or [])
    before = date_option("--due-before", due_before)
    overdue_on = dt.date.today() if overdue else None
    checked = checked_vault(vault, config)

    def ask(conn):  # may run before the notes are checked, and again after a sync: it only reads, and prints nothing
        found_entity = find_entity(conn, entity) if entity else None
        if entity and found_entity is None:
            raise _NoSuchEntity(f"no person, organization or project called {entity!r}")
        wanted = TaskFilter(owner_names=owner_names(conn, owner, owner_from(config).names()) if owner else (),
                            statuses=statuses or OPEN_STATUSES, due_before=before, overdue_on=overdue_on,
                            entity=found_entity)
        return tasks_json(conn, wanted) if as_json else find_tasks(conn, wanted)

    try:
        found = answer_from_current_index(checked.layout, ask)
    except AmbiguousName as exc:
        usage_error(str(exc))
    except _NoSuchEntity as exc:
        fail(str(exc))
    if as_json:
        typer.echo(found)
    else:
        from notesmith.cli.views import print_tasks

        print_tasks(Console(), found)


def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="Words to find (all of them; the last also as a prefix).")],
    vault: VaultOption = Path("."),
    note_type: Annotated[str | None, typer.Option("--type", help="meeting, person, organization or project.")] = None,
    since: Annotated[str | None, typer.Option(help="Only notes dated on or after this date (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many results.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON list of results (matches marked **like this**).")] = False,
) -> None:
    """Full-text search over every note, best match first, with the matching passage."""
    from notesmith.cli.views import highlighted, print_hits
    from notesmith.index.queries import search_notes
    from notesmith.index.store import answer_from_current_index

    config = config_for(ctx, vault)
    if note_type:
        choice("type", note_type, NOTE_TYPES)
    since_date = date_option("--since", since)
    checked = checked_vault(vault, config)
    hits = answer_from_current_index(checked.layout, lambda conn: search_notes(conn, query, note_type, since_date, limit))
    if as_json:
        typer.echo(json.dumps([{**h.as_dict(), "snippet": highlighted(h.snippet, "**", "**")} for h in hits],
                              ensure_ascii=False))
    else:
        print_hits(Console(), hits)


def brief(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A person, organization or project, by any name or alias.")],
    vault: VaultOption = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="The dossier as one JSON object.")] = False,
) -> None:
    """The dossier of one person, organization or project: facts (newest first), decisions, open tasks,
    last meetings with one-line summaries, related people and organizations."""
    from notesmith.cli.views import print_brief
    from notesmith.index.brief import build_brief

    conn = open_index(vault, config_for(ctx, vault))
    dossier = build_brief(conn, entity_or_exit(conn, name))
    if as_json:
        typer.echo(json.dumps(dossier.as_dict(), ensure_ascii=False, default=str))
    else:
        print_brief(Console(), dossier)
