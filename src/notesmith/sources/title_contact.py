"""The organization and the person a meeting's title says it was with: "Call with Fabrikam (Lena Vogel)"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from notesmith.sources.organization_names import looks_like_organization

_UPPER = "A-ZÀ-ÖØ-Þ"
_NAME_WORD = rf"[{_UPPER}][^\W\d_]*(?:['’-][^\W\d_]+)*"
_WITH_CONTACT = re.compile(
    rf"\bwith (?P<organization>[{_UPPER}][\w&.'’-]*(?: [{_UPPER}][\w&.'’-]*){{0,3}}) "
    rf"\((?P<person>{_NAME_WORD}(?: {_NAME_WORD}){{1,3}})\)"
)


@dataclass(frozen=True)
class TitleContact:
    organization: str
    person: str


def contact_in_title(title: str | None) -> TitleContact | None:
    """"Call with Fabrikam (Lena Vogel)": the meeting was with Fabrikam, and Lena Vogel was there for it. Only
    that shape counts — a name, then a person's full name in parentheses — as anything looser mistakes topics
    ("Sync with Legal (Q3 plan)") or the other order ("with Tomás Ortega (Quarry Labs)") for a contact."""
    match = _WITH_CONTACT.search(title or "")
    if not match or looks_like_organization(match.group("person")):
        return None
    return TitleContact(organization=match.group("organization"), person=match.group("person"))
