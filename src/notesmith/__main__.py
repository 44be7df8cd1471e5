"""Allow `python -m notesmith`."""

from notesmith.cli import run

run()
