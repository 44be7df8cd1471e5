"""The vault's owner from `[me]`, built where the config is read; light, so read commands can ask for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from notesmith.domain.owner import Owner

if TYPE_CHECKING:
    from notesmith.config import Config


def owner_from(config: Config) -> Owner:
    me = config.me
    return Owner(name=me.name, aliases=tuple(me.aliases), emails=tuple(e.lower() for e in me.emails),
                 employer=me.employer)
