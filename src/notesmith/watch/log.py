"""The watcher's log: one line per run, in words or as a JSON object."""

from __future__ import annotations

import datetime as dt
import json

from notesmith.app.ingest import IngestReport

STATUS_WORDS = {"known": "already known", "skipped": "no meeting", "failed": "failed"}


def run_line(when: dt.datetime, run_id: str, report: IngestReport, taken: int, as_json: bool) -> str:
    """`2026-12-02 10:31:05 ingested 2, failed 0: a.vtt, b.txt`; the others by name with what happened."""
    left = taken - len(report.outcomes)  # a stop (SIGTERM) ended the run before these; they wait where they are
    if as_json:
        return json.dumps({"time": when.isoformat(timespec="seconds"), "run": run_id,
                           **{status: report.count(status) for status in ("ingested", "known", "skipped", "failed")},
                           "not_started": left, "commit": report.commit, "index_warning": report.index_warning,
                           "sources": [{"name": o.name, "status": o.status, "detail": o.detail}
                                       for o in report.outcomes]}, ensure_ascii=False)
    counts = [f"ingested {report.count('ingested')}", f"failed {report.count('failed')}"]
    counts += [f"{STATUS_WORDS[s]} {report.count(s)}" for s in ("known", "skipped") if report.count(s)]
    counts += [f"stopped before {left}"] if left else []
    names = [o.name if o.status == "ingested" else f"{o.name} ({STATUS_WORDS[o.status]}: {o.detail})"
             for o in report.outcomes]
    warning = f"; {report.index_warning}" if report.index_warning else ""
    return f"{when:%Y-%m-%d %H:%M:%S} {', '.join(counts)}: {', '.join(names) or '-'}{warning}"


def busy_line(when: dt.datetime, reason: str, retry_seconds: float, as_json: bool) -> str:
    if as_json:
        return json.dumps({"time": when.isoformat(timespec="seconds"), "busy": reason, "retry_seconds": retry_seconds},
                          ensure_ascii=False)
    return f"{when:%Y-%m-%d %H:%M:%S} waiting: {reason}; trying again in {retry_seconds:g} s"
