"""How the read commands show their answers to people: rich tables and short sections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from notesmith.index.queries import HIGHLIGHT, STATUS_SYMBOLS

if TYPE_CHECKING:
    from notesmith.index.brief import Brief
    from notesmith.index.doctor import Finding
    from notesmith.index.queries import SearchHit, TaskResult
    from notesmith.review.queue import ReviewEntry

_STATUS_SHOWN = {status: f"[{symbol}] {status.replace('_', ' ')}" for status, symbol in STATUS_SYMBOLS.items()}


def print_tasks(console: Console, tasks: list[TaskResult]) -> None:
    if not tasks:
        console.print("No tasks match.")
        return
    table = Table(show_lines=False)
    for column in ("id", "status", "task", "owner", "due", "note"):
        table.add_column(column, overflow="fold", no_wrap=column == "id")
    for task in tasks:
        table.add_row(escape(task.task_id or "—"), _STATUS_SHOWN.get(task.status, task.status), escape(task.text),
                      escape(task.owner or "—"), task.due or "—", escape(f"{task.note_title} (line {task.line})"))
    console.print(table)
    proposed = sum(task.status == "proposed" for task in tasks)
    hint = " (decide with `notesmith task accept|reject ID`, or `notesmith serve`)" if proposed else ""
    console.print(f"{len(tasks)} tasks{hint}", highlight=False, markup=False)


def print_hits(console: Console, hits: list[SearchHit]) -> None:
    if not hits:
        console.print("Nothing found.")
        return
    for hit in hits:
        console.print(f"[bold]{escape(hit.title)}[/bold]  [dim]{hit.type} · {hit.date or 'undated'} · "
                      f"{escape(hit.path)}[/dim]", highlight=False)
        console.print("  " + highlighted(hit.snippet), highlight=False)


def highlighted(snippet: str, start: str = "[bold yellow]", end: str = "[/bold yellow]") -> str:
    """The search snippet with its matched words marked (rich markup by default, any markers on request)."""
    text = escape(snippet) if start.startswith("[") else snippet
    return text.replace(HIGHLIGHT[0], start).replace(HIGHLIGHT[1], end)


def print_brief(console: Console, brief: Brief) -> None:
    console.rule(f"{escape(brief.title)} ({brief.type})")
    console.print(f"[dim]{escape(brief.path)}[/dim]")
    for key, value in brief.profile.items():
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        console.print(f"{key}: {escape(shown)}", highlight=False)
    _section(console, "Key facts", [f"{i['date'] or 'undated'} · {i['text']}" for i in brief.facts])
    _section(console, "Decisions", [f"{i['date'] or 'undated'} · {i['text']}" for i in brief.decisions])
    _section(console, "Open tasks", [f"{t['text']} — {t['owner'] or 'no owner'}" + (f", due {t['due']}" if t["due"] else "")
                                     for t in brief.open_tasks])
    _section(console, "Last meetings", [f"{m['date'] or 'undated'} · {m['title']}" + (f" — {m['summary']}" if m["summary"] else "")
                                        for m in brief.meetings])
    _section(console, "Related", [f"{r['title']} ({r['type']}, {r['shared']} shared notes)" for r in brief.related])


def _section(console: Console, heading: str, lines: list[str]) -> None:
    if not lines:
        return
    console.print(f"\n[bold]{heading}[/bold]")
    for line in lines:
        console.print(f"  - {escape(line)}", highlight=False)


def print_findings(console: Console, findings: list[Finding], fixed: list[str]) -> None:
    if not findings:
        console.print("[green]No problems found.[/green]")
    else:
        table = Table()
        for column in ("check", "where", "problem", "--fix"):
            table.add_column(column, overflow="fold")
        for finding in findings:
            where = finding.path + (f":{finding.line}" if finding.line else "")
            table.add_row(finding.check, escape(where), escape(finding.message), "yes" if finding.fixable else "")
        console.print(table)
        counts: dict[str, int] = {}
        for finding in findings:
            counts[finding.check] = counts.get(finding.check, 0) + 1
        console.print(", ".join(f"{n} {check}" for check, n in counts.items()), highlight=False)
    if fixed:
        console.print(f"Fixed {len(fixed)} notes: " + ", ".join(fixed), highlight=False)


def print_review(console: Console, entries: list[ReviewEntry]) -> None:
    if not entries:
        console.print("[green]Nothing to review.[/green]")
        return
    table = Table()
    for column in ("reason", "name", "could be", "why", "seen in", "to settle it"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        seen = ", ".join(entry.seen_in[:3]) + (f" (+{len(entry.seen_in) - 3})" if len(entry.seen_in) > 3 else "")
        table.add_row(entry.reason, escape(entry.name), escape(", ".join(entry.candidates)),
                      escape("; ".join(entry.evidence)), escape(seen), escape(_how_to_settle(entry)))
    console.print(table)


def _how_to_settle(entry: ReviewEntry) -> str:
    if entry.reason == "merge-suggestion" and entry.candidates:
        return f'notesmith merge "{entry.candidates[0]}" "{entry.name}"'
    if entry.reason == "not-a-person":
        return "delete the note" + (f", or merge it into {entry.candidates[0]}" if entry.candidates else "")
    if entry.reason.startswith("check-"):  # a note marked `review: needed`: dismissing a name does not settle it
        return "remove `review: needed` from the note (or Looks right in notesmith serve)"
    return f'notesmith review --dismiss "{entry.name}"'

