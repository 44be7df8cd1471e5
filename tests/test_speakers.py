"""Speaker labels resolved only from evidence: config, names, glued names, 1:1 rule, introductions."""

from notesmith.domain.owner import Owner
from notesmith.sources import ReadContext
from notesmith.sources.speakers import (
    is_device_label,
    merge_double_transcriptions,
    resolve_speakers,
    split_glued_name,
)
from notesmith.sources.turns import RawTurn


def test_device_and_generic_labels():
    for label in ("Remote", "Jabra Speak 710", "zoom.us", "Speaker 1", "Speaker A", "MacBook Pro Microphone"):
        assert is_device_label(label), label
    for label in ("Dana Whitfield", "Priya", "Jean-Luc Picard", "Lena van Berg"):
        assert not is_device_label(label), label


def test_glued_name_is_split_from_the_text():
    assert split_glued_name("Alex MorganBusy week.", []) == ("Alex Morgan", "Busy week.")
    assert split_glued_name("Robin HaleI'll do it.", ["Robin Hale"]) == ("Robin Hale", "I'll do it.")
    assert split_glued_name("Just a sentence.", ["Robin Hale"]) == (None, "Just a sentence.")


def test_unknown_glued_name_needs_to_recur_before_it_is_trusted():
    once = [RawTurn(label="Remote", text="Sam ReedHello.", start=0.0)]
    assert resolve_speakers(once, ReadContext(), [], None) == ["Remote"]
    assert once[0].speaker is None
    twice = [RawTurn(label="Remote", text="Sam ReedHello.", start=0.0), RawTurn(label="Remote", text="Sam ReedBye.", start=5.0)]
    assert resolve_speakers(twice, ReadContext(), [], None) == []
    assert [t.speaker for t in twice] == ["Sam Reed", "Sam Reed"]
    assert [t.text for t in twice] == ["Hello.", "Bye."]


def test_configured_label_maps_to_the_owner():
    turns = [RawTurn(label="jabra speak 710", text="Hi.", start=0.0)]
    ctx = ReadContext(Owner("Robin Hale"), speaker_map={"Jabra Speak 710": "Robin Hale"})
    assert resolve_speakers(turns, ctx, [], None) == []
    assert turns[0].speaker == "Robin Hale"


def test_remote_in_a_one_on_one_is_the_counterpart_and_the_other_side_the_owner():
    turns = [RawTurn(label="Remote", text="Hi.", start=0.0), RawTurn(label="Built-in Mic", text="Hello.", start=2.0)]
    ctx = ReadContext(Owner("Robin Hale"))
    assert resolve_speakers(turns, ctx, ["Ines Duarte"], "Ines Duarte") == []
    assert [t.speaker for t in turns] == ["Ines Duarte", "Robin Hale"]


def test_remote_outside_a_one_on_one_stays_unresolved():
    turns = [RawTurn(label="Remote", text="Hi.", start=0.0), RawTurn(label="Built-in Mic", text="Hello.", start=2.0)]
    assert resolve_speakers(turns, ReadContext(Owner("Robin Hale")), [], None) == ["Remote", "Built-in Mic"]
    assert all(t.speaker is None for t in turns)


def test_self_introductions_name_generic_labels_only_early_and_only_when_unique():
    turns = [
        RawTurn(label="Speaker B", text="I'm Harriet and I'm the project lead.", start=10.0),
        RawTurn(label="Speaker A", text="Hi, I'm Oskar, I do the hardware.", start=15.0),
        RawTurn(label="Speaker C", text="I'm sure we met. I'm Yusuf and I handle the interface.", start=20.0),
        RawTurn(label="Speaker D", text="Mm-hmm.", start=25.0),
        RawTurn(label="Speaker D", text="I'm Zed, by the way.", start=900.0),
    ]
    unresolved = resolve_speakers(turns, ReadContext(), [], None)
    assert [t.speaker for t in turns[:3]] == ["Harriet", "Oskar", "Yusuf"]
    assert unresolved == ["Speaker D"]


def test_double_transcription_keeps_the_named_copy():
    turns = [
        RawTurn(label="Speaker 1", text="Okay, let's start with the schedule.", start=1.0),
        RawTurn(label="Sam Okafor", text="Okay, let's start with the schedule.", start=1.0, speaker="Sam Okafor"),
        RawTurn(label="Alex Morgan", text="I'll tell the support team today.", start=41.0, speaker="Alex Morgan"),
        RawTurn(label="Speaker 1", text="I'll tell the support team today.", start=41.0),
        RawTurn(label="Speaker 1", text="I'll tell the support team today.", start=300.0),
    ]
    kept = merge_double_transcriptions(turns)
    assert [(t.label, t.start) for t in kept] == [("Sam Okafor", 1.0), ("Alex Morgan", 41.0), ("Speaker 1", 300.0)]
