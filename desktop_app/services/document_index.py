"""What lists, search and report requests read of a document, computed from its content.

The documents service writes this beside the JSON on every save, in the same transaction; migration 0005
wrote it for documents stored before. Lists never parse a document: they read these columns and rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.documents import OfficialDocument, document_tasks
from desktop_app.domain.vntext import search_key
from desktop_app.services.deadlines import read_timing


@dataclass(frozen=True)
class TaskIndex:
    uuid: str
    position: int
    text: str
    who: str
    timing: str
    due: date | None  # the clerk's date, or the last day read from the timing line; None when not understood


@dataclass(frozen=True)
class DocumentIndex:
    type_code: str | None
    summary: str
    signer_name: str
    tasks: tuple[TaskIndex, ...]
    citations: tuple[str, ...]  # incoming uuids, in the order of the basis lines

    def search_key(self, symbol: str) -> str:
        return search_key(f"{symbol} {self.summary}")


def listed_summary(doc: OfficialDocument) -> str:
    """What a list shows as the document's summary: a letter's "V/v …" line, otherwise its trích yếu."""
    return doc.subject_line if doc.type.is_letter else doc.summary


def task_due(text: str, clerk_due: date | None, year: int) -> date | None:
    if clerk_due is not None:
        return clerk_due
    if not text:
        return None
    timing = read_timing(text, reference_year=year)
    return timing.deadline if timing.understood else None


def index_document(doc: OfficialDocument, year: int) -> DocumentIndex:
    """``year`` is the one timing phrases without a year are read in (the document's own year)."""
    return DocumentIndex(
        type_code=doc.type.code,
        summary=listed_summary(doc),
        signer_name=doc.signer.name if doc.signer is not None else "",
        tasks=tuple(
            TaskIndex(place.task.uuid, place.position, place.task.text, place.task.who, place.task.timing,
                      task_due(place.task.timing, place.task.due, year))
            for place in document_tasks(doc)
        ),
        citations=tuple(line.incoming_uuid for line in doc.basis if line.incoming_uuid),
    )
