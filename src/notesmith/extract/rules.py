"""The offline rules extractor: a Source in, an Extraction out, no network and no model."""

from __future__ import annotations

from notesmith.domain import ExtractedParticipant, Extraction, MeetingKind, Source
from notesmith.extract.transcript import extract_decisions, extract_tasks

EXTRACTOR_NAME = "rules"


def extract(source: Source) -> Extraction:
    utterances = source.utterances
    return Extraction(
        source_id=source.id,
        extractor=EXTRACTOR_NAME,
        title=source.title,
        date=source.date,
        kind=MeetingKind.internal,
        participants=[ExtractedParticipant(name=p.name, email=p.email) for p in source.participants],
        decisions=extract_decisions(utterances),
        tasks=extract_tasks(utterances, source.date),
    )
