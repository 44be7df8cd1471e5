"""Ingest end to end on real temp vaults: the notes, links, tasks and archive a user would check."""

from __future__ import annotations

import re
import shutil

from conftest import EXAMPLES, FIXTURES
from vaults import broken_links, make_vault, read, run_ingest, standups, tree_hashes

from notesmith.notes.task_line import parse_task_line
from notesmith.vault.snapshot import sha256

ALL_EXAMPLES = sorted(p for p in EXAMPLES.iterdir() if p.is_file() and p.suffix != ".toml" and not p.name.startswith("__"))
PLACEHOLDERS = ("_Unknown_", "@TBD", "[[]]", "Brief description", "TODO:", "None", "null")


def test_every_example_becomes_a_meeting_note_with_its_source_archived(tmp_path):
    vault = make_vault(tmp_path / "v", ALL_EXAMPLES)
    report = run_ingest(vault)
    assert report.count("ingested") == len(ALL_EXAMPLES) and report.count("failed") == 0
    assert sorted(p.name for p in (vault / "Inbox").iterdir() if p.is_file()) == [".gitkeep"]
    for example in ALL_EXAMPLES:
        archived = vault / "Sources" / "2026" / example.name
        assert archived.read_bytes() == example.read_bytes()
    meetings = sorted((vault / "Meetings").rglob("*.md"))
    assert len(meetings) == len(ALL_EXAMPLES)
    for note in meetings:
        text = note.read_text(encoding="utf-8")
        source = re.search(r"^sources:\n- (.+)$", text, re.M).group(1)
        digest = re.search(r"^source_hashes:\n- (\w+)$", text, re.M).group(1)
        assert sha256((vault / source).read_bytes()) == digest and not source.startswith("/")
    assert broken_links(vault) == []
    nadia = read(vault, "People/Nadia Petrov.md")
    assert "last_contact: 2026-03-12" in nadia, "the 2026-03-16 note only mentions her: mentioned is not met"
    assert "Bluefin partner sync" in nadia
    assert "- '[[Nadia Petrov]]'" not in read(vault, "Meetings/2026/2026-03-16 - *.md")
    grace = read(vault, "People/Grace Adeyemi.md")  # the 03-05 recording is read before the 03-04 renewal note
    assert "first_seen: 2026-03-04\nlast_contact: 2026-03-05\n" in grace, "first seen is the earliest meeting"


def test_no_placeholder_and_every_task_line_reads_back(tmp_path):
    vault = make_vault(tmp_path / "v", ALL_EXAMPLES)
    run_ingest(vault)
    for note in list(vault.glob("*/**/*.md")):
        text = note.read_text(encoding="utf-8")
        assert not any(p in text for p in PLACEHOLDERS), note
        for line in text.splitlines():
            if line.startswith("- [") and "🆔" in line:
                assert re.fullmatch(r"- \[[?x /-]\] .+ 🆔 [0-9a-z]{6}( [🔺⏫🔼🔽⏬])?( ➕ \d{4}-\d\d-\d\d)?"
                                    r"( 📅 \d{4}-\d\d-\d\d)?( ✅ \d{4}-\d\d-\d\d)? #task( #proposed)?", line), line
                assert parse_task_line(line) is not None


def test_summarised_note_keeps_done_and_accepted_tasks(tmp_path):
    vault = make_vault(tmp_path / "v", [EXAMPLES / "halcyon-renewal.md"])
    run_ingest(vault)
    note = read(vault, "Meetings/2026/2026-03-04 - *.md")
    done = next(line for line in note.splitlines() if line.startswith("- [x]"))
    assert "✅ 2026-03-05" in done and "@[[Grace Adeyemi]]" in done and "#proposed" not in done
    assert "- [ ] " in note and note.count("🆔") == len(set(re.findall(r"🆔 (\w+)", note)))
    halcyon = read(vault, "Organizations/Halcyon Logistics.md")
    assert "type: organization" in halcyon and "## Key Facts" in halcyon
    assert "([[2026-03-04 - Halcyon Logistics — renewal check-in|2026-03-04]])" in halcyon


def test_one_on_one_tasks_have_owner_due_date_and_people_notes(tmp_path):
    vault = make_vault(tmp_path / "v", [EXAMPLES / "2026-03-02 1on1 Tomas.md"])
    run_ingest(vault)
    note = read(vault, "Meetings/2026/2026-03-02 - *.md")
    assert "kind: one_on_one" in note and "- '[[Tomás Ortega]]'" in note
    runbook = next(line for line in note.splitlines() if "runbook" in line and "🆔" in line)
    assert runbook.startswith("- [?] ") and "@[[Robin Hale]]" in runbook and "📅 2026-03-05" in runbook
    tomas = read(vault, "People/Tomás Ortega.md")
    assert "review: needed" in tomas and "last_contact: 2026-03-02" in tomas
    assert "- 2026-03-02 · [[2026-03-02 - 1-1 — Tomás Ortega|1:1 — Tomás Ortega]]" in tomas
    robin = read(vault, "People/Robin Hale.md")
    assert "review" not in robin and "- me" in robin and "description includes Robin Hale" in robin


def test_same_inbox_twice_changes_no_note_and_empties_the_inbox(tmp_path):
    vault = make_vault(tmp_path / "v", ALL_EXAMPLES)
    run_ingest(vault, run_id="20261122T900001")
    for example in ALL_EXAMPLES:
        (vault / "Inbox" / example.name).write_bytes(example.read_bytes())
    before = tree_hashes(vault)
    report = run_ingest(vault, run_id="20261122T900002")
    assert report.count("known") == len(ALL_EXAMPLES) and report.count("ingested") == 0
    after = tree_hashes(vault)
    bookkeeping = ("Inbox/", "Sources/_duplicates/", ".notesmith/")
    assert {k: v for k, v in after.items() if not k.startswith(bookkeeping)} == \
        {k: v for k, v in before.items() if not k.startswith(bookkeeping)}
    assert [p.name for p in (vault / "Inbox").iterdir() if p.is_file()] == [".gitkeep"]
    for example in ALL_EXAMPLES:
        assert after[f"Sources/_duplicates/{example.name}"] == before[f"Inbox/{example.name}"]
    assert run_ingest(vault, run_id="20261122T900003").outcomes == []


def test_files_outside_the_vault_are_copied_not_moved(tmp_path):
    vault = make_vault(tmp_path / "v")
    outside = tmp_path / "downloads"
    outside.mkdir()
    (outside / "kestrel-standup.txt").write_bytes((EXAMPLES / "kestrel-standup.txt").read_bytes())
    assert run_ingest(vault, [outside]).count("ingested") == 1
    assert (outside / "kestrel-standup.txt").exists() and (vault / "Sources/2026/kestrel-standup.txt").exists()
    assert run_ingest(vault, [outside]).count("known") == 1


def test_dry_run_writes_nothing_anywhere(tmp_path):
    vault = make_vault(tmp_path / "v", ALL_EXAMPLES)
    before = tree_hashes(vault, skip=())
    report = run_ingest(vault, dry_run=True)
    assert report.count("planned") == len(ALL_EXAMPLES)
    assert any(op.path.startswith("Meetings/") for o in report.outcomes for op in o.plan.operations)
    assert tree_hashes(vault, skip=()) == before


def test_email_thread_that_grows_updates_its_one_note(tmp_path):
    vault = make_vault(tmp_path / "v", [EXAMPLES / "kestrel-restore-budget.md"])
    run_ingest(vault)
    first = read(vault, "Meetings/2026/*Kestrel restore budget.md")
    (vault / "Inbox" / "kestrel-restore-budget.md").write_bytes((FIXTURES / "kestrel-restore-budget-later.md").read_bytes())
    report = run_ingest(vault)
    assert report.count("ingested") == 1
    second = read(vault, "Meetings/2026/*Kestrel restore budget.md")
    assert second.startswith(first.split("sources:")[0])
    assert "- Use snapshots as the default restore path." in second
    final_numbers = next(line for line in second.splitlines() if "final numbers" in line)
    assert "📅 2026-03-20" in final_numbers, "Friday counted from the message's own date, 2026-03-16"
    assert "- Sources/2026/kestrel-restore-budget.md\n- Sources/2026/kestrel-restore-budget (2).md" in second
    assert len(list((vault / "Meetings").rglob("*.md"))) == 1


def test_a_sentence_the_summary_states_is_not_listed_again_in_the_meeting_note(tmp_path):
    vault = make_vault(tmp_path / "v", [EXAMPLES / "quarry-trial-criteria.eml"])
    run_ingest(vault)
    meeting = read(vault, "Meetings/2026/*trial success criteria.md")
    criterion = "No record lost during a forced restart of the importer."
    assert meeting.count(criterion) == 1 and criterion in meeting.split("## Summary")[1].split("##")[0]
    assert "## Key Information" not in meeting
    organization = read(vault, "Organizations/Quarry Labs.md")
    assert f"- {criterion} ([[" in organization.split("## Key Facts")[1]


def _quarry_mail(day: int, subject: str) -> str:
    return (f"From: Nadia Petrov <nadia.petrov@quarrylabs.example>\nTo: Robin Hale <robin.hale@bluefin.example>\n"
            f"Subject: {subject}\nDate: Mon, {day} Mar 2026 09:00:00 +0100\nMessage-ID: <{day}@quarrylabs.example>\n\n"
            "Hi Robin,\n\nThe Lisbon office can host the trial team for three weeks.\n\nBest,\nNadia\n")


def test_a_mail_domain_ties_a_person_to_their_organization_once_and_a_persons_edits_stand(tmp_path):
    vault = make_vault(tmp_path / "v", [EXAMPLES / "quarry-trial-criteria.eml"])
    run_ingest(vault)
    contact = "- [[Nadia Petrov]] ([[2026-03-12 - Quarry Labs trial success criteria|2026-03-12]])"
    assert "\norganization: '[[Quarry Labs]]'\n" in read(vault, "People/Nadia Petrov.md")
    assert f"## Key Contacts\n{contact}\n\n" in read(vault, "Organizations/Quarry Labs.md")
    (vault / "Inbox" / "later.eml").write_text(_quarry_mail(16, "Quarry Labs trial office"), encoding="utf-8")
    run_ingest(vault)
    organization = read(vault, "Organizations/Quarry Labs.md")
    assert organization.count("[[Nadia Petrov]]") == 1 and contact in organization
    person_path, organization_path = vault / "People/Nadia Petrov.md", vault / "Organizations/Quarry Labs.md"
    person_path.write_text(read(vault, "People/Nadia Petrov.md").replace("[[Quarry Labs]]", "Quarry Labs Lisbon"),
                           encoding="utf-8")
    organization_path.write_text(organization.replace(contact + "\n", ""), encoding="utf-8")
    (vault / "Inbox" / "latest.eml").write_text(_quarry_mail(23, "Quarry Labs trial dates"), encoding="utf-8")
    assert run_ingest(vault).count("ingested") == 1
    assert "\norganization: 'Quarry Labs Lisbon'\n" in person_path.read_text(encoding="utf-8")
    assert "[[Nadia Petrov]]" not in organization_path.read_text(encoding="utf-8")


def test_notes_of_a_call_with_a_named_contact_tie_them_to_the_organization_and_say_what_happened(tmp_path):
    vault = make_vault(tmp_path / "v", [EXAMPLES / "2026-03-10 call with Quarry Labs.txt"])
    run_ingest(vault)
    meeting = read(vault, "Meetings/2026/2026-03-10 - Call with Quarry Labs (Nadia Petrov).md")
    assert "**Participants**: [[Nadia Petrov]], [[Robin Hale]]" in meeting
    summary = meeting.split("## Summary\n")[1].split("\n\n")[0]
    assert summary == ("Quarry Labs wants to trial the importer in their Lisbon office in April. "
                       "Their COO approved the trial budget on Monday.")
    assert "\norganization: '[[Quarry Labs]]'\n" in read(vault, "People/Nadia Petrov.md")
    assert "## Key Contacts\n- [[Nadia Petrov]] ([[2026-03-10 - Call with Quarry Labs (Nadia Petrov)|2026-03-10]])" \
        in read(vault, "Organizations/Quarry Labs.md")


def test_a_persons_status_and_deletions_survive_a_re_ingest(tmp_path):
    vault = make_vault(tmp_path / "v", [EXAMPLES / "kestrel-restore-budget.md"])
    run_ingest(vault)
    note_path = next((vault / "Meetings").rglob("*.md"))
    text = note_path.read_text(encoding="utf-8")
    task = next(line for line in text.splitlines() if "🆔" in line)
    accepted = task.replace("- [?]", "- [x]").replace(" #proposed", "")
    note_path.write_text(text.replace(task, accepted) + "\n## Notes\nMy own line.\n", encoding="utf-8")
    (vault / "Inbox" / "later.md").write_bytes((FIXTURES / "kestrel-restore-budget-later.md").read_bytes())
    run_ingest(vault)
    updated = note_path.read_text(encoding="utf-8")
    assert accepted in updated and task not in updated and "## Notes\nMy own line.\n" in updated
    decision = next(line for line in updated.splitlines() if "snapshots as the default" in line)
    note_path.write_text(updated.replace(decision + "\n", ""), encoding="utf-8")
    again = FIXTURES / "kestrel-restore-budget-later.md"
    (vault / "Inbox" / "later-again.md").write_bytes(again.read_bytes() + b"\r> PS: see you Tuesday.\r")
    run_ingest(vault)
    assert "snapshots as the default" not in note_path.read_text(encoding="utf-8")


def test_unreadable_source_goes_to_failed_with_its_reason_and_the_rest_is_ingested(tmp_path):
    vault = make_vault(tmp_path / "v", [EXAMPLES / "kestrel-standup.txt"])
    garbage = bytes(range(256)) * 40
    (vault / "Inbox" / "broken.md").write_bytes(garbage)
    report = run_ingest(vault)
    assert report.count("failed") == 1 and report.count("ingested") == 1
    assert (vault / "Inbox/_failed/broken.md").read_bytes() == garbage
    error = (vault / "Inbox/_failed/broken.md.error.txt").read_text(encoding="utf-8")
    assert "stage: read" in error and "How to retry" in error
    assert not (vault / "Inbox/broken.md").exists()
    assert len(list((vault / "Meetings").rglob("*.md"))) == 1
    assert run_ingest(vault).count("failed") == 0


def test_corrupt_entity_note_is_reported_and_left_untouched(tmp_path):
    vault = make_vault(tmp_path / "v", [EXAMPLES / "2026-03-02 1on1 Tomas.md"])
    corrupt = "---\ntitle: [unclosed\n---\n# Tomás Ortega\nMy notes.\n"
    (vault / "People/Tomás Ortega.md").write_text(corrupt, encoding="utf-8")
    report = run_ingest(vault)
    assert report.count("ingested") == 1
    assert any("People/Tomás Ortega.md left untouched" in w for w in report.outcomes[0].plan.warnings)
    assert (vault / "People/Tomás Ortega.md").read_text(encoding="utf-8") == corrupt
    assert not list((vault / "People").glob("Tomás Ortega (*"))


def test_a_note_edited_between_plan_and_apply_is_re_planned_and_the_edit_kept(tmp_path):
    vault = make_vault(tmp_path / "v", [EXAMPLES / "2026-03-02 1on1 Tomas.md"])
    robin = vault / "People/Robin Hale.md"
    robin.write_text("---\ntitle: Robin Hale\ntype: person\n---\n# Robin Hale\n", encoding="utf-8")
    edited = []

    def edit_once():
        if not edited:
            edited.append(True)
            robin.write_text(robin.read_text(encoding="utf-8") + "\n## Notes\nWritten in Obsidian meanwhile.\n",
                             encoding="utf-8")

    report = run_ingest(vault, after_file_op=edit_once)
    assert report.count("ingested") == 1
    text = robin.read_text(encoding="utf-8")
    assert "Written in Obsidian meanwhile." in text and "## Recent Context" in text


def test_a_note_edited_while_the_source_before_is_still_applying_loses_nothing(tmp_path):
    # a transaction applies while the next source is planned: an edit that makes it fail must void that plan too
    inputs = standups(tmp_path / "in", 4)
    vault = make_vault(tmp_path / "v", inputs)
    robin = vault / "People/Robin Hale.md"
    robin.write_text("---\ntitle: Robin Hale\ntype: person\n---\n# Robin Hale\n", encoding="utf-8")
    writes = []

    def edit_during_the_second_apply():
        writes.append(True)
        if len(writes) == 20:  # past the first transaction (about a dozen files), inside the second
            robin.write_text(robin.read_text(encoding="utf-8") + "\n## Notes\nWritten in Obsidian meanwhile.\n",
                             encoding="utf-8")

    report = run_ingest(vault, after_file_op=edit_during_the_second_apply)
    assert [o.status for o in report.outcomes] == ["ingested"] * 4
    text = robin.read_text(encoding="utf-8")
    assert "Written in Obsidian meanwhile." in text
    assert all(f"volume {day}" in text for day in range(1, 5)), "every standup's task reached Robin's note"
    assert len(list((vault / "Meetings/2026").glob("*.md"))) == 4
    assert not list((vault / "Inbox").glob("*.txt"))


def test_a_known_source_after_a_transaction_that_failed_in_flight_is_still_set_aside(tmp_path):
    first, second = standups(tmp_path / "in", 2)
    vault = make_vault(tmp_path / "v", [first])
    assert run_ingest(vault).count("ingested") == 1
    robin = vault / "People/Robin Hale.md"
    shutil.copyfile(second, vault / "Inbox" / second.name)
    shutil.copyfile(first, vault / "Inbox" / "standup again.txt")  # the same bytes: known, moved to duplicates
    edited = []

    def edit_once():  # during the second standup's apply, which fails; the known copy is handled after it
        if not edited:
            edited.append(True)
            robin.write_text(robin.read_text(encoding="utf-8") + "\nWritten in Obsidian meanwhile.\n",
                             encoding="utf-8")

    report = run_ingest(vault, after_file_op=edit_once)
    assert [o.status for o in report.outcomes] == ["ingested", "known"]
    assert "moved to Sources/_duplicates/" in report.outcomes[1].detail
    assert not list((vault / "Inbox").glob("*.txt"))
    text = robin.read_text(encoding="utf-8")
    assert "Written in Obsidian meanwhile." in text and "volume 2" in text


def test_worker_processes_build_the_same_vault_as_one_process(tmp_path):
    inputs = standups(tmp_path / "in", 17)
    one = make_vault(tmp_path / "one", inputs)
    two = make_vault(tmp_path / "two", inputs)
    first = run_ingest(one, run_id="20261122T000001")
    second = run_ingest(two, run_id="20261122T000001", workers=2)
    assert [o.status for o in second.outcomes] == ["ingested"] * 17
    assert [o.name for o in second.outcomes] == [o.name for o in first.outcomes]
    assert tree_hashes(two) == tree_hashes(one)
    assert "📅 2026-04-17" in read(two, "Meetings/2026/2026-04-14 - *.md")
