"""Match an extraction's participants, owners and mentions to known entities; record doubt instead of guessing."""

from __future__ import annotations

import re
from collections.abc import Iterable

from notesmith.domain.entity import Entity, EntityKind, Resolution, ResolvedEntity
from notesmith.domain.extraction import Extraction
from notesmith.resolve.names import names_in_text, normalize_name
from notesmith.resolve.registry import Registry


def resolve(extraction: Extraction, registry: Registry, employer: str | None = None) -> Resolution:
    resolution = Resolution()
    context: list[Entity] = [registry.owner] if registry.owner else []
    for participant in extraction.participants:
        found = _match_person(registry, participant.name, participant.email, context)
        if found is None and len(registry.by_name(EntityKind.person, participant.name)) > 1:
            resolution.unresolved_mentions.append(participant.name)
            continue
        entry = ResolvedEntity(entity=found, email=participant.email) if found else _new_person(participant.name, participant.email)
        if all(e.entity.name != entry.entity.name for e in resolution.participants):
            resolution.participants.append(entry)
            context.append(entry.entity)
    text = _extraction_text(extraction)
    for kind, names, target in ((EntityKind.organization, extraction.mentions.organizations, resolution.organizations),
                                (EntityKind.project, extraction.mentions.projects, resolution.projects)):
        named = [*names, *(e.name for e in registry.of_kind(kind) if names_in_text(text, _names_of(e)))]
        target.extend(_known_or_new(registry, kind, n, employer) for n in _unique(named))
    _resolve_mentioned_people(resolution, registry, extraction, context)
    for task in extraction.tasks:
        if task.owner:
            owner = _match_person(registry, task.owner, None, context)
            if owner is not None:
                resolution.owner_names[task.owner] = owner.name
                _link_if_new(resolution, owner)
    return resolution


def _link_if_new(resolution: Resolution, entity: Entity) -> None:
    """A task owner who did not take part is still a linked, mentioned person."""
    linked = {e.entity.name for e in (*resolution.participants, *resolution.mentioned_people)}
    if entity.name not in linked:
        resolution.mentioned_people.append(ResolvedEntity(entity=entity))


def _match_person(registry: Registry, name: str, email: str | None, context: list[Entity]) -> Entity | None:
    found = registry.by_email(email)
    if found is not None:
        return found
    by_name = registry.by_name(EntityKind.person, name)
    if len(by_name) == 1:
        return by_name[0]
    in_context = [e for e in context if normalize_name(name) in {normalize_name(n) for n in (e.name, *e.aliases)}]
    if len(in_context) == 1:
        return in_context[0]
    if len(normalize_name(name).split()) == 1:
        return registry.by_first_name(name, context)
    return None


def _names_of(entity: Entity) -> list[str]:
    return [n for n in (entity.name, *entity.aliases) if len(n) >= 3]


def _new_person(name: str, email: str | None) -> ResolvedEntity:
    entity = Entity(kind=EntityKind.person, name=" ".join(name.split()), emails=[email.lower()] if email else [])
    return ResolvedEntity(entity=entity, is_new=True, needs_review=True, email=email)


def _known_or_new(registry: Registry, kind: EntityKind, name: str, employer: str | None) -> ResolvedEntity:
    found = registry.by_name(kind, name)
    if len(found) == 1:
        return ResolvedEntity(entity=found[0])
    is_employer = employer is not None and normalize_name(name) == normalize_name(employer)
    entity = Entity(kind=kind, name=" ".join(name.split()), relationship="employer" if is_employer else None)
    return ResolvedEntity(entity=entity, is_new=True)


def _resolve_mentioned_people(resolution: Resolution, registry: Registry, extraction: Extraction, context: list[Entity]) -> None:
    """Named people who did not take part: links when they resolve, review candidates when they do not."""
    names = list(extraction.mentions.people)
    text = _extraction_text(extraction)
    names += [e.name for e in registry.of_kind(EntityKind.person) if not e.is_owner and _says_full_name(text, e.name)]
    taken = {e.entity.name for e in resolution.participants}
    for name in _unique(names):
        found = _match_person(registry, name, None, context)
        if found is None:
            if normalize_name(name) not in {normalize_name(n) for n in taken}:
                resolution.unresolved_mentions.append(name)
        elif found.name not in taken:
            resolution.mentioned_people.append(ResolvedEntity(entity=found))
            context.append(found)
            taken.add(found.name)


def _extraction_text(extraction: Extraction) -> str:
    items = [*extraction.decisions, *extraction.tasks, *extraction.facts, *extraction.risks, *extraction.open_questions]
    return "\n".join([extraction.title or "", extraction.summary, *(i.text for i in items)])


def _says_full_name(text: str, name: str) -> bool:
    return len(name.split()) > 1 and name in text and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def _unique(names: Iterable[str]) -> list[str]:
    seen, result = set(), []
    for name in names:
        key = normalize_name(name)
        if key and key not in seen:
            seen.add(key)
            result.append(name)
    return result
