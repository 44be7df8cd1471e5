"""The LLM extractor: a Source in, an Extraction out; every item grounded in the source, chunks merged by the
vault's own dedup rule (passed in, so extraction does not reach into planning)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from notesmith.domain import (
    Evidence,
    ExtractedParticipant,
    Extraction,
    Fact,
    Item,
    Mentions,
    Priority,
    Source,
    Task,
)
from notesmith.extract.due_dates import resolve_due
from notesmith.extract.llm.cache import ResponseCache
from notesmith.extract.llm.chunks import Line, chunk_lines, source_lines
from notesmith.extract.llm.client import LLMClient
from notesmith.extract.llm.grounding import Grounding
from notesmith.extract.llm.prompts import meeting
from notesmith.extract.llm.redaction import Redactor
from notesmith.extract.meeting_kind import meeting_kind
from notesmith.extract.mentions import find_mentions

EXTRACTOR_NAME = "llm"
SUMMARY_SENTENCES = 5
TOPICS_CAP = 8
# a priority the words of the quote carry; a model's guess without them is dropped
_PRIORITY_WORDS = re.compile(r"\b(urgent|asap|as soon as possible|critical|top priority|high priority|important|"
                             r"low priority|no rush|whenever)\b", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")

SameStatement = Callable[[str, str], bool]


@dataclass(frozen=True)
class LLMSettings:
    model: str
    chunk_tokens: int = 3000
    overlap_lines: int = 3
    max_concurrency: int = 4
    redact: bool = False


class LLMExtractor:
    """Callable like the rules extractor. Notes that already carry sections (summaries with their task lists) go to
    `structured`, the rules that parse them exactly: a model would only paraphrase a ✅ away."""

    def __init__(self, client: LLMClient, settings: LLMSettings, same: SameStatement,
                 structured: Callable[[Source], Extraction], owner: str | None = None,
                 cache: ResponseCache | None = None, known_names: Callable[[Source], list[str]] | None = None):
        self.client = client
        self.settings = settings
        self._same = same
        self._structured = structured
        self._owner = owner
        self._cache = cache
        self._known_names = known_names or (lambda source: [])

    def __call__(self, source: Source) -> Extraction:
        if source.sections:
            return self._structured(source)
        lines = source_lines(source)
        chunks = chunk_lines(lines, self.settings.chunk_tokens, self.settings.overlap_lines) or [[]]
        redactor = Redactor() if self.settings.redact else None
        known = self._known_names(source)
        requests = [meeting.messages(_chunk_text(chunk, redactor), kind=meeting_kind(source).value, date=source.date,
                                     title=source.title, owner=self._owner, known=known, part=n, parts=len(chunks))
                    for n, chunk in enumerate(chunks, 1)]
        with ThreadPoolExecutor(max(1, min(self.settings.max_concurrency, len(requests)))) as pool:
            answers = list(pool.map(self._answer, requests))
        if redactor:
            answers = [_restored(answer, redactor) for answer in answers]
        return self._assembled(source, answers, Grounding(lines))

    def _answer(self, messages: list[dict]) -> meeting.ChunkFindings:
        key = ResponseCache.key(self.settings.model, meeting.PROMPT_VERSION, messages)
        cached = self._cache.get(key) if self._cache else None
        if cached is not None:
            self.client.usage.add(cache_hits=1)
            return meeting.ChunkFindings.model_validate(cached["answer"])
        answer = self.client.complete(messages, meeting.ChunkFindings)
        if self._cache:
            self._cache.put(key, {"model": self.settings.model, "prompt_version": meeting.PROMPT_VERSION,
                                  "answer": answer.model_dump(mode="json")})
        return answer

    def _assembled(self, source: Source, answers: list[meeting.ChunkFindings], grounding: Grounding) -> Extraction:
        merge = _Merger(grounding, self._same, self.client)
        for answer in answers:
            merge.items("decisions", answer.decisions, Item)
            merge.items("risks", answer.risks, Item)
            merge.items("open_questions", answer.open_questions, Item)
            merge.facts(answer.facts)
            merge.tasks(answer.tasks, source.date)
        return Extraction(
            source_id=source.id, extractor=EXTRACTOR_NAME, model=self.settings.model,
            prompt_version=meeting.PROMPT_VERSION, title=source.title, date=source.date, kind=meeting_kind(source),
            participants=[ExtractedParticipant(name=p.name, email=p.email) for p in source.participants],
            summary=self._summary(answers), decisions=merge.found["decisions"], tasks=merge.found["tasks"],
            facts=merge.found["facts"], risks=merge.found["risks"], open_questions=merge.found["open_questions"],
            topics=_first_unique([t for a in answers for t in a.topics], TOPICS_CAP),
            mentions=_mentions(source, answers))

    def _summary(self, answers: list[meeting.ChunkFindings]) -> str:
        sentences: list[str] = []
        for answer in answers:
            for sentence in _SENTENCE.split(" ".join(answer.summary.split())):
                if sentence and not any(self._same(sentence, kept) for kept in sentences):
                    sentences.append(sentence)
        return " ".join(sentences[:SUMMARY_SENTENCES])


class _Merger:
    """Grounded items of every chunk, in order; a restatement (the overlap, or the model repeating itself) adds its
    evidence to the item already there instead of a second item."""

    def __init__(self, grounding: Grounding, same: SameStatement, client: LLMClient):
        self.found: dict[str, list] = {"decisions": [], "risks": [], "open_questions": [], "facts": [], "tasks": []}
        self._grounding = grounding
        self._same = same
        self._client = client

    def items(self, kind: str, proposed: list[meeting.QuotedItem], model: type[Item]) -> None:
        self._add_grounded(kind, proposed, lambda item, evidence: model(text=_clean(item.text), evidence=[evidence]))

    def facts(self, proposed: list[meeting.ProposedFact]) -> None:
        self._add_grounded("facts", proposed, lambda fact, evidence: Fact(
            text=_clean(fact.text), about=fact.about or None, evidence=[evidence]))

    def tasks(self, proposed: list[meeting.ProposedTask], meeting_date: dt.date | None) -> None:
        self._add_grounded("tasks", proposed, lambda task, evidence: Task(
            text=_clean(task.text), owner=(task.owner or "").strip() or None,
            due=_due(task.due, evidence.quote, meeting_date), priority=_priority(task.priority, evidence.quote),
            evidence=[evidence]))

    def _add_grounded(self, kind: str, proposed: list, build: Callable[[Any, Evidence], Item]) -> None:
        """Each proposed item whose quote is in the source, built with its evidence; the others counted and dropped."""
        for item in proposed:
            evidence = self._evidence(item)
            if evidence:
                self._add(kind, build(item, evidence))

    def _evidence(self, item: meeting.QuotedItem) -> Evidence | None:
        located = self._grounding.locate(item.quote) if _clean(item.text) else None
        if located is None:
            self._client.usage.add(dropped_ungrounded=1)
            return None
        return Evidence(quote=located.quote, start=located.start)

    def _add(self, kind: str, item: Item) -> None:
        for kept in self.found[kind]:
            if self._same(item.text, kept.text) and getattr(item, "owner", None) == getattr(kept, "owner", None):
                if all(e.quote != item.evidence[0].quote for e in kept.evidence):
                    kept.evidence.append(item.evidence[0])
                return
        self.found[kind].append(item)


def _chunk_text(chunk: list[Line], redactor: Redactor | None) -> str:
    text = "\n".join(line.shown() for line in chunk)
    return redactor.redact(text) if redactor else text


def _restored(answer: meeting.ChunkFindings, redactor: Redactor) -> meeting.ChunkFindings:
    def restore(value):
        if isinstance(value, str):
            return redactor.restore(value)
        if isinstance(value, list):
            return [restore(v) for v in value]
        if isinstance(value, dict):
            return {k: restore(v) for k, v in value.items()}
        return value

    return meeting.ChunkFindings.model_validate(restore(answer.model_dump(mode="json")))


def _due(proposed: str | None, quote: str, meeting_date: dt.date | None) -> dt.date | None:
    """The date the quote's own words give; else the model's, when it is a real date not before the meeting."""
    said = resolve_due(quote, meeting_date)
    if said or not proposed:
        return said
    try:
        due = dt.date.fromisoformat(proposed.strip())
    except ValueError:
        return None
    if meeting_date and not meeting_date <= due <= meeting_date + dt.timedelta(days=366):
        return None
    return due


def _priority(proposed: str | None, quote: str) -> Priority | None:
    return Priority(proposed) if proposed and _PRIORITY_WORDS.search(quote) else None


def _clean(text: str) -> str:
    return " ".join(text.split())


def _first_unique(values: list[str], cap: int) -> list[str]:
    seen: dict[str, str] = {}
    for value in (_clean(v) for v in values):
        if value and value.casefold() not in seen:
            seen[value.casefold()] = value
    return list(seen.values())[:cap]


def _mentions(source: Source, answers: list[meeting.ChunkFindings]) -> Mentions:
    """The rules' mentions, and the model's when the source really names them."""
    found = find_mentions(source)
    text = source.text.casefold()

    def named(names: list[str], kept: list[str], min_words: int = 1) -> list[str]:
        return _first_unique(kept + [n for n in names if len(n) > 2 and len(n.split()) >= min_words
                                     and n.casefold() in text], 10_000)

    # a lone first name could be anyone: people only by their full name, left to the resolver to place
    return Mentions(people=named([p for a in answers for p in a.people], found.people, min_words=2),
                    organizations=named([o for a in answers for o in a.organizations], found.organizations),
                    projects=named([p for a in answers for p in a.projects], found.projects))
