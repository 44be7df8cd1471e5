"""Same meeting, different source (DESIGN §7): the same text, or the same day's talk among the same people retold.

A source's word stems and its three-word shingles are kept in the ledger as one bottom-k sketch (the k smallest
hashes of each kind), which estimates how much of one source the other contains: containment rather than
Jaccard, because a five-line summary and the hour-long transcript it summarises share few words relative to the
transcript's size. Two ways to be one meeting:
- the same text (shingles): a copy saved again, a re-export, a second recorder's transcript, the raw transcript
  a written note embeds or was made from. Text this alike is one meeting even when one side has no date or its
  speakers are labels; dates that are both known must still agree.
- the same talk in other words (a summary and its transcript, a notetaker's mail): the same date, the same
  people, much of the smaller vocabulary in the larger, an item (decision, task, fact) stated in both, and no
  figures that tell the two apart.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

import snowballstemmer

from notesmith.domain import Source
from notesmith.domain.ledger import IngestedSource, MeetingRecord
from notesmith.extract.words import STOPWORDS
from notesmith.plan.dedup import Statement, statement
from notesmith.plan.similarity import encoded_words, figures, word_set
from notesmith.resolve.names import normalize_name

SKETCH_SIZE = 128  # hashes of each kind
SHINGLE_WORDS = 3
# shingle containment on the archive corpus: re-exports, copies and the transcripts notes embed 0.88-1.0; notes
# written from one template, or mails sharing a signature and a legal footer, up to 0.56
SAME_TEXT = 0.8
SAME_WORDS = 0.4  # stem containment, smaller vocabulary in the larger: a summary and its transcript 0.45-0.8
SHARED_PARTICIPANTS = 0.5  # of the smaller cast, the owner left out (they are in nearly every meeting)
SAME_ITEM = 0.5  # of the shorter item's stems found in the other ...
SAME_ITEM_STEMS = 3  # ... and at least this many: a summary's task and the sentence it was made from
TELLING_COUNT = 3  # two sources that each state this many telling figures, none of them shared, are two meetings
MAX_FIGURES = 64
_SHINGLE = 1 << 32  # shingle hashes live above the word hashes (crc32) in one sketch
# amounts, percentages, dates, decimals and numbers of three digits or more; not clock times or counters
_TELLING = re.compile(r"^[$€£]|%$|^\d{4}-\d\d-\d\d$|\d[.,]\d|\d{3}")
_CLOCK = re.compile(r"^\d+:\d\d")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
_STEMMER = snowballstemmer.stemmer("english")


def source_hashes(source: Source) -> set[int]:
    """The hashes of the source's word stems and of its three-word shingles, accents folded. Shingles are taken
    from what was said when the reader found utterances (two recorders' timestamps and labels differ), else from
    each line of the text, letters only."""
    # `content_words` of the folded text, which is case-folded already (folding again changes no character)
    hashes = {_stem_hash(word) for word in word_set(_fold(source.text)) - STOPWORDS}
    shingles: set[tuple[bytes, ...]] = set()
    for line in [u.text for u in source.utterances] or source.text.splitlines():
        words = encoded_words(_fold(line))
        shingles.update(zip(*(words[k:] for k in range(SHINGLE_WORDS))))
    # each distinct one joined and hashed once, in C: a transcript says many of its shingles again
    hashes.update(map(_SHINGLE.__add__, map(zlib.crc32, map(b" ".join, shingles))))
    return hashes


@dataclass(frozen=True)
class Fingerprint:
    """What a source is compared with the recorded meetings by; it depends on the source alone, so the worker
    that read the source computes it and the single writer does not."""

    hashes: set[int]  # source_hashes()
    figures: list[str]  # telling_figures()


def fingerprint(source: Source, meeting_date: dt.date | None) -> Fingerprint:
    return Fingerprint(source_hashes(source), telling_figures(source.text, meeting_date))


def _fold(text: str) -> str:
    if text.isascii():  # nothing to decompose, no accents
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    # only the few characters outside ASCII can be combining marks: look at each of them once, not at every one
    marks = {ord(c): None for c in set(_NOT_ASCII.findall(decomposed)) if unicodedata.combining(c)}
    return (decomposed.translate(marks) if marks else decomposed).casefold()


@functools.lru_cache(maxsize=65536)
def _stem_hash(word: str) -> int:
    return zlib.crc32(_STEMMER.stemWord(word).encode("utf-8"))


def telling_figures(text: str, meeting_date: dt.date | None) -> list[str]:
    """The figures that set one meeting apart from another; the meeting's own date says nothing."""
    own = meeting_date.isoformat() if meeting_date else None
    found = sorted(f for f in figures(text) if _TELLING.search(f) and not _CLOCK.match(f) and f != own)
    return found[:MAX_FIGURES]


def sketch(hashes: set[int]) -> list[int]:
    """The smallest word hashes and the smallest shingle hashes, in one sorted list."""
    words = sorted(h for h in hashes if h < _SHINGLE)
    shingles = sorted(h for h in hashes if h >= _SHINGLE)
    return words[:SKETCH_SIZE] + shingles[:SKETCH_SIZE]


@dataclass(frozen=True)
class _Kind:
    """One kind of a new source's hashes (words or shingles), sorted to count those under a sketch's largest."""

    members: frozenset[int]
    ordered: tuple[int, ...]

    @classmethod
    def of(cls, hashes: Iterable[int]) -> _Kind:
        ordered = tuple(sorted(hashes))
        return cls(frozenset(ordered), ordered)

    def containment(self, other: list[int]) -> float:
        """How much of the smaller of this set and the one `other` (a bottom-k sketch of one kind) samples the
        larger contains. Every hash of the other set up to the sketch's largest is in the sketch, so the hashes of
        this set up to there are a sample of this set as the sketch is one of the other."""
        if not self.members or not other:
            return 0.0
        shared = sum(h in self.members for h in other)
        sampled = bisect.bisect_right(self.ordered, other[-1]) if len(other) >= SKETCH_SIZE else len(self.ordered)
        return shared / min(len(other), sampled) if sampled else shared / len(other)


def _part(one_sketch: list[int], shingles: bool) -> list[int]:
    """The sketch's hashes of one kind; a sketch written before shingles were kept has none of them."""
    return [h for h in one_sketch if (h >= _SHINGLE) == shingles]


def participant_overlap(a: Iterable[str], b: Iterable[str]) -> float:
    left, right = {normalize_name(n) for n in a}, {normalize_name(n) for n in b}
    if not left or not right:
        return 0.0
    return len(left & right) / min(len(left), len(right))


def named_in(names: Iterable[str], hashes: set[int]) -> float:
    """The share of `names` the source calls by first name or surname ("Theo will estimate the ingestion work")."""
    named = [any(h in hashes for h in name) for name in _name_hashes(names)]
    return sum(named) / len(named) if named else 0.0


def named_in_sketches(names: Iterable[str], sketches: list[list[int]]) -> float:
    """`named_in` for recorded sources, known by their sketches only: a sketch holds every word hash up to its
    largest, so each source judges the names with a word in that range, and a name not judged is left out."""
    judged: dict[int, bool] = {}
    for words in (_part(one, shingles=False) for one in sketches):
        limit = words[-1] if len(words) >= SKETCH_SIZE else _SHINGLE
        said = set(words)
        for i, name in enumerate(_name_hashes(names)):
            if any(h <= limit for h in name):
                judged[i] = judged.get(i, False) or any(h in said for h in name)
    return sum(judged.values()) / len(judged) if judged else 0.0


def _name_hashes(names: Iterable[str]) -> list[list[int]]:
    found = [[_stem_hash(w) for w in normalize_name(name).split() if w not in STOPWORDS] for name in names]
    return [name for name in found if name]


def figures_agree(a: list[str], b: list[str]) -> bool:
    """False when both state several telling figures and share none; a transcript says many of its figures in
    words no reader turns into digits, so fewer on one side prove nothing."""
    if min(len(a), len(b)) < TELLING_COUNT:
        return True
    return bool(set(a) & set(b))


def shares_an_item(items: list[str], bullets: list[str]) -> bool:
    """Whether one of the source's items is stated in one of the note's bullets, in any wording: most of the
    shorter one's stems found in the other (the summary's "Submit the headcount request for a second manager.
    @Jordan 📅 2025-03-14" is the call's "Submit the headcount request"), naming the same people and figures.
    Without items or bullets: no proof against."""
    if not items or not bullets:
        return True
    stated = [statement(bullet) for bullet in bullets]
    return any(_same_item(statement(f"- {item}"), other) for item in items for other in stated)


def _same_item(a: Statement, b: Statement) -> bool:
    """Most of the shorter one's stems in the other, no name on each side that the other lacks ("Freeze the
    Kestrel schema" is not "Freeze the Halcyon schema"), and no figure on each side ("tickets doubled after the
    3.2 release" is not "after the 5.4 release")."""
    if a.names - b.word_set and b.names - a.word_set or a.figures - b.figures and b.figures - a.figures:
        return False
    shared = len(a.stem_set & b.stem_set)
    return shared >= SAME_ITEM_STEMS and shared >= SAME_ITEM * min(len(a.stem_set), len(b.stem_set))


@dataclass(frozen=True)
class NewSource:
    """The source being planned, as it is compared with the meetings recorded."""

    date: dt.date | None
    is_mail: bool  # an e-mail of a thread not yet known
    participants: list[str]  # the owner left out, as the records' participants do
    hashes: set[int]  # source_hashes(): its words and shingles
    figures: list[str]  # telling_figures()


def same_meeting(records: Iterable[MeetingRecord], new: NewSource,
                 states_the_same: Callable[[MeetingRecord], bool]) -> MeetingRecord | None:
    """The recorded meeting this source is another record of, if any: the one whose text it repeats most, else
    the one whose talk it retells most.

    An e-mail is never matched to another thread, which is one note by its subject (`_same_people` for who took
    part). `states_the_same(record)` says whether the new source and the record's note share a decision, task or
    fact (`shares_an_item`): two meetings of the same people on the same day can share much of their
    vocabulary, and two notes of one template most of their lines, but not what was said.
    """
    seen = _Seen(_Kind.of(h for h in new.hashes if h < _SHINGLE), _Kind.of(h for h in new.hashes if h >= _SHINGLE),
                 new.figures)
    best, best_score = None, (0, 0.0)
    for record in records:
        if (new.is_mail and record.thread_key) or (new.date and record.date and record.date != new.date):
            continue
        stated = functools.cache(lambda record=record: states_the_same(record))  # reads the note: once at most
        retold = bool(new.date and record.date) and _same_people(new.participants, new.is_mail,
                                                                 seen.words.members, record)
        for source in record.sources:
            score = _score(source, seen, retold, stated)
            if score > best_score:
                best, best_score = record, score
    return best


def _same_people(participants: list[str], is_mail: bool, word_hashes: frozenset[int], record: MeetingRecord) -> bool:
    """Whether the two took place among the same people. A mail's cast is who sent and got it, so the people a
    mail names stand in for it, as they do for a source whose speakers are labels only."""
    if is_mail or not participants:
        return named_in(record.participants, word_hashes) >= SHARED_PARTICIPANTS
    if record.thread_key:
        return named_in_sketches(participants, [s.sketch for s in record.sources]) >= SHARED_PARTICIPANTS
    return participant_overlap(participants, record.participants) >= SHARED_PARTICIPANTS


class _Seen(NamedTuple):
    """The new source's words and shingles as sketch hashes, and its telling figures."""

    words: _Kind
    shingles: _Kind
    figures: list[str]


def _score(source: IngestedSource, seen: _Seen, retold: bool, stated: Callable[[], bool]) -> tuple[int, float]:
    """(2, text containment) for the same text; (1, word containment) for the same talk retold (`retold`: the
    same day and people); else (0, 0). Either way an item stated in both (`stated`): two daily notes written
    from one template share most of their lines, but not what is to be done."""
    text = seen.shingles.containment(_part(source.sketch, shingles=True))
    if text >= SAME_TEXT and stated():
        return 2, text
    if not retold or not figures_agree(seen.figures, source.figures):
        return 0, 0.0
    overlap = seen.words.containment(_part(source.sketch, shingles=False))
    return (1, overlap) if overlap >= SAME_WORDS and stated() else (0, 0.0)
