"""The pure planner: (vault snapshot, ledger, one extracted and resolved source) → the ChangePlan that ingests it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from notesmith.domain import Extraction, Source, SourceKind
from notesmith.domain.entity import Entity, EntityKind, Resolution, ResolvedEntity
from notesmith.domain.ledger import IngestedSource, MeetingRecord
from notesmith.domain.plan import ChangePlan, FileOperation, OperationKind
from notesmith.notes import sections as sn
from notesmith.notes.links import (
    note_link_target,
    plain_text,
    wikilink,
    with_plain_names,
    with_source,
)
from notesmith.notes.markdown import (
    NoteDoc,
    NoteError,
    parse_note,
    remove_trailing_blanks,
    render_note,
    set_section_lines,
)
from notesmith.notes.statuses import PROPOSED_TAG
from notesmith.notes.task_line import task_fields_as_words
from notesmith.plan import entity_note as en
from notesmith.plan.dedup import embed_ahead
from notesmith.plan.ids import meeting_id_for, thread_key
from notesmith.plan.meeting_match import (
    Fingerprint,
    NewSource,
    fingerprint,
    same_meeting,
    shares_an_item,
    sketch,
)
from notesmith.plan.meeting_note import (
    MeetingHead,
    add_to_list,
    meeting_content,
    new_meeting_doc,
    set_key,
)
from notesmith.plan.merge import key_hash, merge_lines
from notesmith.resolve.names import names_in_text, normalize_name
from notesmith.vault.layout import VaultLayout
from notesmith.vault.ledger import Ledger, record_path, render_record
from notesmith.vault.names import numbered, safe_file_name
from notesmith.vault.scaffold import inputs_filter
from notesmith.vault.snapshot import VaultSnapshot, sha256


class PlanError(Exception):
    """The source cannot be planned against the vault as it is (e.g. its meeting note is corrupt)."""


@dataclass(frozen=True)
class PlanSettings:
    today: dt.date
    recent_context_cap: int = 10


@dataclass(frozen=True)
class SourceInput:
    """One source ready to plan: its bytes, where it came from, what was extracted and who it is about."""

    source: Source
    raw: bytes
    file_name: str
    inbox_path: str | None
    extraction: Extraction
    resolution: Resolution


@dataclass
class _Plan:
    """One source's plan under construction: what it is planned from, and the ledger record it will write."""

    item: SourceInput
    snapshot: VaultSnapshot
    ledger: Ledger
    settings: PlanSettings
    record: MeetingRecord
    plan: ChangePlan
    title: str
    entity_paths: dict[str, str]

    def note(self, path: str, doc: NoteDoc, order: list[str], changes: list[str]) -> _Note:
        """One of its notes, with the lines notesmith wrote there before (in earlier runs or this one)."""
        emitted = self.ledger.emitted_for(path) | set(self.record.emitted.get(path, []))
        return _Note(path, doc, order, emitted, changes)

    def write_note(self, note: _Note) -> None:
        before = self.snapshot.checksum(note.path)
        kind = OperationKind.update_note if before else OperationKind.create_note
        content = render_note(note.doc, last=True).encode("utf-8")  # each note is planned once, then written
        if before == sha256(content):
            return
        self.plan.operations.append(FileOperation(kind=kind, path=note.path, before_sha256=before, content=content,
                                                  changes=note.changes))
        emitted = self.record.emitted.setdefault(note.path, [])
        emitted.extend(h for h in map(key_hash, note.written) if h and h not in emitted)


@dataclass
class _Note:
    """A note being changed: its document, its kind's section order, the line keys notesmith wrote there before,
    and what this plan changes and writes in it."""

    path: str
    doc: NoteDoc
    order: list[str]
    emitted: set[str]
    changes: list[str]
    written: list[str] = field(default_factory=list)

    def merge_section(self, heading: str, candidates: list[str], group_updates: bool = False) -> None:
        if not candidates:
            return
        section = self.doc.section(heading)
        existing = remove_trailing_blanks(section.lines) if section else []
        lines, written = merge_lines(existing, candidates, self.emitted, group_updates)
        if lines != existing:
            set_section_lines(self.doc, heading, lines, self.order)
        if written:
            self.changes.append(f"{heading}: +{len(written)}")
        self.written += written


def plan_ingest(item: SourceInput, snapshot: VaultSnapshot, ledger: Ledger, layout: VaultLayout,
                settings: PlanSettings, seen: Fingerprint | None = None) -> tuple[ChangePlan, MeetingRecord]:
    """The plan, and the ledger record it writes (for the caller's in-memory ledger once applied). `seen` is the
    source's fingerprint when the worker that read it computed it already."""
    seen = seen or fingerprint(item.source, item.extraction.date)
    hashes, figures_seen = seen.hashes, seen.figures
    existing = _existing_record(item, ledger, hashes, figures_seen, snapshot)
    key = _thread_key(item.source) or f"source:{item.source.id}"
    record = existing.model_copy(deep=True) if existing else MeetingRecord(
        meeting_id=meeting_id_for(key), note_path="", thread_key=_thread_key(item.source), date=item.extraction.date)
    title = _title(item)
    if not record.note_path:
        record.note_path = _free_path(snapshot, layout.meeting_folder(item.extraction.date),
                                      _meeting_file_stem(item.extraction.date, title))
    building = _Plan(item, snapshot, ledger, settings, record, ChangePlan(source_name=item.file_name), title,
                     _entity_paths(item.resolution, layout))
    archive_path = _free_path(snapshot, layout.archive_folder((item.extraction.date or settings.today).year),
                              *_archive_name(item.file_name))
    _plan_meeting_note(building, archive_path)
    for resolved in _unique_entities(item.resolution):
        _plan_entity_note(building, resolved)
    _plan_archive(building, item, archive_path)
    _record_doubts(record, item)
    record.sources.append(IngestedSource(source_id=item.source.id, raw_sha256=item.source.raw_sha256,
                                         name=item.file_name, archived_as=archive_path, sketch=sketch(hashes),
                                         figures=figures_seen))
    record.participants += [n for n in _cast(item) if n not in record.participants]
    ledger_path = record_path(layout, record.meeting_id)
    building.plan.operations.append(FileOperation(
        kind=OperationKind.record_ledger, path=ledger_path, before_sha256=snapshot.checksum(ledger_path),
        content=render_record(record), changes=["record the source and the lines written"]))
    return building.plan, record


def _record_doubts(record: MeetingRecord, item: SourceInput) -> None:
    """The review queue lives in the ledger: each doubt once per meeting, with where it was seen."""
    known = {(r.reason, r.name) for r in record.review}
    record.review += [r.model_copy(update={"note": record.note_path, "date": item.extraction.date})
                      for r in item.resolution.review if (r.reason, r.name) not in known]


def _existing_record(item: SourceInput, ledger: Ledger, hashes: set[int], figures_seen: list[str],
                     snapshot: VaultSnapshot) -> MeetingRecord | None:
    """The meeting this source continues: same e-mail thread; same file name and date as an earlier source
    (a changed export); or the same meeting recorded another way (DESIGN §7)."""
    key = _thread_key(item.source)
    if key and ledger.by_thread(key):
        return ledger.by_thread(key)
    same_day = ledger.on_date(item.extraction.date)
    by_name = next((r for r in same_day if any(s.name == item.file_name for s in r.sources)), None)
    if by_name:
        return by_name
    items = [i.text for i in (*item.extraction.decisions, *item.extraction.tasks, *item.extraction.facts)]
    new = NewSource(item.extraction.date, key is not None, _cast(item), hashes, figures_seen)
    return same_meeting(ledger.records.values(), new,
                        lambda record: _shares_an_item(items, snapshot.read_text(record.note_path)))


def _shares_an_item(items: list[str], note_text: str | None) -> bool:
    """Whether any extracted item is stated in the note (any bullet); a note without items cannot say no."""
    try:
        doc = parse_note(note_text or "")
    except NoteError:
        return False
    sections = [doc.section(heading) for heading in sn.MEETING_SECTIONS[1:]]
    bullets = [line for section in sections if section for line in section.lines
               if line.lstrip().startswith(("- ", "* "))]
    return shares_an_item(items, bullets)


def _cast(item: SourceInput) -> list[str]:
    """Who took part besides the owner, by canonical name where known (two spellings of one person count once)."""
    names = [p.entity.name for p in item.resolution.participants if not p.entity.is_owner]
    return names + [p.name for p in item.extraction.participants if p.name in item.resolution.unresolved_mentions]


def _thread_key(source: Source) -> str | None:
    return thread_key(source.title) if source.kind is SourceKind.email_thread and source.title else None


def _title(item: SourceInput) -> str:
    if item.extraction.title:
        return " ".join(item.extraction.title.split())
    others = [p.entity.name for p in item.resolution.participants if not p.entity.is_owner]
    return f"Meeting with {', '.join(others)}" if others else PurePosixPath(item.file_name).stem


def _meeting_file_stem(date: dt.date | None, title: str) -> str:
    return safe_file_name(f"{date.isoformat()} - {title}" if date else title)


def _free_path(snapshot: VaultSnapshot, folder: str, stem: str, suffix: str = ".md") -> str:
    path = f"{folder}/{stem}{suffix}"
    n = 2
    while snapshot.exists(path):
        path = f"{folder}/{numbered(stem, n)}{suffix}"
        n += 1
    return path


def _archive_name(file_name: str) -> tuple[str, str]:
    """(stem, suffix) the source is archived under: its own name when that is safe on every OS and in a link,
    else a cleaned one (`NUL.eml` → `NUL_.eml`, `[[x]] #y.eml` → `x y.eml`)."""
    safe = PurePosixPath(safe_file_name(file_name))
    return safe.stem, safe.suffix


def _names_of(item: SourceInput) -> list[str]:
    """The names this source's entities go by: text written beside them shows them as plain text."""
    return [r.entity.name for r in item.resolution.all_entities()]


def _entity_paths(resolution: Resolution, layout: VaultLayout) -> dict[str, str]:
    return {r.entity.name: r.entity.note_path or layout.entity_note(r.entity.kind, r.entity.name)
            for r in _unique_entities(resolution)}


def _unique_entities(resolution: Resolution) -> list[ResolvedEntity]:
    seen, result = set(), []
    for resolved in resolution.all_entities():
        key = (resolved.entity.kind, resolved.entity.name)
        if key not in seen:
            seen.add(key)
            result.append(resolved)
    return result


def _plan_meeting_note(building: _Plan, archive_path: str) -> None:
    item, record = building.item, building.record
    head = MeetingHead(record.meeting_id, building.title, item.extraction.date or record.date)
    resolution, entity_paths = _owners_the_meeting_knows(item, record, building.snapshot, building.entity_paths)
    content = meeting_content(item.extraction, resolution, head,
                              lambda name: wikilink(entity_paths[name], name) if name in entity_paths else None)
    text = building.snapshot.read_text(record.note_path)
    if text is None:
        doc = new_meeting_doc(content, item.extraction.kind.value, record.meeting_id,
                              needs_review=item.extraction.date is None)
    else:
        try:
            doc = parse_note(text)
        except NoteError as exc:
            raise PlanError(f"{record.note_path}: {exc}; fix the note, then ingest again") from exc
    note = building.note(record.note_path, doc, sn.MEETING_SECTIONS,
                         ["create meeting note" if text is None else "add source"])
    extraction = item.extraction
    # what the meeting's notes may compare by meaning, embedded in one call (one for each costs several times that)
    embed_ahead([*(line for heading in sn.MEETING_SECTIONS[1:] for line in content.sections[heading]),
                 *_entity_bullets(building, [*extraction.facts, *extraction.decisions])])
    if content.summary and doc.section(sn.SUMMARY) is None:
        set_section_lines(doc, sn.SUMMARY, content.summary, sn.MEETING_SECTIONS)
    for heading in sn.MEETING_SECTIONS[1:]:
        note.merge_section(heading, content.sections[heading])
    for key, values in (("participants", content.participants), ("organizations", content.organizations),
                        ("projects", content.projects), ("sources", [archive_path]),
                        ("source_hashes", [item.source.raw_sha256])):
        add_to_list(doc.frontmatter, key, values)
    building.plan.tasks_proposed += sum(1 for line in note.written if PROPOSED_TAG in line)
    building.write_note(note)


def _owners_the_meeting_knows(item: SourceInput, record: MeetingRecord, snapshot: VaultSnapshot,
                              entity_paths: dict[str, str]) -> tuple[Resolution, dict[str, str]]:
    """The source's resolution, with a task owner it left as a lone first name ("Theo, can you…" in a recording
    whose speakers are device labels) taken to be the one person of that first name who took part in this meeting
    as recorded before (another recording of it named them), when their note is there; and the note paths."""
    owners, paths = dict(item.resolution.owner_names), dict(entity_paths)
    for task in item.extraction.tasks:
        said = normalize_name(task.owner or "").split()
        if len(said) != 1 or task.owner in owners:
            continue
        named = [name for name in record.participants if normalize_name(name).split()[:1] == said]
        path = snapshot.layout.entity_note(EntityKind.person, named[0]) if len(named) == 1 else None
        if path and (path in paths.values() or snapshot.exists(path)):
            owners[task.owner] = named[0]
            paths.setdefault(named[0], path)
    if owners == item.resolution.owner_names:
        return item.resolution, entity_paths
    return item.resolution.model_copy(update={"owner_names": owners}), paths


def _plan_entity_note(building: _Plan, resolved: ResolvedEntity) -> None:
    item, entity = building.item, resolved.entity
    path = building.entity_paths[entity.name]
    text = building.snapshot.read_text(path)
    if text is None:
        frontmatter, preamble = en.new_entity_doc(entity, item.extraction.date, resolved.needs_review)
        doc, changes = NoteDoc(frontmatter, preamble, []), [f"create {entity.kind.value} note"]
    else:
        try:
            doc, changes = parse_note(text), []
        except NoteError as exc:
            building.plan.warnings.append(f"{path} left untouched: {exc}")
            return
    is_participant = any(p.entity.name == entity.name for p in item.resolution.participants)
    _update_entity_frontmatter(doc, resolved, item.extraction.date, is_participant, changes)
    _set_organization(doc, entity, item.resolution, building.entity_paths, changes)
    provenance = _provenance(building)
    note = building.note(path, doc, sn.ENTITY_SECTIONS[entity.kind], changes)
    whole = en.meeting_is_about(entity, item.extraction)
    contacts = en.new_contacts(doc.section(sn.KEY_CONTACTS),
                               _contacts_of(entity, item.resolution, building.entity_paths))
    note.merge_section(sn.KEY_CONTACTS, [with_source(c, provenance) for c in contacts])
    for heading, items in ((sn.KEY_FACTS, en.items_about(entity, item.extraction.facts, whole)),
                           (sn.KEY_DECISIONS, en.items_about(entity, item.extraction.decisions, whole))):
        note.merge_section(heading, _entity_bullets(building, items), group_updates=True)
    if doc.section(sn.OPEN_TASKS) is None and _has_tasks_for(entity, item):
        query = sn.open_tasks_query(entity.name, inputs_filter(building.snapshot.layout))
        set_section_lines(doc, sn.OPEN_TASKS, query, note.order)
        changes.append(f"{sn.OPEN_TASKS}: query")
    _add_recent_context(building, note)
    building.write_note(note)


def _provenance(building: _Plan) -> str:
    """The link to the meeting that an entity note's lines carry."""
    date = building.item.extraction.date
    return wikilink(building.record.note_path, date.isoformat() if date else "undated")


def _entity_bullets(building: _Plan, items: list) -> list[str]:
    """Items as an entity note's bullets: the names in them as plain text, the meeting linked."""
    names, provenance = _names_of(building.item), _provenance(building)
    return [with_source(with_plain_names(task_fields_as_words(i.text), names), provenance) for i in items]


def _update_entity_frontmatter(doc: NoteDoc, resolved: ResolvedEntity, date: dt.date | None, is_participant: bool,
                               changes: list[str]) -> None:
    frontmatter = doc.frontmatter
    if resolved.email and resolved.email.lower() not in (frontmatter.get("emails") or []):
        set_key(frontmatter, "emails", [*(frontmatter.get("emails") or []), resolved.email.lower()], en.FRONTMATTER_ORDER)
        changes.append("emails")
    first = frontmatter.get("first_seen")
    if date and "first_seen" not in frontmatter:
        set_key(frontmatter, "first_seen", date, en.FRONTMATTER_ORDER)
    elif date and isinstance(first, dt.date) and date < first:  # an older meeting ingested later
        set_key(frontmatter, "first_seen", date, en.FRONTMATTER_ORDER)
        changes.append("first_seen")
    last = frontmatter.get("last_contact")
    if is_participant and date and (not isinstance(last, dt.date) or last < date):
        set_key(frontmatter, "last_contact", date, en.FRONTMATTER_ORDER)
        changes.append("last_contact")


def _set_organization(doc: NoteDoc, entity: Entity, resolution: Resolution, entity_paths: dict[str, str],
                      changes: list[str]) -> None:
    """A person's `organization`, when their e-mail tells it and the note names none yet (a person's own
    value is never replaced)."""
    organization = resolution.works_at.get(entity.name) if entity.kind is EntityKind.person else None
    if organization and organization in entity_paths and "organization" not in doc.frontmatter:
        set_key(doc.frontmatter, "organization", wikilink(entity_paths[organization], organization),
                en.FRONTMATTER_ORDER)
        changes.append("organization")


def _contacts_of(entity: Entity, resolution: Resolution, entity_paths: dict[str, str]) -> list[str]:
    """Links to the people this meeting shows working at the organization `entity`."""
    return [wikilink(entity_paths[person], person) for person, organization in resolution.works_at.items()
            if organization == entity.name and person in entity_paths]


def _has_tasks_for(entity, item: SourceInput) -> bool:
    """Only when the query would show something: a task the person owns, or one that names the entity."""
    if entity.kind is EntityKind.person:
        return any(item.resolution.owner_names.get(t.owner or "") == entity.name for t in item.extraction.tasks)
    return any(names_in_text(t.text, en.names_for_matching(entity)) for t in item.extraction.tasks)


def _add_recent_context(building: _Plan, note: _Note) -> None:
    """The meeting's line in Recent Context, once."""
    extraction, meeting_path = building.item.extraction, building.record.note_path
    summary = plain_text(en.one_line(extraction.summary))  # generated text: nothing in it is markup
    line = sn.recent_context_line(extraction.date, wikilink(meeting_path, building.title), summary)
    section = note.doc.section(sn.RECENT_CONTEXT)
    existing = remove_trailing_blanks(section.lines) if section else []
    updated = en.with_recent_context(existing, line, note_link_target(meeting_path),
                                     building.settings.recent_context_cap, written_before=key_hash(line) in note.emitted)
    if updated is None:
        return
    set_section_lines(note.doc, sn.RECENT_CONTEXT, updated, note.order)
    note.changes.append(sn.RECENT_CONTEXT)
    note.written.append(line)


def _plan_archive(building: _Plan, item: SourceInput, archive_path: str) -> None:
    building.plan.operations.append(FileOperation(
        kind=OperationKind.archive_source, path=archive_path, content=item.raw,
        changes=[f"archive {item.file_name}"]))
    if item.inbox_path:
        building.plan.operations.append(FileOperation(
            kind=OperationKind.remove_from_inbox, path=item.inbox_path, before_sha256=sha256(item.raw),
            changes=["moved to " + archive_path]))
