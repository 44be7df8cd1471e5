"""The transcript rules on a real fixture: who owes what, by when, and where it was said."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notesmith.domain import Utterance
from notesmith.extract import cues
from notesmith.extract.rules import extract
from notesmith.extract.transcript import (
    clean_sentence,
    extract_decisions,
    extract_tasks,
)


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


def test_a_closing_round_gives_each_person_their_action(read_fixture):
    """Work handed out in turn at the close: one task per part, each owner the person addressed (none when
    only a role is named), the due date said, and no task for the goodbye."""
    extraction = extract(read_fixture("2026-04-14 closing round.txt"))
    tasks = [(t.text, t.owner, t.due, t.evidence[0].start) for t in extraction.tasks]
    assert tasks == [
        ("Work on the battery housing for the next meeting", "Jonas", None, 1440.0),
        ("The Interface Designer will work on the menu layout", None, None, 1448.0),  # who is meant stays said
        ("Check the prices of the three suppliers", "Teo", dt.date(2026, 4, 17), 1453.0),
    ]
    assert [e.start for e in extraction.tasks[2].evidence] == [1453.0, 1459.0]  # Teo's "Sure." is cited


def test_a_pricing_review_reads_like_its_minutes(read_fixture):
    """A business meeting as a recorder writes it: the decisions the chair closes on (a proposal someone else
    takes up included), the work asked by name, and a customer's limit kept as a fact, not our decision."""
    extraction = extract(read_fixture("2026-04-14 Atlas pricing review.vtt"))
    assert [d.text for d in extraction.decisions][1:] == [
        "Go with tiered pricing, 45 and 40, pending finance approval.",
        "Keep the trial at 60 days and extend case by case.",
        "Leave Fabrikam out of the forecast for now.",
    ]
    assert [e.start for e in extraction.decisions[-1].evidence] == [150.0, 157.0]  # "Makes sense." agreed to it
    assert [(t.text, t.owner, t.due) for t in extraction.tasks] == [
        ("Take the tier proposal to finance", "Alex Morgan", dt.date(2026, 4, 17)),
        ("Update the cost model with the tiered numbers and share it in the channel", "Sam Okafor",
         dt.date(2026, 4, 15)),
        ("Tell marketing", "Priya Raman", None),
    ]
    assert [e.start for e in extraction.tasks[0].evidence] == [76.0, 85.0]  # asked by name, then accepted
    assert "Contoso told us they won't go above 45 cents." in [f.text for f in extraction.facts]


def test_a_customer_call_gives_one_task_per_request_and_the_date_agreed(read_fixture):
    extraction = extract(read_fixture("2026-05-06 Call with Northwind (Hannah Kim).vtt"))
    assert [d.text for d in extraction.decisions] == [
        "Start the first wave on June 16th, right after your freeze ends.",
        "We'll have two engineers on it full time during the first wave.",
    ]
    assert [(t.text, t.owner, t.due) for t in extraction.tasks] == [
        ("Check with our operations lead and get back to Hannah Kim", "Alex Morgan", dt.date(2026, 5, 11)),
        # asked with a purpose ("so I can share it with the board"), answered "Sure, I'll send it tomorrow"
        ("Send Hannah Kim the updated migration timeline", "Alex Morgan", dt.date(2026, 5, 7)),
    ]
    assert [r.text for r in extraction.risks] == [
        "One concern from our side: if the first wave slips, we'd miss our Q3 cost target."]


def test_a_sprint_planning_keeps_what_was_agreed_and_who_owes_what(read_fixture):
    """An Otter export: a proposal agreed to ("I'd like to quarantine it" — "Agreed, quarantine it."), work asked
    by name with "please", a debt owned up to ("I still owe…, that's due Thursday"); holding the meeting
    ("Let's do sprint planning quickly") is not a decision."""
    extraction = extract(read_fixture("2026-06-02 sprint planning.txt"))
    assert [d.text for d in extraction.decisions] == [
        "Take the policy change into this sprint and leave the metrics for the next one.",
        "Quarantine it until we find the cause.",
    ]
    assert [(t.text, t.owner, t.due) for t in extraction.tasks] == [
        ("I still owe the Contoso load test report, that's due Thursday.", "Alex Morgan", dt.date(2026, 6, 4)),
        ("Review Sam's design doc", "Alex", dt.date(2026, 6, 3)),
        ("Open a ticket to track the root cause", "Mei", None),
        ("Ask Dana if we can move the demo to the 19th", "Priya Raman", None),
    ]
    assert [e.start for e in extraction.tasks[1].evidence] == [41.0, 46.0]  # "Will do." accepts it


def test_a_customer_mail_gives_its_decision_both_requests_and_its_open_point(read_fixture):
    extraction = extract(read_fixture("atlas-pilot-next-steps.eml"))
    assert [d.text for d in extraction.decisions] == ["Go with the annual plan rather than monthly billing."]
    assert [(t.text, t.owner, t.due) for t in extraction.tasks] == [
        ("Send over the signed NDA", "Alex Morgan", dt.date(2026, 6, 12)),  # "by Friday", from Wednesday's mail
        ("Share the security questionnaire once legal has reviewed it", "Marcus", None),
    ]
    assert [q.text for q in extraction.open_questions] == ["One open point: do you support single sign-on with Okta?"]
    assert "Procurement approved a budget of $180,000 for the first year." in [f.text for f in extraction.facts]


def _call(*lines: tuple[str, str]) -> list[Utterance]:
    """A short call: one line every five seconds."""
    return [Utterance(speaker=who, label=who, text=text, start=5.0 * n) for n, (who, text) in enumerate(lines)]


@pytest.mark.parametrize("then", ["Then I'll aim for the end of next week.", "I'll have it done by Friday.",
                                  "Okay, I'll try to have it ready by the fifteenth."])
def test_a_time_said_after_the_work_dates_it_and_is_no_task_of_its_own(then):
    tasks = extract_tasks(_call(("Jordan", "Then we need a press release. I'll draft the joint press release."),
                                ("Katla", "Our comms team needs two weeks to approve anything."),
                                ("Jordan", then)), dt.date(2026, 4, 14))
    assert [(t.text, t.owner) for t in tasks] == [("Draft the joint press release", "Jordan")]
    assert tasks[0].due is not None and tasks[0].due > dt.date(2026, 4, 14)


def test_a_time_alone_neither_dates_another_speakers_work_nor_becomes_a_task():
    tasks = extract_tasks(_call(("Katla", "I'll send the partner logo files to the design team."),
                                ("Jordan", "Then I'll aim for the end of next week.")), dt.date(2026, 4, 14))
    assert [(t.text, t.owner, t.due) for t in tasks] == [("Send the partner logo files to the design team", "Katla",
                                                          None)]


@pytest.mark.parametrize("said, owner", [
    ("Mireille, you'll be evaluating the prototype with five users.", "Mireille"),
    ("Jonas is going to work on the battery housing this week.", "Jonas"),
    ("I need you guys to work together on the cover design.", None),
    ("And if you can check the supplier prices for the cover, that helps.", "Teo"),
    ("Could you draw me a picture of the final design for the report?", "Teo"),
    ("I'll type up the minutes of this meeting.", "Priya"),
    ("I want you to send the revised quote to Quarry Labs.", "Teo"),
    ("Teo, you have to sign the vendor form before Friday.", "Teo"),
    ("I can also work on the budget draft tomorrow.", "Priya"),
    ("Let me think about it and send you the numbers by Friday.", "Priya"),
    ("I need everyone to review the rollout plan before Friday.", None),
    # what the work is for hands nobody work: the speaker still takes it on
    ("I'll train the support team next week, two sessions so everyone can make one.", "Priya"),
])
def test_assignment_and_commitment_forms(said, owner):
    tasks = extract_tasks(_call(("Priya", "Okay, so where are we with the casing."), ("Priya", said),
                                ("Teo", "Yeah, sure."), ("Jonas", "The casing is fine for now.")), dt.date(2026, 4, 14))
    assert [(t.evidence[0].quote, t.owner) for t in tasks] == [(said, owner)]


@pytest.mark.parametrize("said", [
    "Okay, I'll see you all in thirty minutes.",
    "Let me see, where was I with the slides.",
    "And what else can you do with a kettle like that?",
    "Is there anything else I need to do for the next meeting?",
    # a 1:1 from the archive fixture: a negation frees of work, a state is no work, a preface promises none
    "Can I ask what the number is? You don't have to tell me.",
    "I'd like that. And for what it's worth, I want you to stay.",
    "I understand. Let me be concrete about what I can do.",
    "The thing with airports is that I can never work on planes, I just end up watching movies.",
    "Let me think about it, I don't want to answer that off the top of my head.",
    "What I need is to show my CIO that a catalog fixes that within a quarter.",
])
def test_farewells_and_questions_are_not_tasks(said):
    tasks = extract_tasks(_call(("Priya", "Okay, so where are we with the casing."), ("Priya", said),
                                ("Teo", "Yeah."), ("Jonas", "The casing is fine for now.")), dt.date(2026, 4, 14))
    assert tasks == []


def test_a_request_answered_by_a_commitment_is_one_task():
    tasks = extract_tasks(_call(("Lena", "The partner needs the API docs before the cutover. Can you send them, Sam?"),
                                ("Sam", "Sure, I'll send the API docs to Lena tomorrow."),
                                ("Lena", "The cutover is on the third of May.")), dt.date(2026, 4, 14))
    assert [(t.text, t.owner, t.due) for t in tasks] == [
        ("Send the API docs to Lena", "Sam", dt.date(2026, 4, 15))]
    assert [e.start for e in tasks[0].evidence] == [0.0, 5.0]  # the request and its answer


_ASKED = "Theo, can you raise the Tidewater limit to two thousand requests per minute?"
_ASIDE = "The thing with airports is that I can never work on planes."
_TAKEN_ON = "Yes, I'll do that by the fourteenth, it's a config change plus a load test."


def _who_said(speakers: tuple[str | None, str | None, str | None]) -> list[Utterance]:
    lines = zip(speakers, (_ASKED, _ASIDE, _TAKEN_ON), strict=True)
    return [Utterance(speaker=who, label=who or "zoom.us", text=text, start=7.0 * n)
            for n, (who, text) in enumerate(lines)]


@pytest.mark.parametrize("speakers, owner", [
    (("Jordan Avery", "Rafael Ortiz", "Theo Lindqvist"), "Theo Lindqvist"),
    # a remote room's one device label for everyone: who took it on is whom the request named
    (("Jordan Avery", None, None), "Theo"),
])
def test_a_commitment_to_do_that_takes_on_the_request_before_it(speakers, owner):
    """"I'll do that" names no work: the request just before (a third person's aside between) says what it is."""
    tasks = extract_tasks(_who_said(speakers), dt.date(2025, 3, 4))
    assert [(t.text, t.owner, t.due) for t in tasks] == [
        ("Raise the Tidewater limit to two thousand requests per minute", owner, dt.date(2025, 3, 14))]
    assert [e.start for e in tasks[0].evidence] == [0.0, 14.0]  # the request and its answer


def test_a_commitment_that_names_its_work_is_its_own_task():
    utterances = _who_said(("Mira Castellanos", "Jordan Avery", "Jordan Avery"))
    utterances[2] = utterances[2].model_copy(update={"text": "Sure. I'll write the GA announcement by Wednesday."})
    tasks = extract_tasks(utterances, dt.date(2025, 3, 4))
    assert ("Write the GA announcement", "Jordan Avery") in [(t.text, t.owner) for t in tasks]


def test_do_that_after_ones_own_remark_takes_on_no_earlier_request():
    """The answerer spoke in between: what they now take on may be what they said, not what was asked."""
    tasks = extract_tasks(_who_said(("Jordan Avery", "Theo Lindqvist", "Theo Lindqvist")), dt.date(2025, 3, 4))
    asked = next(t for t in tasks if t.text == "Raise the Tidewater limit to two thousand requests per minute")
    assert [e.start for e in asked.evidence] == [0.0]  # the request alone: no answer joined to it


@pytest.mark.parametrize("said, decided", [
    ("Okay, let's go with the single site for the pilot.", True),
    ("Let's go back to the agenda then.", False),
    ("Right, let's move on to the budget slide.", False),
    ("So let's go through the costs one by one.", False),
    ("Okay, let's get started.", False),
    ("Let's start with the budget.", False),
    ("Then let's start the first wave on June 16th.", True),
])
def test_moving_through_the_agenda_is_not_a_decision(said, decided):
    decisions = extract_decisions(_call(("Priya", "We looked at both sites last week."), ("Priya", said),
                                        ("Teo", "The budget is on the next slide.")))
    assert [d.evidence[0].quote for d in decisions] == ([said] if decided else [])


@pytest.mark.parametrize("said, written", [
    ("Then we go with the single site for now.", "We go with the single site for now."),
    ("Work on the user requirements, um", "Work on the user requirements"),
    ("So um the umbrella budget stays, uh", "The umbrella budget stays"),
    (", yeah go for that first.", "Go for that first."),
    ("It It needs to be more than one big button", "It needs to be more than one big button"),
    ("Actually if you if you imagine the the foggy yellow case", "Actually if you imagine the foggy yellow case"),
    ("We need 10, 10 units, using prototype materials um.", "We need 10, 10 units, using prototype materials."),
])
def test_fillers_at_either_end_are_dropped(said, written):
    assert clean_sentence(said) == written


@pytest.mark.parametrize("said", [
    "We could just go for the", "Let's go with the, um", "We'll have to I'll",
    "Rather than just bare plastic which they all are at the moment.",  # leans on what was said before
    "Because when you suggest something then it has to be integrated inside.",
])
def test_a_phrase_broken_off_or_without_content_is_not_a_decision(said):
    assert extract_decisions(_call(("Priya", "We looked at both sites last week."), ("Priya", said),
                                   ("Teo", "Yeah."))) == []


def test_a_leading_because_with_its_main_clause_is_a_whole_decision():
    said = "Because of the cost, we'll drop the LCD screen."
    decisions = extract_decisions(_call(("Priya", "We looked at both screens last week."), ("Priya", said),
                                        ("Teo", "Yeah.")))
    assert [d.evidence[0].quote for d in decisions] == [said]


_FAMILIES = (cues.COMMITMENT, cues.ASSIGNMENT, cues.MARKERS, cues.DECISION, cues.HEDGE, cues.TASK)
# Cue words and verbs, in other cases, and the characters where Unicode and ASCII matching part: the four that re.I
# folds to an ASCII letter, a letter and a digit outside ASCII, inert marks, Unicode-only whitespace.
_PIECES = st.sampled_from(
    sorted({word for family in _FAMILIES for word in family.words}) + list(cues.WORK_VERBS)
    + ["I", "You", "Marcus", "Sam Lee", "So ", "so that ", "the ", "it", ". ", "? ", "! ", ", ", " ", "  ", "\n",
       "İ", "ı", "ſ", "K", "é", "٣", "3", "—", "’", "\xa0", "\x1c", "\x85"]
)
_SPOKEN = st.lists(st.one_of(_PIECES, _PIECES.map(str.upper), _PIECES.map(str.title), st.text(max_size=2)),
                   max_size=24).map("".join)


def _searched(text: str, family: cues.Cues) -> float:
    """The score by plain searches of every pattern, no prefilter and no ASCII twin."""
    return sum([weight for pattern, _, weight, _ in family.pairs if pattern.search(text)])


@settings(max_examples=400)
@given(_SPOKEN)
def test_cue_scores_are_those_of_plain_pattern_searches(text):
    """Prefilters and ASCII matching only skip work: a score is the one every pattern searched gives."""
    assert [cues.cue_score(text, family) for family in _FAMILIES] == [_searched(text, family) for family in _FAMILIES]


@settings(max_examples=300)
@given(_SPOKEN)
def test_no_text_scores_above_the_ceiling_its_words_give(text):
    """The scoring skips an utterance whose ceiling is below the threshold: no search may find more."""
    for family in _FAMILIES:
        assert cues.cue_score(text, family) <= cues.cue_ceiling(text, family) + 1e-9


def test_hedges_only_lower_a_score():
    """A task's hedges are searched only once its other cues score above zero: they must not raise it."""
    assert all(weight < 0 for _, _, weight, _ in cues.HEDGE.pairs)


@pytest.mark.parametrize("text", [
    "Marcus will send the deck", "İ wıll ſend it", "I WILL — send it tomorrow", "I'll\x1csend it", "I'll\x85send it",
    "Marcus wiKKi will check", "So, Sam, can you book the room?", "we dećided: go with it", "٣ euros then",
    "Let’s go with the plan", "I’ll send it — I will send it", "Kan you check it, please?",
])
def test_cue_scores_where_unicode_and_ascii_matching_part(text):
    assert [cues.cue_score(text, family) for family in _FAMILIES] == [_searched(text, family) for family in _FAMILIES]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["the", "The", "the,", "if", "you", "it?", "It", "needs", "a"]), max_size=14))
def test_a_word_said_again_is_seen_within_four_words_and_no_further(words):
    from notesmith.extract.transcript import _may_repeat

    said = [w.casefold().strip(",.;:!?") for w in words]
    assert _may_repeat(" ".join(words)) == any(w in said[max(0, i - 4):i] for i, w in enumerate(said))


@pytest.mark.parametrize("people, shared_with", [
    (("Sofia Marchetti", "Mira Castellanos"), "share it with Sofia Marchetti and Mira Castellanos"),
    # four people: which two are meant is not said
    (("Sofia Marchetti", "Mira Castellanos", "Theo Lindqvist"), "share it with both of you"),
])
def test_both_of_you_in_a_three_person_call_are_the_other_two(people, shared_with):
    lines = [(who, f"{who.split()[0]} here, the role is open.") for who in people]
    said = "I'll write the interview loop and share it with both of you."
    tasks = extract_tasks(_call(*lines, ("Jordan Avery", said)), dt.date(2025, 4, 29))
    assert [(t.text, t.owner) for t in tasks] == [(f"Write the interview loop and {shared_with}", "Jordan Avery")]


def test_work_said_with_a_pronoun_then_in_words_is_one_task_in_words():
    """Sofia first says "post it", then what she will post: one task, worded, and the earlier saying's date kept."""
    tasks = extract_tasks(_call(("Sofia", "So, the senior PM role. I can post it by Friday, once I have the description."),
                                ("Jordan", "The description is done, I sent it to you yesterday."),
                                ("Sofia", "Oh, I see it now. Then I'll post the requisition.")), dt.date(2025, 4, 29))
    assert [(t.text, t.owner, t.due) for t in tasks] == [("Post the requisition", "Sofia", dt.date(2025, 5, 2))]


def test_a_pronoun_task_stays_when_no_one_words_it_again():
    """Nothing says what "it" is, or another person says the worded one: the pronoun task is all there is."""
    tasks = extract_tasks(_call(("Sofia", "I can post it once I have the description."),
                                ("Jordan", "Okay. I'll post the requisition then.")), dt.date(2025, 4, 29))
    assert [(t.text, t.owner) for t in tasks] == [("Post it once I have the description", "Sofia"),
                                                  ("Post the requisition then", "Jordan")]


def test_of_clauses_a_semicolon_joins_the_task_is_the_one_that_states_work():
    tasks = extract_tasks(_call(("Caleb", "Welcome to the beta."),
                                ("Owen", "Owen explained the exclude list; Ines will send the schema names.")),
                          dt.date(2025, 6, 17))
    assert [(t.text, t.owner) for t in tasks] == [("Send the schema names", "Ines")]
