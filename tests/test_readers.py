"""Each reader on its own fixtures: speakers, start times, counts, dates, participants, messages."""

import datetime as dt
import hashlib

from conftest import EXAMPLES

from notesmith.domain import SourceFormat, SourceKind
from notesmith.domain.owner import Owner
from notesmith.sources import ReadContext, read_source


def names(source):
    return [p.name for p in source.participants]


def test_macwhisper_one_on_one(read_example):
    source = read_example("2026-03-02 1on1 Tomas.md")
    assert source.format is SourceFormat.macwhisper and source.kind is SourceKind.transcript
    assert source.date == dt.date(2026, 3, 2)
    assert source.title == "1:1 — Tomás Ortega"
    assert sorted(names(source)) == ["Robin Hale", "Tomás Ortega"]
    assert len(source.utterances) == 10
    first, second, third = source.utterances[:3]
    assert (first.label, first.speaker, first.start) == ("Remote", "Tomás Ortega", 0.5)
    assert (second.label, second.speaker, second.start) == ("Jabra Speak 710", "Robin Hale", 12.2)
    assert second.text.startswith("Yes. Quick update on Project Kestrel")
    assert third.text == "Nice. It's been hectic here. I'm not kidding."
    assert source.unresolved_labels == []
    assert "Mei Chen" not in names(source)


def test_macwhisper_without_config_still_finds_the_glued_owner_name(read_example):
    source = read_example("2026-03-02 1on1 Tomas.md", ReadContext())
    assert sorted(names(source)) == ["Robin Hale", "Tomás Ortega"]
    assert all(u.speaker for u in source.utterances)


def test_macwhisper_text_export_with_crlf_and_unresolved_labels(read_fixture):
    source = read_fixture("macwhisper-crlf.txt", ReadContext())
    assert source.format is SourceFormat.macwhisper
    assert [u.start for u in source.utterances] == [1.0, 4.5, 9.25]
    assert source.participants == []
    assert source.unresolved_labels == ["Speaker 1", "Speaker 2"]
    assert all(u.speaker is None for u in source.utterances)


def test_one_on_one_owner_device_mapped_through_config(read_fixture):
    source = read_fixture("owner-device-1on1.md")
    assert [u.speaker for u in source.utterances] == ["Ines Duarte", "Robin Hale"]
    assert source.date == dt.date(2026, 3, 18)


def test_bracketed_transcript_with_self_introductions(read_fixture):
    source = read_fixture("ami-style-intros.txt", ReadContext())
    speakers = {u.label: u.speaker for u in source.utterances}
    assert speakers == {"Speaker B": "Harriet", "Speaker A": "Oskar", "Speaker C": "Yusuf", "Speaker D": None}
    assert source.unresolved_labels == ["Speaker D"]
    assert "Zed" not in names(source)


def test_summary_plus_transcript(read_example):
    source = read_example("halcyon-renewal.md")
    assert source.format is SourceFormat.summary_transcript
    assert source.date == dt.date(2026, 3, 4)
    assert source.title == "Halcyon Logistics — renewal check-in"
    assert set(names(source)) == {"Grace Adeyemi", "Robin Hale", "Victor Lindqvist"}
    assert len(source.utterances) == 5 and source.utterances[3].start == 58.1
    headings = [s.heading for s in source.sections]
    assert headings == ["", "Summary", "Key facts learned", "Decisions", "Action items (for Grace Adeyemi)", "Risks", "Open questions"]
    actions = source.sections[4].body
    assert "- [x] Send the current usage export to Robin. @Grace Adeyemi ⏫ ✅ 2026-03-05" in actions
    assert not any("Transcript" in h for h in headings)
    assert source.sections[-1].body == "- Does the renewal cover the Singapore region?"


def test_bold_speakers_merge_double_transcription_and_drop_speaker_1(read_example):
    source = read_example("kestrel-weekly.md")
    assert source.format is SourceFormat.bold_speakers
    assert [(u.speaker, u.start) for u in source.utterances] == [
        ("Mei Chen", 2.0), ("Mei Chen", 21.0), ("Robin Hale", 38.0), ("Nadia Petrov", 62.0), ("Mei Chen", 70.0), ("Robin Hale", 95.0),
    ]
    assert "Speaker 1" not in names(source) and source.unresolved_labels == []
    assert source.date is None and any("no date" in w for w in source.warnings)


def test_bold_speakers_with_stamp_before_the_line(read_fixture):
    source = read_fixture("bold-stamp-first.md")
    assert [(u.speaker, u.start, u.text) for u in source.utterances] == [
        ("Ines Duarte", 5.0, "We should keep the blue casing."), ("Robin Hale", 12.0, "Fine by me."),
    ]


def test_webvtt_name_prefix_cues(read_example):
    source = read_example("GMT20260305-150000_Recording.transcript.vtt")
    assert source.format is SourceFormat.webvtt
    assert source.date == dt.date(2026, 3, 5) and source.title is None
    assert [u.start for u in source.utterances] == [1.5, 6.4, 14.2, 23.3, 30.6]
    assert source.utterances[0].end == 6.0
    assert source.utterances[2].speaker == "Victor Lindqvist"
    assert source.utterances[2].text.startswith("The dual-site design")


def test_webvtt_voice_tags(read_example):
    source = read_example("2026-03-06 Quarry Labs check-in.vtt")
    assert source.title == "Quarry Labs check-in" and source.date == dt.date(2026, 3, 6)
    assert [u.speaker for u in source.utterances] == ["Nadia Petrov", "Robin Hale", "Nadia Petrov", "Robin Hale"]
    assert "9,500 records per second" in source.utterances[1].text


def test_webvtt_notes_settings_multiline_cues_and_unlabelled_text(read_fixture):
    source = read_fixture("multiline-cues.vtt")
    assert [(u.speaker, u.text) for u in source.utterances] == [
        ("Ines Duarte", "First line of the cue and its second line"), (None, "no speaker here"),
    ]


def test_srt(read_example):
    source = read_example("2026-03-09 hiring.srt")
    assert source.format is SourceFormat.srt
    assert [(u.speaker, u.start, u.end) for u in source.utterances] == [
        ("Tomás Ortega", 1.0, 4.2), ("Robin Hale", 4.6, 9.3), ("Tomás Ortega", 9.8, 14.5),
    ]


def test_otter(read_example):
    source = read_example("kestrel-standup.txt")
    assert source.format is SourceFormat.otter
    assert source.title == "Project Kestrel standup"
    assert (source.date, source.time) == (dt.date(2026, 3, 11), dt.time(9, 30))
    assert [(u.speaker, u.start) for u in source.utterances] == [("Mei Chen", 4.0), ("Robin Hale", 12.0), ("Mei Chen", 21.0)]


def test_otter_hour_stamps_and_multiline_turns(read_fixture):
    source = read_fixture("otter-hours.txt")
    assert [(u.speaker, u.start, u.text) for u in source.utterances] == [
        ("Tomás Ortega", 3723.0, "We start with the budget. It is tight this quarter."), ("Robin Hale", 3750.0, "Understood."),
    ]
    assert source.date == dt.date(2026, 3, 20)


def test_plain_notes(read_example):
    source = read_example("2026-03-10 call with Quarry Labs.txt")
    assert source.format is SourceFormat.plain_notes and source.kind is SourceKind.note
    assert source.date == dt.date(2026, 3, 10)
    assert source.title == "Call with Quarry Labs (Nadia Petrov)"
    assert source.sections[0].body.count("\n- ") == 4
    assert names(source) == ["Nadia Petrov", "Robin Hale"], "the contact the title names, and the owner who called"


def test_a_contact_in_a_transcripts_file_name_took_part(tmp_path):
    path = tmp_path / "2026-04-02 Call with Fabrikam (Lena Vogel).vtt"
    path.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Sam Okafor>The pilot starts in May.\n", encoding="utf-8")
    assert names(read_source(path, ReadContext(Owner("Alex Morgan")))) == ["Sam Okafor", "Lena Vogel", "Alex Morgan"]
    assert names(read_source(path, ReadContext())) == ["Sam Okafor", "Lena Vogel"]


def test_apple_mail_export(read_example):
    source = read_example("kestrel-restore-budget.md")
    assert source.format is SourceFormat.email_export and source.kind is SourceKind.email_thread
    assert source.title == "Kestrel restore budget"
    assert (source.date, source.time) == (dt.date(2026, 3, 12), dt.time(14, 5, 30))
    assert [(p.name, p.email) for p in source.participants] == [
        ("Tomás Ortega", "tomas.ortega@bluefin.example"), ("Robin Hale", "robin.hale@bluefin.example"),
    ]
    first, second = source.messages
    assert first.body == "Robin, can you send me the restore cost estimate before Tuesday's review?\nThanks,\nTomás"
    assert second.subject == "Re: Kestrel restore budget"
    assert "Attached.\nShort version:" in second.body
    assert second.timestamp.isoformat() == "2026-03-13T09:41:02"


def test_re_export_of_a_thread_is_the_same_source(read_example, tmp_path):
    data = (EXAMPLES / "kestrel-restore-budget.md").read_bytes()
    reexport = tmp_path / "again.md"
    reexport.write_bytes(data.replace(b"2026-03-13 10:20:11", b"2026-03-14 07:00:00"))
    assert reexport.read_bytes() != data
    assert read_source(reexport, ReadContext()).id == read_example("kestrel-restore-budget.md").id


def test_eml_multipart_prefers_text_plain(read_example):
    source = read_example("quarry-trial-criteria.eml")
    assert source.format is SourceFormat.eml
    assert source.title == "Quarry Labs trial success criteria"
    assert source.date == dt.date(2026, 3, 12)
    assert [(p.name, p.email) for p in source.participants] == [
        ("Nadia Petrov", "nadia.petrov@quarrylabs.example"),
        ("Robin Hale", "robin.hale@bluefin.example"),
        ("Mei Chen", "mei.chen@bluefin.example"),
    ]
    message = source.messages[0]
    assert [p.email for p in message.cc] == ["mei.chen@bluefin.example"]
    assert "<" not in message.body and "3. The operations team can roll back" in message.body


def test_eml_html_only_latin1_is_turned_into_text(read_fixture):
    source = read_fixture("html-only.eml")
    assert source.title == "Pelican contract draft"
    assert source.messages[0].body == "Olá Robin,\n\nThe draft is attached.\nPlease review clause 4."
    assert source.participants[1].name == "robin.hale" and source.participants[1].email == "robin.hale@bluefin.example"


def test_mojibake_note_is_repaired_before_parsing(read_example):
    source = read_example("partner-sync-mojibake.md")
    assert source.format is SourceFormat.structured_note
    assert source.title == "Bluefin partner sync" and source.date == dt.date(2026, 3, 16)
    body = source.sections[-1].body
    assert "@Robin Hale 📅 2026-03-20 🔺 #task" in body
    assert "@Nadia Petrov 📅 2026-03-24 ⏫ #task" in body
    assert "last quarter’s win/loss notes @Robin Hale 🔽" in body
    assert "Nadia’s team" in source.sections[0].body


def test_invalid_frontmatter_is_reported_not_fatal(read_fixture):
    source = read_fixture("invalid-frontmatter.md")
    assert source.title == "Broken header note"
    assert any("invalid YAML frontmatter" in w for w in source.warnings)
    assert "One bullet that still matters." in source.sections[0].body


def test_source_id_is_the_hash_of_the_normalized_text_and_raw_hash_of_the_bytes(read_example):
    source = read_example("kestrel-standup.txt")
    raw = (EXAMPLES / "kestrel-standup.txt").read_bytes()
    assert source.raw_sha256 == hashlib.sha256(raw).hexdigest()
    assert source.id == hashlib.sha256(source.text.encode()).hexdigest()
