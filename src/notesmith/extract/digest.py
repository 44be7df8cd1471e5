"""An extractive summary and keyphrase topics: the sentences and phrases a meeting keeps coming back to."""

from __future__ import annotations

import math
import re
from collections import Counter

from notesmith.domain import Utterance
from notesmith.extract.task_wording import to_the_listener
from notesmith.extract.transcript import SENTENCE_END, clean_sentence, listener_of
from notesmith.extract.words import STOPWORDS

SUMMARY_SENTENCES = 3
TOPICS_CAP = 5
_WORD = re.compile(r"[a-zA-Z][a-zA-Z'-]+")
# Pleasantries open a meeting and share its words ("thanks for joining the architecture review"), but say nothing.
_GREETING = re.compile(r"^\W*(hello|hi|hey|good (morning|afternoon|evening)|welcome|thanks|thank you)\b", re.I)


def _content_words(text: str) -> list[str]:
    return [w for w in (m.lower() for m in _WORD.findall(text)) if w not in STOPWORDS and len(w) > 2]


def summarize(utterances: list[Utterance]) -> str:
    """Up to three sentences, in the order said, that share the most of the meeting's frequent words; a
    speaker's "I'll…" told as theirs."""
    sentences = [in_third_person(clean_sentence(s), u.speaker, listener_of(utterances, i))
                 for i, u in enumerate(utterances) for s in SENTENCE_END.split(u.text.strip())
                 if 8 <= len(s.split()) <= 40 and not s.strip().endswith("?") and not _GREETING.match(s)]
    if not sentences:
        return ""
    frequency = Counter(w for s in sentences for w in set(_content_words(s)))
    def weight(sentence: str) -> float:
        words = set(_content_words(sentence))
        return sum(frequency[w] - 1 for w in words) / math.sqrt(len(sentence.split()))
    ranked = sorted(range(len(sentences)), key=lambda i: (-weight(sentences[i]), i))
    chosen, seen = [], set()
    for i in ranked:
        if sentences[i].casefold() not in seen:
            seen.add(sentences[i].casefold())
            chosen.append(i)
        if len(chosen) == SUMMARY_SENTENCES:
            break
    return " ".join(_terminated(sentences[i]) for i in sorted(chosen))


# What a speaker takes on, said in the first person; the summary is read by people who were not there.
_I_WILL = re.compile(r"^(?:I'll|I will|(?P<going>I'm going to|I am going to|I'm gonna))\s+")
_FIRST_OR_SECOND_PERSON = re.compile(r"\b(?:I|I'\w+|me|my|mine|myself|you|your|yours)\b", re.I)


def in_third_person(sentence: str, speaker: str | None, listener: str | None) -> str:
    """"I'll send it to you by Thursday", said by Robin to Tomás, is "Robin will send it to Tomás by Thursday";
    kept as said when the speaker is unknown or the rest still says I, me or you."""
    lead = _I_WILL.match(sentence)
    if not lead or not speaker:
        return sentence
    verb = "is going to" if lead.group("going") else "will"
    rest = sentence[lead.end():]
    rest = to_the_listener(rest, listener) if listener else rest
    return sentence if _FIRST_OR_SECOND_PERSON.search(rest) else f"{speaker} {verb} {rest}"


def _terminated(sentence: str) -> str:
    return sentence if sentence.endswith((".", "!", "?")) else sentence + "."


def topics(utterances: list[Utterance]) -> list[str]:
    """Two-word phrases (and single words) said at least twice, most frequent first."""
    pairs, singles = Counter(), Counter()
    for u in utterances:
        words = [m.lower() for m in _WORD.findall(u.text)]
        for a, b in zip(words, words[1:], strict=False):
            if a not in STOPWORDS and b not in STOPWORDS and len(a) > 2 and len(b) > 2 and a != b:
                pairs[f"{a} {b}"] += 1
        singles.update(_content_words(u.text))
    phrases = [p for p, n in pairs.most_common() if n >= 2]
    covered = {w for p in phrases[:TOPICS_CAP] for w in p.split()}
    words = [w for w, n in singles.most_common() if n >= 3 and w not in covered]
    return (phrases + words)[:TOPICS_CAP]
