"""Text pasted by a person or an assistant: saved as a source file and ingested like an Inbox file."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from notesmith.app.ingest import IngestOptions, ingest
from notesmith.config import Config
from notesmith.domain.plan import OperationKind
from notesmith.index.notes_read import tasks_in_note
from notesmith.index.queries import TaskResult
from notesmith.index.store import current_index
from notesmith.sources.reader import MAX_BYTES
from notesmith.vault.layout import VaultLayout
from notesmith.vault.names import safe_file_name

_MARKDOWN = re.compile(r"\A\s*---\s*\n|^#{1,6} \S", re.MULTILINE)  # frontmatter, or a heading anywhere


class PastedTextError(ValueError):
    """The text cannot be added (empty, too large); the message says why in one sentence."""


@dataclass
class PastedNote:
    """What ingesting the text did: `status` is ingested, known (the same text was added before), skipped (no
    meeting in it) or failed, as for an Inbox file."""

    status: str
    detail: str
    file_name: str
    note_path: str | None = None  # the meeting note written or updated
    archived_as: str | None = None  # the text's file in the vault (Sources/, or the Inbox's failed folder)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    proposed_tasks: list[TaskResult] = field(default_factory=list)  # the meeting note's proposals now


def pasted_file_name(title: str, text: str, date: dt.date | None = None) -> str:
    """A safe file name from the title (the date first when given, as recorders name files), `.md` for
    Markdown, `.txt` for anything else."""
    stem = safe_file_name(f"{date.isoformat()} {title}" if date else title)
    return f"{stem}{'.md' if _MARKDOWN.search(text) else '.txt'}"


def add_pasted_text(config: Config, layout: VaultLayout, title: str, text: str, options: IngestOptions,
                    date: dt.date | None = None) -> PastedNote:
    """Ingest `text` as a source named after `title`. It is written to a private folder outside the vault first, so
    the ingest copies it into the archive as it does any file from outside (nothing waits in the Inbox if the vault
    is busy). Raises what `ingest` raises: VaultBusy, NotAVault, LedgerError."""
    if not text.strip():
        raise PastedTextError("the text is empty: paste the transcript, e-mail or notes to add")
    data = text.encode("utf-8")
    if len(data) > MAX_BYTES:
        raise PastedTextError(f"the text is {len(data) / 2**20:.1f} MB; notesmith reads sources up to "
                              f"{MAX_BYTES // 2**20} MB: split it, e.g. one text per meeting")
    name = pasted_file_name(title, text, date)
    with tempfile.TemporaryDirectory(prefix="notesmith-pasted-") as folder:
        source = Path(folder) / name
        source.write_bytes(data)
        report = ingest(config, layout, [source], options)
    return _pasted_note(report.outcomes[0], name, layout)


def _pasted_note(outcome, name: str, layout: VaultLayout) -> PastedNote:
    note = PastedNote(outcome.status, outcome.detail, name)
    operations = outcome.plan.operations if outcome.plan else []
    note.created = [op.path for op in operations if op.kind is OperationKind.create_note]
    note.updated = [op.path for op in operations if op.kind is OperationKind.update_note]
    note.archived_as = next((op.path for op in operations if op.kind is OperationKind.archive_source
                             and not op.path.endswith(".error.txt")), None)
    if outcome.status == "ingested":
        note.note_path = outcome.detail
        conn, _ = current_index(layout)
        try:
            note.proposed_tasks = tasks_in_note(conn, note.note_path, ("proposed",))
        finally:
            conn.close()
    return note
