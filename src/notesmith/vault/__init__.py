"""Everything that writes the vault: layout, the snapshot plans read, transactional apply, ledger, git, lock."""
