"""Wikilinks, provenance links and names as a note holds them: a link is one link, a name is only text."""

from __future__ import annotations

import functools
import re
from pathlib import PurePosixPath

# `[[target]]`, `[[folder/target#heading|shown]]`, `![[embed]]`: (embed mark, target, shown)
WIKILINK = re.compile(r"(!?)\[\[([^\]|#^]*)(?:[#^][^\]|]*)?(?:\|([^\]]*))?\]\]")


@functools.lru_cache(maxsize=65536)  # the same notes' links are written again and again: pathlib parses each path anew
def note_link_target(path: str) -> str:
    """What goes inside `[[...]]` for a note: its file name without `.md`."""
    return PurePosixPath(path).stem


def link_key(target: str) -> str:
    """How Obsidian matches a link to a file: by its name, case-insensitively, with or without `.md`."""
    name = target.strip().rsplit("/", 1)[-1]
    return (name[:-3] if name.lower().endswith(".md") else name).casefold()


_LINK_UNSAFE = re.compile(r"[\[\]|]")


def wikilink(note_path: str, display: str | None = None) -> str:
    target = note_link_target(note_path)
    shown = " ".join(_LINK_UNSAFE.sub("", _INVISIBLE.sub("", display or "")).split())
    return f"[[{target}|{shown}]]" if shown and shown != target else f"[[{target}]]"


def link_target(link: str) -> str:
    """The note a `[[target|shown]]` link written by wikilink() points at."""
    return link[2:].split("|")[0].rstrip("]")


def links_to(text: str, target: str) -> bool:
    """Whether `text` holds a link to the note `target`, shown as itself or under another name."""
    return f"[[{target}]]" in text or f"[[{target}|" in text


# a link's target and what follows it (heading, shown text): what relinking rewrites
_TARGET_AND_REST = re.compile(r"\[\[([^\]|#]+)([^\]]*)\]\]")


def relinked(text: str, old: str, new: str) -> str:
    """Every `[[old]]`, `[[folder/old|shown]]` or `[[old#heading]]` pointed at `new`; the text shown stays."""
    def repoint(match: re.Match) -> str:
        target, rest = match.group(1), match.group(2)
        if target.strip().rsplit("/", 1)[-1].casefold() != old.casefold():
            return match.group(0)
        return f"[[{new}{rest}]]" if rest else f"[[{new}|{old}]]" if new.casefold() != old.casefold() else f"[[{new}]]"
    return _TARGET_AND_REST.sub(repoint, text)


# A generated bullet ends with its provenance: ([[meeting|date]], [[other meeting|date]])
PROVENANCE = re.compile(r"\s*\(((?:\[\[[^\]]+\]\](?:,\s*)?)+)\)\s*$")
_LINK = re.compile(r"\[\[[^\]]+\]\]")


def with_source(text: str, link: str) -> str:
    """A generated bullet: `text` and the provenance link of where it was said."""
    return f"- {text} ({link})"


def with_provenance_of(line: str, other: str) -> str:
    """`line` with every provenance link `other` carries that it lacks."""
    provenance = PROVENANCE.search(other)
    for link in _LINK.findall(provenance.group(1)) if provenance else []:
        line = with_provenance(line, link)
    return line


def with_provenance(line: str, link: str) -> str:
    match = PROVENANCE.search(line)
    if not match or link in line:
        return line
    return line[: match.end()].rstrip()[:-1] + f", {link})"


# Bidirectional controls show a name as another; controls have no place in a line of text, lone surrogates
# (a YAML escape can make one) none in UTF-8.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
# What Markdown or Obsidian would read as structure: links and tasks ([ ]), tags and headings (#), HTML (<),
# code spans (`), comments (%%), math ($), and the escape itself so that escaping stays unambiguous.
_MARKUP = re.compile(r"[\\\[\]#<`%$]")


def plain_text(text: str) -> str:
    """`text` shown as itself in a note's body: one line, no link, tag, heading, task or HTML of its own.

    Markup characters get a backslash, which Obsidian shows as the character; a name without any stays as is.
    """
    return _MARKUP.sub(r"\\\g<0>", " ".join(_INVISIBLE.sub("", text).split()))


def with_plain_names(text: str, names: list[str]) -> str:
    """`text` on one line, with every name in it that holds markup (`Eve]] [[Admin`) written as plain text:
    a sentence keeps the links its author wrote, but a name never becomes one."""
    line = " ".join(_INVISIBLE.sub("", text).split())
    marked = _marked_names(tuple(names))
    return marked.sub(lambda m: plain_text(m.group(0)), line) if marked else line


@functools.lru_cache(maxsize=256)  # one source's names serve every sentence written from it
def _marked_names(names: tuple[str, ...]) -> re.Pattern | None:
    """The names that hold markup, as one pattern, longest first: a name inside another, or inside one already
    escaped, is not escaped twice; None when no name holds any."""
    marked = sorted({n for n in (" ".join(_INVISIBLE.sub("", name).split()) for name in names)
                     if n and plain_text(n) != n}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, marked))) if marked else None
