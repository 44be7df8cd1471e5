"""The `notesmith` command line: one module per command group, each calling the application layer."""

from __future__ import annotations

import gc
import os
import sys

from notesmith.cli import assistant, queries, reading, serve, vault_commands, watch
from notesmith.cli.app import app
from notesmith.cli.task_commands import task_app

# in the order --help lists them: reading inputs, building the vault, asking it
COMMANDS = [reading.sources, reading.extract, vault_commands.init, vault_commands.ingest, vault_commands.undo,
            vault_commands.reindex, queries.tasks, queries.search, queries.brief, vault_commands.doctor,
            vault_commands.review, vault_commands.merge, serve.serve, assistant.mcp, watch.watch,
            vault_commands.demo]
for command in COMMANDS:
    app.command()(command)
app.add_typer(task_app, name="task")


def run() -> None:
    """Console entry point; keeps Ctrl-C quiet."""
    # what the imports made lives as long as the command: frozen, a full garbage collection during a read
    # command (tens of ms) no longer walks it
    gc.freeze()
    # notesmith uses no pydantic plugin; looking for them walks every installed distribution's metadata on the
    # first model built (~0.1 s where Ray and the web stack are installed), which every command would pay
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
