"""Match an extraction's participants, owners and mentions to known entities; record doubt instead of guessing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from notesmith.domain.entity import (
    Entity,
    EntityKind,
    Resolution,
    ResolvedEntity,
    ReviewItem,
    ReviewReason,
)
from notesmith.domain.extraction import ExtractedParticipant, Extraction
from notesmith.resolve.affiliation import affiliations, title_affiliation
from notesmith.resolve.names import names_in_text, normalize_name
from notesmith.resolve.people_guard import (
    clean_person_name,
    is_decorated,
    is_role_mailbox,
    not_a_person,
    person_email,
)
from notesmith.resolve.registry import OWNER_PRONOUNS, Registry


@dataclass
class PersonMatch:
    """The one entity a name means, or the several it could mean (then nobody is chosen)."""

    entity: Entity | None = None
    candidates: list[Entity] = field(default_factory=list)


def resolve(extraction: Extraction, registry: Registry, employer: str | None = None) -> Resolution:
    resolution = Resolution()
    context: list[Entity] = [registry.owner] if registry.owner else []
    not_people = _names_of_no_person(extraction, employer)
    _resolve_participants(resolution, registry, extraction, context, not_people)
    text = _extraction_text(extraction)
    for kind, names, target in ((EntityKind.organization, extraction.mentions.organizations, resolution.organizations),
                                (EntityKind.project, extraction.mentions.projects, resolution.projects)):
        named = [*names, *(e.name for e in registry.of_kind(kind) if names_in_text(text, _names_of(e)))]
        target.extend(_known_or_new(registry, kind, n, employer) for n in _unique(named))
    _resolve_mentioned_people(resolution, registry, extraction, context, not_people)
    resolution.works_at = {**affiliations(resolution.participants, resolution.organizations),
                           **title_affiliation(extraction.title, resolution.participants, resolution.organizations)}
    for task in extraction.tasks:
        if task.owner:
            owner = match_person(registry, task.owner, None, context).entity
            if owner is not None:
                resolution.owner_names[task.owner] = owner.name
                _link_if_new(resolution, owner)
    return resolution


def _resolve_participants(resolution: Resolution, registry: Registry, extraction: Extraction, context: list[Entity],
                          not_people: set[str]) -> None:
    """Each participant a known person, one of several (then in doubt), a new person, or left out as no person."""
    given_at: dict[str, int] = {}
    for position, participant in _full_names_first(extraction.participants):
        name, email = clean_person_name(participant.name), person_email(participant.email)
        match = match_person(registry, participant.name, email, context)
        if match.candidates:
            _doubt(resolution, ReviewReason.ambiguous, name, match.candidates)
            continue
        entry = _known_or_new_person(match.entity, participant, resolution, not_people, registry)
        if entry is None:
            continue
        if entry.is_new:
            _doubt(resolution, ReviewReason.new_person, entry.entity.name, [])
        if all(e.entity.name != entry.entity.name for e in resolution.participants):
            resolution.participants.append(entry)
            context.append(entry.entity)
        given_at[entry.entity.name] = min(position, given_at.get(entry.entity.name, position))
    resolution.participants.sort(key=lambda e: given_at[e.entity.name])  # the order the source gave


def match_person(registry: Registry, name: str, email: str | None, context: list[Entity]) -> PersonMatch:
    """DESIGN §5's order: e-mail, exact/alias/normalized name, nickname or spelling variant, lone first name.

    Several candidates are narrowed to the people of this meeting; if that leaves more than one, nobody is chosen.
    A name that names no person (a label, a placeholder, a speaker slot…) matches nobody, not even by a fuzzy rule;
    `me`, `myself` and `I` are the owner.
    """
    found = registry.by_email(email)
    if found is not None:
        return PersonMatch(found)
    exact = registry.by_name(EntityKind.person, name)  # a note may be titled `Sam Okafor (Finance)`
    if len(exact) == 1:
        return PersonMatch(exact[0])
    name = clean_person_name(name)
    if not_a_person(name) and not (normalize_name(name) in OWNER_PRONOUNS and registry.owner):
        return PersonMatch()
    for candidates in (registry.by_name(EntityKind.person, name), registry.by_similar_name(name)):
        if len(candidates) == 1:
            return PersonMatch(candidates[0])
        if candidates:
            present = [e for e in candidates if any(e is c for c in context)]
            return PersonMatch(present[0]) if len(present) == 1 else PersonMatch(candidates=candidates)
    if len(normalize_name(name).split()) == 1:
        return PersonMatch(registry.by_first_name(name, context))
    return PersonMatch()


def _known_or_new_person(known: Entity | None, participant: ExtractedParticipant, resolution: Resolution,
                         not_people: set[str], registry: Registry) -> ResolvedEntity | None:
    """The known person; else one already of this meeting by the same e-mail; else a new person, unless the
    name is no person's (then None: it is left out, never a note)."""
    name, email = clean_person_name(participant.name), person_email(participant.email)
    if known is not None:
        return ResolvedEntity(entity=known, email=email)
    same_email = next((e for e in resolution.participants if email and email.casefold() in
                       {m.casefold() for m in e.entity.emails}), None)
    if same_email is not None:
        return same_email
    if _is_no_person(name, not_people, registry) or _is_service_sender(participant):
        return None
    return _new_person(name, email)


def _is_service_sender(participant: ExtractedParticipant) -> bool:
    """A role mailbox under its own display name is a service's or a list's (`Acme Events <events@…>`); under a
    decorated one (`Ana Ruiz (Google Docs) <comments-noreply@…>`) it speaks for the person named."""
    return is_role_mailbox(participant.email) and not is_decorated(participant.name)


def _names_of_no_person(extraction: Extraction, employer: str | None) -> set[str]:
    """The organizations and projects this meeting names, and the owner's employer: never people."""
    names = [*extraction.mentions.organizations, *extraction.mentions.projects, *([employer] if employer else [])]
    return {normalize_name(n) for n in names if normalize_name(n)}


def _is_no_person(name: str, not_people: set[str], registry: Registry) -> bool:
    """No name, a name of no person (people_guard), or a name of this meeting's or the vault's organizations and
    projects."""
    key = normalize_name(name)
    return (not key or bool(not_a_person(name)) or key in not_people
            or any(registry.by_name(kind, name) for kind in (EntityKind.organization, EntityKind.project)))


def _full_names_first(participants: list[ExtractedParticipant]) -> list[tuple[int, ExtractedParticipant]]:
    """Full names before lone first names, so `Tamsin` finds the `Tamsin Okoye` of this meeting whatever the
    order; each with its position in the source."""
    return sorted(enumerate(participants), key=lambda p: len(normalize_name(clean_person_name(p[1].name)).split()) == 1)


def _doubt(resolution: Resolution, reason: ReviewReason, name: str, candidates: list[Entity]) -> None:
    if all(normalize_name(r.name) != normalize_name(name) for r in resolution.review):
        resolution.review.append(ReviewItem(reason=reason, name=name, candidates=sorted({_link_name(c) for c in candidates})))
    if reason is not ReviewReason.new_person and name not in resolution.unresolved_mentions:
        resolution.unresolved_mentions.append(name)


def _link_name(entity: Entity) -> str:
    """What tells two same-named people apart: their note's file name, the name a wikilink uses."""
    return PurePosixPath(entity.note_path).stem if entity.note_path else entity.name


def _link_if_new(resolution: Resolution, entity: Entity) -> None:
    """A task owner who did not take part is still a linked, mentioned person."""
    linked = {e.entity.name for e in (*resolution.participants, *resolution.mentioned_people)}
    if entity.name not in linked:
        resolution.mentioned_people.append(ResolvedEntity(entity=entity))


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


def _resolve_mentioned_people(resolution: Resolution, registry: Registry, extraction: Extraction, context: list[Entity],
                              not_people: set[str]) -> None:
    """Named people who did not take part: links when they resolve, review candidates when they do not (a name
    that is no person's is neither)."""
    names = [clean_person_name(n) for n in extraction.mentions.people]
    text = _extraction_text(extraction)
    names += [e.name for e in registry.of_kind(EntityKind.person) if not e.is_owner and _says_full_name(text, e.name)]
    taken = {e.entity.name for e in resolution.participants}
    taken_keys = {normalize_name(n) for n in taken} | {normalize_name(r.name) for r in resolution.review}
    for name in _unique(names):
        match = match_person(registry, name, None, context)
        if match.entity is None:
            if normalize_name(name) not in taken_keys and not _is_no_person(name, not_people, registry):
                _doubt(resolution, ReviewReason.ambiguous if match.candidates else ReviewReason.unresolved_mention,
                       name, match.candidates)
        elif match.entity.name not in taken:
            resolution.mentioned_people.append(ResolvedEntity(entity=match.entity))
            context.append(match.entity)
            taken.add(match.entity.name)


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
