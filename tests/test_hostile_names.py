"""Hostile names and titles (issue 20): whatever a mail, a note or a transcript calls someone, the vault stays sound.

Every case goes end to end through ingest into a temp vault and is checked on disk: files only inside the vault
and in their folders, no Windows device name, frontmatter that parses and holds the name exactly, no task line,
heading, tag, HTML or link that a name brought in, and every link resolving.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from email.header import Header
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML
from vaults import make_vault, run_ingest

from notesmith.domain import Extraction, MeetingKind, Task
from notesmith.domain.entity import Resolution
from notesmith.notes.task_line import parse_task_line
from notesmith.plan.meeting_note import MeetingHead, meeting_content
from notesmith.resolve.people_guard import clean_person_name, not_a_person
from notesmith.vault.names import distinct_file_name, numbered, safe_file_name

DEVICES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
           *(f"{port}{n}" for port in ("COM", "LPT") for n in "0123456789¹²³")}
FORBIDDEN = set('\\/:*?"<>|#^[]') | {chr(c) for c in range(32)} | {"\x7f", "\u202e", "\u202d", "\u2066", "\u200f"}
LONG = "Maximiliana Konstantinopoulou-Vandenberghe-Szczepańska-Oyelaran-Nakamura-Fitzwilliam"  # 85 bytes
HOSTILE = {
    "link-break": "Eve]] [[Admin",
    "link-inside": "Eve]] [[Admin]] [[Bob",
    "embed": "![[Secret plans]]",
    "frontmatter": "Mallory\n---\ntype: person",
    "yaml-key": "a: b",
    "yaml-flow": "{x: [1, 2]}",
    "yaml-anchor": "&anchor *alias",
    "yaml-quote": "O'Brien \"Quotes\"",
    "task": "- [ ] evil task 📅 2020-01-01",
    "tag": "#tag",
    "heading": "# Heading",
    "pipe": "Ann | Bob",
    "backticks": "```js`rm -rf`",
    "html": "<script>alert(1)</script>",
    "comment": "%% hidden %%",
    "math": "$$x$$",
    "nul": "Nul\x00Byte",
    "controls": "Bell\x07\x1b[31mRed",
    "rtl": "Ann\u202eevil.exe",
    "surrogate": "Lone\ud800Surrogate",
    "nul-device": "NUL",
    "aux-device": "aux",
    "com-device": "COM1",
    "con-extension": "con.txt",
    "lpt-device": "LPT9",
    "prn-device": "Prn",
    "traversal": "../../etc/passwd",
    "dots": "..",
    "absolute": "/etc/passwd",
    "windows-path": "C:\\x",
    "unc-path": "\\\\server\\share",
    "long": LONG + " " + LONG + " Junior",
    "only-marks": "???***",
}
MEETING_DAY = dt.date(2026, 3, 9)


def _yaml_block(values: dict) -> str:
    stream = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.dump(values, stream)
    return stream.getvalue()


def _markdown_note(name: str) -> tuple[str, bytes]:
    """A meeting note whose title and attendee are the name, and whose text names them."""
    frontmatter = _yaml_block({"title": name, "date": MEETING_DAY, "attendees": [name, "Robin Hale"]})
    body = f"# Sync\n\n## Action Items\n- {_in_text(name)} to send the budget by Friday.\n"
    return "sync.md", f"---\n{frontmatter}---\n{body}".encode()


def _mail(name: str) -> tuple[str, bytes]:
    """An e-mail from the name, as display name and subject: RFC 2047 words carry any character, and the display
    name is quoted besides, so that the address parser takes all of it."""
    quoted = Header(name.replace("\\", "\\\\").replace('"', '\\"'), "utf-8").encode()
    return "hostile.eml", (f'From: "{quoted}" <sender@hostile.example>\nTo: Robin Hale <robin.hale@bluefin.example>\n'
                           f"Subject: {Header(name, 'utf-8').encode()}\nDate: Mon, 09 Mar 2026 09:00:00 +0100\n"
                           "Message-ID: <1@hostile.example>\n\nHi Robin,\n\n"
                           "I will send the signed contract by Friday.\n\nBest regards\n").encode()


def _transcript(name: str) -> tuple[str, bytes]:
    """A WebVTT transcript with the name as one speaker's label."""
    label = _in_text(name)
    return "2026-03-09 sync.vtt", ("WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<v Robin Hale>Morning. "
                                   "Where are we on the contract?</v>\n\n00:00:06.000 --> 00:00:12.000\n"
                                   f"<v {label}>I will send the signed contract by Friday.</v>\n").encode()


def _in_text(name: str) -> str:
    """The name as a line of a text file holds it: on one line, without NUL (a file with one is binary) and
    without lone surrogates (no UTF-8 for them; only a YAML escape carries one)."""
    return " ".join(re.sub(r"[\x00\ud800-\udfff]", "", name).split())


CARRIERS = {"note": _markdown_note, "mail": _mail, "vtt": _transcript}
CASES = [pytest.param(carrier, name, id=f"{carrier}-{key}")
         for key, name in HOSTILE.items() for carrier in CARRIERS if carrier == "note" or key != "surrogate"]


@pytest.mark.parametrize(("carrier", "name"), CASES)
def test_a_hostile_name_leaves_a_sound_vault(tmp_path, carrier, name):
    vault = make_vault(tmp_path / "outer" / "vault")
    file_name, data = CARRIERS[carrier](name)
    (vault / "Inbox" / file_name).write_bytes(data)
    before = _files(vault)
    report = run_ingest(vault)
    assert [o.status for o in report.outcomes] == ["ingested"], report.outcomes
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if vault not in (p, *p.parents)) \
        == ["outer"], "nothing is written outside the vault"
    written = sorted(set(_files(vault)) - set(before))
    for path in written:
        assert Path(path).parent.as_posix() in {"People", "Organizations", "Projects", "Meetings/2026",
                                                "Sources/2026"}, path
        assert not _is_device(Path(path).name), path
        assert not FORBIDDEN & set(Path(path).stem), path
    notes = {path: (vault / path).read_text(encoding="utf-8") for path in written if not path.startswith("Sources/")}
    stems = {Path(p).stem for p in _files(vault) if p.endswith(".md")}
    tasks = sum(o.plan.tasks_proposed for o in report.outcomes)
    assert sum(_task_lines(text) for text in notes.values()) == tasks > 0
    for path, text in notes.items():
        frontmatter, body = _split(text)
        assert _problems(frontmatter, body, stems, path.startswith("Meetings/")) == [], f"{path}:\n{text}"
    if carrier != "vtt" and re.search(r"[^\W_]", name):  # a label stays a label; a sender or attendee is a person
        # a lone UTF-16 half has no UTF-8: the reader drops it, a pair becomes its character
        expected = clean_person_name(re.sub(r"[\ud800-\udfff]", "", _as_read(carrier, name)))
        person = _person_note(notes, expected)
        if not_a_person(expected):  # a device name, a label, markup: refused as a person whatever the carrier
            assert person is None, f"{expected!r} became a person note"
        else:
            assert person is not None, f"no person note titled {expected!r}: {sorted(notes)}"


def test_two_people_whose_names_start_alike_get_two_notes(tmp_path):
    vault = make_vault(tmp_path / "vault")
    first, second = f"{LONG} {LONG} Senior", f"{LONG} {LONG} Junior"
    for n, name in enumerate((first, second), start=1):
        mail = _mail(name)[1].replace(b"sender@", f"person{n}@".encode()).replace(b"<1@", f"<{n}@".encode())
        (vault / "Inbox" / f"mail{n}.eml").write_bytes(mail)
    run_ingest(vault)
    people = {_split((vault / p).read_text(encoding="utf-8"))[0]["title"]: p
              for p in _files(vault) if p.startswith("People/") and p.endswith(".md")}
    assert {first, second} <= set(people) and people[first] != people[second]
    again = make_vault(tmp_path / "again")
    (again / "Inbox" / "mail2.eml").write_bytes((vault / "Sources/2026/mail2.eml").read_bytes())
    run_ingest(again)
    assert (again / people[second]).is_file(), "the same name gets the same file on every run"


def test_a_name_that_only_looks_like_another_gets_its_own_note(tmp_path):
    vault = make_vault(tmp_path / "vault")
    # the right-to-left override shows the second as the first; to the resolver they are two people
    senders = [("Grace Adeyemi", "grace@halcyon.example"), ("Grace Ade\u202eyemi", "mallory@hostile.example")]
    for n, (name, address) in enumerate(senders, start=1):
        mail = _mail(name)[1].replace(b"sender@hostile.example", address.encode()).replace(b"<1@", f"<{n}@".encode())
        (vault / "Inbox" / f"mail{n}.eml").write_bytes(mail.replace(b"09 Mar", f"0{n} Mar".encode()))
    run_ingest(vault)
    grace, _ = _split((vault / "People/Grace Adeyemi.md").read_text(encoding="utf-8"))
    assert grace["title"] == "Grace Adeyemi" and grace["emails"] == ["grace@halcyon.example"]
    other = [_split((vault / p).read_text(encoding="utf-8"))[0] for p in _files(vault)
             if p.startswith("People/Grace Adeyemi ~")]
    assert [(o["title"], o["emails"]) for o in other] == [("Grace Ade\u202eyemi", ["mallory@hostile.example"])]


def _files(vault: Path) -> list[str]:
    return [p.relative_to(vault).as_posix() for p in vault.rglob("*")
            if p.is_file() and not p.relative_to(vault).as_posix().startswith((".git/", ".notesmith/"))]


def _is_device(file_name: str) -> bool:
    return file_name.split(".")[0].rstrip(" ").upper() in DEVICES


def _split(text: str) -> tuple[dict, list[str]]:
    assert text.startswith("---\n"), "a note starts with its frontmatter"
    block, _, body = text[4:].partition("\n---\n")
    values = YAML(typ="safe", pure=True).load(block)
    assert isinstance(values, dict), "frontmatter is one mapping"
    return values, body.split("\n")


def _as_read(carrier: str, name: str) -> str:
    """The name as the readers hand it on: spaces folded, and a mail's display name without its quotes."""
    return " ".join((name.replace('"', "") if carrier == "mail" else name).split())


def _person_note(notes: dict[str, str], name: str) -> str | None:
    return next((p for p, text in notes.items() if p.startswith("People/") and _split(text)[0]["title"] == name), None)


_TASK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[.\]")
_LINK = re.compile(r"(?<!\\)\[\[(.*?)(?<!\\)\]\]")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:\s|$)")
_TAG = re.compile(r"(?:^|\s)#[^\s#]+")
_SECTIONS = {"Summary", "Decisions", "Action Items", "Key Information", "Risks", "Open Questions", "Topics",
             "Key Facts", "Key Decisions", "Open Tasks", "Recent Context", "Key Contacts"}


def _task_lines(text: str) -> int:
    lines = [line for line in text.split("\n") if _TASK.match(line)]
    assert all(parse_task_line(line) is not None and "🆔" in line for line in lines), lines
    return len(lines)


def _problems(frontmatter: dict, body: list[str], stems: set[str], every_line: bool = True) -> list[str]:
    problems = [f"frontmatter {key}: {value!r}" for key, value in frontmatter.items()
                if key != "title" and not _link_free_or_one_link(value, stems)]
    lines = _outside_code(body)
    headings = [line for line in lines if _HEADING.match(line)]
    if [h for h in headings if h.startswith("# ")] != headings[:1] or not headings:
        problems.append(f"not one title heading first: {headings}")
    problems += [f"heading {h!r}" for h in headings[1:] if h[3:].strip() not in _SECTIONS]
    for line in lines:
        problems += _line_problems(line, stems) if every_line else _rule(line)
    return problems


def _line_problems(line: str, stems: set[str]) -> list[str]:
    problems = _rule(line)
    opened, closed = len(re.findall(r"(?<!\\)\[\[", line)), len(re.findall(r"(?<!\\)\]\]", line))
    links = _LINK.findall(line)
    if not opened == closed == len(links):
        problems.append(f"broken link syntax: {line!r}")
    problems += [f"link to no note: {t!r}" for t in links if re.split(r"[|#]", t)[0] not in stems]
    text = _LINK.sub("", line)
    problems += [f"tag {t.strip()!r} in {line!r}" for t in _TAG.findall(text) if t.strip() not in ("#task", "#proposed")]
    for pattern, what in ((r"(?<!\\)<[A-Za-z/!]", "HTML"), (r"(?<!\\)`", "code span"), (r"(?<!\\)%%", "comment"),
                          (r"(?<!\\)\$\$", "math"), (r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", "control")):
        if re.search(pattern, text):
            problems.append(f"{what} in {line!r}")
    return problems


def _rule(line: str) -> list[str]:
    return [f"rule or setext heading: {line!r}"] if re.fullmatch(r" {0,3}(-{3,}|={3,}|\*{3,})\s*", line) else []


def _link_free_or_one_link(value, stems: set[str]) -> bool:
    if isinstance(value, list):
        return all(_link_free_or_one_link(v, stems) for v in value)
    if not isinstance(value, str) or "[[" not in value and "]]" not in value:
        return True
    link = re.fullmatch(r"\[\[([^\[\]|#]+)(?:\|[^\[\]]*)?\]\]", value)
    return bool(link) and link.group(1) in stems


def _outside_code(lines: list[str]) -> list[str]:
    """Lines outside fenced blocks (an entity note's Tasks query)."""
    kept, fenced = [], False
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced:
            kept.append(line)
    return kept


# --- safe_file_name and distinct_file_name, property by property ---

ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=()), max_size=300)  # lone surrogates too
DEVICE_NAMES = st.builds(lambda device, case, rest: "".join(c.lower() if flip else c for c, flip in zip(device, case))
                         + rest, st.sampled_from(sorted(DEVICES)), st.lists(st.booleans(), min_size=7, max_size=7),
                         st.sampled_from(["", ".md", ".txt", " .x", ".tar.gz", "  ", "."]))
TITLES = st.one_of(ANY_TEXT, DEVICE_NAMES)
SAFE_LETTERS = st.text(alphabet="aAzZ09é-_'ß", min_size=1, max_size=260)  # characters kept as they are


@given(TITLES)
def test_a_safe_file_name_is_always_a_file_name_every_system_takes(title):
    for name in (safe_file_name(title), distinct_file_name(title)):
        assert name and not FORBIDDEN & set(name) and not _is_device(name) and not _is_device(f"{name}.md")
        assert len(name.encode("utf-8")) <= 100 and not name.endswith((".", " ")) and not name.startswith((".", " "))
        assert unicodedata.is_normalized("NFC", name)
    assert safe_file_name(safe_file_name(title)) == safe_file_name(title), "doctor: a safe name stays as it is"
    assert safe_file_name(distinct_file_name(title)) == distinct_file_name(title)


@given(SAFE_LETTERS, SAFE_LETTERS)
def test_different_names_of_kept_characters_keep_different_file_names(a, b):
    if a != b:
        assert safe_file_name(a) != safe_file_name(b)


@given(st.text(alphabet="abc é", min_size=101, max_size=140), TITLES, TITLES)
def test_long_names_that_start_alike_keep_different_file_names(start, a, b):
    first, second = start + a, start + b
    if first != second:
        assert safe_file_name(first) != safe_file_name(second)
        assert distinct_file_name(first) != distinct_file_name(second)


@given(TITLES, TITLES)
def test_two_entity_names_share_a_file_only_when_they_differ_in_spacing_form_or_edge_dots(a, b):
    def plain(name: str) -> str:
        return " ".join(unicodedata.normalize("NFC", name).split()).strip(". ")

    if plain(a) != plain(b):
        assert distinct_file_name(a) != distinct_file_name(b)


def test_file_names_for_devices_long_and_altered_names():
    assert [safe_file_name(n) for n in ("NUL", "aux.txt", "Com1.tar.gz", "LPT9", "CON .x", "NULL", "Console")] == \
        ["NUL_", "aux_.txt", "Com1_.tar.gz", "LPT9_", "CON_ .x", "NULL", "Console"]
    # the hash is pinned: the same name must find the same note on every run and machine
    assert safe_file_name("x" * 120) == "x" * 90 + " ~q42m5jsc"
    assert distinct_file_name("Eve]] [[Admin") == "Eve Admin ~pyi7srlf"
    assert distinct_file_name("Tomás Ortega") == "Tomás Ortega" and distinct_file_name("Acme Inc.") == "Acme Inc"
    assert distinct_file_name("Eve Admin ~pyi7srlf") != "Eve Admin ~pyi7srlf", "no name can take a hashed one's note"


@given(TITLES, st.integers(min_value=2, max_value=10_000))
def test_a_numbered_name_is_no_device_and_fits(title, n):
    name = numbered(safe_file_name(title), n)
    assert not _is_device(f"{name}.md") and len(name.encode("utf-8")) <= 100 and name.endswith(f" ({n})")
    assert not _is_device(numbered("nul.tar", n) + ".gz")


@pytest.mark.parametrize("key", ["link-inside", "tag", "html", "backticks", "comment"])
def test_an_entity_note_shows_a_hostile_name_as_text(tmp_path, key):
    vault = make_vault(tmp_path / "vault")
    (vault / "Inbox" / "hostile.eml").write_bytes(_mail(HOSTILE[key])[1])
    run_ingest(vault)
    stems = {Path(p).stem for p in _files(vault) if p.endswith(".md")}
    for path in (p for p in _files(vault) if p.startswith("People/") and p.endswith(".md")):
        frontmatter, body = _split((vault / path).read_text(encoding="utf-8"))
        assert _problems(frontmatter, body, stems) == [], path


@pytest.mark.parametrize("file_name", ["NUL.eml", "aux.tar.eml", "[[x]] #y.eml"])
def test_a_source_named_like_a_device_or_a_link_is_archived_under_a_safe_name(tmp_path, file_name):
    vault = make_vault(tmp_path / "vault")
    (vault / "Inbox" / file_name).write_bytes(_mail("Eve Admin")[1])
    run_ingest(vault)
    archived = [Path(p).name for p in _files(vault) if p.startswith("Sources/2026/")]
    assert len(archived) == 1 and not _is_device(archived[0]) and not FORBIDDEN & set(archived[0])


def test_an_owner_left_as_text_brings_no_task_field_link_or_tag():
    owner = "Evil 📅 2020-01-01 #urgent [[Admin]]"
    extraction = Extraction(source_id="s1", extractor="rules", kind=MeetingKind.internal, participants=[],
                            tasks=[Task(text="Send the budget", owner=owner)])
    line, = meeting_content(extraction, Resolution(), MeetingHead("m1", "Sync", dt.date(2026, 3, 9)),
                            lambda name: None).sections["Action Items"]
    task = parse_task_line(line)
    assert task is not None and task.due is None and task.text.startswith("Send the budget"), line
    assert not _line_problems(line, set()), line
