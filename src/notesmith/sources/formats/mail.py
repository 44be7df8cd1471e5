"""What e-mail readers share: thread subjects, address parsing, the canonical thread text."""

from __future__ import annotations

import re
from email.utils import getaddresses

from notesmith.domain import Message, Participant

_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|fwd?|aw|wg|sv|vs|antw|tr|r|rif)\s*(?:\[\d+\])?\s*:\s*)+", re.I)


def thread_subject(subject: str) -> str:
    """The subject that identifies a thread: `Re: Fwd: Atlas` → `Atlas`."""
    return " ".join(_REPLY_PREFIX.sub("", subject or "").split())


def parse_addresses(*values: str) -> list[Participant]:
    """People from `Name <addr>, other@x` header values; duplicates dropped."""
    people: dict[str, Participant] = {}
    for name, address in getaddresses([v for v in values if v]):
        name = " ".join(name.replace('"', "").split())
        address = address.strip().lower() or None
        if address and "@" not in address:
            name, address = name or address, None
        if not name and address:
            name = address.split("@", 1)[0]
        if name:
            people.setdefault(address or name.casefold(), Participant(name=name, email=address))
    return list(people.values())


def thread_participants(messages: list[Message]) -> list[Participant]:
    """Senders, recipients and Cc of every message, each person once."""
    people: dict[str, Participant] = {}
    for message in messages:
        for person in [message.sender, *message.recipients, *message.cc]:
            key = person.email or person.name.casefold()
            if key not in people or (people[key].name == key and person.name != key):
                people[key] = person
    return list(people.values())


def canonical_thread_text(messages: list[Message]) -> str:
    """The text a thread's id is computed from: messages only, not export metadata."""
    parts = []
    for m in messages:
        stamp = m.timestamp.isoformat() if m.timestamp else ""
        parts.append(f"{stamp} {m.sender.name} <{m.sender.email or ''}>\nSubject: {m.subject}\n\n{m.body}\n")
    return "\n".join(parts)
