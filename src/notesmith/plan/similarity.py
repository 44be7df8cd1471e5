"""When two bullets say the same thing: enough shared words, and the same numbers, dates and amounts."""

from __future__ import annotations

import re

from notesmith.extract.words import STOPWORDS

NEAR_DUPLICATE_JACCARD = 0.6
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_NUMBER = re.compile(r"[$€£]?\d+(?:[.,:/-]\d+)*\s*(?:%|[kKmMbB]\b|million|billion|thousand)?")


def content_words(text: str) -> frozenset[str]:
    return frozenset(set(_WORD.findall(text.casefold())) - STOPWORDS)


def figures(text: str) -> frozenset[str]:
    """Numbers with their currency and scale, so "$2M" and "$200K" differ and "9,500" equals "9,500"."""
    return frozenset(re.sub(r"\s+", "", m.group(0)).lower() for m in _NUMBER.finditer(text))


def without_figures(text: str) -> str:
    return _NUMBER.sub(" ", text)


def token_jaccard(a: str, b: str) -> float:
    left, right = content_words(a), content_words(b)
    if not left and not right:
        return 1.0
    return len(left & right) / len(left | right)


def near_duplicates(a: str, b: str, threshold: float = NEAR_DUPLICATE_JACCARD) -> bool:
    return figures(a) == figures(b) and token_jaccard(a, b) >= threshold
