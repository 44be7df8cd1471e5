"""RFC 822 / MIME messages (`.eml`) through the standard library's `email` package."""

from __future__ import annotations

import datetime as dt
import email
import email.errors
import email.message
import email.policy
import re
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser

from notesmith.domain import Message, Participant
from notesmith.sources.dates import find_date, find_time
from notesmith.sources.formats.mail import parse_addresses, person_behind
from notesmith.sources.mail_body import Forwarded, read_mail_body

_HEADER = re.compile(rb"^[A-Za-z][A-Za-z0-9-]{0,60}:[ \t]")
_KNOWN = {b"date", b"subject", b"to", b"message-id", b"mime-version", b"received", b"return-path"}


def looks_like_eml(data: bytes) -> bool:
    """A header block at the very top with `From:` and another mail header."""
    names: set[bytes] = set()
    for line in data[:8192].replace(b"\r\n", b"\n").split(b"\n")[:60]:
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t") and names:
            continue
        if not _HEADER.match(line):
            return False
        names.add(line.split(b":", 1)[0].lower())
    return b"from" in names and bool(names & _KNOWN)


# The standard library's modern header parser raises IndexError and friends on
# damaged headers; headers are therefore read through the lenient compat32 policy.
_PARSER_ERRORS = (email.errors.MessageError, ValueError, IndexError, LookupError, TypeError, AttributeError, AssertionError)


def parse_eml(data: bytes) -> Message:
    """The message with the text its sender wrote (text/plain preferred, HTML turned into text; quotes,
    signature, footers and forwarded messages left out: mail_body)."""
    return parse_eml_messages(data)[0]


def parse_eml_messages(data: bytes) -> list[Message]:
    """The message, then each message forwarded in it, from the header block it was forwarded with."""
    headers = email.message_from_bytes(data, policy=email.policy.compat32)
    senders = parse_addresses(_header(headers, "From"))
    sender = senders[0] if senders else Participant(name="unknown sender")
    body = read_mail_body(_body_text(data))
    message = Message(
        sender=person_behind(sender, parse_addresses(_header(headers, "Reply-To"))),
        recipients=parse_addresses(_header(headers, "To")),
        cc=parse_addresses(_header(headers, "Cc")),
        timestamp=_date(_header(headers, "Date")),
        subject=" ".join(_header(headers, "Subject").split()),
        body=body.text,
    )
    return [message, *(_forwarded_message(part) for part in body.forwarded if part.fields.get("from"))]


def _forwarded_message(part: Forwarded) -> Message:
    senders = parse_addresses(part.fields["from"])
    return Message(
        sender=senders[0] if senders else Participant(name=part.fields["from"]),
        recipients=parse_addresses(part.fields.get("to", "")),
        cc=parse_addresses(part.fields.get("cc", "")),
        timestamp=_date(part.fields.get("date", "")) or _written_date(part.fields.get("date", "")),
        subject=" ".join(part.fields.get("subject", "").split()),
        body=part.text,
    )


def _header(msg: email.message.Message, name: str) -> str:
    value = msg.get(name)
    if value is None:
        return ""
    try:
        return str(make_header(decode_header(str(value))))
    except _PARSER_ERRORS:
        return str(value)


def _date(value: str):
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


def _written_date(value: str) -> dt.datetime | None:
    """A forwarded header's date as mail clients write it ("13 February 2025 at 17:22:10 GMT"), when it has a
    time of day too (a message's timestamp is never made up)."""
    day, clock = find_date(value), find_time(value)
    return dt.datetime.combine(day, clock) if day and clock else None


def _body_text(data: bytes) -> str:
    try:
        msg = email.message_from_bytes(data, policy=email.policy.default)
        part = msg.get_body(preferencelist=("plain", "html"))
    except _PARSER_ERRORS:
        return ""
    if part is None:
        return ""
    text = _content(part)
    if part.get_content_type() == "text/html":
        text = html_to_text(text)
    return text.strip()


def _content(part: EmailMessage) -> str:
    try:
        return part.get_content()
    except (*_PARSER_ERRORS, UnicodeError):
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", errors="replace")


class _TextExtractor(HTMLParser):
    _BREAKS = {"p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "blockquote", "ol", "ul"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self._skip += 1
        elif tag in self._BREAKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head"):
            self._skip = max(0, self._skip - 1)
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
