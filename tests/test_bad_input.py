"""Bad input never crashes a reader and never passes silently: one clear error naming file and reason."""

from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, ROBIN
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notesmith.domain import Source
from notesmith.sources import SourceError, read_bytes, read_source

ALL_INPUTS = sorted(p for p in [*EXAMPLES.iterdir(), *FIXTURES.iterdir()] if p.is_file() and p.suffix != ".toml")


def _read_or_error(data: bytes, name: str = "input.md") -> Source | SourceError:
    try:
        source = read_bytes(data, Path(name), ROBIN)
    except SourceError as exc:
        assert exc.path == name and exc.reason
        return exc
    Source.model_validate_json(source.model_dump_json())
    return source


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t\n", "empty file"),
        (b"%PDF-1.7\n%binary", "binary file (PDF document"),
        (b"PK\x03\x04\x14\x00rest-of-zip", "binary file (ZIP archive"),
        (b"hello\x00world\x00" * 10, "binary file (contains NUL bytes"),
        (b"\x81\x8d\x8f\x90\x9d" * 20, "undecodable"),
        (b'{"meeting": "json, not a note"}', "unknown format: JSON data"),
        (b"<!DOCTYPE html><html><body>hi</body></html>", "unknown format: HTML"),
        (b"12 34\n", "unknown format: fewer than three words"),
        (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n", "webvtt file without any cue text"),
    ],
)
def test_unreadable_input_gives_one_clear_error(data, reason):
    result = _read_or_error(data, "bad-input.txt")
    assert isinstance(result, SourceError)
    assert reason in result.reason
    assert str(result).startswith("bad-input.txt: ")


def test_a_date_no_calendar_has_in_frontmatter_is_reported_and_the_note_still_read():
    source = _read_or_error(b"---\ntitle: Sync\ndate: 2026-13-45\n---\n# Sync\n\n## Decisions\n"
                            b"- We go with the Tuesday release train.\n", "sync.md")
    assert isinstance(source, Source) and "Tuesday release train" in source.text
    assert any("invalid YAML frontmatter: month must be in 1..12" in w for w in source.warnings)


def test_directory_and_missing_file_are_errors_naming_the_path(tmp_path):
    with pytest.raises(SourceError, match="is a directory"):
        read_source(tmp_path, ROBIN)
    with pytest.raises(SourceError, match="cannot read file"):
        read_source(tmp_path / "missing.vtt", ROBIN)


def test_windows_1252_file_is_read_with_a_warning():
    source = _read_or_error("Notes from the café – 2026-03-02\n\n- Budget is €40k.\n".encode("cp1252"), "n.txt")
    assert isinstance(source, Source)
    assert "café" in source.sections[0].body or "café" in (source.title or "")
    assert any("Windows-1252" in w for w in source.warnings)


def test_utf16_file_is_read():
    source = _read_or_error("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ines Duarte>Hello there.</v>\n".encode("utf-16"))
    assert isinstance(source, Source) and source.utterances[0].speaker == "Ines Duarte"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_a_source_or_a_source_error(data):
    _read_or_error(data)


@pytest.mark.parametrize("path", ALL_INPUTS, ids=lambda p: p.name)
@settings(max_examples=40, deadline=None)
@given(cut=st.floats(min_value=0.0, max_value=1.0))
def test_truncated_inputs_give_a_source_or_a_source_error(path, cut):
    data = path.read_bytes()
    _read_or_error(data[: int(len(data) * cut)], path.name)


@pytest.mark.parametrize("path", ALL_INPUTS, ids=lambda p: p.name)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_garbled_inputs_give_a_source_or_a_source_error(path, data):
    raw = bytearray(path.read_bytes())
    for _ in range(data.draw(st.integers(1, 12))):
        position = data.draw(st.integers(0, len(raw) - 1))
        raw[position] = data.draw(st.integers(0, 255))
    _read_or_error(bytes(raw), path.name)
