"""`notesmith ingest --jobs N`: reading and extraction in N processes, one ordered writer, the same vault byte for
byte as `--jobs 1`."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from conftest import EXAMPLES
from test_cli import notesmith
from vaults import make_vault

RUNTIME = (".notesmith/lock", ".notesmith/index.sqlite", ".notesmith/journal/")  # the lock, the derived index


def varied_inputs(folder: Path) -> list[Path]:
    """The bundled examples (every format: MacWhisper, WebVTT, SRT, Otter, notes, e-mail) and made-up meetings in
    three recorder formats, enough that two worker processes start; one file no reader takes."""
    folder.mkdir()
    for example in EXAMPLES.iterdir():
        if example.is_file() and example.name != "notesmith.toml":
            shutil.copyfile(example, folder / example.name)
    people = ["Mei Chen", "Tomás Ortega", "Grace Adeyemi", "Robin Hale"]
    for day in range(1, 8):
        a, b = people[day % 4], people[(day + 1) % 4]
        (folder / f"2026-05-{day:02d} pricing review.vtt").write_text(
            f"WEBVTT\n\n00:00:01.000 --> 00:00:06.000\n<v {a}>We decided to keep the trial at {day + 10} days.\n\n"
            f"00:00:07.000 --> 00:00:12.000\n<v {b}>I'll send the revised quote to Quarry Labs by Friday.\n",
            encoding="utf-8")
        (folder / f"2026-06-{day:02d} hiring sync.srt").write_text(
            f"1\n00:00:01,000 --> 00:00:05,000\n{a}: The second interview loop for role {day} is booked.\n\n"
            f"2\n00:00:06,000 --> 00:00:09,000\n{b}: I'll write up the scorecard for candidate {day} tomorrow.\n",
            encoding="utf-8")
        (folder / f"2026-07-{day:02d} restore standup.txt").write_text(
            f"Kestrel standup {day}\nJul {day}, 2026 9:30 AM\n\n{a}  0:04\nThe restore of volume {day} took "
            f"{day * 7} minutes.\n\n{b}  0:12\nI'll post the timings for volume {day} by Monday.\n", encoding="utf-8")
    (folder / "scan.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    return sorted(folder.iterdir())


def vault_bytes(root: Path) -> dict[str, str]:
    """Every file's sha256 by vault path: notes, archived sources, the ledger and the undo records (under the run's
    id, which is the run's own); git's objects and the runtime files aside."""
    runs = root / ".notesmith" / "runs"
    [run_id] = [p.name for p in runs.iterdir()]
    found = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and not relative.startswith((".git/", *RUNTIME)):
            found[relative.replace(run_id, "RUN")] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def test_two_jobs_write_the_vault_one_job_writes(tmp_path):
    inputs = varied_inputs(tmp_path / "inputs")
    assert len(inputs) >= 16  # two workers start only with at least 8 inputs each
    reports = {}
    for jobs in ("1", "2"):  # each built at the same path (error notes name it), then put aside
        vault = make_vault(tmp_path / "vault", inputs)
        result = notesmith("ingest", "--vault", str(vault), "--jobs", jobs, "--json")
        assert result.returncode == 1, result.stderr  # the scan failed, as it should
        reports[jobs] = json.loads(result.stdout)
        vault.rename(tmp_path / f"jobs-{jobs}")
    assert vault_bytes(tmp_path / "jobs-2") == vault_bytes(tmp_path / "jobs-1")
    one, two = (reports[j]["sources"] for j in ("1", "2"))
    assert [(s["name"], s["status"]) for s in two] == [(s["name"], s["status"]) for s in one]
    assert sum(s["status"] == "ingested" for s in two) >= 25
    assert (tmp_path / "jobs-2" / "Inbox" / "_failed" / "scan.md.error.txt").is_file()


def test_jobs_and_executor_options_say_what_they_take(tmp_path):
    vault = make_vault(tmp_path / "vault")
    zero = notesmith("ingest", "--vault", str(vault), "--jobs", "0")
    assert zero.returncode == 2 and "--jobs" in zero.stderr
    other = notesmith("ingest", "--vault", str(vault), "--executor", "dask")
    assert other.returncode == 2 and "unknown executor 'dask'; choose one of: local, ray" in other.stderr
    stray = notesmith("ingest", "--vault", str(vault), "--ray-address", "10.0.0.5:6379")
    assert stray.returncode == 2 and "--ray-address is for --executor ray" in stray.stderr
