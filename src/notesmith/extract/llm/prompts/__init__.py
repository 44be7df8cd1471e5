"""Prompts, each a small module beside the response model it asks for."""
