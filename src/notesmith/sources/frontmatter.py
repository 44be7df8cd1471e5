"""Moved to notesmith.notes.frontmatter; this name stays until every importer uses the new one."""

from notesmith.notes.frontmatter import split_frontmatter  # noqa: F401 - moved to notesmith.notes.frontmatter; importers outside this helper's files still use this name
