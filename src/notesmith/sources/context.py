"""What a reader may know beyond the file: who owns the vault and the speaker-label map."""

from __future__ import annotations

from dataclasses import InitVar, dataclass, field

from notesmith.domain.owner import Owner


@dataclass(frozen=True)
class ReadContext:
    owner: Owner = Owner()
    speaker_map: dict[str, str] = field(default_factory=dict)
    # The owner's fields one by one, the way tests/conftest.py and bench/extract_speed.py still pass them; remove
    # once they pass `owner=Owner(...)`.
    owner_name: InitVar[str | None] = None
    owner_aliases: InitVar[tuple[str, ...]] = ()
    owner_emails: InitVar[tuple[str, ...]] = ()

    def __post_init__(self, owner_name: str | None, owner_aliases: tuple[str, ...], owner_emails: tuple[str, ...]):
        if owner_name or owner_aliases or owner_emails:
            owner = Owner(owner_name, tuple(owner_aliases), tuple(e.lower() for e in owner_emails))
            object.__setattr__(self, "owner", owner)

    def owner_names(self) -> tuple[str, ...]:  # tests/test_config.py asks this; readers ask owner.names()
        return self.owner.names()

    def mapped_speaker(self, label: str) -> str | None:
        """The person a label is configured to be (case-insensitive), if any."""
        wanted = label.strip().casefold()
        for configured, person in self.speaker_map.items():
            if configured.strip().casefold() == wanted:
                return person
        return None
