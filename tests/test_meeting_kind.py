"""A meeting's kind from its title, who took part and whom it was with, read from real files."""

import pytest

from notesmith.domain import MeetingKind
from notesmith.domain.owner import Owner
from notesmith.extract.rules import extract
from notesmith.sources import ReadContext, read_source

_SAID = ["The staging cluster is back after the DNS fix.", "Good, I will rerun the restore tests today.",
         "The vendor moved the firmware release to April."]


def _transcript(tmp_path, title: str, speakers: list[str]):
    lines = [title, "Wed, Mar 11, 2026 9:30 AM", ""]
    for n, who in enumerate(speakers):
        lines += [f"{who}  0:{10 + n:02d}", _SAID[n], ""]
    path = tmp_path / "meeting.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return read_source(path, ReadContext())


@pytest.mark.parametrize("title, speakers, kind", [
    ("Project Kestrel standup", ["Mei Chen", "Robin Hale"], MeetingKind.internal),  # two people, a team meeting
    ("Kestrel restore planning", ["Mei Chen", "Robin Hale", "Tomás Ortega"], MeetingKind.internal),
    ("Quarry Labs check-in", ["Nadia Petrov", "Robin Hale"], MeetingKind.external),
    ("Halcyon Logistics — renewal check-in", ["Grace Adeyemi", "Robin Hale", "Mei Chen"], MeetingKind.external),
    ("Bluefin partner sync", ["Nadia Petrov", "Robin Hale", "Mei Chen"], MeetingKind.external),
    ("Q3 all-hands", ["Mei Chen", "Robin Hale", "Tomás Ortega"], MeetingKind.forum),
    ("1:1 Mei / Robin", ["Mei Chen", "Robin Hale"], MeetingKind.one_on_one),
    ("Restore timings", ["Mei Chen", "Robin Hale"], MeetingKind.one_on_one),
    # An organization discussed, not met; the owner's own employer is not a guest.
    ("Decision between Corvid Storage and Emberline", ["Mei Chen", "Robin Hale", "Tomás Ortega"],
     MeetingKind.internal),
    ("Bluefin Data roadmap review", ["Mei Chen", "Robin Hale", "Tomás Ortega"], MeetingKind.internal),
])
def test_kind_of_a_transcript(tmp_path, title, speakers, kind):
    source = _transcript(tmp_path, title, speakers)
    assert extract(source, Owner("Robin Hale", employer="Bluefin Data")).kind is kind


@pytest.mark.parametrize("title, kind", [
    ("Call with Quarry Labs (Nadia Petrov)", MeetingKind.external),
    ("Call with Fabrikam (Lena Vogel)", MeetingKind.external),  # no organization suffix: the contact tells
    ("Journal — week 11", MeetingKind.personal),
    ("Reading list", MeetingKind.note),
])
def test_kind_of_a_note_without_participants(tmp_path, title, kind):
    path = tmp_path / "note.txt"
    path.write_text(f"2026-03-10 {title}\n\n- The importer handles four million rows an hour.\n", encoding="utf-8")
    assert extract(read_source(path, ReadContext())).kind is kind


def test_people_from_two_organizations_on_an_invite_is_external(tmp_path):
    path = tmp_path / "invite.eml"
    path.write_text(
        "From: Robin Hale <robin.hale@bluefin.example>\nTo: Nadia Petrov <nadia@quarry.example>\n"
        "Subject: Trial criteria\nDate: Tue, 10 Mar 2026 09:00:00 +0000\n\nCould you send the criteria by Friday?\n",
        encoding="utf-8")
    source = read_source(path, ReadContext())
    assert extract(source).kind is MeetingKind.email_thread  # a thread stays a thread
    assert {p.email for p in source.participants} == {"robin.hale@bluefin.example", "nadia@quarry.example"}
