"""An extractive summary and keyphrase topics: the sentences and phrases a meeting keeps coming back to."""

from __future__ import annotations

import math
import re
from collections import Counter
from itertools import chain

from notesmith.domain import Utterance
from notesmith.extract.statements import SaidSentence, said_sentences
from notesmith.extract.task_wording import to_the_listener
from notesmith.extract.transcript import listener_of, speakers_in
from notesmith.extract.words import STOPWORDS

SUMMARY_SENTENCES = 3
MIN_WORDS = 8
MIN_WORDS_SHORT = 5
MAX_WORDS = 40
TOPICS_CAP = 5
_WORD = re.compile(r"[a-zA-Z][a-zA-Z'-]+")
# A _WORD of three characters or more: a run of such characters holds one _WORD at most (from its first letter to
# its end), so this finds the same words but the short ones.
_LONG_WORD = re.compile(r"[a-zA-Z][a-zA-Z'-]{2,}")
# Pleasantries open a meeting and share its words ("thanks for joining the architecture review"), but say nothing.
_GREETING = re.compile(r"^\W*(hello|hi|hey|(good )?(morning|afternoon|evening)|welcome|thanks|thank you)\b", re.I)


# Lower-casing makes a letter a word may hold out of two characters only ('İ' is 'i̇', the Kelvin sign 'k'): in a
# text without them the words of the text in lower case are its words in lower case, found at once.
_LOWER_CASED_TO_LETTERS = ("\u0130", "\u212a")


def _lowers_alike(text: str) -> bool:
    """The words of `text` in lower case are the words of `text`, each in lower case."""
    return text.isascii() or not any(c in text for c in _LOWER_CASED_TO_LETTERS)


def _content_words(text: str) -> list[str]:
    words = (_LONG_WORD.findall(text.lower()) if _lowers_alike(text)
             else [m.lower() for m in _LONG_WORD.findall(text)])
    return [w for w in words if w not in STOPWORDS]


def _distinct_content_words(s: SaidSentence) -> set[str]:
    """The distinct `_content_words` of a sentence; one in ASCII has its lower case already (`SaidSentence`)."""
    return set(_content_words(s.text)) if s.lowered is None else set(_LONG_WORD.findall(s.lowered)) - STOPWORDS


def summarize(utterances: list[Utterance], sentences: list[SaidSentence] | None = None) -> str:
    """Up to three sentences, in the order said, that share the most of the meeting's frequent words; a
    speaker's "I'll…" told as theirs. Sentences of eight words or more say most; a short meeting, where
    fewer than two such were said, is told in its shorter ones. `sentences` are the `said_sentences` of
    `utterances`, when the caller has them."""
    candidates = _statements(said_sentences(utterances) if sentences is None else sentences, MIN_WORDS)
    if len(candidates) < 2:
        candidates = _statements(said_sentences(utterances, MIN_WORDS_SHORT), MIN_WORDS_SHORT)
    chosen = [candidates[k] for k in _most_central(candidates)]
    speakers = speakers_in(utterances)
    return " ".join(_terminated(in_third_person(s.text, utterances[s.index].speaker,
                                                listener_of(utterances, s.index, speakers))) for s in chosen)


def _statements(sentences: list[SaidSentence], min_words: int) -> list[SaidSentence]:
    """Each sentence said that states something (not a question, a greeting or a phrase broken off): of the
    sentences said (`said_sentences`, broken off ones left out), those of `min_words` to MAX_WORDS words."""
    return [s for s in sentences if min_words <= s.words <= MAX_WORDS and not s.said.strip().endswith("?")
            and not _GREETING.match(s.said)]


def _most_central(sentences: list[SaidSentence]) -> list[int]:
    """The indexes, in order, of the SUMMARY_SENTENCES distinct sentences richest in frequent words."""
    words = [_distinct_content_words(s) for s in sentences]
    frequency = Counter(chain.from_iterable(words))
    # how often the other sentences say its words
    weights = [(sum(map(frequency.__getitem__, said)) - len(said)) / math.sqrt(len(s.text.split()))
               for s, said in zip(sentences, words, strict=True)]
    chosen, seen = [], set()
    for i in sorted(range(len(sentences)), key=[-w for w in weights].__getitem__):  # stable: earlier first
        if sentences[i].text.casefold() not in seen:
            seen.add(sentences[i].text.casefold())
            chosen.append(i)
        if len(chosen) == SUMMARY_SENTENCES:
            break
    return sorted(chosen)


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
    """Two-word phrases (and single words) said at least twice, most frequent first; a phrase said in the
    singular and the plural counts once, under the form said most."""
    said = [_WORD.findall(u.text.lower()) for u in utterances]
    keep = {w for w in set().union(*said) if _topical(w)}  # each word asked once, however often it is said
    marked = [[w if w in keep else "" for w in words] for words in said]  # "": not topical
    pairs = Counter(f"{a} {b}" for words in marked for a, b in zip(words, words[1:], strict=False)
                    if a and b and a != b)
    singles = Counter(w for u, words in zip(utterances, marked, strict=True) for w in _topical_words(u.text, words))
    phrases = [p for p, n in _by_lemma(pairs).most_common() if n >= 2]
    covered = {_singular(w) for p in phrases[:TOPICS_CAP] for w in p.split()}
    words = [w for w, n in _by_lemma(singles).most_common() if n >= 3 and _singular(w) not in covered]
    return (phrases + words)[:TOPICS_CAP]


def _topical_words(text: str, marked: list[str]) -> list[str]:
    """The topical words of `text`, of its words in lower case `marked` as topical or not (see `topics`)."""
    return [w for w in marked if w] if _lowers_alike(text) else [w for w in _content_words(text) if _topical(w)]


# Counting words and backchannels are said often and name nothing ("twenty five", "mm-hmm").
_NOT_TOPICAL = frozenset("""
mm-hmm uh-huh um-hmm mm-mm uh-uh hmm-hmm one two three four five six seven eight nine ten eleven twelve thirteen
fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred
thousand million point points percent half look looking looks use using used stuff guess come comes coming
sorry lose bit talk talking tell told give try trying start thinking thought saying wanna gotta kay cause cos
""".split())


_UNTOPICAL = STOPWORDS | _NOT_TOPICAL


def _topical(word: str) -> bool:
    return len(word) > 2 and word not in _UNTOPICAL


def _singular(phrase: str) -> str:
    return " ".join(w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 3 else w for w in phrase.split())


def _by_lemma(counts: Counter) -> Counter:
    """Counts of "remote control" and "remote controls" summed, under whichever was said more."""
    groups: dict[str, dict[str, int]] = {}
    for form, n in counts.items():
        groups.setdefault(_singular(form), {})[form] = n
    return Counter({max(forms, key=lambda f: (forms[f], -len(f))): sum(forms.values()) for forms in groups.values()})
