"""The meeting note (DESIGN §6): frontmatter, header lines and sections, new or merged into the existing note."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from notesmith.domain import SCHEMA_VERSION, Extraction, Item
from notesmith.domain.entity import Resolution
from notesmith.notes import sections as sn
from notesmith.notes.frontmatter import block_list, new_mapping
from notesmith.notes.links import plain_text, with_plain_names
from notesmith.notes.markdown import NoteDoc
from notesmith.notes.task_line import render_task_line
from notesmith.plan.ids import task_id

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap


@dataclass
class MeetingContent:
    """What one extraction contributes to its meeting note: frontmatter values as they are, body lines as markdown."""

    title: str
    date: dt.date | None
    participants: list[str]
    organizations: list[str]
    projects: list[str]
    summary: list[str]
    sections: dict[str, list[str]] = field(default_factory=dict)
    # the participants as the body shows them: links, and names that stay text written as plain text
    participants_shown: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MeetingHead:
    """The meeting note content is made for: its id (task ids derive from it), its title, and the ➕ created
    date its tasks get (None: an undated meeting's tasks get none, not today's)."""

    meeting_id: str
    title: str
    created: dt.date | None


def meeting_content(extraction: Extraction, resolution: Resolution, head: MeetingHead,
                    link: Callable[[str], str | None]) -> MeetingContent:
    """`link(name)` is the wikilink of a known entity's note, None for a name that stays plain text."""
    linked = [(link(p.entity.name), p.entity.name) for p in resolution.participants]
    linked += [(None, name) for name in resolution.unresolved_mentions
               if name in {p.name for p in extraction.participants}]
    names = _names_in(extraction, resolution)
    tasks = []
    for task in extraction.tasks:
        owner = resolution.owner_names.get(task.owner or "", task.owner)
        marker = (link(owner) or plain_text(owner)) if owner else None  # a known entity's link, else the name
        shown = task.model_copy(update={"text": with_plain_names(task.text, names)})
        tasks.append(render_task_line(shown, task_id(head.meeting_id, task.text), marker, head.created))
    return MeetingContent(
        title=head.title,
        date=extraction.date,
        participants=[shown or name for shown, name in linked],
        participants_shown=[shown or plain_text(name) for shown, name in linked],
        organizations=[link(o.entity.name) or o.entity.name for o in resolution.organizations],
        projects=[link(p.entity.name) or p.entity.name for p in resolution.projects],
        summary=[with_plain_names(extraction.summary, names)] if extraction.summary.strip() else [],
        sections={
            sn.DECISIONS: _bullets(extraction.decisions, names),
            sn.ACTION_ITEMS: tasks,
            sn.KEY_INFORMATION: _bullets([f for f in extraction.facts if not _said_in(f.text, extraction.summary)],
                                         names),
            sn.RISKS: _bullets(extraction.risks, names),
            sn.OPEN_QUESTIONS: _bullets(extraction.open_questions, names),
            sn.TOPICS: [f"- {with_plain_names(topic, names)}" for topic in extraction.topics],
        },
    )


def _names_in(extraction: Extraction, resolution: Resolution) -> list[str]:
    """Every name this meeting knows, as read and as resolved: where one appears in a sentence, it is only text."""
    mentions = extraction.mentions
    return [*(p.name for p in extraction.participants), *(r.entity.name for r in resolution.all_entities()),
            *resolution.unresolved_mentions, *(t.owner for t in extraction.tasks if t.owner),
            *mentions.people, *mentions.organizations, *mentions.projects]


def _said_in(sentence: str, summary: str) -> bool:
    """A fact the summary already states in full is not listed again below it (the fact stays in the extraction,
    and so in the notes of the people and organizations it is about)."""
    words = " ".join(sentence.split()).rstrip(".").casefold()
    return bool(words) and words in " ".join(summary.split()).casefold()


def _bullets(items: list[Item], names: list[str]) -> list[str]:
    return [f"- {with_plain_names(item.text, names)}" for item in items]


def new_meeting_doc(content: MeetingContent, kind: str, meeting_id: str, needs_review: bool) -> NoteDoc:
    frontmatter = new_mapping()
    frontmatter["type"] = "meeting"
    frontmatter["title"] = content.title
    if content.date:
        frontmatter["date"] = content.date
    frontmatter["kind"] = kind
    for key, values in (("participants", content.participants), ("organizations", content.organizations),
                        ("projects", content.projects)):
        if values:
            frontmatter[key] = block_list(values)
    frontmatter["sources"] = block_list([])
    frontmatter["source_hashes"] = block_list([])
    frontmatter["tags"] = block_list(["meeting", f"kind/{kind}"])
    notesmith = new_mapping()
    notesmith["id"] = meeting_id
    notesmith["schema"] = SCHEMA_VERSION
    frontmatter["notesmith"] = notesmith
    if needs_review:
        frontmatter["review"] = "needed"
    header = [f"# {plain_text(content.title)}", ""]
    if content.date:
        header.append(f"**Date**: {content.date.isoformat()}")
    if content.participants:
        header.append(f"**Participants**: {', '.join(content.participants_shown)}")
    return NoteDoc(frontmatter, [*header, ""], [])


def add_to_list(frontmatter: CommentedMap, key: str, values: list[str]) -> bool:
    """Append the values a frontmatter list lacks (creating it after the last known key); True when it changed."""
    missing = [v for v in values if v not in (frontmatter.get(key) or [])]
    if not missing:
        return False
    current = frontmatter.get(key)
    if not isinstance(current, list):
        frontmatter[key] = block_list(missing)
    else:
        current.extend(missing)
    return True


def set_key(frontmatter: CommentedMap, key: str, value: object, order: list[str]) -> None:
    """Set a key; a new one goes after the keys `order` puts before it, so notes keep one key order."""
    if key in frontmatter or key not in order:
        frontmatter[key] = value
        return
    earlier = set(order[: order.index(key)])
    position = max((i + 1 for i, k in enumerate(frontmatter) if k in earlier), default=0)
    frontmatter.insert(position, key, value)
