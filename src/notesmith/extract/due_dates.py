"""Relative due-date expressions resolved against the meeting date; nothing said, nothing invented."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"]
_ISO = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
_WEEKDAY = re.compile(r"\b(by|before|on|until|till|next|this|due)?\s*(" + "|".join(_WEEKDAYS) + r")\b", re.I)
_ORDINAL_DAY = re.compile(r"\b(?:by|before|on|until|due)\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b", re.I)
_MONTH_DAY = re.compile(r"\b(" + "|".join(_MONTHS) + r")\s+(\d{1,2})(?:st|nd|rd|th)?\b", re.I)


def resolve_due(text: str, meeting: dt.date | None) -> dt.date | None:
    """The date a commitment is due, when the words say one; relative forms need the meeting date."""
    iso = _ISO.search(text)
    if iso:
        try:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
    if meeting is None:
        return None
    lowered = text.lower()
    for resolver in (_fixed_words, _weekday, _month_day, _ordinal_day):
        due = resolver(lowered, meeting)
        if due:
            return due
    return None


_NAMED_DAY = (r"today|tonight|this afternoon|this evening|end of (?:the |this )?(?:day|week|month)|eod|eow|tomorrow"
              r"|(?:next |this )?(?:" + "|".join(_WEEKDAYS) + r")|(?:" + "|".join(_MONTHS) + r") \d{1,2}"
              r"(?:st|nd|rd|th)?|20\d\d-\d\d-\d\d")
_BY = r"(?:by|before|on|until|till|due)\s+"
_DUE_PHRASE = re.compile(rf",?\s*\b(?:(?:{_BY})?(?:{_NAMED_DAY})|{_BY}(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th))\b(?!'s)", re.I)


def without_due_phrase(text: str) -> str:
    """The words with the first date expression taken out, for when the due date already says it
    ("…by Friday" is a due date, not part of the work); a possessive ("Tuesday's review") stays."""
    return _DUE_PHRASE.sub("", text, count=1).strip()


def _fixed_words(text: str, meeting: dt.date) -> dt.date | None:
    if re.search(r"\b(today|tonight|this afternoon|this evening|end of (the )?day|eod)\b", text):
        return meeting
    if re.search(r"\btomorrow\b", text):
        return meeting + dt.timedelta(days=1)
    if re.search(r"\b(end of (the |this )?week|eow)\b", text):
        return meeting + dt.timedelta(days=max(0, 4 - meeting.weekday()))
    if re.search(r"\bend of (the |this )?month\b", text):
        return meeting.replace(day=calendar.monthrange(meeting.year, meeting.month)[1])
    return None


def _weekday(text: str, meeting: dt.date) -> dt.date | None:
    match = _WEEKDAY.search(text)
    if not match:
        return None
    target = _WEEKDAYS.index(match[2].lower())
    days = (target - meeting.weekday()) % 7 or 7
    due = meeting + dt.timedelta(days=days)
    if (match[1] or "").lower() == "next" and due.isocalendar()[1] == meeting.isocalendar()[1]:
        due += dt.timedelta(days=7)
    return due


def _month_day(text: str, meeting: dt.date) -> dt.date | None:
    match = _MONTH_DAY.search(text)
    if not match:
        return None
    month = _MONTHS.index(match[1].lower()) + 1
    for year in (meeting.year, meeting.year + 1):
        try:
            due = dt.date(year, month, int(match[2]))
        except ValueError:
            return None
        if due >= meeting:
            return due
    return None


def _ordinal_day(text: str, meeting: dt.date) -> dt.date | None:
    match = _ORDINAL_DAY.search(text)
    if not match:
        return None
    day = int(match[1])
    year, month = meeting.year, meeting.month
    for _ in range(2):
        if day <= calendar.monthrange(year, month)[1]:
            due = dt.date(year, month, day)
            if due >= meeting:
                return due
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None
