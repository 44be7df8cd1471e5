"""The shapes pages and the API show: proposals grouped by meeting, a task as JSON, the changes a form asks for."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from dataclasses import dataclass, field

from notesmith.app.queries import UnknownNote, find_note
from notesmith.app.tasks import TaskChange
from notesmith.domain import Priority, TaskStatus
from notesmith.index.queries import TaskFilter, TaskResult, find_tasks
from notesmith.web.context import Refused

PROPOSED = "proposed"
DECISIONS = {"open": TaskStatus.open, "rejected": TaskStatus.rejected}
PRIORITIES = [p.value for p in Priority]


@dataclass
class MeetingGroup:
    """The proposals of one note (a meeting, or Proposals.md), in note order."""

    path: str
    title: str
    date: str | None
    tasks: list[TaskResult] = field(default_factory=list)

    @property
    def key(self) -> str:
        return dom_key("m", self.path)


def dom_key(prefix: str, value: str) -> str:
    """An HTML id for a path (paths hold spaces and any character)."""
    return f"{prefix}-{hashlib.sha256(value.encode()).hexdigest()[:12]}"


def proposal_groups(conn: sqlite3.Connection) -> list[MeetingGroup]:
    """Every proposed task, by the note it is in; the newest meeting first, undated ones last."""
    groups: dict[str, MeetingGroup] = {}
    for task in find_tasks(conn, TaskFilter(statuses=(PROPOSED,))):
        group = groups.get(task.path)
        if group is None:
            group = groups[task.path] = MeetingGroup(task.path, task.note_title, _note_date(conn, task.path))
        group.tasks.append(task)
    for group in groups.values():
        group.tasks.sort(key=lambda t: t.line)
    dated = sorted((g for g in groups.values() if g.date), key=lambda g: (g.date, g.title), reverse=True)
    return dated + sorted((g for g in groups.values() if not g.date), key=lambda g: g.title.casefold())


def tasks_in(conn: sqlite3.Connection, path: str, statuses: tuple[str, ...]) -> list[TaskResult]:
    return sorted((t for t in find_tasks(conn, TaskFilter(statuses=statuses)) if t.path == path), key=lambda t: t.line)


def task_json(task: TaskResult) -> dict:
    return {"id": task.task_id, "text": task.text, "owner": task.owner, "due": task.due, "priority": task.priority,
            "status": task.status, "created": task.created, "done": task.done, "note": task.note_title,
            "path": task.path, "line": task.line}


def decision(value: str | None) -> TaskStatus | None:
    """`open` (accept) or `rejected`; None when not given."""
    if value in (None, ""):
        return None
    if value not in DECISIONS:
        raise Refused(400, f"status must be one of: {', '.join(DECISIONS)} (not {value!r})")
    return DECISIONS[value]


def form_change(task: TaskResult, text: str, owner: str, due: str, priority: str, status: str | None) -> TaskChange:
    """What an edit form changes: only the fields whose value differs from the task as it is."""
    text, owner, due, priority = text.strip(), " ".join(owner.split()), due.strip(), priority.strip()
    new_due = parsed_date(due) if due else None
    return TaskChange(
        status=decision(status),
        text=text if text != task.text else None,
        owner=owner if owner != (task.owner or "") else None,
        due=new_due if new_due and new_due.isoformat() != task.due else None,
        clear_due=not due and task.due is not None,
        priority=parsed_priority(priority) if priority and priority != task.priority else None,
        clear_priority=not priority and task.priority is not None)


def json_change(body: object) -> TaskChange:
    """`{"status"?, "text"?, "owner"?, "due"? (date or null), "priority"? (name or null)}` as a TaskChange."""
    if not isinstance(body, dict):
        raise Refused(400, "the body must be a JSON object like {\"status\": \"open\"}")
    unknown = sorted(set(body) - {"status", "text", "owner", "due", "priority"})
    if unknown:
        raise Refused(400, f"unknown field {unknown[0]!r}; a task takes status, text, owner, due and priority")
    for name in ("status", "text", "owner"):
        if body.get(name) is not None and not isinstance(body[name], str):
            raise Refused(400, f"{name} must be a string")
    due, priority = body.get("due", ""), body.get("priority", "")
    if not isinstance(due, (str, type(None))) or not isinstance(priority, (str, type(None))):
        raise Refused(400, "due must be a date like 2026-03-31 or null, priority a name or null")
    change = TaskChange(status=decision(body.get("status")), text=body.get("text"), owner=body.get("owner"),
                        due=parsed_date(due) if due else None, clear_due="due" in body and due is None,
                        priority=parsed_priority(priority) if priority else None,
                        clear_priority="priority" in body and priority is None)
    if change == TaskChange():
        raise Refused(400, "nothing to change: give status, text, owner, due or priority")
    return change


def parsed_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Refused(400, f"due needs a date like 2026-03-31, not {value!r}") from None


def parsed_priority(value: str) -> Priority:
    if value not in PRIORITIES:
        raise Refused(400, f"priority must be one of: {', '.join(PRIORITIES)} (not {value!r})")
    return Priority(value)


def _note_date(conn: sqlite3.Connection, path: str) -> str | None:
    try:
        return find_note(conn, path).date
    except UnknownNote:
        return None
