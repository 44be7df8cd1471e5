"""Reading and extracting the new inputs of a run, in worker processes when there are many."""

from __future__ import annotations

import multiprocessing
import signal
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from notesmith.app.collections_paused import collect_rarely
from notesmith.domain import Extraction, Source
from notesmith.plan.meeting_match import Fingerprint, fingerprint
from notesmith.sources import SourceError, read_bytes
from notesmith.sources.context import ReadContext
from notesmith.sources.formats.document import NotAMeeting

# Below this many inputs per worker, starting processes costs more than it saves: a worker takes ~1.3 s to start
# (imports) on the 2-core bench machine, a 30 KB transcript ~0.15 s to read and extract.
MIN_INPUTS_PER_WORKER = 8
AHEAD_PER_WORKER = 4
T = TypeVar("T")
Extractor = Callable[[Source], Extraction]


@dataclass(frozen=True)
class Loaded:
    """An input's bytes, read once by the run."""

    path: Path
    raw: bytes


@dataclass(frozen=True)
class Prepared:
    """The Source and its Extraction (and the source's fingerprint), or the stage that failed and why."""

    source: Source | None = None
    extraction: Extraction | None = None
    seen: Fingerprint | None = None
    failed_stage: str | None = None
    reason: str = ""
    skipped: bool = False  # read, and no meeting: set aside on purpose (reason says what it is)


def prepare(loaded: Loaded, ctx: ReadContext, extract: Extractor) -> Prepared:
    """Read and extract one input; never raises, so one bad file cannot stop a run."""
    try:
        source = read_bytes(loaded.raw, loaded.path, ctx)
    except NotAMeeting as exc:
        return Prepared(reason=exc.reason, skipped=True)
    except SourceError as exc:
        return Prepared(failed_stage="read", reason=exc.reason)
    try:
        extraction = extract(source)
    except Exception as exc:  # an extractor bug must not cost the user the source: it goes to the failed folder
        # imported here: the client brings `openai` (0.7 s), which a worker running the rules never needs
        from notesmith.extract.llm.client import LLMError

        reason = f"model: {exc}" if isinstance(exc, LLMError) else _describe(exc)
        return Prepared(failed_stage="extract", reason=reason)
    # here, not in the single writer, which bounds a run: it depends on the source alone
    return Prepared(source=source, extraction=extraction, seen=fingerprint(source, extraction.date))


def prepare_in_order(items: Iterable[T], ctx: ReadContext, extract: Extractor,
                     workers: int) -> Iterator[tuple[T, Prepared | None]]:
    """Each item with its Prepared (None for items that are not Loaded), in order.

    With `workers` > 1 the work is spread over processes (so `extract` must pickle), at most a few items ahead
    of the consumer so memory stays flat however long the run.
    """
    if workers < 2:
        for item in items:
            yield item, prepare(item, ctx, extract) if isinstance(item, Loaded) else None
        return
    # spawn, not fork: the parent may run a progress-bar thread, and forking with threads can deadlock
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_start_worker) as pool:
        window: deque[tuple[T, Future | None]] = deque()
        for item in items:
            future = pool.submit(prepare, item, ctx, extract) if isinstance(item, Loaded) else None
            window.append((item, future))
            if len(window) >= workers * AHEAD_PER_WORKER:
                yield _done(window.popleft())
        while window:
            yield _done(window.popleft())


def worker_count(inputs: int, cpus: int | None) -> int:
    """Worker processes worth starting for this many inputs, at most `cpus`."""
    return max(1, min(cpus or 1, inputs // MIN_INPUTS_PER_WORKER))


def _start_worker() -> None:
    """Ctrl-C reaches every process of the terminal's group: the workers keep going, the parent decides when to stop
    (after the source it is applying), and closes them. A worker only runs, so it collects garbage rarely."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    collect_rarely()


def _done(entry: tuple[T, Future | None]) -> tuple[T, Prepared | None]:
    item, future = entry
    return item, future.result() if future is not None else None


def _describe(exc: Exception) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
    return f"{exc.__class__.__name__}: {exc}{where}"
