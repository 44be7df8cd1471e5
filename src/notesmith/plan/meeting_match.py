"""Same meeting, different source (DESIGN §7): same date, shared participants, and the words of one found in the other.

A source's words are kept in the ledger as a bottom-k sketch (the k smallest word hashes), which estimates how
much of one source's vocabulary the other contains; containment rather than Jaccard, because a five-line
summary and the hour-long transcript it summarises share few words relative to the transcript's size.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections.abc import Callable, Iterable

from notesmith.domain.ledger import MeetingRecord
from notesmith.plan.similarity import content_words, figures
from notesmith.resolve.names import normalize_name

SKETCH_SIZE = 128
SAME_WORDS = 0.6  # containment of the smaller vocabulary in the larger
SHARED_PARTICIPANTS = 0.5  # of the smaller cast, the owner left out (they are in nearly every meeting)
SHARED_FIGURES = 0.5  # of the smaller set of telling figures, when both sources have some
MAX_FIGURES = 64
# amounts, percentages, dates, decimals and numbers of three digits or more; not clock times or counters
_TELLING = re.compile(r"^[$€£]|%$|^\d{4}-\d\d-\d\d$|\d[.,]\d|\d{3}")
_CLOCK = re.compile(r"^\d+:\d\d")


def word_hashes(text: str) -> set[int]:
    return {zlib.crc32(word.encode("utf-8")) for word in content_words(text)}


def telling_figures(text: str, meeting_date: dt.date | None) -> list[str]:
    """The figures that set one meeting apart from another; the meeting's own date says nothing."""
    own = meeting_date.isoformat() if meeting_date else None
    found = sorted(f for f in figures(text) if _TELLING.search(f) and not _CLOCK.match(f) and f != own)
    return found[:MAX_FIGURES]


def sketch(hashes: set[int]) -> list[int]:
    return sorted(hashes)[:SKETCH_SIZE]


def containment(hashes: set[int], other_sketch: list[int]) -> float:
    """How much of the smaller of the two vocabularies the larger contains, estimated from `other_sketch`."""
    if not hashes or not other_sketch:
        return 0.0
    other_in_this = sum(h in hashes for h in other_sketch) / len(other_sketch)
    limit = other_sketch[-1] if len(other_sketch) >= SKETCH_SIZE else None
    sampled = [h for h in hashes if limit is None or h <= limit]
    if not sampled:
        return other_in_this
    members = set(other_sketch)
    this_in_other = sum(h in members for h in sampled) / len(sampled)
    return max(other_in_this, this_in_other)


def participant_overlap(a: Iterable[str], b: Iterable[str]) -> float:
    left, right = {normalize_name(n) for n in a}, {normalize_name(n) for n in b}
    if not left or not right:
        return 0.0
    return len(left & right) / min(len(left), len(right))


def figures_agree(a: list[str], b: list[str]) -> bool:
    if not a or not b:
        return True
    return len(set(a) & set(b)) / min(len(set(a)), len(set(b))) >= SHARED_FIGURES


def same_meeting(records: Iterable[MeetingRecord], participants: list[str], hashes: set[int],
                 figures_seen: list[str], states_the_same: Callable[[MeetingRecord], bool]) -> MeetingRecord | None:
    """The recorded meeting (of the same date; the caller filters) this source is another record of, if any.

    `participants` leaves the owner out, as the records' participants do. `states_the_same(record)` says whether
    the new source and the record's note share at least one decision, task or fact; two meetings of the same
    people on the same day can share much of their vocabulary, but not what was said.
    """
    best, best_score = None, SAME_WORDS
    for record in records:
        if record.thread_key or participant_overlap(participants, record.participants) < SHARED_PARTICIPANTS:
            continue
        if not states_the_same(record):
            continue
        for source in record.sources:
            score = containment(hashes, source.sketch) if source.sketch else 0.0
            if score >= best_score and figures_agree(figures_seen, source.figures):
                best, best_score = record, score
    return best
