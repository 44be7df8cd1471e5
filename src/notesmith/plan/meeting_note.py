"""The meeting note (DESIGN §6): frontmatter, header lines and sections, new or merged into the existing note."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from notesmith.domain import SCHEMA_VERSION, Extraction, Item
from notesmith.domain.entity import Resolution
from notesmith.plan.ids import task_id
from notesmith.plan.task_line import render_task_line
from notesmith.vault.markdown import NoteDoc, block_list

SECTION_ORDER = ["Summary", "Decisions", "Action Items", "Key Information", "Risks", "Open Questions", "Topics"]


@dataclass
class MeetingContent:
    """What one extraction contributes to its meeting note, already as markdown lines."""

    title: str
    date: dt.date | None
    participants: list[str]
    organizations: list[str]
    projects: list[str]
    summary: list[str]
    sections: dict[str, list[str]] = field(default_factory=dict)


def meeting_content(extraction: Extraction, resolution: Resolution, meeting_id: str, title: str,
                    link: Callable[[str], str | None], created: dt.date) -> MeetingContent:
    """`link(name)` is the wikilink of a known entity's note, None for a name that stays plain text."""
    participants = [link(p.entity.name) or p.entity.name for p in resolution.participants]
    participants += [name for name in resolution.unresolved_mentions
                     if name in {p.name for p in extraction.participants}]
    tasks = []
    for task in extraction.tasks:
        owner = resolution.owner_names.get(task.owner or "", task.owner)
        owner_text = (link(owner) or owner) if owner else None
        tasks.append(render_task_line(task, task_id(meeting_id, task.text), owner_text, created))
    return MeetingContent(
        title=title,
        date=extraction.date,
        participants=participants,
        organizations=[link(o.entity.name) or o.entity.name for o in resolution.organizations],
        projects=[link(p.entity.name) or p.entity.name for p in resolution.projects],
        summary=[extraction.summary.strip()] if extraction.summary.strip() else [],
        sections={
            "Decisions": _bullets(extraction.decisions),
            "Action Items": tasks,
            "Key Information": _bullets([f for f in extraction.facts if not _said_in(f.text, extraction.summary)]),
            "Risks": _bullets(extraction.risks),
            "Open Questions": _bullets(extraction.open_questions),
            "Topics": [f"- {topic}" for topic in extraction.topics],
        },
    )


def _said_in(sentence: str, summary: str) -> bool:
    """A fact the summary already states in full is not listed again below it (the fact stays in the extraction,
    and so in the notes of the people and organizations it is about)."""
    words = " ".join(sentence.split()).rstrip(".").casefold()
    return bool(words) and words in " ".join(summary.split()).casefold()


def _bullets(items: list[Item]) -> list[str]:
    return [f"- {' '.join(item.text.split())}" for item in items]


def new_meeting_doc(content: MeetingContent, kind: str, meeting_id: str, needs_review: bool) -> NoteDoc:
    frontmatter = CommentedMap()
    frontmatter["type"] = "meeting"
    frontmatter["title"] = content.title
    if content.date:
        frontmatter["date"] = content.date
    frontmatter["kind"] = kind
    for key, values in (("participants", content.participants), ("organizations", content.organizations),
                        ("projects", content.projects)):
        if values:
            frontmatter[key] = block_list(values)
    frontmatter["sources"] = CommentedSeq()
    frontmatter["source_hashes"] = CommentedSeq()
    frontmatter["tags"] = block_list(["meeting", f"kind/{kind}"])
    notesmith = CommentedMap()
    notesmith["id"] = meeting_id
    notesmith["schema"] = SCHEMA_VERSION
    frontmatter["notesmith"] = notesmith
    if needs_review:
        frontmatter["review"] = "needed"
    header = [f"# {content.title}", ""]
    if content.date:
        header.append(f"**Date**: {content.date.isoformat()}")
    if content.participants:
        header.append(f"**Participants**: {', '.join(content.participants)}")
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
