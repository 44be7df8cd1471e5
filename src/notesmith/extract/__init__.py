"""Extractors (rules, LLM) that turn a Source into an Extraction."""
