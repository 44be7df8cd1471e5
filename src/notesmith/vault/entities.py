"""The entities a vault's notes describe, read from their frontmatter for the registry."""

from __future__ import annotations

from notesmith.domain.entity import Entity, EntityKind
from notesmith.notes.markdown import NoteError, parse_note
from notesmith.vault.layout import VaultLayout
from notesmith.vault.snapshot import VaultSnapshot


def read_entities(snapshot: VaultSnapshot, layout: VaultLayout) -> tuple[list[Entity], list[str]]:
    """Every entity note as an Entity, and a warning for each note whose frontmatter cannot be read.

    A note that cannot be read still counts under its file name, so nothing creates a second note for it.
    """
    entities, warnings = [], []
    for kind, folder in layout.entity_folders():
        for path in snapshot.list_notes(folder):
            stem = path.rsplit("/", 1)[-1][:-3]
            try:
                frontmatter = parse_note(snapshot.read_text(path) or "").frontmatter
            except NoteError as exc:
                warnings.append(f"{path}: {exc}")
                frontmatter = {}
            entities.append(Entity(
                kind=_kind(frontmatter.get("type"), kind),
                name=str(frontmatter.get("title") or stem),
                aliases=_strings(frontmatter.get("aliases")) + ([stem] if frontmatter.get("title") not in (None, stem) else []),
                emails=[e.lower() for e in _strings(frontmatter.get("emails"))],
                note_path=path,
                relationship=frontmatter.get("relationship") if isinstance(frontmatter.get("relationship"), str) else None,
            ))
    return entities, warnings


def _kind(value: object, default: EntityKind) -> EntityKind:
    try:
        return EntityKind(value)
    except ValueError:
        return default


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, (str, int)) and str(v).strip()]
    return []
