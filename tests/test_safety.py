"""The natural mistakes: the wrong folder, a missing path, a name that collides, a link in the Inbox, a typo in
the config. Nothing outside a vault is touched, no input is lost, every refusal says what to do."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES
from test_cli import notesmith
from vaults import tree_hashes

STANDUP = EXAMPLES / "kestrel-standup.txt"
WRITING_COMMANDS = [("ingest",), ("undo",), ("reindex",), ("merge", "A", "B"), ("doctor", "--fix"),
                    ("review", "--dismiss", "Someone")]


def git(root, *args):
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def everything(root):
    """Every path under `root` with its bytes (folders too), so an empty folder created is seen."""
    return {p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else None for p in root.rglob("*")}


def someone_s_repository(root):
    root.mkdir()
    git(root, "init", "-q")
    (root / "m.txt").write_bytes(STANDUP.read_bytes())
    git(root, "add", "m.txt")
    git(root, "-c", "user.name=Sam", "-c", "user.email=sam@example.org", "commit", "-q", "-m", "mine")
    return root


@pytest.mark.parametrize("command", WRITING_COMMANDS, ids=lambda c: c[0] + ("-" + c[1] if len(c) > 1 else ""))
def test_a_writing_command_in_a_folder_that_is_no_vault_changes_nothing(tmp_path, command):
    folder = someone_s_repository(tmp_path / "project")
    before, head = everything(folder), git(folder, "rev-parse", "HEAD")
    result = notesmith(*command, *(["m.txt"] if command == ("ingest",) else []), cwd=folder)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "is not a notesmith vault" in result.stderr and "notesmith init" in result.stderr
    assert "Traceback" not in result.stderr
    assert everything(folder) == before and git(folder, "rev-parse", "HEAD") == head


def test_read_commands_keep_refusing_a_folder_that_only_has_a_state_folder(tmp_path):
    (tmp_path / ".notesmith").mkdir()
    for command in (("tasks",), ("doctor",), ("search", "budget")):
        result = notesmith(*command, "--vault", str(tmp_path))
        assert result.returncode == 2 and "is not a notesmith vault" in result.stderr, command


def test_a_missing_vault_folder_is_never_created(tmp_path):
    missing = tmp_path / "typo"
    for command in (("ingest", str(STANDUP)), ("undo",), ("reindex",), ("tasks",)):
        result = notesmith(*command, "--vault", str(missing))
        assert result.returncode == 2 and "does not exist" in result.stderr, command
    assert not missing.exists()


def test_a_vault_inside_someone_s_repository_is_never_committed_to(tmp_path):
    repo = someone_s_repository(tmp_path / "project")
    vault = repo / "notes"
    init = notesmith("init", str(vault), "--json")
    assert json.loads(init.stdout)["git"] == "not committed to" and not (vault / ".git").exists()
    shutil.copyfile(STANDUP, vault / "Inbox/kestrel-standup.txt")
    result = notesmith("ingest", "--vault", str(vault), "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["commit"] is None
    assert git(repo, "log", "--format=%s") == "mine\n"


def test_a_repository_notesmith_did_not_create_is_committed_to_only_when_the_config_says_always(tmp_path):
    vault = tmp_path / "v"
    notesmith("init", str(vault), "--no-git")
    git(vault, "init", "-q")
    shutil.copyfile(STANDUP, vault / "Inbox/kestrel-standup.txt")
    assert json.loads(notesmith("ingest", "--vault", str(vault), "--json").stdout)["commit"] is None
    with open(vault / "notesmith.toml", "a", encoding="utf-8") as config:
        config.write('\n[git]\ncommit = "always"\n')
    shutil.copyfile(EXAMPLES / "kestrel-weekly.md", vault / "Inbox/kestrel-weekly.md")
    assert json.loads(notesmith("ingest", "--vault", str(vault), "--json").stdout)["commit"]
    committed = git(vault, "show", "--name-only", "--format=", "HEAD").split()
    assert "Sources/2026/kestrel-weekly.md" in committed
    assert "Sources/2026/kestrel-standup.txt" not in committed, "only the paths this run wrote"


def test_init_makes_a_repository_of_its_own_and_each_run_is_one_commit(tmp_path):
    vault = tmp_path / "v"
    assert json.loads(notesmith("init", str(vault), "--json").stdout)["git"] == "committed"
    assert git(vault, "log", "--format=%s") == "notesmith init\n"
    shutil.copyfile(STANDUP, vault / "Inbox/kestrel-standup.txt")
    notesmith("ingest", "--vault", str(vault))
    assert git(vault, "log", "-1", "--format=%s").startswith("notesmith ingest: 1 ingested")
    assert git(vault, "status", "--porcelain") == ""


def test_a_named_input_that_does_not_exist_fails_the_run(tmp_path):
    vault = tmp_path / "v"
    notesmith("init", str(vault))
    result = notesmith("ingest", "--vault", str(vault), str(tmp_path / "nope.txt"), str(STANDUP), "--json")
    assert result.returncode == 1
    outcomes = {s["name"]: s for s in json.loads(result.stdout)["sources"]}
    assert outcomes["nope.txt"]["status"] == "failed" and "no such file" in outcomes["nope.txt"]["detail"]
    assert outcomes["kestrel-standup.txt"]["status"] == "ingested"


def test_failures_with_the_same_name_never_overwrite_each_other_and_a_retry_clears_the_note(tmp_path):
    vault = tmp_path / "v"
    notesmith("init", str(vault))
    failed = vault / "Inbox/_failed"
    (vault / "Inbox/call.vtt").write_bytes(b"WEBVTT\n\nnot a cue at all\n")
    notesmith("ingest", "--vault", str(vault))
    (vault / "Inbox/call.vtt").write_bytes(b"")
    notesmith("ingest", "--vault", str(vault))
    assert (failed / "call.vtt").read_bytes() == b"WEBVTT\n\nnot a cue at all\n"
    assert (failed / "call (2).vtt").read_bytes() == b""
    note = (failed / "call (2).vtt.error.txt").read_text(encoding="utf-8")
    assert f"notesmith ingest --vault {vault} {shlex.quote(str(failed / 'call (2).vtt'))}" in note
    assert "<this folder>" not in note

    (failed / "call.vtt").write_bytes(STANDUP.read_bytes())  # fixed in place, then retried by the command it names
    result = notesmith("ingest", "--vault", str(vault), str(failed / "call.vtt"))
    assert result.returncode == 0, result.stdout
    assert not (failed / "call.vtt").exists() and not (failed / "call.vtt.error.txt").exists()
    assert (failed / "call (2).vtt.error.txt").exists(), "the other failure's note stays"


def test_a_failure_set_aside_is_brought_back_by_undo(tmp_path):
    vault = tmp_path / "v"
    notesmith("init", str(vault))
    (vault / "Inbox/empty.vtt").write_bytes(b"")
    notesmith("ingest", "--vault", str(vault))
    assert notesmith("undo", "--vault", str(vault)).returncode == 0
    assert (vault / "Inbox/empty.vtt").read_bytes() == b"" and not (vault / "Inbox/_failed/empty.vtt").exists()


def test_an_already_known_source_leaves_the_inbox_and_undo_brings_it_back(tmp_path):
    vault = tmp_path / "v"
    notesmith("init", str(vault))
    shutil.copyfile(STANDUP, vault / "Inbox/kestrel-standup.txt")
    notesmith("ingest", "--vault", str(vault))
    shutil.copyfile(STANDUP, vault / "Inbox/standup copy.txt")
    result = notesmith("ingest", "--vault", str(vault), "--json")
    outcome = json.loads(result.stdout)["sources"][0]
    assert result.returncode == 0 and outcome["status"] == "known" and "Sources/_duplicates/" in outcome["detail"]
    assert not (vault / "Inbox/standup copy.txt").exists()
    assert (vault / "Sources/_duplicates/standup copy.txt").read_bytes() == STANDUP.read_bytes()
    ledger = [json.loads(p.read_text()) for p in (vault / ".notesmith/ledger").glob("*.json")]
    assert [r["duplicates"] for r in ledger] == [["Sources/_duplicates/standup copy.txt"]]
    assert git(vault, "status", "--porcelain") == ""
    assert notesmith("undo", "--vault", str(vault)).returncode == 0
    assert (vault / "Inbox/standup copy.txt").exists() and not (vault / "Sources/_duplicates/standup copy.txt").exists()


def test_the_demo_run_twice_reports_every_example_known(tmp_path):
    notesmith("demo", "--out", str(tmp_path / "demo"), "--json")
    again = json.loads(notesmith("demo", "--out", str(tmp_path / "demo"), "--json").stdout)
    bundled = [p for p in EXAMPLES.iterdir() if p.suffix != ".toml" and not p.name.startswith("__")]
    assert again["totals"]["known"] == len(bundled) and again["totals"]["ingested"] == 0


def test_a_misspelt_config_key_names_the_file_the_key_and_the_valid_keys(tmp_path):
    vault = tmp_path / "v"
    notesmith("init", str(vault))
    (vault / "notesmith.toml").write_text('[me]\nnmae = "Robin Hale"\n\n[git]\ncommit = "yes"\n', encoding="utf-8")
    result = notesmith("tasks", "--vault", str(vault))
    assert result.returncode == 2
    assert "notesmith.toml: [me] nmae: unknown key; [me] takes: name, aliases, emails, employer" in result.stderr
    assert "[git] commit = 'yes': input should be 'auto', 'always' or 'never'" in result.stderr
    assert "http" not in result.stderr and "Traceback" not in result.stderr


def test_an_unknown_status_lists_the_choices(tmp_path):
    notesmith("init", str(tmp_path / "v"))
    result = notesmith("tasks", "--vault", str(tmp_path / "v"), "--status", "todo")
    assert result.returncode == 2 and "choose one of: proposed, open, in-progress, done, rejected" in result.stderr


def _inbox_with(vault, name, make):
    notesmith("init", str(vault))
    shutil.copyfile(STANDUP, vault / "Inbox/kestrel-standup.txt")
    make(vault / "Inbox" / name)
    return notesmith("ingest", "--vault", str(vault), "--json")


@pytest.mark.parametrize("target", ["People/Grace Holm.md", "notesmith.toml", "TASKS.md", "/etc/passwd"])
def test_a_link_in_the_inbox_is_refused_never_followed_never_moved(tmp_path, target):
    vault = tmp_path / "v"
    notesmith("init", str(vault))
    (vault / "People").mkdir(exist_ok=True)
    (vault / "People/Grace Holm.md").write_text("# Grace Holm\n\nmine\n", encoding="utf-8")
    pointed = vault / target if not target.startswith("/") else Path(target)
    before = pointed.read_bytes()
    result = _inbox_with(vault, "link.txt", lambda link: link.symlink_to(pointed))
    outcomes = {s["name"]: s for s in json.loads(result.stdout)["sources"]}
    assert result.returncode == 1 and outcomes["link.txt"]["status"] == "failed"
    assert "symbolic link" in outcomes["link.txt"]["detail"] and outcomes["kestrel-standup.txt"]["status"] == "ingested"
    assert pointed.read_bytes() == before and (vault / "Inbox/link.txt").is_symlink()
    assert not any(p.name in ("passwd", "link.txt") for p in (vault / "Sources").rglob("*"))


def test_a_fifo_in_the_inbox_is_refused_without_waiting_on_it(tmp_path):
    result = _inbox_with(tmp_path / "v", "pipe.txt", lambda path: os.mkfifo(path))
    outcomes = {s["name"]: s for s in json.loads(result.stdout)["sources"]}
    assert result.returncode == 1 and "not a regular file" in outcomes["pipe.txt"]["detail"]
    assert outcomes["kestrel-standup.txt"]["status"] == "ingested"


def test_a_note_that_links_out_of_the_vault_fails_only_the_source_that_would_write_it(tmp_path):
    vault = tmp_path / "v"
    notesmith("init", str(vault))
    outside = tmp_path / "elsewhere.md"
    outside.write_text("not the vault's\n", encoding="utf-8")
    (vault / "Projects").mkdir(exist_ok=True)
    (vault / "Projects/Project Kestrel.md").symlink_to(outside)
    shutil.copyfile(STANDUP, vault / "Inbox/kestrel-standup.txt")
    shutil.copyfile(EXAMPLES / "quarry-trial-criteria.eml", vault / "Inbox/quarry-trial-criteria.eml")
    for _ in range(2):  # the same answer on every run, never a traceback
        result = notesmith("ingest", "--vault", str(vault), "--json")
        assert "Traceback" not in result.stderr
    outcomes = {s["name"]: s for s in json.loads(result.stdout)["sources"]}
    assert outcomes["kestrel-standup.txt"]["status"] == "failed"
    assert "leads outside the vault" in outcomes["kestrel-standup.txt"]["detail"]
    assert (vault / "Inbox/kestrel-standup.txt").exists() and outside.read_text() == "not the vault's\n"
    assert any((vault / "Sources").rglob("quarry-trial-criteria.eml"))


def test_a_file_over_the_size_limit_is_set_aside_with_its_error_note(tmp_path):
    vault = tmp_path / "v"
    notesmith("init", str(vault))
    with open(vault / "Inbox/huge.txt", "wb") as huge:
        huge.truncate(51 * 2**20)  # sparse: costs no disk
    result = notesmith("ingest", "--vault", str(vault), "--json")
    assert result.returncode == 1 and not (vault / "Inbox/huge.txt").exists()
    assert (vault / "Inbox/_failed/huge.txt").stat().st_size == 51 * 2**20
    assert "file too large" in (vault / "Inbox/_failed/huge.txt.error.txt").read_text(encoding="utf-8")
    assert git(vault, "status", "--porcelain") == ""
    assert notesmith("undo", "--vault", str(vault)).returncode == 0 and (vault / "Inbox/huge.txt").exists()


def test_two_ingests_at_once_share_the_inbox_and_both_tell_the_truth(tmp_path):
    vault = tmp_path / "v"
    notesmith("init", str(vault))
    names = ["kestrel-standup.txt", "kestrel-weekly.md", "halcyon-renewal.md", "quarry-trial-criteria.eml"]
    for name in names:
        shutil.copyfile(EXAMPLES / name, vault / "Inbox" / name)
    command = [sys.executable, "-m", "notesmith", "ingest", "--vault", str(vault), "--json"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    reports = []
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
        reports.append(json.loads(out))
    assert sum(r["totals"]["ingested"] for r in reports) == len(names)
    assert all(r["totals"]["failed"] == 0 for r in reports)
    assert git(vault, "status", "--porcelain") == ""


def test_undo_and_init_finish_a_transaction_killed_in_its_cleanup(tmp_path):
    """An earlier version removed the journal's manifest before its marker: a kill there left the marker alone."""
    vault = tmp_path / "v"
    notesmith("init", str(vault))
    leftover = vault / ".notesmith/journal/0123456789abcdef"
    leftover.mkdir(parents=True)
    (leftover / "COMMITTED").write_bytes(b"")
    before = tree_hashes(vault, skip=(".notesmith/",))
    for command in (("undo", "--vault", str(vault)), ("init", str(vault)), ("ingest", "--vault", str(vault))):
        result = notesmith(*command)
        assert result.returncode == 0 and "Traceback" not in result.stderr, command
    assert not any((vault / ".notesmith/journal").iterdir())
    assert tree_hashes(vault, skip=(".notesmith/",)) == before


HOSTILE_BYTES = {
    "broken-boundary.eml": (b"From: Ines Duarte <ines@fabrikam.example>\r\nSubject: Pilot\r\nDate: Tue, 12 May 2026 10:00:00"
                            b" +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"zz\"\r\n\r\n"
                            b"--zz\r\nContent-Type: text/plain\r\n\r\nI'll send the contract by Friday.\r\n--z"),
    "bad-base64.eml": (b"From: Ines Duarte <ines@fabrikam.example>\r\nSubject: Pilot\r\nContent-Type: text/plain\r\n"
                       b"Content-Transfer-Encoding: base64\r\n\r\n!!!not*base64***\r\n"),
    "mixed-encodings.txt": "Pilot call 2026-05-12\n\nInes: I'll send the contract by Friday.\n".encode()
                           + "Jonas: Danke, schön.\n".encode("cp1252") + "Ines: Parfait — à vendredi.\n".encode(),
    "utf16-bom.txt": "Pilot call 2026-05-12\n\nInes Duarte: I'll send the contract by Friday.\n".encode("utf-16"),
    "nul-bytes.md": b"# Pilot\n\n- [ ] Send the contract\x00\x00 by Friday\n" * 3,
}


@pytest.mark.parametrize("name", sorted(HOSTILE_BYTES))
def test_garbled_inputs_are_read_or_set_aside_never_a_traceback(tmp_path, name):
    vault = tmp_path / "v"
    notesmith("init", str(vault))
    (vault / "Inbox" / name).write_bytes(HOSTILE_BYTES[name])
    result = notesmith("ingest", "--vault", str(vault), "--json")
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr
    outcome = json.loads(result.stdout)["sources"][0]
    if outcome["status"] == "failed":
        assert (vault / "Inbox/_failed" / name).read_bytes() == HOSTILE_BYTES[name]
        assert (vault / "Inbox/_failed" / f"{name}.error.txt").is_file()
    else:
        assert outcome["status"] in ("ingested", "skipped") and not (vault / "Inbox" / name).exists()
    assert not any(p for p in tmp_path.iterdir() if p.name != "v"), "nothing is written outside the vault"
