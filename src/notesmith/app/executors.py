"""Where reading and extraction run (this process, a local process pool, Ray tasks); results always in input order."""

from __future__ import annotations

import logging
import socket
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from typing import Protocol, TypeVar

from notesmith.app.prepare import Extractor, Loaded, Prepared, prepare, prepare_in_order
from notesmith.domain import Extraction, Source
from notesmith.extract.llm.usage import Usage
from notesmith.sources.context import ReadContext

T = TypeVar("T")
RAY_AHEAD_PER_CPU = 4
CONNECT_TIMEOUT_S = 10
RAY_INSTALL_HINT = "--executor ray needs Ray: pip install 'notesmith[ray]'"


class ExecutorUnavailable(Exception):
    """The executor asked for cannot run here (Ray not installed, its cluster not reachable); the message says why."""


class Executor(Protocol):
    def prepared(self, items: Iterable[T], ctx: ReadContext,
                 extract: Extractor) -> Iterator[tuple[T, Prepared | None]]:
        """Each item with its Prepared (None for items that are not Loaded), in the order given."""


@dataclass(frozen=True)
class LocalExecutor:
    """`workers` processes on this machine; 1: in this process."""

    workers: int = 1

    def prepared(self, items: Iterable[T], ctx: ReadContext,
                 extract: Extractor) -> Iterator[tuple[T, Prepared | None]]:
        return prepare_in_order(items, ctx, extract, self.workers)


@dataclass(frozen=True)
class RayExecutor:
    """Ray tasks on the cluster at `address` (None: the Ray this process already joined, else a new local one).

    Only reading and extraction leave this process: planning and applying stay here, one source after another. A
    model extractor travels as `BuiltOnWorker` (a network client cannot be sent); what it cost is added to `usage`.
    """

    address: str | None = None
    usage: Usage | None = None

    def join(self) -> None:
        """Connect to the cluster (or start a local Ray) now; ExecutorUnavailable if it cannot be."""
        _join(_ray(), self.address)

    def prepared(self, items: Iterable[T], ctx: ReadContext,
                 extract: Extractor) -> Iterator[tuple[T, Prepared | None]]:
        ray = _ray()
        _join(ray, self.address)
        task = ray.remote(_prepare_counted)
        ctx_ref, extract_ref = ray.put(ctx), ray.put(extract)
        ahead = max(2, int(ray.cluster_resources().get("CPU", 1)) * RAY_AHEAD_PER_CPU)
        window: deque[tuple[T, object | None]] = deque()
        for item in items:
            window.append((item, task.remote(item, ctx_ref, extract_ref) if isinstance(item, Loaded) else None))
            if len(window) >= ahead:
                yield self._done(ray, window.popleft())
        while window:
            yield self._done(ray, window.popleft())

    def _done(self, ray, entry: tuple[T, object | None]) -> tuple[T, Prepared | None]:
        item, ref = entry
        if ref is None:
            return item, None
        prepared, counts = ray.get(ref)
        if self.usage is not None and counts:
            self.usage.add(**counts)
        return item, prepared


@dataclass(frozen=True)
class BuiltOnWorker:
    """An extractor each worker builds for itself, once, from `build(usage)` (a picklable partial)."""

    key: str  # tells one run's extractor from another's in a long-lived worker
    build: Callable[[Usage], Extractor]

    def __call__(self, source: Source) -> Extraction:
        return self._built()[0](source)

    def counts(self) -> dict[str, int]:
        """What the model cost in this worker so far."""
        usage = self._built()[1]
        return {f.name: getattr(usage, f.name) for f in fields(usage) if not f.name.startswith(("_", "price"))}

    def _built(self) -> tuple[Extractor, Usage]:
        if self.key not in _BUILT_HERE:
            usage = Usage()
            _BUILT_HERE[self.key] = (self.build(usage), usage)
        return _BUILT_HERE[self.key]


_BUILT_HERE: dict[str, tuple[Extractor, Usage]] = {}  # per worker process: a model client is made once, not per task


def _prepare_counted(loaded: Loaded, ctx: ReadContext, extract: Extractor) -> tuple[Prepared, dict[str, int]]:
    """`prepare` as a Ray task: the Prepared, and what a model extractor cost for it."""
    if not isinstance(extract, BuiltOnWorker):
        return prepare(loaded, ctx, extract), {}
    before = extract.counts()
    prepared = prepare(loaded, ctx, extract)
    return prepared, {name: value - before[name] for name, value in extract.counts().items() if value != before[name]}


def _ray():
    try:
        import ray
    except ImportError:
        raise ExecutorUnavailable(RAY_INSTALL_HINT) from None
    return ray


def _join(ray, address: str | None) -> None:
    """Connect to the cluster (or start a local one) once per process, quietly: stdout may carry --json."""
    if ray.is_initialized():
        return
    if address is not None:
        _check_reachable(address)
    starting = {"include_dashboard": False} if address is None else {}
    try:
        ray.init(address=address, logging_level=logging.WARNING, log_to_driver=False, **starting)
    except (ConnectionError, ValueError) as exc:
        raise ExecutorUnavailable(f"cannot join the Ray cluster at {address}: {exc}") from None


def _check_reachable(address: str) -> None:
    """A cluster's address answers at once or not at all; Ray itself would keep retrying for minutes."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return  # "auto", or a form only Ray knows: let it say
    try:
        socket.create_connection((host, int(port)), timeout=CONNECT_TIMEOUT_S).close()
    except OSError as exc:
        raise ExecutorUnavailable(f"cannot reach the Ray cluster at {address}: {exc.strerror or exc}; start it "
                                  "with `ray start --head` or check the address") from None
