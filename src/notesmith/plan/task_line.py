"""Moved to notesmith.notes.task_line; this name stays until every importer uses the new one."""

from notesmith.notes.task_line import render_task_line  # noqa: F401 - moved to notesmith.notes.task_line; importers outside this helper's files still use this name
