"""Time the rules extractor on 30 KB transcripts (the first 30 KB of each AMI dev meeting), against the floor of
reading and hashing the same bytes.

    python bench/extract_speed.py [--data ../shared/bench/ami-dev] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import time
from pathlib import Path

from notesmith.extract.rules import extract
from notesmith.sources import ReadContext, read_bytes

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "ami-dev"
SIZE = 30 * 1024


def cut(text: bytes) -> bytes:
    """The first 30 KB, ending at a line break."""
    head = text[:SIZE]
    return head[: head.rfind(b"\n") + 1] or head


def measure(data: Path) -> dict:
    samples = [cut(p.read_bytes()) for p in sorted(data.glob("*.txt"))]
    samples = [s for s in samples if len(s) > SIZE * 0.9]
    ctx = ReadContext()
    extract_ms, read_ms, floor_ms = [], [], []
    for raw in samples:
        started = time.perf_counter()
        hashlib.sha256(raw).hexdigest()
        raw.decode("utf-8", errors="replace")
        floor_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        source = read_bytes(raw, Path("meeting.txt"), ctx)
        read_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        extract(source)
        extract_ms.append((time.perf_counter() - started) * 1000)
    return {
        "transcripts": len(samples),
        "bytes_each": SIZE,
        "extract_ms_median": round(statistics.median(extract_ms), 1),
        "extract_ms_max": round(max(extract_ms), 1),
        "read_ms_median": round(statistics.median(read_ms), 1),
        "floor_ms_median": round(statistics.median(floor_ms), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.data)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:20} {value}")


if __name__ == "__main__":
    main()
