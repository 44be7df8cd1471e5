"""The MCP tools bench: tool calls on a 10,000-note vault, in-process through the server object and over stdio
through the SDK's own client, each the median of many calls (target: 100 ms a call).

    python bench/mcp_tools.py [--notes 10000] [--runs 30] [--work DIR] [--json]

The vault is synthetic (bench/speed.py's generator); its index is built once before timing, as after any ingest.
Each call still checks that the index matches the notes (one stat per note), as every real call does.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import anyio
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from speed import OWNER, synthetic_vault, vault_bench_main

from notesmith.app.transaction import Vault, vault_layout
from notesmith.config import load_config
from notesmith.index.store import rebuild_index
from notesmith.mcp.server import build_server

TARGET_MS = 100


def tool_calls(vault: Path) -> dict[str, tuple[str, dict]]:
    """Label → (tool, arguments): questions an assistant asks, about names the vault has."""
    person = next(p.stem for p in sorted((vault / "People").glob("*.md")) if p.stem != OWNER)
    meeting = sorted((vault / "Meetings").rglob("*.md"))[-1].stem
    return {
        "search 'budget'": ("search", {"query": "budget", "limit": 10}),
        "list_tasks owner=<a person>": ("list_tasks", {"owner": person}),
        "list_tasks owner=me (the synthetic owner has half the tasks)": ("list_tasks", {"owner": "me"}),
        "list_tasks due_before (first 50)": ("list_tasks", {"due_before": "2024-01-01", "limit": 50}),
        "brief <a person>": ("brief", {"name": person}),
        "get_note by title": ("get_note", {"title_or_path": meeting}),
        "recent_meetings 30 days": ("recent_meetings", {"days": 30}),
    }


async def _timed(client: Client, calls: dict[str, tuple[str, dict]], runs: int) -> dict[str, float]:
    """Median milliseconds of each call (one warm-up call first); a call that errs stops the bench."""
    medians = {}
    for label, (tool, arguments) in calls.items():
        seconds = []
        for attempt in range(runs + 1):
            started = time.perf_counter()
            result = await client.call_tool(tool, arguments)
            elapsed = time.perf_counter() - started
            if result.is_error:
                raise SystemExit(f"{label}: {result.content[0].text}")
            if attempt:
                seconds.append(elapsed)
        medians[label] = statistics.median(seconds) * 1000
    return medians


async def _in_process(vault: Path, calls, runs: int) -> dict[str, float]:
    config = load_config(vault / "notesmith.toml", {})
    server = build_server(Vault(vault_layout(vault, config), config.git.commit), config)
    async with Client(server) as client:
        return await _timed(client, calls, runs)


async def _over_stdio(vault: Path, calls, runs: int) -> tuple[float, dict[str, float]]:
    params = StdioServerParameters(command=sys.executable, args=["-m", "notesmith", "mcp", "--vault", str(vault)])
    started = time.perf_counter()
    async with Client(params) as client:
        await client.list_tools()
        connected = (time.perf_counter() - started) * 1000
        return connected, await _timed(client, calls, runs)


def bench(work: Path, notes: int, runs: int) -> dict:
    vault = work / "vault"
    synthetic_vault(vault, notes)
    config = load_config(vault / "notesmith.toml", {})
    rebuild_index(vault_layout(vault, config))
    calls = tool_calls(vault)
    in_process = anyio.run(_in_process, vault, calls, runs)
    connected, stdio = anyio.run(_over_stdio, vault, calls, runs)
    return {"machine": f"{_cpu()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "date": dt.date.today().isoformat(), "notes": notes, "runs": runs, "owner": OWNER,
            "stdio_start_ms": round(connected), "calls": {
                label: {"in_process_ms": round(in_process[label], 1), "stdio_ms": round(stdio[label], 1)}
                for label in calls}}


def _cpu() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    names = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
             if line.startswith("model name")] if cpuinfo.is_file() else []
    return names[0] if names else platform.processor() or platform.machine()


def print_table(result: dict) -> None:
    print(f"{result['machine']}, {result['date']}: vault of {result['notes']} notes, median of {result['runs']} "
          f"calls (target {TARGET_MS} ms)")
    print("| tool call | in-process | over stdio |\n|---|---:|---:|")
    for label, row in result["calls"].items():
        print(f"| {label} | {row['in_process_ms']:.1f} ms | {row['stdio_ms']:.1f} ms |")
    print(f"| (stdio: start the server and list the tools) | | {result['stdio_start_ms']} ms |")


if __name__ == "__main__":
    vault_bench_main(__doc__, 30, bench, print_table)
