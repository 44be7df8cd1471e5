"""Task wording: what was said becomes the work to do, as a minute-taker writes it; nothing is invented."""

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notesmith.domain import Utterance
from notesmith.extract.due_dates import find_due
from notesmith.extract.task_wording import action_text
from notesmith.extract.transcript import extract_tasks


@pytest.mark.parametrize("said, owner, due_said, asker, listener, written", [
    ("I'll rerun the restore tests today and post the timings in the channel.", "Robin Hale", True, None, None,
     "Rerun the restore tests and post the timings in the channel"),
    ("Robin, can you send me the cost estimate before Tuesday's review?", "Robin", True, "Tomás Ortega", None,
     "Send Tomás Ortega the cost estimate before Tuesday's review"),
    ("I'll write the runbook and send it to you by Thursday.", "Robin Hale", True, "Robin Hale", "Tomás Ortega",
     "Write the runbook and send it to Tomás Ortega"),
    ("For the next meeting, Jonas, you're gonna be working on the battery housing", "Jonas", False, None, None,
     "Work on the battery housing for the next meeting"),
    ("Please ask Sam Okafor to size the pilot cluster by 2025-12-12.", "Sam Okafor", True, None, None,
     "Size the pilot cluster"),
    ("Nadia will send the trial success criteria.", "Nadia", False, None, None, "Send the trial success criteria"),
    ("And if you can check the supplier prices for the cover, that helps.", "Teo", False, None, None,
     "Check the supplier prices for the cover"),
    ("Can you send me the updated timeline so I can share it with the board?", "Alex", False, "Hannah Kim", None,
     "Send Hannah Kim the updated timeline"),  # why it is asked is not the work
    # A date that is what the work is about, not when it is due, stays: taken out it would leave a fragment.
    ("Theo, can you confirm the code freeze for August 29?", "Theo", True, None, None,
     "Confirm the code freeze for August 29"),
    ("Owen, please schedule the rate limit load test for March 6.", "Owen", True, None, None,
     "Schedule the rate limit load test for March 6"),
    # A document comment assigned by @-mention: the mention says whom, as the owner field does.
    ("@jordan.avery@corvane.example can you add the pricing section before Thursday's review?", "Jordan Avery",
     False, "Mira Castellanos", None, "Add the pricing section before Thursday's review"),
    # Undated: "today" is the only record of when, so it stays.
    ("Then I'll tell the help desk about the new date today.", "Robin", False, None, None,
     "Tell the help desk about the new date today"),
    # An aside before the lead is no part of the work, nor a when: it goes as a filler does.
    ("Either way I'll tell you first, before anyone else.", "Jordan Avery", False, None, "Mira Castellanos",
     "Tell Mira Castellanos first, before anyone else"),
    ("Fair, I'll put the pricing question in the follow-up.", "Jordan Avery", False, None, None,
     "Put the pricing question in the follow-up"),
    ("By the way, I'll send the deck tonight.", "Sam", False, None, None, "Send the deck tonight"),
])
def test_said_becomes_the_work(said, owner, due_said, asker, listener, written):
    assert action_text(said, owner, _due(said, due_said), asker, listener) == written


def _due(said: str, dated: bool):
    """Where `said` names the due date, in a meeting held on Monday 2026-03-02; none for an undated meeting."""
    return find_due(said, dt.date(2026, 3, 2)) if dated else None


@pytest.mark.parametrize("said, owner", [
    ("The Interface Designer will work on the menu layout", None),  # a role: no owner, the words say who
    ("I need you guys to work together on the cover design.", None),
    ("I need to confirm the hardware with Sam by Friday.", None),  # "I" with no owner known
    ("I think I'll be honest with you here.", "Priya"),  # no work once the lead is gone
    ("The plan is that I'll send the draft.", "Priya"),  # more than a when or an if before the lead
    ("Sam will send the draft.", "Priya"),  # someone else named than the owner
])
def test_kept_as_said_when_rewording_would_lose_or_garble_it(said, owner):
    assert action_text(said, owner, _due(said, True)) == said


def _call(*lines: tuple[str, str]) -> list[Utterance]:
    return [Utterance(speaker=who, label=who, text=text, start=5.0 * n) for n, (who, text) in enumerate(lines)]


def test_one_sentence_with_two_owners_is_two_tasks():
    """"I'll do this, and can you do that?" — answered "Yes, I'll book it this week": the request takes its
    owner and due date from the answer, its words from the request (the answer only says "it")."""
    tasks = extract_tasks(_call(
        ("Tomás", "Good. I will ask finance about the storage budget tomorrow, and can you also book the room for the review?"),
        ("Robin", "Yes, I'll book it this week."),
        ("Tomás", "The vendor call moved to Thursday.")), dt.date(2026, 3, 2))
    assert [(t.text, t.owner, t.due) for t in tasks] == [
        ("Ask finance about the storage budget", "Tomás", dt.date(2026, 3, 3)),
        ("Book the room for the review", "Robin", None),  # "this week" is not a date
    ]
    assert [e.start for e in tasks[1].evidence] == [0.0, 5.0]


def test_a_date_the_answer_replaced_stays_in_the_words():
    """Asked for Friday, promised for tomorrow: the due date is the promise, and "by Friday" is not dropped from
    the words as if the due date said it."""
    tasks = extract_tasks(_call(("Lena", "Can you send the API docs to the partner by Friday, Sam?"),
                                ("Sam", "Sure, I'll send them tomorrow."),
                                ("Lena", "The cutover is on the third of May.")), dt.date(2026, 4, 14))
    assert [(t.text, t.owner, t.due) for t in tasks] == [
        ("Send the API docs to the partner by Friday", "Sam", dt.date(2026, 4, 15))]


_WORD = st.sampled_from(["I'll", "can", "you", "Sam", "will", "send", "the", "report", "by", "Friday", "me", "to",
                         "please", "ask", "be", "working", "on", "it", ",", "?", "and", "for", "next", "meeting"])


@given(st.lists(_WORD, min_size=1, max_size=14), st.sampled_from([None, "Sam", "Robin Hale"]), st.booleans())
def test_nothing_is_invented(words, owner, due_said):
    """Every word of the wording was said, or is the asker's or listener's name, or a verb's base form."""
    said = " ".join(words)
    written = action_text(said, owner, _due(said, due_said), asker="Tomás Ortega", listener="Mei Chen")
    allowed = {w.lower() for w in re.findall(r"[\w']+", said)} | {"tomás", "ortega", "mei", "chen", "work"}
    assert written.strip()
    assert {w.lower() for w in re.findall(r"[\w']+", written)} <= allowed
