"""Decision wording: what was decided, as minutes write it — not who announced it or how; nothing is invented."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notesmith.domain import Utterance
from notesmith.extract.decision_wording import as_statement, decision_text
from notesmith.extract.transcript import extract_decisions


@pytest.mark.parametrize("said, written", [
    ("We also decided to pin the agent version at 3.1 until the checksum bug is fixed.",
     "Pin the agent version at 3.1 until the checksum bug is fixed."),
    ("Decision then: we freeze schema changes from April 7th until the cutover is done.",
     "Freeze schema changes from April 7th until the cutover is done."),
    ("Decision from the review: we proceed with Manifold.", "Proceed with Manifold."),
    ("Let's go with Manifold as the primary candidate, and keep JuiceFS as the fallback.",
     "Go with Manifold as the primary candidate, and keep JuiceFS as the fallback."),
    ("We go with two regions for now and revisit in Q2.", "Go with two regions for now and revisit in Q2."),
    ("We agreed that the trial runs three weeks, starting in April.", "The trial runs three weeks, starting in April."),
    ("We decided not to go for speech recognition.", "Do not go for speech recognition."),
    ("Let's not renew the support contract.", "Do not renew the support contract."),
    ("We'll drop the LCD panel.", "Drop the LCD panel."),
])
def test_what_was_decided_without_the_announcement(said, written):
    assert decision_text(said) == written


@pytest.mark.parametrize("said", [
    "We need an advanced chip for the display.",  # "need" says what is wanted, not what the team will do
    "We decided our remote",  # nothing after the lead reads as the decision
    "We've decided on the blue casing.",
    "The pilot runs four weeks, starting 2025-11-03.",
    "Two regions, then, and we revisit in Q2.",
    "Let's see what finance says.",
])
def test_kept_as_said_when_the_rest_is_not_the_decision(said):
    assert decision_text(said) == said


def test_the_quote_stays_as_said_while_the_decision_is_reworded():
    said = "Then we go with the single site for now and revisit in Q3."
    decisions = extract_decisions([
        Utterance(speaker="Grace", label="Grace", text="The dual-site design doubles our network cost.", start=14.2),
        Utterance(speaker="Grace", label="Grace", text=said, start=23.3),
        Utterance(speaker="Robin", label="Robin", text="Agreed. I will update the architecture document.", start=30.6)])
    assert [d.text for d in decisions] == ["Go with the single site for now and revisit in Q3."]
    assert [(e.quote, e.start) for e in decisions[0].evidence] == [(said, 23.3), (
        "Agreed. I will update the architecture document.", 30.6)]


def _proposal(said: str, answer: str) -> list[Utterance]:
    return [Utterance(speaker="Teo", label="Teo", text="The LCD adds four euros to the cost.", start=10.0),
            Utterance(speaker="Priya", label="Priya", text=said, start=14.0),
            Utterance(speaker="Teo", label="Teo", text=answer, start=16.5)]


@pytest.mark.parametrize("said, written", [
    ("So we're going for an LCD screen?", "We're going for an LCD screen."),
    ("Shall we go with the scroll wheel on the side?", "Go with the scroll wheel on the side."),
    ("Do we want them in different colours", "We want them in different colours."),
])
def test_a_proposal_put_as_a_question_and_agreed_to_is_decided_as_a_statement(said, written):
    decisions = extract_decisions(_proposal(said, "Yeah, definitely."))
    assert [d.text for d in decisions] == [written]
    assert [e.start for e in decisions[0].evidence] == [14.0, 16.5]


@pytest.mark.parametrize("said", ["So we're going for an LCD screen?", "Do we want them in different colours"])
def test_a_question_nobody_said_yes_to_is_not_a_decision(said):
    assert extract_decisions(_proposal(said, "The battery is the bigger question for me.")) == []


def test_going_back_over_what_was_decided_decides_nothing():
    assert extract_decisions(_proposal("Okay, I'll go over what we decided last meeting first.", "Yeah.")) == []


@given(st.text(max_size=80))
def test_a_question_as_a_statement_keeps_its_words(question):
    words = lambda text: [w.casefold() for w in re.findall(r"[\w']+", text)]  # noqa: E731
    stated = as_statement(question)
    assert stated.endswith(".") and set(words(stated)) <= set(words(question))


_WORD = st.sampled_from("we we'll let's decided agreed to that not go with keep drop the budget pilot decision "
                        "then : . , Manifold Q2 revisit".split())


@given(st.lists(_WORD, min_size=1, max_size=12))
def test_every_word_of_a_decision_was_said(words):
    said = " ".join(words)
    written = decision_text(said)
    assert written.strip()
    added = {w.lower() for w in re.findall(r"[\w']+", written)} - {w.lower() for w in re.findall(r"[\w']+", said)}
    assert added <= {"do", "not"}
