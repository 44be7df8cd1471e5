"""The changes pages and the API ask for, each one call into the application layer; its errors as Refused."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from notesmith.app.review_actions import settle
from notesmith.app.runs import undo_run
from notesmith.app.tasks import TaskChange, change_tasks, tasks_by_id
from notesmith.app.undo import undo_last_run
from notesmith.domain import TaskStatus
from notesmith.index.queries import TaskFilter, TaskResult, find_tasks
from notesmith.web.context import Refused, WebContext, refused_for
from notesmith.web.views import PROPOSED, tasks_in

T = TypeVar("T")
VERBS = {TaskStatus.open: "Accepted", TaskStatus.rejected: "Rejected"}


@dataclass
class TasksChanged:
    tasks: list[TaskResult]  # as the index knows them after the change, in the order asked
    run_id: str | None  # None when nothing needed changing
    message: str
    proposals_left: int


@contextmanager
def answering() -> Iterator[None]:
    """The application layer's errors as Refused; anything else is a fault and stays one."""
    try:
        yield
    except Exception as exc:
        refused = refused_for(exc)
        if refused is None:
            raise
        raise refused from exc


def change(ctx: WebContext, changes: dict[str, TaskChange]) -> TasksChanged:
    """Every change in one run; the tasks read back from the notes as they are now."""
    run_id = ctx.settings.new_run_id()
    with answering():
        with ctx.index() as conn:
            edits = change_tasks(ctx.vault, conn, changes, ctx.settings.today(), run_id)
        with ctx.index() as conn:  # one sync after the write serves both answers
            tasks = tasks_by_id(conn, list(changes))
            left = len(find_tasks(conn, TaskFilter(statuses=(PROPOSED,))))
    done = bool(edits.changed)
    return TasksChanged(tasks, run_id if done else None, _message(changes, tasks) if done else "Nothing changed.",
                        left)


def decide_meeting(ctx: WebContext, path: str, status: TaskStatus) -> TasksChanged:
    """Accept or reject every proposal left in one note (found through the index, never opened by its path)."""
    with answering(), ctx.index() as conn:
        ids = [t.task_id for t in tasks_in(conn, path, (PROPOSED,)) if t.task_id]
    if not ids:
        raise Refused(404, "no proposals are left in that note")
    return change(ctx, {i: TaskChange(status=status) for i in ids})


def settle_entry(ctx: WebContext, entry_id: str, action: str, into: str | None) -> str:
    with answering(), ctx.index() as conn:
        return settle(ctx.vault, ctx.settings.config, conn, entry_id, action, into or None, ctx.settings.new_run_id())


def undo(ctx: WebContext, run_id: str | None) -> tuple[str | None, list[str]]:
    """Undo the last run, or `run_id` only if it is still the last; (run undone, paths restored)."""
    with answering():
        if run_id:
            return run_id, undo_run(ctx.vault, run_id)
        restored, run = undo_last_run(ctx.vault)
        return run, restored


def undo_message(run: str | None, restored: list[str]) -> str:
    if run is None:
        return "Nothing to undo."
    return f"Undid run {run}: {len(restored)} file{'s' * (len(restored) != 1)} restored."


def read(ctx: WebContext, ask: Callable[..., T]) -> T:
    """`ask(conn)` on an index in step with the notes, its errors as Refused."""
    with answering(), ctx.index() as conn:
        return ask(conn)


def _message(changes: dict[str, TaskChange], tasks: list[TaskResult]) -> str:
    statuses = {c.status for c in changes.values()}
    verb = VERBS.get(statuses.pop(), "Saved") if len(statuses) == 1 else "Changed"
    if len(tasks) == 1:
        return f"{verb}: {tasks[0].text}"
    return f"{verb} {len(tasks)} tasks."
