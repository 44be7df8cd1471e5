"""The pages: proposals by meeting, a note, the review queue, runs and their diffs, search, a brief."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from notesmith.app.queries import find_note, read_note
from notesmith.app.review_actions import open_entries
from notesmith.app.runs import recent_runs, run_changes, run_summary
from notesmith.index.brief import build_brief
from notesmith.index.queries import AmbiguousName, find_entity, search_notes
from notesmith.web.actions import answering, read
from notesmith.web.context import Refused, WebContext
from notesmith.web.views import PROPOSED, proposal_groups, tasks_in

ENTITY_TYPES = ("person", "organization", "project")
Text = Annotated[str, Query()]


def page_routes(ctx: WebContext) -> APIRouter:
    router = APIRouter()

    def page(request: Request, name: str, **values) -> HTMLResponse:
        flash = ctx.flashes.take(request.query_params.get("flash"))
        return HTMLResponse(ctx.render(name, flash=flash, here=_here(request), **values))

    @router.get("/", response_class=HTMLResponse)
    def proposals(request: Request):
        groups = read(ctx, proposal_groups)
        return page(request, "proposals.html", groups=groups, count=sum(len(g.tasks) for g in groups))

    @router.get("/note", response_class=HTMLResponse)
    def note(request: Request, path: Text = ""):
        def ask(conn):
            text = read_note(ctx.vault, conn, path)
            return text, tasks_in(conn, text.path, (PROPOSED,)) if text.type == "meeting" else []

        text, tasks = read(ctx, ask)
        quotes = ctx.evidence.for_meeting(text) if tasks else {}
        return page(request, "note.html", note=text, body=ctx.markdown.render(text.markdown), tasks=tasks,
                    quotes=quotes, is_entity=text.type in ENTITY_TYPES)

    @router.get("/go")
    def go(name: Text = ""):
        """A wiki-link followed: to the note it names, as Obsidian resolves it."""
        head = read(ctx, lambda conn: find_note(conn, name))
        target = "/brief" if head.type in ENTITY_TYPES else "/note"
        return RedirectResponse(f"{target}?path={quote(head.path, safe='')}", status_code=303)

    @router.get("/fragments/evidence", response_class=HTMLResponse)
    def evidence(path: Text = ""):
        """The quotes of a meeting's proposals, swapped into the proposals page as each meeting comes into view."""
        text = read(ctx, lambda conn: read_note(ctx.vault, conn, path))
        return HTMLResponse(ctx.render("_evidence.html", quotes=ctx.evidence.for_meeting(text)))

    @router.get("/review", response_class=HTMLResponse)
    def review(request: Request):
        entries = read(ctx, lambda conn: open_entries(ctx.vault, ctx.settings.config, conn))
        return page(request, "review.html", entries=entries)

    @router.get("/runs", response_class=HTMLResponse)
    def runs(request: Request):
        with answering():
            return page(request, "runs.html", runs=recent_runs(ctx.vault))

    @router.get("/runs/{run_id}", response_class=HTMLResponse)
    def run(request: Request, run_id: str):
        with answering():
            summary = run_summary(ctx.vault, run_id)
            changes, files = run_changes(ctx.vault, run_id)
        return page(request, "run.html", run=summary, run_id=run_id, changes=changes, files=files)

    @router.get("/search", response_class=HTMLResponse)
    def search(request: Request, q: Text = ""):
        hits = read(ctx, lambda conn: search_notes(conn, q, limit=50)) if q.strip() else []
        return page(request, "search.html", q=q, hits=hits)

    @router.get("/brief", response_class=HTMLResponse)
    def brief(request: Request, name: Text = "", path: Text = ""):
        dossier = read(ctx, lambda conn: build_brief(conn, _entity(conn, name, path)))
        return page(request, "brief.html", brief=dossier)

    return router


def _entity(conn, name: str, path: str):
    """The entity a brief is asked for, by any of its names or by its note's path (looked up, never opened)."""
    try:
        entity = find_entity(conn, name) if name else None
        if entity is None and path:
            head = find_note(conn, path)
            entity = find_entity(conn, head.title) if head.type in ENTITY_TYPES else None
            entity = entity if entity and entity.path == head.path else None
    except AmbiguousName as exc:
        raise Refused(400, str(exc)) from exc
    if entity is None:
        raise Refused(404, f"no person, organization or project called {name or path!r}")
    return entity


def _here(request: Request) -> str:
    """This page's address, where a form on it returns to."""
    query = "&".join(f"{k}={quote(v, safe='')}" for k, v in request.query_params.items() if k != "flash")
    return request.url.path + (f"?{query}" if query else "")
