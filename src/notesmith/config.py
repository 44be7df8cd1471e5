"""notesmith.toml and NOTESMITH_* overrides, read once at the edge and passed down."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

CONFIG_FILE_NAME = "notesmith.toml"
ENV_PREFIX = "NOTESMITH_"
EXTRACTORS = ("rules", "llm")  # ExtractorConfig.name says the same, for pydantic


class ConfigError(Exception):
    """The configuration cannot be used; the message says which file and why."""


class OwnerConfig(BaseModel):
    """`[me]`: the vault owner, one entity under every name they go by."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    aliases: list[str] = Field(default_factory=list)
    emails: list[str] = Field(default_factory=list)
    employer: str | None = None

    def names(self) -> list[str]:
        return [n for n in [self.name, *self.aliases] if n]


class PathsConfig(BaseModel):
    """`[paths]`: vault-relative folders (DESIGN §6)."""

    model_config = ConfigDict(extra="forbid")

    people: str = "People"
    organizations: str = "Organizations"
    projects: str = "Projects"
    meetings: str = "Meetings"
    sources: str = "Sources"
    inbox: str = "Inbox"
    failed: str = "Inbox/_failed"


class NotesConfig(BaseModel):
    """`[notes]`: how generated notes read."""

    model_config = ConfigDict(extra="forbid")

    recent_context: int = Field(default=10, ge=1, le=1000,
                                description="meetings listed under an entity's `## Recent Context`, newest first")


class ExtractorConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Literal["rules", "llm"] = "rules"


class GitConfig(BaseModel):
    """`[git]`: when a run may commit (DESIGN §8)."""

    model_config = ConfigDict(extra="forbid")

    commit: Literal["auto", "always", "never"] = Field(
        default="auto", description="auto: only into a repository `notesmith init` created; always: into any "
                                    "repository at the vault's root; never")


class LLMConfig(BaseModel):
    """`[llm]`: the OpenAI-compatible server `--extractor llm` asks (DESIGN §4)."""

    model_config = ConfigDict(extra="forbid")

    base_url: str = Field(default="https://api.openai.com/v1", description="the server's /v1 address")
    model: str = "gpt-4o-mini"
    api_key_env: str = Field(default="OPENAI_API_KEY", description="environment variable holding the API key; "
                                                                   "the key itself is never read from a file")
    timeout: float = Field(default=120.0, gt=0, description="seconds to wait for one answer")
    max_retries: int = Field(default=2, ge=0, le=10, description="HTTP retries (429 honours Retry-After, 5xx)")
    max_concurrency: int = Field(default=4, ge=1, le=64, description="chunks asked at the same time")
    requests_per_minute: int = Field(default=0, ge=0, description="0 = no limit")
    chunk_tokens: int = Field(default=3000, ge=200, description="source text per request, estimated tokens")
    overlap_lines: int = Field(default=3, ge=0, le=50, description="lines repeated at the start of the next chunk")
    max_tokens: int = Field(default=2048, ge=64, description="longest answer asked for")
    redact: bool = Field(default=False, description="replace e-mail addresses and phone numbers before sending")
    price_in_per_mtok: float = Field(default=0.0, ge=0, description="USD per million input tokens, for the estimate")
    price_out_per_mtok: float = Field(default=0.0, ge=0, description="USD per million output tokens")


class WatchConfig(BaseModel):
    """`[watch]`: what `notesmith watch` takes inputs from besides the Inbox, and when a file is done being written."""

    model_config = ConfigDict(extra="forbid")

    folders: list[str] = Field(default_factory=list, description="more folders to take inputs from, e.g. a "
                               "recorder's export folder (relative to the vault, or absolute; ~ is your home); "
                               "their files are copied into the vault, never moved")
    settle_seconds: float = Field(default=2.0, gt=0, le=3600, description="a file is taken once its size and "
                                  "time have not changed for this long (recorders write as they go)")


class Config(BaseModel):
    """Everything notesmith can be told; built by `load_config`."""

    model_config = ConfigDict(extra="forbid")

    me: OwnerConfig = Field(default_factory=OwnerConfig)
    speakers: dict[str, str] = Field(
        default_factory=dict, description="speaker label (device, 'Speaker 1') → person name"
    )
    paths: PathsConfig = Field(default_factory=PathsConfig)
    extractor: ExtractorConfig = Field(default_factory=ExtractorConfig)
    notes: NotesConfig = Field(default_factory=NotesConfig)
    llm: LLMConfig = Field(default_factory=LLMConfig)
    git: GitConfig = Field(default_factory=GitConfig)
    watch: WatchConfig = Field(default_factory=WatchConfig)
    config_path: Path | None = Field(default=None, exclude=True)


def find_config(explicit: Path | None, vault: Path | None) -> Path | None:
    """The config file to use: the one given, else `notesmith.toml` in the vault root."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: config file not found")
        return explicit
    candidate = (vault or Path.cwd()) / CONFIG_FILE_NAME
    return candidate if candidate.is_file() else None


def load_config(path: Path | None, environ: Mapping[str, str]) -> Config:
    """Read the TOML file (if any), apply NOTESMITH_* overrides, validate."""
    data: dict = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read config: {exc}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    _apply_env_overrides(data, environ)
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        where = path or "environment (NOTESMITH_*)"
        raise ConfigError("\n".join(f"{where}: {_explain(error)}" for error in exc.errors())) from None
    config.config_path = path
    return config


def _explain(error: dict) -> str:
    """One pydantic error as a person reads it: the section and key, what is wrong, what is allowed."""
    *section, key = [str(part) for part in error["loc"]]
    model = _model_at(section)
    place = f"[{'.'.join(section)}] {key}" if section else f"[{key}]"
    if error["type"] == "extra_forbidden":
        valid = ", ".join(n for n, f in model.model_fields.items() if not f.exclude) if model else ""
        if not section:
            return f"{place}: unknown section; the sections are: {valid}"
        return f"{place}: unknown key; [{'.'.join(section)}] takes: {valid}"
    message = error["msg"][0].lower() + error["msg"][1:]
    return f"{place} = {error.get('input')!r}: {message}"


def _model_at(section: list[str]) -> type[BaseModel] | None:
    model: type[BaseModel] | None = Config
    for name in section:
        field_info = model.model_fields.get(name) if model else None
        annotation = field_info.annotation if field_info else None
        model = annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    return model


_LIST_KEYS = {("me", "aliases"), ("me", "emails"), ("watch", "folders")}
_SECTIONS = ("me", "paths", "extractor", "notes", "llm", "git", "watch")


def _apply_env_overrides(data: dict, environ: Mapping[str, str]) -> None:
    """NOTESMITH_<SECTION>_<KEY>=value; lists are comma-separated."""
    for var, value in environ.items():
        if not var.startswith(ENV_PREFIX):
            continue
        rest = var[len(ENV_PREFIX) :].lower()
        if rest == "extractor":
            rest = "extractor_name"
        section = next((s for s in _SECTIONS if rest.startswith(s + "_")), None)
        if section is None:
            continue
        key = rest[len(section) + 1 :]
        if (section, key) in _LIST_KEYS:
            data.setdefault(section, {})[key] = [v.strip() for v in value.split(",") if v.strip()]
        else:
            data.setdefault(section, {})[key] = value
