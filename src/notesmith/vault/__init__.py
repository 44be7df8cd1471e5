"""Everything that writes the vault: layout, markdown round-trip, transactional apply, git."""
