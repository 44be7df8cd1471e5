"""The watcher: files that come to rest in the watched folders go through `ingest`, one run per batch, until stopped."""

from __future__ import annotations

import datetime as dt
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from notesmith.app.ingest import IngestOptions, IngestReport, ingest
from notesmith.app.inputs import Refused, inputs_to_ingest
from notesmith.app.pipeline import llm_extractor, llm_usage
from notesmith.app.transaction import Vault
from notesmith.config import Config
from notesmith.vault.lock import VaultBusy
from notesmith.watch.folders import WatchedFolders
from notesmith.watch.log import busy_line, run_line
from notesmith.watch.settle import Settling

TICK_MS = 500  # how often resting files are looked at when nothing happens
BUSY_RETRY_SECONDS = 5.0  # after the lock's own wait: another notesmith command is writing


@dataclass(frozen=True)
class WatchRun:
    """What one watcher needs from its entry point: nothing here reads the clock, the environment or config."""

    vault: Vault
    config: Config
    folders: WatchedFolders
    settle_seconds: float
    new_run_id: Callable[[], str]
    log: Callable[[str], None]  # one line per run (JSON or words)
    environ: Mapping[str, str]  # for a model's API key, when `[extractor] name = "llm"`
    as_json: bool = False
    now: Callable[[], dt.datetime] = dt.datetime.now
    monotonic: Callable[[], float] = time.monotonic


def watch(run: WatchRun, stop: threading.Event) -> None:
    """Ingest what is in the folders now, then what comes to rest there, until `stop` is set (SIGTERM, Ctrl-C)."""
    import watchfiles

    settling = Settling(run.settle_seconds, run.monotonic)
    looked = False
    for changes in watchfiles.watch(*run.folders.all, watch_filter=run.folders.wanted, stop_event=stop,
                                    rust_timeout=TICK_MS, yield_on_timeout=True, raise_interrupt=False):
        if not looked:  # once watching has begun: a file arriving meanwhile is seen one way or the other
            settling.saw(_present(run))
            looked = True
        settling.saw(Path(path) for _, path in changes)
        batch = settling.rested()
        if batch and not stop.is_set() and _ingest_batch(run, batch, stop):
            settling.taken(batch)
        if stop.is_set():
            return


@contextmanager
def stopped_by_signals(stop: threading.Event) -> Iterator[None]:
    """SIGTERM and Ctrl-C set `stop` instead of ending the process: the source being applied is finished first."""
    handler = lambda signum, frame: stop.set()  # noqa: E731
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _present(run: WatchRun) -> list[Path]:
    """The files waiting in the folders when watching begins (the Inbox's failed folder and hidden files aside)."""
    found = inputs_to_ingest([], run.vault.layout)
    for folder in run.folders.extra:
        found += inputs_to_ingest([folder], run.vault.layout)
    return [item.path if isinstance(item, Refused) else item for item in found
            if run.folders.wanted(None, str(item.path if isinstance(item, Refused) else item))]


def _ingest_batch(run: WatchRun, batch: list[Path], stop: threading.Event) -> bool:
    """One ingest run over `batch`, logged; False when the vault was busy (the batch is tried again)."""
    usage = llm_usage(run.config) if run.config.extractor.name == "llm" else None
    options = IngestOptions(
        today=run.now().date(), run_id=run.new_run_id(), recent_context_cap=run.config.notes.recent_context,
        workers=1 if usage else 0, cpus=os.cpu_count(), stop=stop.is_set,
        make_extractor=(lambda known: llm_extractor(run.config, run.environ, run.vault.layout.state_dir, usage,
                                                    known)) if usage else None)
    try:
        report: IngestReport = ingest(run.config, run.vault.layout, batch, options)
    except VaultBusy as exc:
        run.log(busy_line(run.now(), str(exc), BUSY_RETRY_SECONDS, run.as_json))
        stop.wait(BUSY_RETRY_SECONDS)
        return False
    report.usage = usage
    run.log(run_line(run.now(), options.run_id, report, len(batch), run.as_json))
    return True
