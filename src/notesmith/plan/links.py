"""Wikilinks and names as notesmith writes them into a note: a link is one link, a name is only text."""

from __future__ import annotations

import re

from notesmith.vault.layout import note_link_target

_LINK_UNSAFE = re.compile(r"[\[\]|]")
# Bidirectional controls show a name as another; controls have no place in a line of text, lone surrogates
# (a YAML escape can make one) none in UTF-8.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
# What Markdown or Obsidian would read as structure: links and tasks ([ ]), tags and headings (#), HTML (<),
# code spans (`), comments (%%), math ($), and the escape itself so that escaping stays unambiguous.
_MARKUP = re.compile(r"[\\\[\]#<`%$]")
# A generated bullet ends with its provenance: ([[meeting|date]], [[other meeting|date]])
PROVENANCE = re.compile(r"\s*\(((?:\[\[[^\]]+\]\](?:,\s*)?)+)\)\s*$")


def wikilink(note_path: str, display: str | None = None) -> str:
    target = note_link_target(note_path)
    shown = " ".join(_LINK_UNSAFE.sub("", _INVISIBLE.sub("", display or "")).split())
    return f"[[{target}|{shown}]]" if shown and shown != target else f"[[{target}]]"


def plain_text(text: str) -> str:
    """`text` shown as itself in a note's body: one line, no link, tag, heading, task or HTML of its own.

    Markup characters get a backslash, which Obsidian shows as the character; a name without any stays as is.
    """
    return _MARKUP.sub(r"\\\g<0>", " ".join(_INVISIBLE.sub("", text).split()))


def with_plain_names(text: str, names: list[str]) -> str:
    """`text` on one line, with every name in it that holds markup (`Eve]] [[Admin`) written as plain text:
    a sentence keeps the links its author wrote, but a name never becomes one."""
    line = " ".join(_INVISIBLE.sub("", text).split())
    marked = sorted({n for n in (" ".join(_INVISIBLE.sub("", name).split()) for name in names)
                     if n and plain_text(n) != n}, key=len, reverse=True)
    if not marked:
        return line
    # one pass, longest name first: a name inside another, or inside one already escaped, is not escaped twice
    return re.sub("|".join(map(re.escape, marked)), lambda m: plain_text(m.group(0)), line)
