"""Knowledge that converges (issue 5): the review queue, merging entities, one note per meeting, no duplicate facts."""

from __future__ import annotations

import json

from test_cli import notesmith
from vaults import make_vault, read, run_ingest

VENDOR_REVIEW = """---
title: Vendor review
date: 2026-04-02
participants: [Robin Hale, Sam Okafor, Lena Voss]
---
# Vendor review

## Summary
We reviewed the storage vendors.

## Decisions
- Keep two vendors on the shortlist.
"""


def person_note(title: str, *extra: str) -> str:
    return "\n".join(["---", "type: person", f"title: {title}", *extra, "---", f"# {title}", "", "## Notes", "",
                      "Met at the spring offsite.", ""])


def test_doubts_wait_in_the_review_queue_until_settled(tmp_path):
    vault = make_vault(tmp_path / "vault")
    (vault / "People/Sam Okafor.md").write_text(person_note("Sam Okafor", "organization: Platform"), encoding="utf-8")
    (vault / "People/Sam Okafor (Finance).md").write_text(person_note("Sam Okafor", "organization: Finance"),
                                                          encoding="utf-8")
    (vault / "Inbox/vendor-review.md").write_text(VENDOR_REVIEW, encoding="utf-8")
    run_ingest(vault)

    queue = json.loads(notesmith("review", "--vault", str(vault), "--json").stdout)
    entries = {e["name"]: e for e in queue}
    assert entries["Sam Okafor"]["reason"] == "ambiguous"
    assert entries["Sam Okafor"]["candidates"] == ["Sam Okafor", "Sam Okafor (Finance)"]
    assert entries["Sam Okafor"]["seen_in"] == ["Meetings/2026/2026-04-02 - Vendor review.md"]
    assert entries["Lena Voss"]["reason"] == "check-person"
    meeting = read(vault, "Meetings/2026/*Vendor review.md")
    assert "[[Sam Okafor" not in meeting and "Sam Okafor" in meeting, "a guess would have linked one of them"
    assert "Met at the spring offsite." in read(vault, "People/Sam Okafor (Finance).md")

    lena = vault / "People/Lena Voss.md"
    lena.write_text(lena.read_text(encoding="utf-8").replace("review: needed\n", ""), encoding="utf-8")
    dismissed = notesmith("review", "--vault", str(vault), "--dismiss", "Sam Okafor", "--json")
    assert dismissed.returncode == 0 and json.loads(dismissed.stdout) == []
    human = notesmith("review", "--vault", str(vault))
    assert "Nothing to review" in human.stdout
