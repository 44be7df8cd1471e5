"""Dates and clock times as inputs write them."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notesmith.sources.dates import find_date, find_file_name_date, find_time
from notesmith.sources.timestamps import parse_clock


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# 1:1 — Priya — 2025-09-15", dt.date(2025, 9, 15)),
        ("Tue, Oct 14, 2025 9:00 AM", dt.date(2025, 10, 14)),
        ("14 October 2025", dt.date(2025, 10, 14)),
        ("September 3rd, 2026 notes", dt.date(2026, 9, 3)),
        ("no date 2025-13-45 here", None),
        ("version 2.4", None),
    ],
)
def test_find_date(text, expected):
    assert find_date(text) == expected


def test_recorder_file_names_carry_compact_dates():
    assert find_file_name_date("GMT20251014-090000_Recording") == dt.date(2025, 10, 14)
    assert find_file_name_date("meeting") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("9:00 AM", dt.time(9, 0)), ("12:15 am", dt.time(0, 15)), ("4:30 PM", dt.time(16, 30)), ("16:02", dt.time(16, 2))],
)
def test_find_time(text, expected):
    assert find_time(text) == expected


@pytest.mark.parametrize(
    ("clock", "seconds"),
    [("00:01:20.55", 80.55), ("1:20", 80.0), ("00:00:01,000", 1.0), ("1:02:03", 3723.0), ("0:61", None)],
)
def test_parse_clock(clock, seconds):
    assert parse_clock(clock) == seconds


@given(st.text(max_size=80))
def test_date_and_clock_parsers_never_raise(text):
    find_date(text)
    find_time(text)
    find_file_name_date(text)
    parse_clock(text)
