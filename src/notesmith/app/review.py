"""Review actions: settling entries of the review queue."""

from __future__ import annotations

import json
import sqlite3

from notesmith.app.ingest import build_registry
from notesmith.app.owner import owner_from
from notesmith.app.transaction import Vault, vault_transaction
from notesmith.config import Config
from notesmith.domain.plan import FileOperation, OperationKind
from notesmith.resolve.names import normalize_name
from notesmith.review.queue import (
    DISMISSED_FILE,
    ReviewEntry,
    open_review,
    read_dismissed,
)
from notesmith.vault.ledger import Ledger
from notesmith.vault.snapshot import VaultSnapshot


def review_queue(vault: Vault, config: Config, conn: sqlite3.Connection) -> list[ReviewEntry]:
    """What is left for a person to decide, against the vault's entities as they are now."""
    layout = vault.layout
    registry = build_registry(VaultSnapshot(layout), layout, owner_from(config))
    return open_review(Ledger.load(layout), registry, conn, read_dismissed(layout))


def dismiss(vault: Vault, names: list[str]) -> list[str]:
    """Stop listing these names (a person decided they need no note); returns the names newly dismissed."""
    layout = vault.layout
    with vault_transaction(vault) as txn:
        current = read_dismissed(layout)
        added = [n for n in names if normalize_name(n) not in current]
        if not added:
            return []
        path = layout.state_path(DISMISSED_FILE)
        content = json.dumps(sorted(current | {normalize_name(n) for n in added}), indent=1).encode("utf-8")
        txn.message = f"notesmith review: dismiss {', '.join(added)}\n"
        txn.apply([FileOperation(kind=OperationKind.record_ledger, path=path,
                                 before_sha256=VaultSnapshot(layout).checksum(path), content=content,
                                 changes=["dismiss from the review queue"])])
        return added
