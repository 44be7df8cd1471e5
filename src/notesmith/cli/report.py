"""How an ingest run is shown: a rich table and totals for people, one JSON object for scripts, plan diffs."""

from __future__ import annotations

import difflib
from pathlib import Path, PurePosixPath

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from notesmith.app.ingest import IngestReport
from notesmith.domain.plan import OperationKind

_STATUS_STYLE = {"ingested": "green", "planned": "cyan", "known": "dim", "skipped": "yellow", "failed": "red"}


def report_json(report: IngestReport, dry_run: bool) -> dict:
    return {
        "dry_run": dry_run,
        "sources": [
            {"name": o.name, "status": o.status, "detail": o.detail,
             "operations": [{"kind": op.kind.value, "path": op.path, "changes": op.changes}
                            for op in (o.plan.operations if o.plan else [])],
             "warnings": o.plan.warnings if o.plan else []}
            for o in report.outcomes
        ],
        "totals": totals(report),
        "recovered": report.recovered,
        "commit": report.commit,
        "llm": report.usage.as_dict() if report.usage else None,
        "index_warning": report.index_warning,
    }


def totals(report: IngestReport) -> dict[str, int]:
    return {
        "ingested": report.count("ingested"),
        "planned": report.count("planned"),
        "known": report.count("known"),
        "skipped": report.count("skipped"),
        "failed": report.count("failed"),
        "notes_created": report.operations(OperationKind.create_note),
        "notes_updated": report.operations(OperationKind.update_note),
        "tasks_proposed": report.tasks_proposed,
    }


def print_report(console: Console, report: IngestReport, dry_run: bool) -> None:
    for line in report.recovered:
        console.print(f"[yellow]recovered:[/yellow] {escape(line)}", highlight=False)
    table = Table(title="Dry run — nothing was written" if dry_run else "Ingest", show_lines=False)
    for column in ("source", "status", "result"):
        table.add_column(column, overflow="fold")
    for outcome in report.outcomes:
        style = _STATUS_STYLE.get(outcome.status, "")
        table.add_row(escape(outcome.name), f"[{style}]{outcome.status}[/{style}]", escape(outcome.detail))
    if report.outcomes:
        console.print(table)
    for outcome in report.outcomes:
        for warning in outcome.plan.warnings if outcome.plan else []:
            console.print(f"[yellow]warning:[/yellow] {escape(outcome.name)}: {escape(warning)}", highlight=False)
    t = totals(report)
    would = " would be" if dry_run else ""
    console.print(
        f"{t['ingested'] + t['planned']} sources{would} ingested, {t['known']} already known, "
        f"{t['skipped']} no meeting, {t['failed']} failed; "
        f"notes{would} created {t['notes_created']}, updated {t['notes_updated']}; tasks proposed {t['tasks_proposed']}",
        highlight=False)
    if report.usage:
        console.print(report.usage.summary(), markup=False, highlight=False)
    if report.commit:
        console.print(f"git commit {report.commit[:10]}", highlight=False)
    if report.index_warning:
        console.print(f"[yellow]warning:[/yellow] {escape(report.index_warning)}", highlight=False)


def print_plan(console: Console, report: IngestReport, root: Path, with_diff: bool) -> None:
    """Every operation of every planned source; with `with_diff`, the text diff of each note."""
    for outcome in report.outcomes:
        if not outcome.plan:
            continue
        console.rule(escape(outcome.name))
        for op in outcome.plan.operations:
            console.print(f"{op.kind.value:18} {escape(op.path)}  [dim]{escape('; '.join(op.changes))}[/dim]", highlight=False)
            if with_diff and op.content is not None and op.path.endswith(".md"):
                target = root / PurePosixPath(op.path)
                before = target.read_text(encoding="utf-8").splitlines(keepends=True) if target.is_file() else []
                after = op.content.decode("utf-8").splitlines(keepends=True)
                diff = difflib.unified_diff(before, after, f"a/{op.path}", f"b/{op.path}")
                console.print("".join(diff), highlight=False, markup=False)
