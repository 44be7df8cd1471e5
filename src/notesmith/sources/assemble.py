"""Parsed parts to a Source: speakers resolved, doubles merged, loops collapsed, id computed."""

from __future__ import annotations

import hashlib
import re
import sys

from notesmith.domain import (
    Message,
    Participant,
    Section,
    Source,
    SourceKind,
    Utterance,
)
from notesmith.sources.context import ReadContext
from notesmith.sources.formats.mail import (
    canonical_thread_text,
    thread_participants,
    thread_subject,
)
from notesmith.sources.normalize import collapse_loops_of_each
from notesmith.sources.speakers import merge_double_transcriptions, resolve_speakers
from notesmith.sources.spoken_title import spoken_title
from notesmith.sources.title_contact import contact_in_title
from notesmith.sources.turns import RawTurn


def sha256_hex(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def transcript_source(
    turns: list[RawTurn],
    *,
    ctx: ReadContext,
    known_people: list[str],
    counterpart: str | None,
    sections: list[Section],
    **fields,
) -> Source:
    """A transcript (or a note, when it has no turns) with every speaker label resolved or kept; the owner is a
    participant of what they attended (their 1:1, their call with a named contact) even when they never speak.
    Without a title from the file, the name the meeting is given when it starts is its title."""
    counterpart, fields["title"] = _counterpart_not_owner(counterpart, fields.get("title"), known_people, ctx)
    contact = contact_in_title(fields.get("title"))
    known_people = known_people + ([contact.person] if contact else [])
    for turn, text in zip(turns, collapse_loops_of_each([turn.text for turn in turns])):
        turn.text = text
    resolve_speakers(turns, ctx, known_people, counterpart)
    turns = merge_double_transcriptions(turns)
    fields["title"] = fields["title"] or spoken_title(turns)
    unresolved = list(dict.fromkeys(t.label for t in turns if t.speaker is None and t.label))
    people = [t.speaker for t in turns if t.speaker] + known_people
    if (counterpart or contact) and ctx.owner.name:
        people.append(ctx.owner.name)
    return Source(
        id=sha256_hex(fields["text"]),
        kind=SourceKind.transcript if turns else SourceKind.note,
        utterances=[_utterance(t) for t in turns],
        participants=_unique_people(people),
        unresolved_labels=unresolved,
        sections=sections,
        **fields,
    )


def email_source(messages: list[Message], *, title: str | None, **fields) -> Source:
    """A thread: id over the messages alone, so a re-export of the same thread is the same source."""
    first = next((m for m in messages if m.timestamp), None)
    text = canonical_thread_text(messages)
    return Source(
        id=sha256_hex(text),
        kind=SourceKind.email_thread,
        title=thread_subject(title or (messages[0].subject if messages else "")) or None,
        date=first.timestamp.date() if first else None,
        time=first.timestamp.time().replace(tzinfo=None) if first else None,
        participants=thread_participants(messages),
        messages=messages,
        text=text,
        **fields,
    )


def _counterpart_not_owner(counterpart: str | None, title: str | None, known_people: list[str],
                           ctx: ReadContext) -> tuple[str | None, str | None]:
    """A 1:1 titled with the owner's own name ("1:1 — Jordan Avery", as a recorder of the owner's calls names it)
    is with the one other person the note names, else with someone it does not name: the title then names that
    person, or no one."""
    owner = {name.casefold() for name in ctx.owner.names()}
    if not counterpart or counterpart.casefold() not in owner:
        return counterpart, title
    others = list(dict.fromkeys(p for p in known_people if p.casefold() not in owner))
    other = others[0] if len(others) == 1 else None
    if title and other:
        return other, title.replace(counterpart, other)
    if title:
        title = re.sub(rf"(?:\s*[—–|:-]\s*|\s+with\s+)?{re.escape(counterpart)}", "", title).strip() or None
    return other, title


# Every utterance sets every field; one set of their names serves them all (pydantic keeps a set per instance,
# 700 bytes: two thirds of an utterance, and of a long transcript's memory).
_EVERY_FIELD = set(Utterance.model_fields)


def _utterance(turn: RawTurn) -> Utterance:
    """The turn as an Utterance, its fields typed by the parser (nothing to validate); a label or speaker said a
    hundred thousand times is one string."""
    return Utterance.model_construct(
        _EVERY_FIELD, speaker=sys.intern(turn.speaker) if turn.speaker else None, label=sys.intern(turn.label),
        start=turn.start, end=turn.end, text=turn.text)


def _unique_people(names: list[str]) -> list[Participant]:
    seen: dict[str, Participant] = {}
    for name in names:  # a speaker is named once a turn: a Participant is made for the first only
        if (key := name.casefold()) not in seen:
            seen[key] = Participant(name=name)
    return list(seen.values())

