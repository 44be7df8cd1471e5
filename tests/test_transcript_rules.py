"""The transcript rules on a real fixture: who owes what, by when, and where it was said."""

import datetime as dt

from notesmith.extract.rules import extract


def test_commitments_carry_owner_due_date_and_evidence(read_example):
    extraction = extract(read_example("2026-03-02 1on1 Tomas.md"))
    runbook = next(t for t in extraction.tasks if "runbook" in t.text)
    assert runbook.owner == "Robin Hale"
    assert runbook.due == dt.date(2026, 3, 5)
    assert runbook.evidence[0].start == 125.9
    assert "send it to you by Thursday" in runbook.evidence[0].quote
    assert all(t.status.value == "proposed" for t in extraction.tasks)


def test_decision_is_found_with_its_evidence(read_example):
    extraction = extract(read_example("GMT20260305-150000_Recording.transcript.vtt"))
    decision = next(d for d in extraction.decisions if "single site" in d.text)
    assert decision.evidence[0].start == 23.3
