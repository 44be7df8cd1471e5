"""The kind of a meeting (DESIGN §4), from its title, its participants and the organizations it names."""

from __future__ import annotations

import re

from notesmith.domain import MeetingKind, Source, SourceKind
from notesmith.sources.organization_names import find_organizations
from notesmith.sources.title_contact import contact_in_title

_ONE_ON_ONE = re.compile(r"^\s*(1\s*:\s*1|1[\s-]?on[\s-]?1|one[\s-]on[\s-]one)\b", re.I)
_FORUM = re.compile(r"\b(all[- ]hands|town ?hall|webinar|conference|meet-?up|panel|keynote|summit|forum|ama"
                    r"|community call|lecture|seminar|workshop)\b", re.I)
_OUTSIDE = re.compile(r"\b(customers?|clients?|partners?|vendors?|suppliers?|prospects?|sales|renewal|procurement"
                      r"|investors?)\b", re.I)
_TEAM = re.compile(r"\b(stand-?up|daily|sync|retro|retrospective|sprint|planning|team|weekly|staff|offsite"
                   r"|kick-?off|grooming|triage)\b", re.I)
_PERSONAL = re.compile(r"\b(journal|diary|personal|notes? to self|reflections?)\b", re.I)
# Addresses anyone may have: they say nothing of which organization a person is from.
_PUBLIC_MAIL = frozenset({"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com",
                          "me.com", "proton.me", "protonmail.com", "gmx.de", "gmx.net", "aol.com", "live.com"})


def meeting_kind(source: Source, employer: str | None = None) -> MeetingKind:
    """E-mail is a thread; then, from the title first: 1:1, a forum, someone from outside (a customer, partner,
    vendor, another organization named or on the invite), a personal note, a team meeting; else two people
    are a one-on-one and more are internal."""
    title = source.title or ""
    if source.kind is SourceKind.email_thread:
        return MeetingKind.email_thread
    if _ONE_ON_ONE.match(title):
        return MeetingKind.one_on_one
    if _FORUM.search(title):
        return MeetingKind.forum
    if (_OUTSIDE.search(title) or contact_in_title(title) or _names_another_organization(title, employer)
            or _several_mail_domains(source)):
        return MeetingKind.external
    if source.kind is SourceKind.note and not source.participants:
        return MeetingKind.personal if _PERSONAL.search(title) else MeetingKind.note
    if _TEAM.search(title):
        return MeetingKind.internal
    return MeetingKind.one_on_one if len(source.participants) == 2 else MeetingKind.internal


def _names_another_organization(title: str, employer: str | None) -> bool:
    """The meeting is with another organization: the title starts with it ("Quarry Labs check-in") or says
    "with" it; an organization merely discussed ("Decision between Corvid Storage and…") is not a guest."""
    own = (employer or "").casefold()
    return any(org.casefold() != own and re.search(rf"^\W*{re.escape(org)}|\bwith {re.escape(org)}", title)
               for org in find_organizations(title))


def _several_mail_domains(source: Source) -> bool:
    domains = {p.email.rsplit("@", 1)[-1].lower() for p in source.participants if p.email and "@" in p.email}
    return len(domains - _PUBLIC_MAIL) >= 2
