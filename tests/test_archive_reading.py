"""Reading a real archive (issue 21): a written note by its structure, mail without what its sender did not write,
titles that say what the meeting was, plain `Name: text` transcripts and files without line breaks.

The fixtures in tests/fixtures/archive-reading/ are in the shapes of ../shared/samples/ and the predecessor's
notes of ../shared/reference-notes/ (its mojibake included); everyone in them is made up. The owner is Robin Hale.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURES
from hypothesis import given
from hypothesis import strategies as st
from test_cli import notesmith
from vaults import make_vault, run_ingest

from notesmith.sources.dates import find_date
from notesmith.sources.mail_body import own_words
from notesmith.sources.note_labels import read_labels
from notesmith.sources.note_structure import readable_text
from notesmith.sources.segment import MAX_LINE, segment_long_lines

READING = FIXTURES / "archive-reading"
CONFIG = """[me]
name = "Robin Hale"
aliases = ["Robin"]
emails = ["robin.hale@bluefin.example"]
employer = "Bluefin Data"

[speakers]
"Jabra Speak 710" = "Robin Hale"
"Parallels Desktop" = "Robin Hale"
"""
PREDECESSOR_1ON1 = "2026-04-07 - Oskar agreed the pilot scope and asked for a security review befo.md"
PREDECESSOR_CUSTOMER = "2026-04-07 - Halvard pilot limited to the northern depots.md"
QUERY_WORDS = ("not done", "sort by", "group by", "filter by", "description includes", "due before", "hide ",
               "TASK", "FROM ", "WHERE", "SORT ", "tag:#")


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("config") / "notesmith.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sources(config) -> dict[str, dict]:
    """`notesmith sources --json` over the whole folder: each file's Source (or its error) by file name."""
    result = notesmith("--config", str(config), "sources", str(READING), "--json")
    return {Path(s["origin_path"]).name: s for s in map(json.loads, result.stdout.splitlines())}


EXTRACTED = ["2026-04-09.md", PREDECESSOR_CUSTOMER, PREDECESSOR_1ON1,
             "Meeting Summary with AI Companion - Halvard pilot kickoff.eml", "Wren Castillo (Google Docs).eml"]


@pytest.fixture(scope="module")
def extracted(config) -> dict[str, dict]:
    """`notesmith extract --json` of the files the extraction tests look at, by file name."""
    result = notesmith("--config", str(config), "extract", *(str(READING / n) for n in EXTRACTED), "--json")
    assert result.returncode == 0, result.stderr
    return dict(zip(EXTRACTED, map(json.loads, result.stdout.splitlines()), strict=True))


def people(source: dict) -> list[str]:
    return [p["name"] for p in source["participants"]]


# ---------------------------------------------------------------- written notes: label lines, fences, templates

def test_label_lines_of_a_predecessor_note_fill_its_fields_and_are_nobody(sources):
    one_on_one, customer = sources[PREDECESSOR_1ON1], sources[PREDECESSOR_CUSTOMER]
    assert people(one_on_one) == ["Robin Hale", "Oskar Lindgren"]
    assert one_on_one["utterances"] == [] and one_on_one["date"] == "2026-04-07"
    assert people(customer) == ["Oskar Lindgren", "Robin Hale"]
    assert customer["frontmatter"]["organizations"] == ["Halvard Freight"]
    assert not any(label in people(s) for s in sources.values() if "participants" in s
                   for label in ("Date", "With", "Attendees", "Account", "Participants"))


def test_a_label_inside_a_paragraph_with_the_colon_inside_the_bold_fills_its_field(sources):
    notes = sources["offsite notes.md"]
    assert (notes["title"], notes["date"]) == ("Depot rollout offsite", "2026-04-14")
    assert people(notes) == ["Wren Castillo", "Oskar Lindgren", "Robin Hale"]
    assert "Participants" not in json.dumps(notes["sections"])
    assert "We met at the Gothenburg office" in notes["sections"][0]["body"]


def test_query_blocks_comments_and_placeholders_give_no_task(extracted):
    daily, customer = extracted["2026-04-09.md"], extracted[PREDECESSOR_CUSTOMER]
    assert [t["text"] for t in daily["tasks"]] == [
        "Call Wren Castillo about the depot rollout", "Send Oskar the pilot checklist",
        "Expense report for the Oslo trip"]
    assert [t["text"] for t in customer["tasks"]] == ["Send Halvard the architecture overview for the security review."]
    written = json.dumps([daily, customer], ensure_ascii=False)
    assert not any(word in written for word in QUERY_WORDS)
    assert "{{" not in written and "<%" not in written and "commented-out" not in written
    assert "assistant" not in written and "action item of the day" not in written  # the prompt pasted in


def test_a_predecessor_note_keeps_its_tasks_but_not_its_links_list_or_provenance_line(extracted):
    note = extracted[PREDECESSOR_1ON1]
    assert [t["text"] for t in note["tasks"]] == [
        "Send Halvard the architecture overview for the security review.",
        "Book the pilot kickoff with the two depot managers.",
        "Send the architecture overview to Halvard before the security review."]
    written = json.dumps(note, ensure_ascii=False)
    assert "[[" not in written and "Source:" not in written
    assert "Halvard’s security team" in written  # the mojibake repaired


def test_a_template_and_another_tools_entity_notes_are_not_meetings(sources):
    assert sources["Meeting template.md"]["error"] == (
        "not a meeting: a template (its title is the placeholder {{title}})")
    assert sources["Oskar Lindgren.md"]["error"].startswith("not a meeting: a person note written by another tool")
    assert sources["Halvard Freight.md"]["error"].startswith(
        "not a meeting: a customer note written by another tool (frontmatter type: customer, no meeting date)")


def test_an_ingested_archive_has_no_label_people_no_query_tasks_and_says_why_notes_were_left_out(tmp_path):
    names = [PREDECESSOR_1ON1, PREDECESSOR_CUSTOMER, "2026-04-09.md", "Meeting template.md", "Halvard Freight.md",
             "Oskar Lindgren.md"]
    vault = make_vault(tmp_path / "vault", [READING / n for n in names])
    report = run_ingest(vault)
    people_notes = {p.stem for p in (vault / "People").glob("*.md")}
    assert people_notes.isdisjoint({"Date", "With", "Attendees", "Account", "Participants"})
    task_lines = [line for note in (vault / "Meetings").rglob("*.md")
                  for line in note.read_text(encoding="utf-8").splitlines() if line.startswith("- [")]
    assert task_lines and not [line for line in task_lines if any(word in line for word in QUERY_WORDS)]
    assert not [n for n in (vault / "Meetings").rglob("*.md") if "{{" in n.read_text(encoding="utf-8")]
    skipped = {o.name: o.detail for o in report.outcomes if o.status == "skipped"}
    for name in ("Meeting template.md", "Halvard Freight.md", "Oskar Lindgren.md"):
        assert "not a meeting" in skipped[name] and (vault / "Sources/_skipped" / name).is_file()
    assert [p.name for p in (vault / "Inbox/_failed").iterdir()] == [".gitkeep"]


# ---------------------------------------------------------------- mail

def messages(source: dict) -> list[tuple[str, str]]:
    return [(m["sender"]["name"], m["body"]) for m in source["messages"]]


def test_a_reply_keeps_what_its_sender_wrote_and_drops_quote_signature_and_footers(sources):
    [(sender, body)] = messages(sources["Re- Halvard pilot contract.eml"])
    assert sender == "Robin Hale"
    assert body == ("Hi Oskar,\n\nThanks, that works for us. I'll send you the signed pilot contract by Thursday, "
                    "April 23.")


def test_a_forward_drops_the_forwarded_header_block_and_the_signatures(sources):
    [(sender, body)] = messages(sources["Fwd- Halvard security questionnaire.eml"])
    assert sender == "Wren Castillo"
    assert body == "Robin, can you fill in the data residency part of the questionnaire by Monday?"


def test_an_export_drops_outlook_original_messages_and_confidentiality_notices(sources):
    assert messages(sources["Re- Halvard rollout date.md"]) == [
        ("Wren Castillo", ("Robin,\n\nOskar asked whether the rollout can start on May 11. Can you confirm the "
                           "date with the depot managers?\n\nWren")),
        ("Robin Hale", "Confirmed with both depots, May 11 works. I'll send the rollout checklist by Friday.\n\nRobin"),
    ]


def test_a_notification_sender_is_the_person_it_speaks_for_or_no_one(sources):
    docs = sources["Wren Castillo (Google Docs).eml"]
    assert [(p["name"], p["email"]) for p in docs["participants"]] == [
        ("Wren Castillo", "wren.castillo@bluefin.example"), ("Robin Hale", "robin.hale@bluefin.example")]
    assert "You have received this email" not in docs["messages"][0]["body"]
    summary = sources["Meeting Summary with AI Companion - Halvard pilot kickoff.eml"]
    assert people(summary) == ["Robin Hale"]
    assert summary["title"] == "Halvard pilot kickoff"


def test_footers_give_no_task(extracted):
    summary = extracted["Meeting Summary with AI Companion - Halvard pilot kickoff.eml"]
    docs = extracted["Wren Castillo (Google Docs).eml"]
    tasks = [t["text"] for t in summary["tasks"] + docs["tasks"]]
    assert tasks and not [t for t in tasks if "reply" in t.lower() or "unsubscribe" in t.lower()]


def test_own_words_keeps_a_sign_off_with_a_name_and_cuts_a_signature_block():
    assert own_words("Can you send it?\n\nThanks,\nAna") == "Can you send it?\n\nThanks,\nAna"
    assert own_words("Can you send it?\n\nBest regards,\nAna Ruiz\nHead of Sales, Acme\n+1 555 0100") == \
        "Can you send it?"


@given(st.text(max_size=300))
def test_own_words_never_raises_and_never_keeps_a_quoted_line(body):
    assert not any(line.lstrip().startswith(">") for line in own_words(body).split("\n"))


# ---------------------------------------------------------------- titles

def test_a_file_names_first_letter_is_kept(sources):
    assert sources["2026-04-21 Tarn Valley intro.vtt"]["title"] == "Tarn Valley intro"


def test_a_recorder_file_name_is_no_title_when_the_meeting_says_its_name(sources):
    assert sources["20260428 0900 Parallels Transcription.txt"]["title"] == "Halvard renewal prep"
    assert sources["Teams Meeting (Parallels) Transcription (2).txt"]["title"] == "Tarn Valley pilot review"


def test_a_one_on_one_is_never_titled_with_the_owner(sources):
    recorded = sources["2026-05-05 1on1 Robin.md"]
    assert recorded["title"] == "1:1" and people(recorded) == ["Robin Hale"]
    assert [u["speaker"] for u in recorded["utterances"]] == ["Robin Hale", None, "Robin Hale"]


def test_a_day_first_date_in_a_title_is_found(sources):
    notes = sources["Tarn Valley QBR notes.txt"]
    assert (notes["title"], notes["date"]) == ("Tarn Valley QBR — Oslo office", "2026-11-25")
    assert find_date("03/04/2026") is None  # March 4 or 3 April: the text does not say


# ---------------------------------------------------------------- plain `Name: text` and files without line breaks

def test_a_plain_name_colon_transcript_is_read_as_speakers(sources):
    sync = sources["2026-05-12 hiring sync.txt"]
    assert sync["kind"] == "transcript"
    assert [u["speaker"] for u in sync["utterances"]] == [
        "Priya Nandakumar", "Robin Hale", "Priya Nandakumar", "Tomás Ortega", "Robin Hale", "Tomás Ortega"]
    assert people(sync) == ["Priya Nandakumar", "Robin Hale", "Tomás Ortega"]


def test_a_one_line_transcript_is_cut_into_its_turns_and_dated_by_its_last_words(sources):
    sync = sources["Tarn Valley rollout sync.txt"]
    assert sync["date"] == "2026-05-19" and len(sync["utterances"]) == 7
    assert sync["utterances"][-1] == {"speaker": "Robin Hale", "label": "Robin Hale", "start": None, "end": None,
                                      "text": "Thanks, bye."}


def one_line_transcript(size: int) -> str:
    """A recording exported without a single line break: timestamped turns one after the other."""
    turns = [f"[{m // 60:02d}:{m % 60:02d}:{s:02d}.00] {name} : {text}" for m in range(600) for s, name, text in [
        (5, "Ingrid Solberg", f"The pick rate in store {m} went up again this week, which is good news."),
        (35, "Robin Hale", f"Then we keep the rollout plan for store {m} and look again next month.")]]
    text = " ".join(turns)
    return (f"{text} " * (size // len(text) + 1))[:size].rsplit(" [", 1)[0]


def test_a_two_megabyte_single_line_is_read_as_its_turns(tmp_path, read_fixture):
    path = tmp_path / "2026-06-02 store review.txt"
    path.write_text(one_line_transcript(2_000_000), encoding="utf-8")
    source = read_fixture(path)
    assert len(source.utterances) > 19_000
    assert max(len(u.text) for u in source.utterances) < 100
    assert {u.speaker for u in source.utterances} == {"Ingrid Solberg", "Robin Hale"}


def test_the_summary_of_a_single_line_transcript_stays_a_few_sentences(tmp_path, config):
    path = tmp_path / "2026-06-02 store review.txt"
    path.write_text(one_line_transcript(100_000), encoding="utf-8")
    result = notesmith("--config", str(config), "extract", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert 0 < len(json.loads(result.stdout)["summary"]) <= 1000


# ---------------------------------------------------------------- the parsers on any text

@given(st.text(alphabet=st.sampled_from(list("ab `~<>!-{}%\n*_:[]#")), max_size=300))
def test_readable_text_never_keeps_a_fence_or_a_comment(text):
    readable = readable_text(text, lambda inside: False)
    assert "<!--" not in readable
    assert not [line for line in readable.split("\n") if re.match(r"[ \t]{0,3}(?:```|~~~)", line)]


@given(st.text(max_size=300))
def test_read_labels_never_raises_and_names_are_plain(text):
    labels, rest = read_labels(text)
    assert all("*" not in name and "[" not in name for name in labels.people + labels.organizations)
    assert len(rest) <= len(text)


@given(st.text(alphabet=st.sampled_from(list("abc AB.:[]0123456789\n")), max_size=3000))
def test_segmenting_keeps_every_character_and_shortens_every_line(text):
    segmented = segment_long_lines(text)
    assert "".join(segmented.split()) == "".join(text.split())
    assert all(len(line) <= MAX_LINE for line in segmented.split("\n"))
