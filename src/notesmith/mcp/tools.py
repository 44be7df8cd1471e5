"""What each MCP tool does, over app/ and index/ only: arguments checked, answers as plain JSON-ready dicts."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import TypeVar

from notesmith.app.ingest import IngestOptions
from notesmith.app.owner import owner_from
from notesmith.app.pasted import PastedTextError, add_pasted_text
from notesmith.app.queries import AmbiguousNote, UnknownNote, read_note, recent_meetings
from notesmith.app.tasks import TaskEditError, UnknownTask, propose_task
from notesmith.app.transaction import NotAVault, Vault, new_run_id
from notesmith.config import Config
from notesmith.domain import Task
from notesmith.domain.owner import Owner
from notesmith.index.brief import build_brief
from notesmith.index.queries import (
    HIGHLIGHT,
    OPEN_STATUSES,
    OWNER_PRONOUNS,
    STATUSES,
    AmbiguousName,
    TaskFilter,
    TaskResult,
    count_tasks,
    find_entity,
    find_tasks,
    owner_names,
    search_notes,
)
from notesmith.index.store import (
    IndexUnavailable,
    answer_from_current_index,
    current_index,
)
from notesmith.vault.ledger import LedgerError
from notesmith.vault.lock import VaultBusy
from notesmith.vault.snapshot import OutsideVault

T = TypeVar("T")
NOTE_URI = "note://{path}"
BRIEF_TASKS = 50
STATUS_GROUPS = {"unfinished": OPEN_STATUSES, "all": STATUSES, **{s: (s,) for s in STATUSES}}


class ToolRefusal(ValueError):
    """An argument or a setting the tool cannot work with; the message is one sentence for a person."""


# what a tool may fail with on purpose: each is told to the assistant as its message, never as a traceback
EXPECTED_ERRORS = (ToolRefusal, UnknownNote, AmbiguousNote, AmbiguousName, UnknownTask, TaskEditError,
                   PastedTextError, VaultBusy, NotAVault, LedgerError, IndexUnavailable, OutsideVault)


@dataclass
class VaultTools:
    """The tools of one vault; `clock` gives today and the run ids; writes refused when `read_only`."""

    vault: Vault
    config: Config
    clock: Callable[[], dt.datetime] = dt.datetime.now
    read_only: bool = False
    make_extractor: Callable | None = None  # as IngestOptions.make_extractor; None: the rules extractor
    _writing: threading.Lock = field(default_factory=threading.Lock)  # one write of this server at a time
    owner: Owner = field(init=False)

    def __post_init__(self) -> None:
        self.owner = owner_from(self.config)

    def search(self, query: str, limit: int = 10, note_type: str | None = None) -> dict:
        hits = self._answer(lambda conn: search_notes(conn, query, note_type, None, limit))
        return {"query": query, "results": [
            {"title": h.title, "path": h.path, "type": h.type, "date": h.date, "snippet": _bold(h.snippet),
             "uri": note_uri(h.path)} for h in hits]}

    def get_note(self, title_or_path: str) -> dict:
        note = self._answer(lambda conn: read_note(self.vault, conn, title_or_path))
        return {**note.as_dict(), "uri": note_uri(note.path)}

    def note_markdown(self, path: str) -> str:
        return self._answer(lambda conn: read_note(self.vault, conn, path)).markdown

    def list_tasks(self, status: str = "unfinished", owner: str | None = None, due_before: str | None = None,
                   limit: int = 50) -> dict:
        before = parse_date("due_before", due_before)
        wanted_owner = self._owner(owner)

        def ask(conn: sqlite3.Connection) -> tuple[int, list[TaskResult]]:
            owners = owner_names(conn, wanted_owner, list(self.owner.names())) if wanted_owner else ()
            wanted = TaskFilter(owner_names=owners, statuses=STATUS_GROUPS[status], due_before=before)
            return count_tasks(conn, wanted), find_tasks(conn, replace(wanted, limit=limit))

        total, found = self._answer(ask)
        return {"today": self._today().isoformat(), "total": total, "tasks": [_task(t) for t in found]}

    def brief(self, name: str) -> dict:
        def ask(conn: sqlite3.Connection) -> dict:
            entity = find_entity(conn, name)
            if entity is None:
                raise ToolRefusal(f"no person, organization or project is called {name!r}")
            return build_brief(conn, entity).as_dict()

        dossier = self._answer(ask)
        # the owner's dossier can hold thousands of open tasks: more than an assistant can read
        tasks = dossier["open_tasks"]
        return {**dossier, "open_tasks": tasks[:BRIEF_TASKS], "open_tasks_total": len(tasks)}

    def recent_meetings(self, days: int = 14) -> dict:
        today = self._today()
        since = today - dt.timedelta(days=days)
        meetings = self._answer(lambda conn: recent_meetings(conn, since))
        return {"today": today.isoformat(), "since": since.isoformat(),
                "meetings": [{**m.as_dict(), "uri": note_uri(m.path)} for m in meetings]}

    def propose_task(self, text: str, owner: str | None = None, due: str | None = None,
                     meeting: str | None = None) -> dict:
        self._refuse_if_read_only("propose_task")
        task = Task(text=" ".join(text.split()), owner=self._owner(owner), due=parse_date("due", due))
        with self._writing:
            conn, _ = current_index(self.vault.layout)
            try:
                added = propose_task(self.vault, conn, task, meeting or None, self._today(), self._run_id())
            finally:
                conn.close()
        return {"task_id": added.task_id, "path": added.path, "line": added.after, "added": added.before == "",
                "status": "proposed"}

    def add_note_text(self, title: str, text: str, date: str | None = None) -> dict:
        self._refuse_if_read_only("add_note_text")
        meeting_date = parse_date("date", date)
        options = IngestOptions(today=self._today(), run_id=self._run_id(), workers=1,
                                recent_context_cap=self.config.notes.recent_context,
                                make_extractor=self.make_extractor)
        with self._writing:
            pasted = add_pasted_text(self.config, self.vault.layout, title, text, options, meeting_date)
        return {**asdict(pasted), "proposed_tasks": [_task(t) for t in pasted.proposed_tasks]}

    def _owner(self, name: str | None) -> str | None:
        """The name a task is given to; `me` is the vault's owner."""
        if not name or not name.strip():
            return None
        if name.strip().casefold() not in OWNER_PRONOUNS:
            return name
        if not self.owner.name:
            raise ToolRefusal(f"{name!r} means the vault's owner, whom notesmith.toml does not name: add a [me] "
                              "name there, or give the person's name")
        return self.owner.name

    def _answer(self, ask: Callable[[sqlite3.Connection], T]) -> T:
        return answer_from_current_index(self.vault.layout, ask)

    def _refuse_if_read_only(self, tool: str) -> None:
        if self.read_only:
            raise ToolRefusal(f"{tool} is refused: this notesmith server was started with --read-only, so it "
                              "writes nothing to the vault")

    def _today(self) -> dt.date:
        return self.clock().date()

    def _run_id(self) -> str:
        return new_run_id(self.clock())


def parse_date(argument: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ToolRefusal(f"{argument} needs a date like 2026-03-31, not {value!r}") from None


def note_uri(path: str) -> str:
    return NOTE_URI.format(path=path)


def _bold(snippet: str) -> str:
    return snippet.replace(HIGHLIGHT[0], "**").replace(HIGHLIGHT[1], "**")


def _task(task: TaskResult) -> dict:
    return {"id": task.task_id, "status": task.status, "text": task.text, "owner": task.owner, "due": task.due,
            "priority": task.priority, "created": task.created, "done": task.done, "note": task.note_title,
            "path": task.path, "line": task.line}
