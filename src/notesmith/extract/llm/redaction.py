"""E-mail addresses and phone numbers replaced by placeholders before a chunk is sent, put back in the answer."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w+])\+?\d[\d ()./-]{6,}\d(?!\w)")
_PLACEHOLDER = re.compile(r"<(EMAIL|PHONE)_\d+>")


class Redactor:
    """One per source, so the same address gets the same placeholder in every chunk."""

    def __init__(self) -> None:
        self._by_value: dict[str, str] = {}
        self._by_placeholder: dict[str, str] = {}

    def redact(self, text: str) -> str:
        text = _EMAIL.sub(lambda m: self._placeholder("EMAIL", m.group(0)), text)
        return _PHONE.sub(lambda m: self._placeholder("PHONE", m.group(0)) if _is_phone(m.group(0)) else m.group(0),
                          text)

    def restore(self, text: str) -> str:
        return _PLACEHOLDER.sub(lambda m: self._by_placeholder.get(m.group(0), m.group(0)), text)

    def _placeholder(self, kind: str, value: str) -> str:
        if value not in self._by_value:
            placeholder = f"<{kind}_{sum(p.startswith(f'<{kind}') for p in self._by_placeholder) + 1}>"
            self._by_value[value] = placeholder
            self._by_placeholder[placeholder] = value
        return self._by_value[value]


def _is_phone(candidate: str) -> bool:
    """Seven or more digits and not a date, a time or an amount."""
    digits = sum(c.isdigit() for c in candidate)
    return digits >= 7 and not re.fullmatch(r"\d{4}-\d\d-\d\d|\d{1,2}[:.]\d\d(?:[:.]\d\d)?", candidate.strip())
