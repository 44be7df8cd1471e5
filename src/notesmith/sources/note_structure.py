"""What of a written note is its own text: code fences, comments, templates and placeholders set aside."""

from __future__ import annotations

import re
from collections.abc import Callable

# A fence holds a transcript only when it is plain text (MacWhisper exports wrap theirs in ```text); a fence of
# any other kind (```tasks, ```dataview, ```query, code) is never text of the meeting.
_TEXT_FENCES = {"", "text", "txt", "plain", "plaintext", "transcript"}
_FENCE = re.compile(r"^[ \t]{0,3}(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*?)[ \t]*$")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
# A Templater command spans a few lines at most; bounded, so that `<%` left open costs no scan of the whole note.
_TEMPLATER = re.compile(r"<%.{0,2000}?%>", re.DOTALL)
_MUSTACHE = re.compile(r"\{\{[^{}\n]*\}\}")
_INLINE_QUERY = re.compile(r"`\$?=[^`\n]*`")
_EMPTY_LINK = re.compile(r"\[\[\s*(?:\|[^\]]*)?\]\]")
_TBD = re.compile(r"(?<![\w@])@?\bTBD\b|_(?:Unknown|TBD|N/A|None)_", re.IGNORECASE)
# A predecessor's or a template's prompt left unfilled: a whole line in italics that asks, trails off or says
# there is nothing ("_What are the next actions?_", "_Brief description..._", "_No known blockers._").
_ITALIC_LINE = re.compile(r"^\s*(?:[-*+]\s+)?([_*])(?P<text>[^_*\n]+)\1\s*$")
_NOTHING = re.compile(r"^(?:no|none|nothing|unknown|n/a|tbd)\b", re.IGNORECASE)
# Text written for a model, pasted into a note ("You are a helpful assistant…", "Prompt: summarize…"): its
# paragraph is no one's words.
_PROMPT = re.compile(r"^\s*(?:>\s*)?(?:you are (?:a|an) [\w\s-]{0,40}?(?:assistant|model|ai|agent|summari[sz]er"
                     r"|note-?taker)\b|(?:system |user )?prompt\s*:)", re.IGNORECASE)
_MAY_HOLD_PLACEHOLDER = re.compile(r"[{<`\[_*@]|tbd", re.IGNORECASE)
_LEFT_EMPTY = re.compile(r"^\s*(?:[-*+]|\d+[.)]|[-*+]\s+\[.\]|>|#{1,6}|\*\*[^*]*:\*\*|\*\*[^*]*\*\*:)?\s*$")


def readable_text(body: str, is_transcript: Callable[[str], bool]) -> str:
    """`body` without the parts that are not the note's text. A fence's lines are kept (without the fence) only
    when it is a plain-text fence that `is_transcript`; a line left with a bare bullet or checkbox, or emptied by
    a removal, goes; blank lines stay. A Templater block over several lines leaves its line breaks."""
    text = _without_prompts(_without_comments(_without_fences(body, is_transcript)))
    text = _TEMPLATER.sub(lambda m: "\n" * m.group().count("\n") if "\n" in m.group() else m.group(), text)
    lines = []
    for line in text.split("\n"):
        cleaned = _without_placeholders(line)
        if cleaned.strip() and _LEFT_EMPTY.match(cleaned) or cleaned != line and not cleaned.strip():
            continue
        lines.append(cleaned)
    return "\n".join(lines)


def _without_prompts(text: str) -> str:
    """Each paragraph that starts as a prompt to a model goes, up to the next blank line."""
    lowered = text.lower()
    if "prompt" not in lowered and "you are" not in lowered:
        return text
    out: list[str] = []
    in_prompt = False
    for line in text.split("\n"):
        if not line.strip():
            in_prompt = False
        elif not in_prompt and (not out or not out[-1].strip()) and _PROMPT.match(line):
            in_prompt = True
        if not in_prompt:
            out.append(line)
    return "\n".join(out)


def _without_comments(text: str) -> str:
    """HTML comments, until none is left (taking one out can join `<!` and `--` into another)."""
    while True:
        cleaned = _COMMENT.sub("", text)
        if cleaned == text:
            return text
        text = cleaned


def _without_fences(body: str, is_transcript: Callable[[str], bool]) -> str:
    out: list[str] = []
    lines = body.split("\n")
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if not opening:
            out.append(lines[i])
            i += 1
            continue
        end = _closing_fence(lines, i + 1, opening.group("fence"))
        inside = lines[i + 1 : end]
        if opening.group("info").lower() in _TEXT_FENCES and is_transcript("\n".join(inside)):
            out += inside
        i = end + 1
    return "\n".join(out)


def _closing_fence(lines: list[str], start: int, fence: str) -> int:
    """The index of the line closing a fence opened with `fence`; an unclosed fence runs to the end."""
    for j in range(start, len(lines)):
        closing = _FENCE.match(lines[j])
        if closing and not closing.group("info") and closing.group("fence")[0] == fence[0] \
                and len(closing.group("fence")) >= len(fence):
            return j
    return len(lines)


def _without_placeholders(line: str) -> str:
    if not _MAY_HOLD_PLACEHOLDER.search(line):
        return line
    italic = _ITALIC_LINE.match(line)
    if italic and _is_prompt(italic.group("text").strip()):
        return ""
    for pattern in (_TEMPLATER, _MUSTACHE, _INLINE_QUERY, _EMPTY_LINK, _TBD):
        line = pattern.sub("", line)
    return line


def _is_prompt(text: str) -> bool:
    return text.endswith(("?", "...", "…")) or bool(_NOTHING.match(text))


def has_placeholder(text: str) -> bool:
    """A template's placeholder (`{{title}}`, `<% tp.file.title %>`) is in `text`."""
    return bool(_MUSTACHE.search(text) or _TEMPLATER.search(text))
