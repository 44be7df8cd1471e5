"""The speed and scale bench (DESIGN §10): ingest, no-op re-run, reindex, search and tasks latency, peak memory,
each against the floor of reading and hashing the same bytes in the same run.

    python bench/speed.py [--sizes 100,1000] [--notes 10000] [--queries 200] [--work DIR] [--json]

Everything is synthetic and made up (bench/synthetic.py); nothing is downloaded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import json
import os
import platform
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from synthetic import make_cast, write_inbox

from notesmith.app.ingest import IngestOptions, ingest
from notesmith.app.init import init_vault
from notesmith.app.transaction import Vault, vault_layout
from notesmith.config import load_config
from notesmith.index.queries import (
    OPEN_STATUSES,
    TaskFilter,
    find_tasks,
    owner_names,
    search_notes,
)
from notesmith.index.snapshot import SETTLE_NS
from notesmith.index.store import (
    answer_from_current_index,
    current_index,
    rebuild_index,
    sync_index,
)

OWNER = "Ada Albrecht"
CONFIG = f'[me]\nname = "{OWNER}"\nemployer = "Amber Labs"\n'
WORDS = ["importer", "budget", "restore", "pricing", "audit", "latency", "retention", "onboarding", "cluster", "trial"]


def machine() -> str:
    """The machine as the bench tables name it, with the interpreter that ran: builds of one Python version differ
    (pyenv's default build has no profile-guided optimization, Debian's has), so a table says which it was."""
    return (f"{platform.machine()} · {os.cpu_count()} cores · Python {platform.python_version()} "
            f"from {sys.base_prefix}")


def floor_seconds(paths: list[Path]) -> float:
    """Reading and hashing the bytes: what any tool must at least do."""
    started = time.perf_counter()
    for path in paths:
        hashlib.sha256(path.read_bytes()).hexdigest()
    return time.perf_counter() - started


def new_vault(root: Path) -> tuple:
    root.mkdir(parents=True)
    (root / "notesmith.toml").write_text(CONFIG, encoding="utf-8")
    config = load_config(root / "notesmith.toml", {})
    layout = vault_layout(root, config)
    init_vault(Vault(layout), None)
    return config, layout


def run_ingest(config, layout, run_id: str) -> tuple[float, int]:
    options = IngestOptions(today=dt.date(2026, 11, 22), run_id=run_id, workers=0, cpus=os.cpu_count())
    started = time.perf_counter()
    report = ingest(config, layout, [], options)
    return time.perf_counter() - started, report.count("failed")


def ingest_bench(work: Path, size: int) -> dict:
    config, layout = new_vault(work / f"ingest-{size}")
    inbox = layout.absolute(layout.folders.inbox)
    paths = write_inbox(inbox, size)
    megabytes = sum(p.stat().st_size for p in paths) / 2**20
    floor = floor_seconds(paths)
    seconds, failed = run_ingest(config, layout, "bench-1")
    write_inbox(inbox, size)  # the same bytes again: every one is already known
    noop, _ = run_ingest(config, layout, "bench-2")
    return {"transcripts": size, "megabytes": round(megabytes, 1), "floor_s": round(floor, 3),
            "ingest_s": round(seconds, 2), "ingest_per_source_ms": round(1000 * seconds / size, 1),
            "ingest_vs_floor": round(seconds / floor), "noop_s": round(noop, 2), "noop_vs_floor": round(noop / floor, 1),
            "failed": failed}


def vault_bench_main(description: str, default_runs: int, bench, print_table) -> None:
    """The command line of a bench timed on one synthetic vault: `--notes`, `--runs`, `--work`, `--json`;
    `bench(work, notes, runs)` gives the result, printed as JSON or by `print_table`."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=default_runs)
    parser.add_argument("--work", type=Path, default=None, help="folder for the bench vault (default: a temp folder)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        result = bench(args.work or Path(temporary), args.notes, args.runs)
    if args.json:
        print(json.dumps(result))
    else:
        print_table(result)


def as_of_an_hour_ago(vault: Path) -> None:
    """Notes as a vault has them the morning after, not seconds after they were written: a note changed in the
    last few seconds is hashed again by every command (an edit in the same clock tick must not be missed), which
    would time the first seconds after an ingest instead of a day's use."""
    past = time.time() - 3600
    for path in vault.rglob("*"):
        os.utime(path, (past, past))


def synthetic_vault(root: Path, notes: int, seed: int = 11) -> None:
    """A vault of `notes` notes in notesmith's formats (90% meetings, the rest people/organizations/projects),
    written directly: the index bench must not wait for thousands of ingests."""
    rng = random.Random(seed)
    cast = make_cast(rng, people=notes // 20, organizations=notes // 50, projects=notes // 200)
    (root / "notesmith.toml").parent.mkdir(parents=True, exist_ok=True)
    (root / "notesmith.toml").write_text(CONFIG, encoding="utf-8")
    entities = [("People", "person", n) for n in cast.people] + [("Organizations", "organization", n) for n in
                                                                  cast.organizations] + [
        ("Projects", "project", n) for n in cast.projects]
    meetings = notes - len(entities)
    titles = []
    for index in range(meetings):
        date = dt.date(2023, 1, 2) + dt.timedelta(days=index % 1400)
        title = f"{rng.choice(cast.organizations)} sync {index}"
        titles.append((date, title))
        people = rng.sample(cast.people, 3)
        _write(root / f"Meetings/{date.year}/{date} - {title}.md", _meeting_note(rng, date, title, people, cast))
    for folder, kind, name in entities:
        recent = rng.sample(titles, min(8, len(titles)))
        _write(root / f"{folder}/{name}.md", _entity_note(rng, kind, name, recent))


def _meeting_note(rng: random.Random, date: dt.date, title: str, people: list[str], cast) -> str:
    links = "\n".join(f"- '[[{p}]]'" for p in people)
    tasks = "\n".join(
        f"- [{rng.choice('? x-/')}] Send the {rng.choice(WORDS)} notes to {p.split()[0]}. @[[{rng.choice([p, OWNER])}]] "
        f"🆔 {rng.getrandbits(30):x} ➕ {date} 📅 {date + dt.timedelta(days=rng.randint(1, 30))} #task"
        for p in people)
    facts = "\n".join(f"- {rng.choice(cast.organizations)} moved {rng.randint(2, 900)},000 {rng.choice(WORDS)} "
                      f"records in {rng.randint(2, 50)} minutes." for _ in range(4))
    return (f"---\ntype: meeting\ntitle: {title}\ndate: {date}\nkind: external\nparticipants:\n{links}\n"
            f"tags:\n- meeting\n---\n# {title}\n\n**Date**: {date}\n\n## Summary\n"
            f"We reviewed the {rng.choice(WORDS)} and the {rng.choice(WORDS)} plan for {rng.choice(cast.projects)}.\n\n"
            f"## Decisions\n- Keep the {rng.choice(WORDS)} as it is until {rng.choice(cast.projects)} ships.\n\n"
            f"## Action Items\n{tasks}\n\n## Key Information\n{facts}\n")


def _entity_note(rng: random.Random, kind: str, name: str, recent: list) -> str:
    context = "\n".join(f"- {d} · [[{d} - {t}|{t}]]" for d, t in sorted(recent, reverse=True))
    facts = "\n".join(f"- {name} owns the {rng.choice(WORDS)} budget of ${rng.randint(2, 900)}K. "
                      f"([[{d} - {t}|{d}]])" for d, t in recent[:3])
    return (f"---\ntype: {kind}\ntitle: {name}\ntags:\n- {kind}\n---\n# {name}\n\n## Key Facts\n{facts}\n\n"
            f"## Recent Context\n{context}\n")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def index_bench(work: Path, notes: int, queries: int) -> dict:
    root = work / f"index-{notes}"
    synthetic_vault(root, notes)
    config = load_config(root / "notesmith.toml", {})
    layout = vault_layout(root, config)
    files = sorted(root.rglob("*.md"))
    floor = floor_seconds(files)
    started = time.perf_counter()
    rebuild_index(layout)
    reindex = time.perf_counter() - started
    conn, _ = current_index(layout)
    edited = files[len(files) // 2]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n- One more line.\n", encoding="utf-8")
    started = time.perf_counter()
    sync_index(conn, layout)
    incremental = time.perf_counter() - started
    time.sleep(SETTLE_NS / 1e9)  # steady state: times this recent are re-checked by every read (racy stamps)
    sync_index(conn, layout)
    conn.close()
    rng = random.Random(5)
    gc.freeze()  # as `notesmith` does before running a command: what exists already is not walked by collections
    stat_floor_ms = [_timed(lambda: [f.stat() for f in files]) for _ in range(20)]
    check_ms = [_timed(lambda: _fresh_index(layout).close()) for _ in range(queries)]
    search_ms = [_timed(lambda: _search(layout, rng.choice(WORDS) + " " + rng.choice(WORDS))) for _ in range(queries)]
    people = [p.stem for p in (root / "People").glob("*.md")]
    tasks_ms = [_timed(lambda: _tasks_query(layout, rng.choice([*people, "me"]), config.me.names()))
                for _ in range(queries)]
    conn = _fresh_index(layout)
    query_ms = [_timed(lambda: search_notes(conn, rng.choice(WORDS) + " " + rng.choice(WORDS))) for _ in range(queries)]
    task_query_ms = [_timed(lambda: _owner_tasks(conn, rng.choice([*people, "me"]), config.me.names()))
                     for _ in range(queries)]
    conn.close()
    return {"notes": len(files), "megabytes": round(sum(f.stat().st_size for f in files) / 2**20, 1),
            "floor_s": round(floor, 3), "reindex_s": round(reindex, 2), "reindex_vs_floor": round(reindex / floor),
            "incremental_s": round(incremental, 3), "stat_every_note_p50_ms": _pct(stat_floor_ms, 50),
            "freshness_check_p50_ms": _pct(check_ms, 50), "freshness_check_p95_ms": _pct(check_ms, 95),
            "search_p50_ms": _pct(search_ms, 50), "search_p95_ms": _pct(search_ms, 95),
            "search_query_p50_ms": _pct(query_ms, 50), "search_query_p95_ms": _pct(query_ms, 95),
            "tasks_p50_ms": _pct(tasks_ms, 50), "tasks_p95_ms": _pct(tasks_ms, 95),
            "tasks_query_p50_ms": _pct(task_query_ms, 50), "tasks_query_p95_ms": _pct(task_query_ms, 95)}


def _fresh_index(layout):
    """What every read command does first: open the index and bring it up to date with the vault."""
    return current_index(layout)[0]


def _search(layout, query: str):
    """As `notesmith search` does it: the query runs while the notes are checked."""
    return answer_from_current_index(layout, lambda conn: search_notes(conn, query))


def _owner_tasks(conn, owner: str, me: list[str]):
    return find_tasks(conn, TaskFilter(owner_names=owner_names(conn, owner, me), statuses=OPEN_STATUSES))


def _tasks_query(layout, owner: str, me: list[str]):
    conn = _fresh_index(layout)
    try:
        return _owner_tasks(conn, owner, me)
    finally:
        conn.close()


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _pct(values: list[float], percent: int) -> float:
    return round(statistics.quantiles(values, n=100)[percent - 1], 1)


def peak_rss_mb() -> dict:
    kb = 1024
    return {"main_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / kb),
            "largest_worker_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / kb)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000", help="transcript counts to ingest, comma-separated")
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--work", type=Path, default=None, help="folder for the bench vaults (default: a temp folder)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="notesmith-speed-"))
    results = {"machine": machine(),
               "date": dt.date.today().isoformat(), "ingest": [], "index": None}
    for size in (int(s) for s in args.sizes.split(",") if s):
        results["ingest"].append(ingest_bench(work, size))
        if not args.json:
            print(json.dumps(results["ingest"][-1]))
    if args.notes:
        results["index"] = index_bench(work, args.notes, args.queries)
    results["peak_rss"] = peak_rss_mb()
    print(json.dumps(results, indent=None if args.json else 1))
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
