"""Reading one note by path, file name, title or alias, and the recent meetings, from an ingested vault."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from conftest import EXAMPLES
from vaults import make_vault, run_ingest

from notesmith.app.queries import AmbiguousNote, UnknownNote, read_note, recent_meetings
from notesmith.app.transaction import Vault, vault_layout
from notesmith.config import load_config
from notesmith.index.store import current_index

MEETINGS = ("2026-03-02 1on1 Tomas.md", "kestrel-weekly.md", "kestrel-standup.txt", "2026-03-09 hiring.srt",
            "2026-03-10 call with Quarry Labs.txt")
TOMAS = "People/Tomás Ortega.md"


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    root = make_vault(tmp_path_factory.mktemp("queries") / "vault", [EXAMPLES / name for name in MEETINGS])
    run_ingest(root)
    return root


@pytest.fixture
def vault(ingested, tmp_path):
    root = tmp_path / "vault"
    shutil.copytree(ingested, root, symlinks=True)
    return root


def _open(root):
    target = Vault(vault_layout(root, load_config(root / "notesmith.toml", {})))
    conn, _ = current_index(target.layout)
    return target, conn


def test_a_note_is_found_by_path_file_name_title_or_alias_and_read_from_its_file(vault):
    (vault / "People" / "Sam Okafor.md").write_text(
        "---\ntype: person\ntitle: Sam Okafor\naliases: [Sammy]\nfirst_seen: 2026-03-02\n---\n# Sam Okafor\n\n"
        "Leads the Lisbon office.\n", encoding="utf-8")
    target, conn = _open(vault)
    for wanted in (TOMAS, "People/Tomás Ortega", "Tomás Ortega", "tomas ortega"):
        note = read_note(target, conn, wanted)
        assert (note.path, note.type, note.title) == (TOMAS, "person", "Tomás Ortega")
    assert note.markdown == (vault / TOMAS).read_text(encoding="utf-8").split("---\n", 2)[2]
    assert note.frontmatter["tags"] == ["person"]
    assert note.frontmatter["first_seen"] == "2026-03-02"  # a YAML date, given as text
    sam = read_note(target, conn, "sammy")
    assert sam.path == "People/Sam Okafor.md" and sam.markdown.endswith("Leads the Lisbon office.\n")
    meeting = read_note(target, conn, "2026-03-09 - hiring")
    assert meeting.path == "Meetings/2026/2026-03-09 - hiring.md" and meeting.type == "meeting"


def test_a_file_name_wins_over_another_note_s_title(vault):
    (vault / "hiring.md").write_text("---\ntype: note\ntitle: Hiring notes\n---\nPlans.\n", encoding="utf-8")
    target, conn = _open(vault)
    assert read_note(target, conn, "hiring").path == "hiring.md"
    assert read_note(target, conn, "Meetings/2026/2026-03-09 - hiring.md").type == "meeting"


def test_a_name_several_notes_answer_to_lists_them(vault):
    for name in ("Sam Okafor", "Sam Reyes"):
        (vault / "People" / f"{name}.md").write_text(f"---\ntype: person\ntitle: {name}\naliases: [Sam]\n---\n",
                                                     encoding="utf-8")
    target, conn = _open(vault)
    with pytest.raises(AmbiguousNote) as raised:
        read_note(target, conn, "Sam")
    assert raised.value.candidates == ["People/Sam Okafor.md", "People/Sam Reyes.md"]
    assert str(raised.value) == ("'Sam' could be several notes: Sam Okafor (People/Sam Okafor.md), "
                                 "Sam Reyes (People/Sam Reyes.md); give the path of the one you mean")


def test_an_unknown_name_or_a_path_out_of_the_vault_is_refused_in_one_sentence(vault, tmp_path):
    target, conn = _open(vault)
    with pytest.raises(UnknownNote, match=r"^no note is called 'Nobody Here' \(by path, file name, title or alias\)$"):
        read_note(target, conn, "Nobody Here")
    with pytest.raises(UnknownNote, match=r"^refusing \.\./vault/People/Tomás Ortega\.md: a note's path never holds"):
        read_note(target, conn, f"../{vault.name}/{TOMAS}")
    secret = tmp_path / "secret.md"
    secret.write_text("not a vault note\n", encoding="utf-8")
    (vault / TOMAS).unlink()
    (vault / TOMAS).symlink_to(secret)  # swapped for a link after the index was synced
    with pytest.raises(UnknownNote, match="leads outside the vault"):
        read_note(target, conn, "Tomás Ortega")


def test_recent_meetings_are_the_dated_ones_since_the_day_newest_first(vault):
    _, conn = _open(vault)
    meetings = recent_meetings(conn, dt.date(2026, 3, 9))
    assert [(m.date, m.title) for m in meetings] == [
        ("2026-03-11", "Project Kestrel standup"), ("2026-03-10", "Call with Quarry Labs (Nadia Petrov)"),
        ("2026-03-09", "hiring")]
    standup = (vault / meetings[0].path).read_text(encoding="utf-8")
    assert meetings[0].summary and meetings[0].summary in standup.split("## Summary\n", 1)[1]
    assert recent_meetings(conn, dt.date(2026, 3, 12)) == []
