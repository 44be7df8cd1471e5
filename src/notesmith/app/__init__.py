"""The use cases every entry point calls, each one transaction over the vault."""
