"""No person note for what is no person: labels, speaker slots, placeholders, notification senders, companies and
display-name decorations, whatever a reader or a model hands over as a participant (made-up people only)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_cli import notesmith
from vaults import make_vault, read, run_ingest

from notesmith.app.ingest import IngestOptions, ingest
from notesmith.app.pipeline import rules_extractor
from notesmith.app.transaction import vault_layout
from notesmith.config import load_config
from notesmith.domain import (
    ExtractedParticipant,
    Extraction,
    MeetingKind,
    Mentions,
    Task,
)
from notesmith.domain.entity import Entity, EntityKind
from notesmith.domain.owner import Owner
from notesmith.resolve.people_guard import (
    clean_person_name,
    is_role_mailbox,
    not_a_person,
)
from notesmith.resolve.registry import Registry, owner_entity
from notesmith.resolve.resolver import resolve
from notesmith.sources import ReadContext
from notesmith.sources.speakers import resolve_speakers
from notesmith.sources.turns import RawTurn

OWNER = owner_entity(Owner("Robin Hale", ("Robin",), ("robin.hale@bluefin.example",)), "People/Robin Hale.md")


def mail(sender: str, subject: str, body: str, date: str = "Tue, 14 Apr 2026 09:12:00 +0000") -> str:
    return (f"From: {sender}\nTo: Robin Hale <robin.hale@bluefin.example>\nSubject: {subject}\nDate: {date}\n"
            f"Message-ID: <{abs(hash(subject))}@mail.example>\nMIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=\"utf-8\"\n\n" + body + "\n")


INBOX = {
    "Odile Fairweather (Google Docs).eml": mail(
        '"Odile Fairweather (Google Docs)" <comments-noreply@docs.example>', "Atlas rollout plan",
        "Odile Fairweather mentioned you in a comment.\n\nCan you add the rollback section before the review?\n\n"
        "You have received this email because you are mentioned in this thread."),
    "Tobias Wren via LinkedIn.eml": mail(
        '"Tobias Wren via LinkedIn" <messages-noreply@linkedin.example>', "Tobias just messaged you",
        "Tobias Wren: Good to see you at the meetup. Let's stay in touch.\n\nUnsubscribe"),
    "Meeting Summary with AI Companion - Atlas sync.eml": mail(
        '"Meeting Summary with AI Companion" <no-reply@meetings.example>', "Meeting summary for Atlas sync",
        "Quick recap\n\nThe team agreed to ship Atlas on May 4.\n\nPlease do not reply to this message."),
    "Kestrel Data Summit.eml": mail(
        '"Kestrel Data Summit" <events@kestrel-summit.example>', "Early-bird tickets end Friday",
        "Join 2,000 data leaders in Porto on June 9. Register now and save 30%."),
    "Invitation- Atlas go-no-go.eml": mail(
        '"Odile Fairweather (via Calendar)" <calendar-notification@bluefin.example>', "Invitation: Atlas go/no-go",
        "Odile Fairweather has invited you to Atlas go/no-go on Thursday at 10:00."),
    "2026-04-02 - Atlas kickoff.md": (
        "---\ntype: meeting\ntitle: Atlas kickoff\ndate: '2026-04-02'\n---\n\n# Atlas kickoff\n\n"
        "**Date**: 2026-04-02\n**With**: Odile Fairweather, Ignacio Brandvold\n**Account**: [[Harrow Freight]]\n\n"
        "## Summary\n\nWe scoped the Atlas pilot.\n\n## Action Items\n\n- [ ] Send the pilot plan to Ignacio\n"),
}


def test_no_person_note_for_labels_senders_decorations_or_companies(tmp_path):
    vault = make_vault(tmp_path / "vault")
    for name, text in INBOX.items():
        (vault / "Inbox" / name).write_text(text, encoding="utf-8")
    run_ingest(vault)
    people = sorted(p.name for p in (vault / "People").glob("*.md"))
    assert not {"Date.md", "With.md", "Account.md", "Meeting Summary with AI Companion.md",
                "Kestrel Data Summit.md", "Odile Fairweather (Google Docs).md", "Odile Fairweather (via Calendar).md",
                "Tobias Wren via LinkedIn.md"} & set(people), people
    assert {"Odile Fairweather.md", "Tobias Wren.md", "Robin Hale.md"} <= set(people)
    odile = read(vault, "People/Odile Fairweather.md")
    assert "noreply" not in odile and "calendar-notification" not in odile, "a notification's address is nobody's"
    queue = json.loads(notesmith("review", "--vault", str(vault), "--json").stdout)
    assert not {"Date", "With", "Account", "Meeting Summary with AI Companion"} & {e["name"] for e in queue}


def test_person_notes_an_older_run_made_for_no_person_are_listed_and_never_linked(tmp_path):
    vault = make_vault(tmp_path / "vault")
    for title in ("Date", "Odile Fairweather (Google Docs)"):
        (vault / "People" / f"{title}.md").write_text(f"---\ntype: person\ntitle: {title}\n---\n# {title}\n",
                                                      encoding="utf-8")
    name = "Odile Fairweather (Google Docs).eml"
    (vault / "Inbox" / name).write_text(INBOX[name], encoding="utf-8")
    run_ingest(vault)
    meeting = read(vault, "Meetings/2026/*Atlas rollout plan.md")
    assert "[[Odile Fairweather]]" in meeting and "(Google Docs)]]" not in meeting and "[[Date]]" not in meeting
    queue = json.loads(notesmith("review", "--vault", str(vault), "--json").stdout)
    not_people = {e["name"]: e for e in queue if e["reason"] == "not-a-person"}
    assert not_people["Date"]["evidence"] == ["label"] and not_people["Date"]["note"] == "People/Date.md"
    assert not_people["Odile Fairweather (Google Docs)"]["candidates"] == ["Odile Fairweather"]


def test_what_a_model_hands_over_as_people_is_guarded_too(tmp_path):
    """A model (or any reader) naming slots, labels and companies as participants: none becomes a note."""
    vault = make_vault(tmp_path / "vault")
    (vault / "Inbox/2026-04-09 Harrow sync.md").write_text(
        "---\ndate: '2026-04-09'\n---\n# Harrow sync\n\nWe went through the Harrow Freight pilot.\n", encoding="utf-8")
    config = load_config(vault / "notesmith.toml", {})
    rules = rules_extractor(config)
    junk = ["Speaker 2", "Unknown", "Attendees", "Harrow Freight", "{{attendees}}", "MacBook Pro Microphone",
            "Participants", "Ines Abara (External)"]

    def model(source):
        extraction = rules(source)
        extraction.participants += [ExtractedParticipant(name=n) for n in junk]
        extraction.mentions.organizations.append("Harrow Freight")
        return extraction

    options = IngestOptions(today=dt.date(2026, 11, 22), run_id="20261122T900001", make_extractor=lambda known: model)
    report = ingest(config, vault_layout(vault, config), [], options)
    assert report.count("ingested") == 1
    assert sorted(p.name for p in (vault / "People").glob("*.md")) == ["Ines Abara.md"]


# ---------------------------------------------------------------- the resolver and the registry

def extraction(participants=(), mentions=(), tasks=()):
    return Extraction(source_id="s", extractor="rules", kind=MeetingKind.internal, summary="",
                      participants=[ExtractedParticipant(name=n, email=e) for n, e in participants],
                      mentions=Mentions(people=list(mentions)), tasks=list(tasks))


def person(name, *emails):
    return Entity(kind=EntityKind.person, name=name, emails=list(emails), note_path=f"People/{name}.md")


def test_a_label_never_matches_a_person_by_a_fuzzy_rule():
    dave = person("Dave Okonkwo")
    result = resolve(extraction([("Dave Okonkwo", None), ("Date", None)], tasks=[Task(text="x", owner="Date")]),
                     Registry([OWNER, dave]))
    assert [p.entity.name for p in result.participants] == ["Dave Okonkwo"]
    assert result.owner_names == {}


def test_a_decorated_sender_is_the_person_without_the_notification_address():
    odile = person("Odile Fairweather", "odile@bluefin.example")
    result = resolve(extraction([("Odile Fairweather (Google Docs)", "comments-noreply@docs.example")]),
                     Registry([OWNER, odile]))
    assert [(p.entity.name, p.is_new, p.email) for p in result.participants] == [("Odile Fairweather", False, None)]


def test_a_role_mailbox_sender_is_no_person_and_its_address_matches_nobody():
    stored = person("Odile Fairweather", "odile@bluefin.example", "calendar-notification@bluefin.example")
    registry = Registry([OWNER, stored])
    result = resolve(extraction([("Harrow Freight Events", "events@harrow.example"),
                                 ("Quill Updates", "calendar-notification@bluefin.example")]), registry)
    assert result.participants == [] and result.review == []


def test_the_owner_is_the_owner_under_pronouns_and_decorations():
    result = resolve(extraction([("Robin Hale (via Calendar)", "calendar-notification@bluefin.example"),
                                 ("Myself", None)]), Registry([OWNER]))
    assert [p.entity.is_owner for p in result.participants] == [True]


def test_a_lone_first_name_finds_the_full_name_of_the_same_meeting_whatever_the_order():
    result = resolve(extraction([("Ignacio", None), ("Ignacio Brandvold", None)]), Registry([OWNER]))
    assert [p.entity.name for p in result.participants] == ["Ignacio Brandvold"]


def test_one_address_under_two_names_in_one_thread_is_one_new_person():
    result = resolve(extraction([("Ignacio Brandvold", "ib@harrow.example"), ("I. Brandvold", "IB@harrow.example")]),
                     Registry([OWNER]))
    assert [p.entity.name for p in result.participants] == ["Ignacio Brandvold"]


def test_label_mentions_are_no_review_candidates():
    result = resolve(extraction(mentions=["Attendees", "{{people}}", "Ines Abara"]), Registry([OWNER]))
    assert [r.name for r in result.review] == ["Ines Abara"]


def test_the_registry_keeps_notes_named_by_no_person_out():
    registry = Registry([OWNER, person("Date"), person("Odile Fairweather (Google Docs)"), person("Sam Okafor (Finance)")])
    assert [(e.name, why) for e, why in registry.not_people] == [("Date", "label"),
                                                                 ("Odile Fairweather (Google Docs)", "display-name decoration")]
    assert registry.by_name(EntityKind.person, "Sam Okafor (Finance)"), "a qualifier that tells two notes apart stays"


def test_a_one_on_one_titled_with_the_owner_names_no_counterpart():
    turns = [RawTurn(label="Remote", text="Hi Robin.", start=0.0), RawTurn(label="Laptop", text="Hello.", start=2.0)]
    ctx = ReadContext(Owner("Robin Hale", ("Robin",)))
    assert resolve_speakers(turns, ctx, [], "Robin Hale") == ["Remote", "Laptop"]
    assert [t.speaker for t in turns] == [None, None]


# ---------------------------------------------------------------- the guard's rules

@pytest.mark.parametrize(("name", "reason"), [
    ("Date", "label"), ("With", "label"), ("Cc", "label"), ("Attendees", "label"), ("Account", "label"),
    ("Owner", "label"), ("Agenda", "label"), ("Action Items", "label"), ("Unknown", "label"),
    ("Unknown Speaker", "label"), ("Speaker 1", "speaker slot"), ("Speaker D", "speaker slot"),
    ("Participant 3", "speaker slot"), ("Jabra Speak 710", "speaker slot"), ("MacBook Pro Microphone", "device"),
    ("zoom.us", "device"), ("{{attendees}}", "placeholder"), ("_Unknown_", "placeholder"), ("[[]]", "placeholder"),
    ("Meeting Summary with AI Companion", "not a name"), ("ines@harrow.example", "not a name"),
    ("Kestrel Data Summit", "notification sender"), ("Bluefin Support", "notification sender"),
    ("Harrow Freight Inc", "company"), ("Quill Labs", "company"),
])
def test_names_of_no_person(name, reason):
    assert not_a_person(clean_person_name(name)) == reason


@pytest.mark.parametrize("name", ["Odile Fairweather", "Ines", "Jean-Luc Moreau", "Lena van der Berg", "Seán O'Neill",
                                  "J.R. Abara", "Amar Bose", "Will Chase", "Nguyen Van An", "María José de la Cruz"])
def test_names_of_people(name):
    assert not_a_person(clean_person_name(name)) is None and clean_person_name(name) == name


@pytest.mark.parametrize(("raw", "name"), [
    ("Odile Fairweather (Google Docs)", "Odile Fairweather"), ("Odile Fairweather (via Calendar)", "Odile Fairweather"),
    ("Tobias Wren via LinkedIn", "Tobias Wren"), ("Brandvold, Ignacio", "Ignacio Brandvold"),
    ("Ines Abara, VP Data", "Ines Abara"), ("Ines Abara | Harrow", "Ines Abara"), ("[[Ines Abara|Ines]]", "Ines Abara"),
    ("@Ines", "Ines"), ('"Ines Abara"', "Ines Abara"),
])
def test_decorations_come_off(raw, name):
    assert clean_person_name(raw) == name


@pytest.mark.parametrize(("email", "role"), [
    ("no-reply@meetings.example", True), ("comments-noreply@docs.example", True), ("events@kestrel.example", True),
    ("calendar-notification@bluefin.example", True), ("support@quill.example", True),
    ("odile.fairweather@bluefin.example", False), ("ines@harrow.example", False), ("newton.hale@x.example", False),
])
def test_role_mailboxes(email, role):
    assert is_role_mailbox(email) is role


WORD = st.text(alphabet="abcdefghijklmnoprstuvyz", min_size=3, max_size=9).map(str.capitalize)


@given(st.lists(WORD, min_size=1, max_size=3))
def test_cleaning_is_stable(words):
    name = " ".join(words)
    assert clean_person_name(clean_person_name(name)) == clean_person_name(name)


@given(st.lists(WORD, min_size=2, max_size=3), st.sampled_from(["({})", "via {}", "| {}", "- {}"]), WORD)
def test_any_decoration_of_a_name_comes_off(words, decoration, service):
    name = " ".join(words)
    assert clean_person_name(f"{name} {decoration.format(service)}") == name


@given(st.lists(WORD, min_size=1, max_size=4), st.sampled_from(["{{%s}}", "_%s_", "[%s]", "<%% %s %%>"]))
def test_any_templated_name_is_a_placeholder(words, template):
    assert not_a_person(clean_person_name(template % " ".join(words))) == "placeholder"
