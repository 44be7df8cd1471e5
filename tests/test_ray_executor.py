"""`notesmith ingest --executor ray`: reading and extraction as tasks on a Ray cluster (one started here, on this
machine), the one writer on the driver; the vault is the local executor's, byte for byte."""

from __future__ import annotations

import json
import shutil

import pytest
from llm_replay import ReplayServer
from test_cli import notesmith
from test_jobs import varied_inputs, vault_bytes
from test_llm import GOOD, STANDUP
from vaults import make_vault

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'notesmith[ray]')")


@pytest.fixture(scope="module")
def ray_address(tmp_path_factory):
    """A local Ray of 2 CPUs for the whole module (it takes seconds to start); commands join it by address."""
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False,
             _temp_dir=str(tmp_path_factory.mktemp("ray")))
    yield ray.get_runtime_context().gcs_address
    ray.shutdown()


def test_ray_tasks_write_the_vault_the_local_executor_writes(tmp_path, ray_address):
    inputs = varied_inputs(tmp_path / "inputs")
    reports = {}
    for executor in ("local", "ray"):  # each built at the same path (error notes name it), then put aside
        vault = make_vault(tmp_path / "vault", inputs)
        options = ["--jobs", "1"] if executor == "local" else ["--executor", "ray", "--ray-address", ray_address]
        result = notesmith("ingest", "--vault", str(vault), *options, "--json", timeout=300)
        assert result.returncode == 1, result.stderr  # the scan failed, as it should
        reports[executor] = json.loads(result.stdout)
        vault.rename(tmp_path / executor)
    assert vault_bytes(tmp_path / "ray") == vault_bytes(tmp_path / "local")
    assert [s["status"] for s in reports["ray"]["sources"]] == [s["status"] for s in reports["local"]["sources"]]
    assert (tmp_path / "ray" / "Inbox" / "_failed" / "scan.md.error.txt").is_file()


def test_a_model_asked_from_ray_workers_is_counted_on_the_driver(tmp_path, ray_address):
    vault = tmp_path / "vault"
    notesmith("init", str(vault))
    shutil.copyfile(STANDUP, vault / "Inbox" / STANDUP.name)
    with ReplayServer([GOOD]) as server:
        (vault / "notesmith.toml").write_text(
            f'[me]\nname = "Robin Hale"\n\n[llm]\nbase_url = "{server.base_url}"\nmodel = "replay"\ntimeout = 5\n'
            "max_retries = 0\n", encoding="utf-8")
        result = notesmith("ingest", "--vault", str(vault), "--extractor", "llm", "--executor", "ray",
                           "--ray-address", ray_address, "--json", timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["llm"]["requests"] == 1 == len(server.requests) and report["llm"]["tokens_in"] > 0
    assert report["sources"][0]["status"] == "ingested"
    [note] = (vault / "Meetings").rglob("*.md")
    assert "Rerun the restore tests and post the timings." in note.read_text(encoding="utf-8")


def test_an_unreachable_cluster_is_one_sentence_and_nothing_is_written(tmp_path):
    vault = make_vault(tmp_path / "vault", [STANDUP])
    result = notesmith("ingest", "--vault", str(vault), "--executor", "ray", "--ray-address", "127.0.0.1:9",
                       timeout=300)
    assert result.returncode == 2 and "cannot reach the Ray cluster at 127.0.0.1:9" in result.stderr
    assert "Traceback" not in result.stderr
    assert (vault / "Inbox" / STANDUP.name).is_file() and not list((vault / "Meetings").rglob("*.md"))
