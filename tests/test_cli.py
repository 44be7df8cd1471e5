"""The command line as a user runs it: a real process, real files, exit codes and JSON."""

import json
import subprocess
import sys

from conftest import EXAMPLES, FIXTURES


def notesmith(*args, cwd=None, env=None, timeout=120):
    return subprocess.run(
        [sys.executable, "-m", "notesmith", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout
    )


def test_help_on_every_command():
    top = notesmith("--help")
    assert top.returncode == 0 and "sources" in top.stdout and "demo" in top.stdout
    for command in ("sources", "extract", "demo", "init", "ingest", "undo", "reindex", "tasks", "search", "brief",
                    "doctor", "review", "merge"):
        result = notesmith(command, "--help")
        assert result.returncode == 0 and "--json" in result.stdout


def test_sources_json_is_one_object_per_input_with_the_parse(tmp_path):
    result = notesmith("--config", str(EXAMPLES / "notesmith.toml"), "sources", str(EXAMPLES / "2026-03-02 1on1 Tomas.md"),
                       str(EXAMPLES / "kestrel-standup.txt"), "--json")
    assert result.returncode == 0, result.stderr
    first, second = [json.loads(line) for line in result.stdout.splitlines()]
    assert first["format"] == "macwhisper" and first["date"] == "2026-03-02"
    assert [p["name"] for p in first["participants"]] == ["Tomás Ortega", "Robin Hale"]
    assert first["utterances"][1] == {
        "speaker": "Robin Hale", "label": "Jabra Speak 710", "start": 12.2, "end": None,
        "text": "Yes. Quick update on Project Kestrel: the backup migration is forty percent done.",
    }
    assert "text" not in first
    assert second["format"] == "otter" and second["time"] == "09:30:00"


def test_bad_file_is_reported_and_the_others_still_read(tmp_path):
    bad = tmp_path / "photo.md"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    result = notesmith("sources", str(bad), str(FIXTURES / "otter-hours.txt"), "--json", cwd=tmp_path)
    assert result.returncode == 1
    error, good = [json.loads(line) for line in result.stdout.splitlines()]
    assert error == {"origin_path": str(bad), "error": "binary file (PNG image), not a transcript, e-mail or note"}
    assert good["format"] == "otter"
    assert "photo.md: binary file (PNG image)" in result.stderr


def test_human_output_lists_each_source(tmp_path):
    files = sorted(str(p) for p in FIXTURES.iterdir() if p.is_file())  # the archive corpus has a bench of its own
    result = notesmith("sources", *files, cwd=tmp_path, env={"COLUMNS": "250", "PATH": ""})
    assert result.returncode == 0, result.stderr
    for name in ("ami-style-intros.txt", "html-only.eml", "multiline-cues.vtt"):
        assert name in result.stdout
    assert "unresolved speaker label: Speaker D" in result.stdout


def test_config_error_exits_2_with_the_reason(tmp_path):
    (tmp_path / "notesmith.toml").write_text("[me\n", encoding="utf-8")
    result = notesmith("sources", str(FIXTURES / "otter-hours.txt"), cwd=tmp_path)
    assert result.returncode == 2 and "invalid TOML" in result.stderr


def test_extract_json_and_out_folder(tmp_path):
    config = str(EXAMPLES / "notesmith.toml")
    result = notesmith("--config", config, "extract", str(EXAMPLES / "halcyon-renewal.md"), "--json")
    assert result.returncode == 0, result.stderr
    extraction = json.loads(result.stdout)
    assert extraction["schema_version"] == 1 and extraction["extractor"] == "rules"
    done = next(t for t in extraction["tasks"] if t["status"] == "done")
    assert done["done_date"] == "2026-03-05" and done["owner"] == "Grace Adeyemi"
    out = tmp_path / "out"
    result = notesmith("--config", config, "extract", str(EXAMPLES / "kestrel-standup.txt"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    written = json.loads((out / "kestrel-standup.txt.extraction.json").read_text(encoding="utf-8"))
    assert written["decisions"][0]["evidence"][0]["start"] == 21.0
    assert written["tasks"][0]["owner"] == "Robin Hale" and written["tasks"][0]["due"] == "2026-03-11"
