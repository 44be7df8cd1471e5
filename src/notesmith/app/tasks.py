"""Task edits: accept, reject or change task lines in their notes, and propose new ones; each call one undoable run."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass, field

from notesmith.app.edit_run import apply_edit_run
from notesmith.app.queries import AmbiguousNote, UnknownNote, read_note
from notesmith.app.transaction import Vault
from notesmith.domain import Priority, Task, TaskStatus
from notesmith.domain.plan import FileOperation, OperationKind
from notesmith.index.queries import (
    AmbiguousName,
    TaskFilter,
    TaskResult,
    find_entity,
    find_tasks,
)
from notesmith.notes.links import note_link_target
from notesmith.notes.task_edit import TaskLineEdit, TaskLineError, edit_task_line
from notesmith.notes.task_line import parse_task_line, render_task_line, task_id_of
from notesmith.plan.ids import task_id as stable_task_id
from notesmith.vault.snapshot import VaultSnapshot, sha256

ACTION_ITEMS = "## Action Items"
PROPOSALS_NOTE = "Proposals.md"  # where a task proposed with no meeting goes
_IDS_PER_QUERY = 500  # far below SQLite's limit on parameters
_HEADING = re.compile(r"^#{1,6} ")


class UnknownTask(LookupError):
    """No note holds a task with this id (any more)."""


class TaskEditError(ValueError):
    """The edit cannot be made: the message says why in one sentence."""


@dataclass(frozen=True)
class TaskChange:
    """What a person changes on one task; None leaves a field as it is."""

    status: TaskStatus | None = None
    text: str | None = None
    owner: str | None = None  # any name or alias of a person; "" removes the owner
    due: dt.date | None = None
    clear_due: bool = False
    priority: Priority | None = None
    clear_priority: bool = False


@dataclass(frozen=True)
class ChangedTask:
    task_id: str
    path: str
    before: str
    after: str


@dataclass
class TaskEdits:
    """One run's task edits, as the caller reports them."""

    changed: list[ChangedTask] = field(default_factory=list)
    run_id: str = ""


def tasks_by_id(conn: sqlite3.Connection, ids: list[str]) -> list[TaskResult]:
    """The tasks with these 🆔s as the index knows them, in the order asked; UnknownTask for one no note holds."""
    found: dict[str, TaskResult] = {}
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), _IDS_PER_QUERY):
        for task in find_tasks(conn, TaskFilter(task_ids=tuple(unique[start:start + _IDS_PER_QUERY]))):
            found.setdefault(task.task_id, task)
    missing = [task_id for task_id in unique if task_id not in found]
    if missing:
        raise UnknownTask(f"no task has the id {missing[0]!r}: it may have been removed, or the note edited")
    return [found[task_id] for task_id in ids]


def change_tasks(vault: Vault, conn: sqlite3.Connection, changes: dict[str, TaskChange], today: dt.date,
                 run_id: str) -> TaskEdits:
    """Make every change in one transaction (all or none); `notesmith undo` reverts it."""
    located = {task.task_id: task.path for task in tasks_by_id(conn, list(changes))}
    edits = {task_id: _line_edit(conn, change) for task_id, change in changes.items()}
    result = TaskEdits(run_id=run_id)

    def plan(snapshot: VaultSnapshot) -> list[FileOperation]:
        result.changed.clear()
        by_path: dict[str, list[str]] = {}
        for task_id, path in located.items():
            by_path.setdefault(path, []).append(task_id)
        return [op for path, ids in sorted(by_path.items())
                if (op := _edited_note(snapshot, path, {i: edits[i] for i in ids}, today, result))]

    apply_edit_run(vault, plan, run_id, _message(changes))
    return result


def propose_task(vault: Vault, conn: sqlite3.Connection, task: Task, meeting: str | None, today: dt.date,
                 run_id: str) -> ChangedTask:
    """Add `task` as a proposal (`[?] … #proposed`) to the meeting note's Action Items, or to Proposals.md when
    no meeting is named; the same words proposed twice in one note are one task."""
    path, meeting_id = _meeting(vault, conn, meeting) if meeting else (PROPOSALS_NOTE, PROPOSALS_NOTE)
    new_id = stable_task_id(meeting_id, task.text)  # as the meeting's own tasks: a re-ingest finds it again
    owner = _owner_link(conn, task.owner) if task.owner else None
    proposal = task.model_copy(update={"status": TaskStatus.proposed, "owner": None})
    line = render_task_line(proposal, new_id, owner, today)
    if parse_task_line(line) is None:
        raise TaskEditError("a task needs words: the text given has none once Tasks fields are taken out")
    added: list[ChangedTask] = []

    def plan(snapshot: VaultSnapshot) -> list[FileOperation]:
        added.clear()
        before = snapshot.read_bytes(path)
        text = before.decode("utf-8") if before is not None else _new_proposals_note()
        if any(task_id_of(existing) == new_id for existing in text.split("\n")):
            return []
        added.append(ChangedTask(new_id, path, "", line))
        content = _with_action_item(text, line).encode("utf-8")
        return [FileOperation(kind=OperationKind.update_note if before else OperationKind.create_note, path=path,
                              before_sha256=sha256(before) if before is not None else None, content=content,
                              changes=[f"propose: {task.text}"])]

    apply_edit_run(vault, plan, run_id, f"notesmith: propose {task.text!r}")
    return added[0] if added else ChangedTask(new_id, path, line, line)


def _line_edit(conn: sqlite3.Connection, change: TaskChange) -> TaskLineEdit:
    if change.status is TaskStatus.proposed:
        raise TaskEditError("a task cannot be made a proposal again; accept it ([ ]) or reject it ([-])")
    if change.text is not None and not change.text.strip():
        raise TaskEditError("a task's words cannot be empty")
    owner = change.owner.strip() if change.owner is not None else None
    return TaskLineEdit(status=change.status, text=change.text, owner_link=_owner_link(conn, owner) if owner else None,
                        clear_owner=owner == "", due=change.due, clear_due=change.clear_due,
                        priority=change.priority, clear_priority=change.clear_priority)


def _edited_note(snapshot: VaultSnapshot, path: str, edits: dict[str, TaskLineEdit], today: dt.date,
                 result: TaskEdits) -> FileOperation | None:
    before = snapshot.read_bytes(path)
    if before is None:
        raise UnknownTask(f"{path} is gone: the task is no longer in the vault")
    lines = before.decode("utf-8").split("\n")
    for task_id, edit in edits.items():
        number = _line_of(lines, task_id, path)
        try:
            after = edit_task_line(lines[number], edit, today)
        except TaskLineError as exc:
            raise TaskEditError(f"cannot edit task {task_id} in {path}: {exc}") from exc
        if after != lines[number]:
            result.changed.append(ChangedTask(task_id, path, lines[number], after))
            lines[number] = after
    content = "\n".join(lines).encode("utf-8")
    if content == before:
        return None
    return FileOperation(kind=OperationKind.update_note, path=path, before_sha256=sha256(before), content=content,
                         changes=[f"task {c.task_id}: {c.after}" for c in result.changed if c.path == path])


def _line_of(lines: list[str], task_id: str, path: str) -> int:
    found = [i for i, line in enumerate(lines) if task_id_of(line) == task_id and parse_task_line(line)]
    if not found:
        raise UnknownTask(f"no task has the id {task_id!r} in {path} any more (was the line edited?)")
    if len(found) > 1:
        raise TaskEditError(f"{path} has {len(found)} task lines with the id {task_id!r}; edit the note by hand")
    return found[0]


def _owner_link(conn: sqlite3.Connection, name: str) -> str:
    """`[[Note]]` of the person answering to `name` (any name or alias, or a first name only one person has); a
    name no note answers to is refused: an owner link must lead somewhere."""
    try:
        entity = find_entity(conn, name)
    except AmbiguousName as exc:
        raise TaskEditError(str(exc)) from exc
    paths = [entity.path] if entity else _people_first_named(conn, name)
    if len(paths) != 1:
        found = f"could be: {', '.join(note_link_target(p) for p in paths)}" if paths else "has no person note"
        raise TaskEditError(f"{name!r} {found}; name the owner by a full name or an alias in a person note")
    return f"[[{note_link_target(paths[0])}]]"


def _people_first_named(conn: sqlite3.Connection, name: str) -> list[str]:
    first = " ".join(name.split()).casefold()
    rows = conn.execute("SELECT path, title FROM notes WHERE type = 'person'").fetchall()
    return sorted(path for path, title in rows if (title or "").casefold().split(" ")[0] == first)


def _meeting(vault: Vault, conn: sqlite3.Connection, meeting: str) -> tuple[str, str]:
    """The path and meeting id of the meeting note named by its path, file name, title or alias."""
    try:
        note = read_note(vault, conn, meeting)
    except UnknownNote as exc:
        raise UnknownTask(f"no meeting note is called {meeting!r}") from exc
    except AmbiguousNote as exc:
        raise TaskEditError(str(exc)) from exc
    if note.type != "meeting":
        raise TaskEditError(f"{note.path} is a {note.type} note: a task is proposed in the meeting it comes from")
    stamp = note.frontmatter.get("notesmith")
    return note.path, str(stamp.get("id") or note.path) if isinstance(stamp, dict) else note.path


def _with_action_item(text: str, line: str) -> str:
    """The note with `line` at the end of its Action Items section (the section added when missing)."""
    lines = text.split("\n")
    if ACTION_ITEMS not in (l.rstrip() for l in lines):
        body = text.rstrip("\n")
        return f"{body}\n\n{ACTION_ITEMS}\n\n{line}\n"
    start = next(i for i, l in enumerate(lines) if l.rstrip() == ACTION_ITEMS)
    end = next((i for i in range(start + 1, len(lines)) if _HEADING.match(lines[i])), len(lines))
    last = max((i for i in range(start + 1, end) if lines[i].strip()), default=start)
    at = last + 1 if last > start else start + 1
    new = [line] if last > start else ["", line]
    return "\n".join(lines[:at] + new + lines[at:])


def _new_proposals_note() -> str:
    return ("---\ntype: proposals\ntitle: Proposals\n---\n\n# Proposals\n\n"
            "Tasks proposed without a meeting (by an assistant over MCP, or by hand).\n")


def _message(changes: dict[str, TaskChange]) -> str:
    verbs = {TaskStatus.open: "accept", TaskStatus.rejected: "reject", TaskStatus.done: "complete"}
    words = sorted({verbs.get(c.status, "edit") for c in changes.values()})
    return f"notesmith: {' and '.join(words)} {len(changes)} task{'s' * (len(changes) != 1)}"
