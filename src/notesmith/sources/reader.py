"""Read one input file into a normalized Source, choosing the format by content."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

from notesmith.domain import Source, SourceFormat
from notesmith.sources.assemble import email_source, sha256_hex, transcript_source
from notesmith.sources.context import ReadContext
from notesmith.sources.dates import find_date, find_file_name_date, find_time
from notesmith.sources.decode import decode_bytes
from notesmith.sources.errors import SourceError
from notesmith.sources.formats import cues, email_export, eml, otter
from notesmith.sources.formats.document import parse_document, title_from_file_name
from notesmith.sources.normalize import normalize_text

MAX_BYTES = 50 * 1024 * 1024
_WORD_LIKE = re.compile(r"\S+")


def read_source(path: Path, ctx: ReadContext) -> Source:
    """The Source of a file; SourceError (naming the file and the reason) when it cannot be read."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise SourceError(path, f"file too large ({path.stat().st_size} bytes; limit {MAX_BYTES})")
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise SourceError(path, "is a directory, not a file") from exc
    except OSError as exc:
        raise SourceError(path, f"cannot read file: {exc.strerror or exc}") from exc
    return read_bytes(data, path, ctx)


def read_bytes(data: bytes, path: Path, ctx: ReadContext) -> Source:
    raw_sha256 = sha256_hex(data)
    if eml.looks_like_eml(data):
        return _read_eml(data, path, raw_sha256)
    decoded, warnings = decode_bytes(data, str(path))
    text = normalize_text(decoded)
    base = {"origin_path": str(path), "raw_sha256": raw_sha256, "warnings": warnings}
    if cues.looks_like_webvtt(text):
        return _read_cues(text, SourceFormat.webvtt, path, ctx, base)
    if cues.looks_like_srt(text):
        return _read_cues(text, SourceFormat.srt, path, ctx, base)
    if email_export.looks_like_email_export(text):
        return _read_email_export(text, path, base)
    if otter.has_header(text) and not text.lstrip().startswith(("---", "#")):
        source = _read_otter(text, path, ctx, base)
        if source.utterances:
            return source
    return _read_document(text, path, ctx, base)


def _read_eml(data: bytes, path: Path, raw_sha256: str) -> Source:
    message = eml.parse_eml(data)
    message = message.model_copy(update={"body": normalize_text(message.body)})
    if not message.body and not message.subject:
        raise SourceError(path, "e-mail has neither a subject nor a text body")
    return email_source(
        [message], title=message.subject, format=SourceFormat.eml, origin_path=str(path),
        raw_sha256=raw_sha256, warnings=[] if message.body else ["e-mail has no text body"],
    )


def _read_email_export(text: str, path: Path, base: dict) -> Source:
    subject, messages = email_export.parse_email_export(text)
    if not messages:
        raise SourceError(path, "e-mail export without any message")
    return email_source(messages, title=subject, format=SourceFormat.email_export, **base)


def _read_cues(text: str, fmt: SourceFormat, path: Path, ctx: ReadContext, base: dict) -> Source:
    turns = cues.parse_cues(text)
    if not turns:
        raise SourceError(path, f"{fmt.value} file without any cue text")
    return _with_date_warning(transcript_source(
        turns, ctx=ctx, known_people=[], counterpart=None, sections=[], format=fmt,
        title=title_from_file_name(path.stem), date=find_file_name_date(path.stem), text=text, **base,
    ))


def _read_otter(text: str, path: Path, ctx: ReadContext, base: dict) -> Source:
    preamble, turns = otter.parse_otter(text)
    title = next((line for line in preamble if not find_date(line)), None) or title_from_file_name(path.stem)
    dated = next((line for line in preamble if find_date(line)), "")
    return _with_date_warning(transcript_source(
        turns, ctx=ctx, known_people=[], counterpart=None, sections=[], format=SourceFormat.otter,
        title=title, date=find_date(dated) or find_file_name_date(path.stem), time=find_time(dated),
        text=text, **base,
    ))


def _read_document(text: str, path: Path, ctx: ReadContext, base: dict) -> Source:
    _refuse_unknown(text, path)
    parts = parse_document(text, path.stem)
    if not parts.turns and not parts.sections:
        raise SourceError(path, "unknown format: no transcript, e-mail or note text found")
    base = {**base, "warnings": base["warnings"] + parts.warnings}
    return _with_date_warning(transcript_source(
        parts.turns, ctx=ctx, known_people=parts.known_people, counterpart=parts.counterpart,
        sections=parts.sections, format=parts.format, title=parts.title, date=parts.date,
        time=parts.time, frontmatter=_plain(parts.frontmatter), text=text, **base,
    ))


def _refuse_unknown(text: str, path: Path) -> None:
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype", "<html", "<?xml")):
        raise SourceError(path, "unknown format: HTML/XML document")
    if head.startswith(("{", "[")) and not head.startswith("[0") and not head.startswith("[["):
        try:
            json.loads(text)
        except (ValueError, RecursionError):  # RecursionError: brackets nested deeper than the decoder goes
            return
        raise SourceError(path, "unknown format: JSON data")
    words = (w for w in _WORD_LIKE.finditer(text) if any(c.isalpha() for c in w.group()))
    if len(list(itertools.islice(words, 3))) < 3:  # three found is enough: the rest of a long file is not counted
        raise SourceError(path, "unknown format: fewer than three words of text")


def _with_date_warning(source: Source) -> Source:
    if source.date is None:
        source.warnings.append("no date found in the file, its name or its metadata")
    return source


def _plain(value):
    """Frontmatter as JSON-safe plain data (dates become ISO strings)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
