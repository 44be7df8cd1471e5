"""A source's transaction applied in a thread while the next source is planned: still one writer, in order.

The writer of an ingest spends much of each source waiting on the disk (a transaction syncs a dozen files and
folders); planning the next source meanwhile hides those waits. Only one transaction is ever in flight, and the next
one starts once it is done, so the vault goes through the same states as when each is applied before planning the
next. Planning reads what the transaction in flight writes from the snapshot, never from the disk mid-write.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from notesmith.domain.plan import FileOperation
from notesmith.vault.journal import Conflict
from notesmith.vault.snapshot import OutsideVault


@dataclass
class InFlight:
    """The transaction applying in the thread, and what is needed to ingest its source again should it fail."""

    future: Future
    operations: list[FileOperation]
    redo: tuple  # the source's Loaded and Prepared
    outcome_index: int = -1  # where the run's report holds the source's outcome, once it is there


class EarlierApplyFailed(Exception):
    """The transaction in flight changed under it (a note edited meanwhile, a link leading out): nothing of it was
    written, its source is to be ingested again, and whatever was planned since is void."""

    def __init__(self, failed: InFlight):
        super().__init__("the transaction applied ahead failed")
        self.redo, self.outcome_index = failed.redo, failed.outcome_index


@dataclass
class ApplyAhead:
    """At most one transaction in flight, in a thread of its own."""

    in_flight: InFlight | None = None
    _thread: ThreadPoolExecutor | None = None

    def start(self, apply: Callable[[list[FileOperation]], None], operations: list[FileOperation],
              redo: tuple) -> None:
        """`apply(operations)` in the thread; the caller has settled the one before."""
        if self._thread is None:
            self._thread = ThreadPoolExecutor(1, thread_name_prefix="notesmith-apply")
        self.in_flight = InFlight(self._thread.submit(apply, operations), operations, redo)

    def reported_at(self, index: int) -> None:
        """The report's latest outcome is at `index`: the in-flight transaction's, if its source has none yet (an
        item that started no transaction leaves the one before in flight)."""
        if self.in_flight is not None and self.in_flight.outcome_index < 0:
            self.in_flight.outcome_index = index

    def settle(self) -> InFlight | None:
        """Wait for the transaction in flight: it, once applied (None when there was none). EarlierApplyFailed when it
        changed under it; any other error of the apply is raised here, as it would have been in line."""
        done, self.in_flight = self.in_flight, None
        if done is None:
            return None
        try:
            done.future.result()
        except (Conflict, OutsideVault):
            raise EarlierApplyFailed(done) from None
        return done

    def close(self) -> None:
        """Wait for the transaction in flight to finish, a second Ctrl-C included: the vault stays locked until it
        has, so no other run can recover a journal still being written."""
        if self.in_flight is not None:
            _wait_through_interrupts(self.in_flight.future)
        if self._thread is not None:
            self._thread.shutdown(wait=True)
            self._thread = None


def _wait_through_interrupts(future: Future) -> None:
    while True:
        try:
            wait([future])
            return
        except KeyboardInterrupt:
            continue
