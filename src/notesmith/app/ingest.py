"""An ingest run: each source read, extracted, resolved, planned and applied in its own transaction."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from notesmith.app.apply_ahead import ApplyAhead, EarlierApplyFailed
from notesmith.app.collections_paused import rare_collections
from notesmith.app.dead_letter import dead_letter_operations, stale_error_notes
from notesmith.app.duplicates import (
    SKIPPED_FOLDER,
    known_source_operations,
    set_aside_operations,
)
from notesmith.app.executors import Executor, LocalExecutor
from notesmith.app.inputs import Refused, inputs_to_ingest
from notesmith.app.owner import owner_from
from notesmith.app.pipeline import (
    KnownNames,
    read_context_from,
    rules_extractor,
)
from notesmith.app.prepare import (
    Extractor,
    Loaded,
    Prepared,
    worker_count,
)
from notesmith.app.transaction import (
    Transaction,
    Vault,
    require_vault,
    vault_transaction,
)
from notesmith.config import Config
from notesmith.domain.entity import Entity
from notesmith.domain.owner import Owner
from notesmith.domain.plan import ChangePlan, FileOperation, OperationKind
from notesmith.extract.llm.usage import Usage
from notesmith.index.store import IndexUnavailable, open_index, sync_index
from notesmith.plan.planner import PlanError, PlanSettings, SourceInput, plan_ingest
from notesmith.resolve.registry import Registry, vault_registry
from notesmith.resolve.resolver import resolve
from notesmith.sources.reader import MAX_BYTES
from notesmith.vault.entities import read_entities
from notesmith.vault.journal import Conflict, FileOpHook
from notesmith.vault.layout import VaultLayout
from notesmith.vault.ledger import Ledger
from notesmith.vault.snapshot import OutsideVault, VaultSnapshot, sha256
from notesmith.vault.undo import imaged_paths, images_saved, undo_record_operations

MAX_REPLANS = 3


@dataclass(frozen=True)
class IngestOptions:
    today: dt.date
    run_id: str
    dry_run: bool = False
    after_file_op: FileOpHook | None = None
    recent_context_cap: int = 10
    workers: int = 1  # 0: as many as the inputs and `cpus` make worth it
    cpus: int | None = None
    # builds the extractor once the run knows the vault's entities (a model is told those the source names);
    # None: the rules extractor
    make_extractor: Callable[[KnownNames], Extractor] | None = None
    executor: Executor | None = None  # where reading and extraction run; None: `workers` processes on this machine
    stop: Callable[[], bool] = lambda: False  # asked before each source; True ends the run there (watch on SIGTERM)


@dataclass
class Outcome:
    """What happened to one input: ingested, known (skipped), failed, or planned (dry run)."""

    name: str
    status: str
    detail: str = ""
    plan: ChangePlan | None = None


@dataclass
class IngestReport:
    outcomes: list[Outcome] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)
    commit: str | None = None
    usage: Usage | None = None  # the model's, with --extractor llm
    index_warning: str | None = None

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def operations(self, kind: OperationKind) -> int:
        return sum(o.plan.count(kind) for o in self.outcomes if o.plan and o.status in ("ingested", "planned"))

    @property
    def tasks_proposed(self) -> int:
        return sum(o.plan.tasks_proposed for o in self.outcomes if o.plan and o.status in ("ingested", "planned"))


def ingest(config: Config, layout: VaultLayout, paths: list[Path], options: IngestOptions,
           on_progress: Callable[[str, int], None] = lambda name, total: None) -> IngestReport:
    """Ingest the files named (or the Inbox); one failure never stops the others. Dry runs read only, write nothing.

    The inputs are listed once the vault is locked and recovered, so they are what is there now.
    """
    with rare_collections():
        return _ingest(config, layout, paths, options, on_progress)


def _ingest(config: Config, layout: VaultLayout, paths: list[Path], options: IngestOptions,
            on_progress: Callable[[str, int], None]) -> IngestReport:
    if options.dry_run:
        require_vault(layout.root)
        return _run(_Run.opened(config, layout, options, None), inputs_to_ingest(paths, layout), on_progress)
    indexed: Future[str | None] | None = None
    # the index is brought up to date while git commits the same notes (both only read them): two processes
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="index") as meanwhile:
        with vault_transaction(Vault(layout, config.git.commit)) as txn:
            report = _run(_Run.opened(config, layout, options, txn), inputs_to_ingest(paths, layout), on_progress)
            report.recovered = txn.recovered
            txn.message = _commit_message(report, options.run_id)
            if txn.touched:
                indexed = meanwhile.submit(_update_index, layout)
        report.commit = txn.commit
    report.index_warning = indexed.result() if indexed else None
    return report


def _update_index(layout: VaultLayout) -> str | None:
    """Bring the index in step with the notes just written; why it could not be, if so (the notes are written)."""
    try:
        conn = open_index(layout)
        try:
            sync_index(conn, layout)
        finally:
            conn.close()
    except IndexUnavailable as exc:
        return f"the notes are written, but the index was not updated: {exc}"
    return None


def _run(run: _Run, inputs: list[Path | Refused], on_progress: Callable[[str, int], None]) -> IngestReport:
    config, options = run.config, run.options
    report = IngestReport()
    loaded = (_load(item, run) for item in inputs)
    known = lambda source: run.entities().named_in(source.text)  # noqa: E731 - the registry grows during the run
    extract = options.make_extractor(known) if options.make_extractor else rules_extractor(config)
    executor = options.executor or LocalExecutor(options.workers or worker_count(len(inputs), options.cpus))
    # the vault's entities are read while the worker processes start (a second of imports each)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="registry") as reading:
        run.reading = reading.submit(build_registry, run.snapshot, run.layout, run.owner)
        prepared = executor.prepared(loaded, read_context_from(config), extract)
        try:
            for item, ready in prepared:
                if options.stop():
                    break
                on_progress(item.name if isinstance(item, Outcome) else item.path.name, len(inputs))
                run.entities()  # before the writer's first turn reads the snapshot the registry is read from
                report.outcomes.append(_in_turn(item, ready, run, report))
                run.ahead.reported_at(len(report.outcomes) - 1)
            try:
                run.settle()
            except EarlierApplyFailed as failed:
                _ingest_again(failed, run, report)
        finally:
            run.ahead.close()
    return report


def _in_turn(item: Loaded | _Later | Outcome, ready: Prepared | None, run: _Run, report: IngestReport) -> Outcome:
    """The item's outcome. When the transaction in flight before it failed, its source is ingested again first,
    then the item is planned anew: sources reach the vault in input order either way."""
    try:
        return _handled(item, ready, run)
    except EarlierApplyFailed as failed:
        _ingest_again(failed, run, report)
    return _handled(item, ready, run)  # nothing is in flight now: this cannot fail for an earlier source again


def _handled(item: Loaded | _Later | Outcome, ready: Prepared | None, run: _Run) -> Outcome:
    if isinstance(item, Outcome):
        return item
    if isinstance(item, _Later):
        return item.handle()
    return _ingest_guarded(item, ready, run, ahead=True)


def _ingest_again(failed: EarlierApplyFailed, run: _Run, report: IngestReport) -> None:
    """A source whose transaction changed under it while the next was planned (nothing of it written): ingested
    again now, its apply waited for, its outcome put where the first one was."""
    report.outcomes[failed.outcome_index] = _ingest_guarded(*failed.redo, run, ahead=False)


def _ingest_guarded(loaded: Loaded, prepared: Prepared, run: _Run, ahead: bool) -> Outcome:
    try:
        return _ingest_one(loaded, prepared, run, ahead)
    except OutsideVault as exc:
        return Outcome(loaded.path.name, "failed", f"not ingested, left where it is: {exc}")


@dataclass(frozen=True)
class _Later:
    """An input seen while loading that moves a file (a known source, a file too large): handled in the writer's
    turn, as loading runs ahead of it while a transaction may be in flight."""

    path: Path
    handle: Callable[[], Outcome]


@dataclass
class _Run:
    """What every source of one run shares."""

    config: Config
    owner: Owner
    layout: VaultLayout
    ledger: Ledger
    snapshot: VaultSnapshot
    options: IngestOptions
    txn: Transaction | None  # None: a dry run
    steps: Iterator[int] = field(default_factory=itertools.count)  # each apply's undo record has a number of its own
    registry: Registry | None = None  # the vault's entities, once the run has read them
    reading: Future[Registry] | None = None  # the entities being read at the run's start
    ahead: ApplyAhead = field(default_factory=ApplyAhead)
    imaged: set[str] = field(default_factory=set)  # paths whose before-image an undo record of the run holds

    @classmethod
    def opened(cls, config: Config, layout: VaultLayout, options: IngestOptions, txn: Transaction | None) -> _Run:
        """The run's shared state, read once the vault is locked and recovered (a dry run: as it is)."""
        return cls(config, owner_from(config), layout, Ledger.load(layout), VaultSnapshot(layout), options, txn)

    def entities(self) -> Registry:
        """The vault's entities, once they are read."""
        if self.registry is None:
            self.registry = self.reading.result()
        return self.registry

    def apply(self, operations: list[FileOperation], redo: tuple | None = None) -> None:
        """Apply now; or, given `redo` (the source's Loaded and Prepared), start applying and return while it runs.

        EarlierApplyFailed (and nothing of `operations` written) when the transaction before failed meanwhile: what
        was planned since is void.
        """
        self.settle()
        if redo is None or any(op.move_from for op in operations):
            self.txn.apply(operations, self.options.after_file_op)
            self.snapshot.applied(operations)
            return
        self.snapshot.applying(operations)
        self.ahead.start(self._apply_in_thread, operations, redo)

    def _apply_in_thread(self, operations: list[FileOperation]) -> None:
        self.txn.apply(operations, self.options.after_file_op)

    def settle(self) -> None:
        """Wait for the transaction in flight. EarlierApplyFailed when it failed: the run's state is then read again
        from the vault, which holds every transaction before it."""
        try:
            done = self.ahead.settle()
        except EarlierApplyFailed:
            self.snapshot, self.ledger = VaultSnapshot(self.layout), Ledger.load(self.layout)
            self.registry = build_registry(self.snapshot, self.layout, self.owner)
            self.imaged = imaged_paths(self.layout, self.options.run_id)
            raise
        if done is not None:
            self.snapshot.applied(done.operations)


def build_registry(snapshot: VaultSnapshot, layout: VaultLayout, owner: Owner) -> Registry:
    """The vault's entities, with the owner folded into their note when they have one."""
    entities, _ = read_entities(snapshot, layout)
    return vault_registry(entities, owner)


def _load(item: Path | Refused, run: _Run) -> Loaded | _Later | Outcome:
    """The input's bytes, unless it is refused, cannot be read, is too large, or was ingested before."""
    if isinstance(item, Refused):
        return Outcome(item.path.name, "failed", f"{item.path}: {item.reason}")
    path = item
    try:
        size = path.stat().st_size
        raw = path.read_bytes() if size <= MAX_BYTES else None
    except OSError as exc:
        return Outcome(path.name, "failed", f"cannot read: {exc.strerror or exc}")
    if raw is None:
        return _Later(path, lambda: _dead_letter_large(path, size, run))
    known = run.ledger.by_raw_hash(sha256(raw))
    return _Later(path, lambda: _known(path, raw, known.note_path, run)) if known else Loaded(path, raw)


def _ingest_one(loaded: Loaded, prepared: Prepared, run: _Run, ahead: bool) -> Outcome:
    path, raw, layout = loaded.path, loaded.raw, run.layout
    if prepared.skipped:
        return _skipped(path, raw, prepared.reason, run)
    if prepared.failed_stage:
        return _dead_letter(path, raw, prepared.failed_stage, prepared.reason, run)
    source, extraction = prepared.source, prepared.extraction
    known = run.ledger.by_source_id(source.id)
    if known:
        return _known(path, raw, known.note_path, run, "same content as a source of")
    settings = PlanSettings(today=run.options.today, recent_context_cap=run.options.recent_context_cap)
    for _ in range(MAX_REPLANS):
        # resolved on each attempt: a transaction that failed in flight takes the entities it added with it
        item = SourceInput(source=source, raw=raw, file_name=path.name, inbox_path=layout.relative(path),
                           extraction=extraction, resolution=resolve(extraction, run.registry, run.owner.employer))
        try:
            plan, record = plan_ingest(item, run.snapshot, run.ledger, layout, settings, prepared.seen)
        except PlanError as exc:
            return Outcome(path.name, "failed", f"not ingested, left where it is: {exc}")
        plan.warnings[:0] = source.warnings  # how it was read (a guessed encoding, no date): the owner should know
        if run.txn is None:
            return Outcome(path.name, "planned", record.note_path, plan)
        plan.operations += stale_error_notes(layout, run.snapshot, sha256(raw), item.inbox_path)
        try:
            _apply_with_undo(plan.operations, run, (loaded, prepared) if ahead else None)
        except Conflict as exc:
            run.snapshot.forget(exc.paths)
            continue
        run.ledger.put(record)  # and the registry: before the apply is done, as the next source is planned meanwhile
        _register_new_entities(run.registry, item, layout)
        return Outcome(path.name, "ingested", record.note_path, plan.without_contents())
    return Outcome(path.name, "failed", "notes kept changing while planning; left where it is, run ingest again")


def _apply_with_undo(operations: list[FileOperation], run: _Run, redo: tuple | None = None) -> None:
    undo = undo_record_operations(run.layout, run.snapshot, operations, run.options.run_id, next(run.steps),
                                  run.imaged)
    saved = images_saved(operations, run.imaged)
    # counted as saved now: the next source is planned while this one applies (should this apply fail, `settle`
    # reads what the run's records on disk hold)
    run.imaged |= saved
    try:
        run.apply([*operations, *undo], redo)
    except (Conflict, OutsideVault):
        run.imaged -= saved  # nothing of the step was written, its record neither
        raise


def _register_new_entities(registry: Registry, item: SourceInput, layout: VaultLayout) -> None:
    for resolved in item.resolution.all_entities():
        if resolved.is_new:
            entity: Entity = resolved.entity
            registry.add(entity.model_copy(update={"note_path": layout.entity_note(entity.kind, entity.name)}))


def _known(path: Path, raw: bytes, note_path: str, run: _Run, how: str = "already ingested into") -> Outcome:
    """Reported as known; a copy in the Inbox moves to the archive's duplicates, so the Inbox empties."""
    detail = f"{how} {note_path}"
    inbox_path = _in_inbox(path, run.layout)
    if inbox_path is None or run.txn is None:
        return Outcome(path.name, "known", detail)
    ops, record = known_source_operations(run.layout, run.snapshot, run.ledger, inbox_path, raw, note_path)
    try:
        _apply_with_undo(ops, run)
    except Conflict:
        return Outcome(path.name, "known", f"{detail}; left in the Inbox (the vault changed meanwhile)")
    if record is not None:
        run.ledger.put(record)
    return Outcome(path.name, "known", f"{detail} (moved to {ops[0].path})",
                   ChangePlan(source_name=path.name, operations=ops).without_contents())


def _skipped(path: Path, raw: bytes, reason: str, run: _Run) -> Outcome:
    """Read, and no meeting: reported, and an Inbox copy set aside under `Sources/_skipped/` (no note written)."""
    inbox_path = _in_inbox(path, run.layout)
    if inbox_path is None or run.txn is None:
        return Outcome(path.name, "skipped", reason)
    ops = set_aside_operations(run.layout, run.snapshot, SKIPPED_FOLDER, inbox_path, raw, f"no meeting: {reason}")
    return _set_aside(Outcome(path.name, "skipped", reason), ops[0].path, ops, run)


def _in_inbox(path: Path, layout: VaultLayout) -> str | None:
    """The input's vault path when it lies in the Inbox (or its failed folder): only those are ever moved."""
    relative = layout.relative(path)
    inbox = layout.folders.inbox.rstrip("/") + "/"
    return relative if relative and relative.startswith(inbox) else None


def _dead_letter(path: Path, raw: bytes, stage: str, reason: str, run: _Run) -> Outcome:
    """The source goes to the failed folder with `<name>.error.txt`; no note is written for it."""
    if run.txn is None:
        return Outcome(path.name, "failed", f"{stage}: {reason}")
    target, ops = dead_letter_operations(run.layout, run.snapshot, path, _in_inbox(path, run.layout), stage, reason,
                                         raw)
    return _set_aside(Outcome(path.name, "failed", f"{stage}: {reason}"), target, ops, run)


def _dead_letter_large(path: Path, size: int, run: _Run) -> Outcome:
    """A file over the size limit is moved (never read into memory) to the failed folder with its error note."""
    reason = (f"file too large ({size / 2**20:.1f} MB; notesmith reads files up to {MAX_BYTES // 2**20} MB): "
              "split it, e.g. one file per meeting")
    inbox_path = _in_inbox(path, run.layout)
    if run.txn is None or inbox_path is None:
        return Outcome(path.name, "failed", f"read: {reason}")
    target, ops = dead_letter_operations(run.layout, run.snapshot, path, inbox_path, "read", reason, None)
    return _set_aside(Outcome(path.name, "failed", f"read: {reason}"), target, ops, run)


def _set_aside(reported: Outcome, target: str, ops: list[FileOperation], run: _Run) -> Outcome:
    """Apply the move of an input to `target` and report it; left where it is if the vault changed meanwhile."""
    name, status, what = reported.name, reported.status, reported.detail
    try:
        _apply_with_undo(ops, run)
    except Conflict:
        return Outcome(name, status, f"{what}; left where it is (the vault changed meanwhile)")
    return Outcome(name, status, f"{what} (set aside as {target})",
                   ChangePlan(source_name=name, operations=ops).without_contents())


def _commit_message(report: IngestReport, run_id: str) -> str:
    return (f"notesmith ingest: {report.count('ingested')} ingested, {report.count('known')} already known, "
            f"{report.count('skipped')} no meeting, {report.count('failed')} failed\n\nNotesmith-Run: {run_id}\n")
