"""Pure data types shared by every stage; imports nothing else of notesmith.

Each name is loaded from its module when first asked for: the pydantic models cost a tenth of a second to build,
and the read commands need only the enumerations of `domain.kinds`.
"""

import importlib

_HOME = {
    "SCHEMA_VERSION": "extraction",
    "Evidence": "extraction",
    "ExtractedParticipant": "extraction",
    "Extraction": "extraction",
    "Fact": "extraction",
    "Item": "extraction",
    "MeetingKind": "extraction",
    "Mentions": "extraction",
    "Task": "extraction",
    "Priority": "kinds",
    "TaskStatus": "kinds",
    "Message": "source",
    "Participant": "source",
    "Section": "source",
    "Source": "source",
    "SourceFormat": "source",
    "SourceKind": "source",
    "Utterance": "source",
}
__all__ = sorted(_HOME)


def __getattr__(name: str):
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
