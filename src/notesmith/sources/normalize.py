"""Text normalization steps, each a small pure function (DESIGN §3)."""

from __future__ import annotations

import bisect
import re
from collections import Counter


def normalize_line_endings(text: str) -> str:
    """CRLF and CR-only (common in Apple Mail exports) become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _Codepage:
    """A single-byte code page that UTF-8 text is commonly mis-decoded with."""

    def __init__(self, decode_byte) -> None:
        self.to_byte = {decode_byte(b): b for b in range(0x80, 0x100)}
        self.run = re.compile("[" + re.escape("".join(self.to_byte)) + "]{2,}")

    def repair(self, text: str, lost_lead: bool) -> str:
        return self.run.sub(lambda m: _decode_utf8_pieces(m.group(), self.to_byte, lost_lead), text)


def _cp1252_byte(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return bytes([b]).decode("latin-1")


_MAC_ROMAN = _Codepage(lambda b: bytes([b]).decode("mac_roman"))
_CP1252 = _Codepage(_cp1252_byte)


def repair_mac_roman_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as Mac Roman (`Apollo‚Äôs` → `Apollo’s`, `üìÖ` → `📅`).

    A UTF-8 multi-byte character is made only of bytes ≥ 0x80, so its mojibake is a
    run of high characters; each run is re-encoded and only byte sequences that form
    a valid, plausible UTF-8 character are replaced. A lone accented letter (`é`,
    `ü`) is never touched.
    """
    return _MAC_ROMAN.repair(text, lost_lead=True)


def repair_latin1_mojibake(text: str) -> str:
    """Undo UTF-8 decoded as Windows-1252/Latin-1 (`Kurtâ€™s` → `Kurt’s`); quotes stay curly."""
    return _CP1252.repair(text, lost_lead=False)


def repair_mojibake(text: str) -> str:
    if not _adjacent_non_ascii(text):  # mojibake is a run of two or more high characters: nothing to repair
        return text
    return repair_latin1_mojibake(repair_mac_roman_mojibake(text))


def _adjacent_non_ascii(text: str) -> bool:
    """Whether two non-ASCII characters stand side by side somewhere in `text`.

    The encoder writes each non-ASCII character as `&#N;` in C, so two side by side
    leave `;&#`; absent, there are none. A `;&#` of the text itself only costs the
    full search after.
    """
    return b";&#" in text.encode("ascii", "xmlcharrefreplace")


def _decode_utf8_pieces(run: str, to_byte: dict[str, int], lost_lead: bool) -> str:
    """Each character of `run` stands for one byte; decodable pieces are replaced, the rest kept."""
    data = bytes(to_byte[c] for c in run)
    out: list[str] = []
    i = 0
    while i < len(data):
        width = _utf8_width(data[i])
        decoded = _plausible_utf8(data[i : i + width]) if width and i + width <= len(data) else None
        if decoded is None and lost_lead:
            decoded = _emoji_without_lead(data[i : i + 3])
            width = 3
        if decoded:
            out.append(decoded)
            i += width
        else:
            out.append(run[i])
            i += 1
    return "".join(out)


def _emoji_without_lead(piece: bytes) -> str | None:
    """`üîΩ` with its invisible first character (U+F8FF, byte 0xF0) lost on the way.

    Emoji live in U+1F000–U+1FFFF, encoded F0 9F xx xx; three continuation bytes
    starting with 0x9F are that emoji minus its lead byte.
    """
    if len(piece) == 3 and piece[0] == 0x9F and all(0x80 <= b <= 0xBF for b in piece):
        return _plausible_utf8(b"\xf0" + piece)
    return None


# Where repaired text of this domain lands: Latin-1 and Latin Extended-A letters,
# punctuation, currency and symbols, variation selectors, emoji. A sequence decoding
# elsewhere (`€™` → U+06EA, `É…` → U+0245) is a coincidence in clean text, not mojibake.
_PLAUSIBLE = ((0xA0, 0x17F), (0x2000, 0x2BFF), (0xFE00, 0xFE0F), (0x1F000, 0x1FAFF))


def _plausible_utf8(piece: bytes) -> str | None:
    try:
        char = piece.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return char if len(char) == 1 and any(lo <= ord(char) <= hi for lo, hi in _PLAUSIBLE) else None


def _utf8_width(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


_SPACE_LIKE = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u3000"), " ")
_LINE_BREAKS = dict.fromkeys(map(ord, "\u2028\u2029\u0085"), "\n")
_DROPPED = dict.fromkeys(map(ord, "\ufeff\ufffc\u200b\u200c\u200e\u200f\u2060\u00ad\u180e"), None)
_INVISIBLE = _SPACE_LIKE | _LINE_BREAKS | _DROPPED
_TRANSLATED = re.compile("[" + "".join(map(chr, _INVISIBLE)) + "]")
_ZWJ_OUTSIDE_EMOJI = re.compile(r"(?<![^\x00-\x7f])\u200d|\u200d(?![^\x00-\x7f])")
# Unicode category Cc is exactly U+0000–001F and U+007F–009F; tab and newline stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_invisible_characters(text: str) -> str:
    """NBSP and odd spaces → space, U+2028/2029 → newline, BOM/U+FFFC/zero-width/controls removed.

    The zero-width joiner is kept only between two non-ASCII characters, where it
    glues an emoji sequence together.
    """
    # the tables' keys are disjoint and map to plain ASCII, so one pass is the three in turn; translating maps
    # every character through Python, so it is skipped for a text (nearly every one) that has none of them
    if _TRANSLATED.search(text):
        text = text.translate(_INVISIBLE)
    if "\u200d" in text:  # a plain substring test; the pattern's lookarounds are tried at every character
        text = _ZWJ_OUTSIDE_EMOJI.sub("", text)
    return _CONTROL.sub("", text)


def normalize_text(text: str) -> str:
    """The whole-document steps, in order: line endings, mojibake, invisible characters."""
    return clean_invisible_characters(repair_mojibake(normalize_line_endings(text)))


# A loop's keys are its words without what is neither a word character nor a space (`[^\w ]`): the ASCII ones are
# deleted from the UTF-8 bytes in one C pass, and a search for the few others then skips in C over all of ASCII.
_ASCII_NOT_WORD_OR_SPACE = bytes(b for b in range(0x80) if not (chr(b).isalnum() or chr(b) in "_ "))
_OTHER_NOT_WORD_OR_SPACE = re.compile(r"[^\x00-\x7f\w][^\w ]*")
_MAX_UNIT = 40  # words in the longest phrase a loop repeats


def collapse_repetition_loops(text: str, min_repeats: int = 3) -> str:
    """An ASR loop — a phrase repeated back to back — is kept once.

    A phrase of two or more words repeated `min_repeats` times or more, or a single
    word repeated four times or more, is collapsed; ordinary emphasis ("no, no")
    is left alone.
    """
    words = text.split()  # what \S+ finds: both split on str.isspace
    if len(words) < 4:
        return text
    return _collapsed(text, words, _loop_keys(words), min_repeats)


def collapse_loops_of_each(texts: list[str], min_repeats: int = 3) -> list[str]:
    """`collapse_repetition_loops(" ".join(text.split()))` of each text (a transcript's turns), the keys of all
    of them found in one pass over their join: one regex call per transcript, not one per turn."""
    spaced = [" ".join(text.split()) for text in texts]
    keys = _loop_keys([text for text in spaced if text])  # each text's words, then the next text's
    collapsed: list[str] = []
    at = 0
    for text in spaced:
        count = text.count(" ") + 1 if text else 0  # single spaces: one fewer than the words
        collapsed.append(_collapsed(text, None, keys[at : at + count], min_repeats) if count >= 4 else text)
        at += count
    return collapsed


def _collapsed(text: str, words: list[str] | None, keys: list[str], min_repeats: int) -> str:
    """`text` with its loops collapsed, given the keys of its words (and its words, else split when needed)."""
    if not _may_loop(keys, min(min_repeats, 3)):
        return text
    starts = _loop_starts(keys) if min_repeats >= 2 else range(len(keys))
    if not starts:
        return text
    positions: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        positions.setdefault(key, []).append(index)
    loops = {i: loop for i in starts if (loop := _longest_loop_at(keys, positions[keys[i]], i, min_repeats))[0]}
    if not loops:
        return text
    words = text.split() if words is None else words
    kept: list[str] = []
    i = 0
    while i < len(words):
        size, count = loops.get(i, (0, 0))
        if size:
            kept.extend(words[i : i + size])
            i += size * count
        else:
            kept.append(words[i])
            i += 1
    return " ".join(kept) if len(kept) < len(words) else text


def _loop_keys(words: list[str]) -> list[str]:
    """Each word without its punctuation, lower-cased: what two words of a loop share.

    One pass over the words joined by single spaces gives what a pass per word
    would: no word holds a space, and lower-casing (even a final sigma) looks no
    further than the word around a letter. So it does over texts joined, each one
    its words joined.
    """
    text = " ".join(words).encode("utf-8", "surrogatepass").translate(None, _ASCII_NOT_WORD_OR_SPACE).decode(
        "utf-8", "surrogatepass")  # no byte of a character beyond ASCII is ASCII: what is left decodes
    if not text.isascii():
        text = _OTHER_NOT_WORD_OR_SPACE.sub("", text)
    return text.lower().split(" ")


def _may_loop(keys: list[str], said: int) -> bool:
    """Whether some pair of keys side by side is said `said` times, as the first two of a loop are: a phrase
    repeated three times says its first pair three times, and a word said four times in a row the pair of it
    twice three times. Most turns repeat words ("the") but no pair, or one pair twice ("I think"): no loop."""
    # a pair said n times is n - 1 pairs more than the distinct ones; counting them costs more, so only then
    if len(keys) - 1 - len(set(zip(keys, keys[1:]))) < said - 1:
        return False
    return said <= 2 or max(Counter(zip(keys, keys[1:])).values()) >= said


def _loop_starts(keys: list[str]) -> list[int]:
    """Where a loop can start: its first two keys come again within a unit (a word said twice in a row, or a
    phrase whose start follows it)."""
    last_at: dict[tuple[str, str], int] = {}
    starts: set[int] = set()
    for j, pair in enumerate(zip(keys, keys[1:])):
        i = last_at.get(pair)
        if pair[0] == pair[1]:
            starts.add(j)
        elif i is not None and j - i <= _MAX_UNIT:
            starts.add(i)
        last_at[pair] = j
    return sorted(starts)


def _longest_loop_at(keys: list[str], same_key_at: list[int], i: int, min_repeats: int) -> tuple[int, int]:
    """A loop of unit size s starting at i needs keys[i + s] == keys[i]: only those sizes are tried."""
    best = (0, 0)
    limit = min(_MAX_UNIT, (len(keys) - i) // 2)
    start = bisect.bisect_right(same_key_at, i)
    for j in same_key_at[start:]:
        size = j - i
        if size > limit:
            break
        unit = keys[i : i + size]
        if not any(unit):
            continue
        count = 1
        while keys[i + count * size : i + (count + 1) * size] == unit:
            count += 1
        needed = 4 if size == 1 else min_repeats
        if count >= needed and size * count > best[0] * best[1]:
            best = (size, count)
    return best
