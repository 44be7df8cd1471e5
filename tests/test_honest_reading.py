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
