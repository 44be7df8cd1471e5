"""Moved to notesmith.notes.markdown; these names stay until every importer uses the new ones."""

from notesmith.notes.markdown import NoteDoc, NoteError, parse_note, render_note  # noqa: F401 - moved to notesmith.notes.markdown; importers outside this helper's files still use these names
