"""`notesmith watch` as it runs unattended: a real watcher process on a temp vault, files dropped as recorders and
people drop them, stopped with SIGTERM; and the service files `--install` writes."""

from __future__ import annotations

import json
import plistlib
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_cli import notesmith
from vaults import make_vault

from notesmith.watch.install import install_service
from notesmith.watch.settle import Settling

DEADLINE_S = 60  # generous: the machine is shared; nothing here asserts how long anything took


def transcript_lines(day: int, turns: int) -> list[str]:
    """An Otter-style standup of made-up people, as lines a recorder appends one turn at a time."""
    lines = [f"Kestrel standup {day}\n", f"Apr {day}, 2026 9:30 AM\n", "\n"]
    for turn in range(turns):
        speaker = ("Mei Chen", "Robin Hale", "Tomás Ortega")[turn % 3]
        lines.append(f"{speaker}  0:{turn * 7 % 60:02d}\nThe restore of volume {day}-{turn} took {turn + 3} minutes, "
                     f"and I'll post the timings for volume {day}-{turn} by Friday.\n\n")
    return lines


def write_transcript(path: Path, day: int, turns: int = 6) -> Path:
    path.write_text("".join(transcript_lines(day, turns)), encoding="utf-8")
    return path


def wait_for(condition, what: str, watcher: subprocess.Popen | None = None):
    """Poll until `condition()` is truthy; fail with `what` (and the watcher's output, if it ended) at the deadline."""
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        if watcher is not None and watcher.poll() is not None:
            out, err = watcher.communicate()
            pytest.fail(f"the watcher ended ({watcher.returncode}) before {what}:\n{out}\n{err}")
        time.sleep(0.1)
    pytest.fail(f"not within {DEADLINE_S} s: {what}")


def meeting_notes(vault: Path) -> list[Path]:
    return sorted((vault / "Meetings").rglob("*.md"))


def note_for(vault: Path, day: int) -> list[Path]:
    return [p for p in meeting_notes(vault) if f"standup {day}" in p.name]


@pytest.fixture
def start_watcher():
    """Start `notesmith watch --json` on a vault; every watcher started is stopped at the end of the test."""
    started: list[subprocess.Popen] = []

    def start(vault: Path, *args: str) -> subprocess.Popen:
        process = subprocess.Popen([sys.executable, "-m", "notesmith", "watch", "--vault", str(vault), "--json", *args],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.communicate()


def stop(watcher: subprocess.Popen) -> tuple[int, list[dict], str]:
    """SIGTERM, then the exit code, the JSON log lines and stderr."""
    watcher.send_signal(signal.SIGTERM)
    out, err = watcher.communicate(timeout=DEADLINE_S)
    return watcher.returncode, [json.loads(line) for line in out.splitlines()], err


def test_a_transcript_written_in_chunks_becomes_one_meeting_note_once_it_rests(tmp_path, start_watcher):
    vault = make_vault(tmp_path / "vault")
    watcher = start_watcher(vault, "--settle", "3")
    recording = vault / "Inbox" / "2026-04-03 standup.txt"
    lines = transcript_lines(3, 12)
    with open(recording, "w", encoding="utf-8") as out:  # a recorder appending a turn every 0.4 s for ~5 s
        for line in lines:
            out.write(line)
            out.flush()
            time.sleep(0.4)
    later = write_transcript(vault / "Inbox" / "2026-04-04 standup.txt", 4)
    wait_for(lambda: note_for(vault, 4), "the file dropped after the recording is ingested", watcher)
    code, log, err = stop(watcher)
    assert code == 0, err
    [note] = note_for(vault, 3)
    assert note.read_text(encoding="utf-8").count("## Summary") == 1
    runs = [s for line in log for s in line.get("sources", []) if s["name"] == recording.name]
    assert [s["status"] for s in runs] == ["ingested"]
    assert not recording.exists() and not later.exists()  # moved into Sources/
    [archived] = (vault / "Sources").rglob(recording.name)
    assert archived.read_text(encoding="utf-8") == "".join(lines)  # taken once whole, not while being written


def test_a_bad_file_goes_to_failed_and_the_watcher_takes_the_next_one(tmp_path, start_watcher):
    vault = make_vault(tmp_path / "vault")
    watcher = start_watcher(vault, "--settle", "0.5")
    (vault / "Inbox" / "photo.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    error = vault / "Inbox" / "_failed" / "photo.md.error.txt"
    wait_for(error.is_file, "the bad file is set aside with its error note", watcher)
    write_transcript(vault / "Inbox" / "2026-04-05 standup.txt", 5)
    wait_for(lambda: note_for(vault, 5), "the next file is ingested", watcher)
    code, log, err = stop(watcher)
    assert code == 0, err
    assert "binary file (PNG image)" in error.read_text(encoding="utf-8")
    assert (vault / "Inbox" / "_failed" / "photo.md").is_file()
    statuses = {s["name"]: s["status"] for line in log for s in line.get("sources", [])}
    assert statuses == {"photo.md": "failed", "2026-04-05 standup.txt": "ingested"}


def test_files_in_a_configured_folder_are_copied_never_moved(tmp_path, start_watcher):
    vault = make_vault(tmp_path / "vault")
    exports = tmp_path / "recorder exports"
    exports.mkdir()
    with open(vault / "notesmith.toml", "a", encoding="utf-8") as config:
        config.write(f'\n[watch]\nfolders = ["{exports.as_posix()}"]\nsettle_seconds = 0.5\n')
    watcher = start_watcher(vault)
    export = write_transcript(exports / "2026-04-06 standup.txt", 6)
    wait_for(lambda: note_for(vault, 6), "the exported transcript is ingested", watcher)
    code, _, err = stop(watcher)
    assert code == 0, err
    assert export.read_text(encoding="utf-8") == "".join(transcript_lines(6, 6))  # still there, untouched
    [copy] = (vault / "Sources").rglob(export.name)
    assert copy.read_bytes() == export.read_bytes()


def test_sigterm_mid_run_finishes_the_source_being_applied_and_exits_0(tmp_path, start_watcher):
    vault = tmp_path / "vault"
    assert notesmith("init", str(vault)).returncode == 0  # a vault with its own repository: every run is a commit
    inputs = {write_transcript(vault / "Inbox" / f"2026-03-{day:02d} standup.txt", day, turns=60).name:
              (vault / "Inbox" / f"2026-03-{day:02d} standup.txt").read_bytes() for day in range(1, 29)}
    watcher = start_watcher(vault, "--settle", "0.5")
    wait_for(lambda: meeting_notes(vault), "the first source of the run is applied", watcher)
    code, log, err = stop(watcher)
    assert code == 0, err
    journal = vault / ".notesmith" / "journal"
    assert not journal.exists() or not any(journal.iterdir())
    [run] = [line for line in log if "run" in line]
    assert run["ingested"] >= 1 and run["not_started"] >= 1 and run["failed"] == 0
    archived = {p.name: p.read_bytes() for p in (vault / "Sources").rglob("*standup.txt")}
    waiting = {p.name: p.read_bytes() for p in (vault / "Inbox").glob("*standup.txt")}
    assert sorted([*archived, *waiting]) == sorted(inputs)  # each input applied whole, or untouched in the Inbox
    assert {**archived, **waiting} == inputs
    assert len(meeting_notes(vault)) == len(archived) == run["ingested"]
    untracked = subprocess.run(["git", "status", "--porcelain"], cwd=vault, capture_output=True, text=True).stdout
    assert sorted(line[3:].strip('"') for line in untracked.splitlines()) == sorted(f"Inbox/{n}" for n in waiting)


def test_a_folder_inside_the_vault_is_refused_with_the_reason(tmp_path):
    vault = make_vault(tmp_path / "vault")
    with open(vault / "notesmith.toml", "a", encoding="utf-8") as config:
        config.write('\n[watch]\nfolders = ["Meetings"]\n')
    result = notesmith("watch", "--vault", str(vault))
    assert result.returncode == 2
    assert "[watch] folders: Meetings" in result.stderr and "is inside the vault" in result.stderr


def test_a_file_changing_within_the_settle_time_is_not_taken_until_it_rests(tmp_path):
    now = [0.0]
    settling = Settling(2.0, lambda: now[0])
    growing = tmp_path / "recording.txt"
    growing.write_text("one", encoding="utf-8")
    settling.saw([growing])
    for second in range(1, 6):
        now[0] = second
        growing.write_text("one" + " more" * second, encoding="utf-8")
        assert settling.rested() == []
    now[0] = 6.5
    assert settling.rested() == []  # unchanged for 1.5 s only
    now[0] = 7.5
    assert settling.rested() == [growing]
    settling.taken([growing])
    settling.saw([growing])  # an event with no change: not handed out again
    now[0] = 20
    assert settling.rested() == []


def test_install_writes_a_systemd_user_unit_for_the_vault(tmp_path):
    vault = make_vault(tmp_path / "my vault")
    home = tmp_path / "home"
    result = notesmith("watch", "--install", "--vault", str(vault), env={"HOME": str(home), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    [unit] = (home / ".config" / "systemd" / "user").glob("notesmith-watch-my-vault-*.service")
    text = unit.read_text(encoding="utf-8")
    executable = Path(sys.executable).with_name("notesmith")
    assert f'ExecStart="{executable}" "watch" "--vault" "{vault.resolve()}"' in text
    assert "KillMode=mixed" in text and "WantedBy=default.target" in text
    assert str(unit) in result.stdout
    assert f"systemctl --user daemon-reload && systemctl --user enable --now {unit.name}" in result.stdout
    again = notesmith("watch", "--install", "--vault", str(vault), env={"HOME": str(home), "PATH": "/usr/bin:/bin"})
    assert "already installed, unchanged" in again.stdout
    unit.write_text(text + "# my own line\n", encoding="utf-8")
    replaced = notesmith("watch", "--install", "--vault", str(vault), "--json",
                         env={"HOME": str(home), "PATH": "/usr/bin:/bin"})
    answer = json.loads(replaced.stdout)
    assert answer["status"] == "replaced" and unit.read_text(encoding="utf-8") == text
    assert Path(answer["backup"]).read_text(encoding="utf-8").endswith("# my own line\n")


def test_install_writes_a_launchd_agent_on_macos(tmp_path):
    vault = tmp_path / "vault"
    installed = install_service(vault, ["/opt/homebrew/bin/notesmith"], "darwin", tmp_path / "home",
                                "/opt/homebrew/bin:/usr/bin:/bin")
    assert installed.path.parent == tmp_path / "home" / "Library" / "LaunchAgents"
    agent = plistlib.loads(installed.path.read_bytes())
    assert agent["ProgramArguments"] == ["/opt/homebrew/bin/notesmith", "watch", "--vault", str(vault.resolve())]
    assert agent["Label"] == installed.path.stem and agent["RunAtLoad"] is True
    assert agent["EnvironmentVariables"]["PATH"].startswith("/opt/homebrew/bin")
    assert installed.enable == f"launchctl bootstrap gui/$(id -u) {installed.path}"
    with pytest.raises(Exception, match="systemd .Linux. and launchd .macOS."):
        install_service(vault, ["notesmith"], "win32", tmp_path / "home", "")
