"""A meeting's name as someone says it when it starts: "Okay, this is the Lantern kickoff." → "Lantern kickoff"."""

from __future__ import annotations

import re

from notesmith.sources.turns import RawTurn

OPENING_TURNS = 10
MAX_WORDS = 6
_SAID = re.compile(
    r"\b(?:this is (?:the|our)|welcome (?:everyone |all )?to (?:the|our)|let's (?:start|begin|kick off) (?:the|our))"
    r"\s+(?P<name>[^.,;:!?()\"“”]{3,120})", re.IGNORECASE)
# A name is said as one: it ends where a sentence would go on ("the marlowe renewal prep the renewal is due…").
_ENDS_NAME = {
    "the", "a", "an", "and", "so", "but", "because", "i", "we", "you", "it", "that", "which", "is", "was", "are",
    "to", "for", "with", "um", "uh", "where", "when", "today", "now", "here", "again", "this", "of", "on", "if",
    "just", "everyone", "all", "guys", "folks", "thanks", "thank", "okay", "ok", "right",
}
_MEETING_WORDS = {
    "kickoff", "kick-off", "review", "sync", "standup", "stand-up", "session", "meeting", "call", "check-in",
    "checkin", "retro", "retrospective", "planning", "prep", "onboarding", "demo", "workshop", "interview",
    "debrief", "qbr", "huddle", "briefing", "weekly", "offsite", "triage", "walkthrough", "catch-up", "intro",
    "introduction", "discovery", "1:1", "one-on-one", "all-hands", "town", "webinar", "readout", "postmortem",
}


def spoken_title(turns: list[RawTurn]) -> str | None:
    """The name of the meeting the first turns give it, when one says "this is the … kickoff/review/sync"."""
    for turn in turns[:OPENING_TURNS]:
        for match in _SAID.finditer(turn.text):
            name = _name_words(match.group("name").split())
            if name:
                return name[:1].upper() + name[1:]
    return None


def _name_words(words: list[str]) -> str | None:
    kept: list[str] = []
    for word in words[:MAX_WORDS]:
        if kept and word.casefold() in _ENDS_NAME:
            break
        kept.append(word)
    has_meeting_word = any(w.casefold() in _MEETING_WORDS for w in kept)
    return " ".join(kept) if len(kept) >= 2 and has_meeting_word else None
