"""Jinja2 templates (autoescaped) and note Markdown as HTML (raw HTML off, wiki-links made links)."""

from __future__ import annotations

import re
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup, escape

from notesmith.index.queries import HIGHLIGHT

WIKILINK = re.compile(r"\[\[([^\[\]|#^\n]+)(?:[#^][^\[\]|\n]*)?(?:\|([^\[\]\n]+))?\]\]")


def templates() -> Environment:
    env = Environment(loader=PackageLoader("notesmith.web", "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(highlighted=highlighted, linked=linked, clock=clock, q=quote_param, sentence=sentence)
    return env


def markdown_renderer() -> MarkdownIt:
    # a line break in a note is a line break, as Obsidian shows it
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False, "breaks": True})
    md.enable(["table", "strikethrough"])
    md.core.ruler.after("text_join", "wikilinks", _wikilinks)
    return md


def note_html(md: MarkdownIt, markdown: str) -> Markup:
    return Markup(md.render(markdown))  # noqa: S704 - markdown-it escapes text; raw HTML is off


def highlighted(snippet: str) -> Markup:
    """A search snippet with its match markers as <mark>, everything else escaped."""
    text = str(escape(snippet))
    return Markup(text.replace(HIGHLIGHT[0], "<mark>").replace(HIGHLIGHT[1], "</mark>"))  # noqa: S704


def linked(text: object) -> Markup:
    """Plain text (a frontmatter value, a bullet) escaped, its wiki-links made links."""
    parts, at = [], 0
    value = str(text)
    for match in WIKILINK.finditer(value):
        target = match.group(1).strip()
        parts += [str(escape(value[at:match.start()])),
                  f'<a class="wikilink" href="/go?name={quote_param(target)}">{escape(match.group(2) or target)}</a>']
        at = match.end()
    return Markup("".join(parts) + str(escape(value[at:])))  # noqa: S704 - every piece is escaped


def sentence(message: str) -> str:
    """An error or a message as a sentence on the page: capital first, full stop last."""
    text = message.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", ":")) else f"{text}."


def clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def quote_param(value: str | None) -> str:
    return quote(value or "", safe="")


def _wikilinks(state: StateCore) -> None:
    """`[[Target|Label]]` in text becomes a link to /go?name=Target (code spans and fences are left alone)."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        for token in block.children:
            if token.type == "text" and "[[" in token.content:
                children += _split_wikilinks(token.content)
            else:
                children.append(token)
        block.children = children


def _split_wikilinks(text: str) -> list[Token]:
    tokens, at = [], 0
    for match in WIKILINK.finditer(text):
        if match.start() > at:
            tokens.append(_text(text[at:match.start()]))
        target = match.group(1).strip()
        opening = Token("link_open", "a", 1)
        opening.attrs = {"href": f"/go?name={quote_param(target)}", "class": "wikilink"}
        tokens += [opening, _text(match.group(2) or target), Token("link_close", "a", -1)]
        at = match.end()
    if at < len(text):
        tokens.append(_text(text[at:]))
    return tokens


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token
