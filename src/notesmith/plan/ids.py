"""Stable identities: a meeting's id and each task's 🆔, derived from content so re-ingest finds them again."""

from __future__ import annotations

import hashlib
import re

_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"
_REPLY_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|wg|sv|tr)\s*(\[\d+\])?\s*:\s*)+", re.I)


def meeting_id_for(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def thread_key(subject: str) -> str:
    """An e-mail thread's identity: its subject without Re:/Fwd: prefixes, case and spacing."""
    return "thread:" + " ".join(_REPLY_PREFIX.sub("", subject).casefold().split())


def task_id(meeting_id: str, text: str) -> str:
    """Six base-36 characters from the meeting and the task's normalized words."""
    words = " ".join(re.findall(r"\w+", text.casefold()))
    number = int(hashlib.sha256(f"{meeting_id}\n{words}".encode()).hexdigest(), 16)
    chars = []
    for _ in range(6):
        number, digit = divmod(number, 36)
        chars.append(_BASE36[digit])
    return "".join(chars)
