"""What a vault looks like in Obsidian with the Tasks plugin: the TASKS.md queries run by the plugin's own engine
(JavaScript off, archive left out), the statuses merged into a user's Tasks settings, the CSS snippet, and the
doctor fixes for what a click in Obsidian leaves behind."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from test_cli import notesmith
from vaults import tree_hashes

from notesmith.vault.scaffold import merge_tasks_settings

HARNESS = Path(__file__).resolve().parents[2] / "shared" / "obsidian-tasks" / "run.sh"
needs_node = pytest.mark.skipif(shutil.which("node") is None or not HARNESS.is_file(),
                                reason="node or the Obsidian Tasks harness (../shared/obsidian-tasks) is missing")
SETTINGS = ".obsidian/plugins/obsidian-tasks-plugin/data.json"
APPEARANCE = ".obsidian/appearance.json"
SNIPPET_FILE = ".obsidian/snippets/notesmith-tasks.css"


def status(symbol, name, next_symbol, kind):
    return {"symbol": symbol, "name": name, "nextStatusSymbol": next_symbol, "availableAsCommand": True, "type": kind}


# settings as Tasks 8.3 saves them once a person has opened its settings: its defaults and one status of their own
USER_SETTINGS = {
    "presets": {"this_file": "path includes {{query.file.path}}"},
    "globalQuery": "",
    "globalFilter": "",
    "setCreatedDate": True,
    "statusSettings": {
        "coreStatuses": [status(" ", "Todo", "x", "TODO"), status("x", "Done", " ", "DONE")],
        "customStatuses": [status("/", "In Progress", "x", "IN_PROGRESS"), status("-", "Cancelled", " ", "CANCELLED"),
                           status("!", "Important", "x", "TODO")],
    },
    "features": {"INTERNAL_TESTING_ENABLED_BY_DEFAULT": True},
}
# what notesmith init wrote before it knew the key Tasks reads (`availableAsCommand`)
EARLIER_NOTESMITH_SETTINGS = json.dumps({"statusSettings": {
    "coreStatuses": [
        {"symbol": " ", "name": "Todo", "nextStatusSymbol": "x", "type": "TODO", "availableAsInitialStatus": True},
        {"symbol": "x", "name": "Done", "nextStatusSymbol": " ", "type": "DONE", "availableAsInitialStatus": True}],
    "customStatuses": [
        {"symbol": "/", "name": "In Progress", "nextStatusSymbol": "x", "type": "IN_PROGRESS",
         "availableAsInitialStatus": True},
        {"symbol": "?", "name": "Proposed", "nextStatusSymbol": " ", "type": "TODO", "availableAsInitialStatus": True},
        {"symbol": "-", "name": "Rejected", "nextStatusSymbol": " ", "type": "CANCELLED",
         "availableAsInitialStatus": True}]}}, indent=2) + "\n"
EARLIER_DASHBOARD = """# Tasks

Everything here is a query (Obsidian Tasks plugin); the tasks themselves live in the meeting notes.
Accept a proposal by changing `[?]` to `[ ]`, reject it with `[-]`.

## Proposed

```tasks
filter by function task.status.symbol === '?'
sort by created
```

## Open, by due date

```tasks
not done
filter by function task.status.symbol !== '?'
sort by due
```

## Overdue

```tasks
not done
due before today
filter by function task.status.symbol !== '?'
sort by due
```

## Done recently

```tasks
done after 14 days ago
sort by done reverse
```
"""


def tasks_plugin(vault: Path) -> dict:
    """What the Obsidian Tasks plugin's own code makes of the vault (its parser and query engine)."""
    result = subprocess.run([str(HARNESS), str(vault), "--json"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def dashboard_hits(vault: Path, report: dict, javascript: bool = False) -> dict[str, set[tuple[str, int]]]:
    """Each TASKS.md query by the heading above it: the (note, line) of every task it shows. An error fails."""
    lines = (vault / "TASKS.md").read_text(encoding="utf-8").split("\n")
    hits = {}
    for query in report["queries"]:
        if query["file"] != "TASKS.md" or query["js"] is not javascript:
            continue
        assert "error" not in query, f"{query['source']}: {query['error']}"
        heading = next(line for line in reversed(lines[:query["line"]]) if line.startswith("## "))
        hits[heading.removeprefix("## ")] = {_where(match) for match in query["matches"]}
    return hits


def _where(match: str) -> tuple[str, int]:
    path, line = re.match(r"^(.*):(\d+) \[", match).groups()
    return path, int(line)


def task_lines(vault: Path) -> list[tuple[str, int, str, str | None, str | None]]:
    """(note, line, symbol, due, done) of every task line in the notes (inputs and code blocks left out)."""
    found = []
    for note in sorted(vault.rglob("*.md")):
        relative = note.relative_to(vault).as_posix()
        if relative.startswith(("Sources/", "Inbox/", ".")):
            continue
        fenced = False
        for number, line in enumerate(note.read_text(encoding="utf-8").split("\n"), start=1):
            if line.lstrip().startswith("```"):
                fenced = not fenced
            task = re.match(r"^\s*- \[(.)\] ", line)
            if task and not fenced:
                due, done = re.search(r"📅 (\S+)", line), re.search(r"✅ (\S+)", line)
                found.append((relative, number, task.group(1), due and due.group(1), done and done.group(1)))
    return found


def expected_dashboard(vault: Path, today: dt.date) -> dict[str, set[tuple[str, int]]]:
    """What each TASKS.md query should show, worked out from the task lines themselves."""
    tasks = task_lines(vault)
    recent = (today - dt.timedelta(days=14)).isoformat()
    return {
        "Proposed": {(p, n) for p, n, symbol, _, _ in tasks if symbol == "?"},
        "Open, by due date": {(p, n) for p, n, symbol, _, _ in tasks if symbol in " /"},
        "Overdue": {(p, n) for p, n, symbol, due, _ in tasks if symbol in " /" and due and due < today.isoformat()},
        "Done recently": {(p, n) for p, n, symbol, _, done in tasks if symbol in "xX" and done and done > recent},
    }


def heron_lines(today: dt.date) -> str:
    """One task of every kind the dashboard tells apart."""
    return (f"- [ ] Book the venue 🆔 hr0001 📅 2020-01-02 #task\n"
            f"- [/] Draft the agenda 🆔 hr0002 📅 2099-01-01 #task\n"
            f"- [x] Send the invite 🆔 hr0003 ✅ {today - dt.timedelta(days=2)} #task\n"
            f"- [x] Archive the old slides 🆔 hr0004 ✅ 2020-01-01 #task\n"
            f"- [-] Hire a band 🆔 hr0005 #task\n"
            f"- [?] Order coffee 🆔 hr0006 📅 2020-01-03 #task #proposed\n")


def meeting(title: str, body: str) -> str:
    return f"---\ntype: meeting\ntitle: {title}\ndate: 2026-05-04\n---\n# {title}\n\n## Action Items\n{body}"


def utc_today() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()  # the harness runs the plugin with TZ=UTC


@pytest.fixture(scope="module")
def demo_vault(tmp_path_factory) -> Path:
    """The demo vault, plus a meeting with every kind of task, and an archived input and an Inbox file with task
    lines of their own (which no query may show)."""
    root = tmp_path_factory.mktemp("obsidian") / "demo"
    assert notesmith("demo", "--out", str(root), "--json", cwd=root.parent).returncode == 0
    today = utc_today()
    (root / "Meetings/2026/2026-05-04 - Heron review.md").write_text(
        meeting("Heron review", heron_lines(today)), encoding="utf-8")
    (root / "Sources/2026/heron-notes.md").write_text("# Heron notes\n\n" + heron_lines(today), encoding="utf-8")
    (root / "Inbox/heron-draft.md").write_text(heron_lines(today), encoding="utf-8")
    return root


@needs_node
def test_every_dashboard_query_works_without_javascript_and_leaves_the_inputs_out(demo_vault):
    report = tasks_plugin(demo_vault)
    expected = expected_dashboard(demo_vault, utc_today())
    assert dashboard_hits(demo_vault, report) == expected
    assert dashboard_hits(demo_vault, report, javascript=True) == expected
    assert len(expected["Proposed"]) > 5 and all(expected.values()), "every query has something to show"
    assert "filter by function" not in (demo_vault / "TASKS.md").read_text(encoding="utf-8")


@needs_node
def test_an_entity_notes_open_tasks_are_its_accepted_unfinished_tasks_and_never_an_inputs(demo_vault):
    report = tasks_plugin(demo_vault)
    lines = {(path, number): (symbol, done) for path, number, symbol, _, done in task_lines(demo_vault)}
    queries = [q for q in report["queries"] if q["file"].startswith("People/") and not q["js"]]
    assert queries, "the demo's people have Open Tasks queries"
    for query in queries:
        assert "error" not in query, f"{query['source']}: {query['error']}"
        name = (demo_vault / query["file"]).stem
        shown = {_where(match) for match in query["matches"]}
        expected = {where for where, (symbol, _) in lines.items() if symbol in " /"
                    and name in (demo_vault / where[0]).read_text(encoding="utf-8").split("\n")[where[1] - 1]}
        assert shown == expected, query["file"]
    assert any(q["matches"] for q in queries)


@needs_node
def test_a_click_on_a_proposal_accepts_it_and_no_status_is_unknown(demo_vault):
    report = tasks_plugin(demo_vault)
    notes = [r for r in report["results"] if not r["archived"]]
    assert notes and not [r for r in notes if any("not registered" in p for p in r["problems"])]
    proposals = [r for r in notes if r["text"].startswith("- [?] ")]
    after_click = [r["afterClick"] for r in proposals]
    assert proposals and all(len(a) == 1 and a[0].startswith("- [ ] ") and "✅" not in a[0] for a in after_click)
    rejected = next(r for r in notes if r["text"].startswith("- [-] "))
    assert rejected["parse"]["status"] == "-|Rejected|CANCELLED"


@needs_node
def test_the_dashboard_leaves_out_the_input_folders_the_config_names(tmp_path):
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / "notesmith.toml").write_text('[paths]\nsources = "Archive/Old (2024)"\ninbox = "Drop+box"\n'
                                          'failed = "Failed"\n', encoding="utf-8")
    assert notesmith("init", str(vault)).returncode == 0
    for folder in ("Meetings", "Archive/Old (2024)", "Drop+box", "Failed", "Sources"):
        (vault / folder).mkdir(parents=True, exist_ok=True)
        (vault / folder / "heron.md").write_text(meeting("Heron review", heron_lines(utc_today())), encoding="utf-8")
    hits = dashboard_hits(vault, tasks_plugin(vault))
    assert {path for path, _ in hits["Proposed"]} == {"Meetings/heron.md", "Sources/heron.md"}, \
        "Sources/ is an ordinary folder in this vault"


def test_a_new_vault_gets_statuses_tasks_reads_the_snippet_and_it_enabled(tmp_path):
    vault = tmp_path / "v"
    assert notesmith("init", str(vault)).returncode == 0
    settings = json.loads((vault / SETTINGS).read_text(encoding="utf-8"))["statusSettings"]
    assert settings["customStatuses"] == [status("/", "In Progress", "x", "IN_PROGRESS"),
                                          status("?", "Proposed", " ", "TODO"),
                                          status("-", "Rejected", " ", "CANCELLED")]
    assert [s["symbol"] for s in settings["coreStatuses"]] == [" ", "x"]
    assert json.loads((vault / APPEARANCE).read_text(encoding="utf-8")) == {"enabledCssSnippets": ["notesmith-tasks"]}
    css = (vault / SNIPPET_FILE).read_text(encoding="utf-8")
    assert 'input[data-task="?"]' in css and 'li[data-task="-"] > input' in css


def test_init_adds_its_statuses_to_a_users_tasks_settings_and_keeps_all_of_theirs(tmp_path):
    vault = tmp_path / "v"
    (vault / SETTINGS).parent.mkdir(parents=True)
    (vault / SETTINGS).write_text(json.dumps(USER_SETTINGS, indent=2), encoding="utf-8")
    result = notesmith("init", str(vault))
    assert result.returncode == 0, result.stderr
    assert "Added the status [?] Proposed to your Tasks settings." in result.stdout
    assert ("Your Tasks settings already use [-] for 'Cancelled': kept yours; rejected proposals will show as "
            "'Cancelled'.") in result.stdout
    merged = json.loads((vault / SETTINGS).read_text(encoding="utf-8"))
    custom = USER_SETTINGS["statusSettings"]["customStatuses"]
    assert merged["statusSettings"]["customStatuses"] == [*custom, status("?", "Proposed", " ", "TODO")]
    assert {k: v for k, v in merged.items() if k != "statusSettings"} == {
        k: v for k, v in USER_SETTINGS.items() if k != "statusSettings"}
    assert merged["statusSettings"]["coreStatuses"] == USER_SETTINGS["statusSettings"]["coreStatuses"]

    before = tree_hashes(vault)
    again = notesmith("init", str(vault), "--json")
    assert tree_hashes(vault) == before, "a second init changes nothing"
    assert [n[:40] for n in json.loads(again.stdout)["notices"]] == ["Your Tasks settings already use [-] for "]


_STATUS = st.fixed_dictionaries({
    "symbol": st.sampled_from([" ", "x", "/", "?", "-", "!", "b"]), "name": st.text(max_size=12),
    "nextStatusSymbol": st.sampled_from([" ", "x", "?"]), "availableAsCommand": st.booleans(),
    "type": st.sampled_from(["TODO", "IN_PROGRESS", "DONE", "CANCELLED", "NON_TASK"])})
_STATUS_SETTINGS = st.dictionaries(st.sampled_from(["coreStatuses", "customStatuses"]), st.lists(_STATUS, max_size=5))
_SETTINGS = st.dictionaries(st.text(max_size=8).filter(lambda k: k != "statusSettings"),
                            st.none() | st.booleans() | st.integers() | st.text(max_size=8), max_size=4)


@given(_SETTINGS, st.none() | _STATUS_SETTINGS)
@example({}, {"coreStatuses": [{"symbol": s, "name": "n", "nextStatusSymbol": " ", "availableAsCommand": True,
                                "type": "TODO"} for s in "/?-"]})  # all three already theirs: the file is left alone
def test_merging_keeps_every_setting_and_status_of_the_user(others, statuses):
    theirs = {**others, **({} if statuses is None else {"statusSettings": statuses})}
    merged_bytes, notices = merge_tasks_settings(json.dumps(theirs).encode())
    merged = json.loads(merged_bytes) if merged_bytes is not None else theirs
    assert {k: v for k, v in merged.items() if k != "statusSettings"} == others
    for key, kept in (statuses or {}).items():
        assert merged["statusSettings"][key][:len(kept)] == kept, "the user's statuses come first, unchanged"
    left = merged.get("statusSettings", {})  # a file left alone may lack a list: Tasks then uses its defaults
    everything = left.get("coreStatuses", []) + left.get("customStatuses", [])
    for symbol in "/?-":
        first = next(s for s in everything if s["symbol"] == symbol)
        users = [s for key in ("coreStatuses", "customStatuses") for s in (statuses or {}).get(key, [])]
        assert first == next((s for s in users if s["symbol"] == symbol), first), "the user's meaning wins"
    assert merge_tasks_settings(json.dumps(merged).encode())[0] is None, "merging again changes nothing"
    assert all(isinstance(n, str) and n.endswith(".") for n in notices)


def test_undo_right_after_init_puts_the_users_settings_back(tmp_path):
    vault = tmp_path / "v"
    (vault / ".obsidian/plugins/obsidian-tasks-plugin").mkdir(parents=True)
    (vault / SETTINGS).write_text(json.dumps(USER_SETTINGS), encoding="utf-8")
    (vault / APPEARANCE).write_text('{"cssTheme": "Minimal", "enabledCssSnippets": ["mine"]}', encoding="utf-8")
    yours = {path: (vault / path).read_bytes() for path in (SETTINGS, APPEARANCE)}
    assert notesmith("init", str(vault)).returncode == 0
    assert all((vault / path).read_bytes() != data for path, data in yours.items())
    assert notesmith("undo", "--vault", str(vault)).returncode == 0
    assert {path: (vault / path).read_bytes() for path in yours} == yours


@needs_node
def test_a_symbol_the_user_gave_another_meaning_is_kept_and_the_dashboard_still_lists_proposals(tmp_path):
    vault = tmp_path / "v"
    (vault / SETTINGS).parent.mkdir(parents=True)
    theirs = {"statusSettings": {"coreStatuses": USER_SETTINGS["statusSettings"]["coreStatuses"],
                                 "customStatuses": [status("?", "Question", "x", "TODO")]}}
    (vault / SETTINGS).write_text(json.dumps(theirs, indent=2), encoding="utf-8")
    result = notesmith("init", str(vault))
    assert ("Your Tasks settings already use [?] for 'Question': kept yours; proposals will show as 'Question' "
            "and one click makes them [x].") in result.stdout
    customs = json.loads((vault / SETTINGS).read_text(encoding="utf-8"))["statusSettings"]["customStatuses"]
    assert customs[0] == status("?", "Question", "x", "TODO") and [s["symbol"] for s in customs] == ["?", "/", "-"]
    (vault / "Meetings").mkdir(exist_ok=True)
    (vault / "Meetings/2026-05-04 - Heron review.md").write_text(meeting("Heron review", (
        "- [?] Order coffee 🆔 hr0006 #task #proposed\n- [?] Is the room free? #task\n")), encoding="utf-8")
    hits = dashboard_hits(vault, tasks_plugin(vault))
    assert hits["Proposed"] == {("Meetings/2026-05-04 - Heron review.md", 9)}, "the user's own questions stay out"


def test_settings_that_are_no_valid_json_are_left_alone_and_reported(tmp_path):
    vault = tmp_path / "v"
    (vault / ".obsidian/plugins/obsidian-tasks-plugin").mkdir(parents=True)
    (vault / SETTINGS).write_bytes(b'{"statusSettings": {,}')
    (vault / APPEARANCE).write_bytes(b"[1, 2")
    result = notesmith("init", str(vault), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (vault / SETTINGS).read_bytes() == b'{"statusSettings": {,}'
    assert (vault / APPEARANCE).read_bytes() == b"[1, 2"
    assert any(n.startswith(f"Your Tasks settings ({SETTINGS}) are not valid JSON: left them untouched")
               for n in report["notices"])
    assert any(n.startswith(f"Your appearance settings ({APPEARANCE}) are not valid JSON") for n in report["notices"])
    assert "TASKS.md" in report["created"] and SNIPPET_FILE in report["created"]


def test_the_snippet_joins_the_users_appearance_settings_once(tmp_path):
    vault = tmp_path / "v"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / APPEARANCE).write_text(json.dumps({"accentColor": "#aa3300", "cssTheme": "Minimal",
                                                "enabledCssSnippets": ["mine"]}, indent=2), encoding="utf-8")
    result = notesmith("init", str(vault))
    assert "Turned on the CSS snippet notesmith-tasks in your appearance settings" in result.stdout
    assert json.loads((vault / APPEARANCE).read_text(encoding="utf-8")) == {
        "accentColor": "#aa3300", "cssTheme": "Minimal", "enabledCssSnippets": ["mine", "notesmith-tasks"]}
    # turned off in Obsidian afterwards: a later init leaves that choice alone
    (vault / APPEARANCE).write_text('{"enabledCssSnippets": ["mine"]}', encoding="utf-8")
    before = tree_hashes(vault)
    assert notesmith("init", str(vault)).returncode == 0 and tree_hashes(vault) == before


def test_an_obsidian_folder_shared_with_other_vaults_is_left_alone(tmp_path):
    shared = tmp_path / "obsidian-config"
    (shared / "plugins/obsidian-tasks-plugin").mkdir(parents=True)
    (shared / "plugins/obsidian-tasks-plugin/data.json").write_text(json.dumps(USER_SETTINGS), encoding="utf-8")
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / ".obsidian").symlink_to(shared, target_is_directory=True)
    before = tree_hashes(shared)
    result = notesmith("init", str(vault))
    assert result.returncode == 0, result.stderr
    assert "The vault's .obsidian folder leads outside the vault (a link?): left Obsidian's settings alone." \
        in result.stdout
    assert tree_hashes(shared) == before and (vault / "TASKS.md").is_file()


def test_settings_an_earlier_notesmith_wrote_get_the_key_tasks_reads(tmp_path):
    vault = tmp_path / "v"
    (vault / SETTINGS).parent.mkdir(parents=True)
    (vault / SETTINGS).write_text(EARLIER_NOTESMITH_SETTINGS, encoding="utf-8")
    result = notesmith("init", str(vault))
    assert "Updated the Tasks settings an earlier notesmith wrote" in result.stdout
    text = (vault / SETTINGS).read_text(encoding="utf-8")
    assert "availableAsInitialStatus" not in text
    assert all(s["availableAsCommand"] for s in json.loads(text)["statusSettings"]["customStatuses"])


def doctor(root, *args):
    result = notesmith("doctor", "--vault", str(root), "--json", *args)
    return result.returncode, json.loads(result.stdout)


def test_doctor_drops_proposed_from_tasks_decided_by_a_click_and_undo_restores_it(tmp_path):
    vault = tmp_path / "v"
    assert notesmith("init", str(vault)).returncode == 0
    note = vault / "Meetings/2026/2026-05-04 - Heron review.md"
    note.parent.mkdir(parents=True)
    note.write_text(meeting("Heron review", (
        "- [ ] Book the venue 🆔 hr0001 📅 2026-05-08 #task #proposed\n"
        "- [?] Order coffee 🆔 hr0006 #task #proposed\n"
        "- [-] Hire a band 🆔 hr0005 #task #proposed\n"
        "\n## Notes\n```\n- [ ] an example line #task #proposed\n```\n")), encoding="utf-8")
    before = note.read_bytes()
    code, report = doctor(vault)
    found = [(f["check"], f["line"], f["message"], f["fixable"]) for f in report["findings"]]
    assert code == 1 and found == [
        ("stale-proposed-tag", 9, "accepted task still tagged #proposed", True),
        ("stale-proposed-tag", 11, "rejected task still tagged #proposed", True)]
    code, report = doctor(vault, "--fix")
    assert (code, report["fixed"], report["findings"]) == (0, ["Meetings/2026/2026-05-04 - Heron review.md"], [])
    lines = note.read_text(encoding="utf-8").split("\n")
    assert lines[8:11] == ["- [ ] Book the venue 🆔 hr0001 📅 2026-05-08 #task",
                           "- [?] Order coffee 🆔 hr0006 #task #proposed", "- [-] Hire a band 🆔 hr0005 #task"]
    assert "- [ ] an example line #task #proposed" in lines, "a code block is never edited"
    assert notesmith("undo", "--vault", str(vault)).returncode == 0 and note.read_bytes() == before


def test_doctor_rewrites_a_dashboard_an_earlier_notesmith_wrote_and_only_reports_one_a_person_changed(tmp_path):
    vault = tmp_path / "v"
    assert notesmith("init", str(vault)).returncode == 0
    new_dashboard = (vault / "TASKS.md").read_bytes()
    (vault / "TASKS.md").write_text(EARLIER_DASHBOARD, encoding="utf-8")
    code, report = doctor(vault)
    assert code == 1 and [(f["check"], f["path"], f["message"], f["fixable"]) for f in report["findings"]] == [
        ("javascript-query", "TASKS.md", "TASKS.md uses `filter by function` (off since Tasks 8.0)", True)]
    code, report = doctor(vault, "--fix")
    assert (code, report["fixed"]) == (0, ["TASKS.md"]) and (vault / "TASKS.md").read_bytes() == new_dashboard

    changed = EARLIER_DASHBOARD + "\n## Mine\n\n```tasks\nfilter by function task.urgency > 5\n```\n"
    (vault / "TASKS.md").write_text(changed, encoding="utf-8")
    code, report = doctor(vault, "--fix")
    assert code == 1 and report["fixed"] == [] and [f["fixable"] for f in report["findings"]] == [False]
    assert (vault / "TASKS.md").read_text(encoding="utf-8") == changed
