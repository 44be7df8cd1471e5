"""The pages' forms: htmx gets the changed rows back, a plain post is redirected with its message."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from notesmith.app.tasks import TaskChange, tasks_by_id
from notesmith.web.actions import (
    TasksChanged,
    change,
    decide_meeting,
    read,
    settle_entry,
    undo,
    undo_message,
)
from notesmith.web.context import Flash, Refused, WebContext
from notesmith.web.views import decision, form_change

Field = Annotated[str, Form()]


def form_routes(ctx: WebContext) -> APIRouter:
    router = APIRouter()

    @router.post("/tasks/{task_id}/decide")
    def decide(request: Request, task_id: str, status: Field = "", next: Field = "/"):
        return _answer(ctx, request, next, lambda: _tasks_changed(ctx, request, next, change(ctx, {
            task_id: _change_of_status(status)})))

    @router.post("/tasks/{task_id}/edit")
    def edit(request: Request, task_id: str, text: Field = "", owner: Field = "", due: Field = "",
             priority: Field = "", status: Field = "", next: Field = "/"):
        def edited():
            task = read(ctx, lambda conn: tasks_by_id(conn, [task_id]))[0]
            return _tasks_changed(ctx, request, next, change(ctx, {
                task_id: form_change(task, text, owner, due, priority, status or None)}))

        return _answer(ctx, request, next, edited)

    @router.post("/meetings/decide")
    def decide_all(request: Request, path: Field = "", status: Field = "", next: Field = "/"):
        return _answer(ctx, request, next, lambda: _tasks_changed(
            ctx, request, next, decide_meeting(ctx, path, _change_of_status(status).status)))

    @router.post("/review/{entry_id}")
    def review(request: Request, entry_id: str, action: Field = "", into: Field = "", next: Field = "/review"):
        def settled():
            return _redirect(ctx, next, Flash("ok", settle_entry(ctx, entry_id, action, into)))

        return _answer(ctx, request, next, settled)

    @router.post("/undo")
    def undo_run(request: Request, run: Field = "", next: Field = "/runs"):
        def undone():
            return _redirect(ctx, next, Flash("ok", undo_message(*undo(ctx, run or None))))

        return _answer(ctx, request, next, undone)

    return router


def _change_of_status(status: str) -> TaskChange:
    wanted = decision(status)
    if wanted is None:
        raise Refused(400, "say what to do with the task: status open (accept) or rejected")
    return TaskChange(status=wanted)


def _answer(ctx: WebContext, request: Request, next_page: str, act) -> Response:
    """`act()`'s response; a refusal as the message line (htmx) or on the page the form came from."""
    try:
        return act()
    except Refused as refused:
        if _htmx(request):
            return HTMLResponse(ctx.render("_flash.html", flash=Flash("error", refused.message)),
                                status_code=refused.status, headers={"HX-Retarget": "#flash", "HX-Reswap": "outerHTML"})
        return _redirect(ctx, next_page, Flash("error", refused.message))


def _tasks_changed(ctx: WebContext, request: Request, next_page: str, changed: TasksChanged) -> Response:
    """The changed rows, the message line and the count of proposals left (htmx); else back to the page."""
    flash = Flash("ok", changed.message, changed.run_id)
    if not _htmx(request):
        return _redirect(ctx, next_page, flash)
    here = _safe(next_page)
    rows = ctx.render("_rows.html", tasks=changed.tasks, here=here, quotes={})
    return HTMLResponse(rows + ctx.render("_flash.html", flash=flash, oob=True, here=here)
                        + ctx.render("_count.html", count=changed.proposals_left, oob=True))


def _redirect(ctx: WebContext, next_page: str, flash: Flash) -> Response:
    key = ctx.flashes.put(flash)
    target = _safe(next_page)
    joiner = "&" if "?" in target else "?"
    return RedirectResponse(f"{target}{joiner}{urlencode({'flash': key})}", status_code=303)


def _safe(next_page: str) -> str:
    """Only a page of this app: a path from the form, never another site (`//host`, `/\\host`, a scheme)."""
    parts = urlsplit(next_page)
    if parts.scheme or parts.netloc or not next_page.startswith("/") or next_page.startswith(("//", "/\\")):
        return "/"
    return next_page


def _htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"
