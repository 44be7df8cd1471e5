"""The web app of `notesmith serve`: pages, forms and the JSON API behind the request guard."""

from __future__ import annotations

import socket
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from notesmith.web.api import api_routes
from notesmith.web.context import Refused, ServeSettings, WebContext
from notesmith.web.forms import form_routes
from notesmith.web.pages import page_routes
from notesmith.web.security import HostCheck, RequestGuard


def create_app(settings: ServeSettings) -> FastAPI:
    ctx = WebContext(settings)
    # no /docs: FastAPI's pages load their scripts from a CDN; the API is described in the README
    app = FastAPI(title="notesmith", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    app.include_router(api_routes(ctx))
    app.include_router(form_routes(ctx))
    app.include_router(page_routes(ctx))
    static = resources.files("notesmith.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    _answer_errors(app, ctx)
    hosts = HostCheck(settings.host, settings.port, machine_names(settings.host))
    app.add_middleware(RequestGuard, hosts=hosts, secret=settings.secret)
    return app


def machine_names(host: str) -> tuple[str, ...]:
    """This machine's own names, for a Host header on a wildcard address (--allow-remote)."""
    if host not in ("0.0.0.0", "::"):
        return ()
    return tuple({socket.gethostname().lower(), socket.getfqdn().lower()})


def _answer_errors(app: FastAPI, ctx: WebContext) -> None:
    """Every error as one sentence: JSON for the API, the page's own layout otherwise."""

    def answer(request: Request, status: int, message: str):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=status)
        return HTMLResponse(ctx.render("error.html", status=status, message=message, flash=None, here="/"),
                            status_code=status)

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused):
        return answer(request, exc.status, exc.message)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        message = {404: "there is no such page", 405: "that method is not allowed here"}.get(exc.status_code,
                                                                                             str(exc.detail))
        return answer(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "body", "path"))
        return answer(request, 400, f"{where or 'the request'}: {first.get('msg', 'is not valid')}")
