"""Task lines in the Obsidian Tasks emoji format, fields in the order DESIGN §6 gives."""

from __future__ import annotations

import datetime as dt

from notesmith.domain import Priority, Task, TaskStatus
from notesmith.extract.task_line import without_task_fields

STATUS_SYMBOL = {TaskStatus.proposed: "?", TaskStatus.open: " ", TaskStatus.in_progress: "/",
                 TaskStatus.done: "x", TaskStatus.rejected: "-"}
PRIORITY_EMOJI = {Priority.highest: "🔺", Priority.high: "⏫", Priority.medium: "🔼", Priority.low: "🔽",
                  Priority.lowest: "⏬"}


def render_task_line(task: Task, task_id: str, owner_link: str | None, created: dt.date | None) -> str:
    """`- [?] text @[[Owner]] 🆔 id ⏫ ➕ created 📅 due ✅ done #task #proposed` — only fields that are known."""
    description = _single_line(task.text)
    parts = [f"- [{STATUS_SYMBOL[task.status]}] {description}"]
    if owner_link:
        parts.append(f"@{owner_link}")
    parts.append(f"🆔 {task_id}")
    if task.priority:
        parts.append(PRIORITY_EMOJI[task.priority])
    if created:
        parts.append(f"➕ {created.isoformat()}")
    if task.due:
        parts.append(f"📅 {task.due.isoformat()}")
    if task.done_date and task.status is TaskStatus.done:
        parts.append(f"✅ {task.done_date.isoformat()}")
    parts.append("#task")
    if task.status is TaskStatus.proposed:
        parts.append("#proposed")
    return " ".join(parts)


def _single_line(text: str) -> str:
    """A description cannot hold line breaks, and any field it carries would be read as one: only the task's own
    fields, written after it, are fields (a `✅ 2020-01-01` in the words goes, date and all)."""
    return without_task_fields(" ".join(text.split()))
