"""The JSON API (README: "The JSON API"): tasks, the review queue, runs and undo; errors as {"error": ...}."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from notesmith.app.review_actions import ACTIONS, open_entries
from notesmith.app.runs import recent_runs
from notesmith.index.queries import STATUSES, TaskFilter, find_tasks
from notesmith.web.actions import answering, change, read, settle_entry, undo
from notesmith.web.context import Refused, WebContext
from notesmith.web.views import PROPOSED, json_change, task_json

MAX_BODY = 1 << 16


def api_routes(ctx: WebContext) -> APIRouter:
    router = APIRouter(prefix="/api")

    @router.get("/tasks")
    def tasks(status: str = PROPOSED):
        """Tasks with these statuses (comma-separated; `all` for every one), soonest due first."""
        wanted = STATUSES if status == "all" else tuple(s.strip() for s in status.split(",") if s.strip())
        unknown = [s for s in wanted if s not in STATUSES]
        if unknown or not wanted:
            raise Refused(400, f"status must be any of: {', '.join(STATUSES)} or all (not {status!r})")
        found = read(ctx, lambda conn: find_tasks(conn, TaskFilter(statuses=wanted)))
        return JSONResponse([task_json(t) for t in found])  # plain dicts: no per-value encoder pass

    @router.post("/tasks/{task_id}")
    async def change_task(request: Request, task_id: str):
        """Accept (`"status": "open"`), reject (`"rejected"`) and/or edit text, owner, due, priority."""
        # async to read the body; the vault work runs on a worker thread (it waits for the lock and for git)
        body = await _json_body(request)
        edit = json_change(body)
        changed = await run_in_threadpool(lambda: change(ctx, {task_id: edit}))
        return {**task_json(changed.tasks[0]), "run": changed.run_id}

    @router.get("/review")
    def review():
        entries = read(ctx, lambda conn: open_entries(ctx.vault, ctx.settings.config, conn))
        return [e.as_dict() for e in entries]

    @router.post("/review/{entry_id}")
    async def settle(request: Request, entry_id: str):
        """`{"action": "accept" | "decline", "into"?: note}`: merge, mark checked, or dismiss."""
        body = await _json_body(request)
        action, into = body.get("action"), body.get("into")
        if action not in ACTIONS or not isinstance(into, (str, type(None))):
            raise Refused(400, "the body must be {\"action\": \"accept\" or \"decline\"} (with \"into\": a name "
                               "to say which note a spelling merges into)")
        message = await run_in_threadpool(lambda: settle_entry(ctx, entry_id, action, into))
        return {"id": entry_id, "action": action, "message": message}

    @router.get("/runs")
    def runs():
        with answering():
            return [r.as_dict() for r in recent_runs(ctx.vault)]

    @router.post("/undo")
    async def undo_last(request: Request):
        """Undo the last run; `{"run": id}` undoes it only if it is still the last one."""
        body = await _json_body(request, optional=True)
        run_id = body.get("run")
        if not isinstance(run_id, (str, type(None))):
            raise Refused(400, "run must be a run id (a string)")
        run, restored = await run_in_threadpool(lambda: undo(ctx, run_id))
        return JSONResponse({"run": run, "restored": restored})

    return router


async def _json_body(request: Request, optional: bool = False) -> dict:
    raw = await request.body()
    if not raw.strip() and optional:
        return {}
    if len(raw) > MAX_BODY:
        raise Refused(400, "the body is too large")
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise Refused(400, "the body must be JSON") from None
    if not isinstance(body, dict):
        raise Refused(400, "the body must be a JSON object")
    return body
