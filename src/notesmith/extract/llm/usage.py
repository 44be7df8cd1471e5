"""What a run cost: requests, cache hits, tokens, dropped items and the estimated price."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, fields


@dataclass
class Usage:
    """Counted across every source of a run; safe to add to from several threads."""

    requests: int = 0
    cache_hits: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    retries: int = 0
    dropped_ungrounded: int = 0
    price_in_per_mtok: float = 0.0
    price_out_per_mtok: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, **counts: int) -> None:
        with self._lock:
            for name, value in counts.items():
                setattr(self, name, getattr(self, name) + value)

    @property
    def cost(self) -> float:
        return (self.tokens_in * self.price_in_per_mtok + self.tokens_out * self.price_out_per_mtok) / 1_000_000

    def as_dict(self) -> dict:
        counts = {f.name: getattr(self, f.name) for f in fields(self) if not f.name.startswith(("_", "price"))}
        return {**counts, "estimated_cost": round(self.cost, 4),
                "prices_per_million_tokens": {"input": self.price_in_per_mtok, "output": self.price_out_per_mtok}}

    def summary(self) -> str:
        price = f"estimated cost ${self.cost:.4f}" if self.price_in_per_mtok or self.price_out_per_mtok else \
            "no prices set ([llm] price_in_per_mtok / price_out_per_mtok)"
        return (f"model: {_count(self.requests, 'request')} ({self.retries} retried), "
                f"{_count(self.cache_hits, 'answer')} from the cache; "
                f"{self.tokens_in} tokens in, {self.tokens_out} out; {self.dropped_ungrounded} items dropped "
                f"(quote not found in the source); {price}")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
