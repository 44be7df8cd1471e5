"""Apple Mail markdown exports: `# Subject`, export lines, then `## date — Name <addr>` messages."""

from __future__ import annotations

import datetime as dt
import re

from notesmith.domain import Message, Participant
from notesmith.sources.formats.mail import parse_addresses, person_behind
from notesmith.sources.mail_body import own_words

_MESSAGE = re.compile(
    r"^##\s+(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d(?::\d\d)?)\s+[—–-]+\s+(.+?)\s*$", re.M
)
_SUBJECT = re.compile(r"^\*\*Subject:\*\*\s*(.*)$", re.M)


def looks_like_email_export(text: str) -> bool:
    return bool(_MESSAGE.search(text)) and ("**Subject:**" in text or "- Messages:" in text)


def parse_email_export(text: str) -> tuple[str | None, list[Message]]:
    """(H1 subject, messages in file order); the export's `> ` is removed from bodies, then what the sender did
    not write (quotes, signature, footers: mail_body)."""
    h1 = re.search(r"^#\s+(.+?)\s*$", text, re.M)
    starts = list(_MESSAGE.finditer(text))
    messages = []
    for i, match in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        messages.append(_message(match, text[match.end() : end]))
    return (h1.group(1) if h1 else None), messages


def _message(header: re.Match, block: str) -> Message:
    date, clock, who = header.groups()
    people = parse_addresses(who)
    sender = person_behind(people[0]) if people else Participant(name=who)
    subject = _SUBJECT.search(block)
    body = _SUBJECT.sub("", block, count=1) if subject else block
    return Message(
        sender=sender,
        timestamp=_timestamp(date, clock),
        subject=subject.group(1).strip() if subject else "",
        body=own_words(_unquote(body)),
    )


def _timestamp(date: str, clock: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(f"{date}T{clock}")
    except ValueError:
        return None


def _unquote(body: str) -> str:
    lines = [re.sub(r"^>\s?", "", line) for line in body.strip().split("\n")]
    while lines and lines[-1].strip() in ("", "---"):
        lines.pop()
    return "\n".join(line.rstrip() for line in lines).strip()
