"""Which names handed over as people are people: labels, placeholders, speaker slots, notification senders and
companies are refused, display-name decorations are taken off, whatever reader or model handed the name over.

The rules, in the order `not_a_person` applies them (each reason is what the review queue shows):
- placeholder: template or markup characters (`{{attendees}}`, `[[]]`, `_Unknown_`, `<% … %>`) or no letter;
- speaker slot: a digit or a lone letter after a slot word (`Speaker 1`, `Speaker D`, `Participant 3`);
- device: a microphone's or an app's word (`MacBook Pro Microphone`, `Parallels Desktop`);
- label: every word is a label word (`Date`, `With`, `Attendees`, `Action Items`, `Unknown Speaker`);
- not a name: sentence punctuation, an address, a domain, more than five words, or a lowercase joining word
  (`Meeting Summary with AI Companion`, `Team at Acme`; name particles such as `van`, `de`, `bin` are fine);
- notification sender: a word no person's name has (`Calendar`, `Newsletter`, `Summit`, `Support`, `Team`);
- company: its last word ends company names (`Inc`, `GmbH`, `Labs`, `Systems`, `Group`).
A role mailbox (no-reply, notifications, events@, support@…) is never a person's address (`person_email`).
"""

from __future__ import annotations

import re

from notesmith.resolve.names import normalize_name

# Words a label line or a field name is made of: `**Date**:`, `With:`, `Attendees:`, `Action items:`.
LABEL_WORDS = frozenset({
    "date", "time", "when", "where", "location", "with", "from", "to", "cc", "bcc", "subject", "sent", "received",
    "re", "fw", "fwd", "attendees", "attendee", "participants", "participant", "people", "present", "absent",
    "apologies", "account", "customer", "client", "owner", "owners", "assignee", "assigned", "notes", "note",
    "agenda", "summary", "minutes", "topic", "topics", "title", "status", "priority", "due", "tags", "type",
    "source", "project", "decisions", "action", "actions", "items", "next", "steps", "follow", "ups", "up",
    "outcomes", "risks", "questions", "transcript", "recording", "meeting", "call", "link", "duration", "organizer",
    "organiser", "chair", "facilitator", "scribe", "unknown", "speaker", "speakers", "everyone", "all", "none",
    "nobody", "someone", "somebody", "anyone", "tbd", "tba", "na", "null", "undefined", "various", "others",
    "other", "me", "myself", "i", "you", "we", "they", "us", "them", "self", "host", "guest", "remote", "local",
    "caller",
})
# Words that number or letter an anonymous voice: `Speaker 1`, `Guest 2`, `Participant C`.
SLOT_WORDS = frozenset({"speaker", "participant", "guest", "caller", "user", "person", "attendee", "voice",
                        "unknown", "spk", "interviewer", "interviewee", "host"})
# A word no person's name has, but a service, a mailing list or an event sending mail does.
SENDER_WORDS = frozenset({
    "notification", "notifications", "noreply", "no-reply", "donotreply", "mailer", "daemon", "newsletter",
    "digest", "bot", "companion", "calendar", "alerts", "alert", "updates", "support", "helpdesk", "recap",
    "reminder", "reminders", "webinar", "events", "summit", "conference", "team", "admin", "billing", "invoices",
    "notifier", "automated", "workspace",
})
# A word of a microphone's, an app's or a room's label (`MacBook Pro Microphone`, `Parallels Desktop`).
DEVICE_WORDS = frozenset({
    "microphone", "mic", "headset", "headphones", "speakerphone", "airpods", "macbook", "iphone", "ipad",
    "laptop", "desktop", "webcam", "usb", "bluetooth", "jabra", "logitech", "polycom", "sennheiser", "parallels",
    "zoom", "teams", "webex", "otter",
})
# The last word of a company's name.
COMPANY_WORDS = frozenset({
    "inc", "llc", "llp", "ltd", "limited", "gmbh", "plc", "corp", "corporation", "company", "labs",
    "systems", "technologies", "software", "solutions", "consulting", "partners", "holdings", "group",
    "foundation", "institute", "university", "agency", "studios", "ventures", "capital", "industries",
    "logistics", "biotech", "robotics", "pharmaceuticals", "therapeutics", "analytics", "networks",
})
# Lowercase words that join the words of a phrase, never of a name (particles such as van/de/bin are not here).
JOINING_WORDS = frozenset({"with", "for", "of", "the", "and", "at", "from", "on", "by", "in", "to", "via", "or",
                           "your", "our", "my", "is", "&"})
# The local part of a mailbox that belongs to a service or a role rather than to a person.
ROLE_MAILBOX_WORDS = frozenset({
    "noreply", "donotreply", "notification", "notifications", "notify", "mailer", "daemon", "bounce",
    "bounces", "postmaster", "newsletter", "news", "digest", "alerts", "alert", "updates", "calendar", "events",
    "event", "info", "hello", "contact", "support", "help", "team", "marketing", "sales", "billing", "admin",
    "comments", "messages", "invitations", "invites", "jobs", "careers", "office", "reply",
})
MAX_NAME_WORDS = 5

_PLACEHOLDER = re.compile(r"[{}<>\[\]|=*#_%]")
# sentence punctuation, an address or a path, a domain (`zoom.us`, `otter.ai`; initials such as `J.R.` are fine)
_NOT_NAME = re.compile(r"[:;?!@/\\]|\.[a-z]{2,}")
# `Rafael Ortiz via LinkedIn`, `Ana Ruiz | Acme`, `Ana Ruiz - Acme`, `Ana Ruiz on behalf of Acme`
_DECORATION_TAIL = re.compile(r"\s+(?:via|on behalf of|\||@|[-–—])\s+.*$", re.IGNORECASE)
# what a service adds to a sender's name: `(Google Docs)`, `(via Calendar)`, `via LinkedIn`
_APP_DECORATION = re.compile(
    r"\bvia\b|[(\[][^)\]]*\b(?:google|docs|sheets|slides|drive|calendar|linkedin|slack|github|gitlab|jira|"
    r"confluence|notion|figma|asana|trello|dropbox|microsoft|outlook|teams|zoom|webex|salesforce|hubspot|docusign|"
    r"calendly|loom|miro|sharepoint|onedrive)\b", re.IGNORECASE)
_QUOTE_PAIRS = {'""', "''", "“”", "‘’", "«»"}
_BRACKETED = re.compile(r"\s*[(\[][^()\[\]]*[)\]]")


def clean_person_name(name: str) -> str:
    """The name without a display name's decorations: `Mira Castellanos (Google Docs)` → `Mira Castellanos`,
    `Rafael Ortiz via LinkedIn` → `Rafael Ortiz`, `Ortiz, Rafael` → `Rafael Ortiz`, `[[Tamsin]]` → `Tamsin`."""
    text = " ".join(name.split())
    if len(text) > 1 and text[0] + text[-1] in _QUOTE_PAIRS:
        text = text[1:-1].strip()
    text = text.removeprefix("[[").removesuffix("]]").split("|")[0] if text.startswith("[[") else text
    text = _BRACKETED.sub("", text)
    text = _DECORATION_TAIL.sub("", text).strip(" ,;")
    before, comma, after = text.partition(",")
    if comma and len(before.split()) == 1 and len(after.split()) == 1:
        text = f"{after.strip()} {before.strip()}"  # Outlook's `Ortiz, Rafael`
    elif comma and len(before.split()) > 1:
        text = before  # `Rafael Ortiz, VP Product`, `Ana Ruiz, PhD`
    return " ".join(text.lstrip("@").split())


def not_a_person(name: str) -> str | None:
    """Why `name` (already cleaned) names no person, or None when it may be one; see the module's rules."""
    if _PLACEHOLDER.search(name) or not any(c.isalpha() for c in name):
        return "placeholder"
    words = normalize_name(name).split()
    if not words:
        return "placeholder"
    if any(c.isdigit() for c in name) or (len(words) == 2 and words[0] in SLOT_WORDS and len(words[1]) == 1):
        return "speaker slot"
    if any(w in DEVICE_WORDS for w in words):
        return "device"
    if all(w in LABEL_WORDS for w in words):
        return "label"
    if _NOT_NAME.search(name) or len(name.split()) > MAX_NAME_WORDS or _has_joining_word(name):
        return "not a name"
    if any(w in SENDER_WORDS for w in words) or "no reply" in " ".join(words):
        return "notification sender"
    if len(words) > 1 and words[-1] in COMPANY_WORDS:
        return "company"
    return None


def is_role_mailbox(email: str | None) -> bool:
    """no-reply@, comments-noreply@, calendar-notification@, events@, support@: a service's or a role's address."""
    if not email or "@" not in email:
        return False
    local = email.rsplit("@", 1)[0].casefold()
    parts = set(re.split(r"[._+\-]", local)) | {local.replace("-", "").replace("_", "").replace(".", "")}
    return bool(parts & ROLE_MAILBOX_WORDS) or "noreply" in parts or "donotreply" in parts


def person_email(email: str | None) -> str | None:
    """The address, unless it is a role mailbox: a notification's address is nobody's and must match nobody."""
    return None if is_role_mailbox(email) else email


def is_decorated(name: str) -> bool:
    """`Mira Castellanos (Google Docs)`, `Rafael Ortiz via LinkedIn`: a display name with more than the name."""
    return clean_person_name(name) != " ".join(name.split())


def note_name_refusal(name: str) -> str | None:
    """Why a person note's title names no person: an app's decoration left on it (`(Google Docs)`, `via
    LinkedIn`; `Sam Okafor (Finance)` or `Ana Ruiz (2)` tell two notes apart and stay), or a rule of
    `not_a_person`."""
    if is_decorated(name) and _APP_DECORATION.search(name):
        return "display-name decoration"
    return not_a_person(clean_person_name(name)) if is_decorated(name) else not_a_person(name)


def _has_joining_word(name: str) -> bool:
    # only lowercase ones: `With` alone is a label, `Ana With` could be a name, `Summary with AI` is a phrase
    return any(word in JOINING_WORDS for word in name.split()[1:])
