"""Wires the stages together; the only place that turns config into what each stage needs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from notesmith.config import Config
from notesmith.domain import Source
from notesmith.sources import ReadContext, SourceError, read_source


def read_context_from(config: Config) -> ReadContext:
    return ReadContext(
        owner_name=config.me.name,
        owner_aliases=tuple(config.me.aliases),
        owner_emails=tuple(e.lower() for e in config.me.emails),
        speaker_map=dict(config.speakers),
    )


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
