"""The LLM extractor against recorded responses replayed by a local HTTP server (no monkeypatching of the client)."""

from __future__ import annotations

import json
import shutil
import time

import pytest
from conftest import EXAMPLES
from llm_replay import ReplayServer, answer, findings, recorded
from test_cli import notesmith

from notesmith.app.pipeline import llm_extractor, llm_usage, read_context_from
from notesmith.config import load_config
from notesmith.extract.llm.client import LLMError
from notesmith.sources import read_source

STANDUP = EXAMPLES / "kestrel-standup.txt"
PIN = "We also decided to pin the agent version at 3.1 until the checksum bug is fixed."
GOOD = findings(
    summary="The staging cluster is back. The agent version stays pinned.",
    decisions=[{"text": "Pin the agent version at 3.1 until the checksum bug is fixed.", "quote": PIN.lower()}],
    tasks=[{"text": "Rerun the restore tests and post the timings.", "owner": "Robin Hale", "due": "2026-03-20",
            "priority": "high", "quote": "I'll rerun the restore tests today and post the timings"}],
    facts=[{"text": "The cluster moved to Mars.", "quote": "the cluster was moved to Mars last week"}])


def config_for(tmp_path, base_url: str, **llm) -> object:
    settings = {"base_url": base_url, "model": "replay", "timeout": 5, "max_retries": 0, **llm}
    lines = "\n".join(f"{k} = {json.dumps(v)}" for k, v in settings.items())
    path = tmp_path / "notesmith.toml"
    path.write_text(f'[me]\nname = "Robin Hale"\n\n[llm]\n{lines}\n', encoding="utf-8")
    return load_config(path, {"OPENAI_API_KEY": "sk-test-not-real"})


def extract_with(config, path=STANDUP, cache_dir=None):
    usage = llm_usage(config)
    extractor = llm_extractor(config, {"OPENAI_API_KEY": "sk-test-not-real"}, cache_dir, usage)
    return extractor(read_source(path, read_context_from(config))), usage


def test_every_request_says_store_false_and_asks_for_the_schema(tmp_path):
    with ReplayServer([GOOD]) as server:
        extraction, usage = extract_with(config_for(tmp_path, server.base_url))
    sent = server.requests[0]
    assert sent["store"] is False and sent["temperature"] == 0
    assert sent["response_format"]["type"] == "json_schema"
    assert "tasks" in sent["response_format"]["json_schema"]["schema"]["properties"]
    assert "2026-03-11" in sent["messages"][0]["content"] and "Robin Hale" in sent["messages"][0]["content"]
    assert extraction.extractor == "llm" and extraction.model == "replay" and extraction.prompt_version
    assert usage.requests == 1 and usage.tokens_in == 100 and usage.tokens_out == 20


def test_items_are_grounded_with_start_times_and_ungrounded_ones_dropped(tmp_path):
    with ReplayServer([GOOD]) as server:
        extraction, usage = extract_with(config_for(tmp_path, server.base_url))
    [task] = extraction.tasks
    assert (task.owner, task.due.isoformat(), task.evidence[0].start) == ("Robin Hale", "2026-03-11", 12.0), \
        "'today' in the quote wins over the model's date"
    assert task.priority is None, "no word of the quote carries a priority"
    assert [(d.text, d.evidence[0].start) for d in extraction.decisions] == [
        ("Pin the agent version at 3.1 until the checksum bug is fixed.", 21.0)]
    assert extraction.facts == [] and usage.dropped_ungrounded == 1


def test_a_server_that_refuses_json_schema_is_asked_in_json_mode(tmp_path):
    with ReplayServer([recorded("llama-cpp-refuses-json-schema"), GOOD]) as server:
        extraction, _ = extract_with(config_for(tmp_path, server.base_url))
    assert [r["response_format"]["type"] for r in server.requests] == ["json_schema", "json_object"]
    assert "schema" in server.requests[1]["response_format"] and extraction.tasks


def test_an_answer_off_the_schema_is_retried_once_with_the_error(tmp_path):
    wrong = findings(tasks=[{"text": "Rerun the tests."}])  # no quote
    with ReplayServer([wrong, GOOD]) as server:
        extraction, usage = extract_with(config_for(tmp_path, server.base_url))
    retry = server.requests[1]["messages"]
    assert "tasks.0.quote" in retry[-1]["content"] and retry[-2]["role"] == "assistant"
    assert usage.retries == 1 and len(extraction.tasks) == 1


def test_truncated_json_twice_sends_the_source_to_failed_with_the_reason(tmp_path):
    vault = tmp_path / "v"
    notesmith("init", str(vault))
    shutil.copyfile(STANDUP, vault / "Inbox/kestrel-standup.txt")
    with ReplayServer([answer('{"summary": "The staging cluster is back", "decisions": [{"text": "Pin')]) as server:
        config_for(vault, server.base_url)
        result = notesmith("ingest", "--vault", str(vault), "--extractor", "llm", "--json")
    assert result.returncode == 1 and len(server.requests) == 2
    report = json.loads(result.stdout)
    assert report["sources"][0]["status"] == "failed" and report["llm"]["retries"] == 1
    reason = (vault / "Inbox/_failed/kestrel-standup.txt.error.txt").read_text(encoding="utf-8")
    assert "did not match the schema twice" in reason
    assert (vault / "Inbox/_failed/kestrel-standup.txt").read_bytes() == STANDUP.read_bytes()
    assert not list((vault / "Meetings").rglob("*.md"))


def test_a_429_is_retried_after_the_time_the_server_asks(tmp_path):
    with ReplayServer([recorded("rate-limited"), GOOD]) as server:
        started = time.monotonic()
        extraction, usage = extract_with(config_for(tmp_path, server.base_url, max_retries=2))
    assert len(server.requests) == 2 and time.monotonic() - started >= 0.9
    assert extraction.tasks and usage.requests == 1


def test_no_answer_in_time_is_a_clean_failure(tmp_path):
    with ReplayServer([GOOD], delay=2.0) as server:
        with pytest.raises(LLMError, match="no answer .* within 0.5 s"):
            extract_with(config_for(tmp_path, server.base_url, timeout=0.5))


def test_a_long_transcript_is_chunked_with_overlap_and_merged(tmp_path):
    lines = [f"Mei Chen  {m}:00\nThe restore batch {m} finished without errors on the staging cluster today.\n"
             for m in range(40)]
    lines[20] = "Robin Hale  20:00\nLet's go with weekly restore drills from now on.\n"
    path = tmp_path / "long-standup.txt"
    path.write_text("Restore standup\nWed, Mar 11, 2026 9:30 AM\n\n" + "\n".join(lines), encoding="utf-8")
    drill = findings(decisions=[{"text": "Weekly restore drills.", "quote": "go with weekly restore drills"}])
    with ReplayServer([drill]) as server:
        extraction, usage = extract_with(config_for(tmp_path, server.base_url, chunk_tokens=200, overlap_lines=2),
                                         path)
    chunks = [r["messages"][1]["content"] for r in server.requests]
    assert len(chunks) >= 4 and all("part " in c for c in chunks)
    everything = "\n".join(chunks)
    assert all(f"batch {m} finished" in everything for m in range(40) if m != 20), "nothing is cut off"
    assert sum("batch 5 finished" in c for c in chunks) <= 2
    assert any(c.count("finished") and "batch 9 finished" in c and "batch 10 finished" in c for c in chunks)
    assert [(d.text, d.evidence[0].start) for d in extraction.decisions] == [("Weekly restore drills.", 1200.0)]
    assert usage.requests == len(chunks)


def test_redaction_sends_no_address_and_restores_it_in_the_answer(tmp_path):
    path = tmp_path / "call.txt"
    path.write_text("Call with Quarry Labs\nWed, Mar 11, 2026 9:30 AM\n\nMei Chen  0:04\nSend the contract to "
                    "legal@quarry.example or call +1 415 555 0199 before Friday.\n", encoding="utf-8")
    reply = findings(tasks=[{"text": "Send the contract to <EMAIL_1>.", "owner": "Mei Chen",
                             "quote": "Send the contract to <EMAIL_1> or call <PHONE_1> before Friday"}])
    with ReplayServer([reply]) as server:
        extraction, _ = extract_with(config_for(tmp_path, server.base_url, redact=True), path)
    sent = json.dumps(server.requests[0])
    assert "legal@quarry.example" not in sent and "555 0199" not in sent and "<EMAIL_1>" in sent
    [task] = extraction.tasks
    assert task.text == "Send the contract to legal@quarry.example." and task.due.isoformat() == "2026-03-13"


def test_a_rerun_asks_the_model_nothing(tmp_path):
    vault = tmp_path / "v"
    notesmith("init", str(vault))
    shutil.copyfile(STANDUP, vault / "Inbox/kestrel-standup.txt")
    with ReplayServer([GOOD]) as server:
        config_for(vault, server.base_url)
        first = json.loads(notesmith("ingest", "--vault", str(vault), "--extractor", "llm", "--json").stdout)
        note = next((vault / "Meetings").rglob("*.md"))
        written = note.read_text(encoding="utf-8")
        assert notesmith("undo", "--vault", str(vault)).returncode == 0 and not note.exists()
        again = json.loads(notesmith("ingest", "--vault", str(vault), "--extractor", "llm", "--json").stdout)
    assert first["llm"]["requests"] == 1 and len(server.requests) == 1, "the second run was answered by the cache"
    assert again["llm"]["requests"] == 0 and again["llm"]["cache_hits"] == 1
    assert note.read_text(encoding="utf-8") == written and "Rerun the restore tests and post the timings." in written
