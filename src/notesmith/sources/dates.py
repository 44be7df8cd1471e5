"""Dates and times found in titles, file names, frontmatter and text."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ISO = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<mon>\d\d)-(?P<day>\d\d)(?!\d)")
_MONTH_FIRST = re.compile(
    _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)(?!\d)", re.I
)
_DAY_FIRST = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)(?!\d)",
    re.I,
)
# 25/11/2025 or 11/25/2025, read only when one number cannot be a month; 25.11.2025 is always day first.
_NUMERIC = re.compile(
    r"(?<![\w/.-])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d\d)(?![\d/-]|\.\d)")
_WEEKDAYS = r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_TIME = re.compile(r"(?<![\d:])(?P<h>\d{1,2}):(?P<m>\d\d)(?::\d\d)?\s*(?P<ampm>[AaPp][Mm])?(?![\d:])")


def find_date(text: str) -> dt.date | None:
    """The first calendar date written in `text` (ISO, `Oct 14, 2025`, `14 October 2025`, `25/11/2025`)."""
    found = _first_date(text)
    return found[2] if found else None


def is_only_date(text: str) -> bool:
    """`text` is a date and nothing else but a weekday and punctuation (`Tuesday, 2025-08-21.`)."""
    found = _first_date(text)
    if not found:
        return False
    rest = f"{text[: found[0]]} {text[found[1] :]}"
    return not re.sub(rf"\b(?:{_WEEKDAYS})\b|[\W_]", "", rest, flags=re.I)


def _first_date(text: str) -> tuple[int, int, dt.date] | None:
    """(start, end, date) of the first calendar date in `text`."""
    found: list[tuple[int, int, dt.date]] = []
    for pattern in (_ISO, _MONTH_FIRST, _DAY_FIRST, _NUMERIC):
        for match in pattern.finditer(text):
            date = _to_date(match)
            if date:
                found.append((match.start(), match.end(), date))
                break
    return min(found) if found else None


def _to_date(match: re.Match) -> dt.date | None:
    parts = match.groupdict()
    if parts.get("sep"):
        return _numeric_date(int(parts["a"]), int(parts["b"]), int(parts["year"]), day_first=parts["sep"] == ".")
    month = int(parts["mon"]) if parts.get("mon") else _MONTHS[parts["month"].lower()]
    try:
        return dt.date(int(parts["year"]), month, int(parts["day"]))
    except ValueError:
        return None


def _numeric_date(a: int, b: int, year: int, day_first: bool) -> dt.date | None:
    if not day_first and a <= 12 and b <= 12 and a != b:
        return None  # 03/04/2025: March 4 or 3 April, the text does not say
    day, month = (a, b) if day_first or a > 12 else (b, a)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_time(text: str) -> dt.time | None:
    """A wall-clock time such as `9:00 AM` or `16:02`, when the text has one."""
    match = _TIME.search(text)
    if not match:
        return None
    hour, minute = int(match["h"]), int(match["m"])
    ampm = (match["ampm"] or "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def coerce_date(value: object) -> dt.date | None:
    """A frontmatter `date:` value (date, datetime or string) as a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return find_date(value)
    return None


_COMPACT = re.compile(r"(?<!\d)(?P<year>20\d\d)(?P<mon>[01]\d)(?P<day>[0-3]\d)(?!\d)")


def find_file_name_date(stem: str) -> dt.date | None:
    """A date in a file name, including the compact `GMT20251014-090000` form of recorders."""
    date = find_date(stem)
    if date:
        return date
    match = _COMPACT.search(stem)
    return _to_date(match) if match else None
