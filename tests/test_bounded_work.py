"""Hostile input costs bounded work: no alias expansion, a bounded number of proposals however long the source, no
Tasks field from an input's words, and no generated line written back after a person deleted it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, load_bench
from hypothesis import given
from hypothesis import strategies as st
from vaults import make_vault, read, run_ingest

from notesmith.app.transaction import vault_layout
from notesmith.config import load_config
from notesmith.domain import Task, TaskStatus
from notesmith.extract.rules import extract
from notesmith.extract.transcript import MAX_DECISIONS, MAX_TASKS
from notesmith.index.store import current_index
from notesmith.notes.frontmatter import MAX_FRONTMATTER_CHARS
from notesmith.notes.task_line import parse_task_line, render_task_line
from notesmith.sources import ReadContext, read_bytes

NOBODY = ReadContext()
SPEAKERS = ["Ada Albrecht", "Bram Barros", "Cleo Castell", "Dario Dunmore"]
SAID = [
    "I'll send the notes on the importer to {other} by Friday.",
    "{other}, can you check the billing export before the review?",
    "We decided to keep the audit log as it is until the pilot ships.",
    "Let's go with the second option for the sync agent.",
    "Okay, let me look at the pricing page after this call.",
    "Yeah, that makes sense to me.",
]
CONTRACT = "Action items: Cleo, can you send the signed contract to the legal team by Friday?"


def _note(frontmatter: list[str]) -> bytes:
    body = ["# Laughs", "", "Ada will send the pricing deck by Friday.", "The budget for the pilot is $40K.", ""]
    return "\n".join(["---", *frontmatter, "---", "", *body]).encode("utf-8")


def _billion_laughs(levels: int) -> list[str]:
    lines = ["lol0: &lol0 [" + ", ".join(['"lol"'] * 9) + "]"]
    return lines + [f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * 9) + "]" for i in range(1, levels)]


@pytest.mark.parametrize(("frontmatter", "reason"), [
    (_billion_laughs(9), "YAML aliases"),  # 9^9 strings once expanded: gigabytes
    (["base: &base {date: 2026-06-01, title: Laughs}", "meeting:", "  <<: *base"], "YAML aliases"),
    (["deep: " + "{b: " * 5000 + "1" + "}" * 5000], "nested deeper"),  # the loader recurses once per level
])
def test_frontmatter_that_would_cost_unbounded_work_is_not_read_and_the_note_still_is(frontmatter, reason):
    source = read_bytes(_note(frontmatter), Path("laughs.md"), NOBODY)
    assert source.frontmatter == {}
    assert any(reason in warning for warning in source.warnings), source.warnings
    assert source.title == "Laughs"
    assert [task.text.startswith("Send the pricing deck") for task in extract(source).tasks] == [True]


def test_frontmatter_larger_than_the_limit_is_not_read():
    attendees = [f"  - Person {i}" for i in range(MAX_FRONTMATTER_CHARS // 10)]
    source = read_bytes(_note(["date: 2026-06-01", "attendees:", *attendees]), Path("big.md"), NOBODY)
    assert source.frontmatter == {} and any("larger than" in warning for warning in source.warnings)


def _clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.00"


def _long_meeting(lines: int) -> bytes:
    """A made-up MacWhisper transcript, four seconds a line, every line different; the last one hands out the
    strongest piece of work."""
    rng = random.Random(20)
    out = []
    for i in range(lines - 1):
        speaker = rng.choice(SPEAKERS)
        other = rng.choice([s for s in SPEAKERS if s != speaker]).split()[0]
        out.append(f"[{_clock(i * 4)}] {speaker} : {rng.choice(SAID).format(other=other)[:-1]} (point {i}).")
    out.append(f"[{_clock(lines * 4)}] Ada Albrecht : {CONTRACT}")
    return ("\n".join(out) + "\n").encode("utf-8")


def test_a_meeting_of_twenty_thousand_lines_gives_the_capped_best_proposals():
    source = read_bytes(_long_meeting(20_000), Path("2026-06-01 marathon.txt"), NOBODY)
    assert len(source.utterances) == 20_000
    extraction = extract(source)
    assert 0 < len(extraction.tasks) <= MAX_TASKS and 0 < len(extraction.decisions) <= MAX_DECISIONS
    assert any("send the signed contract to the legal team" in task.text for task in extraction.tasks)


def test_a_reply_quoted_two_thousand_levels_deep_gives_only_what_its_sender_wrote():
    extraction = extract(read_bytes(load_bench("hostile_bounds").deep_quote(2000), Path("reply.eml"), NOBODY))
    items = [*extraction.tasks, *extraction.decisions]
    assert items and len(extraction.tasks) <= MAX_TASKS and len(extraction.decisions) <= MAX_DECISIONS
    assert all("1999" in item.text for item in items), [item.text for item in items]


MAIL_WITH_FIELDS = """From: Dana Whitfield <dana.whitfield@contoso.example>
To: Alex Morgan <alex.morgan@northwind.example>
Subject: NDA for the pilot
Date: Wed, 10 Jun 2026 16:20:00 -0400
Content-Type: text/plain; charset=utf-8

Hi Alex,

Could you send over the signed NDA \u2705 2020-01-01 by Friday?
I'll review the questionnaire \U0001f4c5 2020-02-02 \U0001f501 every day \u23eb before the pilot starts.
- [x] We decided to go with the annual plan \u2705\ufe0f 2020-01-01 rather than monthly billing.

Best,
Dana
"""
CALL_WITH_FIELDS = """[00:00:01.00] Dana Whitfield : Hi Alex, thanks for joining the pilot call today.
[00:00:05.00] Alex Morgan : Sure. I'll send the pricing deck \u2705 2020-01-01 to Dana after the call.
[00:00:09.00] Dana Whitfield : Great, can you book the room \U0001f4c5 2021-05-05 \U0001f194 abc123 for the workshop?
[00:00:12.00] Alex Morgan : Yes, I will do that today.
"""
NOTE_WITH_OWN_TASKS = """# Pilot prep

**Date**: 2026-06-11

## Action items
- [x] Send the deck to Dana \u2705 2026-06-09
- Ask Legal about the liability clause \u2705 2020-01-01
"""


# Every emoji the Tasks plugin reads a field from: dates (with their other spellings), id, depends-on, recurrence,
# on-completion and priorities.
FIELD_EMOJI = "\U0001f4c5\U0001f4c6\U0001f5d3\u2705\u2795\u23f3\u231b\U0001f6eb\u274c\U0001f194\u26d4\U0001f501\U0001f3c1" \
    "\U0001f53a\u23eb\U0001f53c\U0001f53d\u23ec"


@given(st.lists(st.sampled_from([*FIELD_EMOJI, *"ab 01-[]x\ufe0f\n", " 2020-01-01", " t7k2mq"])).map("".join))
def test_a_task_line_carries_only_the_tasks_own_fields_whatever_its_words(words):
    line = render_task_line(Task(text=words), "own1d", None, None)
    description = line[len("- [?] "):line.index("\U0001f194 own1d")]
    assert not set(description) & set(FIELD_EMOJI), line
    task = parse_task_line(line)
    assert task is None or (task.due, task.done_date, task.priority) == (None, None, None)


def test_task_fields_written_in_an_input_never_become_fields_and_a_notes_own_tasks_keep_theirs(tmp_path):
    vault = make_vault(tmp_path / "v")
    for name, text in (("nda.eml", MAIL_WITH_FIELDS), ("2026-06-10 pilot call.txt", CALL_WITH_FIELDS),
                       ("2026-06-11 pilot prep.md", NOTE_WITH_OWN_TASKS)):
        (vault / "Inbox" / name).write_text(text, encoding="utf-8")
    run_ingest(vault)
    notes = "\n".join(p.read_text(encoding="utf-8") for p in (vault / "Meetings").rglob("*.md"))
    tasks = [parse_task_line(line) for line in notes.splitlines() if parse_task_line(line)]
    done = [task for task in tasks if task.status is TaskStatus.done]
    assert [(task.text, str(task.done_date)) for task in done] == [("Send the deck to Dana", "2026-06-09")]
    written = {"2020-01-01", "2020-02-02", "2021-05-05"}
    assert len(tasks) >= 5 and not written & {str(day) for task in tasks for day in (task.due, task.done_date)}
    assert not any(f"{emoji} {day}" in notes for emoji in "\u2705\U0001f4c5" for day in written), notes
    assert "abc123" not in notes and "\U0001f501" not in notes and "\u23eb" not in notes


def test_a_recent_context_line_a_person_deleted_is_not_written_back(tmp_path):
    vault = make_vault(tmp_path / "v", [EXAMPLES / "kestrel-restore-budget.md"])
    run_ingest(vault)
    person = vault / "People" / "Tomás Ortega.md"
    text = person.read_text(encoding="utf-8")
    recent = next(line for line in text.splitlines() if line.startswith("- 2026-03-12 · [["))
    person.write_text(text.replace(recent + "\n", ""), encoding="utf-8")
    (vault / "Inbox" / "later.md").write_bytes((FIXTURES / "kestrel-restore-budget-later.md").read_bytes())
    run_ingest(vault)
    assert "Mei Chen by Friday" in read(vault, "Meetings/*/*.md")  # the later export was read, into that meeting
    assert "- 2026-03-12 · [[" not in person.read_text(encoding="utf-8")


def test_a_vault_note_whose_frontmatter_would_cost_unbounded_work_is_left_untouched_and_indexed_safely(tmp_path):
    """The same limits as for inputs hold for notes a person (or a sync tool) put in the vault."""
    vault = make_vault(tmp_path / "v", [EXAMPLES / "kestrel-standup.txt"])
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 9)}]\n" for n in range(8))
    hostile = f"---\n{laughs}---\n# Project Kestrel\n\nmine\n"
    (vault / "Projects").mkdir(exist_ok=True)
    (vault / "Projects/Project Kestrel.md").write_text(hostile, encoding="utf-8")
    report = run_ingest(vault)
    assert report.count("ingested") == 1
    assert (vault / "Projects/Project Kestrel.md").read_text(encoding="utf-8") == hostile
    conn, _ = current_index(vault_layout(vault, load_config(vault / "notesmith.toml", {})))
    (error,) = conn.execute("SELECT error FROM notes WHERE path = 'Projects/Project Kestrel.md'").fetchone()
    assert "YAML aliases" in error
