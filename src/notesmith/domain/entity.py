"""Entities (people, organizations, projects) as the vault knows them, and a meeting's resolved cast."""

from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import BaseModel, Field

from notesmith.domain.kinds import EntityKind


class Entity(BaseModel):
    """One person, organization or project: the name its note is titled by and every other name it goes by."""

    kind: EntityKind
    name: str
    aliases: list[str] = Field(default_factory=list)
    emails: list[str] = Field(default_factory=list)
    note_path: str | None = Field(default=None, description="vault-relative path of its note, when it has one")
    is_owner: bool = False
    relationship: str | None = Field(default=None, description="organizations: customer, partner, employer, ...")


class ReviewReason(str, Enum):
    ambiguous = "ambiguous"
    unresolved_mention = "unresolved-mention"
    new_person = "new-person"


class ReviewItem(BaseModel):
    """A doubt resolution would not settle by guessing: one name, why it is in doubt, and who it could be."""

    reason: ReviewReason
    name: str
    candidates: list[str] = Field(default_factory=list, description="the notes (by file name) of the entities it could be")
    note: str | None = Field(default=None, description="the meeting note where the name was seen")
    date: dt.date | None = None


class ResolvedEntity(BaseModel):
    """An entity a source refers to, and whether notesmith had to create it."""

    entity: Entity
    is_new: bool = False
    needs_review: bool = False
    email: str | None = None


class Resolution(BaseModel):
    """Who and what one extraction is about, matched against the vault's entities."""

    participants: list[ResolvedEntity] = Field(default_factory=list)
    organizations: list[ResolvedEntity] = Field(default_factory=list)
    projects: list[ResolvedEntity] = Field(default_factory=list)
    mentioned_people: list[ResolvedEntity] = Field(default_factory=list)
    owner_names: dict[str, str] = Field(
        default_factory=dict, description="task owner as written → canonical entity name"
    )
    unresolved_mentions: list[str] = Field(default_factory=list)
    works_at: dict[str, str] = Field(
        default_factory=dict, description="person → the organization of this meeting their e-mail domain names"
    )
    review: list[ReviewItem] = Field(default_factory=list)

    def all_entities(self) -> list[ResolvedEntity]:
        return [*self.participants, *self.mentioned_people, *self.organizations, *self.projects]
