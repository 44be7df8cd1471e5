"""The Obsidian note format (notesmith.notes): a task line reads back as the task written whatever its words say,
the status table is the one the Obsidian Tasks plugin reads, and every reader of frontmatter sees the same values
within the same limits."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML
from vaults import make_vault, run_ingest

from notesmith.domain import Priority, Task, TaskStatus
from notesmith.index.note_rows import read_note_rows
from notesmith.notes.frontmatter import (
    FrontmatterError,
    copy_editable,
    dump_frontmatter,
    load_editable,
    load_frontmatter,
)
from notesmith.notes.markdown import NoteError, parse_note
from notesmith.notes.statuses import STATUSES
from notesmith.notes.task_line import (
    created_of,
    parse_task_line,
    render_task_line,
    task_id_of,
)

TASKS_PLUGIN = Path(__file__).resolve().parents[2] / "shared" / "obsidian-tasks" / "run.sh"
DATES = st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31))
NAMES = st.lists(st.from_regex(r"[A-Z][a-zà-ÿ'’-]{1,9}", fullmatch=True), min_size=1, max_size=3).map(" ".join)
# words as people write them: letters, figures, punctuation, no markup (links, tags, fields, owners)
PLAIN_TEXT = st.lists(st.from_regex(r"[A-Za-zÀ-ÿ0-9$€%.,;:!?'’()/-]{1,12}", fullmatch=True), min_size=1,
                      max_size=12).map(" ".join)
TASK_IDS = st.from_regex(r"[a-z0-9]{6}", fullmatch=True)


def _done_date(status: TaskStatus, done: dt.date | None) -> dt.date | None:
    return done if status is TaskStatus.done else None


@given(text=PLAIN_TEXT, owner=NAMES, due=st.none() | DATES, done=st.none() | DATES, created=st.none() | DATES,
       priority=st.none() | st.sampled_from(Priority), status=st.sampled_from(TaskStatus), task_id=TASK_IDS)
def test_a_task_line_reads_back_as_the_task_written(text, owner, due, done, created, priority, status, task_id):
    task = Task(text=text, owner=owner, due=due, priority=priority, status=status, done_date=done)
    line = render_task_line(task, task_id, f"[[{owner}]]", created)
    assert parse_task_line(line) == task.model_copy(update={"done_date": _done_date(status, done)}), line
    assert (task_id_of(line), created_of(line)) == (task_id, created.isoformat() if created else None)


@given(text=st.text(max_size=120), owner=NAMES, due=st.none() | DATES, done=st.none() | DATES,
       priority=st.none() | st.sampled_from(Priority), status=st.sampled_from(TaskStatus))
def test_whatever_its_words_say_a_task_line_carries_only_the_tasks_own_fields_and_owner(
        text, owner, due, done, priority, status):
    task = Task(text=text, due=due, priority=priority, status=status, done_date=done)
    line = render_task_line(task, "own1d", f"[[{owner}]]", None)
    assert "\n" not in line
    back = parse_task_line(line)
    if back is not None:  # words that are all markup leave no description, and no task
        assert (back.owner, back.due, back.priority, back.status, back.done_date) == (
            owner, due, priority, status, _done_date(status, done)), line
    assert (task_id_of(line), created_of(line)) == ("own1d", None)


def test_a_task_whose_words_link_someone_is_still_owned_by_its_owner():
    line = render_task_line(Task(text="Ask @[[Eve Marsh]] for the keys"), "k3y5ab", "[[Dana Whitfield]]", None)
    assert parse_task_line(line).owner == "Dana Whitfield", line


@pytest.mark.skipif(shutil.which("node") is None or not TASKS_PLUGIN.exists(),
                    reason="the Obsidian Tasks plugin runner (node, ../shared/obsidian-tasks) is not on this machine")
def test_obsidian_tasks_reads_every_status_and_field_as_notesmith_writes_them(tmp_path):
    settings = tmp_path / ".obsidian" / "plugins" / "obsidian-tasks-plugin" / "data.json"
    settings.parent.mkdir(parents=True)
    core = [s for s in STATUSES if s.symbol in (" ", "x")]
    settings.write_text(json.dumps({"statusSettings": {
        "coreStatuses": [s.as_tasks_setting() for s in core],
        "customStatuses": [s.as_tasks_setting() for s in STATUSES if s not in core]}}), encoding="utf-8")
    rng = random.Random(22)
    written = []
    for n in range(200):
        spec = STATUSES[n % len(STATUSES)]
        task = Task(text=rng.choice(["Send the deck", "Book 3 rooms for Q3", "Review the €40K offer (v2)"]),
                    due=rng.choice([None, dt.date(2026, 3, rng.randint(1, 31))]),
                    priority=rng.choice([None, *Priority]), status=spec.status,
                    done_date=rng.choice([None, dt.date(2026, 2, rng.randint(1, 28))]))
        created = rng.choice([None, dt.date(2026, 1, rng.randint(1, 31))])
        written.append((spec, task, created, render_task_line(task, f"t{n:05d}", "[[Dana Whitfield]]", created)))
    (tmp_path / "Meetings").mkdir()
    (tmp_path / "Meetings" / "2026-03-01 - Sync.md").write_text(
        "# Sync\n\n## Action Items\n" + "\n".join(line for *_, line in written) + "\n", encoding="utf-8")
    run = subprocess.run([str(TASKS_PLUGIN), str(tmp_path), "--json"], capture_output=True, text=True, check=True,
                         timeout=120)
    report = json.loads(run.stdout)
    assert (report["lines"], report["mismatches"]) == (len(written), 0)
    for (spec, task, created, line), read in zip(written, report["results"], strict=True):
        parsed = read["parse"]
        assert parsed["status"] == f"{spec.symbol}|{spec.name}|{spec.type}", line
        assert read["afterClick"][0].startswith(f"- [{spec.next_symbol}] "), line
        assert (parsed["due"], parsed["created"], parsed["done"]) == (
            _iso(task.due), _iso(created), _iso(_done_date(task.status, task.done_date))), line
        assert parsed["priority"] == (task.priority.value.capitalize() if task.priority else "None"), line
        assert parsed["id"] == task_id_of(line) and read["problems"] == [], line


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


# --- frontmatter ----------------------------------------------------------------------------------------------

# plain scalars YAML 1.1 and 1.2 read differently, and ones both read alike
SCALARS = st.one_of(
    st.sampled_from(["yes", "No", "on", "OFF", "y", "010", "0o17", "0x1F", "1_000", "12:30", "1:20:30", "1e3",
                     "-.5", ".inf", ".NaN", "~", "null", "true", "False", "2026-03-05", "2026-3-5", "=", "+12",
                     "0b101", "1.", "Robin Hale", "[[Dana Whitfield]]", "2026-13-45"]),
    st.from_regex(r"[0-9a-zA-Z.:_+-]{1,10}", fullmatch=True),
)


@given(st.dictionaries(st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True), SCALARS | st.lists(SCALARS, max_size=3),
                       min_size=1, max_size=6))
def test_frontmatter_values_are_what_yaml_1_2_says_as_the_round_trip_reads_them(values):
    block = "".join(f"{key}: [{', '.join(value)}]\n" if isinstance(value, list) else f"{key}: {value}\n"
                    for key, value in values.items())
    try:
        expected = YAML(typ="safe", pure=True).load(io.StringIO(block))
    except Exception:  # noqa: BLE001 - whatever the reference refuses, the loader refuses too
        with pytest.raises(FrontmatterError):
            load_frontmatter(block)
        return
    assert _typed(load_frontmatter(block)) == _typed(expected), block


def _typed(value):
    """Values with their types, NaN made comparable: `1` and `True` and `1.0` differ, as they do in a note."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, "nan" if value != value else value)


# strings near the shapes the frontmatter writer decides itself (plain, a quoted link) and just past them
WRITTEN_STRINGS = SCALARS | st.from_regex(r"(\[\[)?[0-9a-zA-Z_./()|:#' -]{1,14}(\]\])?", fullmatch=True) | st.sampled_from(
    ["x" * 200, "x" * 201, "[[" + "a " * 98 + "]]", "2e8cd5578f95b691", "2e81234", "0b1011", "Sources/2025/a b.txt",
     "a  b", "a b ", " a", "[[it's]]", "[[a]] b", "- a", "a #b", "a: b", "Yes", "NULL"])


@given(st.lists(WRITTEN_STRINGS, min_size=1, max_size=4))
def test_frontmatter_strings_are_written_as_ruamel_writes_them(values):
    from ruamel.yaml.comments import CommentedMap

    from notesmith.notes.frontmatter import block_list, dump_frontmatter

    mapping = CommentedMap([("title", values[0]), ("aliases", block_list(values))])
    reference = YAML(typ="rt", pure=True)
    reference.width = 4096
    reference.indent(mapping=2, sequence=2, offset=0)
    stream = io.StringIO()
    reference.dump(mapping, stream)
    assert dump_frontmatter(mapping) == stream.getvalue()


def test_the_index_reads_a_notes_properties_as_the_round_trip_does():
    text = "---\ntype: project\ntitle: Kestrel\nstatus: off\ncode: 010\nstarted: 12:30\n---\n# Kestrel\n"
    indexed = read_note_rows("Projects/Kestrel.md", text).frontmatter
    edited = parse_note(text).frontmatter
    assert indexed["status"] == edited["status"] == "off"
    assert indexed["code"] == edited["code"] == 10 and indexed["started"] == edited["started"] == "12:30"


def test_a_duplicate_property_is_refused_by_every_reader():
    text = "---\ntype: person\ntitle: Ada\ntitle: Eve\n---\n# Ada\n"
    assert "invalid YAML frontmatter" in read_note_rows("People/Ada.md", text).error
    with pytest.raises(NoteError):
        parse_note(text)


def test_frontmatter_nested_deeper_than_the_limit_on_one_line_is_refused_by_every_reader(tmp_path):
    """`- - - … x` nests once per dash with no indentation and no bracket: the round trip once recursed on it."""
    hostile = "---\n" + "- " * 3000 + "x\n---\n# Project Kestrel\n\nmine\n"
    assert "nested deeper" in read_note_rows("Projects/Project Kestrel.md", hostile).error
    with pytest.raises(FrontmatterError, match="nested deeper"):
        load_frontmatter(hostile.split("---\n")[1])
    vault = make_vault(tmp_path / "v", [EXAMPLES / "kestrel-standup.txt"])
    (vault / "Projects").mkdir(exist_ok=True)
    (vault / "Projects" / "Project Kestrel.md").write_text(hostile, encoding="utf-8")
    report = run_ingest(vault)
    assert report.count("ingested") == 1
    assert (vault / "Projects" / "Project Kestrel.md").read_text(encoding="utf-8") == hostile


def test_a_frontmatter_copy_is_what_deepcopy_makes_of_it():
    block = ("# kept\ntype: person  # a comment\naliases: [Mo, 'M. O.']\nemails:\n- mo@example.com\n"
             "first_seen: 2026-03-02\nnested:\n  a: {b: [1, 2.5, true, null]}\n")
    values = load_editable(block)
    written = dump_frontmatter(values)
    copied, deep = copy_editable(values), copy.deepcopy(values)
    assert dump_frontmatter(copied) == dump_frontmatter(deep) == written
    assert "# a comment" in written
    copied["aliases"].append("Mo O.")
    copied["nested"]["a"]["b"].append(3)
    assert dump_frontmatter(values) == written  # the copy shares nothing that changes
    deep["aliases"].append("Mo O.")
    deep["nested"]["a"]["b"].append(3)
    assert dump_frontmatter(copied) == dump_frontmatter(deep)
