"""What `notesmith init` creates or merges: config, folders, TASKS.md, Tasks statuses, the CSS snippet, .gitignore."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from notesmith.domain import TaskStatus
from notesmith.domain.plan import FileOperation, OperationKind
from notesmith.notes.statuses import (
    CORE_SYMBOLS,
    PROPOSED_TAG,
    SPEC_OF,
    STATUSES,
    StatusSpec,
)
from notesmith.vault.layout import VaultLayout
from notesmith.vault.snapshot import OutsideVault, VaultSnapshot, inside_vault, sha256

DASHBOARD = "TASKS.md"
TASKS_PLUGIN_SETTINGS = ".obsidian/plugins/obsidian-tasks-plugin/data.json"
APPEARANCE_SETTINGS = ".obsidian/appearance.json"
SNIPPET_NAME = "notesmith-tasks"
SNIPPET_FILE = f".obsidian/snippets/{SNIPPET_NAME}.css"
# what earlier versions wrote, byte for byte: files that are still exactly that are notesmith's own to update
EARLIER_DASHBOARDS = {"2599076b765fba8eaae741f86f8fe6ab1d64757efc2dfaef1148e11eaf6ac9e1"}  # filter by function
EARLIER_TASKS_SETTINGS = {"06f021f3ba479e2122dac36b4dde47a4d7d06a77765e789a12a04144f6b53b6f"}  # no availableAsCommand

CONFIG_TEMPLATE = """# notesmith configuration — see `notesmith --help` and the README.
[me]
# name = "Your Name"
# aliases = ["Your first name"]
# emails = ["you@example.com"]
# employer = "Your Company"

[speakers]
# "MacBook Pro Microphone" = "Your Name"
"""

_DASHBOARD_HEAD = """# Tasks

Everything here is a query (Obsidian Tasks plugin); the tasks themselves live in the meeting notes.
Accept a proposal by clicking its box or changing `[?]` to `[ ]`, reject it with `[-]`.
"""

SNIPPET_CSS = """/* notesmith: how Obsidian draws the task statuses notesmith writes. `notesmith init` wrote this
   file once; it is yours to change, or to turn off in Settings -> Appearance -> CSS snippets.
   [?] a proposal: an empty dashed box with a question mark; its words read as normal, not as done.
   [-] rejected: a grey box with a dash; its words struck through and faint. */

[data-task="?"] {
  --checklist-done-decoration: none;
  --checklist-done-color: var(--text-normal);
}

input[data-task="?"], input[data-task="?"]:checked,
li[data-task="?"] > input, li[data-task="?"] > input:checked,
li[data-task="?"] > p > input, li[data-task="?"] > p > input:checked {
  background-color: transparent;
  border: 1px dashed var(--color-orange);
}

input[data-task="?"]::after, input[data-task="?"]:checked::after,
li[data-task="?"] > input::after, li[data-task="?"] > input:checked::after,
li[data-task="?"] > p > input::after, li[data-task="?"] > p > input:checked::after {
  content: "?";
  display: block;
  position: absolute;
  top: -1px;
  left: -1px;
  width: var(--checkbox-size);
  height: var(--checkbox-size);
  -webkit-mask-image: none;
  mask-image: none;
  background-color: transparent;
  color: var(--color-orange);
  font-size: calc(var(--checkbox-size) * 0.75);
  font-weight: bold;
  line-height: var(--checkbox-size);
  text-align: center;
}

[data-task="-"] {
  --checklist-done-decoration: line-through;
  --checklist-done-color: var(--text-faint);
}

input[data-task="-"], input[data-task="-"]:checked,
li[data-task="-"] > input, li[data-task="-"] > input:checked,
li[data-task="-"] > p > input, li[data-task="-"] > p > input:checked {
  background-color: transparent;
  border: 1px solid var(--text-faint);
}

input[data-task="-"]::after, input[data-task="-"]:checked::after,
li[data-task="-"] > input::after, li[data-task="-"] > input:checked::after,
li[data-task="-"] > p > input::after, li[data-task="-"] > p > input:checked::after {
  content: "";
  display: block;
  position: absolute;
  top: calc(50% - 1px);
  left: 20%;
  width: 60%;
  height: 2px;
  -webkit-mask-image: none;
  mask-image: none;
  background-color: var(--text-faint);
}
"""

GITIGNORE_LINES = [".notesmith/*", "!.notesmith/ledger/"]

_PROPOSED = SPEC_OF[TaskStatus.proposed]
_CUSTOM = [spec for spec in STATUSES if spec.symbol not in CORE_SYMBOLS]
_WHICH_TASKS = {TaskStatus.in_progress: "tasks in progress", TaskStatus.proposed: "proposals",
                TaskStatus.rejected: "rejected proposals"}
_OBSIDIAN_FILES = (TASKS_PLUGIN_SETTINGS, SNIPPET_FILE, APPEARANCE_SETTINGS)
_TYPE_WORDS = {"TODO": "to do", "IN_PROGRESS": "in progress", "DONE": "done", "CANCELLED": "cancelled",
               "NON_TASK": "not tasks"}
_REGEX_SPECIAL = re.compile(r"([.*+?^${}()|\[\]/\\])")  # what Tasks' own escapeRegExp escapes


@dataclass
class Scaffold:
    """What init writes, and plain sentences about what it did to files the user already had."""

    operations: list[FileOperation] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def tasks_dashboard(layout: VaultLayout, proposed_name: str = _PROPOSED.name) -> str:
    """TASKS.md: queries Tasks runs with JavaScript off, none showing the inputs' task lines. `proposed_name` is
    what Tasks calls `[?]` in this vault; when it is the user's own status, only lines tagged #proposed count."""
    named = f"/^{tasks_regex(proposed_name)}$/"
    proposed = [f"status.name regex matches {named}"]
    if proposed_name != _PROPOSED.name:
        proposed.append(f"tags include {PROPOSED_TAG}")
    not_proposed = f"status.name regex does not match {named}"
    inputs = inputs_filter(layout)
    blocks = [("Proposed", [*proposed, inputs, "sort by created"]),
              ("Open, by due date", ["not done", not_proposed, inputs, "sort by due"]),
              ("Overdue", ["not done", "due before today", not_proposed, inputs, "sort by due"]),
              ("Done recently", ["done after 14 days ago", inputs, "sort by done reverse"])]
    return _DASHBOARD_HEAD + "".join(f"\n## {heading}\n\n```tasks\n" + "\n".join(lines) + "\n```\n"
                                     for heading, lines in blocks)


def current_dashboard(snapshot: VaultSnapshot) -> str:
    """The TASKS.md init would write into this vault now, with the name its Tasks settings give `[?]`."""
    try:
        settings = snapshot.read_bytes(TASKS_PLUGIN_SETTINGS)
    except OutsideVault:
        settings = None
    return tasks_dashboard(snapshot.layout, proposed_status_name(settings))


def inputs_filter(layout: VaultLayout) -> str:
    """The Tasks filter that leaves out the folders of inputs (archived sources, the Inbox): they hold task lines
    of their own, which a query would show again beside the meeting notes' copies."""
    folders = list(dict.fromkeys(f.strip("/") for f in (layout.folders.sources, layout.folders.inbox,
                                                         layout.folders.failed)))
    outermost = [f for f in folders if not any(f.startswith(other + "/") for other in folders)]
    return f"path regex does not match /^({'|'.join(tasks_regex(f) for f in outermost)})\\//"


def tasks_regex(text: str) -> str:
    return _REGEX_SPECIAL.sub(r"\\\1", text)


def tasks_settings() -> dict:
    """Tasks settings for a vault that has none: Tasks' two core statuses and notesmith's custom ones."""
    return {"statusSettings": {"coreStatuses": _core_statuses(),
                               "customStatuses": [spec.as_tasks_setting() for spec in _CUSTOM]}}


def _core_statuses() -> list[dict]:
    return [spec.as_tasks_setting() for spec in STATUSES if spec.symbol in CORE_SYMBOLS]


def proposed_status_name(settings: bytes | None) -> str:
    """What Tasks calls `[?]` with these settings: the user's name for it when they gave it one."""
    try:
        statuses = _status_lists(json.loads(settings)) if settings is not None else None
    except (ValueError, UnicodeDecodeError):
        statuses = None
    theirs = _status_with(statuses, _PROPOSED.symbol) if statuses else None
    return theirs["name"] if theirs and isinstance(theirs.get("name"), str) else _PROPOSED.name


def merge_tasks_settings(data: bytes) -> tuple[bytes | None, list[str]]:
    """The user's Tasks settings with notesmith's statuses added, every one of theirs kept as it is (None: leave
    the file alone), and sentences saying what was done or why not."""
    if sha256(data) in EARLIER_TASKS_SETTINGS:
        return _json_bytes(tasks_settings(), "\n"), [
            "Updated the Tasks settings an earlier notesmith wrote: its statuses now show in Tasks' command list."]
    try:
        settings = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        settings = None
    statuses = _status_lists(settings)
    if statuses is None:
        problem = "are not valid JSON" if settings is None else "are not laid out as Tasks writes them"
        return None, [f"Your Tasks settings ({TASKS_PLUGIN_SETTINGS}) {problem}: left them untouched. Fix them "
                      f"and run `notesmith init` again to add the statuses {_listing(_CUSTOM)}."]
    added, notices = [], []
    for spec in _CUSTOM:
        theirs = _status_with(statuses, spec.symbol)
        if theirs is None:
            statuses["customStatuses"].append(spec.as_tasks_setting())
            added.append(spec)
        elif _differs(theirs, spec):
            notices.append(_kept_theirs(theirs, spec))
    if not added:
        return None, notices
    ending = "\n" if data.endswith(b"\n") else ""
    noun = "status" if len(added) == 1 else "statuses"
    return _json_bytes(settings, ending), [f"Added the {noun} {_listing(added)} to your Tasks settings.", *notices]


def _status_lists(settings: object) -> dict | None:
    """The settings' `statusSettings` with both lists in place (added when missing), None when not as Tasks
    writes them. Tasks itself starts from its defaults for whatever the file leaves out."""
    if not isinstance(settings, dict):
        return None
    statuses = settings.setdefault("statusSettings", {})
    if not isinstance(statuses, dict):
        return None
    statuses.setdefault("coreStatuses", _core_statuses())
    statuses.setdefault("customStatuses", [])
    if not all(isinstance(statuses[key], list) for key in ("coreStatuses", "customStatuses")):
        return None
    return statuses


def _status_with(statuses: dict, symbol: str) -> dict | None:
    """The status Tasks uses for `symbol`: the first one with it, core statuses before custom ones."""
    return next((s for s in statuses["coreStatuses"] + statuses["customStatuses"]
                 if isinstance(s, dict) and s.get("symbol") == symbol), None)


def _differs(theirs: dict, spec: StatusSpec) -> bool:
    ours = spec.as_tasks_setting()
    return any(theirs.get(key) != ours[key] for key in ("name", "nextStatusSymbol", "type"))


def _kept_theirs(theirs: dict, spec: StatusSpec) -> str:
    which, name = _WHICH_TASKS.get(spec.status, f"tasks marked [{spec.symbol}]"), theirs.get("name")
    effects = []
    if name != spec.name:
        effects.append(f"{which} will show as '{name}'")
    if theirs.get("nextStatusSymbol") != spec.next_symbol:
        effects.append(f"one click makes them [{theirs.get('nextStatusSymbol')}]")
    if theirs.get("type") != spec.type:
        effects.append(f"Tasks counts them as {_TYPE_WORDS.get(theirs.get('type'), theirs.get('type'))}")
    if name != spec.name:
        return f"Your Tasks settings already use [{spec.symbol}] for '{name}': kept yours; {_and(effects)}."
    return f"Your Tasks settings already have [{spec.symbol}] {name}, set up differently: kept yours; {_and(effects)}."


def merge_appearance(data: bytes) -> tuple[bytes | None, list[str]]:
    """The user's appearance settings with the snippet turned on, every other key kept (None: leave them alone)."""
    try:
        appearance = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        appearance = None
    snippets = appearance.setdefault("enabledCssSnippets", []) if isinstance(appearance, dict) else None
    if not isinstance(snippets, list):
        problem = "are not valid JSON" if appearance is None else "are not laid out as Obsidian writes them"
        return None, [f"Your appearance settings ({APPEARANCE_SETTINGS}) {problem}: left them untouched. Turn on "
                      f"the CSS snippet {SNIPPET_NAME} in Obsidian (Settings -> Appearance -> CSS snippets) to tell "
                      "[?] and [-] from done tasks."]
    if SNIPPET_NAME in snippets:
        return None, []
    snippets.append(SNIPPET_NAME)
    ending = "\n" if data.endswith(b"\n") else ""
    return _json_bytes(appearance, ending), [
        f"Turned on the CSS snippet {SNIPPET_NAME} in your appearance settings: [?] and [-] now look unlike done "
        "tasks."]


def scaffold_operations(layout: VaultLayout, config_text: str | None, existing: set[str],
                        snapshot: VaultSnapshot) -> Scaffold:
    """Create what is missing; merge notesmith's statuses (and, with a new snippet, its name) into the user's
    Obsidian settings. Any other existing file (config, TASKS.md, the snippet) is never touched."""
    scaffold = Scaffold()
    settings = _merged(scaffold, snapshot, TASKS_PLUGIN_SETTINGS, merge_tasks_settings, existing)
    if SNIPPET_FILE not in existing:
        _merged(scaffold, snapshot, APPEARANCE_SETTINGS, merge_appearance, existing)
    files = {
        "notesmith.toml": (config_text or CONFIG_TEMPLATE).encode("utf-8"),
        DASHBOARD: tasks_dashboard(layout, proposed_status_name(settings)).encode("utf-8"),
        TASKS_PLUGIN_SETTINGS: _json_bytes(tasks_settings(), "\n"),
        SNIPPET_FILE: SNIPPET_CSS.encode("utf-8"),
        ".gitignore": ("\n".join(GITIGNORE_LINES) + "\n").encode("utf-8"),
    }
    if SNIPPET_FILE not in existing:  # once the snippet is the user's, so is whether it is on
        files[APPEARANCE_SETTINGS] = _json_bytes({"enabledCssSnippets": [SNIPPET_NAME]}, "\n")
    if not all(_inside(layout, path) for path in _OBSIDIAN_FILES):
        files = {path: content for path, content in files.items() if path not in _OBSIDIAN_FILES}
        scaffold.notices.append("The vault's .obsidian folder leads outside the vault (a link?): left Obsidian's "
                                f"settings alone. Add the statuses {_listing(_CUSTOM)} in Tasks' settings yourself.")
    folders = [layout.folders.people, layout.folders.organizations, layout.folders.projects, layout.folders.meetings,
               layout.folders.sources, layout.folders.inbox, layout.folders.failed]
    for folder in folders:
        files[f"{folder}/.gitkeep"] = b""
    scaffold.operations += [FileOperation(kind=OperationKind.create_note, path=path, content=content,
                                          changes=["create"])
                            for path, content in files.items() if path not in existing and not _any_in(path, existing)]
    return scaffold


def _merged(scaffold: Scaffold, snapshot: VaultSnapshot, path: str,
            merge: Callable[[bytes], tuple[bytes | None, list[str]]], existing: set[str]) -> bytes | None:
    """Merge into the user's settings file at `path` (when there is one inside the vault); its bytes as read."""
    try:
        before = snapshot.read_bytes(path) if path in existing else None
    except OutsideVault:
        return None  # reported once for every Obsidian file, by the caller
    if before is None:
        return None
    after, notices = merge(before)
    scaffold.notices += notices
    if after is not None and after != before:
        scaffold.operations.append(FileOperation(kind=OperationKind.update_note, path=path,
                                                 before_sha256=sha256(before), content=after, changes=notices))
    return before


def _inside(layout: VaultLayout, path: str) -> bool:
    try:
        inside_vault(layout, path)
    except OutsideVault:
        return False
    return True


def _json_bytes(value: dict, ending: str) -> bytes:
    """JSON as Obsidian writes its settings (two-space indent, characters as they are)."""
    return (json.dumps(value, indent=2, ensure_ascii=False) + ending).encode("utf-8")


def _listing(specs: list[StatusSpec]) -> str:
    return _and([f"[{spec.symbol}] {spec.name}" for spec in specs])


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _any_in(path: str, existing: set[str]) -> bool:
    """A folder's .gitkeep is only needed when the folder has nothing in it."""
    if not path.endswith("/.gitkeep"):
        return False
    folder = path.removesuffix(".gitkeep")
    return any(p.startswith(folder) for p in existing)
