"""Whether a new bullet or task says what an existing line already says (DESIGN §7), tuned on a labelled set.

Two statements are the same when they mean the same (sentence embeddings from wordllama, offline) and nothing
that changes a fact differs: figures, dates and amounts; negation; the people and organizations named; a single
swapped word in an otherwise identical sentence ("backend" → "frontend"); two words trading places
("Mei … to Nadia" → "Nadia … to Mei").
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import snowballstemmer

from notesmith.extract.due_dates import MONTHS, WEEKDAYS
from notesmith.notes.links import PROVENANCE
from notesmith.notes.task_line import parse_task_line
from notesmith.plan.similarity import figures, without_figures

SAME_MEANING = 0.6  # cosine; precision/recall on tests/fixtures/dedup-pairs.tsv in the README
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_NEGATION = re.compile(r"\b(?:not|no|never|cannot|without|removed|dropped|cancell?ed|rejected|declined|lost)\b|n't\b",
                       re.IGNORECASE)
_BULLET = re.compile(r"^\s*[-*+]\s+")
_FUNCTION_WORDS = frozenset(
    "a an the of to in on at for by with from and or is are was were be been being will would should shall can could "
    "may might must has have had do does did this that these those its it their our we they he she his her as per "
    "than so then into onto about over under i you my your me us them".split())
# Capitalized but not a person or organization: a date's words (the due date field carries the date itself).
_CALENDAR_WORDS = frozenset(WEEKDAYS + MONTHS)
_FIRST_PERSON = re.compile(r"^I(?:['’](?:m|ll|ve|d))?$")  # capitalized, but the speaker, never a name
# How and when a task was said rather than what it is ("I'll…", "could you…", "by end of week"): two wordings of
# one task differ here, and the due date field carries the when.
_SAYING_WORDS = _FUNCTION_WORDS | frozenset(
    "i'll i'd i'm i've we'll we'd we're you'll you'd you're let's let please also just need want like "
    "today tomorrow tonight end week month day next before after until".split())
SAME_WORK = 0.6  # share of the work's stems two wordings of one task have in common (Jaccard) ...
SAME_WORK_CONTAINED = 0.8  # ... or of the shorter one's, found in the longer (one wording adds detail)
SAME_WORK_STEMS = 3  # ... with at least this many
_VOCATIVE = re.compile(r"^\W*[^\W\d_]+,")  # "Theo, can you…": the first word is whom it was asked of, not the work


@dataclass(frozen=True)
class Statement:
    """What of a line is compared: its words, stems, names, figures and owner; for a task, its work's stems."""

    text: str
    words: tuple[str, ...]
    word_set: frozenset[str]  # its words, to look names up in: a statement is compared with hundreds of lines
    stems: tuple[str, ...]
    stem_set: frozenset[str]
    names: frozenset[str]
    figures: frozenset[str]
    negated: bool
    task: bool
    owner: str | None
    due: str | None
    work: frozenset[str]


@functools.lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


@functools.lru_cache(maxsize=1)
def _encoder():
    # A source's lines are embedded a few dozen at a time: the tokenizer's thread pool costs four times the CPU of
    # encoding them in this thread, taken from the worker processes (read at each call; a user's setting is kept).
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import wordllama  # imported on first use: loading the weights takes half a second

    return wordllama.WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)


@functools.lru_cache(maxsize=8192)  # a few KB each; a section's lines are looked up through merge's _keyed
def statement(line: str) -> Statement:
    task = parse_task_line(line)
    if task:
        return _statement(task.text, True, (task.owner or "").casefold() or None,
                          task.due.isoformat() if task.due else None)
    return _statement(PROVENANCE.sub("", _BULLET.sub("", line, count=1)).strip(), False, None, None)


@functools.lru_cache(maxsize=8192)  # one bullet's words are written to the meeting and to each entity it names
def _statement(text: str, task: bool, owner: str | None, due: str | None) -> Statement:
    originals = [_POSSESSIVE.sub("", w) for w in _WORD.findall(without_figures(text))]
    words = tuple(w.casefold() for w in originals)
    stems = tuple(_stem(w) for w in words if w not in _FUNCTION_WORDS)
    names = frozenset(w.casefold() for w in originals[1:] if w[:1].isupper() and not _FIRST_PERSON.match(w)) \
        - _CALENDAR_WORDS
    return Statement(
        text=text,
        words=words,
        word_set=frozenset(words),
        stems=stems,
        stem_set=frozenset(stems),
        names=names,
        figures=figures(text),
        negated=_NEGATION.search(text) is not None,
        task=task,
        owner=owner,
        due=due,
        work=_work(words, originals, vocative=_VOCATIVE.match(text) is not None),
    )


def _work(words: tuple[str, ...], originals: list[str], vocative: bool) -> frozenset[str]:
    """The stems of what is to be done: not how or when it was said, nor names (capitalized past the first word,
    which is the verb of an imperative unless it is the person addressed); hyphenated words count by their parts
    ("holiday-season peak load" is "the peak load of the holiday season")."""
    kept = [w for i, (w, original) in enumerate(zip(words, originals, strict=True))
            if w not in _SAYING_WORDS and not (original[:1].isupper() and (i > 0 or vocative))]
    return frozenset(_stem(part) for w in kept for part in w.split("-") if part and part not in _SAYING_WORDS)


# each text's unit vector, the oldest let go past _VECTORS_KEPT (a few KB each); the lock keeps the cache whole
# should two threads compare lines at once, as lru_cache did
_VECTORS: dict[str, np.ndarray] = {}
_VECTORS_KEPT = 16384  # a thousand sources' bullets
_VECTORS_LOCK = threading.Lock()


def _vector(text: str) -> np.ndarray:
    with _VECTORS_LOCK:
        vector = _VECTORS.get(text)
    return vector if vector is not None else _embed_all([text])[0]


def _embed_all(texts: list[str]) -> list[np.ndarray]:
    """The texts' vectors, those not known yet embedded in one call: a call costs several times what one more text
    in it does, and a text's vector is the same bits however many are embedded with it (tests/test_dedup.py)."""
    with _VECTORS_LOCK:
        new = [text for text in dict.fromkeys(texts) if text not in _VECTORS]
        for text, vector in zip(new, _encoder().embed(new) if new else [], strict=True):
            vector = np.array(vector)  # an array of its own, as `embed([text])[0]` was
            norm = float(np.linalg.norm(vector))
            _VECTORS[text] = vector / norm if norm else vector
        vectors = [_VECTORS[text] for text in texts]
        while len(_VECTORS) > _VECTORS_KEPT:
            del _VECTORS[next(iter(_VECTORS))]
    return vectors


def facts_agree(a: Statement, b: Statement) -> bool:
    """Nothing that would make them two facts differs (the cheap checks, before any embedding)."""
    if _same_key(a) != _same_key(b):
        return False
    if a.due and b.due and a.due != b.due:
        return False
    # a name only one of them carries is detail; a name on each side the other lacks is a different fact
    return not (a.names - b.word_set and b.names - a.word_set)


def _one_word_apart(a: Statement, b: Statement) -> bool:
    """An otherwise identical sentence with one slot changed, or two words that traded places."""
    if len(a.words) == len(b.words):
        diff = [i for i, (x, y) in enumerate(zip(a.words, b.words, strict=True)) if x != y]
        if len(diff) == 2 and a.words[diff[0]] == b.words[diff[1]] and a.words[diff[1]] == b.words[diff[0]]:
            return True
    ops = [op for op in difflib.SequenceMatcher(a=a.stems, b=b.stems, autojunk=False).get_opcodes() if op[0] != "equal"]
    return len(ops) == 1 and ops[0][0] == "replace" and ops[0][2] - ops[0][1] <= 2 and ops[0][4] - ops[0][3] <= 2


def _mean_alike(left: Statement, right: Statement, threshold: float) -> bool:
    return float(np.dot(_vector(left.text), _vector(right.text))) >= threshold


def same_statement(a: str, b: str, threshold: float = SAME_MEANING) -> bool:
    """Whether lines `a` and `b` (bullets or task lines, provenance and fields ignored) state the same thing."""
    left, right = statement(a), statement(b)
    if left.stem_set.isdisjoint(right.stem_set):
        return False
    if _same_task(left, right):
        return True
    if not facts_agree(left, right):
        return False
    return _mean_alike(left, right, threshold) and not _one_word_apart(left, right)


def _same_task(left: Statement, right: Statement) -> bool:
    """Two wordings of one task — the summary's "Share holiday-season peak load numbers @Tamsin 📅 2025-03-07" and
    the call's "I'll share the peak load numbers from the holiday season" — mostly the same work, and nothing
    that makes two tasks: another owner, another due date, another figure, a negation, a name on each side that
    the other lacks, one word changed ("Write the guide" / "Send the guide"). A missing owner, due date or figure
    is detail one wording left out."""
    if not (left.task and right.task and _same_owner(left.owner, right.owner)):
        return False
    if (left.due and right.due and left.due != right.due) or left.negated != right.negated:
        return False
    if not (left.figures <= right.figures or right.figures <= left.figures):
        return False
    if (left.names - right.word_set and right.names - left.word_set) or _one_word_apart(left, right):
        return False
    shared = len(left.work & right.work)
    if shared < 2:
        return False
    shorter = min(len(left.work), len(right.work))
    return (shared / len(left.work | right.work) >= SAME_WORK
            or (shared >= SAME_WORK_STEMS and shared >= SAME_WORK_CONTAINED * shorter))


def _same_owner(a: str | None, b: str | None) -> bool:
    """Unknown on one side, or one person: "owen" is "owen mbeki" written by first name."""
    if not a or not b or a == b:
        return True
    short, full = sorted((a, b), key=len)
    return " " not in short and full.split()[0] == short


def updates(new: str, old: str) -> bool:
    """Whether `new` restates `old` with other figures (a later budget, a moved date): same subject, new values."""
    left, right = statement(new), statement(old)
    if _update_key(left) is None or _update_key(left) != _update_key(right) or left.figures == right.figures:
        return False
    if left.stem_set.isdisjoint(right.stem_set):
        return False
    return _mean_alike(left, right, SAME_MEANING)


def _same_key(found: Statement) -> tuple:
    """What two statements must share to be the same: figures, negation, owner."""
    return found.figures, found.negated, found.owner


def _update_key(found: Statement) -> tuple | None:
    """What two statements must share for one to update the other (names, negation); None without figures."""
    return (found.names, found.negated) if found.figures else None


def same_block(line: str) -> tuple:
    """Lines that can state the same thing share this, so only they need comparing (`facts_agree` requires it;
    tasks, a meeting's few, are compared with every task: `_same_task` lets an owner or a figure be missing)."""
    found = statement(line)
    return ("task", found.negated) if found.task else _same_key(found)


def update_block(line: str) -> tuple | None:
    """Lines that can update each other share this (`updates` requires it); None for a line without figures."""
    return _update_key(statement(line))


def embed_ahead(lines: list[str]) -> None:
    """The vectors of the lines' statements, worked out now in one call: a source's bullets are compared with a
    note's lines one candidate after another, and a call for each costs several times one call for all. Only once
    the encoder is loaded: a run that never compares lines by meaning never loads it (half a second)."""
    if _encoder.cache_info().currsize:
        _embed_all([statement(line).text for line in lines])


def first_same(candidate: str, lines: list[str]) -> int | None:
    """The index of the first of `lines` that states what `candidate` states."""
    return next((i for i, line in enumerate(lines) if same_statement(candidate, line)), None)


def first_updated(candidate: str, lines: list[str]) -> int | None:
    """The index of the first of `lines` that `candidate` updates."""
    return next((i for i, line in enumerate(lines) if updates(candidate, line)), None)
