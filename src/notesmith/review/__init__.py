"""Review: the queue of what notesmith left for a person to decide (and, later, the local web UI over it)."""
