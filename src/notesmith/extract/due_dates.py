"""Relative due-date expressions resolved against the meeting date; nothing said, nothing invented."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_ISO = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
# "tomorrow morning", "Friday first thing": the part of the day goes with the date (the task is not "…morning")
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night|lunchtime|first thing|at noon))?\b"
_WEEKDAY = re.compile(r"\b(by|before|on|until|till|next|this|due)?\s*(" + "|".join(WEEKDAYS) + r")\b" + _PART_OF_DAY,
                      re.I)
_SPELLED_DAYS = {word: day for day, word in enumerate((
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
    "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
    "twentieth"), start=1)}
_SPELLED_DAYS |= {f"twenty{dash}{word}": 20 + day for word, day in _SPELLED_DAYS.items() if day < 10
                  for dash in ("-", " ")}
_SPELLED_DAYS |= {"thirtieth": 30, "thirty-first": 31, "thirty first": 31}
_MONTH_NAMES = "|".join(MONTHS)
# "by the 14th", "by the fourteenth", "before the 3rd of March". A spelled one needs "the" and no noun after it:
# "by the second quarter", "on the third floor" say no date.
_ORDINAL_DAY = re.compile(
    r"\b(?:by|before|on|until|due)\s+(?:(?:the\s+)?(?P<digits>\d{1,2})(?:st|nd|rd|th)\b"
    r"|the\s+(?P<spelled>" + "|".join(sorted(_SPELLED_DAYS, key=len, reverse=True)) + r")\b"
    r"(?!\s+(?:time|times|quarter|floor|slide|page|item|point|option|one|ones|week|day|month|year|thing|place|round"
    r"|step|version|draft|sprint|phase|half|row|line|person|attempt|meeting|call|batch|part|chapter|level)\b))"
    r"(?:\s+of\s+(?P<month>" + _MONTH_NAMES + r")\b)?", re.I)
_MONTH_DAY = re.compile(r"\b(" + _MONTH_NAMES + r")\s+(\d{1,2})(?:st|nd|rd|th)?\b", re.I)
_TODAY = re.compile(r"\b(today|tonight|this afternoon|this evening|end of (the )?day|eod)\b")
_TOMORROW = re.compile(r"\btomorrow\b" + _PART_OF_DAY)
_END_OF_WEEK = re.compile(r"\b(end of (the |this )?week|eow)\b")
_END_OF_NEXT_WEEK = re.compile(r"\bend of next week\b")
_END_OF_MONTH = re.compile(r"\bend of (the |this )?month\b")
# What may stand before the words of a date and goes with them when they are taken out ("…, by Friday").
_LEADING_BY = re.compile(r",?\s*(?:\b(?:by|before|on|until|till|due)\s+)?$", re.I)
# a word that needs what follows it: the date is then what the work is about ("confirm the code freeze for August
# 29", "aim for the 16th"), not when it is due, and taking it out would leave a fragment
_NEEDS_OBJECT = re.compile(r"\b(?:for|the|a|an|at|in|of|to|from|with|around|after|than|and|or|is|was)$", re.I)


@dataclass(frozen=True)
class SaidDue:
    """A due date and where in the words it was said."""

    date: dt.date
    start: int
    end: int


def resolve_due(text: str, meeting: dt.date | None) -> dt.date | None:
    """The date a commitment is due, when the words say one; relative forms need the meeting date."""
    said = find_due(text, meeting)
    return said.date if said else None


def find_due(text: str, meeting: dt.date | None) -> SaidDue | None:
    """`resolve_due`, with where the date was said."""
    iso = _ISO.search(text)
    if iso:
        try:
            return SaidDue(dt.date(int(iso[1]), int(iso[2]), int(iso[3])), iso.start(), iso.end())
        except ValueError:
            return None
    if meeting is None:
        return None
    lowered = text.lower()
    for resolver in (_fixed_words, _weekday, _month_day, _ordinal_day):
        said = resolver(lowered, meeting)
        if said:
            return said
    return None


def without_due_phrase(text: str, said: SaidDue) -> str:
    """`text` (the words `said` was found in) without the date expression, for when the due date already says it
    ("…by Friday" is a due date, not part of the work); a possessive ("Tuesday's review") stays."""
    if text[said.end : said.end + 2] in ("'s", "’s") or len(text.lower()) != len(text):
        return text  # the spans were found in the lowered text: only the same length keeps them in place
    before = text[: said.start]
    before = before[: _LEADING_BY.search(before).start()]
    if _NEEDS_OBJECT.search(before.rstrip()):
        return text
    return (before + text[said.end :]).strip()


def _said(match: re.Match, date: dt.date | None) -> SaidDue | None:
    return SaidDue(date, match.start(), match.end()) if date else None


def _fixed_words(text: str, meeting: dt.date) -> SaidDue | None:
    for pattern, due in ((_TODAY, lambda: meeting), (_TOMORROW, lambda: meeting + dt.timedelta(days=1)),
                         (_END_OF_WEEK, lambda: _friday(meeting)),
                         (_END_OF_NEXT_WEEK, lambda: _friday(meeting) + dt.timedelta(days=7)),
                         (_END_OF_MONTH, lambda: meeting.replace(day=calendar.monthrange(meeting.year, meeting.month)[1]))):
        match = pattern.search(text)
        if match:
            return _said(match, due())
    return None


def _friday(meeting: dt.date) -> dt.date:
    """The end of the meeting's working week (the meeting day itself when it falls on a weekend)."""
    return meeting + dt.timedelta(days=max(0, 4 - meeting.weekday()))


def _weekday(text: str, meeting: dt.date) -> SaidDue | None:
    match = _WEEKDAY.search(text)
    if not match:
        return None
    target = WEEKDAYS.index(match[2].lower())
    days = (target - meeting.weekday()) % 7 or 7
    due = meeting + dt.timedelta(days=days)
    if (match[1] or "").lower() == "next" and due.isocalendar()[1] == meeting.isocalendar()[1]:
        due += dt.timedelta(days=7)
    return _said(match, due)


def _month_day(text: str, meeting: dt.date) -> SaidDue | None:
    match = _MONTH_DAY.search(text)
    if not match:
        return None
    return _said(match, _next_date(meeting, MONTHS.index(match[1].lower()) + 1, int(match[2])))


def _next_date(meeting: dt.date, month: int, day: int) -> dt.date | None:
    """That day of that month, this year or the next, on or after the meeting; None when there is no such day."""
    for year in (meeting.year, meeting.year + 1):
        try:
            due = dt.date(year, month, day)
        except ValueError:
            return None
        if due >= meeting:
            return due
    return None


def _ordinal_day(text: str, meeting: dt.date) -> SaidDue | None:
    """The next such day on or after the meeting: of the month named, else of the meeting's month or the next."""
    match = _ORDINAL_DAY.search(text)
    if not match:
        return None
    day = int(match["digits"]) if match["digits"] else _SPELLED_DAYS[" ".join(match["spelled"].lower().split())]
    if match["month"]:
        return _said(match, _next_date(meeting, MONTHS.index(match["month"].lower()) + 1, day))
    year, month = meeting.year, meeting.month
    for _ in range(2):
        if day <= calendar.monthrange(year, month)[1]:
            due = dt.date(year, month, day)
            if due >= meeting:
                return _said(match, due)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None
