"""`notesmith serve` through its ASGI interface and as a real server: the JSON API and the forms write the task
lines on disk and undo them; a change without the CSRF token is refused (403), a foreign Host too (400), and a
change while an ingest holds the vault (409); request paths never reach the disk (made-up people only)."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import subprocess
import sys

import httpx
import pytest
from starlette.testclient import TestClient
from test_cli import notesmith
from test_review_suggestions import MEETINGS
from vaults import ingested_examples, make_vault, run_ingest, vault_copy

from notesmith.app.transaction import Vault, vault_layout
from notesmith.config import load_config
from notesmith.vault.lock import vault_lock
from notesmith.web.app import create_app
from notesmith.web.context import BUSY, ServeSettings

TOKEN = "a-test-token-nobody-else-has"
HOST, PORT = "127.0.0.1", 8765
TODAY = dt.date(2026, 12, 2)
SOURCES = ("2026-03-02 1on1 Tomas.md", "2026-03-06 Quarry Labs check-in.vtt", "2026-03-10 call with Quarry Labs.txt")
CHECK_IN = "Meetings/2026/2026-03-06 - Quarry Labs check-in.md"


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    root = ingested_examples(tmp_path_factory.mktemp("web") / "vault", SOURCES)
    return root


@pytest.fixture
def vault(ingested, tmp_path):
    return vault_copy(ingested, tmp_path)


def client(root, host=HOST, port=PORT, base=None) -> TestClient:
    config = load_config(root / "notesmith.toml", {})
    runs = itertools.count(1)
    settings = ServeSettings(Vault(vault_layout(root, config), config.git.commit), config, host, port, TOKEN,
                             lambda: TODAY, lambda: f"20261202T12{next(runs):04d}-web")
    return TestClient(create_app(settings), base_url=base or f"http://{host}:{port}", follow_redirects=False)


def signed(**headers) -> dict:
    return {"X-CSRF-Token": TOKEN, **headers}


def line(root, path, task_id) -> str:
    return next(l for l in (root / path).read_text(encoding="utf-8").splitlines() if f"🆔 {task_id}" in l)


def notes(root) -> dict:
    return {p: p.read_bytes() for p in root.rglob("*.md") if ".notesmith" not in p.parts}


def proposals(web) -> list[dict]:
    answer = web.get("/api/tasks", params={"status": "proposed"})
    assert answer.status_code == 200
    return answer.json()


def test_the_api_lists_proposals_with_id_text_owner_due_and_note(vault):
    web = client(vault)
    found = proposals(web)
    assert {t["text"] for t in found} >= {"Get Nadia Petrov the report", "Send the trial success criteria"}
    report = next(t for t in found if t["text"] == "Get Nadia Petrov the report")
    assert report["owner"] == "Robin Hale" and report["due"] == "2026-03-06" and report["status"] == "proposed"
    assert report["note"] == "Quarry Labs check-in" and report["path"] == CHECK_IN
    assert report["id"] in line(vault, CHECK_IN, report["id"])
    assert len(web.get("/api/tasks", params={"status": "all"}).json()) >= len(found)
    wrong = web.get("/api/tasks", params={"status": "later"})
    assert wrong.status_code == 400 and "status must be any of" in wrong.json()["error"]


def test_accept_reject_and_edit_over_the_api_write_the_lines_on_disk(vault):
    web = client(vault)
    first, second, third = proposals(web)[:3]
    accepted = web.post(f"/api/tasks/{first['id']}", json={"status": "open"}, headers=signed())
    assert accepted.status_code == 200 and accepted.json()["status"] == "open"
    assert line(vault, first["path"], first["id"]).startswith("- [ ] ")
    assert not line(vault, first["path"], first["id"]).endswith("#proposed")
    rejected = web.post(f"/api/tasks/{second['id']}", json={"status": "rejected"}, headers=signed())
    assert rejected.status_code == 200 and line(vault, second["path"], second["id"]).startswith("- [-] ")
    edited = web.post(f"/api/tasks/{third['id']}", json={"due": "2026-12-24", "priority": "high",
                                                         "text": "Send the signed report"}, headers=signed())
    assert edited.status_code == 200, edited.text
    assert edited.json()["due"] == "2026-12-24" and edited.json()["text"] == "Send the signed report"
    changed = line(vault, third["path"], third["id"])
    assert changed.startswith("- [?] Send the signed report") and "⏫" in changed and "📅 2026-12-24" in changed
    cleared = web.post(f"/api/tasks/{third['id']}", json={"due": None, "priority": None}, headers=signed())
    assert cleared.status_code == 200 and cleared.json()["due"] is None
    assert "📅" not in line(vault, third["path"], third["id"]) and "⏫" not in line(vault, third["path"], third["id"])


def test_bad_requests_are_refused_in_one_sentence_and_change_nothing(vault):
    web = client(vault)
    task = proposals(web)[0]
    before = notes(vault)
    cases = [("zzzzzz", {"status": "open"}, 404, "no task has the id 'zzzzzz'"),
             (task["id"], {"status": "done later"}, 400, "status must be one of"),
             (task["id"], {"due": "next friday"}, 400, "due needs a date like 2026-03-31"),
             (task["id"], {"priority": "urgent"}, 400, "priority must be one of"),
             (task["id"], {"colour": "red"}, 400, "unknown field 'colour'"),
             (task["id"], {}, 400, "nothing to change"),
             (task["id"], {"owner": "Zed Nobody"}, 400, "'Zed Nobody' has no person note")]
    for task_id, body, status, message in cases:
        answer = web.post(f"/api/tasks/{task_id}", json=body, headers=signed())
        assert answer.status_code == status and message in answer.json()["error"], (body, answer.text)
    not_json = web.post(f"/api/tasks/{task['id']}", content=b"{status: open", headers=signed())
    assert not_json.status_code == 400 and not_json.json() == {"error": "the body must be JSON"}
    assert notes(vault) == before


def test_a_change_without_the_csrf_token_is_refused_with_403(vault):
    web = client(vault)
    task = proposals(web)[0]
    before = notes(vault)
    for headers in ({}, {"X-CSRF-Token": "guessed"}):
        answer = web.post(f"/api/tasks/{task['id']}", json={"status": "open"}, headers=headers)
        assert answer.status_code == 403 and "CSRF token" in answer.json()["error"]
    form = web.post(f"/tasks/{task['id']}/decide", data={"status": "open", "csrf_token": "guessed"})
    assert form.status_code == 403
    assert web.post("/api/undo", headers={}).status_code == 403
    assert notes(vault) == before
    with_token = web.post(f"/tasks/{task['id']}/decide", data={"status": "open", "csrf_token": TOKEN, "next": "/"})
    assert with_token.status_code == 303 and with_token.headers["location"].startswith("/?flash=")
    assert line(vault, task["path"], task["id"]).startswith("- [ ] ")


def test_a_foreign_host_is_refused_with_400(vault):
    web = client(vault)
    for host in ("evil.example:8765", "evil.example", f"127.0.0.1:{PORT + 1}", "127.0.0.1.nip.io:8765"):
        answer = web.get("/api/tasks", headers={"Host": host})
        assert answer.status_code == 400 and "Host header" in answer.json()["error"], host
    assert web.get("/", headers={"Host": f"localhost:{PORT}"}).status_code == 200
    assert web.get("/", headers={"Host": f"[::1]:{PORT}"}).status_code == 200
    task = proposals(web)[0]
    before = notes(vault)
    rebound = web.post(f"/api/tasks/{task['id']}", json={"status": "open"}, headers=signed(Host="evil.example:8765"))
    assert rebound.status_code == 400 and notes(vault) == before


def test_a_change_while_an_ingest_holds_the_vault_is_refused_with_409(vault):
    web = client(vault)
    task = proposals(web)[0]
    before = notes(vault)
    config = load_config(vault / "notesmith.toml", {})
    with vault_lock(vault_layout(vault, config).state_dir):
        answer = web.post(f"/api/tasks/{task['id']}", json={"status": "open"}, headers=signed())
        page = web.post(f"/tasks/{task['id']}/decide", data={"status": "open", "csrf_token": TOKEN},
                        headers={"HX-Request": "true"})
    assert answer.status_code == 409 and answer.json() == {"error": BUSY}
    assert page.status_code == 409 and "Notesmith is busy: an ingest is running" in page.text
    assert page.headers["hx-retarget"] == "#flash"
    assert notes(vault) == before


def test_undo_over_the_api_restores_the_note_and_refuses_an_older_run(vault):
    web = client(vault)
    task = proposals(web)[0]
    before = (vault / task["path"]).read_bytes()
    run = web.post(f"/api/tasks/{task['id']}", json={"status": "rejected"}, headers=signed()).json()["run"]
    assert line(vault, task["path"], task["id"]).startswith("- [-] ")
    listed = web.get("/api/runs").json()
    assert listed[0]["run_id"] == run and listed[0]["undoable"] and task["path"] in listed[0]["paths"]
    older = web.post("/api/undo", json={"run": listed[1]["run_id"]}, headers=signed())
    assert older.status_code == 409 and "not the last run" in older.json()["error"]
    undone = web.post("/api/undo", json={"run": run}, headers=signed())
    assert undone.status_code == 200 and undone.json()["run"] == run
    assert (vault / task["path"]).read_bytes() == before
    assert web.get("/api/runs").json()[0]["undone"]


def test_a_whole_meeting_is_accepted_in_one_run_and_the_undo_form_restores_it(vault):
    web = client(vault)
    meeting = "Meetings/2026/2026-03-10 - Call with Quarry Labs (Nadia Petrov).md"
    before = (vault / meeting).read_bytes()
    ids = [t["id"] for t in proposals(web) if t["path"] == meeting]
    assert len(ids) == 2
    decided = web.post("/meetings/decide", data={"csrf_token": TOKEN, "path": meeting, "status": "open", "next": "/"},
                       headers={"HX-Request": "true"})
    assert decided.status_code == 200 and decided.text.count('class="task open"') == 2
    assert "Accepted 2 tasks." in decided.text and '<span id="left-count" hx-swap-oob="true">' in decided.text
    assert all(line(vault, meeting, i).startswith("- [ ] ") for i in ids)
    run = web.get("/api/runs").json()[0]
    assert run["message"] is None and run["paths"] == [meeting]  # not a git vault: no commit message
    undone = web.post("/undo", data={"csrf_token": TOKEN, "run": run["run_id"], "next": "/runs"})
    assert undone.status_code == 303 and undone.headers["location"].startswith("/runs?flash=")
    assert f"Undid run {run['run_id']}: 1 file restored." in web.get(undone.headers["location"]).text
    assert (vault / meeting).read_bytes() == before


def test_in_a_git_vault_each_change_is_one_commit_the_runs_page_names(vault):
    subprocess.run(["git", "init", "-q", str(vault)], check=True)
    subprocess.run(["git", "-C", str(vault), "config", "notesmith.initialised", "true"], check=True)
    web = client(vault)
    task = proposals(web)[0]
    assert web.post(f"/api/tasks/{task['id']}", json={"status": "open"}, headers=signed()).status_code == 200
    log = subprocess.run(["git", "-C", str(vault), "log", "--format=%s%n%b"], capture_output=True, text=True,
                         check=True).stdout
    run = web.get("/api/runs").json()[0]
    assert run["message"] == "notesmith: accept 1 task" and f"Notesmith-Run: {run['run_id']}" in log
    assert "notesmith: accept 1 task" in web.get("/runs").text


def test_the_pages_show_proposals_by_meeting_with_their_evidence_and_the_run_diff(vault):
    web = client(vault)
    page = web.get("/")
    assert page.status_code == 200 and "Quarry Labs check-in" in page.text and "Get Nadia Petrov the report" in page.text
    assert f'name="csrf_token" value="{TOKEN}"' in page.text and "/static/htmx.min.js" in page.text
    quotes = web.get("/fragments/evidence", params={"path": CHECK_IN}).text
    assert "I&#39;ll get you the report by end of week." in quotes and "Robin Hale" in quotes
    meeting = web.get("/note", params={"path": CHECK_IN}).text
    assert "<h2>Summary</h2>" in meeting and 'href="/go?name=Nadia%20Petrov"' in meeting
    assert "I&#39;ll get you the report by end of week." in meeting
    assert web.get("/go", params={"name": "Nadia Petrov"}).headers["location"].startswith("/brief?path=People")
    assert "Quarry Labs check-in" in web.get("/brief", params={"name": "Nadia Petrov"}).text
    assert "<mark>importer</mark>" in web.get("/search", params={"q": "importer"}).text
    task = proposals(web)[0]
    edited = web.post(f"/tasks/{task['id']}/edit", data={"csrf_token": TOKEN, "text": task["text"],
                                                         "owner": task["owner"] or "", "due": "2026-12-31",
                                                         "priority": "", "next": "/"}, headers={"HX-Request": "true"})
    assert edited.status_code == 200 and "due 2026-12-31" in edited.text and 'id="flash" ' in edited.text
    run = web.get("/api/runs").json()[0]["run_id"]
    diff = web.get(f"/runs/{run}").text
    assert "📅 2026-12-31" in diff and 'class="add"' in diff and "Undo this run" in diff


def test_paths_in_requests_are_looked_up_never_opened(vault, tmp_path):
    (tmp_path / "secret.md").write_text("# Secret\n\nnot for the page\n", encoding="utf-8")
    (vault / "Meetings" / "2026" / "escape.md").symlink_to(tmp_path / "secret.md")
    web = client(vault)
    for path in ("../secret.md", "/etc/passwd", "Meetings/2026/escape.md", str(tmp_path / "secret.md")):
        answer = web.get("/note", params={"path": path})
        assert answer.status_code == 404 and "not for the page" not in answer.text, path
    assert web.get("/fragments/evidence", params={"path": "../secret.md"}).status_code == 404
    assert web.get("/runs/..%2F..%2Fnotesmith.toml").status_code == 404
    before = notes(vault)
    off = web.post("/meetings/decide", data={"csrf_token": TOKEN, "path": "../secret.md", "status": "open"})
    assert off.status_code == 303 and notes(vault) == before


@pytest.fixture
def look_alike_vault(tmp_path):
    root = make_vault(tmp_path / "alike")
    for name, text in MEETINGS.items():
        (root / "Inbox" / name).write_text(text, encoding="utf-8")
    run_ingest(root)
    return root


def test_the_review_api_merges_a_suggestion_marks_a_note_checked_and_dismisses(look_alike_vault):
    root = look_alike_vault
    web = client(root)
    entries = web.get("/api/review").json()
    merge = next(e for e in entries if e["reason"] == "merge-suggestion")
    assert {"id", "name", "note", "candidates", "actions"} <= set(merge)
    assert merge["actions"][0] == {"action": "accept", "label": f"Merge into {merge['candidates'][0]}",
                                   "into": merge["candidates"][0]}
    merged = web.post(f"/api/review/{merge['id']}", json={"action": "accept"}, headers=signed())
    assert merged.status_code == 200, merged.text
    assert not (root / merge["note"]).exists()
    assert (root / f"People/{merge['candidates'][0]}.md").is_file()
    check = next(e for e in web.get("/api/review").json() if e["reason"] == "check-person")
    assert "review: needed" in (root / check["note"]).read_text(encoding="utf-8")
    declined = web.post(f"/api/review/{check['id']}", json={"action": "decline"}, headers=signed())
    assert declined.status_code == 400 and "it can be: accept" in declined.json()["error"]
    checked = web.post(f"/api/review/{check['id']}", json={"action": "accept"}, headers=signed())
    assert checked.status_code == 200 and "review: needed" not in (root / check["note"]).read_text(encoding="utf-8")
    assert check["id"] not in {e["id"] for e in web.get("/api/review").json()}
    gone = web.post(f"/api/review/{check['id']}", json={"action": "accept"}, headers=signed())
    assert gone.status_code == 404 and "settled already" in gone.json()["error"]
    other = next(e for e in web.get("/api/review").json() if e["reason"] == "check-person")
    assert f'action="/review/{other["id"]}"' in web.get("/review").text
    form = web.post(f"/review/{other['id']}", data={"csrf_token": TOKEN, "action": "accept", "next": "/review"})
    assert form.status_code == 303 and "marked as checked" in web.get(form.headers["location"]).text
    assert "review: needed" not in (root / other["note"]).read_text(encoding="utf-8")


def _served(vault, *extra):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "notesmith", "serve", "--vault", str(vault), "--port", "0",
                             *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_serve_prints_its_url_and_guards_a_real_socket(vault):
    server = _served(vault)
    try:
        first = server.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", first).group(0)
        with httpx.Client(base_url=url, timeout=30) as web:
            assert web.get("/api/tasks").status_code == 200
            assert web.get("/api/tasks", headers={"Host": "rebound.example"}).status_code == 400
            task = web.get("/api/tasks").json()[0]
            assert web.post(f"/api/tasks/{task['id']}", json={"status": "open"}).status_code == 403
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert line(vault, task["path"], task["id"]).startswith("- [?] ")


def test_serve_refuses_a_folder_that_is_no_vault_and_a_remote_host_without_the_flag(vault, tmp_path):
    nothing = notesmith("serve", "--vault", str(tmp_path / "nowhere"), "--port", "0")
    assert nothing.returncode == 2 and "does not exist" in nothing.stderr
    remote = notesmith("serve", "--vault", str(vault), "--host", "0.0.0.0", "--port", "0")
    assert remote.returncode == 2 and "needs --allow-remote" in remote.stderr
