"""Safe file names, markdown round-trips, task lines and merge rules: the pieces every written note relies on."""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from notesmith.domain import Priority, Task, TaskStatus
from notesmith.notes.frontmatter import (
    _dumped,
    _plain_block,
    block_list,
    dump_frontmatter,
    load_editable,
    written_block,
)
from notesmith.notes.markdown import parse_note, render_note, set_section_lines
from notesmith.notes.task_line import parse_task_line, render_task_line
from notesmith.plan.merge import line_key, merge_lines
from notesmith.vault.ledger import line_hash
from notesmith.vault.names import safe_file_name

FORBIDDEN = set('\\/:*?"<>|#^[]')


@given(st.text(max_size=300))
def test_safe_file_names_are_always_safe(title):
    name = safe_file_name(title)
    assert name and not (FORBIDDEN & set(name))
    assert len(name.encode("utf-8")) <= 100 and not name.endswith((".", " ")) and not name.startswith(".")


def test_safe_file_name_keeps_what_it_can():
    assert safe_file_name("1:1 — Tomás / Mei [draft]?") == "1-1 — Tomás - Mei draft"
    assert safe_file_name("..") == "untitled"
    assert len(safe_file_name("é" * 80).encode()) == 100


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_a_note_body_round_trips_byte_for_byte(body):
    if body.startswith("---"):
        body = "x" + body
    assert render_note(parse_note(body)) == body


def test_frontmatter_keeps_key_order_and_comments():
    text = "---\ntitle: Robin Hale  # the owner\ntype: person\naliases: [Robin]\n---\n# Robin Hale\n"
    assert render_note(parse_note(text)) == text


def test_frontmatter_a_person_wrote_keeps_its_bytes_when_only_a_date_moves():
    text = ("---\ntype:   person   # spacing ruamel would not keep\nlast_contact: 2026-03-02\n"
            "aliases: [ 'Robin' ,  Bob ]\nfirst_seen: 2026-03-02\n---\n# Robin Hale\n")
    doc = parse_note(text)
    assert render_note(doc) == text
    doc.frontmatter["last_contact"] = dt.date(2026, 4, 1)
    assert render_note(doc) == text.replace("last_contact: 2026-03-02", "last_contact: 2026-04-01")
    doc.frontmatter["aliases"].append("Rob")
    rewritten = render_note(doc)
    assert "last_contact: 2026-04-01" in rewritten
    assert parse_note(rewritten).frontmatter["aliases"] == ["Robin", "Bob", "Rob"]


_SCALARS = st.one_of(st.text(max_size=60), st.integers(), st.dates(), st.sampled_from(
    ["yes", "no", "null", "~", "1e5", "0123", "[[Robin Hale]]", "a: b", "#tag", "- x", "@me", "'q'", '"q"', "x  "]))
_KEYS = st.one_of(st.from_regex(r"[a-z_][a-z0-9_-]{0,10}", fullmatch=True), st.text(min_size=1, max_size=12))
_VALUES = st.one_of(_SCALARS, st.lists(_SCALARS, max_size=4), st.dictionaries(
    _KEYS, st.one_of(_SCALARS, st.lists(_SCALARS, max_size=3)), min_size=1, max_size=3))


def _mapping_of(values: dict) -> CommentedMap:
    """The frontmatter as notesmith builds it: lists in block style, mappings inside."""
    mapping = CommentedMap()
    for key, value in values.items():
        if isinstance(value, list):
            mapping[key] = block_list(value)
        elif isinstance(value, dict):
            mapping[key] = CommentedMap((k, block_list(v) if isinstance(v, list) else v) for k, v in value.items())
        else:
            mapping[key] = value
    return mapping


@given(st.dictionaries(_KEYS, _VALUES, max_size=8))
def test_frontmatter_laid_out_without_ruamel_is_what_ruamel_writes(values):
    mapping = _mapping_of(values)
    plain = _plain_block(mapping)
    if plain is not None:
        assert plain == _dumped(mapping)


def _same_values(read, written) -> bool:
    """Equal, and of the same types all the way down (a date is no string, a list no mapping)."""
    if isinstance(written, dict):
        return type(read) is type(written) and list(read) == list(written) and all(
            _same_values(read[k], written[k]) for k in written)
    if isinstance(written, list):
        return type(read) is type(written) and len(read) == len(written) and all(map(_same_values, read, written))
    return type(read) is type(written) and read == written


@given(st.dictionaries(_KEYS, _VALUES, max_size=8))
@example({"count": 0, "tags": ["x"]})  # ruamel reads 0 back as its own ScalarInt, not as int
def test_a_block_remembered_as_written_reads_back_as_what_was_written(values):
    mapping = _mapping_of(values)
    block, rereadable = written_block(mapping)
    if not rereadable:
        return
    read = load_editable(block)
    assert block == _plain_block(mapping) and _same_values(read, mapping)
    for changed in (read, mapping):  # a later change is written alike from either
        changed["added"] = block_list(["x"])
        for value in changed.values():
            if isinstance(value, list):
                value.append("[[Mei Chen]]")
    assert dump_frontmatter(read) == dump_frontmatter(mapping)


def test_frontmatter_of_a_new_meeting_note_is_laid_out_without_ruamel():
    mapping = CommentedMap([("type", "meeting"), ("title", "1:1 — Tomás: restore"), ("date", dt.date(2026, 3, 2)),
                            ("participants", block_list(["[[Tomás Ortega]]"])), ("sources", CommentedSeq()),
                            ("notesmith", CommentedMap([("id", "0123"), ("schema", 1)]))])
    assert _plain_block(mapping) == _dumped(mapping)
    assert _plain_block(parse_note("---\ntype: person # mine\n---\n").frontmatter) is None, "comments: ruamel writes"


def test_a_parsed_note_is_its_own_copy():
    text = "---\ntype: person\naliases:\n- Robin\n---\n# Robin Hale\n"
    first = parse_note(text)
    first.frontmatter["aliases"].append("Bob")
    assert parse_note(text).frontmatter["aliases"] == ["Robin"]


def test_new_section_goes_in_its_place_and_human_sections_stay():
    doc = parse_note("# M\n\n## Decisions\n- d\n\n## Notes\nmine\n")
    set_section_lines(doc, "Summary", ["Short."], ["Summary", "Decisions", "Action Items"])
    set_section_lines(doc, "Action Items", ["- [?] t"], ["Summary", "Decisions", "Action Items"])
    assert render_note(doc) == "# M\n\n## Summary\nShort.\n\n## Decisions\n- d\n\n## Action Items\n- [?] t\n\n## Notes\nmine\n"


def test_task_line_fields_in_obsidian_tasks_order_and_read_back():
    task = Task(text="Send the deck", owner="Dana", due=dt.date(2025, 10, 10), priority=Priority.high)
    line = render_task_line(task, "t7k2mq", "[[Dana Whitfield]]", dt.date(2025, 10, 6))
    assert line == "- [?] Send the deck @[[Dana Whitfield]] 🆔 t7k2mq ⏫ ➕ 2025-10-06 📅 2025-10-10 #task #proposed"
    back = parse_task_line(line)
    assert back.owner == "Dana Whitfield" and back.due == dt.date(2025, 10, 10) and back.status is TaskStatus.proposed
    done = Task(text="Book travel 📅 soon", status=TaskStatus.done, done_date=dt.date(2025, 10, 8))
    assert render_task_line(done, "abc123", None, None) == "- [x] Book travel soon 🆔 abc123 ✅ 2025-10-08 #task"


def test_merge_keeps_existing_lines_skips_duplicates_and_tombstones():
    existing = ["- Offer deadline is 2025-10-08. ([[a|2025-10-06]])", "- my own line"]
    candidates = ["- Offer deadline is 2025-10-08. ([[b|2025-10-07]])", "- Deleted by the person. ([[b|2025-10-07]])",
                  "- A new fact. ([[b|2025-10-07]])"]
    emitted = {line_hash(line_key(candidates[1]))}
    lines, written = merge_lines(existing, candidates, emitted, group_updates=True)
    assert lines == ["- Offer deadline is 2025-10-08. ([[a|2025-10-06]], [[b|2025-10-07]])", "- my own line",
                     "- A new fact. ([[b|2025-10-07]])"]
    assert written == ["- A new fact. ([[b|2025-10-07]])"]


def test_a_task_is_found_again_by_its_id_whatever_its_status():
    lines, written = merge_lines(["- [x] Done it 🆔 abc123 ✅ 2025-10-08 #task"],
                                 ["- [?] Do it 🆔 abc123 #task #proposed"], set())
    assert lines == ["- [x] Done it 🆔 abc123 ✅ 2025-10-08 #task"] and written == []
