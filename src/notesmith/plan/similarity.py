"""When two bullets say the same thing: enough shared words, and the same numbers, dates and amounts."""

from __future__ import annotations

import re

from notesmith.extract.words import STOPWORDS

NEAR_DUPLICATE_JACCARD = 0.6
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_NUMBER = re.compile(r"[$€£]?\d+(?:[.,:/-]\d+)*\s*(?:%|[kKmMbB]\b|million|billion|thousand)?")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_NUMBER_WORDS = {word: value for value, word in enumerate(_UNITS)} | {word: 10 * i for i, word in enumerate(_TENS, 2)}
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_NUMBER_WORD = "|".join(sorted([*_NUMBER_WORDS, "hundred", *_SCALES], key=len, reverse=True))
_SPOKEN = re.compile(rf"\b(?P<number>(?:a\s+)?(?:{_NUMBER_WORD})(?:(?:\s+and\s+|\s+|-)(?:{_NUMBER_WORD}))*)\b"
                     r"(?P<percent>\s+percent\b)?")


def content_words(text: str) -> frozenset[str]:
    return frozenset(set(_WORD.findall(text.casefold())) - STOPWORDS)


def figures(text: str) -> frozenset[str]:
    """Numbers with their currency and scale, so "$2M" and "$200K" differ and "9,500" equals "9500"; and numbers
    said in words, as transcripts write them ("three thousand" is "3000", "forty percent" "40%")."""
    written = {_THOUSANDS.sub("", re.sub(r"\s+", "", m.group(0)).lower()) for m in _NUMBER.finditer(text)}
    return frozenset(written | set(_spoken_numbers(text)))


def _spoken_numbers(text: str) -> list[str]:
    """Runs of number words worth a figure: ten or more, or with a scale ("a hundred and sixty" is 160); "one
    big thing" or "two of us" are words."""
    found = []
    for match in _SPOKEN.finditer(text.casefold()):
        words = [w for w in re.split(r"[\s-]+", match.group("number")) if w not in ("and", "a")]
        value, scaled = _number_value(words)
        if value >= 10 or scaled:
            found.append(f"{value}%" if match.group("percent") else str(value))
    return found


def _number_value(words: list[str]) -> tuple[int, bool]:
    """(the number the words say, whether a scale word is among them)."""
    total = current = 0
    for word in words:
        if word == "hundred":
            current = max(current, 1) * 100
        elif word in _SCALES:
            total, current = total + max(current, 1) * _SCALES[word], 0
        else:
            current += _NUMBER_WORDS[word]
    return total + current, any(w == "hundred" or w in _SCALES for w in words)


def without_figures(text: str) -> str:
    return _NUMBER.sub(" ", text)


def token_jaccard(a: str, b: str) -> float:
    left, right = content_words(a), content_words(b)
    if not left and not right:
        return 1.0
    return len(left & right) / len(left | right)


def near_duplicates(a: str, b: str, threshold: float = NEAR_DUPLICATE_JACCARD) -> bool:
    return figures(a) == figures(b) and token_jaccard(a, b) >= threshold
