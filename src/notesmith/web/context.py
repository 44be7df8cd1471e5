"""What the routes share: settings, a current index per request, templates, flash messages, error statuses."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from notesmith.app.evidence import EvidenceFinder
from notesmith.app.queries import AmbiguousNote, UnknownNote
from notesmith.app.review_actions import NotAChoice, UnknownEntry
from notesmith.app.runs import NotLastRun, UnknownRun
from notesmith.app.tasks import TaskEditError, UnknownTask
from notesmith.app.transaction import NotAVault, Vault
from notesmith.config import Config
from notesmith.index.queries import AmbiguousName
from notesmith.index.store import IndexUnavailable, current_index
from notesmith.plan.entity_merge import MergeError
from notesmith.vault.git import GitError
from notesmith.vault.journal import Conflict
from notesmith.vault.lock import VaultBusy
from notesmith.vault.undo import UndoError
from notesmith.web.render import markdown_renderer, templates

BUSY = "notesmith is busy: an ingest is running; try again in a moment"
FLASHES_KEPT = 200
log = logging.getLogger("notesmith.web")


@dataclass(frozen=True)
class ServeSettings:
    """Everything the web app needs, decided at the entry point (nothing is read from the clock or config here)."""

    vault: Vault
    config: Config
    host: str
    port: int
    secret: str  # the per-process CSRF token
    today: Callable[[], dt.date]
    new_run_id: Callable[[], str]


class Refused(Exception):
    """A request the app cannot carry out: the HTTP status and one sentence for the person."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


# the application layer's errors, most specific first: 404 nothing by that id, 400 cannot be done as asked,
# 409 the vault is busy or changed under the request, 500 written but not committed
_STATUSES: list[tuple[tuple[type[Exception], ...], int]] = [
    ((UnknownTask, UnknownEntry, UnknownRun, UnknownNote), 404),
    ((TaskEditError, NotAChoice, MergeError, AmbiguousNote, AmbiguousName), 400),
    ((VaultBusy,), 409),
    ((Conflict,), 409),
    ((UndoError, NotLastRun), 409),
    ((GitError, NotAVault, IndexUnavailable), 500),
]


def refused_for(exc: Exception) -> Refused | None:
    """The Refused an application-layer error means; None for anything else (a fault, not an answer)."""
    if isinstance(exc, Refused):
        return exc
    if isinstance(exc, VaultBusy):
        return Refused(409, BUSY)
    if isinstance(exc, Conflict):
        return Refused(409, "a note changed while this was being saved (edited in Obsidian?); reload and try again")
    if isinstance(exc, GitError):
        return Refused(500, f"the change was written but git could not commit it: {exc}")
    return next((Refused(status, str(exc)) for kinds, status in _STATUSES if isinstance(exc, kinds)), None)


@dataclass(frozen=True)
class Flash:
    """The line saying what an action did ("ok") or why it was refused ("error"); a run can be undone from it."""

    kind: str
    message: str
    run_id: str | None = None


class FlashBox:
    """Messages waiting for the page a form redirects to, by a one-off key (kept in memory, the newest few)."""

    def __init__(self) -> None:
        self._messages: OrderedDict[str, Flash] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, flash: Flash) -> str:
        key = secrets.token_urlsafe(8)
        with self._lock:
            self._messages[key] = flash
            while len(self._messages) > FLASHES_KEPT:
                self._messages.popitem(last=False)
        return key

    def take(self, key: str | None) -> Flash | None:
        with self._lock:
            return self._messages.pop(key, None) if key else None


class WebContext:
    def __init__(self, settings: ServeSettings):
        self.settings = settings
        self.templates = templates()
        self.markdown = markdown_renderer()
        self.flashes = FlashBox()
        self.evidence = EvidenceFinder(settings.vault, settings.config)

    @property
    def vault(self) -> Vault:
        return self.settings.vault

    @contextmanager
    def index(self) -> Iterator[sqlite3.Connection]:
        """The index brought up to date with the notes (they change in Obsidian too); one per request, as SQLite
        connections belong to the thread that made them."""
        conn, _ = current_index(self.vault.layout, warn=log.warning)
        try:
            yield conn
        finally:
            conn.close()

    def render(self, name: str, **values) -> str:
        values.setdefault("csrf_token", self.settings.secret)
        values.setdefault("vault_name", self.vault.root.name)
        return self.templates.get_template(name).render(**values)
