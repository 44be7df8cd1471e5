"""The SQLite index and the read commands, on real vaults and real SQLite files."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3

import pytest
from conftest import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_cli import notesmith
from vaults import make_vault, run_ingest

from notesmith.index.queries import (
    AmbiguousName,
    TaskFilter,
    find_entity,
    find_tasks,
    owner_names,
    search_notes,
    tasks_json,
)
from notesmith.index.snapshot import decode, encode, scan_vault, unchanged_since
from notesmith.index.store import (
    answer_from_current_index,
    current_index,
    index_path,
    open_index,
    rebuild_index,
    sync_index,
)
from notesmith.vault.layout import VaultLayout

TABLES = ("notes", "names", "tasks", "items", "links", "notes_fts")
ROBIN = ["Robin Hale", "Robin"]


@pytest.fixture(scope="module")
def demo_vault(tmp_path_factory):
    root = make_vault(tmp_path_factory.mktemp("demo") / "vault",
                      [p for p in EXAMPLES.iterdir() if p.suffix != ".toml" and not p.name.startswith("__")])
    run_ingest(root)
    return root


@pytest.fixture
def vault(demo_vault, tmp_path):
    copy = tmp_path / "vault"
    shutil.copytree(demo_vault, copy)
    return copy


def dump(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """Every table's rows, without the ids the index numbers its notes by (they follow the order of writing)."""
    return {table: sorted(conn.execute(f"SELECT {_columns(conn, table)} FROM {table}").fetchall(), key=repr)
            for table in TABLES}


def _columns(conn: sqlite3.Connection, table: str) -> str:
    return ", ".join(row[1] for row in conn.execute(f"PRAGMA table_info({table})") if row[1] != "id")


def test_incremental_updates_equal_a_rebuild(vault):
    layout = VaultLayout(vault)
    conn, stats = current_index(layout)
    notes = [p for p in vault.rglob("*.md") if "Sources" not in p.parts and "Inbox" not in p.parts]
    assert stats.unchanged == len(notes), "ingest leaves the index current"
    meeting = vault / "Meetings/2026/2026-03-11 - Project Kestrel standup.md"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("- [?] ", "- [x] ", 1) + "\n- a new line\n",
                       encoding="utf-8")
    (vault / "People/Grace Adeyemi.md").unlink()
    (vault / "Projects/Project Heron.md").write_text("---\ntype: project\ntitle: Project Heron\n---\n# Heron\n",
                                                     encoding="utf-8")
    stats = sync_index(conn, layout)
    assert (stats.added, stats.updated, stats.removed) == (1, 1, 1)
    incremental = dump(conn)
    conn.close()
    rebuild_index(layout)
    assert dump(open_index(layout)) == incremental


def test_an_unchanged_vault_is_not_compared_note_by_note_and_any_change_is(vault):
    layout = VaultLayout(vault)
    conn, _ = current_index(layout)
    conn.execute("UPDATE notes SET title = 'stale' WHERE path LIKE 'People/%'")
    conn.commit()
    assert sync_index(conn, layout).changed == 0, "same files, same sizes and times: nothing is read"
    grace = vault / "People/Grace Adeyemi.md"
    text = grace.read_text(encoding="utf-8")
    grace.write_text(text.replace("Grace", "Grace"), encoding="utf-8")  # the same bytes, a new mtime
    stats = sync_index(conn, layout)
    assert stats.changed == 0 and stats.unchanged > 0
    grace.write_text(text + "\n- A new line.\n", encoding="utf-8")
    assert sync_index(conn, layout).updated == 1
    assert conn.execute("SELECT title FROM notes WHERE path = 'People/Grace Adeyemi.md'").fetchone() == (
        "Grace Adeyemi",)
    conn.close()


def _age(vault, seconds: int = 3600) -> None:
    """Every note and folder written `seconds` ago: times old enough for the quick check to trust."""
    for path in [vault, *vault.rglob("*")]:
        stamp = path.stat().st_mtime_ns - seconds * 10**9
        os.utime(path, ns=(stamp, stamp), follow_symlinks=False)


def test_notes_added_moved_or_removed_anywhere_are_seen_by_the_quick_check(vault):
    layout = VaultLayout(vault)
    _age(vault)
    conn, _ = current_index(layout)
    assert sync_index(conn, layout).changed == 0
    (vault / "People/Zora Quint.md").write_text("---\ntype: person\ntitle: Zora Quint\n---\n# Zora Quint\n",
                                                encoding="utf-8")
    assert (sync_index(conn, layout).added, sync_index(conn, layout).changed) == (1, 0)
    _age(vault)
    sync_index(conn, layout)
    (vault / "Projects/Archive").mkdir()
    (vault / "Projects/Project Kestrel.md").rename(vault / "Projects/Archive/Project Kestrel.md")
    stats = sync_index(conn, layout)
    assert (stats.added, stats.removed) == (1, 1)
    assert conn.execute("SELECT path FROM notes WHERE title = 'Project Kestrel'").fetchall() == [
        ("Projects/Archive/Project Kestrel.md",)]
    _age(vault)
    sync_index(conn, layout)
    shutil.rmtree(vault / "Projects/Archive")
    assert sync_index(conn, layout).removed == 1
    conn.close()


def test_a_same_size_edit_in_the_same_clock_tick_as_the_last_sync_is_not_missed(vault):
    """The edit leaves the note's size and mtime as they were (as a second write within one tick of a coarse clock
    does); a note written this recently was never trusted by its time, so the next sync reads it again."""
    layout = VaultLayout(vault)
    meeting = vault / "Meetings/2026/2026-03-11 - Project Kestrel standup.md"
    meeting.write_text(meeting.read_text(encoding="utf-8"), encoding="utf-8")
    conn, _ = current_index(layout)
    written = meeting.stat()
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("- [?] ", "- [x] ", 1), encoding="utf-8")
    os.utime(meeting, ns=(written.st_atime_ns, written.st_mtime_ns))
    assert meeting.stat().st_size == written.st_size
    assert sync_index(conn, layout).updated == 1
    statuses = [s for (s,) in conn.execute("SELECT status FROM tasks WHERE path = ?",
                                          ("Meetings/2026/2026-03-11 - Project Kestrel standup.md",))]
    assert "done" in statuses
    conn.close()


def test_an_answer_given_while_the_notes_are_checked_is_thrown_away_when_they_changed(vault):
    layout = VaultLayout(vault)
    _age(vault)
    current_index(layout)[0].close()

    def titles(words):
        return lambda conn: [hit.title for hit in search_notes(conn, words)]

    assert answer_from_current_index(layout, titles("Grace"))[0] == "Grace Adeyemi"
    assert answer_from_current_index(layout, titles("bees Wellington")) == []
    grace = vault / "People/Grace Adeyemi.md"
    grace.write_text(grace.read_text(encoding="utf-8") + "\n- Grace keeps bees in Wellington.\n", encoding="utf-8")
    assert answer_from_current_index(layout, titles("bees Wellington")) == ["Grace Adeyemi"]
    assert answer_from_current_index(layout, titles("bees Wellington")) == ["Grace Adeyemi"]
    with pytest.raises(AmbiguousName):
        answer_from_current_index(layout, lambda conn: (_ for _ in ()).throw(AmbiguousName("two of them")))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_damaged_record_of_the_last_sync_is_never_trusted(demo_vault, data):
    blob = encode(scan_vault(str(demo_vault), lambda name, relative: name.startswith("."), 0).folders)
    cut = data.draw(st.integers(0, len(blob) - 1))
    damaged = data.draw(st.one_of(st.just(blob[:cut]), st.binary(max_size=200),
                                  st.just(blob[:cut] + bytes([blob[cut] ^ 0xFF]) + blob[cut + 1:])))
    folders = decode(damaged)
    assert folders is None or isinstance(unchanged_since(str(demo_vault), folders), bool)


def test_a_damaged_record_of_the_last_sync_means_looking_again(vault):
    layout = VaultLayout(vault)
    conn, _ = current_index(layout)
    blob = conn.execute("SELECT value FROM meta WHERE key = 'snapshot'").fetchone()[0]
    conn.execute("UPDATE meta SET value = ? WHERE key = 'snapshot'", (blob[: len(blob) // 2],))
    conn.commit()
    (vault / "People/Mei Chen.md").unlink()
    assert sync_index(conn, layout).removed == 1
    assert conn.execute("SELECT count(*) FROM notes WHERE path = 'People/Mei Chen.md'").fetchone() == (0,)
    conn.close()


def test_a_status_changed_in_obsidian_is_seen_by_the_next_tasks_command(vault):
    before = json.loads(notesmith("tasks", "--vault", str(vault), "--owner", "me", "--json").stdout)
    standup = next(t for t in before if t["text"].startswith("Rerun the restore tests"))
    assert standup["status"] == "proposed" and standup["due"] == "2026-03-11" and standup["owner"] == "Robin Hale"
    note = vault / standup["path"]
    lines = note.read_text(encoding="utf-8").split("\n")
    lines[standup["line"] - 1] = lines[standup["line"] - 1].replace("- [?] ", "- [x] ") + " ✅ 2026-03-12"
    note.write_text("\n".join(lines) + "\n- The restore tests passed on the new cluster.\n", encoding="utf-8")
    done = json.loads(notesmith("tasks", "--vault", str(vault), "--status", "done", "--json").stdout)
    assert [(t["text"], t["done"]) for t in done if t["path"] == standup["path"]] == [
        ("Rerun the restore tests and post the timings in the channel", "2026-03-12")]
    still_open = json.loads(notesmith("tasks", "--vault", str(vault), "--owner", "Robin", "--json").stdout)
    assert standup["task_id"] not in {t["task_id"] for t in still_open}
    hits = json.loads(notesmith("search", "restore tests passed", "--vault", str(vault), "--json").stdout)
    assert hits[0]["path"] == standup["path"] and "**passed**" in hits[0]["snippet"]


def test_task_filters_owner_aliases_due_dates_overdue_and_entity(vault):
    conn, _ = current_index(VaultLayout(vault))
    mine = find_tasks(conn, TaskFilter(owner_names=owner_names(conn, "me", ROBIN)))
    assert mine and {t.owner for t in mine} == {"Robin Hale"}
    assert owner_names(conn, "myself", ROBIN) == owner_names(conn, "Robin Hale", ROBIN)
    early = find_tasks(conn, TaskFilter(due_before=dt.date(2026, 3, 7)))
    assert [t.due for t in early] == sorted(t.due for t in early) and all(t.due < "2026-03-07" for t in early)
    overdue = find_tasks(conn, TaskFilter(overdue_on=dt.date(2026, 3, 12)))
    assert overdue and all(t.due < "2026-03-12" and t.status in ("proposed", "open", "in_progress") for t in overdue)
    nadia = find_entity(conn, "nadia petrov")
    # Hers, and one owed to her ("I'll get you the report", said to Nadia, names her in the task).
    assert [t.text for t in find_tasks(conn, TaskFilter(statuses=("proposed",), entity=nadia))] == [
        "Get Nadia Petrov the report", "Send the trial success criteria"]


def test_tasks_json_is_every_task_as_the_queries_find_it(vault):
    """`tasks --json` is written by SQLite: the same tasks, fields, nulls, order and accents as find_tasks."""
    (vault / "Meetings" / "2026" / "2026-03-20 - Café Über.md").write_text(
        "---\ntype: meeting\ntitle: Café Über\ndate: 2026-03-20\n---\n\n## Action Items\n\n"
        "- [ ] Prüfe die „Zahlen“ 🆔 zz1 📅 2026-03-21 #task\n- [/] Tab\there \"quoted\" 🆔 zz2 #task\n",
        encoding="utf-8")
    conn, _ = current_index(VaultLayout(vault))
    for wanted in (TaskFilter(statuses=("proposed", "open", "in_progress")), TaskFilter(owner_names=tuple(ROBIN)),
                   TaskFilter(statuses=("done",)), TaskFilter(owner_names=("nobody at all",))):
        expected = [t.as_dict() for t in find_tasks(conn, wanted)]
        assert json.loads(tasks_json(conn, wanted)) == expected
    printed = notesmith("tasks", "--vault", str(vault), "--json")
    assert printed.returncode == 0
    shown = json.loads(printed.stdout)
    texts = {t["text"] for t in shown}
    assert "Prüfe die „Zahlen“" in texts and any('"quoted"' in text for text in texts)
    assert shown == [t.as_dict() for t in find_tasks(conn, TaskFilter(statuses=("proposed", "open", "in_progress")))]


def test_search_ranks_titles_filters_by_type_and_date(vault):
    conn, _ = current_index(VaultLayout(vault))
    hits = search_notes(conn, "quarry")
    assert hits[0].title == "Quarry Labs" and {h.type for h in hits} >= {"organization", "meeting"}
    meetings = search_notes(conn, "quarry", note_type="meeting", since=dt.date(2026, 3, 10))
    assert meetings and all(h.type == "meeting" and h.date >= "2026-03-10" for h in meetings)
    assert search_notes(conn, '"(*') == []
    quoted = search_notes(conn, 'restore" NEAR(')  # FTS5 syntax in a query is taken as words, never an SQL error
    assert quoted == [] or all("\ue000" in h.snippet for h in quoted)
    assert "\ue000importer\ue001" in search_notes(conn, "importe")[0].snippet


def test_brief_of_an_organization(vault):
    result = notesmith("brief", "quarry labs", "--vault", str(vault), "--json")
    assert result.returncode == 0, result.stderr
    brief = json.loads(result.stdout)
    assert brief["title"] == "Quarry Labs" and brief["type"] == "organization"
    dates = [f["date"] for f in brief["facts"]]
    assert dates == sorted(dates, reverse=True) and "9,500 records per second" in brief["facts"][-1]["text"]
    assert brief["decisions"][0]["text"] == "The trial runs three weeks, starting 2026-04-06."
    assert brief["meetings"][0]["title"] == "Quarry Labs trial success criteria"
    assert "Nadia Petrov" in {r["title"] for r in brief["related"]}
    assert any(t["text"] == "Send the trial success criteria" and t["owner"] == "Nadia Petrov"
               for t in brief["open_tasks"])
    missing = notesmith("brief", "Nobody Here", "--vault", str(vault))
    assert missing.returncode == 1 and "no person, organization or project" in missing.stderr


def test_a_damaged_index_is_rebuilt_not_fatal(vault):
    layout = VaultLayout(vault)
    current_index(layout)[0].close()
    index_path(layout).write_bytes(b"not a database at all" * 100)
    for suffix in ("-wal", "-shm"):
        index_path(layout).with_name(index_path(layout).name + suffix).unlink(missing_ok=True)
    result = notesmith("tasks", "--vault", str(vault), "--owner", "me", "--json")
    assert result.returncode == 0 and json.loads(result.stdout)


def test_read_commands_refuse_a_folder_that_is_not_a_vault(tmp_path):
    (tmp_path / "notes.md").write_text("- [ ] not a vault task\n", encoding="utf-8")
    result = notesmith("tasks", "--vault", str(tmp_path))
    assert result.returncode == 2 and "not a notesmith vault" in result.stderr
    assert not (tmp_path / ".notesmith").exists()
