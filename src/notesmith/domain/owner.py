"""The vault's owner (`[me]`): one value, built once where the config is read, for every stage that asks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Owner:
    """The person whose vault it is, under every name they go by, and the organization they work for."""

    name: str | None = None
    aliases: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()  # lower case
    employer: str | None = None

    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.name, *self.aliases) if n)
