"""The real-archive bench: its junk classifiers on single lines, and its run on the fixture corpus and the reference notes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BENCH, FIXTURES, load_bench
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = FIXTURES / "archive"
REFERENCE = ROOT.parent / "shared" / "reference-notes"


bench = load_bench("real_archive")


# ---------------------------------------------------------------- classifiers, a few lines each

@pytest.mark.parametrize("line", ["sort by due", "Group by priority", "not done", "Not done",
                                  "filter by function task.file.folder.includes('Projects/')",
                                  "Path includes Meetings", "due before tomorrow", "WHERE !completed", "SORT due ASC",
                                  "hide backlink", "Description includes Lantern"])
def test_query_lines_are_recognised(line):
    assert bench.is_query_line(line)


@pytest.mark.parametrize("line", ["Sort the backlog by due date before Friday", "Group the tickets for Theo",
                                  "Send the query results to Grant"])
def test_tasks_that_start_like_a_query_word_are_not_query_lines(line):
    assert not bench.is_query_line(line)


@pytest.mark.parametrize("line", ["{{TASKS}}", "Notes: <% tp.date.now('YYYY-MM-DD') %>", "Role: _Unknown_",
                                  "Email @TBD", "See [[]]", "_Brief description of this customer..._"])
def test_placeholders_are_recognised(line):
    assert bench.has_placeholder(line)


def test_real_text_has_no_placeholder():
    assert not bench.has_placeholder("Send the {draft} to [[Mira Castellanos]] by Friday")


def test_over_200_characters():
    assert bench.is_over_200("so the thing is " * 14)
    assert not bench.is_over_200("Raise the Tidewater API rate limit to 2,000 requests per minute by March 14")


@pytest.mark.parametrize("line", ["Please do not reply to this message.", "Unsubscribe | Manage your preferences",
                                  ("This e-mail and any attachments are confidential and intended solely for the "
                                   "use of the addressee"), "Sent from my iPhone",
                                  "AI-generated content may be inaccurate or misleading."])
def test_footers_are_recognised(line):
    assert bench.is_footer(line)


def test_a_request_is_no_footer():
    assert not bench.is_footer("Reply to Tamsin with the SSO timeline before Friday")


@pytest.mark.parametrize("line", ["Aim for the", "Confirm the code freeze for", "And then the pricing page",
                                  "Because the connector slipped", "The owner filter", "Lineage, maybe,"])
def test_fragments_are_recognised(line):
    assert bench.is_fragment(line)


@pytest.mark.parametrize("line", ["Send the benchmark results from the GPU cluster",
                                  "Benchmark the indexer on the Marlowe sample this week",
                                  "Share the data dictionary so the team sees how messy the naming is",
                                  "Finalize the Harbor price sheet",
                                  "Reproduce the slow facet counts on the Marlowe tenant",
                                  "Send Mira the goals for the first half of 2026."])
def test_whole_actions_are_not_fragments(line):
    assert not bench.is_fragment(line)


@pytest.mark.parametrize("line", [
    "I just wanna make sure that you set me up for the next step here, because I've been doing the job",
    "I remember when I was at my last company and we had one manager for three teams",
    "My daughter had her school play on Thursday",
])
def test_first_person_stories_are_narrative(line):
    assert bench.is_narrative(line)


@pytest.mark.parametrize("line", ["Draft the Lantern one-pager and send it to Mira by Friday",
                                  "Tell Mira the decision"])
def test_work_is_not_narrative(line):
    assert not bench.is_narrative(line)


def test_the_same_text_twice_is_a_duplicate_and_the_first_is_not():
    seen: set[str] = set()
    assert bench.junk_class("Send the SOC 2 report to Marlowe.", seen) is None
    assert bench.junk_class("send the SOC 2 report to Marlowe", seen) == "duplicate"
    assert bench.junk_class("Send the SOC 2 report to Tidewater", seen) is None


def test_a_line_gets_its_first_class_only():
    assert bench.junk_class("sort by due", set()) == "query line"
    assert bench.junk_class("Please do not reply to this message and", set()) == "footer"


@pytest.mark.parametrize(("name", "reason"), [
    ("Date", "label"), ("With", "label"), ("Attendees", "label"), ("Account", "label"), ("Cc", "label"),
    ("From", "label"), ("Unknown", "label"), ("Speaker 1", "label"), ("Speaker D", "label"),
    ("{{attendees}}", "placeholder"), ("Jordan Avery", "owner"),
    ("Mira Castellanos (Google Docs)", "display-name decoration"), ("Rafael Ortiz via LinkedIn", "display-name decoration"),
    ("Meeting Summary with AI Companion", "notification sender"), ("Tidewater Logistics", "company"),
    ("Fjordline Compute", "company"),
])
def test_junk_person_names(name, reason):
    assert bench.junk_person_reason(name, "Jordan Avery", frozenset({"Tidewater Logistics"})) == reason


@pytest.mark.parametrize("name", ["Mira Castellanos", "Bjarki Steinsson", "Tamsin", "Ines Carvalho"])
def test_people_are_not_junk(name):
    assert bench.junk_person_reason(name, "Jordan Avery", frozenset({"Tidewater Logistics"})) is None


def test_task_description_drops_owner_fields_and_tags():
    line = "Send the API docs to Lena @[[Sam Okafor]] 🆔 0851z6 ⏫ ➕ 2025-10-20 📅 2025-10-24 #task #proposed"
    assert bench.task_description(line) == "Send the API docs to Lena"
    assert bench.task_description("Share the notes. @Jordan 📅 2025-03-07 #task") == "Share the notes."


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "So")), max_size=80))
def test_task_description_keeps_any_description_without_fields(words):
    description = " ".join(w for w in words.split() if not w.startswith(("@", "#")))
    line = f"{description} 🆔 abc123 ➕ 2025-10-20 #task"
    assert bench.task_description(line) == description.strip()


def test_fuzzy_task_match_is_one_to_one():
    gold = {"m": ["Send the renewal proposal to Grant by next Tuesday", "Confirm the renewal budget with the CFO"]}
    predicted = [("Send Grant the renewal proposal by next Tuesday", {"m"}),
                 ("Send the renewal proposal to Grant", {"m"}), ("Book the offsite venue", {"m"})]
    assert bench.match_tasks(predicted, gold) == 1


def test_redundant_notes_count_all_but_one_per_meeting():
    assert bench.redundant_count([{"a", "b", "c"}, {"d"}, {"e", "f"}]) == 3


# ---------------------------------------------------------------- the bench on the corpus

def run_bench(folder: Path, owner: str) -> dict:
    result = subprocess.run([sys.executable, str(BENCH / "real_archive.py"), str(folder), "--owner", owner, "--json"],
                            capture_output=True, text=True, timeout=1200, check=True)
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def archive() -> dict:
    return run_bench(ARCHIVE, "Jordan Avery")


def test_expected_json_names_every_input_of_the_corpus():
    expected = json.loads((ARCHIVE / "expected.json").read_text(encoding="utf-8"))
    assert sorted(expected["files"]) == sorted(p.name for p in bench.input_files(ARCHIVE))
    assert all(entry["meeting"] for entry in expected["files"].values())


def test_the_bench_reads_the_whole_corpus_and_scores_it_against_the_gold(archive):
    assert archive["inputs"] == 70 and archive["failed inputs"] == 0
    assert archive["redundant by"] == "expected.json meeting keys"
    assert archive["meeting notes"] >= 40 and archive["proposals"] > 0
    assert sum(archive["junk by class"].values()) == archive["junk proposals"] == len(archive["junk list"])
    assert archive["real tasks"] >= 100 and 0 < archive["task precision"] <= 1 and 0.5 < archive["task recall"] <= 1
    assert archive["non-UTF-8 inputs"] == 2
    assert archive["person notes"] >= archive["genuine person notes"] > 0


def test_every_junk_item_names_the_input_it_came_from(archive):
    assert all(item["inputs"] for item in archive["junk list"])
    assert all(item["inputs"] for item in archive["junk people"] if item["reason"] != "company")


# ---------------------------------------------------------------- issue 21's targets on the corpus


def test_redundant_meeting_notes_at_most_5_percent(archive):
    assert archive["redundant %"] <= 5


def test_junk_proposals_at_most_5_percent(archive):
    assert archive["junk %"] <= 5


def test_no_person_note_is_named_by_a_label_or_placeholder(archive):
    assert archive["junk people"] == []


def test_no_placeholder_in_written_notes(archive):
    assert archive["placeholder list"] == []


def test_no_broken_link_in_written_notes(archive):
    assert archive["broken link list"] == []


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference-notes is not on this machine")
def test_reference_notes_give_one_note_for_the_conversation_and_no_label_people():
    result = run_bench(REFERENCE, "Jason Vallery")
    assert result["redundant meeting notes"] == 0 and result["junk people"] == []
