"""When two bullets say the same thing: enough shared words, and the same numbers, dates and amounts."""

from __future__ import annotations

import re
from collections.abc import Iterator

from notesmith.extract.words import STOPWORDS

NEAR_DUPLICATE_JACCARD = 0.6
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# `[$€£]?\d+(?:...)`, its first character a set of its own: a search then skips in C to where one is written
# (on a transcript, half the time of the search); the lookbehind tells which it was
_NUMBER = re.compile(r"[$€£\d](?:(?<=[$€£])\d+|(?<=\d)\d*)(?:[.,:/-]\d+)*"
                     r"\s*(?:%|[kKmMbB]\b|million|billion|thousand)?")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_NUMBER_WORDS = {word: value for value, word in enumerate(_UNITS)} | {word: 10 * i for i, word in enumerate(_TENS, 2)}
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_ALL_NUMBER_WORDS = frozenset([*_NUMBER_WORDS, "hundred", *_SCALES])
_NUMBER_WORD = "|".join(sorted(_ALL_NUMBER_WORDS, key=len, reverse=True))
_SPOKEN = re.compile(rf"\b(?P<number>(?:a\s+)?(?:{_NUMBER_WORD})(?:(?:\s+and\s+|\s+|-)(?:{_NUMBER_WORD}))*)\b"
                     r"(?P<percent>\s+percent\b)?")


# every ASCII byte but a letter becomes a space (what separates two words); bytes of other characters stay
_ASCII_NOT_LETTER = bytes(b if b >= 0x80 or chr(b).isalpha() else 0x20 for b in range(256))


def content_words(text: str) -> frozenset[str]:
    return frozenset(word_set(text.casefold()) - STOPWORDS)


# `word_set` and `encoded_words` are `_WORD.findall` without a regex step per character: no ASCII character but a
# letter is part of a word, so splitting the text's UTF-8 bytes at those (one C pass) gives each word whole, and
# only a piece holding another character is split by `_WORD` itself. A piece is valid UTF-8, as no byte of a
# multi-byte character is ASCII; a lone surrogate passes through and, being no letter, is in no word.

def word_set(text: str) -> set[str]:
    """The distinct words of `text`: `set(_WORD.findall(text))`."""
    words: set[str] = set()
    for piece in set(_letter_pieces(text)):
        if piece.isascii():
            words.add(piece.decode("ascii"))
        else:
            words.update(_WORD.findall(piece.decode("utf-8", "surrogatepass")))
    return words


def encoded_words(text: str) -> list[bytes]:
    """The words of `text` in order, each UTF-8 encoded: `[w.encode() for w in _WORD.findall(text)]`."""
    pieces = _letter_pieces(text)
    if text.isascii():
        return pieces
    return [word for piece in pieces for word in ((piece,) if piece.isascii() else _encoded_words_of(piece))]


def _letter_pieces(text: str) -> list[bytes]:
    return text.encode("utf-8", "surrogatepass").translate(_ASCII_NOT_LETTER).split()


def _encoded_words_of(piece: bytes) -> list[bytes]:
    return [word.encode("utf-8") for word in _WORD.findall(piece.decode("utf-8", "surrogatepass"))]


def figures(text: str) -> frozenset[str]:
    """Numbers with their currency and scale, so "$2M" and "$200K" differ and "9,500" equals "9500"; and numbers
    said in words, as transcripts write them ("three thousand" is "3000", "forty percent" "40%")."""
    written = {_written_figure(number) for number in set(_NUMBER.findall(text))}  # each distinct one written once
    return frozenset(written | set(_spoken_numbers(text)))


def _written_figure(number: str) -> str:
    """A written number as a figure: no spaces, no thousands separators, lower case."""
    return _THOUSANDS.sub("", "".join(number.split())).lower()


def _spoken_numbers(text: str) -> list[str]:
    """Runs of number words worth a figure: ten or more, or with a scale ("a hundred and sixty" is 160); "one
    big thing" or "two of us" are words."""
    found = []
    for match in _spoken_matches(text.casefold()):
        words = [w for w in re.split(r"[\s-]+", match.group("number")) if w not in ("and", "a")]
        value, scaled = _number_value(words)
        if value >= 10 or scaled:
            found.append(f"{value}%" if match.group("percent") else str(value))
    return found


def _spoken_matches(text: str) -> Iterator[re.Match]:
    """What `_SPOKEN.finditer(text)` finds, the pattern tried only where a number word is written.

    Each number word of a match is a whole word, so the words of the text tell which
    can start one, and a search for each finds where. A match found from its first
    number word rather than from an "a" before it says the same number ("a" is no
    part of its value), and no match ends between that "a" and the word.
    """
    written = word_set(text) & _ALL_NUMBER_WORDS
    starts = sorted({at for word in written for at in _occurrences(text, word)})
    end = 0
    for start in starts:
        if start >= end and (match := _SPOKEN.match(text, start)):
            end = match.end()
            yield match


def _occurrences(text: str, word: str) -> Iterator[int]:
    """Every index at which `word` is written in `text`, inside longer words too."""
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


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
