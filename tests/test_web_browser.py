"""The review page in a real browser (Debian's chromium driven by Playwright) against a real `notesmith serve`:
accept by click and by key, reject, edit a due date, undo a run; each checked in the note file on disk."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from vaults import ingested_examples, vault_copy

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).is_file():
    pytest.skip("no chromium to drive (apt-get install chromium)", allow_module_level=True)

WAIT_MS = 30_000
SOURCES = ("2026-03-02 1on1 Tomas.md", "2026-03-06 Quarry Labs check-in.vtt", "2026-03-10 call with Quarry Labs.txt")
REPORT = "Get Nadia Petrov the report"  # the proposal of the Quarry Labs check-in
CHECK_IN = "Meetings/2026/2026-03-06 - Quarry Labs check-in.md"


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    return ingested_examples(tmp_path_factory.mktemp("browser") / "vault", SOURCES)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def vault(ingested, tmp_path):
    return vault_copy(ingested, tmp_path)


@pytest.fixture
def url(vault):
    """A real `notesmith serve` on a free port of 127.0.0.1, stopped after the test."""
    server = subprocess.Popen([sys.executable, "-m", "notesmith", "serve", "--vault", str(vault), "--port", "0",
                               "--no-open"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        printed = server.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+/", printed)
        assert found, printed + server.stderr.read()
        yield found.group(0)
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def page(browser, url):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(WAIT_MS)
    sync_api.expect.set_options(timeout=WAIT_MS)
    opened.goto(url)
    yield opened
    context.close()


def line(root, text: str) -> str:
    """The task line holding `text`, as it is on disk now."""
    found = [l for p in (root / "Meetings").rglob("*.md") for l in p.read_text(encoding="utf-8").splitlines()
             if text in l and "🆔" in l]
    assert len(found) == 1, found
    return found[0]


def row(page, text: str):
    return page.locator(".task", has_text=text)


def test_accept_a_proposal_by_click(vault, page):
    task = row(page, REPORT)
    task.get_by_role("button", name="Accept", exact=True).click()
    sync_api.expect(task).to_have_class(re.compile(r"\bopen\b"))
    sync_api.expect(page.locator("#flash")).to_contain_text(f"Accepted: {REPORT}")
    accepted = line(vault, REPORT)
    assert accepted.startswith("- [ ] ") and accepted.endswith("#task")


def test_accept_a_proposal_by_key(vault, page):
    first = page.locator(".task[data-pending]").first
    text = first.locator(".text").inner_text()
    page.keyboard.press("j")
    sync_api.expect(first).to_have_class(re.compile(r"\bselected\b"))
    page.keyboard.press("a")
    sync_api.expect(page.locator(".task.open", has_text=text)).to_have_count(1)
    assert line(vault, text).startswith("- [ ] ")
    sync_api.expect(page.locator(".task[data-pending]").first).to_have_class(re.compile(r"\bselected\b"))


def test_keys_work_without_htmx(browser, vault, url):
    context = browser.new_context()
    plain = context.new_page()
    plain.set_default_timeout(WAIT_MS)
    plain.route("**/htmx.min.js", lambda route: route.abort())  # the forms post and the page comes back
    plain.goto(url)
    second = plain.locator(".task[data-pending]").nth(1)
    text = second.locator(".text").inner_text()
    plain.keyboard.press("j")
    plain.keyboard.press("j")
    plain.keyboard.press("r")
    sync_api.expect(plain.locator("#flash")).to_contain_text(f"Rejected: {text}", timeout=WAIT_MS)
    assert line(vault, text).startswith("- [-] ")
    context.close()


def test_reject_a_proposal(vault, page):
    task = row(page, "Send the trial success criteria")
    task.get_by_role("button", name="Reject", exact=True).click()
    sync_api.expect(task).to_have_class(re.compile(r"\brejected\b"))
    rejected = line(vault, "Send the trial success criteria")
    assert rejected.startswith("- [-] ") and "#proposed" not in rejected


def test_edit_a_due_date(vault, page):
    task = row(page, REPORT)
    task.locator("summary", has_text="Edit").click()
    task.locator('input[name="due"]').fill("2026-12-24")
    task.get_by_role("button", name="Save", exact=True).click()
    sync_api.expect(row(page, REPORT).locator(".due")).to_have_text("due 2026-12-24")
    edited = line(vault, REPORT)
    assert "📅 2026-12-24" in edited and edited.startswith("- [?] ") and edited.endswith("#proposed")


def test_the_evidence_quote_shows_under_its_proposal(page):
    sync_api.expect(row(page, REPORT).locator("blockquote.evidence")).to_contain_text(
        "I'll get you the report by end of week.")


def test_undo_a_run(vault, page, url):
    before = (vault / CHECK_IN).read_bytes()
    row(page, REPORT).get_by_role("button", name="Accept", exact=True).click()
    sync_api.expect(row(page, REPORT)).to_have_class(re.compile(r"\bopen\b"))
    assert line(vault, REPORT).startswith("- [ ] ")
    page.goto(f"{url}runs")
    page.get_by_role("button", name="Undo this run").click()
    sync_api.expect(page.locator("#flash")).to_contain_text("Undid run")
    assert (vault / CHECK_IN).read_bytes() == before
    assert line(vault, REPORT).startswith("- [?] ") and line(vault, REPORT).endswith("#task #proposed")
