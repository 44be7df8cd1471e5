"""The offline rules extractor: a Source in, an Extraction out, no network and no model."""

from __future__ import annotations

import re
from collections.abc import Callable

from rapidfuzz import fuzz

from notesmith.domain import (
    ExtractedParticipant,
    Extraction,
    Fact,
    Item,
    Message,
    Source,
    Task,
    Utterance,
)
from notesmith.domain.owner import Owner
from notesmith.extract.decision_wording import decision_text
from notesmith.extract.digest import summarize, topics
from notesmith.extract.meeting_kind import meeting_kind
from notesmith.extract.mentions import find_mentions
from notesmith.extract.statements import (
    FACTS_CAP,
    extract_facts,
    extract_listed_facts,
    extract_open_questions,
    extract_risks,
    said_sentences,
)
from notesmith.extract.structured import parse_sections
from notesmith.extract.transcript import (
    MAX_TASKS,
    best_of,
    extract_decisions,
    extract_tasks,
    scored_tasks,
)
from notesmith.notes.task_line import task_fields_as_words, without_task_fields

EXTRACTOR_NAME = "rules"
RESTATEMENT_SIMILARITY = 60


def extract(source: Source, owner: Owner = Owner()) -> Extraction:
    """Sections are parsed as written; utterances and e-mail sentences go through the transcript rules; a task
    written for "me" is the owner's, and the owner's employer tells an internal meeting from an external one.

    A commitment found in the transcript that restates a task the note already lists
    is not added a second time; the listed task (with its status) wins. A note that
    lists its decisions is taken at its word: no decisions are mined from its transcript.
    """
    content = parse_sections(source.sections, source.date, owner.name)
    spoken = _in_words(source.utterances, task_fields_as_words) or _message_sentences(source)
    found = (extract_tasks(_in_words(source.utterances, without_task_fields), source.date) if source.utterances
             else _message_tasks(source))
    tasks = content.tasks + _not_restating(found, content.tasks)
    sentences = said_sentences(spoken)
    decisions = content.decisions or extract_decisions(spoken)
    risks = content.risks or extract_risks(spoken, sentences)
    mined_facts = _unique_texts(_listed_facts(source) + extract_facts(spoken, sentences))
    summary = (" ".join(content.summary) or summarize(spoken, sentences)
               or summarize(_as_said(content.facts + content.decisions)))
    return Extraction(
        source_id=source.id,
        extractor=EXTRACTOR_NAME,
        title=source.title,
        date=source.date,
        kind=meeting_kind(source, owner.employer),
        participants=[ExtractedParticipant(name=p.name, email=p.email) for p in source.participants],
        summary=summary,
        decisions=decisions,
        tasks=tasks,
        facts=content.facts or _listed_once(mined_facts, decisions + risks)[:FACTS_CAP],
        topics=topics(spoken),
        risks=risks,
        open_questions=content.open_questions or extract_open_questions(spoken, sentences),
        mentions=find_mentions(source),
    )


def _as_said(items: list[Item]) -> list[Utterance]:
    """A note's own statements, summarized as if said, when it has no summary and nothing was said."""
    return [Utterance(speaker=None, label="", text=item.text) for item in items]


def _in_words(utterances: list[Utterance], plain: Callable[[str], str]) -> list[Utterance]:
    """What was said, with any Tasks field marker in it made `plain` (notes.task_line): text from an input never
    becomes a task's field."""
    said = [(u, plain(u.text)) for u in utterances]
    return [u if text == u.text else u.model_copy(update={"text": text}) for u, text in said]


def _message_sentences(source: Source) -> list[Utterance]:
    """An e-mail thread read as speech: each sentence of a body, said by its sender."""
    return [sentence for message in source.messages for sentence in _sentences(message, task_fields_as_words)]


def _sentences(message: Message, plain: Callable[[str], str]) -> list[Utterance]:
    return [Utterance(speaker=message.sender.name, label=message.sender.name, text=plain(sentence.strip()))
            for sentence in re.split(r"(?<=[.!?])\s+|\n+", message.body) if sentence.strip()]


def _listed_facts(source: Source) -> list[Fact]:
    return [fact for message in source.messages for fact in extract_listed_facts(task_fields_as_words(message.body))]


def _listed_once(facts: list[Fact], elsewhere: list[Item]) -> list[Fact]:
    """A sentence found to be a decision or a risk is listed there, not a second time as a fact."""
    taken = {item.text.casefold() for item in elsewhere}
    return [f for f in facts if f.text.casefold() not in taken and decision_text(f.text).casefold() not in taken]


def _unique_texts(items: list) -> list:
    seen: set[str] = set()
    return [i for i in items if not (i.text.casefold() in seen or seen.add(i.text.casefold()))]


def _message_tasks(source: Source) -> list[Task]:
    """Each message's tasks, due dates counted from the day it was sent; a request in a message
    to a single person is theirs. The thread's best MAX_TASKS, ranked together."""
    scored = []
    for message in source.messages:
        sent = message.timestamp.date() if message.timestamp else source.date
        addressee = message.recipients[0].name if len(message.recipients) == 1 else None
        scored += scored_tasks(_sentences(message, without_task_fields), sent, addressee)
    return best_of(scored, MAX_TASKS)


def _not_restating(found: list[Task] | list[Item], listed: list[Task] | list[Item]) -> list:
    return [item for item in found if not any(_restates(item, known) for known in listed)]


def _restates(item: Item, known: Item) -> bool:
    """Same words, or — for tasks — the same owner with the same due date or much the same words."""
    similarity = fuzz.token_set_ratio(item.text.lower(), known.text.lower())
    if similarity >= RESTATEMENT_SIMILARITY:
        return True
    if isinstance(item, Task) and isinstance(known, Task) and item.owner and item.owner == known.owner:
        return (item.due is not None and item.due == known.due) or similarity >= RESTATEMENT_SIMILARITY - 20
    return False

