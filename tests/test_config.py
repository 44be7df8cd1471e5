"""notesmith.toml, NOTESMITH_* overrides and clear errors."""

import pytest

from notesmith.app.pipeline import read_context_from
from notesmith.config import ConfigError, find_config, load_config


def test_defaults_without_a_file():
    config = load_config(None, {})
    assert config.me.name is None and config.paths.people == "People" and config.extractor.name == "rules"


def test_file_is_read_and_environment_overrides_it(tmp_path):
    path = tmp_path / "notesmith.toml"
    path.write_text(
        '[me]\nname = "Robin Hale"\nemails = ["robin.hale@bluefin.example"]\nemployer = "Bluefin Data"\n'
        '[speakers]\n"Jabra Speak 710" = "Robin Hale"\n[paths]\nmeetings = "Calls"\n',
        encoding="utf-8",
    )
    env = {"NOTESMITH_ME_ALIASES": "Robin, RH", "NOTESMITH_EXTRACTOR": "llm", "HOME": "/root"}
    config = load_config(find_config(None, tmp_path), env)
    assert config.me.name == "Robin Hale" and config.me.aliases == ["Robin", "RH"]
    assert config.paths.meetings == "Calls" and config.extractor.name == "llm"
    ctx = read_context_from(config)
    assert ctx.mapped_speaker("JABRA speak 710") == "Robin Hale"
    assert ctx.owner.names() == ("Robin Hale", "Robin", "RH")


def test_invalid_toml_names_the_file(tmp_path):
    path = tmp_path / "notesmith.toml"
    path.write_text("[me\nname = 1", encoding="utf-8")
    with pytest.raises(ConfigError, match="notesmith.toml: invalid TOML"):
        load_config(path, {})


def test_unknown_keys_and_bad_values_are_refused(tmp_path):
    path = tmp_path / "notesmith.toml"
    path.write_text('[me]\nnmae = "typo"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="nmae"):
        load_config(path, {})
    with pytest.raises(ConfigError, match="extractor"):
        load_config(None, {"NOTESMITH_EXTRACTOR": "magic"})


def test_missing_explicit_config_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        find_config(tmp_path / "nope.toml", None)
