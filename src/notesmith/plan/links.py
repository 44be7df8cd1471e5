"""Wikilinks as notesmith writes them: to a note's file name, with the real title shown when it differs."""

from __future__ import annotations

import re

from notesmith.vault.layout import note_link_target

_LINK_UNSAFE = re.compile(r"[\[\]|]")
# A generated bullet ends with its provenance: ([[meeting|date]], [[other meeting|date]])
PROVENANCE = re.compile(r"\s*\(((?:\[\[[^\]]+\]\](?:,\s*)?)+)\)\s*$")


def wikilink(note_path: str, display: str | None = None) -> str:
    target = note_link_target(note_path)
    shown = _LINK_UNSAFE.sub("", display or "").strip()
    return f"[[{target}|{shown}]]" if shown and shown != target else f"[[{target}]]"
