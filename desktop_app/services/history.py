"""The change log as the clerk and the screens see it: «Lịch sử thay đổi», and what changed since a refresh.

Every write is logged by the persistence hook (``persistence.changes``); this service only reads the log and
passes on, to whoever listens, what each commit in this program changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from desktop_app.domain.changes import KIND_LABELS, OPERATION_LABELS, Change, ChangeSet
from desktop_app.persistence import changes as change_hook
from desktop_app.persistence.models import ChangeRow
from desktop_app.persistence.unit_of_work import UnitOfWorkFactory


@dataclass(frozen=True)
class ChangeEntry:
    """One line of «Lịch sử thay đổi»."""

    seq: int
    at: datetime
    actor: str
    kind: str
    uuid: str
    revision: int
    owner_code: str
    operation: str
    summary: str
    unit_code: str | None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def operation_label(self) -> str:
        return OPERATION_LABELS.get(self.operation, self.operation)


def _utc(local: datetime) -> datetime:
    """A day's edge on this computer's clock as the log keeps time (UTC, without a zone): a change at 06:30 in
    Việt Nam is 23:30 UTC the day before, and belongs to the day the clerk saw."""
    return local.astimezone(UTC).replace(tzinfo=None)


def _entry(row: ChangeRow) -> ChangeEntry:
    return ChangeEntry(row.seq, row.at, row.actor, row.kind, row.uuid, row.revision, row.owner_code, row.operation,
                       row.summary, row.unit_code)


@dataclass(frozen=True)
class HistoryFilter:
    """What the clerk narrowed the history to; every field empty shows everything."""

    kind: str | None = None
    unit_code: str | None = None
    actor: str | None = None
    start: date | None = None  # first day shown
    end: date | None = None  # last day shown


class HistoryService:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow = uow_factory

    def changes(self, since: int | None = None, kind: str | None = None, limit: int | None = None) -> list[ChangeEntry]:
        """The change log after ``since`` (all of it without), oldest first: what `history --since` prints."""
        with self._uow().reading() as uow:
            return [_entry(row) for row in uow.changes.find(since=since, kind=kind, limit=limit)]

    def recent(self, wanted: HistoryFilter = HistoryFilter(), limit: int = 2000) -> list[ChangeEntry]:
        """The newest changes first, narrowed as the history screen asks."""
        start = _utc(datetime.combine(wanted.start, time())) if wanted.start else None
        end = _utc(datetime.combine(wanted.end + timedelta(days=1), time())) if wanted.end else None
        with self._uow().reading() as uow:
            rows = uow.changes.find(kind=wanted.kind, unit_code=wanted.unit_code, actor=wanted.actor, start=start,
                                    end=end, limit=limit, newest_first=True)
            return [_entry(row) for row in rows]

    def actors(self) -> list[str]:
        with self._uow().reading() as uow:
            return uow.changes.actors()

    def last_seq(self) -> int:
        with self._uow().reading() as uow:
            return uow.changes.last_seq()

    def changed_since(self, seq: int) -> tuple[ChangeSet, int]:
        """What was committed after ``seq`` (by this program or another one on the same database), and the
        newest number: a refresh asks this and passes the number back next time."""
        with self._uow().reading() as uow:
            rows = uow.changes.find(since=seq)
            last = max((row.seq for row in rows), default=seq)
            return ChangeSet.of((Change(row.kind, row.uuid, row.operation) for row in rows), last), last


def subscribe(listener: Callable[[ChangeSet], None]) -> Callable[[], None]:
    """``listener(changes)`` after every commit of this program that changed something; returns unsubscribe."""
    return change_hook.subscribe(listener)


@contextmanager
def collecting() -> Iterator[list[ChangeSet]]:
    """The change sets committed on this thread inside the block: how a background operation says what it did."""
    with change_hook.collecting() as found:
        yield found
