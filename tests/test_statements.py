"""Facts, risks, open questions, summary and topics from transcripts: text and evidence time asserted."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notesmith.domain import Utterance
from notesmith.extract.digest import (
    _LONG_WORD,
    _WORD,
    in_third_person,
    summarize,
    topics,
)
from notesmith.extract.rules import extract as rules_extract
from notesmith.extract.statements import (
    _SPELLED_FIGURES,
    SaidSentence,
    _spelled_figures,
    extract_facts,
    extract_open_questions,
    extract_risks,
)
from notesmith.sources import ReadContext, read_source


def said(*lines):
    utterances = []
    for n, line in enumerate(lines):
        speaker, text = line.split(": ", 1)
        utterances.append(Utterance(speaker=speaker, label=speaker, start=float(n * 10), text=text))
    return utterances


MEETING = said(
    "Ana Ruiz: Okay, the connector passed the load test at 12,000 requests per second.",
    "Ben Kole: Nice. I'll send the report to Dana tomorrow.",
    "Ana Ruiz: One risk is that the vendor delays the firmware again and the cutover slips.",
    "Ben Kole: Which region should we launch the connector in first?",
    "Ana Ruiz: Let's decide that next week with the connector numbers in hand.",
    "Ben Kole: How many connector licenses do we have left?",
    "Ana Ruiz: About forty, enough for the pilot.",
    "Ben Kole: The connector pilot with the load test numbers looks good to me overall.",
)


def test_a_sentence_with_a_figure_is_a_fact_with_its_time():
    facts = extract_facts(MEETING)
    assert [f.text for f in facts] == ["The connector passed the load test at 12,000 requests per second."]
    assert facts[0].evidence[0].start == 0.0


def test_figures_said_in_words_are_facts_but_not_a_guess_time_left_or_a_question():
    meeting = said("Ana Ruiz: We have budget for two engineers this quarter.",
                   "Ben Kole: Okay, we have forty minutes left for the rest.",
                   "Ana Ruiz: Seventy five percent of the users find the current app ugly.",
                   "Ben Kole: Do we think it fits into twenty euros per unit",
                   "Ana Ruiz: I think maybe the rollout takes three weeks or so.")
    assert [f.text for f in extract_facts(meeting)] == [
        "We have budget for two engineers this quarter.",
        "Seventy five percent of the users find the current app ugly.",
    ]


def test_commitments_and_questions_are_not_facts():
    assert all("I'll" not in f.text and not f.text.endswith("?") for f in extract_facts(MEETING))


def test_risk_words_make_a_risk():
    risks = extract_risks(MEETING)
    assert [r.text for r in risks] == ["One risk is that the vendor delays the firmware again and the cutover slips."]
    assert risks[0].evidence[0].start == 20.0


def test_risks_and_figures_are_found_whatever_the_case_and_outside_ascii():
    """A sentence in ASCII is matched in lower case, any other with re.I: both find the same words."""
    meeting = said("Ana Ruiz: The RISK is that the vendor DELAYS the firmware for the whole rollout.",
                   "Ben Kole: The risk is that the vendor delays the firmware for Zoë’s rollout.",
                   "Ana Ruiz: We have budget for TWO ENGINEERS on the firmware this quarter.",
                   "Ben Kole: We have budget for two engineers on Zoë’s firmware this quarter.")
    assert [r.text for r in extract_risks(meeting)] == [u.text for u in meeting[:2]]
    assert [f.text for f in extract_facts(meeting)] == [u.text for u in meeting[2:]]


def test_only_unanswered_questions_stay_open():
    questions = extract_open_questions(MEETING)
    assert [q.text for q in questions] == ["Which region should we launch the connector in first?"]
    assert questions[0].evidence[0].start == 30.0


def test_summary_is_a_few_sentences_said_in_order():
    summary = summarize(MEETING)
    sentences = [s for s in summary.split(". ") if s]
    assert 1 <= len(sentences) <= 5 and summary.endswith(".")
    assert summary.startswith("The connector passed the load test")


def test_greetings_are_not_the_summary():
    """"Thanks for joining the connector review" shares the meeting's words and says nothing."""
    greeted = said("Ana Ruiz: Hello all, thanks for joining the connector load test review this morning.", *[
        f"{u.speaker}: {u.text}" for u in MEETING])
    assert "thanks for joining" not in summarize(greeted).lower()
    assert summarize(greeted).startswith("The connector passed the load test")


def test_a_bare_morning_is_a_greeting_too():
    """How people open a call ("Morning everyone, give it a minute…") is not what the meeting was about."""
    greeted = said("Ana Ruiz: Morning everyone, give it a minute, the connector load test people are still joining.",
                   *[f"{u.speaker}: {u.text}" for u in MEETING])
    assert "morning everyone" not in summarize(greeted).lower()
    assert summarize(greeted).startswith("The connector passed the load test")


def test_topics_are_repeated_phrases():
    assert topics(MEETING)[0] == "load test"
    assert "connector" in topics(MEETING)


def test_nothing_said_gives_nothing():
    assert summarize([]) == "" and topics([]) == [] and extract_facts([]) == []


def test_a_list_introduced_by_a_colon_gives_one_fact_per_item():
    from notesmith.extract.statements import extract_listed_facts

    body = "Hi,\n\nThe pilot criteria:\n1. Ten sites online by May.\n2. Can you confirm the budget?\n- No data loss on failover.\n\nThanks"
    facts = extract_listed_facts(body)
    assert [f.text for f in facts] == ["Ten sites online by May.", "No data loss on failover."]
    assert facts[0].evidence[0].quote == "1. Ten sites online by May."
    assert extract_listed_facts("Shopping:\n\nAfter a break\n- not part of a list we were told about") == []


def test_a_slip_that_happened_is_a_fact_and_one_that_may_come_is_a_risk():
    meeting = said("Mei Chen: The cutover for the west site moves to April 14th because the switch delivery slipped.",
                   "Robin Hale: If the vendor delays the firmware again, the cutover slips a month.")
    assert [r.text for r in extract_risks(meeting)] == [
        "If the vendor delays the firmware again, the cutover slips a month."]
    assert [f.text for f in extract_facts(meeting)] == [
        "The cutover for the west site moves to April 14th because the switch delivery slipped."]


def test_a_decision_is_listed_once_not_again_as_a_fact(tmp_path):
    transcript = tmp_path / "weekly.txt"
    transcript.write_text("Mei Chen  0:05\nThe importer handled 9,500 records per second on Monday.\n\n"
                          "Robin Hale  0:20\nDecision then: we freeze schema changes from April 7th until the cutover.\n\n"
                          "Mei Chen  0:31\nAgreed.\n", encoding="utf-8")
    extraction = rules_extract(read_source(transcript, ReadContext()))
    assert [d.text for d in extraction.decisions] == ["Freeze schema changes from April 7th until the cutover."]
    assert [f.text for f in extraction.facts] == ["The importer handled 9,500 records per second on Monday."]


@pytest.mark.parametrize("sentence, speaker, listener, told", [
    ("I'll get you the report by end of week.", "Robin Hale", "Nadia Petrov",
     "Robin Hale will get Nadia Petrov the report by end of week."),
    ("I'm going to rerun the restore tests today.", "Mei Chen", None, "Mei Chen is going to rerun the restore tests today."),
    ("I'll get you the report by end of week.", None, "Nadia Petrov", "I'll get you the report by end of week."),
    ("I'll check whether I can move the review.", "Robin Hale", None, "I'll check whether I can move the review."),
    ("I'll send what you asked for on Monday.", "Robin Hale", "Nadia Petrov", "I'll send what you asked for on Monday."),
    ("We tested two restore paths: tape recall and snapshots.", "Robin Hale", None,
     "We tested two restore paths: tape recall and snapshots."),
])
def test_a_summary_tells_whose_commitment_it_is(sentence, speaker, listener, told):
    assert in_third_person(sentence, speaker, listener) == told


def test_the_summary_of_a_call_names_who_will_do_what():
    call = said("Nadia Petrov: The importer processed 9,500 records per second in the soak test overall.",
                "Robin Hale: Great result. I'll get you the report by end of week, with the raw numbers attached.")
    assert summarize(call) == ("The importer processed 9,500 records per second in the soak test overall. "
                               "Robin Hale will get Nadia Petrov the report by end of week, with the raw numbers attached.")


def test_a_short_meeting_is_summarized_in_its_short_sentences():
    hiring = said("Priya Raman: Let's review the hiring plan for Q1.",
                  "Alex Morgan: We have budget for two engineers. I'd like one with kernel experience.",
                  "Priya Raman: Fine. We'll open both requisitions this week. I'll talk to recruiting tomorrow.")
    assert summarize(hiring) == ("Let's review the hiring plan for Q1. We have budget for two engineers. "
                                 "I'd like one with kernel experience.")


def test_a_meeting_with_two_long_sentences_leaves_its_short_ones_out():
    call = said("Nadia Petrov: The importer processed 9,500 records per second in the soak test overall.",
                "Robin Hale: Good. The auditors still need the access-control report from our side.",
                "Nadia Petrov: Noted, thanks a lot.")
    assert "Noted" not in summarize(call) and summarize(call).count(". ") == 1


def test_notes_without_a_summary_or_speech_are_summarized_in_their_own_statements(tmp_path):
    notes = tmp_path / "2026-04-01 Call with Fabrikam (Lena Vogel).txt"
    notes.write_text("2026-04-01 Call with Fabrikam (Lena Vogel)\n\n- Fabrikam wants to pilot the importer in May.\n"
                     "- Lena will send the pilot success criteria.\n- Decision: the pilot runs four weeks.\n",
                     encoding="utf-8")
    extraction = rules_extract(read_source(notes, ReadContext()))
    assert extraction.summary == "Fabrikam wants to pilot the importer in May. The pilot runs four weeks."


def test_topics_count_singular_and_plural_once_and_skip_backchannels_and_numbers():
    meeting = said("Ana Ruiz: Mm-hmm. The remote control needs twenty five buttons.",
                   "Ben Kole: Mm-hmm. Two remote controls, twenty five euros each.",
                   "Ana Ruiz: Mm-hmm, the remote control ships in May.")
    assert topics(meeting)[0] == "remote control"
    assert not {"mm-hmm", "twenty five", "remote controls"} & set(topics(meeting))


@given(st.text(alphabet="aZk'- .1é\u212a"))
def test_long_words_are_the_words_of_three_characters_or_more(text):
    assert _LONG_WORD.findall(text) == [w for w in _WORD.findall(text) if len(w) > 2]


# Number words and units, said with words that hold or look like them ("often", "ſix"), between separators.
_SAID_WORDS = ["two", "Twenty", "five", "ten", "weeks", "percent", "users", "often", "per cent", "3", "ſix", "\u212aey"]
_SAID_SEPARATORS = [" ", " ", " ", "  ", "-", ", ", ".", "'", "_", ""]


@settings(max_examples=400)
@given(st.lists(st.tuples(st.sampled_from(_SAID_WORDS), st.sampled_from(_SAID_SEPARATORS)), max_size=8))
def test_a_sentence_without_a_number_word_written_whole_says_no_figure_in_words(said):
    text = "".join(word + separator for word, separator in said)
    sentence = SaidSentence(text, 0, text, 1, text.lower() if text.isascii() else None)
    assert _spelled_figures(sentence) == len(_SPELLED_FIGURES.findall(sentence))
