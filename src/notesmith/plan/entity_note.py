"""Person, organization and project notes (DESIGN §6): what a meeting adds to each, and the note when it is new."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from notesmith.domain import Extraction, Item
from notesmith.domain.entity import Entity, EntityKind
from notesmith.notes.frontmatter import block_list, new_mapping
from notesmith.notes.links import link_target, links_to, plain_text
from notesmith.notes.markdown import NoteSection
from notesmith.notes.sections import recent_context_date
from notesmith.resolve.names import names_in_text, normalize_name

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

FRONTMATTER_ORDER = ["type", "title", "aliases", "emails", "organization", "role", "relationship", "status",
                     "first_seen", "last_contact", "tags", "review"]


def new_entity_doc(entity: Entity, first_seen: dt.date | None, needs_review: bool) -> tuple[CommentedMap, list[str]]:
    """Frontmatter and title line of a note notesmith creates for an entity."""
    frontmatter = new_mapping()
    frontmatter["type"] = entity.kind.value
    frontmatter["title"] = entity.name
    if entity.aliases:
        frontmatter["aliases"] = block_list(entity.aliases)
    if entity.emails:
        frontmatter["emails"] = block_list(entity.emails)
    if entity.relationship:
        frontmatter["relationship"] = entity.relationship
    if first_seen:
        frontmatter["first_seen"] = first_seen
    frontmatter["tags"] = block_list([entity.kind.value] + (["me"] if entity.is_owner else []))
    if needs_review:
        frontmatter["review"] = "needed"
    return frontmatter, [f"# {plain_text(entity.name)}", ""]


def names_for_matching(entity: Entity) -> list[str]:
    """The names that, written in a sentence, mean this entity: a person only by a full name."""
    names = [entity.name, *entity.aliases]
    if entity.kind is EntityKind.person:
        return [n for n in names if len(n.split()) > 1]
    return [n for n in names if len(n) >= 3]


def items_about(entity: Entity, items: list[Item], whole_meeting: bool) -> list[Item]:
    """Items naming the entity; all of them when the meeting itself is about it (named in the title)."""
    names = names_for_matching(entity)
    about = [normalize_name(n) for n in names]
    return [i for i in items if whole_meeting or names_in_text(i.text, names)
            or normalize_name(getattr(i, "about", None) or "") in about]


def meeting_is_about(entity: Entity, extraction: Extraction) -> bool:
    return entity.kind is not EntityKind.person and names_in_text(extraction.title or "", names_for_matching(entity))


def new_contacts(section: NoteSection | None, people: list[str]) -> list[str]:
    """The people's links the Key Contacts section does not hold yet: one line per contact, however many
    meetings show them there."""
    lines = "\n".join(section.lines) if section else ""
    return [link for link in dict.fromkeys(people) if not links_to(lines, link_target(link))]


def with_recent_context(lines: list[str], new_line: str, meeting_target: str, cap: int,
                        written_before: bool) -> list[str] | None:
    """The section with `new_line` placed newest first; None when the meeting is already listed, or when
    notesmith `written_before` a line for it that is gone (a person deleted it, or the cap let it go).

    Only generated dated lines count toward the cap; anything else in the section stays where it is.
    """
    if written_before or any(links_to(line, meeting_target) for line in lines):
        return None
    candidates = [*lines, new_line]
    dated = [line for line in candidates if recent_context_date(line)]
    others = [line for line in candidates if not recent_context_date(line) and line.strip()]
    dated.sort(key=recent_context_date, reverse=True)
    return dated[:cap] + others


def one_line(summary: str, limit: int = 160) -> str:
    sentence = re.split(r"(?<=[.!?])\s+", " ".join(summary.split()), maxsplit=1)[0] if summary else ""
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"
