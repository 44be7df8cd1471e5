"""The decision a minute-taker writes: what was decided, without who announced it or how."""

from __future__ import annotations

import re

from notesmith.extract.cues import WORK_VERBS

# "Decision then:", "Decision from the review:" — a label, not part of what was decided.
_LABEL = re.compile(r"^(?:the\s+|our\s+|final\s+)?decision\b[^:.?!]{0,30}:\s*", re.I)
_DECIDED = re.compile(
    r"^(?:so\s+)?we(?:'ve| have)?(?:\s+(?:also|all|finally|just|then|now))?\s+(?:decided|agreed|settled|chose)"
    r"\s+(?P<how>to|not to|that)\s+",
    re.I,
)
_LETS = re.compile(r"^let(?:'s| us)\s+(?P<negated>not\s+)?", re.I)
# A proposal made in the first person, taken up as the decision: "I'd leave Fabrikam out of the forecast".
_I_WOULD = re.compile(r"^i(?:'d| would)(?:\s+(?:just|probably|still))?\s+", re.I)
# "I'd like to quarantine it": what follows is the verb of the proposal, whatever it is.
_I_WOULD_LIKE_TO = re.compile(r"^i(?:'d| would) (?:like|prefer|rather) to\s+(?=\w)", re.I)
_WE_WILL = re.compile(
    r"^we(?:'ll| will| are going to|'re going to|'re gonna| are gonna| should| shall)?"
    r"(?:\s+(?:also|just|then|now|definitely|simply))?\s+",
    re.I,
)
# Verbs that say what a team settles on; with the work verbs, what may follow "we"/"let's" as the decision.
_DECIDING_VERBS = frozenset("""
go stick use drop skip keep take proceed pin freeze move ship choose pick adopt switch postpone delay cancel launch
stop offer quote limit hold leave include exclude remove buy sell hire extend renew split merge push wait revisit
retire replace standardise standardize require allow approve reject accept defer prioritise prioritize publish
release migrate cap raise lower charge price budget reuse rename
""".split()) | {phrase.split()[0] for phrase in WORK_VERBS}


# "Do we want them in colours?" agreed to is "We want them in colours": the question's order undone.
# The auxiliaries a yes/no question opens with, before its subject.
QUESTION_AUX = "do|does|did|are|is|should|shall|can|could|would|will|have"
_INVERTED = re.compile(rf"^(?P<aux>{QUESTION_AUX})\s+(?P<who>we|it|that|they)\s+", re.I)


def as_statement(question: str) -> str:
    """A question the others said yes to, as the statement they agreed on: "We're going for an LCD screen?" is
    "We're going for an LCD screen.", "Should we keep the wheel?" is "We should keep the wheel."."""
    text = question.rstrip().rstrip("?").rstrip()
    inverted = _INVERTED.match(text)
    if inverted:
        aux = inverted.group("aux").lower()
        rest = text[inverted.end():]
        text = f"{inverted.group('who')} {rest}" if aux in ("do", "does", "did") else f"{inverted.group('who')} {aux} {rest}"
    return _capitalized(text) + "."


def decision_text(said: str) -> str:
    """`said` (one cleaned sentence) as the decision itself: "We also decided to pin the agent at 3.1" becomes
    "Pin the agent at 3.1", "Decision then: we freeze changes" becomes "Freeze changes", "Let's go with X"
    becomes "Go with X". Kept as said when what is left would not start with what was decided."""
    text = _LABEL.sub("", said, count=1)
    decided = _DECIDED.match(text)
    if decided:
        rest = text[decided.end():]
        if decided.group("how") == "that":
            return _capitalized(rest) if len(rest.split()) >= 2 else said
        negated = "do not " if decided.group("how") == "not to" else ""
        return _capitalized(negated + rest) if _starts_with_verb(rest) else said
    lets = _LETS.match(text)
    if lets:
        rest = text[lets.end():]
        return _capitalized(("do not " if lets.group("negated") else "") + rest) if _starts_with_verb(rest) else said
    infinitive = _I_WOULD_LIKE_TO.match(text)
    if infinitive and len(text[infinitive.end():].split()) >= 2:
        return _capitalized(text[infinitive.end():])
    lead = _WE_WILL.match(text) or _I_WOULD.match(text)
    if lead and _starts_with_verb(text[lead.end():]):
        return _capitalized(text[lead.end():])
    return _capitalized(text) if text != said and len(text.split()) >= 2 else said


def _starts_with_verb(rest: str) -> bool:
    words = rest.split()
    return len(words) >= 2 and words[0].lower() in _DECIDING_VERBS


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]
