"""An ingest says how it read each input: a guessed encoding or a missing date is in its report, never silent."""

from __future__ import annotations

import json

from test_cli import notesmith

NOTES_CP1252 = ("Call with Fabrikam (Lena Vogel)\n2026-05-12\n\n- Lena confirmed the caf\xe9 pilot for June.\n"
                "- [ ] Send Lena the pilot contract by Friday\n").encode("cp1252")


def test_a_lossy_decode_is_reported_by_ingest_in_json_and_for_people(tmp_path):
    vault = tmp_path / "v"
    notesmith("init", str(vault))
    (vault / "Inbox/fabrikam call.txt").write_bytes(NOTES_CP1252)
    result = notesmith("ingest", "--vault", str(vault), "--json")
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)["sources"][0]
    assert outcome["status"] == "ingested"
    assert any("not valid UTF-8; decoded as Windows-1252" in w for w in outcome["warnings"])

    (vault / "Inbox/fabrikam call again.txt").write_bytes(NOTES_CP1252.replace(b"June", b"July"))
    human = notesmith("ingest", "--vault", str(vault), env=None)
    assert "fabrikam call again.txt: not valid UTF-8; decoded as Windows-1252" in " ".join(human.stdout.split())


TEMPLATE = """---
type: organization
title: Fjordline Compute
---
# {{title}}

**Account**: Fjordline Compute

## Next steps
- [ ] {{TASKS}}
"""


def test_a_note_that_is_no_meeting_is_set_aside_and_reported_not_failed(tmp_path):
    vault = tmp_path / "v"
    notesmith("init", str(vault))
    (vault / "Inbox/Fjordline Compute.md").write_text(TEMPLATE, encoding="utf-8")
    result = notesmith("ingest", "--vault", str(vault), "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    outcome = json.loads(result.stdout)["sources"][0]
    assert outcome["status"] == "skipped" and "Sources/_skipped/Fjordline Compute.md" in outcome["detail"]
    assert (vault / "Sources/_skipped/Fjordline Compute.md").read_text(encoding="utf-8") == TEMPLATE
    assert not (vault / "Meetings").exists() or not any((vault / "Meetings").rglob("*.md"))
    assert not any(p.name != ".gitkeep" for p in (vault / "Inbox").iterdir() if p.is_file())


def test_an_undated_note_s_tasks_get_no_invented_created_date(tmp_path):
    vault = tmp_path / "v"
    notesmith("init", str(vault))
    (vault / "Inbox/pilot notes.md").write_text(
        "# Pilot follow-up\n\n- Lena wants the contract before the board meets.\n"
        "- [ ] Send Lena Vogel the pilot contract\n", encoding="utf-8")
    assert notesmith("ingest", "--vault", str(vault)).returncode == 0
    task = next(line for note in (vault / "Meetings").rglob("*.md")
                for line in note.read_text(encoding="utf-8").splitlines() if line.startswith("- ["))
    assert "Send Lena Vogel the pilot contract" in task and "➕" not in task
