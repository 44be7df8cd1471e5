"""The review page at scale (issue 23): a 10,000-note vault with 500 proposals, the pages of `notesmith serve`
timed through the ASGI app in-process (server-side: no browser, no socket), median of N.

    python bench/review_page.py [--notes 10000] [--proposals 500] [--repeat 20] [--work DIR] [--json]

Target: the proposals page renders in <= 300 ms. Also timed: the same page's parts (freshness check of the index,
the tasks query, the template), the JSON task list, an accept through the API (a real transaction, not a git
vault), and the evidence quotes of one meeting from a generated transcript (cold: read and rules run; warm).
Everything is synthetic and made up (bench/synthetic.py); nothing is downloaded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import json
import logging
import os
import platform
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from synthetic import make_cast, transcript

from notesmith.app.ingest import IngestOptions, ingest
from notesmith.app.init import init_vault
from notesmith.app.transaction import Vault, vault_layout
from notesmith.config import load_config
from notesmith.index.queries import TaskFilter, find_tasks
from notesmith.index.snapshot import SETTLE_NS
from notesmith.index.store import current_index, rebuild_index
from notesmith.web.app import create_app
from notesmith.web.context import ServeSettings

OWNER = "Ada Albrecht"
CONFIG = f'[me]\nname = "{OWNER}"\nemployer = "Amber Labs"\n'
TOKEN = "bench"
HOST, PORT = "127.0.0.1", 8765
TASKS_PER_MEETING = 4
WORDS = ["importer", "budget", "restore", "pricing", "audit", "latency", "retention", "onboarding", "cluster", "trial"]


def review_vault(root: Path, notes: int, proposals: int, seed: int = 23) -> None:
    """`notes` notes in notesmith's formats; the newest meetings hold `proposals` proposals (four each), every
    other task is already decided (open, done, in progress or rejected)."""
    rng = random.Random(seed)
    cast = make_cast(rng, people=notes // 20, organizations=notes // 50, projects=max(1, notes // 200))
    root.mkdir(parents=True, exist_ok=True)
    (root / "notesmith.toml").write_text(CONFIG, encoding="utf-8")
    entities = [("People", "person", n) for n in cast.people] + [
        ("Organizations", "organization", n) for n in cast.organizations] + [
        ("Projects", "project", n) for n in cast.projects]
    meetings = notes - len(entities)
    proposing = -(-proposals // TASKS_PER_MEETING)
    left = proposals
    for index in range(meetings):
        date = dt.date(2026, 11, 30) - dt.timedelta(days=index // 7)
        title = f"{rng.choice(cast.organizations)} sync {index}"
        count = min(TASKS_PER_MEETING, left) if index < proposing else 0
        left -= count
        people = rng.sample(cast.people, 3)
        _write(root / f"Meetings/{date.year}/{date} - {title}.md", _meeting(rng, date, title, people, count))
    for folder, kind, name in entities:
        _write(root / f"{folder}/{name}.md", f"---\ntype: {kind}\ntitle: {name}\ntags:\n- {kind}\n---\n# {name}\n")


def _meeting(rng: random.Random, date: dt.date, title: str, people: list[str], proposed: int) -> str:
    statuses = ["?"] * proposed + [rng.choice(" x-/") for _ in range(TASKS_PER_MEETING - proposed)]
    tasks = "\n".join(
        f"- [{status}] Send the {rng.choice(WORDS)} notes to {rng.choice(people).split()[0]} "
        f"@[[{rng.choice([*people, OWNER])}]] 🆔 {rng.getrandbits(30):x} ➕ {date} "
        f"📅 {date + dt.timedelta(days=rng.randint(1, 30))} #task{' #proposed' if status == '?' else ''}"
        for status in statuses)
    links = "\n".join(f"- '[[{p}]]'" for p in people)
    return (f"---\ntype: meeting\ntitle: {title}\ndate: {date}\nkind: external\nparticipants:\n{links}\n"
            f"tags:\n- meeting\n---\n# {title}\n\n**Date**: {date}\n\n## Summary\n"
            f"We went through the {rng.choice(WORDS)} plan.\n\n## Action Items\n{tasks}\n")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def web_client(root: Path):
    from starlette.testclient import TestClient

    config = load_config(root / "notesmith.toml", {})
    runs = itertools.count(1)
    settings = ServeSettings(Vault(vault_layout(root, config), "never"), config, HOST, PORT, TOKEN,
                             lambda: dt.date(2026, 12, 2), lambda: f"20261202T{next(runs):06d}-bench")
    return TestClient(create_app(settings), base_url=f"http://{HOST}:{PORT}"), settings


def median_ms(action, repeat: int, warmup: int = 2) -> float:
    for _ in range(warmup):
        action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def page_bench(work: Path, notes: int, proposals: int, repeat: int) -> dict:
    root = work / f"review-{notes}"
    review_vault(root, notes, proposals)
    client, settings = web_client(root)
    layout = settings.vault.layout
    started = time.perf_counter()
    rebuild_index(layout)
    reindex_s = time.perf_counter() - started
    time.sleep(SETTLE_NS / 1e9)  # steady state: stamps this recent are re-checked by every read
    page = client.get("/")
    assert page.status_code == 200 and page.text.count('class="task proposed"') == proposals, page.status_code
    gc.freeze()
    ids = [t["id"] for t in client.get("/api/tasks").json()]
    accepts = iter(ids)
    results = {
        "notes": notes, "proposals": proposals, "reindex_s": round(reindex_s, 2),
        "page_kb": round(len(page.content) / 1024),
        "proposals_page_ms": median_ms(lambda: client.get("/"), repeat),
        "freshness_check_ms": median_ms(lambda: current_index(layout)[0].close(), repeat),
        "tasks_query_ms": _query_ms(layout, repeat),
        "api_tasks_ms": median_ms(lambda: client.get("/api/tasks"), repeat),
        "accept_via_api_ms": median_ms(lambda: _accept(client, next(accepts)), repeat),
        "page_after_accepts_ms": median_ms(lambda: client.get("/"), repeat),
    }
    return results


def _query_ms(layout, repeat: int) -> float:
    conn, _ = current_index(layout)
    try:
        return median_ms(lambda: find_tasks(conn, TaskFilter(statuses=("proposed",))), repeat)
    finally:
        conn.close()


def _accept(client, task_id: str) -> None:
    answer = client.post(f"/api/tasks/{task_id}", json={"status": "open"}, headers={"X-CSRF-Token": TOKEN})
    assert answer.status_code == 200, answer.text


def evidence_bench(work: Path, repeat: int) -> dict:
    """One 30 KB-ish transcript ingested; its meeting's quotes cold (first ask) and warm (kept by the server)."""
    root = work / "evidence"
    root.mkdir(parents=True)
    (root / "notesmith.toml").write_text(CONFIG, encoding="utf-8")
    config = load_config(root / "notesmith.toml", {})
    init_vault(Vault(vault_layout(root, config)), None)
    rng = random.Random(3)
    name, text = transcript(rng, make_cast(rng), 1, dt.date(2026, 3, 2))
    (root / "Inbox" / name).write_text(text, encoding="utf-8")
    ingest(config, vault_layout(root, config), [], IngestOptions(today=dt.date(2026, 12, 2), run_id="bench-1"))
    meeting = next((root / "Meetings").rglob("*.md")).relative_to(root).as_posix()
    client, _ = web_client(root)
    started = time.perf_counter()
    cold = client.get("/fragments/evidence", params={"path": meeting})
    cold_ms = (time.perf_counter() - started) * 1000
    return {"transcript_kb": round(len(text.encode()) / 1024), "quotes": cold.text.count("<blockquote"),
            "evidence_cold_ms": round(cold_ms, 1),
            "evidence_warm_ms": median_ms(lambda: client.get("/fragments/evidence", params={"path": meeting}), repeat)}


def print_table(results: dict) -> None:
    page, evidence = results["page"], results["evidence"]
    print(f"machine: {results['machine']} · date: {results['date']} · median of {results['repeat']}")
    rows = [("proposals page (GET /), target <= 300 ms", page["proposals_page_ms"]),
            ("  of which: index freshness check", page["freshness_check_ms"]),
            ("  of which: proposed-tasks query", page["tasks_query_ms"]),
            ("GET /api/tasks?status=proposed", page["api_tasks_ms"]),
            ("accept one task via the API (transaction + index sync)", page["accept_via_api_ms"]),
            ("proposals page after those accepts", page["page_after_accepts_ms"]),
            (f"evidence of one meeting, {evidence['transcript_kb']} KB transcript, cold", evidence["evidence_cold_ms"]),
            ("evidence of one meeting, warm", evidence["evidence_warm_ms"])]
    print(f"vault: {page['notes']} notes, {page['proposals']} proposals; page {page['page_kb']} KB; "
          f"reindex {page['reindex_s']} s")
    print(f"| {'measure':<58} | {'ms':>7} |\n|{'-' * 60}|{'-' * 9}|")
    for label, value in rows:
        print(f"| {label:<58} | {value:>7} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--proposals", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--work", type=Path, default=None, help="folder for the bench vaults (default: a temp folder)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    logging.disable(logging.INFO)  # the test client logs every request
    work = args.work or Path(tempfile.mkdtemp(prefix="notesmith-review-"))
    results = {"machine": f"{platform.machine()} · {os.cpu_count()} cores · Python {platform.python_version()}",
               "date": dt.date.today().isoformat(), "repeat": args.repeat,
               "page": page_bench(work, args.notes, args.proposals, args.repeat),
               "evidence": evidence_bench(work, args.repeat)}
    if args.json:
        print(json.dumps(results))
    else:
        print_table(results)
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
