"""Who works where, told by an e-mail address (nadia.petrov@quarrylabs.example) or a title ("Call with Quarry Labs
(Nadia Petrov)"): Nadia Petrov is at Quarry Labs."""

from __future__ import annotations

from notesmith.domain.entity import Entity, ResolvedEntity
from notesmith.resolve.names import normalize_name
from notesmith.sources.title_contact import contact_in_title

# Below this, an organization's first word is too common to stand for it in a domain ("acme" yes, "the" no).
MIN_FIRST_WORD = 4


def affiliations(people: list[ResolvedEntity], organizations: list[ResolvedEntity]) -> dict[str, str]:
    """Person name → the one organization of this meeting whose name is the person's mail domain; a person
    whose domain fits none, or several, is left out rather than guessed."""
    found = {}
    for person in people:
        domains = {_domain(e) for e in [person.email or "", *person.entity.emails] if "@" in e}
        matching = {o.entity.name for o in organizations for d in domains if _is_domain_of(d, o.entity)}
        if len(matching) == 1:
            found[person.entity.name] = matching.pop()
    return found


def title_affiliation(title: str | None, people: list[ResolvedEntity],
                      organizations: list[ResolvedEntity]) -> dict[str, str]:
    """"Call with Fabrikam (Lena Vogel)": Lena Vogel is there for Fabrikam, when both are of this meeting."""
    contact = contact_in_title(title)
    if contact is None:
        return {}
    person = next((p.entity for p in people if _is_named(p.entity, contact.person)), None)
    organization = next((o.entity for o in organizations if _is_named(o.entity, contact.organization)), None)
    return {person.name: organization.name} if person and organization else {}


def _is_named(entity: Entity, name: str) -> bool:
    return normalize_name(name) in {normalize_name(n) for n in (entity.name, *entity.aliases)}


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[1].casefold()


def _is_domain_of(domain: str, organization: Entity) -> bool:
    """The domain's name part (all but its last label) is the organization's name run together, or its first
    word: quarrylabs.example for Quarry Labs, halcyon.co.uk for Halcyon Logistics."""
    labels = domain.split(".")[:-1]
    for name in (organization.name, *organization.aliases):
        words = normalize_name(name).split()
        if not words:
            continue
        keys = {"".join(words)} | ({words[0]} if len(words) > 1 and len(words[0]) >= MIN_FIRST_WORD else set())
        if keys & set(labels):
            return True
    return False
