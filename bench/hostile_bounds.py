"""Bounded work on hostile input: read + extract time and peak memory of long transcripts against the floor, and
the billion-laughs frontmatter and the 2,000-deep quoted reply.

    python bench/hostile_bounds.py [--lines 10000,20000,40000,200000] [--kinds plain,macwhisper,webvtt] [--json]

Each case runs in a fresh subprocess, which reports its own time and peak RSS (VmHWM); the floor is reading and
hashing the same bytes in a fresh subprocess too. Memory is reported as MB of peak RSS per MB of input above the
baseline: a subprocess that imports the same modules and reads and extracts a ten-line transcript. Every name is
made up.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SPEAKERS = ["Ada Albrecht", "Bram Barros", "Cleo Castell", "Dario Dunmore"]
SAID = [
    "I'll send the notes on the importer to {other} by Friday",
    "{other}, can you check the billing export before the review",
    "We decided to keep the audit log as it is until Project Falcon ships",
    "Amber Labs processed {number},000 records last week without errors",
    "Let's go with the second option for the sync agent",
    "I think the main risk is that the restore path slips again",
    "Do we know who owns the staging cluster at Cobalt Systems",
    "Yeah, that makes sense to me",
    "Okay, let me look at the pricing page after this call",
    "Right, right. And then the other thing is the meeting next week",
]
WORDS = ("about the new release and also the budget for quarter maybe then customer data with import export staging "
         "review pricing onboarding latency cluster").split()
KINDS = {"plain": ".txt", "macwhisper": ".txt", "webvtt": ".vtt"}
LAUGH_LEVELS = 9
QUOTE_LEVELS = 2000


def _clock(seconds: int, fraction: str) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}{fraction}"


def transcript(kind: str, lines: int, seed: int = 1) -> bytes:
    """A made-up meeting of `lines` utterances, every one different, four seconds apart."""
    rng = random.Random(seed)
    out = ["WEBVTT", ""] if kind == "webvtt" else []
    for i in range(lines):
        speaker = rng.choice(SPEAKERS)
        other = rng.choice([s for s in SPEAKERS if s != speaker]).split()[0]
        text = rng.choice(SAID).format(other=other, number=rng.randint(2, 950))
        text += "".join(" " + rng.choice(WORDS) for _ in range(rng.randint(0, 8))) + rng.choice(".?.!")
        if kind == "plain":
            out.append(f"{speaker}: {text}")
        elif kind == "macwhisper":
            out.append(f"[{_clock(i * 4, '.00')}] {speaker} : {text}")
        else:
            out += [f"{_clock(i * 4, '.000')} --> {_clock(i * 4 + 3, '.000')}", f"<v {speaker}>{text}</v>", ""]
    return ("\n".join(out) + "\n").encode("utf-8")


def billion_laughs(levels: int = LAUGH_LEVELS) -> bytes:
    """A note whose frontmatter nests aliases nine deep: 9^9 strings once expanded."""
    lines = ["---", "lol0: &lol0 [" + ", ".join(['"lol"'] * 9) + "]"]
    lines += [f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * 9) + "]" for i in range(1, levels)]
    lines += ["title: Laughs", "date: 2026-06-01", "---", "", "# Laughs", "",
              "Ada will send the pricing deck by Friday.", "The budget for the pilot is $40K.", ""]
    return "\n".join(lines).encode("utf-8")


def deep_quote(levels: int = QUOTE_LEVELS) -> bytes:
    """A reply that quotes the whole thread before it, `levels` replies deep: each one says something else."""
    body: list[str] = []
    for k in range(levels):
        writer, reader = SPEAKERS[k % 2], SPEAKERS[(k + 1) % 2].split()[0]
        own = [f"Thanks. I'll send the revised plan number {k} to {reader} by Friday.",
               f"We decided to keep option {k} for the pilot.", "", f"On Mon, 1 Jun 2026, {writer} wrote:"]
        body = own + [f"> {line}" if line else ">" for line in body]
    head = ("From: Ada Albrecht <ada@amber.example>\nTo: Bram Barros <bram@birch.example>\nSubject: Re: plan\n"
            "Date: Wed, 10 Jun 2026 16:20:00 -0400\nContent-Type: text/plain; charset=utf-8\n\n")
    return (head + "\n".join(body) + "\n").encode("utf-8")


def child(mode: str, path: Path) -> dict:
    """Run in the subprocess: `floor` reads and hashes; `extract` reads and extracts."""
    started = time.perf_counter()
    if mode == "floor":
        hashlib.sha256(path.read_bytes()).hexdigest()
        result: dict = {}
    else:
        from notesmith.extract.rules import extract
        from notesmith.sources import ReadContext, read_source

        source = read_source(path, ReadContext())
        extraction = extract(source)
        result = {"utterances": len(source.utterances), "tasks": len(extraction.tasks),
                  "decisions": len(extraction.decisions), "facts": len(extraction.facts),
                  "summary_chars": len(extraction.summary), "warnings": source.warnings[:2]}
    result["seconds"] = time.perf_counter() - started
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def peak_rss_mb() -> float:
    """This process's peak resident memory since it started its program: VmHWM belongs to the memory map exec
    made, while ru_maxrss also counts what the parent held when it forked."""
    status = Path("/proc/self/status")
    if status.exists():
        line = next(line for line in status.read_text().splitlines() if line.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run(mode: str, path: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", mode, str(path)], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


def measure(path: Path, baseline_mb: float) -> dict:
    floor, work = _run("floor", path), _run("extract", path)
    size_mb = path.stat().st_size / 2**20
    return {**work, "mb": round(size_mb, 2), "floor_seconds": floor["seconds"], "baseline_rss_mb": baseline_mb,
            "time_ratio": work["seconds"] / max(floor["seconds"], 1e-6),
            "rss_per_input_mb": (work["peak_rss_mb"] - baseline_mb) / max(size_mb, 1e-6)}


def _row(name: str, m: dict) -> str:
    return (f"{name:<22} {m['mb']:>7.2f} {m['seconds']:>8.2f} {m['floor_seconds']:>8.3f} {m['time_ratio']:>8.0f}"
            f" {m['peak_rss_mb']:>8.0f} {m['rss_per_input_mb']:>7.1f}"
            f"  tasks {m['tasks']} decisions {m['decisions']} facts {m['facts']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", default="10000,20000,40000,200000")
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]))))
        return
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        tiny = Path(folder) / "2026-06-01 tiny.txt"
        tiny.write_bytes(transcript("macwhisper", 10))
        baseline_mb = _run("extract", tiny)["peak_rss_mb"]
        cases = [(f"{kind} {lines}", f"2026-06-01 weekly {kind} {lines}{KINDS[kind]}", lambda k=kind, n=lines:
                  transcript(k, n)) for kind in args.kinds.split(",") for lines in map(int, args.lines.split(","))]
        cases += [("billion laughs", "laughs.md", billion_laughs), ("2000-deep quote", "reply.eml", deep_quote)]
        if not args.json:
            print(f"baseline (imports, a ten-line transcript): peak RSS {baseline_mb:.0f} MB")
            print(f"{'case':<22} {'MB':>7} {'seconds':>8} {'floor s':>8} {'x floor':>8} {'RSS MB':>8} {'MB/MB':>7}")
        for name, file_name, make in cases:
            path = Path(folder) / file_name
            path.write_bytes(make())
            results[name] = measure(path, baseline_mb)
            path.unlink()
            if not args.json:
                print(_row(name, results[name]), flush=True)
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
