"""Fewer cyclic garbage collections while a run works: it allocates millions of objects and frees nearly all of
them by reference counting, so the collector's passes find little and cost a sixteenth of the run's CPU."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# A young collection after 50,000 new container objects rather than 700, an older one after 20 of those, the
# oldest after 100: a run's garbage cycles are few and small, so what they hold waits a little longer, and the
# long-lived objects (modules, the vault's snapshot, the ledger) are no longer walked again and again. Measured on
# the parallel bench: collections went from ~2 s of the writer's ~30 s and ~0.9 s of a worker's 15 s to ~0.1 s.
RUN_THRESHOLDS = (50_000, 20, 100)


def collect_rarely() -> None:
    """For a process that only runs: what it holds now is never collected, and collections come rarely."""
    gc.freeze()
    gc.set_threshold(*RUN_THRESHOLDS)


@contextmanager
def rare_collections() -> Iterator[None]:
    """Collections come rarely for the length of a run, then as before: a server that ingests goes on collecting
    as usual. Nothing is frozen here: `notesmith` froze what its imports made when it started (cli.run), and what a
    run leaves unreachable must stay collectable in a process that runs again."""
    before = gc.get_threshold()
    gc.set_threshold(*RUN_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
