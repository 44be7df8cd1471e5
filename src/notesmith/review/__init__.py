"""The local review web UI."""
