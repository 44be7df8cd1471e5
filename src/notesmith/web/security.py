"""The request guard: the Host must name the address served, a change must carry the CSRF token."""

from __future__ import annotations

import hmac
import ipaddress
from dataclasses import dataclass
from urllib.parse import parse_qs

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
FORM_TYPE = "application/x-www-form-urlencoded"
MAX_FORM_BYTES = 1 << 20
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
WILDCARDS = ("0.0.0.0", "::")
# htmx is served from the package (never a CDN); no inline script, no eval, no framing by other sites
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "cache-control": "no-store",
}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class HostCheck:
    """The Host headers that name the address served: the bound host and port, and for a loopback address its
    other loopback names; on a wildcard address (with --allow-remote) any IP address with the port and the
    machine's own names. A DNS name pointing at us from elsewhere (DNS rebinding) is none of these."""

    host: str
    port: int
    machine_names: tuple[str, ...] = ()

    def allows(self, header: str) -> bool:
        name, port = _split_host(header.strip().lower())
        if port != self.port and not (port is None and self.port == 80):
            return False
        if name == _bracketed(self.host.lower()):
            return True
        if is_loopback(self.host) and name in LOOPBACK_NAMES:
            return True
        if self.host in WILDCARDS:
            return name in LOOPBACK_NAMES or name in self.machine_names or _an_ip_address(name)
        return False


class RequestGuard:
    """ASGI middleware: 400 for a foreign Host, 403 for a state-changing request without the token."""

    def __init__(self, app: ASGIApp, hosts: HostCheck, secret: str):
        self.app = app
        self.hosts = hosts
        self.secret = secret.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if not self.hosts.allows(headers.get("host", "")):
            await refusal(scope, 400, "the Host header does not name the address notesmith serves; open the "
                                      "URL `notesmith serve` printed")(scope, receive, send)
            return
        if scope["method"] not in SAFE_METHODS:
            token, receive = await _token(headers, receive)
            if token is None or not hmac.compare_digest(token.encode(), self.secret):
                await refusal(scope, 403, "the request has no valid CSRF token; reload the page and try "
                                          "again")(scope, receive, send)
                return
        await self.app(scope, receive, _with_security_headers(send))


def refusal(scope: Scope, status: int, message: str) -> Response:
    """An error as the caller reads it: JSON `{"error": ...}` for the API, a short page otherwise."""
    if scope.get("path", "").startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status)
    escaped = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return HTMLResponse(f"<!doctype html><title>notesmith: {status}</title><p>{escaped}</p>", status_code=status)


async def _token(headers: Headers, receive: Receive) -> tuple[str | None, Receive]:
    """The token from the header, else from an urlencoded form's field (the body is read and handed on)."""
    if CSRF_HEADER in headers:
        return headers[CSRF_HEADER], receive
    if headers.get("content-type", "").split(";")[0].strip() != FORM_TYPE:
        return None, receive
    body = await _read_body(receive)
    if body is None:
        return None, receive
    values = parse_qs(body.decode("latin-1"), keep_blank_values=True).get(CSRF_FIELD, [])
    return (values[0] if values else None), _replay(body, receive)


async def _read_body(receive: Receive) -> bytes | None:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if size > MAX_FORM_BYTES:
            return None
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body once more for the app, then the client's own messages (its disconnect)."""
    sent = False

    async def replaying() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replaying


def _with_security_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            for name, value in SECURITY_HEADERS.items():
                if name not in headers:
                    headers[name] = value
        await send(message)

    return sending


def _split_host(header: str) -> tuple[str, int | None]:
    if header.startswith("["):
        name, _, rest = header.partition("]")
        name += "]"
        port = rest[1:] if rest.startswith(":") else None
    else:
        name, _, port = header.partition(":")
        port = port or None
    if port is not None and not port.isdigit():
        return "", -1
    return name, int(port) if port is not None else None


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _an_ip_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name.strip("[]"))
        return True
    except ValueError:
        return False
