"""Wires the stages together; the only place that turns config into what each stage needs."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from notesmith.app.owner import owner_from
from notesmith.app.prepare import Extractor
from notesmith.config import Config
from notesmith.domain import Source
from notesmith.extract.llm.cache import ResponseCache
from notesmith.extract.llm.usage import Usage
from notesmith.extract.rules import extract as rules_extract
from notesmith.plan.dedup import same_statement
from notesmith.sources import ReadContext, SourceError, read_source

if TYPE_CHECKING:  # the model's client loads the openai SDK (~0.9 s): only a run that asks a model pays for it
    from notesmith.extract.llm.extractor import LLMExtractor

KnownNames = Callable[[Source], list[str]]
LLM_CACHE = ("cache", "llm")


def rules_extractor(config: Config) -> Extractor:
    """The offline extractor; a partial of a module function, so worker processes can receive it."""
    return functools.partial(rules_extract, owner=owner_from(config))


def llm_usage(config: Config) -> Usage:
    return Usage(price_in_per_mtok=config.llm.price_in_per_mtok, price_out_per_mtok=config.llm.price_out_per_mtok)


def llm_extractor(config: Config, environ: Mapping[str, str], state_dir: Path | None, usage: Usage,
                  known_names: KnownNames | None = None) -> LLMExtractor:
    """The model extractor from `[llm]`, its API key from the environment variable the config names, its answers
    cached under `state_dir` (none without a vault), what it costs counted in `usage`."""
    from notesmith.extract.llm.client import OpenAICompatibleClient, ServerSettings
    from notesmith.extract.llm.extractor import LLMExtractor, LLMSettings

    llm = config.llm
    client = OpenAICompatibleClient(ServerSettings(
        base_url=llm.base_url, model=llm.model, api_key=environ.get(llm.api_key_env, ""), timeout=llm.timeout,
        max_retries=llm.max_retries, requests_per_minute=llm.requests_per_minute, max_tokens=llm.max_tokens), usage)
    settings = LLMSettings(model=llm.model, chunk_tokens=llm.chunk_tokens, overlap_lines=llm.overlap_lines,
                           max_concurrency=llm.max_concurrency, redact=llm.redact)
    cache = ResponseCache(state_dir.joinpath(*LLM_CACHE)) if state_dir else None
    owner = owner_from(config)
    return LLMExtractor(client, settings, same=same_statement, structured=functools.partial(rules_extract, owner=owner),
                        owner=owner.name, cache=cache, known_names=known_names)


def read_context_from(config: Config) -> ReadContext:
    return ReadContext(owner=owner_from(config), speaker_map=dict(config.speakers))


def expand_inputs(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given; folders walked in name order, hidden files and folders skipped."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.is_file() and not hidden:
                    yield child
        else:
            yield path


def read_sources(paths: Iterable[Path], ctx: ReadContext) -> Iterator[tuple[Path, Source | SourceError]]:
    """Each input's Source, or the SourceError saying why it could not be read; never stops early."""
    for path in expand_inputs(paths):
        try:
            yield path, read_source(path, ctx)
        except SourceError as exc:
            yield path, exc
