"""What `notesmith init` creates: config, folders, the TASKS.md dashboard, Tasks statuses, .gitignore."""

from __future__ import annotations

import json

from notesmith.domain.plan import FileOperation, OperationKind
from notesmith.vault.layout import VaultLayout

TASKS_PLUGIN_SETTINGS = ".obsidian/plugins/obsidian-tasks-plugin/data.json"

CONFIG_TEMPLATE = """# notesmith configuration — see `notesmith --help` and the README.
[me]
# name = "Your Name"
# aliases = ["Your first name"]
# emails = ["you@example.com"]
# employer = "Your Company"

[speakers]
# "MacBook Pro Microphone" = "Your Name"
"""

TASKS_DASHBOARD = """# Tasks

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

GITIGNORE_LINES = [".notesmith/*", "!.notesmith/ledger/"]

_STATUS = {"availableAsInitialStatus": True}
TASKS_STATUSES = {
    "statusSettings": {
        "coreStatuses": [
            {"symbol": " ", "name": "Todo", "nextStatusSymbol": "x", "type": "TODO", **_STATUS},
            {"symbol": "x", "name": "Done", "nextStatusSymbol": " ", "type": "DONE", **_STATUS},
        ],
        "customStatuses": [
            {"symbol": "/", "name": "In Progress", "nextStatusSymbol": "x", "type": "IN_PROGRESS", **_STATUS},
            {"symbol": "?", "name": "Proposed", "nextStatusSymbol": " ", "type": "TODO", **_STATUS},
            {"symbol": "-", "name": "Rejected", "nextStatusSymbol": " ", "type": "CANCELLED", **_STATUS},
        ],
    }
}


def scaffold_operations(layout: VaultLayout, config_text: str | None, existing: set[str]) -> list[FileOperation]:
    """Create what is missing; an existing file (config, TASKS.md, Tasks settings) is never overwritten."""
    files = {
        "notesmith.toml": config_text or CONFIG_TEMPLATE,
        "TASKS.md": TASKS_DASHBOARD,
        TASKS_PLUGIN_SETTINGS: json.dumps(TASKS_STATUSES, indent=2) + "\n",
        ".gitignore": "\n".join(GITIGNORE_LINES) + "\n",
    }
    folders = [layout.folders.people, layout.folders.organizations, layout.folders.projects, layout.folders.meetings, layout.folders.sources,
               layout.folders.inbox, layout.folders.failed]
    for folder in folders:
        files[f"{folder}/.gitkeep"] = ""
    return [FileOperation(kind=OperationKind.create_note, path=path, content=text.encode("utf-8"), changes=["create"])
            for path, text in files.items() if path not in existing and not _any_in(path, existing)]


def _any_in(path: str, existing: set[str]) -> bool:
    """A folder's .gitkeep is only needed when the folder has nothing in it."""
    if not path.endswith("/.gitkeep"):
        return False
    folder = path.removesuffix(".gitkeep")
    return any(p.startswith(folder) for p in existing)
