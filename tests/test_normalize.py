"""Normalization steps, with the exact damaged strings of the predecessor's notes."""

import re

from hypothesis import given
from hypothesis import strategies as st

from notesmith.sources.normalize import (
    clean_invisible_characters,
    collapse_loops_of_each,
    collapse_repetition_loops,
    normalize_line_endings,
    normalize_text,
    repair_mojibake,
)


def test_cr_only_and_crlf_line_endings_become_lf():
    assert normalize_line_endings("a\rb\r\nc\nd\r") == "a\nb\nc\nd\n"


def test_reference_note_mojibake_is_repaired():
    # byte for byte as they stand in the predecessor's notes (U+F8FF is Mac Roman's 0xF0)
    assert repair_mojibake("Apollo‚Äôs undefined boundaries") == "Apollo’s undefined boundaries"
    assert repair_mojibake("@Jason \uf8ffüìÖ 2025-10-07 \uf8ffüî∫ #task") == "@Jason 📅 2025-10-07 🔺 #task"
    assert repair_mojibake("üìÖ 2025-10-08 ‚è´ #task") == "📅 2025-10-08 ⏫ #task"
    assert repair_mojibake("notes @Alex \uf8ffüîΩ #task") == "notes @Alex 🔽 #task"
    assert repair_mojibake("sync ‚Äî 2025-10-27") == "sync — 2025-10-27"


def test_emoji_whose_invisible_lead_character_was_lost_is_repaired():
    assert repair_mojibake("üìÖ üî∫ üîΩ") == "📅 🔺 🔽"


def test_latin1_style_mojibake_is_repaired_and_quotes_stay_curly():
    assert repair_mojibake("Kurtâ€™s team") == "Kurt’s team"
    assert repair_mojibake("It’s “fine”") == "It’s “fine”"


def test_real_accented_text_is_left_alone():
    text = "Café Müller, naïve Ångström, São Paulo, Tomás, Zürich — ok. CAFÉ… Dvořák"
    assert repair_mojibake(text) == text


def test_invisible_characters_are_removed_or_mapped():
    text = "a\u00a0b\u2028c\u2029d\ufeffe\ufffcf\u200bg\u200ch\x07i"
    assert clean_invisible_characters(text) == "a b\nc\nde" + "fghi"


def test_emoji_zero_width_joiner_is_kept():
    family = "👩\u200d💻"
    assert clean_invisible_characters(family) == family
    assert clean_invisible_characters("ab\u200dcd") == "abcd"


def test_asr_loop_is_kept_once():
    looped = "Honestly it's been a lot. " + "I'm not kidding. " * 30 + "Anyway."
    assert collapse_repetition_loops(looped) == "Honestly it's been a lot. I'm not kidding. Anyway."


def test_short_emphasis_is_not_a_loop():
    assert collapse_repetition_loops("No, no, that is wrong.") == "No, no, that is wrong."
    assert collapse_repetition_loops("very very good idea") == "very very good idea"
    assert collapse_repetition_loops("the the the the cat sat") == "the cat sat"


def _collapsed_by_definition(text: str, min_repeats: int) -> str:
    """Every unit size tried at every word: what `collapse_repetition_loops` skips by its filters."""
    words = text.split()
    if len(words) < 4:
        return text
    keys = [re.sub(r"[^\w ]+", "", word).lower() for word in words]
    kept, i = [], 0
    while i < len(words):
        best = (0, 0)
        for size in range(1, min(40, (len(keys) - i) // 2) + 1):
            unit, count = keys[i : i + size], 1
            while any(unit) and keys[i + count * size : i + (count + 1) * size] == unit:
                count += 1
            if count >= (4 if size == 1 else min_repeats) and size * count > best[0] * best[1]:
                best = (size, count)
        kept.extend(words[i : i + max(best[0], 1)])
        i += best[0] * best[1] or 1
    return " ".join(kept) if len(kept) < len(words) else text


_LOOP_WORDS = st.sampled_from(["no", "No,", "the", "THE.", "a", "go", "-", "…", "ΟΔΟΣ", "οδος", "Σ.", "İ", "x_1"])
_SPACED_WORDS = st.lists(st.tuples(_LOOP_WORDS, st.sampled_from([" ", "  ", "\n", "\t "])), max_size=20).map(
    lambda pairs: "".join(word + space for word, space in pairs))
# a phrase said a few times between other words, or words at random
_LOOP_TEXT = st.tuples(_SPACED_WORDS, _SPACED_WORDS, st.integers(1, 5), _SPACED_WORDS).map(
    lambda parts: parts[0] + parts[1] * parts[2] + parts[3]) | _SPACED_WORDS


@given(_LOOP_TEXT, st.integers(2, 4))
def test_loops_are_those_of_the_definition(text, min_repeats):
    assert collapse_repetition_loops(text, min_repeats) == _collapsed_by_definition(text, min_repeats)


@given(st.text(), st.integers(2, 4))
def test_loops_of_any_text_are_those_of_the_definition(text, min_repeats):
    assert collapse_repetition_loops(text, min_repeats) == _collapsed_by_definition(text, min_repeats)


@given(st.lists(_LOOP_TEXT | st.text(max_size=30), max_size=8))
def test_loops_of_each_text_are_those_of_each_alone(texts):
    assert collapse_loops_of_each(texts) == [collapse_repetition_loops(" ".join(text.split())) for text in texts]


@given(st.text())
def test_normalize_never_raises_and_is_stable(text):
    once = normalize_text(text)
    assert "\r" not in once
    assert "\u00a0" not in once and "\ufeff" not in once
    assert normalize_text(once) == normalize_text(once)


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_ascii_text_passes_mojibake_repair_unchanged(text):
    assert repair_mojibake(text) == text


_WORDS = ["café", "Müller", "naïve", "São", "Zürich", "Œuvre", "déjà", "Ångström", "Łódź", "Dvořák",
          "’", "“quoted”", "—", "–", "…", "€5", "£3", "±2", "°C", "📅", "🔺", "⏫", "🔽", "✅", "👍",
          "the", "budget", "Q3", "2025-10-08", "@Alex", "#task", "it’s", "CAFÉ…"]
_REAL_TEXT = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12).map(" ".join)


@given(_REAL_TEXT)
def test_utf8_misread_as_mac_roman_is_restored(text):
    damaged = text.encode("utf-8").decode("mac_roman")
    assert repair_mojibake(damaged) == text


@given(_REAL_TEXT)
def test_clean_text_is_never_changed_by_mojibake_repair(text):
    assert repair_mojibake(text) == text
