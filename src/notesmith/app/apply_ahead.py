"""A source's transaction applied in a thread while the next source is planned: still one writer, in order.

The writer of an ingest spends much of each source waiting on the disk (a transaction syncs a dozen files and
folders); planning the next source meanwhile hides those waits. Only one transaction is ever in flight, and the next
one starts once it is done, so the vault goes through the same states as when each is applied before planning the
next. Planning reads what the transaction in flight writes from the snapshot, never from the disk mid-write.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from notesmith.domain.plan import FileOperation
from notesmith.vault.journal import Conflict
from notesmith.vault.snapshot import OutsideVault


@dataclass
class InFlight:
    """The transaction applying in the thread, and what is needed to ingest its source again should it fail."""

    future: Future
    operations: list[FileOperation]
    redo: tuple  # the source's Loaded and Prepared
    outcome_index: int | None = None  # where the run's report holds the source's outcome (set once it is added)


@dataclass
class ApplyAhead:
    """At most one transaction in flight; `failed` holds those that changed under them (nothing of them written)."""

    in_flight: InFlight | None = None
    failed: list[InFlight] = field(default_factory=list)
    _thread: ThreadPoolExecutor | None = None

    def start(self, apply: Callable[[list[FileOperation]], None], operations: list[FileOperation],
              redo: tuple) -> None:
        """`apply(operations)` in the thread; the caller has settled the one before."""
        if self._thread is None:
            self._thread = ThreadPoolExecutor(1, thread_name_prefix="notesmith-apply")
        self.in_flight = InFlight(self._thread.submit(apply, operations), operations, redo)

    def reported_at(self, index: int) -> None:
        """The source whose transaction is in flight has its outcome at `index` of the run's report."""
        if self.in_flight is not None and self.in_flight.outcome_index is None:
            self.in_flight.outcome_index = index

    def settle(self) -> InFlight | None:
        """Wait for the transaction in flight: it, when it was applied; None when there was none or it failed (then
        it is in `failed`). Any other error of the apply is raised here, as it would have been in line."""
        done, self.in_flight = self.in_flight, None
        if done is None:
            return None
        try:
            done.future.result()
        except (Conflict, OutsideVault):
            self.failed.append(done)
            return None
        return done

    def close(self) -> None:
        """Wait for the thread (a run ending on an error still lets the transaction in flight finish, or not begin)."""
        if self._thread is not None:
            self._thread.shutdown(wait=True)
            self._thread = None
