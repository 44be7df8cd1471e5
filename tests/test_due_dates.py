"""Relative due dates resolved against the meeting date."""

import datetime as dt

import pytest

from notesmith.extract.due_dates import resolve_due

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
    ],
)
def test_resolves(text, meeting, due):
    assert resolve_due(text, meeting) == due


@pytest.mark.parametrize("text", ["I'll book it this week", "we should talk soon", "version 2.4 next"])
def test_nothing_said_nothing_invented(text):
    assert resolve_due(text, MONDAY) is None


def test_relative_dates_need_a_meeting_date():
    assert resolve_due("by Friday", None) is None
