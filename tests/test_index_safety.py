"""The derived index never breaks a read command: not while another process rebuilds or syncs it, not when a folder
or a read-only file stands where it should be."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading

import pytest
from test_cli import notesmith
from vaults import make_vault

PEOPLE = ["Aria Vance", "Bram Okafor", "Cleo Marchetti", "Dev Lindqvist", "Esme Tanaka", "Felix Oduya"]
READ_COMMANDS = [("search", "pricing deck"), ("tasks",), ("brief", "Aria Vance"), ("doctor",), ("review",)]


def generated_vault(root, meetings: int):
    """A vault of `meetings` meeting notes (three tasks each) and a note per person, written as ingest writes them."""
    make_vault(root)
    for name in PEOPLE:
        (root / f"People/{name}.md").write_text(
            f"---\ntype: person\ntitle: {name}\naliases:\n- {name.split()[0]}\n---\n# {name}\n\n## Key Facts\n"
            f"- {name} runs the pricing reviews. ([[2026-01-01 - Pricing review 0|2026-01-01]])\n", encoding="utf-8")
    for number in range(meetings):
        write_meeting(root, number)
    return root


def write_meeting(root, number: int, extra: str = "") -> None:
    day = f"2026-01-{number % 28 + 1:02d}"
    people = [PEOPLE[(number + k) % len(PEOPLE)] for k in range(3)]
    tasks = "".join(f"- [?] Send the pricing deck to {p.split()[0]} ({number}). @[[{p}]] 🆔 t{number}x{k} ➕ {day} "
                    f"📅 2026-02-{k + 10} #task #proposed\n" for k, p in enumerate(people))
    participants = "".join(f"- '[[{p}]]'\n" for p in people)
    note = root / f"Meetings/2026/{day} - Pricing review {number}.md"
    note.parent.mkdir(parents=True, exist_ok=True)
    note.write_text(f"---\ntype: meeting\ntitle: Pricing review {number}\ndate: {day}\nparticipants:\n{participants}"
                    f"---\n# Pricing review {number}\n\n## Summary\nWe went through the pricing deck and the tiers."
                    f"{extra}\n\n## Action Items\n{tasks}", encoding="utf-8")


def read_with(vault, command):
    return notesmith(*command, "--vault", str(vault), "--json")


def test_readers_never_fail_while_another_process_rebuilds_the_index(tmp_path):
    vault = generated_vault(tmp_path / "vault", meetings=300)
    assert read_with(vault, ("tasks",)).returncode == 0
    readers_done = threading.Event()
    rebuilds = []

    def rebuild_until_the_readers_are_done():
        while not readers_done.is_set() and len(rebuilds) < 200:
            rebuilds.append(notesmith("reindex", "--vault", str(vault), "--json"))

    writer = threading.Thread(target=rebuild_until_the_readers_are_done)
    writer.start()
    try:
        readers = []
        for call in range(12):
            # a changed note makes the reader sync the index itself, while the rebuild writes it too
            write_meeting(vault, call, extra=f" Revision r{call}x.")
            readers.append(read_with(vault, ("search", "pricing tiers") if call % 2 else ("tasks",)))
    finally:
        readers_done.set()
        writer.join(timeout=300)
    for result in readers + rebuilds:
        assert result.returncode == 0 and not result.stderr, result.stderr
        assert json.loads(result.stdout)
    assert len(rebuilds) >= 2, "the index was rebuilt again and again while the readers ran"
    after = json.loads(read_with(vault, ("search", "revision r11x")).stdout)
    assert [hit["title"] for hit in after] == ["Pricing review 11"]
    assert len(json.loads(read_with(vault, ("tasks",)).stdout)) == 900


def answers_with_a_broken_index(vault, break_index, reference):
    """Each read command's result on `vault` once `break_index()` has run and a note has changed since the index was
    last updated, and its result on a copy of the vault made with no index at all (`reference`)."""
    assert read_with(vault, ("tasks",)).returncode == 0
    break_index()
    write_meeting(vault, 7, extra=" The index has to be updated to find this: zanzibar.")
    commands = [*READ_COMMANDS, ("search", "zanzibar")]
    broken = {command: read_with(vault, command) for command in commands}
    shutil.copytree(vault, reference, ignore=shutil.ignore_patterns("index.sqlite*"))
    healthy = {command: read_with(reference, command) for command in commands}
    return broken, healthy


def assert_answered_from_the_notes(broken, healthy, warning: str):
    for command, result in broken.items():
        assert "Traceback" not in result.stderr, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("warning: ") and warning in lines[0], (command, result.stderr)
        assert (result.returncode, result.stdout) == (healthy[command].returncode, healthy[command].stdout), command
    assert [hit["title"] for hit in json.loads(broken[("search", "zanzibar")].stdout)] == ["Pricing review 7"]


def test_a_folder_where_the_index_belongs_is_left_alone_and_the_notes_are_read_instead(tmp_path):
    vault = generated_vault(tmp_path / "vault", meetings=20)
    index = vault / ".notesmith/index.sqlite"

    def folder_instead_of_index():
        for leftover in vault.glob(".notesmith/index.sqlite*"):
            leftover.unlink()
        index.mkdir()
        (index / "keep.txt").write_text("someone's file", encoding="utf-8")

    broken, healthy = answers_with_a_broken_index(vault, folder_instead_of_index, tmp_path / "reference")
    assert_answered_from_the_notes(broken, healthy, f"{index} is a folder")
    reindex = notesmith("reindex", "--vault", str(vault))
    assert reindex.returncode == 1 and "Traceback" not in reindex.stderr
    assert reindex.stderr.strip().splitlines() == [
        f"error: cannot rebuild the index: {index} is a folder; remove it, then run `notesmith reindex` again"]
    assert (index / "keep.txt").read_text(encoding="utf-8") == "someone's file"


@pytest.fixture
def immutable(tmp_path):
    """Makes a file immutable (`chattr +i`): read-only even for root, which tests run as (chmod would not stop it)."""
    made = []

    def make(path):
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)], check=False).returncode != 0:
            pytest.skip("no `chattr +i` here (needs root and a file system with the immutable attribute)")
        made.append(path)
        try:
            path.open("r+b").close()
        except PermissionError:
            return
        pytest.skip("an immutable file is still writable here")

    yield make
    for path in made:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_index_file_is_not_written_and_the_notes_are_read_instead(tmp_path, immutable):
    vault = generated_vault(tmp_path / "vault", meetings=20)
    index = vault / ".notesmith/index.sqlite"
    broken, healthy = answers_with_a_broken_index(vault, lambda: immutable(index), tmp_path / "reference")
    assert_answered_from_the_notes(broken, healthy, f"{index} cannot be written")
    reindex = notesmith("reindex", "--vault", str(vault))
    assert reindex.returncode == 1 and "Traceback" not in reindex.stderr
    [line] = reindex.stderr.strip().splitlines()
    assert line.startswith(f"error: cannot rebuild the index: {index} cannot be written (")
    assert line.endswith("); make it writable or delete it, then run `notesmith reindex` again")
