"""A ChangePlan: the file operations one source's ingest needs, computed before anything is written."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, Field


class OperationKind(str, Enum):
    create_note = "create_note"
    update_note = "update_note"
    archive_source = "archive_source"
    remove_from_inbox = "remove_from_inbox"
    record_ledger = "record_ledger"
    remove_note = "remove_note"


class FileOperation(BaseModel):
    """Write `content` to `path` (or delete it when content is None), valid only if the file still has `before_sha256`.

    `before_sha256` is None when the file must not exist yet.
    """

    kind: OperationKind
    path: str = Field(description="vault-relative, '/'-separated")
    before_sha256: str | None = None
    content: bytes | None = None
    move_from: str | None = Field(default=None, description="move this vault file to `path` (a file too large to "
                                                             "copy through memory); content is then None")
    changes: list[str] = Field(default_factory=list, description="what changes, for people reading the plan")

    @property
    def is_delete(self) -> bool:
        return self.content is None and self.move_from is None


class ChangePlan(BaseModel):
    """Everything one source changes in the vault, applied all at once or not at all."""

    source_name: str
    operations: list[FileOperation] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    tasks_proposed: int = 0

    def paths(self) -> list[str]:
        return [op.path for op in self.operations]

    def without_contents(self) -> "ChangePlan":
        """The plan as a record of what was done: file contents dropped, so a long run's report stays small."""
        return self.model_copy(update={"operations": [op.model_copy(update={"content": None})
                                                      for op in self.operations]})

    def count(self, kind: OperationKind) -> int:
        return sum(1 for op in self.operations if op.kind is kind)
