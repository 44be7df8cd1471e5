"""Readers for every input format and the normalization they share."""

from notesmith.sources.context import ReadContext
from notesmith.sources.errors import SourceError
from notesmith.sources.reader import read_bytes, read_source

__all__ = ["ReadContext", "SourceError", "read_bytes", "read_source"]
