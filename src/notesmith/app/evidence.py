"""The words a meeting's tasks were drawn from: its archived sources read again and the offline rules run."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass

from notesmith.app.pipeline import read_context_from, rules_extractor
from notesmith.app.queries import NoteText
from notesmith.app.transaction import Vault
from notesmith.config import Config
from notesmith.domain import Source
from notesmith.plan.ids import task_id
from notesmith.sources import SourceError, read_source
from notesmith.vault.snapshot import OutsideVault, inside_vault

# Notes keep no evidence (task lines hold Tasks fields only); the rules are deterministic, so a task they
# proposed is found again by its 🆔, with the quote and time it was drawn from. Tasks a model proposed, or whose
# source is gone, have none.
QUOTES_PER_TASK = 2
_LIST_MARK = re.compile(r"^\s*(?:[-*+]\s+)?(?:\[.\]\s+)?")


@dataclass(frozen=True)
class Quote:
    text: str
    speaker: str | None
    start: float | None  # seconds into the recording
    source: str  # the archived source's vault path

    def as_dict(self) -> dict:
        return asdict(self)


class EvidenceFinder:
    """Quotes by task id for a meeting note; each source's reading is kept while its file is unchanged."""

    def __init__(self, vault: Vault, config: Config, kept: int = 256):
        self._vault = vault
        self._context = read_context_from(config)
        self._extract = rules_extractor(config)
        self._kept = kept
        self._cache: OrderedDict[tuple, list[tuple[str, list[Quote]]]] = OrderedDict()
        self._lock = threading.Lock()

    def for_meeting(self, note: NoteText) -> dict[str, list[Quote]]:
        stamp = note.frontmatter.get("notesmith")
        meeting_id = str(stamp.get("id") or note.path) if isinstance(stamp, dict) else note.path
        sources = note.frontmatter.get("sources") or []
        found: dict[str, list[Quote]] = {}
        for source in (s for s in sources if isinstance(s, str)):
            for text, quotes in self._tasks_of(source):
                found.setdefault(task_id(meeting_id, text), quotes)
        return found

    def _tasks_of(self, source: str) -> list[tuple[str, list[Quote]]]:
        """(task text as the rules word it, its quotes) for one archived source; [] when it cannot be read."""
        try:
            path = inside_vault(self._vault.layout, source)
            stat = path.stat()
        except (OSError, OutsideVault):
            return []
        key = (source, stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        try:
            read = read_source(path, self._context)
        except (SourceError, OSError):
            return []
        tasks = [(task.text, [_quote(read, e.quote, e.start, source) for e in task.evidence[:QUOTES_PER_TASK]])
                 for task in self._extract(read).tasks]
        with self._lock:
            self._cache[key] = tasks
            while len(self._cache) > self._kept:
                self._cache.popitem(last=False)
        return tasks


def _quote(source: Source, quote: str, start: float | None, path: str) -> Quote:
    """The quote with who said it: the utterance or message that holds it."""
    wanted = " ".join(quote.split())
    speaker = next((u.speaker or u.label for u in source.utterances if wanted and wanted in " ".join(u.text.split())),
                   None)
    if speaker is None:
        speaker = next((m.sender.name for m in source.messages if wanted and wanted in " ".join(m.body.split())), None)
    return Quote(_LIST_MARK.sub("", wanted, count=1), speaker, start, path)
