"""Tasks read by their 🆔 from the index's id column, not by building a row for every task of the vault."""

from __future__ import annotations

import sqlite3

from notesmith.app.tasks import UnknownTask
from notesmith.index.queries import TaskResult

_SELECT = ("SELECT tasks.path, tasks.line, tasks.status, tasks.text, tasks.owner, tasks.due, tasks.done, "
           "tasks.created, tasks.priority, tasks.task_id, notes.title FROM tasks JOIN notes USING (path) ")
BATCH = 500  # ids per query: SQLite's limit on parameters is far above it


def tasks_by_id(conn: sqlite3.Connection, ids: list[str]) -> list[TaskResult]:
    """The tasks in the order asked; UnknownTask for an id no note holds. (Two lines with one id are refused by
    the edits themselves, app/tasks: the first is shown.)"""
    found: dict[str, TaskResult] = {}
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), BATCH):
        batch = unique[start:start + BATCH]
        marks = ", ".join("?" for _ in batch)
        for row in conn.execute(f"{_SELECT} WHERE tasks.task_id IN ({marks})", batch):
            found.setdefault(row[9], TaskResult(*row))
    missing = [task_id for task_id in unique if task_id not in found]
    if missing:
        raise UnknownTask(f"no task has the id {missing[0]!r}: it may have been removed, or the note edited")
    return [found[task_id] for task_id in ids]
