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
_TIME = re.compile(r"(?<![\d:])(?P<h>\d{1,2}):(?P<m>\d\d)(?::\d\d)?\s*(?P<ampm>[AaPp][Mm])?(?![\d:])")


def find_date(text: str) -> dt.date | None:
    """The first calendar date written in `text` (ISO, `Oct 14, 2025`, `14 October 2025`)."""
    found: list[tuple[int, dt.date]] = []
    for pattern in (_ISO, _MONTH_FIRST, _DAY_FIRST):
        for match in pattern.finditer(text):
            date = _to_date(match)
            if date:
                found.append((match.start(), date))
                break
    return min(found)[1] if found else None


def _to_date(match: re.Match) -> dt.date | None:
    parts = match.groupdict()
    month = int(parts["mon"]) if parts.get("mon") else _MONTHS[parts["month"].lower()]
    try:
        return dt.date(int(parts["year"]), month, int(parts["day"]))
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
