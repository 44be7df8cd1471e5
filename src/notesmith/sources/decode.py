"""Raw bytes to text, refusing binary, empty and undecodable files with a clear reason."""

from __future__ import annotations

import codecs
import re

from notesmith.sources.errors import SourceError

_MAGIC = {
    b"%PDF": "PDF document",
    b"PK\x03\x04": "ZIP archive (e.g. .docx)",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"ID3": "MP3 audio",
    b"RIFF": "RIFF media (WAV/AVI)",
    b"\xd0\xcf\x11\xe0": "legacy Office document",
    b"SQLite format 3": "SQLite database",
}

# characters below 32 other than tab, newline, form feed and carriage return
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def decode_bytes(data: bytes, path: str) -> tuple[str, list[str]]:
    """(text, warnings) for a text file; SourceError naming the reason otherwise."""
    if not data.strip():
        raise SourceError(path, "empty file")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise SourceError(path, f"binary file ({what}), not a transcript, e-mail or note")
    text, warnings = _decode(data, path)
    if _control_ratio(text) > 0.05:
        raise SourceError(path, "binary file (control characters), not a transcript, e-mail or note")
    return text, warnings


def _decode(data: bytes, path: str) -> tuple[str, list[str]]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise SourceError(path, f"undecodable UTF-16 text ({exc.reason})") from exc
    if b"\x00" in data:
        raise SourceError(path, "binary file (contains NUL bytes), not a transcript, e-mail or note")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), ["not valid UTF-8; decoded as Windows-1252"]
    except UnicodeDecodeError as exc:
        raise SourceError(path, "undecodable: neither UTF-8 nor Windows-1252 text") from exc


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    return len(_CONTROL.findall(sample)) / max(len(sample), 1)
