"""What e-mail readers share: thread subjects, address parsing, the canonical thread text."""

from __future__ import annotations

import re
from email.utils import getaddresses

from notesmith.domain import Message, Participant

_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|fwd?|aw|wg|sv|vs|antw|tr|r|rif)\s*(?:\[\d+\])?\s*:\s*)+", re.I)
# What a calendar or a meeting app puts around a meeting's name: "Invitation: X @ Tue Sep 2, 2025 10am",
# "Updated invitation: X", "Accepted: X", "Meeting summary for X".
_INVITATION = re.compile(r"^\s*(?:(?:updated )?invitation|accepted|declined|tentatively accepted|tentative"
                         r"|canceled event|cancelled event|canceled|cancelled)\s*(?:\(\w+\))?\s*:\s*", re.I)
_WHEN = re.compile(r"\s+@\s+(?:mon|tue|wed|thu|fri|sat|sun)\w*\b.*$", re.I)
_SUMMARY_FOR = re.compile(r"^\s*meeting summary for\s+", re.I)
# A service's or a role's mailbox (no-reply@, comments-noreply@, calendar-notification@, events@): mail from it is
# a notification, and its address is nobody's.
_SERVICE_MAILBOX = re.compile(
    r"^(?:.*[-_.+])?(?:no-?reply|do-?not-?reply|notifications?|notify|mailer|mailer-daemon|bounces?|postmaster"
    r"|newsletters?|news|digest|alerts?|updates|calendar|events?|info|hello|marketing|comments|messages"
    r"|invitations?|invites?)(?:[-_.+].*)?$", re.I)
# A display name a service writes around the person it speaks for: "Mira Castellanos (Google Docs)",
# "Mira Castellanos (via Calendar)", "Rafael Ortiz via LinkedIn".
_DECORATED = re.compile(r"^(?P<name>.+?)\s+(?:\((?:via\s+)?[^()]+\)|via\s+\S.*)$", re.I)


def thread_subject(subject: str) -> str:
    """The subject that identifies a thread: `Re: Fwd: Atlas` → `Atlas`; a calendar's `Invitation: Atlas @ Tue
    Sep 2, 2025 10am` and a meeting app's `Meeting summary for Atlas` → `Atlas`."""
    text = _REPLY_PREFIX.sub("", subject or "")
    invitation = _INVITATION.match(text)
    if invitation:
        text = _WHEN.sub("", text[invitation.end() :])
    text = _SUMMARY_FOR.sub("", text)
    return " ".join(text.split())


def is_service_mailbox(email: str | None) -> bool:
    return bool(email and "@" in email and _SERVICE_MAILBOX.match(email.rsplit("@", 1)[0]))


def person_behind(sender: Participant, reply_to: list[Participant] = ()) -> Participant:
    """The person a service's mail speaks for: `Mira Castellanos (Google Docs) <comments-noreply@…>` is Mira
    Castellanos, with the Reply-To address when it is hers; any other sender stays as it is."""
    decorated = _DECORATED.match(sender.name) if is_service_mailbox(sender.email) else None
    if not decorated:
        return sender
    name = decorated.group("name").strip(" \"'")
    own = next((p.email for p in reply_to if p.name.casefold() == name.casefold() and not is_service_mailbox(p.email)),
               None)
    return Participant(name=name, email=own)


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
    """Senders, recipients and Cc of every message, each person once; a service's mailbox (a notification's
    sender, a newsletter's) is no one."""
    people: dict[str, Participant] = {}
    for message in messages:
        for person in [message.sender, *message.recipients, *message.cc]:
            if is_service_mailbox(person.email):
                continue
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
