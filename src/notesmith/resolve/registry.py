"""The entity registry: every person, organization and project the vault knows, and how names find them."""

from __future__ import annotations

from collections.abc import Iterable

from notesmith.domain.entity import Entity, EntityKind
from notesmith.domain.owner import Owner
from notesmith.resolve.names import (
    first_name,
    normalize_name,
    same_given_name,
    same_person_name,
    spelling_variants,
    surname,
)
from notesmith.resolve.people_guard import is_role_mailbox, note_name_refusal

OWNER_PRONOUNS = ("me", "myself", "i")


class Registry:
    """Lookup by e-mail, exact name, alias, normalized name, nickname and guarded fuzzy name; never by a guess.

    A person note named by no person (`People/Date.md`, `People/Mira Castellanos (Google Docs).md`, written
    before the guard) is kept out, in `not_people` with the reason, so no name ever resolves to it.
    """

    def __init__(self, entities: Iterable[Entity] = ()):
        self.entities: list[Entity] = []
        self.not_people: list[tuple[Entity, str]] = []
        self._by_email: dict[str, Entity] = {}
        self._by_name: dict[tuple[EntityKind, str], list[Entity]] = {}
        self._by_surname: dict[str, list[Entity]] = {}
        for entity in entities:
            self.add(entity)

    def add(self, entity: Entity) -> None:
        refusal = note_name_refusal(entity.name) if entity.kind is EntityKind.person and not entity.is_owner else None
        if refusal:
            self.not_people.append((entity, refusal))
            return
        self.entities.append(entity)
        for email in entity.emails:
            if not is_role_mailbox(email):  # a notification's address stored on a note must not pull others in
                self._by_email.setdefault(email.casefold(), entity)
        for name in {entity.name, *entity.aliases}:
            key = (entity.kind, normalize_name(name))
            if entity not in self._by_name.setdefault(key, []):
                self._by_name[key].append(entity)
            if entity.kind is EntityKind.person and surname(name):
                people = self._by_surname.setdefault(surname(name), [])
                if entity not in people:
                    people.append(entity)

    @property
    def owner(self) -> Entity | None:
        return next((e for e in self.entities if e.is_owner), None)

    def by_email(self, email: str | None) -> Entity | None:
        return self._by_email.get(email.casefold()) if email and not is_role_mailbox(email) else None

    def by_name(self, kind: EntityKind, name: str) -> list[Entity]:
        """Entities whose name or alias equals `name` once case, accents and punctuation are ignored."""
        if kind is EntityKind.person and normalize_name(name) in OWNER_PRONOUNS and self.owner:
            return [self.owner]
        return list(self._by_name.get((kind, normalize_name(name)), []))

    def by_similar_name(self, name: str) -> list[Entity]:
        """People whose full name is `name` under a nickname or a spelling variant, with the surname agreeing."""
        return [e for e in self._by_surname.get(surname(name), [])
                if any(same_person_name(name, known) for known in (e.name, *e.aliases))]

    def by_first_name(self, name: str, among: Iterable[Entity]) -> Entity | None:
        """A lone first name, only when exactly one of `among` has it (or, failing that, a nickname or variant of it)."""
        wanted = normalize_name(name)
        among = list(among)
        for same in (lambda a, b: a == b, same_given_name, spelling_variants):
            matches = list({id(e): e for e in among
                            if any(same(first_name(n), wanted) for n in (e.name, *e.aliases))}.values())
            if matches:
                return matches[0] if len(matches) == 1 else None
        return None

    def of_kind(self, kind: EntityKind) -> list[Entity]:
        return [e for e in self.entities if e.kind is kind]

    def named_in(self, text: str, cap: int = 40) -> list[str]:
        """The entities a text names (by name or alias, whole words): what a model is told it may already know,
        rather than the whole registry."""
        words = f" {normalize_name(text)} "
        found = [e.name for e in self.entities
                 if any(len(key) > 2 and f" {key} " in words for key in map(normalize_name, (e.name, *e.aliases)))]
        return list(dict.fromkeys(found))[:cap]


def owner_entity(owner: Owner, note_path: str | None = None) -> Entity:
    """The owner as the registry's person, under every name and e-mail address `[me]` gives."""
    return Entity(kind=EntityKind.person, name=owner.name, aliases=list(owner.aliases),
                  emails=[e.lower() for e in owner.emails],
                  note_path=note_path, is_owner=True)


def vault_registry(entities: list[Entity], owner: Owner) -> Registry:
    """The vault's entities, with the owner folded into their note when they have one, and the owner's employer
    (as an organization) when the vault has no note for it."""
    entities = list(entities)
    registry = Registry()
    if owner.name:
        me = owner_entity(owner)
        note = next((e for e in entities if e.note_path and (Registry([e]).by_name(e.kind, owner.name)
                     or any(m in e.emails for m in me.emails))), None)
        if note is not None:
            entities.remove(note)
            me = me.model_copy(update={"note_path": note.note_path, "name": note.name,
                                       "aliases": sorted({*note.aliases, *me.aliases, owner.name} - {note.name}),
                                       "emails": sorted({*me.emails, *note.emails})})
        registry.add(me)
    for entity in entities:
        registry.add(entity)
    if owner.employer and not registry.by_name(EntityKind.organization, owner.employer):
        registry.add(Entity(kind=EntityKind.organization, name=owner.employer, relationship="employer"))
    return registry
