"""What a run's undo record keeps: each file's before-image once, however many sources touch it, and a source that
left the Inbox by reference to its archived copy; undo restores every file from that exactly, or refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from vaults import make_vault, run_ingest, standups, tree_hashes

from notesmith.app.transaction import Vault, vault_layout
from notesmith.app.undo import undo_last_run
from notesmith.config import load_config
from notesmith.vault.undo import IMAGED_EARLIER, SAME_AS, UndoError, run_manifests

RUN = "20261122T101010"


def _undo(root: Path) -> list[str]:
    config = load_config(root / "notesmith.toml", {})
    return undo_last_run(Vault(vault_layout(root, config)))[0]


def _entries(root: Path) -> list[dict]:
    return [e for m in run_manifests(root / ".notesmith/runs" / RUN) for e in json.loads(m.read_text())]


def _notes_and_inbox(root: Path) -> dict[str, str]:
    return tree_hashes(root, skip=(".notesmith/",))


def test_a_note_many_sources_add_to_is_imaged_once_and_undo_restores_the_vault(tmp_path):
    vault = make_vault(tmp_path / "v", standups(tmp_path / "in", 5))
    robin = vault / "People/Robin Hale.md"
    robin.write_text("---\ntitle: Robin Hale\ntype: person\n---\n# Robin Hale\n\nMy own line.\n", encoding="utf-8")
    before = _notes_and_inbox(vault)
    assert run_ingest(vault, run_id=RUN).count("ingested") == 5

    entries = _entries(vault)
    robin_entries = [e for e in entries if e["path"] == "People/Robin Hale.md"]
    assert len(robin_entries) == 5, "every standup adds to Robin's note"
    assert [IMAGED_EARLIER in e for e in robin_entries] == [False, True, True, True, True]
    assert all("image" not in e for e in robin_entries[1:])
    inbox = [e for e in entries if e["path"].startswith("Inbox/")]
    assert len(inbox) == 5 and all(e[SAME_AS].startswith("Sources/2026/") and e["image"] is None for e in inbox)

    _undo(vault)
    assert _notes_and_inbox(vault) == before
    assert "My own line." in robin.read_text(encoding="utf-8")


def test_undo_after_a_transaction_failed_in_flight_still_finds_every_image(tmp_path):
    # the failed transaction's record was never written: the run counts again what its records on disk hold
    vault = make_vault(tmp_path / "v", standups(tmp_path / "in", 4))
    mei = vault / "People/Mei Chen.md"
    mei.write_text("---\ntitle: Mei Chen\ntype: person\n---\n# Mei Chen\n", encoding="utf-8")
    before = _notes_and_inbox(vault)
    writes = []

    def edit_during_the_second_apply():
        writes.append(True)
        if len(writes) == 20:
            mei.write_text(mei.read_text(encoding="utf-8") + "\nWritten in Obsidian meanwhile.\n", encoding="utf-8")

    report = run_ingest(vault, run_id=RUN, after_file_op=edit_during_the_second_apply)
    assert [o.status for o in report.outcomes] == ["ingested"] * 4
    imaged = [e["path"] for e in _entries(vault) if not e.get(IMAGED_EARLIER) and not e.get("moved_from")]
    assert len(imaged) == len(set(imaged)), "no path imaged twice"

    _undo(vault)
    after = _notes_and_inbox(vault)
    assert not list((vault / "Meetings").rglob("*.md")) and len(list((vault / "Inbox").glob("*.txt"))) == 4
    assert {k: v for k, v in after.items() if k != "People/Mei Chen.md"} == {
        k: v for k, v in before.items() if k != "People/Mei Chen.md"}


def test_undo_refuses_when_the_archived_copy_of_a_source_changed(tmp_path):
    vault = make_vault(tmp_path / "v", standups(tmp_path / "in", 2))
    run_ingest(vault, run_id=RUN)
    archived = sorted((vault / "Sources/2026").glob("*.txt"))[0]
    archived.write_text(archived.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    touched = _notes_and_inbox(vault)
    with pytest.raises(UndoError, match="changed after the run"):
        _undo(vault)
    assert _notes_and_inbox(vault) == touched


def test_undo_refuses_when_a_later_steps_entry_has_no_image_before_it(tmp_path):
    vault = make_vault(tmp_path / "v", standups(tmp_path / "in", 2))
    run_ingest(vault, run_id=RUN)
    first = run_manifests(vault / ".notesmith/runs" / RUN)[0]
    first.write_text(json.dumps([e for e in json.loads(first.read_text()) if not e["path"].startswith("People/")]))
    touched = _notes_and_inbox(vault)
    with pytest.raises(UndoError, match="lacks what these files were before it"):
        _undo(vault)
    assert _notes_and_inbox(vault) == touched


def test_steps_are_read_in_the_order_applied_past_99999(tmp_path):
    for step in (99_999, 100_000, 7):
        (tmp_path / f"{step:05d}").mkdir()
        (tmp_path / f"{step:05d}" / "manifest.json").write_text("[]")
    assert [p.parent.name for p in run_manifests(tmp_path)] == ["00007", "99999", "100000"]
