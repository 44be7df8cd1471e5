"""init, ingest, undo and demo as a user runs them: real processes, a real git repository, exit codes, JSON."""

from __future__ import annotations

import base64
import datetime as dt
import json
import shutil
import subprocess

from conftest import EXAMPLES
from test_cli import notesmith
from vaults import broken_links, tree_hashes


def git(root, *args):
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def test_init_creates_the_layout_and_never_overwrites(tmp_path):
    vault = tmp_path / "vault"
    settings = vault / ".obsidian/plugins/obsidian-tasks-plugin/data.json"
    settings.parent.mkdir(parents=True)
    settings.write_text('{"mine": true}', encoding="utf-8")
    result = notesmith("init", str(vault), "--json")
    assert result.returncode == 0, result.stderr
    created = json.loads(result.stdout)["created"]
    assert "TASKS.md" in created and "notesmith.toml" in created
    assert json.loads(result.stdout)["updated"] == [".obsidian/plugins/obsidian-tasks-plugin/data.json"]
    assert json.loads(settings.read_text())["mine"] is True, "the user's settings are merged into, never replaced"
    for folder in ("People", "Organizations", "Projects", "Meetings", "Sources", "Inbox", "Inbox/_failed"):
        assert (vault / folder).is_dir()
    dashboard = (vault / "TASKS.md").read_text(encoding="utf-8")
    assert dashboard.count("```tasks") == 4 and "due before today" in dashboard
    (vault / "TASKS.md").write_text("mine\n", encoding="utf-8")
    assert json.loads(notesmith("init", str(vault), "--json").stdout)["created"] == []
    assert (vault / "TASKS.md").read_text() == "mine\n"


def test_tasks_statuses_are_added_to_a_vault_without_tasks_settings(tmp_path):
    notesmith("init", str(tmp_path / "v"))
    settings = json.loads((tmp_path / "v/.obsidian/plugins/obsidian-tasks-plugin/data.json").read_text())
    custom = {s["symbol"]: s["type"] for s in settings["statusSettings"]["customStatuses"]}
    assert custom["?"] == "TODO" and custom["-"] == "CANCELLED"


def test_dry_run_prints_the_plan_and_diff_and_writes_nothing(tmp_path):
    vault = tmp_path / "v"
    notesmith("init", str(vault))
    shutil.copyfile(EXAMPLES / "kestrel-standup.txt", vault / "Inbox/kestrel-standup.txt")
    before = tree_hashes(vault, skip=())
    result = notesmith("ingest", "--vault", str(vault), "--dry-run", "--diff")
    assert result.returncode == 0, result.stderr
    assert "create_note" in result.stdout and "+## Action Items" in result.stdout and "nothing was written" in result.stdout
    assert tree_hashes(vault, skip=()) == before


def test_ingest_commits_exactly_what_it_touched_and_undo_restores_it(tmp_path):
    vault = tmp_path / "v"
    notesmith("init", str(vault))
    git(vault, "init", "-q")
    (vault / "scratch.md").write_text("not notesmith's\n", encoding="utf-8")
    shutil.copyfile(EXAMPLES / "kestrel-standup.txt", vault / "Inbox/kestrel-standup.txt")
    before = tree_hashes(vault)
    result = notesmith("ingest", "--vault", str(vault), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["totals"]["ingested"] == 1 and report["commit"]
    committed = set(git(vault, "show", "--name-only", "--format=", "HEAD").split("\n")) - {""}
    assert "scratch.md" not in committed and "Sources/2026/kestrel-standup.txt" in committed
    assert any(p.startswith("Meetings/2026/") for p in committed)
    assert not any(p.startswith(".notesmith/runs") for p in committed)
    assert broken_links(vault) == []

    undone = notesmith("undo", "--vault", str(vault), "--json")
    assert undone.returncode == 0, undone.stderr
    assert tree_hashes(vault, skip=(".notesmith/",)) == {k: v for k, v in before.items() if not k.startswith(".notesmith/")}
    assert git(vault, "log", "-1", "--format=%s").startswith("notesmith undo")
    assert json.loads(notesmith("undo", "--vault", str(vault), "--json").stdout)["run"] is None


def test_a_run_recorded_by_an_earlier_version_is_still_undone(tmp_path):
    """Earlier versions kept each before-image in a file of its own beside the step's manifest."""
    vault = tmp_path / "v"
    notesmith("init", str(vault))
    for name in ("kestrel-standup.txt", "kestrel-weekly.md"):
        shutil.copyfile(EXAMPLES / name, vault / "Inbox" / name)
        before = tree_hashes(vault, skip=(".notesmith/",))
        notesmith("ingest", "--vault", str(vault))
    run = sorted((vault / ".notesmith/runs").iterdir())[-1]
    rewritten = 0
    for manifest in run.glob("*/manifest.json"):
        entries = json.loads(manifest.read_text())
        for index, entry in enumerate(entries):
            image = entry.pop("image")
            entry["saved"] = None
            if image is not None:
                entry["saved"] = str((manifest.parent / f"{index}.before").relative_to(vault))
                (manifest.parent / f"{index}.before").write_bytes(base64.b64decode(image))
                rewritten += 1
        manifest.write_text(json.dumps(entries), encoding="utf-8")
    assert rewritten, "the second source updated a note the first one wrote"
    assert notesmith("undo", "--vault", str(vault)).returncode == 0
    assert tree_hashes(vault, skip=(".notesmith/",)) == before


def test_undo_refuses_when_a_touched_note_was_edited(tmp_path):
    vault = tmp_path / "v"
    notesmith("init", str(vault))
    shutil.copyfile(EXAMPLES / "kestrel-standup.txt", vault / "Inbox/kestrel-standup.txt")
    notesmith("ingest", "--vault", str(vault))
    note = next((vault / "Meetings").rglob("*.md"))
    note.write_text(note.read_text(encoding="utf-8") + "\nmy edit\n", encoding="utf-8")
    result = notesmith("undo", "--vault", str(vault))
    assert result.returncode == 1 and "changed after the run" in result.stderr
    assert note.read_text(encoding="utf-8").endswith("my edit\n")


def test_failed_source_makes_the_exit_code_non_zero(tmp_path):
    vault = tmp_path / "v"
    notesmith("init", str(vault))
    (vault / "Inbox/empty.vtt").write_bytes(b"")
    result = notesmith("ingest", "--vault", str(vault), "--json")
    assert result.returncode == 1
    outcome = json.loads(result.stdout)["sources"][0]
    assert outcome["status"] == "failed" and (vault / "Inbox/_failed/empty.vtt.error.txt").is_file()


def test_demo_builds_a_vault_and_a_second_run_changes_nothing(tmp_path):
    result = notesmith("demo", "--out", str(tmp_path / "demo"), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    totals = json.loads(result.stdout)["totals"]
    bundled = [p for p in EXAMPLES.iterdir() if p.suffix != ".toml" and not p.name.startswith("__")]
    assert totals["ingested"] == len(bundled) and totals["failed"] == 0 and totals["tasks_proposed"] > 5
    vault = tmp_path / "demo"
    assert (vault / "People/Robin Hale.md").is_file() and (vault / "Projects/Project Kestrel.md").is_file()
    assert broken_links(vault) == []
    before = tree_hashes(vault)
    again = notesmith("demo", "--out", str(vault), "--json", cwd=tmp_path)
    assert again.returncode == 0 and tree_hashes(vault) == before


def test_an_unknown_extractor_is_refused_with_the_choices(tmp_path):
    notesmith("init", str(tmp_path / "v"))
    result = notesmith("ingest", "--vault", str(tmp_path / "v"), "--extractor", "gpt")
    assert result.returncode == 2 and "choose one of: rules, llm" in result.stderr


def test_a_second_writer_waits_then_gives_up_with_a_clear_message(tmp_path):
    import sys
    import time

    import pytest

    from notesmith.vault.lock import VaultBusy, vault_lock

    state = tmp_path / ".notesmith"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from notesmith.vault.lock import vault_lock\n"
        f"with vault_lock(Path({str(state)!r})):\n    print('held', flush=True); time.sleep(30)")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with pytest.raises(VaultBusy, match="another notesmith process"):
            with vault_lock(state, wait_seconds=0.5):
                pass
        assert time.monotonic() - started >= 0.5
    finally:
        holder.kill()
        holder.wait()
    with vault_lock(state, wait_seconds=0.5):
        pass


def test_run_ids_sort_in_the_order_runs_were_made_even_within_one_second():
    """`undo` undoes the greatest run id: an init and the ingest right after it share their second."""
    from notesmith.app.transaction import new_run_id

    second = dt.datetime(2026, 12, 2, 9, 30, 0)
    ids = [new_run_id(second.replace(microsecond=m)) for m in (5, 40, 999_999)]
    assert sorted(ids) == ids and len(set(ids)) == 3
    assert "20261202T093000-ab12cd" < ids[0] < new_run_id(second.replace(second=1))  # an earlier version's id


def test_undo_right_after_demo_undoes_its_ingest_not_its_init(tmp_path):
    out = tmp_path / "demo"
    assert notesmith("demo", "--out", str(out)).returncode == 0
    undone = notesmith("undo", "--vault", str(out), "--json")
    assert undone.returncode == 0, undone.stderr
    assert not list((out / "Meetings").rglob("*.md")) and (out / "notesmith.toml").is_file()
