"""The Obsidian Tasks statuses notesmith writes and reads: the one place a status symbol is spelled."""

from __future__ import annotations

from dataclasses import dataclass

from notesmith.domain.kinds import TaskStatus


@dataclass(frozen=True)
class StatusSpec:
    """One status as the Tasks plugin's settings describe it (`statusSettings` in its data.json)."""

    status: TaskStatus
    symbol: str
    name: str  # what Tasks shows, and what `status.name` matches in a query
    next_symbol: str  # what one click on the checkbox makes of it
    type: str  # TODO, IN_PROGRESS, DONE or CANCELLED

    def as_tasks_setting(self) -> dict:
        return {"symbol": self.symbol, "name": self.name, "nextStatusSymbol": self.next_symbol,
                "availableAsCommand": True, "type": self.type}


# a click on a proposal accepts it ([?] -> [ ]), never marks it done; a click on a rejected one reopens it
STATUSES = (
    StatusSpec(TaskStatus.open, " ", "Todo", "x", "TODO"),
    StatusSpec(TaskStatus.done, "x", "Done", " ", "DONE"),
    StatusSpec(TaskStatus.in_progress, "/", "In Progress", "x", "IN_PROGRESS"),
    StatusSpec(TaskStatus.proposed, "?", "Proposed", " ", "TODO"),
    StatusSpec(TaskStatus.rejected, "-", "Rejected", " ", "CANCELLED"),
)
CORE_SYMBOLS = (" ", "x")  # Tasks' own two; the others are custom statuses it must be told about

SYMBOL_OF = {spec.status: spec.symbol for spec in STATUSES}
STATUS_OF = {spec.symbol: spec.status for spec in STATUSES} | {"X": TaskStatus.done}
SPEC_OF = {spec.status: spec for spec in STATUSES}
PROPOSED_TAG = "#proposed"
TASK_TAG = "#task"
