"""Facts, risks and open questions in what people said, chosen by what a sentence carries."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from notesmith.domain import Fact, Item, Utterance
from notesmith.extract import cues
from notesmith.extract.due_dates import MONTHS
from notesmith.extract.transcript import (
    SENTENCE_END,
    asks,
    broken_off,
    clean_sentence,
    evidence_of,
)

FACTS_CAP = 6
RISKS_CAP = 3
QUESTIONS_CAP = 3
MIN_WORDS = 6
MAX_WORDS = 45

_MONTHS = "|".join(MONTHS)
# _FIGURE, _SPELLED_FIGURE, _HEDGED and _RISK are written in lower case and matched whatever the case (`_CaseBlind`).
_FIGURE = (
    rf"[$€£]\s?\d|\b\d[\d,.]*\s*(?:%|percent\b|k\b|m\b|million\b|billion\b|thousand\b)|\b\d{{2,}}[\d,.]*\b"
    rf"|\b\d{{4}}-\d\d-\d\d\b|\b(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+of\s+(?:{_MONTHS})\b"
)
_DIGIT = re.compile(r"\d")  # every _FIGURE has one: most sentences have none and are not searched
# A figure said in words, as people say small numbers and transcribers write all of them: "two engineers",
# "seventy five percent of the users", "twelve euro fifty".
_NUMBER_WORDS = ("two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen"
                 " eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million"
                 " billion").split()
_NUMBER_WORD = f"(?:{'|'.join(_NUMBER_WORDS)})"
_SPELLED_FIGURE = (
    rf"\b{_NUMBER_WORD}(?:[- ]{_NUMBER_WORD})*\s+(?:euros?|dollars?|pounds?|cents?|percent|per cent|(?:\w+\s+)?"
    r"(?:days|weeks|months|years|people|engineers|users|customers|members|units|points|sites"
    r"|regions|servers|nodes|items|licen[cs]es|seats|requests|records|roles))\b"
)
# Every ASCII character but a letter as a space: a sentence in ASCII so translated splits into its words.
_LETTERS_ONLY = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalpha()})
# Said as a guess ("I think maybe it takes three weeks"): it takes more than one figure to stand as a fact.
_HEDGED = r"\b(?:i think|i guess|maybe|perhaps|probably|i don't know|not sure|might|could be)\b"
# A capitalized word after a word and a separator: the capital is matched first (and the words before it looked
# back at), so the search skips from capital to capital.
_NAME = re.compile(r"[A-Z](?<=\w[\s,;:] [A-Z])[a-z]+(?:\s[A-Z][a-z]+)*")
# A slip or delay that already happened is news (a fact); one that may come is a risk.
_RISK = (
    r"\b(?:risks?|risky|concerns?|concerned|worr(?:y|ied)|blockers?|blocked|slip(?:s|ping)?|delay(?:s|ing)?|"
    r"behind schedule|bottleneck|might not|may not|won't make|can't make|at stake|jeopardi[sz]e)\b"
)
_QUESTION = re.compile(
    r"^(?:(?:one |an |the |last )?(?:open )?(?:point|question|thing)\s*:\s*)?"  # "One open point: do you…?"
    r"(?:what|how|when|where|who|which|why|should we|do we|does|are we|is there|is it|will we|whether|do you"
    r"|are you|have you|did you|can we|could we)\b", re.I)
_ANSWER = re.compile(r"^(?:yes|yeah|yep|no|nope|sure|it's|it is|we|i think|probably|about|around)\b", re.I)


# One per sentence of a meeting that may last for hours: slots, and not frozen (a frozen dataclass sets each field
# through object.__setattr__, four times slower to make).
@dataclass(slots=True)
class SaidSentence:
    """A sentence as cleaned (`clean_sentence`), the index of the utterance it was said in, the sentence as said
    and its number of words (the summary chooses among the same sentences), and the cleaned text in lower case
    when it is ASCII (see `_CaseBlind`)."""

    text: str
    index: int
    said: str
    words: int
    lowered: str | None


def said_sentences(utterances: list[Utterance], min_words: int = MIN_WORDS) -> list[SaidSentence]:
    """Each sentence said of `min_words` to MAX_WORDS words, cleaned; a phrase broken off mid-way states nothing.
    Facts, risks, questions and the summary are chosen from the same sentences: a caller asking for them all
    cleans them once and passes them in."""
    found = []
    for i, u in enumerate(utterances):
        for s in SENTENCE_END.split(u.text.strip()):
            if min_words <= (n := len(s.split())) <= MAX_WORDS and not broken_off(text := clean_sentence(s)):
                found.append(SaidSentence(text, i, s, n, text.lower() if text.isascii() else None))
    return found


@dataclass(frozen=True, slots=True)
class _CaseBlind:
    """A pattern matched whatever the case. A sentence in ASCII is matched in lower case against the pattern
    compiled as written, in lower case: there re.I compares exactly as lower case does, and is two to three times
    slower. Other text is matched with re.I, which folds more than lower case ('ſ' matches 's')."""

    cased: re.Pattern
    blind: re.Pattern

    def findall(self, sentence: SaidSentence) -> list:
        if sentence.lowered is None:
            return self.blind.findall(sentence.text)
        return self.cased.findall(sentence.lowered)

    def search(self, sentence: SaidSentence) -> re.Match | None:
        if sentence.lowered is None:
            return self.blind.search(sentence.text)
        return self.cased.search(sentence.lowered)


def _case_blind(pattern: str) -> _CaseBlind:
    """`pattern`, written in lower case."""
    return _CaseBlind(re.compile(pattern), re.compile(pattern, re.I))


_FIGURES = _case_blind(_FIGURE)
_SPELLED_FIGURES = _case_blind(_SPELLED_FIGURE)
_RISKS = _case_blind(_RISK)
_HEDGES = _case_blind(_HEDGED)
_NUMBER_WORD_SET = frozenset(_NUMBER_WORDS)


def extract_facts(utterances: list[Utterance], sentences: list[SaidSentence] | None = None) -> list[Fact]:
    """Declarative sentences carrying figures, dates or names; not plans, not questions."""
    scored = [(score, s) for s in (said_sentences(utterances) if sentences is None else sentences)
              if (score := _figure_score(s)) >= 1]
    chosen = _top(scored, FACTS_CAP, _states)
    return [Fact(text=s.text, evidence=[evidence_of(utterances[s.index])]) for s in chosen]


def _figure_score(s: SaidSentence) -> float:
    """One for each figure, in digits or in words, a half for each name; a half less when said as a guess (asked
    only of a sentence that scores one or more: under one it counts for nothing either way)."""
    figures = len(_FIGURES.findall(s)) if _DIGIT.search(s.text) else 0
    score = figures + _spelled_figures(s) + 0.5 * len(_NAME.findall(s.text))
    return score - 0.5 if score >= 1 and _HEDGES.search(s) else score


def _spelled_figures(s: SaidSentence) -> int:
    """How many figures `s` says in words. Each starts with a number word written whole (a word boundary before
    it, a space or a hyphen after it): a sentence in ASCII without one, as most are, is not searched."""
    if s.lowered is not None and _NUMBER_WORD_SET.isdisjoint(s.lowered.translate(_LETTERS_ONLY).split()):
        return 0
    return len(_SPELLED_FIGURES.findall(s))


def _states(s: SaidSentence) -> bool:
    """Said as a statement: not a question, not work taken on or handed out."""
    return not (asks(s.text) or cues.cue_score(s.text, cues.COMMITMENT) or cues.cue_score(s.text, cues.ASSIGNMENT))


def extract_risks(utterances: list[Utterance], sentences: list[SaidSentence] | None = None) -> list[Item]:
    scored = [(found, s) for s in (said_sentences(utterances) if sentences is None else sentences)
              if not s.text.endswith("?") and (found := len(_RISKS.findall(s)))]
    return [Item(text=s.text, evidence=[evidence_of(utterances[s.index])]) for s in _top(scored, RISKS_CAP)]


def extract_open_questions(utterances: list[Utterance], sentences: list[SaidSentence] | None = None) -> list[Item]:
    """Questions about the work that nobody answered in the next turn."""
    found = []
    for s in said_sentences(utterances) if sentences is None else sentences:
        if not (s.text.endswith("?") and _QUESTION.search(s.text)) or cues.REQUEST.search(s.text):
            continue
        reply = utterances[s.index + 1] if s.index + 1 < len(utterances) else None
        if reply is None or reply.speaker == utterances[s.index].speaker or not _ANSWER.search(reply.text.strip()):
            found.append((1.0, s))
    return [Item(text=s.text, evidence=[evidence_of(utterances[s.index])]) for s in _top(found, QUESTIONS_CAP)]


def _top(scored: list[tuple[float, SaidSentence]], cap: int,
         admits: Callable[[SaidSentence], bool] = lambda _: True) -> list[SaidSentence]:
    """The best `cap` that `admits`, one per distinct text, back in the order they were said. `admits` is asked of
    the best first and only until `cap` are found: most sentences are never asked."""
    seen, best = set(), []
    for _, s in sorted(scored, key=lambda pair: (-pair[0], pair[1].index)):
        key = s.text.casefold()
        if key not in seen and admits(s):
            seen.add(key)
            best.append(s)
        if len(best) == cap:
            break
    return sorted(best, key=lambda s: s.index)


_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+(.+?)\s*$")


def extract_listed_facts(body: str) -> list[Fact]:
    """The items of a list a message introduces with a colon ("the success criteria:"), one fact each."""
    facts, introduced = [], False
    for line in body.splitlines():
        item = _LIST_ITEM.match(line)
        if item and introduced:
            text = clean_sentence(item.group(1))
            if len(text.split()) >= 3 and not cues.REQUEST.search(text) and not cues.cue_score(text, cues.COMMITMENT):
                facts.append(Fact(text=text, evidence=[evidence_of(Utterance(speaker=None, label="", text=line.strip()))]))
            continue
        introduced = line.rstrip().endswith(":") if line.strip() else introduced and bool(item)
    return facts[:FACTS_CAP]
