"""The vault's MCP server: its tools and note resources on the SDK's MCPServer, known failures as tool errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError, ToolError
from mcp.types import ToolAnnotations
from pydantic import Field

from notesmith import __version__
from notesmith.app.transaction import Vault
from notesmith.config import Config
from notesmith.mcp.tools import EXPECTED_ERRORS, VaultTools

Answer = dict[str, Any]
Query = Annotated[str, Field(description="Words to find in the notes (all must appear; the last also as a prefix).")]
Limit = Annotated[int, Field(ge=1, le=50, description="At most this many notes, best match first.")]
NoteType = Annotated[Literal["meeting", "person", "organization", "project"] | None,
                     Field(description="Only notes of this type; leave empty for all.")]
NoteName = Annotated[str, Field(description="A note's vault path (People/Lena Graf.md), its file name, its title "
                                            "or an alias.")]
Status = Annotated[Literal["unfinished", "proposed", "open", "in_progress", "done", "rejected", "all"],
                   Field(description="unfinished (default) = proposed, open or in progress; proposed = suggested "
                                     "and not yet accepted by a person.")]
Owner = Annotated[str | None, Field(description="Only tasks of this person, by any name or alias; 'me' is the "
                                                "vault's owner.")]
Assignee = Annotated[str | None, Field(description="Who is to do it, by any name or alias; 'me' is the vault's owner; "
                                                   "leave empty when nobody was named.")]
DateText = Annotated[str | None, Field(description="A date as YYYY-MM-DD.")]
TaskLimit = Annotated[int, Field(ge=1, le=500, description="At most this many tasks (the answer's total counts all).")]
EntityName = Annotated[str, Field(description="A person, organization or project, by any name or alias.")]
Days = Annotated[int, Field(ge=1, le=3660, description="How many days back from today.")]
TaskText = Annotated[str, Field(min_length=1, max_length=500,
                                description="What is to be done, as one sentence starting with a verb.")]
MeetingName = Annotated[str | None, Field(description="The meeting note it came from (title, file name or path); "
                                                      "leave empty to put it in Proposals.md.")]
Title = Annotated[str, Field(min_length=1, max_length=200, description="A short title: it names the source file "
                                                                      "and, unless the text has one, the meeting.")]
PastedText = Annotated[str, Field(min_length=1, description="The transcript, e-mail or meeting notes, as text.")]

READS = ToolAnnotations(read_only_hint=True, open_world_hint=False)
PROPOSES = ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=True, open_world_hint=False)
ADDS = ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=True, open_world_hint=False)


def build_server(vault: Vault, config: Config, clock: Callable[[], dt.datetime] = dt.datetime.now,
                 read_only: bool = False, make_extractor: Callable | None = None) -> MCPServer:
    """The server of one vault, ready to run over stdio or HTTP (or to be called in-process)."""
    tools = VaultTools(vault, config, clock, read_only, make_extractor)
    server = MCPServer("notesmith", title="notesmith vault", version=__version__, log_level="WARNING",
                       instructions=_instructions(config, read_only))
    _add_read_tools(server, tools)
    _add_write_tools(server, tools)
    _add_note_resource(server, tools)
    return server


def _add_read_tools(server: MCPServer, tools: VaultTools) -> None:
    @server.tool(annotations=READS)
    def search(query: Query, limit: Limit = 10, note_type: NoteType = None) -> Answer:
        """Full-text search over every note (meetings, people, organizations, projects), best match first: each
        result has the title, path, type, date and the matching passage with the words in **bold**."""
        with _as_tool_error():
            return tools.search(query, limit, note_type)

    @server.tool(annotations=READS)
    def get_note(title_or_path: NoteName) -> Answer:
        """One note as it is on disk now: its Markdown (after the frontmatter) and its frontmatter as an object.
        Errors say when no note, or several notes, answer to the name."""
        with _as_tool_error():
            return tools.get_note(title_or_path)

    @server.tool(annotations=READS)
    def list_tasks(status: Status = "unfinished", owner: Owner = None, due_before: DateText = None,
                   limit: TaskLimit = 50) -> Answer:
        """Tasks from every note, soonest due first (undated last): id, status, text, owner, due date, priority
        and the meeting note they belong to. The answer gives today's date, to ask e.g. for this week."""
        with _as_tool_error():
            return tools.list_tasks(status, owner, due_before, limit)

    @server.tool(annotations=READS)
    def brief(name: EntityName) -> Answer:
        """The dossier of a person, organization or project, to prepare a call: profile, facts (newest first),
        decisions, open tasks (soonest due first, at most 50; open_tasks_total counts them all), the last meetings
        with a one-line summary, related people and organizations."""
        with _as_tool_error():
            return tools.brief(name)

    @server.tool(annotations=READS)
    def recent_meetings(days: Days = 14) -> Answer:
        """Meetings of the last `days` days, newest first, each with its date, title, path and summary."""
        with _as_tool_error():
            return tools.recent_meetings(days)


def _add_write_tools(server: MCPServer, tools: VaultTools) -> None:
    @server.tool(annotations=PROPOSES)
    def propose_task(text: TaskText, owner: Assignee = None, due: DateText = None,
                     meeting: MeetingName = None) -> Answer:
        """Propose a task: it is added as a proposal (`- [?] … #proposed`) that a person accepts or rejects in
        Obsidian, to the meeting's Action Items or to Proposals.md; nothing else is changed, and proposing the
        same words again adds nothing. Refused when the server is read-only."""
        with _as_tool_error():
            return tools.propose_task(text, owner, due, meeting)

    @server.tool(annotations=ADDS)
    def add_note_text(title: Title, text: PastedText, date: DateText = None) -> Answer:
        """Add a pasted meeting transcript, e-mail or notes to the vault, as if dropped in its Inbox: a meeting
        note is written (people and organizations updated, tasks proposed) and the text archived in Sources/.
        Give `date` when the text does not say when the meeting was. Refused when the server is read-only."""
        with _as_tool_error():
            return tools.add_note_text(title, text, date)


def _add_note_resource(server: MCPServer, tools: VaultTools) -> None:
    @server.resource("note://{+path}", name="note", mime_type="text/markdown",
                     description="A note of the vault by its path, e.g. note://People/Lena Graf.md: its Markdown "
                                 "after the frontmatter.")
    def note(path: str) -> str:
        try:
            return tools.note_markdown(path)
        except EXPECTED_ERRORS as exc:
            raise ResourceNotFoundError(str(exc)) from None


@contextmanager
def _as_tool_error() -> Iterator[None]:
    """A failure the tools expect reaches the assistant as its one-sentence message (anything else the SDK reports
    as a failed call, its traceback only in the server's log)."""
    try:
        yield
    except EXPECTED_ERRORS as exc:
        raise ToolError(str(exc)) from None


def _instructions(config: Config, read_only: bool) -> str:
    owner = f" of {config.me.name}" if config.me.name else ""
    writes = ("This server is read-only." if read_only else
              "Writes are proposals only: propose_task adds a [?] task a person accepts or rejects; add_note_text "
              "ingests a pasted transcript or notes.")
    return (f"The notesmith vault{owner}: Obsidian notes of meetings, people, organizations and projects, and "
            "their tasks. Use search or recent_meetings to find notes, get_note to read one, list_tasks for "
            f"commitments, brief before a call with someone. Dates are YYYY-MM-DD. {writes}")


def environment_extractor(config: Config, environ: Mapping[str, str]) -> Callable | None:
    """The model extractor the config asks for (`[extractor] name = "llm"`), or None for the rules."""
    if config.extractor.name != "llm":
        return None
    from notesmith.app.pipeline import llm_extractor, llm_usage

    usage = llm_usage(config)
    return lambda known: llm_extractor(config, environ, None, usage, known)
