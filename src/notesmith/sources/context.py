"""What a reader may know beyond the file: who owns the vault and the speaker-label map."""

from __future__ import annotations

from dataclasses import dataclass, field

from notesmith.domain.owner import Owner


@dataclass(frozen=True)
class ReadContext:
    owner: Owner = Owner()
    speaker_map: dict[str, str] = field(default_factory=dict)

    def mapped_speaker(self, label: str) -> str | None:
        """The person a label is configured to be (case-insensitive), if any."""
        wanted = label.strip().casefold()
        for configured, person in self.speaker_map.items():
            if configured.strip().casefold() == wanted:
                return person
        return None
