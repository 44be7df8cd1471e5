"""Notes that already carry sections: statuses, owners, dates and priorities kept exactly."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from notesmith.domain import Priority, TaskStatus
from notesmith.domain.owner import Owner
from notesmith.extract.rules import extract
from notesmith.extract.structured import section_role
from notesmith.notes.task_line import parse_task_line


def test_task_line_fields_are_read_from_the_end():
    task = parse_task_line("- [?] Send the pricing deck to Halcyon @[[Grace Adeyemi]] 🆔 t7k2mq ⏫ ➕ 2026-03-04 📅 2026-03-10 #task #proposed")
    assert (task.text, task.owner, task.due, task.priority, task.status) == (
        "Send the pricing deck to Halcyon", "Grace Adeyemi", dt.date(2026, 3, 10), Priority.high, TaskStatus.proposed,
    )


def test_every_status_and_the_done_date_are_kept():
    statuses = {c: parse_task_line(f"- [{c}] Do the thing @Robin Hale ✅ 2026-03-05").status for c in "? /x-"}
    assert statuses == {"?": TaskStatus.proposed, " ": TaskStatus.open, "/": TaskStatus.in_progress,
                        "x": TaskStatus.done, "-": TaskStatus.rejected}
    assert parse_task_line("- [x] Do the thing @Robin Hale ✅ 2026-03-05").done_date == dt.date(2026, 3, 5)
    assert parse_task_line("- plain bullet") is None


@given(st.text(max_size=200))
def test_task_line_parser_never_raises(text):
    parse_task_line("- [ ] " + text)
    parse_task_line(text)


def test_heading_names_vary():
    assert section_role("Action items (for Grace Adeyemi)") == "tasks"
    assert section_role("Next steps") == "tasks"
    assert section_role("Key facts learned") == "facts"
    assert section_role("Open questions") == "open_questions"
    assert section_role("Risks") == "risks"
    assert section_role("Decisions") == "decisions"


def test_summary_plus_transcript_is_carried_over_and_not_duplicated(read_example):
    extraction = extract(read_example("halcyon-renewal.md"), Owner("Robin Hale"))
    by_text = {t.text: t for t in extraction.tasks}
    done = by_text["Send the current usage export to Robin."]
    assert (done.status, done.done_date, done.owner) == (TaskStatus.done, dt.date(2026, 3, 5), "Grace Adeyemi")
    assert by_text["Share the data-processing agreement template."].status is TaskStatus.open
    proposal = by_text["Prepare the two-year pricing proposal."]
    assert (proposal.status, proposal.due, proposal.priority) == (TaskStatus.proposed, dt.date(2026, 3, 11), Priority.high)
    assert len(extraction.tasks) == 3, [t.text for t in extraction.tasks]
    assert [d.text for d in extraction.decisions] == ["Offer a two-year term that includes the archive tier."]
    assert len(extraction.facts) == 3 and extraction.risks[0].text.startswith("A competitor offered free egress")
    assert extraction.open_questions[0].text == "Does the renewal cover the Singapore region?"
    assert "renew for two years" in extraction.summary


def test_plain_notes_tasks_decision_and_facts(read_example):
    extraction = extract(read_example("2026-03-10 call with Quarry Labs.txt"), Owner("Robin Hale"))
    assert [d.text for d in extraction.decisions] == ["The trial runs three weeks, starting 2026-04-06."]
    owners = {t.owner: t for t in extraction.tasks}
    assert set(owners) == {"Nadia", "Robin Hale"}
    assert owners["Robin Hale"].due == dt.date(2026, 3, 13)
    assert len(extraction.facts) == 2


def test_mojibake_note_tasks_keep_dates_and_priorities(read_example):
    extraction = extract(read_example("partner-sync-mojibake.md"), Owner("Robin Hale"))
    assert [(t.owner, t.due, t.priority) for t in extraction.tasks] == [
        ("Robin Hale", dt.date(2026, 3, 20), Priority.highest),
        ("Nadia Petrov", dt.date(2026, 3, 24), Priority.high),
        ("Robin Hale", None, Priority.low),
    ]
