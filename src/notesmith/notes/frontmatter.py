"""YAML frontmatter: split off a note, loaded (plain values, or editable with key order and comments kept) and
written back, with one YAML (1.2, as the round-trip writes it) and one set of limits for inputs and vault notes.

A block is refused (the note is then read without it, and a vault note is left untouched) when it is larger than
MAX_FRONTMATTER_CHARS, nests deeper than MAX_FRONTMATTER_DEPTH or uses YAML aliases (`*name`, `<<: *name`):
aliases let a few lines stand for billions of values ("billion laughs"), deep nesting exhausts the recursion of
whatever walks it, and nothing an Obsidian note says needs either. The YAML libraries are imported on first use:
the read commands that find the index current load none.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import io
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

_BLOCK = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
# Obsidian properties run to a few hundred bytes; the pure-Python loader takes ~1 s per MB and 100x that in memory.
MAX_FRONTMATTER_CHARS = 64 * 1024
MAX_FRONTMATTER_DEPTH = 32
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


class FrontmatterError(ValueError):
    """The block between the `---` lines is not a YAML mapping that may be read."""


def split_frontmatter(text: str) -> tuple[str | None, str]:
    """(YAML text or None, body) — the block only when the text starts with `---`."""
    match = _BLOCK.match(text)
    if not match:
        return None, text
    return match.group(1) or "", text[match.end() :]


# --- limits -----------------------------------------------------------------------------------------------------

_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[{,])[&*]\S", re.M)
# What a line puts before its content: indentation and compact indicators (`- - x`, `? a`). In block style every
# level of nesting moves the content at least one column right, so a block deeper than the limit needs a line
# whose prefix (plus the flow brackets) is about as long as the limit.
_PREFIX_CHARACTERS = r" \t?:-"


def frontmatter_refusal(block: str) -> str | None:
    """Why a frontmatter block (of an input or a vault note) may not be loaded: too large, YAML aliases, nesting
    deeper than any note needs. Cheap for ordinary blocks: the event scan runs only when an anchor or alias, many
    brackets or a deeply indented line could be there."""
    if len(block) > MAX_FRONTMATTER_CHARS:
        return f"larger than {MAX_FRONTMATTER_CHARS // 1024} KB"
    room = MAX_FRONTMATTER_DEPTH - 2 - block.count("[") - block.count("{")  # for a line's prefix to nest in
    deep_line = rf"^[{_PREFIX_CHARACTERS}]{{{room + 1},}}"
    if room >= 0 and not _ANCHOR_OR_ALIAS.search(block) and not re.search(deep_line, block, re.M):
        return None
    from ruamel.yaml.error import YAMLError

    try:
        return _refusal(block)
    except (YAMLError, ValueError):
        return None  # not YAML at all: the loader says so in its own words


def _refusal(block: str) -> str | None:
    """Why the block may not be loaded, from its events alone (they cost the size of the text, and are read
    without recursion): an alias is one event however much it stands for, and nesting is counted as it opens."""
    from ruamel.yaml import YAML
    from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent

    depth = 0
    for event in YAML(typ="safe", pure=True).parse(io.StringIO(block)):
        if isinstance(event, AliasEvent):
            return "it uses YAML aliases (*name), which notes never need"
        depth += isinstance(event, CollectionStartEvent) - isinstance(event, CollectionEndEvent)
        if depth > MAX_FRONTMATTER_DEPTH:
            return f"nested deeper than {MAX_FRONTMATTER_DEPTH} levels"
    return None


# --- plain values -------------------------------------------------------------------------------------------------

def load_frontmatter(block: str) -> dict:
    """The mapping in a frontmatter block as plain values; never constructs arbitrary objects, never expands an
    alias. Raises FrontmatterError saying why it cannot be read."""
    refused = frontmatter_refusal(block)
    if refused:
        raise FrontmatterError(f"frontmatter not read: {refused}")
    data = _quick_values(block)
    if data is _UNSURE:  # only the reference loader reads escapes of UTF-16 halves
        data = _without_surrogates(_reference_values(block))
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontmatterError("frontmatter is not a key/value mapping")
    return data


def _reference_values(block: str) -> Any:
    """The block as ruamel's safe loader reads it (YAML 1.2): what every value here is, by definition."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="safe", pure=True).load(io.StringIO(block))
    except (YAMLError, ValueError) as exc:  # ValueError: a date-shaped value no calendar has (2026-13-45)
        raise FrontmatterError(f"invalid YAML frontmatter: {_first_line(exc)}") from exc


_UNSURE = object()
# what the quick loader leaves to the reference one: tags, directives, merge keys
_UNUSUAL = re.compile(r"(?:^|[\s\[{,])!|^%|<<", re.M)


def _quick_values(block: str) -> Any:
    """The block read by libyaml (thousands of notes are indexed at a time; the reference loader is pure Python)
    with YAML 1.2's scalars, or _UNSURE whenever the two might differ: an error, a duplicate key, a tag, a time
    of day. The reference loader then decides, so a value read here is always the value it would read."""
    if ("!" in block or "%" in block or "<<" in block) and _UNUSUAL.search(block):
        return _UNSURE
    import yaml

    try:
        return yaml.load(block, Loader=_quick_loader())  # noqa: S506 - a SafeLoader subclass, plain data only
    except (yaml.YAMLError, ValueError, TypeError, _Unsure):
        return _UNSURE


class _Unsure(Exception):
    """A value the quick loader does not construct the way the reference loader would."""


@functools.cache
def _quick_loader() -> type:
    import yaml

    class QuickLoader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):
        """YAML 1.2's implicit types, as ruamel resolves them; PyYAML's own are YAML 1.1 (`yes`, `010`, `1:20`)."""

        yaml_implicit_resolvers: dict = {}

        def construct_mapping(self, node, deep=False):
            mapping = super().construct_mapping(node, deep=deep)
            if len(mapping) != len(node.value):
                raise _Unsure("duplicate key")  # the reference loader refuses those, with its message
            return mapping

    for tag, pattern, first in _YAML_1_2_SCALARS:
        QuickLoader.add_implicit_resolver(tag, re.compile(pattern, re.X), first)
    QuickLoader.add_constructor("tag:yaml.org,2002:int", _int_1_2)
    QuickLoader.add_constructor("tag:yaml.org,2002:float", _float_1_2)
    QuickLoader.add_constructor("tag:yaml.org,2002:timestamp", _date_only)
    QuickLoader.add_constructor("tag:yaml.org,2002:value", _unsure)
    return QuickLoader


# ruamel.yaml's resolver for YAML 1.2 (ruamel/yaml/resolver.py), pattern for pattern
_YAML_1_2_SCALARS = (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:float", r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""", list("-+0123456789.")),
    ("tag:yaml.org,2002:int", r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""", list("-+0123456789")),
    ("tag:yaml.org,2002:null", r"^(?: ~ |null|Null|NULL | )$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:timestamp", r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", list("0123456789")),
    ("tag:yaml.org,2002:value", r"^(?:=)$", ["="]),
)
_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)\Z")


def _int_1_2(loader, node) -> int:
    """ruamel's construct_yaml_int for YAML 1.2: a leading 0 is no octal, `0o` is."""
    value = loader.construct_scalar(node).replace("_", "")
    sign = -1 if value[0] == "-" else 1
    value = value[1:] if value[0] in "+-" else value
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if value.startswith(prefix):
            return sign * int(value[2:], base)
    return sign * int(value)


def _float_1_2(loader, node) -> float:
    value = loader.construct_scalar(node).replace("_", "").lower()
    sign = -1 if value[0] == "-" else 1
    value = value[1:] if value[0] in "+-" else value
    if value == ".nan":
        return float("nan")
    return sign * float("inf" if value == ".inf" else value)


def _date_only(loader, node) -> dt.date:
    """A date; a time of day (and its zone) is left to the reference loader, which builds its own datetime."""
    found = _DATE.match(loader.construct_scalar(node))
    if not found:
        raise _Unsure("a time of day")
    return dt.date(*map(int, found.groups()))


def _unsure(loader, node):
    raise _Unsure(node.tag)


_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _without_surrogates(value):
    """YAML escapes can spell UTF-16 halves (`"\\ud83d\\udcc5"`): pairs are joined into their character, a lone
    half (no UTF-8 exists for it, so no note could hold it) is dropped."""
    if isinstance(value, str):
        if not _LONE_SURROGATE.search(value):
            return value
        joined = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        return _LONE_SURROGATE.sub("", joined.replace("\ufffd", ""))
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_surrogates(v) for v in value]
    return value


def _first_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]


# --- editable values, and writing them ----------------------------------------------------------------------------

@functools.cache
def _round_trip() -> YAML:
    """One configured instance: building it scans for plug-ins, too slow to repeat for every note."""
    from ruamel.yaml import YAML

    # The round-trip loader builds only plain mappings, sequences and scalars (no object tags): safe for untrusted input.
    yaml = YAML(typ="rt", pure=True)
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.representer.ignore_aliases = lambda *args: True  # anchors (&id001) would confuse Obsidian and people
    return yaml


def load_editable(block: str) -> CommentedMap:
    """The mapping in a frontmatter block with its key order, comments and styles, to change and write back.
    Raises FrontmatterError saying why it cannot be read."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import YAMLError

    refused = frontmatter_refusal(block)
    if refused:  # a hostile note in the vault: left untouched, like any note whose frontmatter cannot be read
        raise FrontmatterError(f"frontmatter not read: {refused}")
    try:
        loaded = _round_trip().load(io.StringIO(block))
    except (YAMLError, ValueError) as exc:  # ValueError: a date-shaped value no calendar has (2026-13-45)
        raise FrontmatterError(f"invalid YAML frontmatter: {_first_line(exc)}") from exc
    if loaded is not None and not isinstance(loaded, CommentedMap):
        raise FrontmatterError("frontmatter is not a key/value mapping")
    return loaded if loaded is not None else CommentedMap()


def new_mapping() -> CommentedMap:
    """An empty editable mapping: keys are written in the order they are set."""
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap()


def copy_editable(values: CommentedMap) -> CommentedMap:
    """`copy.deepcopy(values)`, several times faster: ruamel's own deepcopy sends each map's and list's styles
    and positions through the generic machinery, which is most of the cost of copying a note's frontmatter."""
    return _copied(values, {})


# frontmatter values no one changes in place: a copy shares them (deepcopy would make equal ones)
_IMMUTABLE = frozenset({str, int, float, bool, type(None), dt.date, dt.datetime})


def _copied(value: Any, memo: dict) -> Any:
    """What deepcopy makes of `value`, maps and lists copied here, with their YAML attributes as ruamel copies them."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    kind = type(value)
    if kind in _IMMUTABLE:
        return value
    if id(value) in memo:
        return memo[id(value)]
    if kind is not CommentedMap and kind is not CommentedSeq:
        return copy.deepcopy(value, memo)
    result = memo[id(value)] = kind()
    if kind is CommentedMap:
        for key in value:
            result[key] = _copied(value[key], memo)
    else:
        for item in value:
            result.append(_copied(item, memo))
    for name in _yaml_attributes():
        if hasattr(value, name):
            setattr(result, name, _copied_attribute(getattr(value, name)))
    return result


@functools.cache
def _yaml_attributes() -> tuple[str, ...]:
    """The attributes ruamel's `copy_attributes` copies, in its order."""
    from ruamel.yaml.comments import Anchor, Comment, Format, LineCol, Tag, merge_attrib

    return Comment.attrib, Format.attrib, LineCol.attrib, Anchor.attrib, Tag.attrib, merge_attrib


def _copied_attribute(attribute: Any) -> Any:
    """A deep copy of one YAML attribute, as `copy_attributes` makes it; the two every loaded value has, directly."""
    from ruamel.yaml.comments import Format, LineCol

    if type(attribute) is Format:
        result = Format()
        result._flow_style = attribute._flow_style
        return result
    if type(attribute) is LineCol and _loaded_positions(attribute):
        result = LineCol()
        result.line, result.col = attribute.line, attribute.col
        result.data = {key: list(at) for key, at in attribute.data.items()} if attribute.data is not None else None
        return result
    return copy.deepcopy(attribute)


def _loaded_positions(positions: Any) -> bool:
    """Whether a LineCol holds only what the loader writes: line, column, and each key's or item's position."""
    if vars(positions).keys() != {"line", "col", "data"} or type(positions.line) is not int \
            or type(positions.col) is not int:
        return False
    return positions.data is None or all(type(key) in _IMMUTABLE and type(at) is list
                                         and all(type(n) is int for n in at) for key, at in positions.data.items())


def block_list(values: list) -> CommentedSeq:
    """A YAML list written one item per line, the way Obsidian writes properties."""
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(values)
    seq.fa.set_block_style()
    return seq


def dump_frontmatter(mapping: CommentedMap) -> str:
    """The YAML text of a frontmatter mapping (without the `---` lines)."""
    return written_block(mapping)[0]


def written_block(mapping: CommentedMap) -> tuple[str, bool]:
    """`dump_frontmatter(mapping)`, and whether reading it back gives `mapping` again (equal values of the same
    types, so any later change is written alike from either): so for a plain block (`_plain_block`) without a zero,
    which ruamel reads as its own ScalarInt."""
    plain = _plain_block(mapping)
    if plain is None:
        return _dumped(mapping), False
    return plain, not _holds_a_zero(mapping.values())


def _holds_a_zero(values: Iterable) -> bool:
    return any(type(v) is int and v == 0 or isinstance(v, (list, dict)) and _holds_a_zero(
        v.values() if isinstance(v, dict) else v) for v in values)


def _dumped(value) -> str:
    stream = io.StringIO()
    _round_trip().dump(value, stream)
    return stream.getvalue()


def _plain_block(mapping: CommentedMap, indent: str = "") -> str | None:
    """The block ruamel would write for a mapping without comments or flow style whose values are one-line strings,
    ints, dates, block lists of those and such mappings; None for anything else. Each scalar is still written by
    ruamel (cached), so quoting is its own; only the layout is done here, because a full dump of every new note's
    frontmatter was a tenth of an ingest."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if not mapping or _has_comments(mapping):
        return None
    lines = []
    for key, value in mapping.items():
        if not isinstance(key, str) or not _PLAIN_KEY.match(key) or _scalar(key) != key:
            return None
        if isinstance(value, CommentedMap):
            inner = _plain_block(value, indent + "  ")
            if inner is None:
                return None
            lines.append(f"{indent}{key}:\n{inner}")
        elif isinstance(value, CommentedSeq):
            items = [_scalar(item) for item in value]
            if _has_comments(value) or None in items:
                return None
            lines.append(f"{indent}{key}:" + ("".join(f"\n{indent}- {i}" for i in items) if items else " []") + "\n")
        else:
            text = _scalar(value)
            if text is None:
                return None
            lines.append(f"{indent}{key}: {text}\n")
    return "".join(lines)


def _has_comments(node: CommentedMap | CommentedSeq) -> bool:
    return bool(node.ca.items or node.ca.comment or node.ca.end) or node.fa.flow_style() is True


@functools.lru_cache(maxsize=8192, typed=True)
def _cached_scalar(value: str | int | dt.date) -> str | None:
    from ruamel.yaml.comments import CommentedMap

    written = _dumped(CommentedMap([("k", value)]))
    if not written.startswith("k: ") or written.count("\n") != 1:
        return None  # long or multi-line: left to a full dump
    return written[3:-1]


def _scalar(value) -> str | None:
    if type(value) is str and _written_as_is(value):
        return value
    if type(value) is str and _QUOTED_AS_IS.match(value):
        return f"'{value}'"
    if type(value) not in (str, int, dt.date):
        return None
    return _cached_scalar(value)


# Each new meeting brings strings never written before (its title, archived path, hash, id), and a YAML dump of
# each cost more than the rest of its note's frontmatter: the common shapes are decided here, as ruamel decides
# them. Plain: no indicator (`:`, `#`, `[`, `'`, …), no space at either end, nothing but ASCII, and read back as a
# string (not a number, date, bool or null); a link: no plain scalar (it starts with `[`), single-quoted as it is
# when it holds no `'`. Anything else is left to ruamel. Short, so that no line is ever folded.
_AS_IS = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_./() -]{0,198}[A-Za-z0-9_./()])?\Z")
_QUOTED_AS_IS = re.compile(r"\[\[[A-Za-z0-9_./()| -]{1,196}\]\]\Z")


def _written_as_is(value: str) -> bool:
    return _AS_IS.match(value) is not None and not any(pattern.match(value) for pattern in _implicit_patterns())


@functools.cache
def _implicit_patterns() -> tuple[re.Pattern, ...]:
    """What makes a plain scalar other than a string, in YAML 1.2 (the version the round trip writes) and in 1.1."""
    words = r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$"
    return (*(re.compile(pattern, re.X) for _, pattern, _ in _YAML_1_2_SCALARS), re.compile(words))
