"""`notesmith watch`: ingest what lands in the Inbox (and the folders `[watch]` names), unattended."""
