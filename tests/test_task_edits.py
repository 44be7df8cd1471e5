"""Accepting, rejecting, editing and proposing tasks through the application layer: the line on disk, undo, the lock."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys

import pytest
from conftest import EXAMPLES
from vaults import ingested_examples, run_ingest, vault_copy

from notesmith.app.tasks import (
    TaskChange,
    TaskEditError,
    UnknownTask,
    change_tasks,
    propose_task,
)
from notesmith.app.transaction import Vault, vault_layout
from notesmith.app.undo import undo_last_run
from notesmith.config import load_config
from notesmith.domain import Priority, Task, TaskStatus
from notesmith.index.queries import STATUSES, TaskFilter, find_tasks
from notesmith.index.store import current_index
from notesmith.notes.task_edit import TaskLineEdit, edit_task_line
from notesmith.vault.lock import VaultBusy, vault_lock

TODAY = dt.date(2026, 12, 2)
LINE = ("- [?] Send the pricing deck to Contoso @[[Dana Whitfield]] 🆔 t7k2mq ⏫ ➕ 2025-10-06 📅 2025-10-10 "
        "#task #proposed")


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    root = ingested_examples(tmp_path_factory.mktemp("tasks") / "vault", ("2026-03-02 1on1 Tomas.md", "kestrel-weekly.md"))
    return root


@pytest.fixture
def vault(ingested, tmp_path):
    return vault_copy(ingested, tmp_path)


def _open(root):
    config = load_config(root / "notesmith.toml", {})
    target = Vault(vault_layout(root, config))
    conn, _ = current_index(target.layout)
    return target, conn


def _proposals(conn):
    return [t for t in find_tasks(conn, TaskFilter(statuses=STATUSES)) if t.status == "proposed"]


def _line(root, path, task_id):
    return next(line for line in (root / path).read_text(encoding="utf-8").splitlines() if f"🆔 {task_id}" in line)


def test_edits_of_one_line_keep_every_other_field():
    assert edit_task_line(LINE, TaskLineEdit(status=TaskStatus.open), TODAY) == LINE.replace("[?]", "[ ]").replace(
        " #proposed", "")
    assert edit_task_line(LINE, TaskLineEdit(due=dt.date(2026, 1, 5)), TODAY) == LINE.replace("2025-10-10",
                                                                                              "2026-01-05")
    assert edit_task_line(LINE, TaskLineEdit(priority=Priority.low), TODAY) == LINE.replace("⏫", "🔽")
    assert edit_task_line(LINE, TaskLineEdit(status=TaskStatus.done), TODAY).endswith(
        "📅 2025-10-10 ✅ 2026-12-02 #task")
    assert edit_task_line("- [?] Book the room 🆔 abc123 #task #proposed", TaskLineEdit(due=dt.date(2026, 1, 5)),
                          TODAY) == "- [?] Book the room 🆔 abc123 📅 2026-01-05 #task #proposed"
    assert edit_task_line(LINE, TaskLineEdit(text="Send the revised deck"), TODAY).startswith(
        "- [?] Send the revised deck @[[Dana Whitfield]] 🆔 t7k2mq ⏫")


def test_accept_and_reject_write_the_lines_on_disk_and_undo_restores_them(vault):
    target, conn = _open(vault)
    first, second = _proposals(conn)[:2]
    before = {p: (vault / p).read_bytes() for p in {first.path, second.path}}
    edits = change_tasks(target, conn, {first.task_id: TaskChange(status=TaskStatus.open),
                                        second.task_id: TaskChange(status=TaskStatus.rejected)}, TODAY, "run-accept")
    accepted, rejected = _line(vault, first.path, first.task_id), _line(vault, second.path, second.task_id)
    assert accepted.startswith("- [ ] ") and "#proposed" not in accepted and accepted.endswith("#task")
    assert rejected.startswith("- [-] ") and "#proposed" not in rejected
    assert sorted(c.task_id for c in edits.changed) == sorted([first.task_id, second.task_id])
    restored, run = undo_last_run(target)
    assert run == "run-accept"
    assert all((vault / p).read_bytes() == data for p, data in before.items())


def test_a_reingest_keeps_what_a_person_decided_and_a_proposed_line(vault):
    target, conn = _open(vault)
    task = _proposals(conn)[0]
    change_tasks(target, conn, {task.task_id: TaskChange(status=TaskStatus.open, due=dt.date(2026, 4, 1))}, TODAY,
                 "run-edit")
    added = propose_task(target, conn, Task(text="Draft the storage budget memo", owner="Tomás Ortega"),
                         task.note_title, TODAY, "run-propose")
    shutil.copyfile(EXAMPLES / "2026-03-02 1on1 Tomas.md", vault / "Inbox" / "again.md")
    run_ingest(vault)
    assert _line(vault, task.path, task.task_id).startswith("- [ ] ")
    assert "📅 2026-04-01" in _line(vault, task.path, task.task_id)
    assert _line(vault, added.path, added.task_id) == added.after


def test_a_proposal_goes_to_the_meeting_or_to_proposals_note(vault):
    target, conn = _open(vault)
    meeting = _proposals(conn)[0]
    added = propose_task(target, conn, Task(text="Share the restore runbook", owner="Tomás Ortega",
                                            due=dt.date(2026, 12, 9)), meeting.note_title, TODAY, "run-1")
    assert added.path == meeting.path
    assert added.after.startswith("- [?] Share the restore runbook @[[Tomás Ortega]] 🆔 ")
    assert added.after.endswith("➕ 2026-12-02 📅 2026-12-09 #task #proposed")
    text = (vault / meeting.path).read_text(encoding="utf-8")
    section = text.split("## Action Items", 1)[1].split("\n## ", 1)[0]
    assert added.after in section.splitlines()
    loose = propose_task(target, conn, Task(text="Renew the domain"), None, TODAY, "run-2")
    assert loose.path == "Proposals.md" and loose.after in (vault / "Proposals.md").read_text(encoding="utf-8")
    again = propose_task(target, conn, Task(text="Renew the domain"), None, TODAY, "run-3")
    assert (vault / "Proposals.md").read_text(encoding="utf-8").count(again.after) == 1


def test_unknown_tasks_meetings_and_bad_edits_change_nothing(vault):
    target, conn = _open(vault)
    before = {p: p.read_bytes() for p in vault.rglob("*.md")}
    with pytest.raises(UnknownTask):
        change_tasks(target, conn, {"zzzzzz": TaskChange(status=TaskStatus.open)}, TODAY, "r")
    with pytest.raises(UnknownTask):
        propose_task(target, conn, Task(text="Anything"), "No such meeting", TODAY, "r")
    task = _proposals(conn)[0]
    with pytest.raises(TaskEditError):
        change_tasks(target, conn, {task.task_id: TaskChange(text="Ship it 📅 2020-01-01")}, TODAY, "r")
    with pytest.raises(TaskEditError):
        change_tasks(target, conn, {task.task_id: TaskChange(status=TaskStatus.proposed)}, TODAY, "r")
    assert {p: p.read_bytes() for p in vault.rglob("*.md")} == before


def test_an_edit_while_another_run_holds_the_vault_is_refused(vault):
    target, conn = _open(vault)
    task = _proposals(conn)[0]
    before = (vault / task.path).read_bytes()
    with vault_lock(target.layout.state_dir), pytest.raises(VaultBusy):
        change_tasks(target, conn, {task.task_id: TaskChange(status=TaskStatus.open)}, TODAY, "r")
    assert (vault / task.path).read_bytes() == before


def test_an_edit_is_one_commit_in_a_git_vault(vault):
    subprocess.run(["git", "init", "-q", str(vault)], check=True)
    subprocess.run(["git", "-C", str(vault), "config", "notesmith.initialised", "true"], check=True)
    target, conn = _open(vault)
    task = _proposals(conn)[0]
    change_tasks(target, conn, {task.task_id: TaskChange(status=TaskStatus.open)}, TODAY, "run-git")
    log = subprocess.run(["git", "-C", str(vault), "-c", "core.quotePath=false", "log", "--format=%s", "--name-only"], capture_output=True,
                         text=True, check=True).stdout
    assert "notesmith: accept 1 task" in log and task.path in log


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "notesmith", *args], capture_output=True, text=True, timeout=120)


def test_the_task_commands_accept_edit_and_propose_by_id(vault):
    _, conn = _open(vault)
    first, second = _proposals(conn)[:2]
    accepted = _cli("task", "accept", first.task_id, "--vault", str(vault))
    assert accepted.returncode == 0 and "1 changed" in accepted.stdout
    assert _line(vault, first.path, first.task_id).startswith("- [ ] ")
    edited = _cli("task", "edit", second.task_id, "--due", "2026-12-24", "--priority", "high", "--vault", str(vault),
                  "--json")
    assert edited.returncode == 0, edited.stderr
    assert "⏫" in _line(vault, second.path, second.task_id) and "📅 2026-12-24" in _line(vault, second.path,
                                                                                       second.task_id)
    proposed = _cli("task", "propose", "Send the restore runbook", "--owner", "Tomás", "--vault", str(vault),
                    "--json")
    assert proposed.returncode == 0, proposed.stderr
    line = json.loads(proposed.stdout)["line"]
    assert "@[[Tomás Ortega]]" in line and line in (vault / "Proposals.md").read_text(encoding="utf-8")


def test_the_task_commands_refuse_unknown_ids_and_owners_in_one_sentence(vault):
    before = {p: p.read_bytes() for p in vault.rglob("*.md")}
    unknown = _cli("task", "accept", "zzzzzz", "--vault", str(vault))
    assert unknown.returncode == 1 and "no task has the id 'zzzzzz'" in unknown.stderr
    nobody = _cli("task", "propose", "Anything", "--owner", "Zed Nobody", "--vault", str(vault))
    assert nobody.returncode == 1 and "'Zed Nobody' has no person note" in nobody.stderr
    assert {p: p.read_bytes() for p in vault.rglob("*.md")} == before
