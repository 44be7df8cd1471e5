"""`notesmith mcp` as an assistant uses it: the SDK's own client starts the server and calls every tool."""

from __future__ import annotations

import datetime as dt
import json
import re
import socket
import subprocess
import sys
import time

import anyio
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from test_cli import notesmith
from vaults import ingested_examples, tree_hashes, vault_copy

from notesmith.vault.lock import vault_lock

MEETINGS = ("2026-03-02 1on1 Tomas.md", "kestrel-standup.txt", "2026-03-09 hiring.srt",
            "2026-03-10 call with Quarry Labs.txt", "kestrel-weekly.md")
TOOLS = {"search", "get_note", "list_tasks", "brief", "recent_meetings", "propose_task", "add_note_text"}
PASTED = """Robin Hale: Morning Mei, quick sync on the Lisbon rollout.
Mei Chen: Sure. The pilot starts on April 2nd.
Robin Hale: Mei, can you send the rollout checklist to Nadia Petrov by Friday?
Mei Chen: Yes, I will send it by Friday.
"""
_TASK_LINE = re.compile(r"^- \[(.)\] .*🆔 (\w+)", re.MULTILINE)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    root = ingested_examples(tmp_path_factory.mktemp("mcp") / "vault", MEETINGS)
    for name in ("Sam Okafor", "Sam Reyes"):  # two people one alias answers to
        (root / "People" / f"{name}.md").write_text(f"---\ntype: person\ntitle: {name}\naliases: [Sam]\n---\n",
                                                    encoding="utf-8")
    return root


@pytest.fixture
def vault(ingested, tmp_path):
    return vault_copy(ingested, tmp_path)


def _with_server(root, scenario, *options):
    """What `scenario(client)` returns, run against `notesmith mcp --vault root` started by the SDK's client."""
    async def main():
        params = StdioServerParameters(command=sys.executable,
                                       args=["-m", "notesmith", "mcp", "--vault", str(root), *options])
        async with Client(params) as client:
            return await scenario(client)

    return anyio.run(main)


async def _call(client, tool, **arguments):
    """(is_error, the structured answer or the error's text)."""
    result = await client.call_tool(tool, arguments)
    return result.is_error, result.content[0].text if result.is_error else result.structured_content


def _frontmatter_date(path) -> str | None:
    found = re.search(r"^date: (\S+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    return found.group(1) if found else None


def test_the_read_tools_answer_what_the_notes_say(ingested):
    days_since_march_9 = max(1, (dt.date.today() - dt.date(2026, 3, 9)).days)  # the server's clock is the real one

    async def scenario(client):
        listed = await client.list_tools()
        return {"tools": {t.name for t in listed.tools},
                "search": await _call(client, "search", query="restore", limit=5),
                "note": await _call(client, "get_note", title_or_path="Tomás Ortega"),
                "resource": await client.read_resource("note://People/Tomás Ortega.md"),
                "mine": await _call(client, "list_tasks", owner="me", status="all"),
                "before": await _call(client, "list_tasks", due_before="2026-03-06"),
                "brief": await _call(client, "brief", name="Quarry Labs"),
                "meetings": await _call(client, "recent_meetings", days=days_since_march_9)}

    answers = _with_server(ingested, scenario)
    assert answers["tools"] == TOOLS
    error, search = answers["search"]
    assert not error and search["results"][0]["path"] == "Meetings/2026/2026-03-02 - 1-1 — Tomás Ortega.md"
    assert all("**restore**" in hit["snippet"].lower() for hit in search["results"])
    error, note = answers["note"]
    body = (ingested / "People/Tomás Ortega.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert not error and note["type"] == "person" and note["markdown"] == body
    assert note["frontmatter"]["tags"] == ["person"]
    assert answers["resource"].contents[0].text == body
    error, mine = answers["mine"]
    on_disk = {task_id for path in ingested.rglob("Meetings/**/*.md")
               for line in path.read_text(encoding="utf-8").splitlines() if "@[[Robin Hale]]" in line
               for _, task_id in _TASK_LINE.findall(line)}
    assert not error and {t["id"] for t in mine["tasks"]} == on_disk and mine["total"] == len(on_disk)
    assert all(t["owner"] == "Robin Hale" and t["note"] for t in mine["tasks"])
    _, before = answers["before"]
    assert before["tasks"] and all(t["due"] < "2026-03-06" and t["status"] == "proposed" for t in before["tasks"])
    _, brief = answers["brief"]
    organization = (ingested / "Organizations/Quarry Labs.md").read_text(encoding="utf-8")
    assert brief["title"] == "Quarry Labs" and brief["facts"] and brief["open_tasks_total"] == len(brief["open_tasks"])
    assert all(fact["text"] in organization for fact in brief["facts"])
    _, meetings = answers["meetings"]
    dated = sorted(((d, p.relative_to(ingested).as_posix()) for p in ingested.glob("Meetings/*/*.md")
                    if (d := _frontmatter_date(p)) and d >= meetings["since"]), reverse=True)
    assert [(m["date"], m["path"]) for m in meetings["meetings"]] == dated and dated


def test_unknown_or_ambiguous_names_and_bad_dates_are_one_sentence_errors(ingested):
    async def scenario(client):
        return [await _call(client, "get_note", title_or_path="Lena Graf"),
                await _call(client, "get_note", title_or_path="Sam"),
                await _call(client, "brief", name="Sam"),
                await _call(client, "brief", name="Lena Graf"),
                await _call(client, "list_tasks", due_before="next week")]

    unknown, ambiguous, ambiguous_brief, no_entity, bad_date = _with_server(ingested, scenario)
    assert unknown == (True, "Error executing tool get_note: no note is called 'Lena Graf' (by path, file name, "
                             "title or alias)")
    assert ambiguous == (True, "Error executing tool get_note: 'Sam' could be several notes: Sam Okafor "
                               "(People/Sam Okafor.md), Sam Reyes (People/Sam Reyes.md); give the path of the one "
                               "you mean")
    assert ambiguous_brief[0] and "Sam Okafor (person), Sam Reyes (person)" in ambiguous_brief[1]
    assert no_entity == (True, "Error executing tool brief: no person, organization or project is called 'Lena Graf'")
    assert bad_date == (True, "Error executing tool list_tasks: due_before needs a date like 2026-03-31, not "
                              "'next week'")


def test_a_proposed_task_is_in_the_meeting_note_on_disk_and_in_notesmith_tasks(vault):
    async def scenario(client):
        return await _call(client, "propose_task", text="Send the hiring plan to Mei Chen", owner="me",
                           due="2026-03-20", meeting="hiring")

    error, proposed = _with_server(vault, scenario)
    assert not error and proposed["path"] == "Meetings/2026/2026-03-09 - hiring.md" and proposed["added"]
    assert proposed["line"].startswith("- [?] Send the hiring plan to Mei Chen @[[Robin Hale]] 🆔 ")
    assert proposed["line"].endswith("📅 2026-03-20 #task #proposed")
    action_items = (vault / proposed["path"]).read_text(encoding="utf-8").split("## Action Items", 1)[1]
    assert proposed["line"] in action_items.split("\n## ", 1)[0].splitlines()
    listed = notesmith("tasks", "--vault", str(vault), "--status", "proposed", "--json")
    assert listed.returncode == 0, listed.stderr
    task = next(t for t in json.loads(listed.stdout) if t["task_id"] == proposed["task_id"])
    assert (task["text"], task["owner"], task["due"]) == ("Send the hiring plan to Mei Chen", "Robin Hale",
                                                          "2026-03-20")


def test_pasted_text_becomes_a_meeting_note_with_its_proposals_and_an_archived_source(vault):
    async def scenario(client):
        return await _call(client, "add_note_text", title="Lisbon rollout sync", text=PASTED, date="2026-03-20")

    error, added = _with_server(vault, scenario)
    assert not error and added["status"] == "ingested"
    assert added["note_path"] == "Meetings/2026/2026-03-20 - Lisbon rollout sync.md"
    note = (vault / added["note_path"]).read_text(encoding="utf-8")
    assert "type: meeting" in note and "date: 2026-03-20" in note
    assert added["archived_as"] == "Sources/2026/2026-03-20 Lisbon rollout sync.txt"
    assert (vault / added["archived_as"]).read_text(encoding="utf-8") == PASTED
    assert [t["text"] for t in added["proposed_tasks"]] == ["Send the rollout checklist to Nadia Petrov"]
    assert all(f"🆔 {t['id']}" in note for t in added["proposed_tasks"])
    assert not [p for p in (vault / "Inbox").rglob("*") if p.is_file() and p.name != ".gitkeep"]


def test_read_only_refuses_both_writes_and_leaves_the_vault_as_it_was(vault):
    before = tree_hashes(vault)

    async def scenario(client):
        return [await _call(client, "propose_task", text="Book the room", meeting="hiring"),
                await _call(client, "add_note_text", title="Sync", text=PASTED),
                await _call(client, "search", query="hiring")]

    proposed, pasted, search = _with_server(vault, scenario, "--read-only")
    assert proposed == (True, "Error executing tool propose_task: propose_task is refused: this notesmith server was "
                              "started with --read-only, so it writes nothing to the vault")
    assert pasted[0] and "add_note_text is refused" in pasted[1]
    assert not search[0] and search[1]["results"]
    assert tree_hashes(vault) == before


def test_a_write_while_another_run_holds_the_vault_is_refused_in_a_sentence(vault):
    before = (vault / "Meetings/2026/2026-03-09 - hiring.md").read_bytes()

    async def scenario(client):
        return await _call(client, "propose_task", text="Book the room", meeting="hiring")

    with vault_lock(vault / ".notesmith"):
        error, message = _with_server(vault, scenario)
    assert error and message.startswith("Error executing tool propose_task: another notesmith process is writing "
                                        "to this vault")
    assert "Traceback" not in message
    assert (vault / "Meetings/2026/2026-03-09 - hiring.md").read_bytes() == before


def test_the_http_transport_serves_the_same_tools_on_localhost(ingested):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "notesmith", "mcp", "--vault", str(ingested), "--http",
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for_port(port, server)

        async def main():
            async with Client(f"http://127.0.0.1:{port}/mcp") as client:
                listed = await client.list_tools()
                return {t.name for t in listed.tools}, await _call(client, "get_note", title_or_path="hiring")

        tools, (error, note) = anyio.run(main)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert tools == TOOLS
    assert not error and note["path"] == "Meetings/2026/2026-03-09 - hiring.md"


def _wait_for_port(port: int, process: subprocess.Popen, patience: float = 60.0) -> None:
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped: {process.stderr.read().decode()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")
