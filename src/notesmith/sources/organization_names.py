"""How organization names are written: a capitalized name ending in a word like Labs, Logistics or GmbH."""

from __future__ import annotations

import re

_ORG_SUFFIX = (
    "Labs|Lab|Logistics|Data|Systems|Storage|Technologies|Technology|Software|Networks|Analytics|Partners|"
    "Group|Holdings|Capital|Bank|Health|Energy|Foods|Industries|Solutions|Consulting|Media|Robotics|"
    "Inc\\.?|Ltd\\.?|LLC|GmbH|AG|SA|BV|Corp\\.?|Corporation|Company|Co\\.|University"
)
_CAPITALIZED = r"[A-Z][\w&'’-]*"
# One to three capitalized words not glued to a word before, then the suffix. The first word's capital is matched
# before what precedes it is looked back at, so the search skips from capital to capital (twice as fast).
_ORGANIZATION = re.compile(rf"([A-Z](?<![\w-].)[\w&'’-]*\s(?:{_CAPITALIZED}\s){{0,2}}(?:{_ORG_SUFFIX}))(?![\w-])")
_NOT_NAME_START = {"The", "Our", "Their", "This", "That", "These", "Those", "A", "An", "And", "Or", "But", "New",
                   "Big", "Test", "Sample", "Raw", "Open", "Some", "All", "Any", "My", "Your", "His", "Her", "We",
                   # verbs that start a decision or task line ("Keep Granite Holdings on the shortlist")
                   "Keep", "Ask", "Send", "Tell", "Call", "Check", "Review", "Use", "Move", "Get", "Make", "Let",
                   "Follow", "Choose", "Pick", "Drop", "Add", "Share", "Email", "Ping", "Schedule", "Book", "Update",
                   "Confirm", "Invite", "Hire", "Sign", "Decide", "Contact", "Meet", "Notify", "Loop", "Brief", "Pay",
                   "Invoice", "Approve", "Reject", "Evaluate", "Onboard", "Migrate", "Replace", "Renew", "Cancel"}


def find_organizations(text: str) -> list[str]:
    """Names written the way organizations are ("Quarry Labs", "Halcyon Logistics Inc.")."""
    return [name for name in (_trim(m) for m in _ORGANIZATION.findall(text)) if name]


def _trim(name: str) -> str:
    """Drop leading words that start sentences rather than names ("The Halcyon Logistics" → "Halcyon Logistics")."""
    words = name.split()
    while words and words[0] in _NOT_NAME_START:
        words.pop(0)
    return " ".join(words) if len(words) >= 2 else ""


def looks_like_organization(name: str) -> bool:
    """The whole of `name` is written as an organization's ("Quarry Labs"), not a person's."""
    return find_organizations(name) == [name.strip()]
