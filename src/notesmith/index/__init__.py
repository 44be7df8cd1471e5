"""The derived SQLite FTS5 index of the vault and its queries."""
