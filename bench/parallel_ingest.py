"""The parallel ingest bench (issue 25): 1,000 made-up transcripts in four recorder formats, ingested by
`notesmith ingest` as a person runs it into an empty vault and into a 10,000-note vault, with `--jobs 1` and with
the default (one worker per core), beside the floor of reading and hashing the same bytes in the same run.

    python bench/parallel_ingest.py [--sources 1000] [--notes 10000] [--jobs 1,default] [--work DIR] [--json]

Transcripts: Otter text, WebVTT, SRT and MacWhisper markdown in turn; log-normal lengths with a median of 30 KB
(5-90 KB); speech with fillers and restarts; 120 invented people (bench/synthetic.py's cast). The same seed gives
the same bytes. Each vault is a `notesmith init` vault (git included); the 10,000-note one is bench/speed.py's, its
files an hour old (as a vault is the morning after) and indexed before timing, as after any run. Times are
wall-clock of the whole command, process start included.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from speed import CONFIG, as_of_an_hour_ago, floor_seconds, machine, synthetic_vault
from synthetic import MAX_BYTES, MEDIAN_BYTES, MIN_BYTES, Cast, make_cast, sentence

NOTESMITH = [sys.executable, "-m", "notesmith"]
FORMATS = ("otter", "vtt", "srt", "macwhisper")
FILLERS = ["Um, ", "So, ", "Yeah, ", "I mean, ", "Okay so ", "Right, ", ""]
TARGETS_S = {"empty": 30, "10k": 40}


def corpus(folder: Path, count: int, seed: int = 25) -> list[Path]:
    """`count` transcripts written into `folder`, the formats in turn; returns their paths."""
    rng = random.Random(seed)
    cast = make_cast(rng)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        name, text = meeting(rng, cast, index, FORMATS[index % len(FORMATS)])
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def meeting(rng: random.Random, cast: Cast, index: int, shape: str) -> tuple[str, str]:
    """(file name, text) of one meeting among 2-5 of the cast, about two organizations and a project."""
    size = int(min(MAX_BYTES, max(MIN_BYTES, math.exp(rng.gauss(math.log(MEDIAN_BYTES), 0.45)))))
    attendees = rng.sample(cast.people, rng.randint(2, 5))
    focus = Cast(attendees, rng.sample(cast.organizations, 2), rng.sample(cast.projects, 1))
    date = dt.date(2025, 1, 6) + dt.timedelta(days=index % 700)
    title = f"{focus.organizations[0]} sync {index}"
    turns, seconds, length = [], 4.0, 0
    while length < size:
        speaker = rng.choice(attendees)
        said = " ".join(speech(rng, focus, attendees, speaker) for _ in range(rng.randint(1, 4)))
        end = seconds + 2 + len(said) / 15  # about 15 characters a second
        turns.append((speaker, seconds, end, said))
        length += len(said) + 40
        seconds = end + rng.uniform(0.2, 3)
    render = {"otter": _otter, "vtt": _vtt, "srt": _srt, "macwhisper": _macwhisper}[shape]
    extension = {"otter": "txt", "vtt": "vtt", "srt": "srt", "macwhisper": "md"}[shape]
    return f"{date} {title}.{extension}", render(title, date, attendees, turns)


def speech(rng: random.Random, focus: Cast, attendees: list[str], speaker: str) -> str:
    """One thing said as people say it: a filler now and then, sometimes a restart."""
    said = sentence(rng, focus, attendees, speaker)
    if rng.random() < 0.15:
        first = said.split(" ", 1)[0]
        said = f"{first} — {said}"
    filler = rng.choice(FILLERS)
    return filler + said[0].lower() + said[1:] if filler and not said.startswith("I ") else filler + said


def _clock(seconds: float, separator: str = ".") -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}{separator}{int(seconds % 1 * 1000):03d}"


def _otter(title: str, date: dt.date, attendees: list[str], turns: list) -> str:
    lines = [title, f"{date:%a, %b %d, %Y} 10:00 AM", ""]
    for speaker, start, _, said in turns:
        lines += [f"{speaker}  {int(start) // 60}:{int(start) % 60:02d}", said, ""]
    return "\n".join(lines)


def _vtt(title: str, date: dt.date, attendees: list[str], turns: list) -> str:
    cues = [f"{_clock(start)} --> {_clock(end)}\n<v {speaker}>{said}</v>\n" for speaker, start, end, said in turns]
    return "WEBVTT\n\n" + "\n".join(cues)


def _srt(title: str, date: dt.date, attendees: list[str], turns: list) -> str:
    cues = [f"{n}\n{_clock(start, ',')} --> {_clock(end, ',')}\n{speaker}: {said}\n"
            for n, (speaker, start, end, said) in enumerate(turns, 1)]
    return "\n".join(cues)


def _macwhisper(title: str, date: dt.date, attendees: list[str], turns: list) -> str:
    people = "".join(f"  - '[[{name}]]'\n" for name in attendees)
    lines = [f"[{_clock(start)[:-1]}] {speaker} : {said}\n" for speaker, start, _, said in turns]
    return (f"---\nentities:\n  people:\n{people}type: transcript\ndate: '{date}'\n---\n\n# {title} — {date}\n\n"
            f"## Transcript (auto)\n\n```text\n" + "\n".join(lines) + "```\n")


def template_vaults(work: Path, notes: int) -> dict[str, Path]:
    """An empty vault and one of `notes` notes, each made by `notesmith init` (git included), the big one indexed."""
    empty, full = work / "template-empty", work / "template-10k"
    empty.mkdir(parents=True)
    (empty / "notesmith.toml").write_text(CONFIG, encoding="utf-8")
    synthetic_vault(full, notes)
    for root in (empty, full):
        _notesmith("init", str(root))
    as_of_an_hour_ago(full)
    _notesmith("reindex", "--vault", str(full))
    return {"empty": empty, "10k": full}


def timed_ingest(template: Path, inputs: list[Path], target: Path, jobs: str) -> dict:
    """Copy the template, drop the inputs into its Inbox, time one `notesmith ingest`."""
    shutil.copytree(template, target, symlinks=True)
    for path in inputs:
        shutil.copyfile(path, target / "Inbox" / path.name)
    options = [] if jobs == "default" else ["--jobs", jobs]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([*NOTESMITH, "ingest", "--vault", str(target), *options, "--json"], capture_output=True,
                            text=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        raise SystemExit(f"ingest failed ({result.returncode}): {result.stderr[-2000:]}")
    statuses = [s["status"] for s in json.loads(result.stdout)["sources"]]
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    shutil.rmtree(target)
    return {"jobs": jobs, "seconds": round(seconds, 1), "per_source_ms": round(1000 * seconds / len(inputs), 1),
            "cpu_s": round(cpu, 1), "ingested": statuses.count("ingested"), "failed": statuses.count("failed")}


def _notesmith(*args: str) -> None:
    subprocess.run([*NOTESMITH, *args], capture_output=True, check=True)


def bench(work: Path, sources: int, notes: int, jobs: list[str]) -> dict:
    inputs = corpus(work / "inputs", sources)
    megabytes = sum(p.stat().st_size for p in inputs) / 2**20
    sizes = sorted(p.stat().st_size for p in inputs)
    templates = template_vaults(work, notes)
    floor_seconds(inputs)  # warm the file cache: the floor is the floor of reading from memory, as the runs do
    rows = []
    for vault, template in templates.items():
        for chosen in jobs:
            run = timed_ingest(template, inputs, work / "run", chosen)
            rows.append({"vault": vault, **run})
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    return {"date": dt.date.today().isoformat(), "cores": os.cpu_count(),
            "machine": machine(),
            "sources": sources, "megabytes": round(megabytes, 1), "median_kb": round(sizes[len(sizes) // 2] / 1024, 1),
            "notes": notes, "floor_s": round(floor_seconds(inputs), 3), "runs": rows}


def markdown(result: dict) -> str:
    """The table: one row per vault, one column per --jobs choice, the floor and the target."""
    jobs = list(dict.fromkeys(r["jobs"] for r in result["runs"]))
    named = {j: f"default (--jobs {result['cores']})" if j == "default" else f"--jobs {j}" for j in jobs}
    head = f"| {result['date']}, {result['machine']} | floor: read + sha256 | " + " | ".join(
        named[j] for j in jobs) + " | target (default jobs) |"
    lines = [head, "|" + "---|" * (len(jobs) + 3)]
    for vault, label in (("empty", "into an empty vault"), ("10k", f"into a {result['notes']:,}-note vault")):
        runs = {r["jobs"]: r for r in result["runs"] if r["vault"] == vault}
        cells = [f"{runs[j]['seconds']} s ({runs[j]['per_source_ms']:.0f} ms each, {runs[j]['cpu_s']} s CPU)"
                 for j in jobs]
        default = runs.get("default", runs[jobs[-1]])["seconds"]
        verdict = "met" if default <= TARGETS_S[vault] else "not met"
        lines.append(f"| {result['sources']:,} transcripts ({result['megabytes']} MB, median "
                     f"{result['median_kb']} KB) {label} | {result['floor_s']} s | " + " | ".join(cells) +
                     f" | ≤ {TARGETS_S[vault]} s — {verdict} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--jobs", default="1,default", help="comma-separated: numbers, or default (no --jobs)")
    parser.add_argument("--work", type=Path, default=None, help="folder for the bench vaults (default: a temp folder)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="notesmith-parallel-"))
    try:
        result = bench(work, args.sources, args.notes, [j.strip() for j in args.jobs.split(",") if j.strip()])
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result) if args.json else markdown(result))


if __name__ == "__main__":
    main()
