"""The one LLM client protocol, and its implementation for OpenAI-compatible chat completion servers."""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass
from typing import Protocol, TypeVar

import openai
from pydantic import BaseModel, ValidationError

from notesmith.extract.llm.usage import Usage

M = TypeVar("M", bound=BaseModel)
# response formats, most to least exact; a server that refuses one is asked with the next, and remembered
FORMATS = ("json_schema", "json_object_with_schema", "json_object")
_FENCED = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.S)


class LLMError(Exception):
    """The model gave no usable answer; the message says why in words a user can act on."""


class LLMClient(Protocol):
    usage: Usage

    def complete(self, messages: list[dict], response_model: type[M]) -> M:
        """The model's answer to `messages`, validated as `response_model`; LLMError when there is none."""


@dataclass(frozen=True)
class ServerSettings:
    base_url: str
    model: str
    api_key: str
    timeout: float = 120.0
    max_retries: int = 2
    requests_per_minute: int = 0
    max_tokens: int = 2048
    temperature: float = 0.0


class OpenAICompatibleClient:
    """Chat completions with `store: false`, a JSON-schema response format (JSON mode when refused), one retry
    that shows the model its validation error. HTTP retries (429 with Retry-After, 5xx) are the SDK's."""

    def __init__(self, settings: ServerSettings, usage: Usage):
        self.settings = settings
        self.usage = usage
        self._sdk = openai.OpenAI(base_url=settings.base_url, api_key=settings.api_key or "not-needed",
                                  timeout=settings.timeout, max_retries=settings.max_retries)
        self._format = 0
        self._pace = _Pace(settings.requests_per_minute)

    def complete(self, messages: list[dict], response_model: type[M]) -> M:
        answer = self._ask(messages, response_model)
        try:
            return _validated(answer, response_model)
        except ValidationError as first:
            self.usage.add(retries=1)
            retry = [*messages, {"role": "assistant", "content": answer},
                     {"role": "user", "content": f"That answer does not match the schema: {_brief(first)}. "
                                                 "Answer again with only the JSON object."}]
            again = self._ask(retry, response_model)
            try:
                return _validated(again, response_model)
            except ValidationError as second:
                raise LLMError(f"the model's answer did not match the schema twice: {_brief(second)}") from second

    def _ask(self, messages: list[dict], response_model: type[BaseModel]) -> str:
        while True:
            chosen = FORMATS[self._format]
            try:
                return self._request(messages, response_model, chosen)
            except openai.APIStatusError as exc:
                if _format_refused(exc) and self._format + 1 < len(FORMATS):
                    self._format += 1
                    continue
                hint = " (lower [llm] chunk_tokens or max_tokens)" if re.search(r"context", _message(exc), re.I) else ""
                raise LLMError(f"{self.settings.base_url} answered {exc.status_code}: {_message(exc)}{hint}") from exc
            except openai.APITimeoutError as exc:
                raise LLMError(f"no answer from {self.settings.base_url} within {self.settings.timeout:g} s "
                               f"({self.settings.max_retries} retries)") from exc
            except openai.APIConnectionError as exc:
                raise LLMError(f"cannot reach {self.settings.base_url}: {exc.__cause__ or exc}") from exc

    def _request(self, messages: list[dict], response_model: type[BaseModel], chosen: str) -> str:
        self._pace.wait()
        schema = response_model.model_json_schema()
        if chosen != "json_schema":
            messages = [*messages, {"role": "system", "content": "Answer with one JSON object matching this JSON "
                                                                 f"schema:\n{json.dumps(schema)}"}]
        response = self._sdk.chat.completions.create(
            model=self.settings.model, messages=messages, temperature=self.settings.temperature,
            max_tokens=self.settings.max_tokens, store=False, response_format=_response_format(chosen, schema,
                                                                                              response_model))
        usage = response.usage
        self.usage.add(requests=1, tokens_in=usage.prompt_tokens if usage else 0,
                       tokens_out=usage.completion_tokens if usage else 0)
        return response.choices[0].message.content or "" if response.choices else ""


def _response_format(chosen: str, schema: dict, response_model: type[BaseModel]) -> dict:
    if chosen == "json_schema":
        return {"type": "json_schema", "json_schema": {"name": response_model.__name__, "schema": schema}}
    if chosen == "json_object_with_schema":  # llama.cpp's server constrains its output to the schema this way
        return {"type": "json_object", "schema": schema}
    return {"type": "json_object"}


def _format_refused(exc: openai.APIStatusError) -> bool:
    """The server rejected the request for its response format (some answer 400, llama-cpp-python 500)."""
    return exc.status_code in (400, 422, 500) and re.search(r"response_format|json_schema|schema",
                                                            _message(exc), re.I) is not None


def _validated(answer: str, response_model: type[M]) -> M:
    fenced = _FENCED.match(answer)
    return response_model.model_validate_json(fenced.group(1) if fenced else answer)


def _brief(exc: ValidationError) -> str:
    problems = [f"{'.'.join(map(str, e['loc'])) or 'answer'}: {e['msg']}" for e in exc.errors()[:5]]
    return "; ".join(problems)


def _message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        body = body.get("error", body)
        body = body.get("message", body) if isinstance(body, dict) else body
    return " ".join(str(body or exc.message).split())[:300]


class _Pace:
    """At most `per_minute` request starts a minute, spaced evenly; 0 means no limit."""

    def __init__(self, per_minute: int):
        self._gap = 60.0 / per_minute if per_minute else 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self._gap:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self._gap
        time.sleep(max(0.0, start - now))
