"""The action a minute-taker writes for a spoken commitment or request: the work itself, in the imperative."""

from __future__ import annotations

import re

from notesmith.extract.cues import WORK_VERBS
from notesmith.extract.due_dates import SaidDue, without_due_phrase

# Who takes the work on and how it was asked: the owner field says who, so the words go.
_LEAD = re.compile(
    r"\b(?:i'll|i will|i'm going to|i am going to|i'm gonna|i can|i need to|i have to|i should|i've got to"
    r"|i still have to|let me|we'll|we will|we need to|we have to|we should|we're going to"
    r"|(?:can|could|would|will) you|you'll|you will|you need to|you should|you have to|you're going to"
    r"|you're gonna|you are going to|you must|(?:i'd|i would) like you to|i (?:want|need) you to"
    r"|if you (?:can|could)|please|(?P<name>(?-i:[A-Z][a-z]+(?: [A-Z][a-z]+)?)) (?:will|is going to|is gonna|should"
    r"|has to|needs to))(?:\s+(?:also|just|quickly|please|then|first|still|definitely|probably))*\s+(?P<be>be\s+)?",
    re.I,
)
# Whom a document comment was assigned to ("@jordan.avery@corvane.example can you add…", "@Sam please…"): the
# owner field says who, so the mention goes with the lead.
_MENTIONED = re.compile(r"^\s*@[\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?,?\s+(?=\S)")
_FILLER_WORDS = frozenset("then so and also but now okay ok well good great right alright um uh yes yeah sure".split())
# Said before the lead and no part of the work, as fillers are: "Either way I'll tell you first", "Fair, I'll…".
_ASIDES = re.compile(r"\b(?:either way|anyway|by the way|in any case|fair enough|fair|honestly|actually)\b", re.I)
# What may be said before the lead and still belong to the work: when, on what condition.
_CONTEXT_STARTS = frozenset("for by before after in on at during until when if once as".split())
_NOT_A_VERB = frozenset("the a an be been it that this there not never all both each to".split())
_COURTESY = re.compile(r",?\s*(?:please|thanks|thank you|that helps|that would be great|if possible)\s*$", re.I)
# Why the work is asked, which the task list does not need: "…the timeline so I can share it with the board".
_PURPOSE = re.compile(r",?\s+so(?: that)? (?:i|we|they|he|she) (?:can|could|have|'ve)\b.*$", re.I)
_TO_YOU = re.compile(r"\b(to|for|with|send|get|give|show|tell|ping|e-?mail|call) you\b", re.I)


def _ing(verb: str) -> set[str]:
    stem = verb[:-1] if verb.endswith("e") and not verb.endswith("ee") else verb
    return {stem + "ing", verb + verb[-1] + "ing"}


_BASE_OF_ING = {form: verb for phrase in WORK_VERBS for verb in [phrase.split()[0]] for form in _ing(verb)}


def action_text(said: str, owner: str | None, due: SaidDue | None, asker: str | None = None,
                listener: str | None = None) -> str:
    """`said` (one sentence) as the work to do: "Robin, can you send me the estimate by Friday?" owed by Robin,
    asked by Tomás, becomes "Send Tomás the estimate"; `due` is the task's due date where `said` says it (its
    words go, the due date carries them). Kept as said when it does not read as work once the lead is gone, and
    when no owner was found: then the lead is all that says who is meant ("I", a role, "you guys")."""
    spoken = _MENTIONED.sub("", without_due_phrase(said, due) if due else said, count=1)
    lead = _LEAD.search(spoken)
    if not lead or owner is None or (lead.group("name") and lead.group("name").split()[0] not in owner.split()):
        return said
    work = _work(spoken[lead.end():], bool(lead.group("be")), owner)
    context = _context(spoken[: lead.start()], owner)
    if work is None or context is None:
        return said
    work = _for_the_reader(work, asker, listener, request=not _first_person(lead.group(0)))
    return f"{work[:1].upper()}{work[1:]}" + (f" {context}" if context else "")


def _work(rest: str, progressive: bool, owner: str) -> str | None:
    """What follows the lead, as an imperative; None when it does not start like work."""
    if progressive:  # "you'll be evaluating…"
        head, _, tail = rest.partition(" ")
        if head.lower() not in _BASE_OF_ING:
            return None
        rest = f"{_BASE_OF_ING[head.lower()]} {tail}"
    work = _without_vocative(rest, owner).rstrip(" .?!,;:")
    work = re.sub(rf"^(?:ask|have|get|tell) {re.escape(owner)} to ", "", work)  # "please ask Sam to size…"
    work = _PURPOSE.sub("", _COURTESY.sub("", work))
    words = work.split()
    return None if len(words) < 2 or words[0].lower() in _NOT_A_VERB else work


def _first_person(lead: str) -> bool:
    return bool(re.match(r"\s*(i\b|i'|let me|we\b|we')", lead, re.I))


def _without_vocative(action: str, owner: str) -> str:
    """"…send them, Sam?" — the name said to the owner is not part of the work."""
    return re.sub(rf",\s*{re.escape(owner.split()[0])}\b[\s?.!]*$", "", action)


def _for_the_reader(action: str, asker: str | None, listener: str | None, request: bool) -> str:
    """"me" and "you" mean nothing in a task list: the asker of a request, the listener of a commitment."""
    if request and asker:
        return re.sub(r"\bme\b", asker, action)
    if not request and listener:
        return to_the_listener(action, listener)
    return action


def to_the_listener(text: str, listener: str) -> str:
    """"send it to you" said to Tomás is "send it to Tomás"."""
    return _TO_YOU.sub(lambda m: f"{m.group(1)} {listener}", text)


def _context(before: str, owner: str) -> str | None:
    """What was said before the lead that is neither filler nor the owner's name: a when or an if ("For the
    next meeting, Jonas, you'll…") stays, after the work; anything else (None) means the sentence is not
    simply a lead and its work."""
    words = [w for w in re.findall(r"[\w'-]+", _ASIDES.sub(" ", before))
             if w.lower() not in _FILLER_WORDS and w not in owner.split()]
    if not words:
        return ""
    if words[0].lower() not in _CONTEXT_STARTS:
        return None
    return " ".join(words)[:1].lower() + " ".join(words)[1:]
