"""A local OpenAI-compatible server that replays recorded responses in order and keeps every request it got."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RECORDED = Path(__file__).parent / "recorded-llm"


def recorded(name: str) -> dict:
    return json.loads((RECORDED / f"{name}.json").read_text(encoding="utf-8"))


def answer(content: str, prompt_tokens: int = 100, completion_tokens: int = 20) -> dict:
    """A chat completion whose message is `content`, in the shape OpenAI-compatible servers send."""
    return {"status": 200, "headers": {}, "body": {
        "id": "chatcmpl-replay", "object": "chat.completion", "created": 1763800000, "model": "replay",
        "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens}}}


def findings(**fields) -> dict:
    return answer(json.dumps(fields))


class ReplayServer:
    """Serves `responses` one per request (the last one again when they run out); `delay` seconds before each."""

    def __init__(self, responses: list[dict], delay: float = 0.0):
        self.responses = list(responses)
        self.requests: list[dict] = []
        self.delay = delay
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/v1"

    def __enter__(self) -> ReplayServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next(self, request: dict) -> dict:
        with self._lock:
            self.requests.append(request)
            return self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]

    def _handler(self):
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the name http.server calls
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                response = replay._next(body)
                time.sleep(replay.delay)
                data = json.dumps(response["body"]).encode()
                try:
                    self.send_response(response["status"])
                    for name, value in {"Content-Type": "application/json", **response["headers"]}.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the timeout test)

            def log_message(self, *args):
                pass

        return Handler
