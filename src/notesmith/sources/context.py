"""What a reader may know beyond the file: the owner's names and the speaker-label map."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReadContext:
    owner_name: str | None = None
    owner_aliases: tuple[str, ...] = ()
    owner_emails: tuple[str, ...] = ()
    speaker_map: dict[str, str] = field(default_factory=dict)

    def owner_names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.owner_name, *self.owner_aliases) if n)

    def mapped_speaker(self, label: str) -> str | None:
        """The person a label is configured to be (case-insensitive), if any."""
        wanted = label.strip().casefold()
        for configured, person in self.speaker_map.items():
            if configured.strip().casefold() == wanted:
                return person
        return None
