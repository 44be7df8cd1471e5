"""The SQLite index of the vault (derived, rebuildable) and the queries read commands answer from it."""
