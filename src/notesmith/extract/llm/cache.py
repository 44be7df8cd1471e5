"""Answers kept in `.notesmith/cache/llm/`, keyed by model, prompt version and the exact request: a re-run asks nothing."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path


class ResponseCache:
    def __init__(self, folder: Path):
        self.folder = folder

    @staticmethod
    def key(model: str, prompt_version: str, messages: list[dict]) -> str:
        chunk = hashlib.sha256(json.dumps(messages, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        return hashlib.sha256(f"{model}\0{prompt_version}\0{chunk}".encode()).hexdigest()

    def get(self, key: str) -> dict | None:
        try:
            return json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # absent or damaged: ask again

    def put(self, key: str, answer: dict) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(answer, out, ensure_ascii=False)
        os.replace(temporary, path)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"
