"""An ingest run: each source read, extracted, resolved, planned and applied in its own transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from notesmith.config import Config
from notesmith.domain.entity import Entity, EntityKind
from notesmith.domain.plan import ChangePlan, FileOperation, OperationKind
from notesmith.extract.llm.usage import Usage
from notesmith.index.store import current_index
from notesmith.pipeline import (
    KnownNames,
    expand_inputs,
    read_context_from,
    rules_extractor,
)
from notesmith.plan.planner import PlanError, PlanSettings, SourceInput, plan_ingest
from notesmith.prepare import Extractor, Loaded, Prepared, prepare_in_order
from notesmith.resolve.registry import Registry, owner_entity
from notesmith.resolve.resolver import resolve
from notesmith.sources.reader import MAX_BYTES
from notesmith.vault import git
from notesmith.vault.entities import read_entities
from notesmith.vault.journal import Conflict, FileOpHook, apply_operations, recover
from notesmith.vault.layout import VaultLayout
from notesmith.vault.ledger import Ledger
from notesmith.vault.lock import vault_lock
from notesmith.vault.scaffold import scaffold_operations
from notesmith.vault.snapshot import VaultSnapshot, sha256
from notesmith.vault.undo import undo_record_operations

MAX_REPLANS = 3


@dataclass(frozen=True)
class IngestOptions:
    today: dt.date
    run_id: str
    dry_run: bool = False
    after_file_op: FileOpHook | None = None
    recent_context_cap: int = 10
    workers: int = 1
    # builds the extractor once the run knows the vault's entities (a model is told those the source names);
    # None: the rules extractor
    make_extractor: Callable[[KnownNames], Extractor] | None = None


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

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def operations(self, kind: OperationKind) -> int:
        return sum(o.plan.count(kind) for o in self.outcomes if o.plan and o.status in ("ingested", "planned"))

    @property
    def tasks_proposed(self) -> int:
        return sum(o.plan.tasks_proposed for o in self.outcomes if o.plan and o.status in ("ingested", "planned"))


def vault_layout(root: Path, config: Config) -> VaultLayout:
    return VaultLayout(root=root, folders=config.paths)


def ingest(config: Config, layout: VaultLayout, inputs: Iterable[Path], options: IngestOptions,
           on_progress: Callable[[str], None] = lambda name: None) -> IngestReport:
    """Ingest every input; one failure never stops the others. Dry runs read only and write nothing."""
    if options.dry_run:
        return _run(config, layout, inputs, options, on_progress)
    with vault_lock(layout.state_dir):
        recovered = recover(layout)
        report = _run(config, layout, inputs, options, on_progress)
        report.recovered = recovered
        touched = [p for o in report.outcomes if o.status == "ingested" and o.plan for p in o.plan.paths()]
        touched += [p for o in report.outcomes if o.status == "failed" and o.plan for p in o.plan.paths()]
        if touched and git.is_repository(layout.root):
            report.commit = git.commit_paths(layout.root, touched, _commit_message(report, options.run_id))
        if touched:
            _update_index(layout)
        return report


def _update_index(layout: VaultLayout) -> None:
    conn, _ = current_index(layout)
    conn.close()


def init_vault(layout: VaultLayout, config_text: str | None) -> list[str]:
    """Create what `notesmith init` promises and is missing; returns the paths created."""
    existing = {p.relative_to(layout.root).as_posix() for p in layout.root.rglob("*") if p.is_file()}
    ops = scaffold_operations(layout, config_text, existing)
    with vault_lock(layout.state_dir):
        recover(layout)
        apply_operations(layout, ops)
    return [op.path for op in ops]


def inputs_to_ingest(paths: list[Path], layout: VaultLayout) -> list[Path]:
    """The files to ingest: those given, or the Inbox; never what is already in the failed folder."""
    failed = layout.absolute(layout.folders.failed).resolve()
    chosen = paths or [layout.absolute(layout.folders.inbox)]
    return [p for p in expand_inputs(chosen) if p.is_file() and
            (p in paths or not p.resolve().is_relative_to(failed))]


def _run(config: Config, layout: VaultLayout, inputs: Iterable[Path], options: IngestOptions,
         on_progress: Callable[[str], None]) -> IngestReport:
    ledger = Ledger.load(layout)
    snapshot = VaultSnapshot(layout)
    registry = build_registry(snapshot, layout, config)
    report = IngestReport()
    loaded = (_load(path, ledger) for path in inputs)
    known = lambda source: registry.named_in(source.text)  # noqa: E731 - the registry grows during the run
    extract = options.make_extractor(known) if options.make_extractor else rules_extractor(config)
    prepared = prepare_in_order(loaded, read_context_from(config), extract, options.workers)
    for step, (item, ready) in enumerate(prepared):
        on_progress(item.path.name if isinstance(item, Loaded) else item.name)
        if isinstance(item, Outcome):
            report.outcomes.append(item)
            continue
        report.outcomes.append(_ingest_one(item, ready, step, config, layout, ledger, snapshot, registry, options))
    return report


def build_registry(snapshot: VaultSnapshot, layout: VaultLayout, config: Config) -> Registry:
    """The vault's entities, with the owner from `[me]` folded into their note when they have one."""
    entities, _ = read_entities(snapshot, layout)
    registry = Registry()
    owner = None
    if config.me.name:
        owner = owner_entity(config.me.name, config.me.aliases, config.me.emails, None)
        note = next((e for e in entities if e.note_path and (Registry([e]).by_name(e.kind, config.me.name)
                     or any(m in e.emails for m in owner.emails))), None)
        if note is not None:
            entities.remove(note)
            owner = owner.model_copy(update={"note_path": note.note_path, "name": note.name,
                                             "aliases": sorted({*note.aliases, *owner.aliases, config.me.name} - {note.name})})
        registry.add(owner)
    for entity in entities:
        registry.add(entity)
    employer = config.me.employer
    if employer and not registry.by_name(EntityKind.organization, employer):
        registry.add(Entity(kind=EntityKind.organization, name=employer, relationship="employer"))
    return registry


def _load(path: Path, ledger: Ledger) -> Loaded | Outcome:
    """The input's bytes, unless it cannot be read or these exact bytes were ingested before."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return Outcome(path.name, "failed", f"file too large (limit {MAX_BYTES // 2**20} MB); left where it is")
        raw = path.read_bytes()
    except OSError as exc:
        return Outcome(path.name, "failed", f"cannot read: {exc.strerror or exc}")
    known = ledger.by_raw_hash(sha256(raw))
    if known:
        return Outcome(path.name, "known", f"already ingested into {known.note_path}")
    return Loaded(path, raw)


def _ingest_one(loaded: Loaded, prepared: Prepared, step: int, config: Config, layout: VaultLayout, ledger: Ledger,
                snapshot: VaultSnapshot, registry: Registry, options: IngestOptions) -> Outcome:
    path, raw = loaded.path, loaded.raw
    inbox_path = layout.relative(path)
    if prepared.failed_stage:
        return _dead_letter(path, raw, inbox_path, prepared.failed_stage, prepared.reason, layout, snapshot, options)
    source, extraction = prepared.source, prepared.extraction
    known = ledger.by_source_id(source.id)
    if known:
        return Outcome(path.name, "known", f"same content as a source of {known.note_path}")
    item = SourceInput(source=source, raw=raw, file_name=path.name, inbox_path=inbox_path, extraction=extraction,
                       resolution=resolve(extraction, registry, config.me.employer))
    settings = PlanSettings(today=options.today, recent_context_cap=options.recent_context_cap)
    for _ in range(MAX_REPLANS):
        try:
            plan, record = plan_ingest(item, snapshot, ledger, layout, settings)
        except PlanError as exc:
            return Outcome(path.name, "failed", f"not ingested, left where it is: {exc}")
        if options.dry_run:
            return Outcome(path.name, "planned", record.note_path, plan)
        try:
            _apply(plan, layout, snapshot, options, step)
        except Conflict as exc:
            snapshot.forget(exc.paths)
            continue
        ledger.put(record)
        _register_new_entities(registry, item, layout)
        return Outcome(path.name, "ingested", record.note_path, plan.without_contents())
    return Outcome(path.name, "failed", "notes kept changing while planning; left where it is, run ingest again")


def _apply(plan: ChangePlan, layout: VaultLayout, snapshot: VaultSnapshot, options: IngestOptions, step: int) -> None:
    undo = undo_record_operations(layout, snapshot, plan.operations, options.run_id, step)
    apply_operations(layout, [*plan.operations, *undo], options.after_file_op)
    snapshot.forget(plan.paths())


def _register_new_entities(registry: Registry, item: SourceInput, layout: VaultLayout) -> None:
    for resolved in item.resolution.all_entities():
        if resolved.is_new:
            entity: Entity = resolved.entity
            registry.add(entity.model_copy(update={"note_path": layout.entity_note(entity.kind, entity.name)}))


def _dead_letter(path: Path, raw: bytes, inbox_path: str | None, stage: str, reason: str, layout: VaultLayout,
                 snapshot: VaultSnapshot, options: IngestOptions) -> Outcome:
    """The source goes to the failed folder with `<name>.error.txt`; no note is written for it."""
    if options.dry_run:
        return Outcome(path.name, "failed", f"{stage}: {reason}")
    in_failed = inbox_path is not None and inbox_path.startswith(layout.folders.failed.rstrip("/") + "/")
    target = inbox_path if in_failed else f"{layout.folders.failed}/{path.name}"
    error_path = f"{target}.error.txt"
    ops = [FileOperation(kind=OperationKind.archive_source, path=error_path, before_sha256=snapshot.checksum(error_path),
                         content=_error_text(path.name, stage, reason).encode("utf-8"), changes=["explain the failure"])]
    if not in_failed:
        ops.insert(0, FileOperation(kind=OperationKind.archive_source, path=target,
                                    before_sha256=snapshot.checksum(target), content=raw, changes=["set aside"]))
        if inbox_path:
            ops.append(FileOperation(kind=OperationKind.remove_from_inbox, path=inbox_path, before_sha256=sha256(raw)))
    plan = ChangePlan(source_name=path.name, operations=ops)
    apply_operations(layout, ops, options.after_file_op)
    snapshot.forget(plan.paths())
    return Outcome(path.name, "failed", f"{stage}: {reason} (moved to {target})", plan)


def _error_text(name: str, stage: str, reason: str) -> str:
    return (f"notesmith could not ingest {name}.\n\nstage: {stage}\nerror: {reason}\n\n"
            f"How to retry: fix the file (or the cause above), move it back into the Inbox and run\n"
            f"`notesmith ingest`; or run `notesmith ingest \"<this folder>/{name}\"` directly.\n")


def _commit_message(report: IngestReport, run_id: str) -> str:
    return (f"notesmith ingest: {report.count('ingested')} ingested, {report.count('failed')} failed\n\n"
            f"Notesmith-Run: {run_id}\n")
