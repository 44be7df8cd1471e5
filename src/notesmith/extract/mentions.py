"""Organizations, projects and people a source names, found by how such names are written."""

from __future__ import annotations

import re

from notesmith.domain import Mentions, Source
from notesmith.sources.organization_names import find_organizations
from notesmith.sources.title_contact import contact_in_title

# "Project" not preceded by a word character or a hyphen, looked back at after the word is matched: a pattern that
# starts with a word is found by the word's search, many times faster than trying every position.
_PROJECT = re.compile(r"(Project(?<![\w-]Project)\s[A-Z][\w&'’-]*)(?![\w-])")


def find_mentions(source: Source) -> Mentions:
    contact = contact_in_title(source.title)
    return Mentions(
        people=_frontmatter_list(source.frontmatter, "people"),
        organizations=_unique(([contact.organization] if contact else []) + find_organizations(source.text)
                              + _frontmatter_list(source.frontmatter, "organizations")),
        projects=_unique(_PROJECT.findall(source.text) + _frontmatter_list(source.frontmatter, "projects")),
    )


def _frontmatter_list(frontmatter: dict, key: str) -> list[str]:
    """`entities.<key>` or `<key>` lists; wikilink brackets removed."""
    entities = frontmatter.get("entities")
    values = entities.get(key) if isinstance(entities, dict) else None
    values = values if isinstance(values, list) else frontmatter.get(key)
    if not isinstance(values, list):
        return []
    return [str(v).strip().removeprefix("[[").removesuffix("]]").split("|")[0].strip() for v in values if str(v).strip()]


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(" ".join(name.split()).casefold(), " ".join(name.split()))
    return list(seen.values())
