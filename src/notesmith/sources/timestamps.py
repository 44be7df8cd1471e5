"""Clock strings (`00:01:20.55`, `1:20`, `00:00:01,000`) to seconds."""

from __future__ import annotations

import re

_CLOCK = re.compile(r"^(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$")


def parse_clock(value: str) -> float | None:
    """Seconds for `[h:]mm:ss[.frac]`, or None when it is not a clock time."""
    match = _CLOCK.match(value.strip())
    if not match:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if int(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
        return None
    total = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    if fraction:
        total += int(fraction) / 10 ** len(fraction)
    return round(total, 3)
