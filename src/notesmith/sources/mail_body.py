"""What the sender of an e-mail wrote: quoted replies, forwarded headers, signatures and footers set aside.

The message is split into its parts by `mail-parser-reply` (the sender's own part, then each part an "On … wrote:"
line, a `From:`/`Sent:` header block or `-----Original Message-----` introduces). Its signature is found here,
not by the library (which cuts at any line starting "Thanks,", as in "Thanks, that works for us. I'll send…"):
a `--` or separator line, or a sign-off such as "Best regards," alone on its line with more than a name after
it. Quoted lines, "Sent from my iPhone" and notification and legal footers (line rules below) go too. A forwarded
message ("Begin forwarded message:", "---------- Forwarded message ---------") is kept apart with its own sender;
a quoted reply is not: it is an earlier message's text, which its own message in the thread holds.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from mailparser_reply import EmailMessage, EmailReply

# Longer bodies are read up to here: the library costs about a second a megabyte, and what a person writes
# above a quoted history is short.
MAX_BODY_CHARS = 512 * 1024
_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "sv", "da")
_SEPARATOR = re.compile(r"--|__|[-_=]{20,}")
_SIGN_OFF = re.compile(r"(?:best|kind|warm|many|all the best|regards|best regards|kind regards|warm regards|thanks"
                       r"|thank you|many thanks|thanks again|cheers|sincerely|yours|yours sincerely|talk soon"
                       r"|mit freundlichen grüßen|viele grüße|grüße|cordialement|saludos|met vriendelijke groet"
                       r"|med vänliga hälsningar|hälsningar)(?: regards| wishes)?[,!.]?", re.IGNORECASE)
_MAX_SIGNATURE_LINES = 12
_FORWARD_INTRO = re.compile(
    r"^[\s>]*(?:-+\s*)?(?:begin forwarded message|forwarded message|weitergeleitete nachricht|message transf[ée]r[ée]"
    r"|mensaje reenviado|doorgestuurd bericht|messaggio inoltrato)\b.*$", re.IGNORECASE)
_HEADER_FIELD = re.compile(r"^[\s>*]*(?P<name>from|von|de|da|van|från|fra|date|sent|datum|subject|betreff|to|an|cc)"
                           r"[\s*]*:[\s*]*(?P<value>.*)$", re.IGNORECASE)
_QUOTED = re.compile(r"^\s*>")
_SENT_FROM = re.compile(r"^\s*(?:sent from my |get outlook for |sent from (?:mail|outlook) for )", re.IGNORECASE)
# A line of a notification's or a company's footer: do-not-reply, unsubscribe and settings, why you got it,
# confidentiality and registration notices, the AI summary's disclaimer and buttons.
_FOOTER = re.compile(
    r"(?:do not|don't|please don't) reply (?:directly )?to this (?:message|e-?mail|address)"
    r"|unmonitored (?:address|mailbox)"
    r"|\bunsubscribe\b|manage (?:your )?(?:preferences|subscriptions?|notifications?|e-?mail settings)"
    r"|notification settings|view (?:it |this (?:e-?mail|message) )?in (?:your |a )?browser"
    r"|you(?:'re| are| have) (?:receiving|received) (?:this|these|\w+ notification)|you are receiving\b"
    r"|to stop receiving|this (?:e-?mail|message) was (?:sent|intended) (?:to|for)|learn why we included this"
    r"|change what (?:notifications|\w+ sends)|you can reply to this (?:e-?mail|message) to"
    r"|forwarding this invitation|invitation from (?:the |google )?calendar|ai-generated content|edit the summary"
    r"|confidential(?:ity)? notice|intended (?:solely )?for the (?:use|addressee|recipient)|intended recipient"
    r"|received this (?:e-?mail|message|communication) in error|(?:is|are|may be) (?:confidential and )?privileged"
    r"|registered in (?:england|scotland|wales|ireland)|company (?:no\b|number|registration)|all rights reserved",
    re.IGNORECASE)
# After the first footer line, what is left is footer too when it is only short lines (an address, `Help`).
_SHORT = 80


@dataclass(frozen=True)
class Forwarded:
    """A message forwarded inside another: its header fields (`from`, `date`, `subject`, `to`) and its text."""

    fields: dict[str, str]
    text: str


@dataclass(frozen=True)
class MailBody:
    text: str
    forwarded: list[Forwarded] = field(default_factory=list)


def read_mail_body(body: str) -> MailBody:
    """The sender's own text, and the messages forwarded in it."""
    mail = EmailMessage(text=body[:MAX_BODY_CHARS], languages=list(_LANGUAGES), keep_hyphen_lists=True)
    replies = mail.read().replies
    forwarded = []
    for before, reply in itertools.pairwise(replies):
        if _ends_with_forward_intro(before.content) and reply.headers:
            forwarded.append(Forwarded(fields=_header_fields(reply.headers), text=_own_lines(_unsigned(reply))))
    return MailBody(text=_own_lines(_unsigned(replies[0])) if replies else "", forwarded=forwarded)


def own_words(body: str) -> str:
    return read_mail_body(body).text


def _unsigned(reply: EmailReply) -> str:
    """The reply's text without its header block and its signature."""
    text = reply.content.replace(reply.headers, "", 1) if reply.headers else reply.content
    lines = text.split("\n")
    return "\n".join(lines[: _signature_start(lines)])


def _signature_start(lines: list[str]) -> int:
    """Where the signature starts: a `--` or separator line, or a sign-off alone on its line ("Best regards,")
    with more than a name after it; the end of the text when there is none. A sign-off and a name alone
    ("Thanks,\nTomás") are part of the message as written, and harmless."""
    for i, line in enumerate(lines):
        stripped = line.strip()
        if _SEPARATOR.fullmatch(stripped):
            return i
        if i and _SIGN_OFF.fullmatch(stripped):
            after = [rest for rest in lines[i + 1 :] if rest.strip()]
            if 1 < len(after) <= _MAX_SIGNATURE_LINES:
                return i
    return len(lines)


def _own_lines(text: str) -> str:
    lines = [line.rstrip() for line in text.split("\n")
             if not (_QUOTED.match(line) or _SENT_FROM.match(line) or _FORWARD_INTRO.match(line))]
    lines = _without_footer(lines)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _without_footer(lines: list[str]) -> list[str]:
    first = next((i for i, line in enumerate(lines) if _FOOTER.search(line)), None)
    if first is None:
        return lines
    rest = [line for line in lines[first:] if line.strip()]
    if all(_FOOTER.search(line) or len(line.strip()) <= _SHORT for line in rest):
        return lines[:first]
    return [line for line in lines if not _FOOTER.search(line)]


def _ends_with_forward_intro(content: str) -> bool:
    lines = [line for line in content.rstrip().split("\n") if line.strip()]
    return bool(lines) and bool(_FORWARD_INTRO.match(lines[-1]))


def _header_fields(headers: str) -> dict[str, str]:
    names = {"von": "from", "de": "from", "da": "from", "van": "from", "från": "from", "fra": "from",
             "sent": "date", "datum": "date", "betreff": "subject", "an": "to"}
    found: dict[str, str] = {}
    for line in headers.split("\n"):
        match = _HEADER_FIELD.match(line)
        if match:
            name = match.group("name").lower()
            found.setdefault(names.get(name, name), match.group("value").strip())
    return found
