"""notesmith: meeting transcripts, e-mail threads and notes into a linked Obsidian vault."""

__version__ = "0.1.0"
