"""Safe file names for notes and archived sources (DESIGN §6)."""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata

MAX_NAME_BYTES = 100
_REPLACED = re.compile(r"[\\/:|]")
# Obsidian or Windows reject these; C0/C1 controls, lone surrogates (no UTF-8 for them) and the bidirectional
# controls that make a name display as another (`Ann\u202egpj.md` shows as `Annmd.jpg`) are dropped too.
_REMOVED = re.compile(r'[*?"<>#^\[\]\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]')
# Windows opens a device for these, whatever the extension or case (`nul.md`, `Com1.tar.gz`), spaces trimmed.
_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[0-9¹²³]|LPT[0-9¹²³]) *(?=\.|\Z)", re.IGNORECASE)
_HASH_LENGTH = 8
_HASHED = re.compile(rf" ~[a-z2-7]{{{_HASH_LENGTH}}}\Z")


def safe_file_name(title: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """`title` as a file name (without extension) that Obsidian links and every OS accept.

    Separators and colons become '-', characters Obsidian or Windows reject are dropped, a Windows device name
    gets a '_' (`NUL_`), the result never starts or ends in a dot or space, and it is at most `max_bytes` of
    UTF-8: a longer one is cut and ends in a short hash of the whole title, so two long titles that start
    alike still get two names. Making a safe name safe again changes nothing.
    """
    name = _unreserved(_cleaned(title) or "untitled")
    return name if len(name.encode("utf-8")) <= max_bytes else _with_hash(name, title, max_bytes)


def distinct_file_name(title: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """`safe_file_name`, ending in a short hash of `title` whenever making it safe dropped or changed a character.

    An entity's note is its file, so two different names must never map to one: `Eve Admin` and
    `Eve]] [[Admin` get two notes. Only case, Unicode form, spacing and dots or spaces at either end may make two
    names share a file, as they make one name to the resolver too.
    """
    name = safe_file_name(title, max_bytes)
    if name == _plain(title) and not _HASHED.search(name):
        return name
    # a name that already ends like a hash is hashed as well, so no name can be chosen to take another's file
    return _with_hash(_unreserved(_cleaned(title) or "untitled"), title, max_bytes)


def _cleaned(title: str) -> str:
    name = unicodedata.normalize("NFC", _REMOVED.sub("", title))  # removed first: a dropped mark may compose
    name = _REPLACED.sub("-", name)
    return " ".join(name.split()).strip(". ")


def _plain(title: str) -> str:
    """`title` as written, but for what never tells two names apart."""
    return " ".join(unicodedata.normalize("NFC", title).split()).strip(". ")


def _unreserved(name: str) -> str:
    device = _RESERVED.match(name)
    return f"{name[:device.end(1)]}_{name[device.end(1):]}" if device else name


def _with_hash(name: str, title: str, max_bytes: int) -> str:
    suffix = f" ~{_digest(title)}"
    return _truncate_utf8(name, max_bytes - len(suffix)).rstrip(". ") + suffix


def _digest(title: str) -> str:
    """Eight base32 letters of the title's hash: the same on every run and machine."""
    digest = hashlib.blake2b(title.encode("utf-8", "surrogatepass"), digest_size=5).digest()
    return base64.b32encode(digest).decode("ascii").lower()


def _truncate_utf8(text: str, max_bytes: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max_bytes].decode("utf-8", errors="ignore")


def numbered(name: str, n: int, max_bytes: int = MAX_NAME_BYTES) -> str:
    """`name (n)`, still within the byte limit, and no Windows device name (`nul.tar` becomes `nul_.tar (2)`)."""
    suffix = f" ({n})"
    return _truncate_utf8(_unreserved(name), max_bytes - len(suffix.encode())).rstrip(". ") + suffix
