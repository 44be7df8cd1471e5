"""Moved to notesmith.notes.links; this name stays until every importer uses the new one."""

from notesmith.notes.links import PROVENANCE  # noqa: F401 - moved to notesmith.notes.links; importers outside this helper's files still use this name
