"""Relative due dates resolved against the meeting date."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notesmith.extract.due_dates import find_due, resolve_due, without_due_phrase

MONDAY = dt.date(2025, 9, 15)


@pytest.mark.parametrize(
    ("text", "meeting", "due"),
    [
        ("I'll send it to you by Friday", MONDAY, dt.date(2025, 9, 19)),
        ("I will set up a shared channel today", MONDAY, MONDAY),
        ("I'll send the docs tomorrow", MONDAY, dt.date(2025, 9, 16)),
        ("a three-year proposal by the 13th", dt.date(2025, 10, 6), dt.date(2025, 10, 13)),
        ("by the 3rd", dt.date(2025, 10, 6), dt.date(2025, 11, 3)),
        ("share it by next Tuesday", dt.date(2025, 9, 17), dt.date(2025, 9, 23)),
        ("share it next Friday", MONDAY, dt.date(2025, 9, 26)),
        ("the report by end of week", MONDAY, dt.date(2025, 9, 19)),
        ("the numbers by the end of next week", MONDAY, dt.date(2025, 9, 26)),
        ("the numbers by end of next week", dt.date(2025, 9, 20), dt.date(2025, 9, 27)),  # said on a Saturday
        ("size the pilot cluster by 2025-12-12", None, dt.date(2025, 12, 12)),
        ("done by end of month", MONDAY, dt.date(2025, 9, 30)),
        ("by October 27th", MONDAY, dt.date(2025, 10, 27)),
        # said as speech is transcribed: the day spelled out, or with its month after it
        ("send the signed copy by the fourteenth", MONDAY, dt.date(2025, 10, 14)),
        ("the deck before the twenty-first please", MONDAY, dt.date(2025, 9, 21)),
        ("i'll have it done by the twenty first i think", MONDAY, dt.date(2025, 9, 21)),
        ("by the thirtieth", MONDAY, dt.date(2025, 9, 30)),
        ("by the 14th of March", MONDAY, dt.date(2026, 3, 14)),
        ("renew it before the fifth of November", MONDAY, dt.date(2025, 11, 5)),
    ],
)
def test_resolves(text, meeting, due):
    assert resolve_due(text, meeting) == due


@pytest.mark.parametrize("text", ["I'll book it this week", "we should talk soon", "version 2.4 next",
                                  "we meet on the third floor", "the hires land by the second quarter",
                                  "let's decide by the first time we meet"])
def test_nothing_said_nothing_invented(text):
    assert resolve_due(text, MONDAY) is None


def test_relative_dates_need_a_meeting_date():
    assert resolve_due("by Friday", None) is None


@pytest.mark.parametrize(("text", "work", "due"), [
    ("Send Ivo the signed copy by the fourteenth", "Send Ivo the signed copy", dt.date(2025, 10, 14)),
    # the part of the day goes with its date: the work is not "post the requisition morning"
    ("Post the requisition tomorrow morning", "Post the requisition", dt.date(2025, 9, 16)),
    ("Send the deck by Friday first thing", "Send the deck", dt.date(2025, 9, 19)),
    ("Call the bank tomorrow night at the latest", "Call the bank at the latest", dt.date(2025, 9, 16)),
])
def test_the_date_said_leaves_the_task_wording(text, work, due):
    said = find_due(text.lower(), MONDAY)
    assert (without_due_phrase(text, said), said.date) == (work, due)


_SPELLED = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
            "eighteenth", "nineteenth", "twentieth", "twenty-first", "twenty-second", "twenty-third",
            "twenty-fourth", "twenty-fifth", "twenty-sixth", "twenty-seventh", "twenty-eighth")
_SUFFIX = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)), st.integers(1, 28))
def test_a_spelled_day_is_the_day_its_digits_name(meeting, day):
    """The next day of that number on or after the meeting, however it is said."""
    spelled = resolve_due(f"by the {_SPELLED[day - 1]}", meeting)
    assert spelled == resolve_due(f"by the {day}{_SUFFIX.get(day, 'th')}", meeting)
    assert spelled.day == day and meeting <= spelled < meeting + dt.timedelta(days=32)
