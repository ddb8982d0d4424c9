"""Report requests and the start page's dashboard as records, and how they are made from plain rows.

Kept apart from ``services.tracking`` (which needs SQLAlchemy) so that the start page can be filled at start-up from
a quick read of the office's file before SQLAlchemy is imported (``quick_dashboard``;
docs/decisions/0010-start-up.md): the figures it shows then are made by the same code as the service's.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Protocol

from desktop_app.domain.i18n import _
from desktop_app.domain.tracking import (
    CHASED_DAYS,
    DUE_SOON_DAYS,
    WHAT_LABELS,
    Audience,
    Figures,
    Submission,
    UnitSpan,
    figures,
)
from desktop_app.domain.vntext import format_date
from desktop_app.domain.workdays import DayOverride, WorkCalendar, WorkdaysDataError, merge_overrides
from desktop_app.files.holiday_cache import shared_cache
from desktop_app.files.workdays import shipped_overrides
from desktop_app.persistence import tracking_reads
from desktop_app.services.errors import UserError


@cache
def shipped_days() -> tuple[DayOverride, ...]:
    """The government's swaps and compensatory days shipped with the app (read once)."""
    try:
        return shipped_overrides()
    except (WorkdaysDataError, OSError) as exc:
        raise UserError(str(exc)) from exc


@dataclass(frozen=True)
class RequestDraft:
    """A report request as the clerk writes it (or as a plan's task proposes it)."""

    title: str
    issued_on: date
    due: date
    what: str = "narrative"
    form_id: str | None = None
    period: str = ""
    audience: Audience = field(default_factory=Audience)
    upstream_uuid: str | None = None
    document_uuid: str | None = None
    task_uuid: str | None = None
    notes: str = ""
    #: For a request asking for a form (``form_id``): the snapshot date its figures are about (31/5, 30/11).
    form_period: date | None = None


@dataclass(frozen=True)
class ReportRequest:
    """A request with its figures as of the day it was read."""

    id: int
    uuid: str
    title: str
    what: str
    form_id: str | None
    period: str
    issued_on: date
    due: date
    # The last day that counts as on time: the due date, or the next working day when it is a day off.
    last_day: date
    audience: Audience
    document_uuid: str | None
    document_symbol: str
    task_uuid: str | None
    upstream_uuid: str | None
    upstream_label: str
    upstream_deadline: date | None
    # Working days between the CĐCS due date and the upstream deadline (None: no upstream deadline).
    slack: int | None
    notes: str
    revision: int
    figures: Figures
    form_period: date | None = None

    @property
    def what_label(self) -> str:
        return WHAT_LABELS.get(self.what, self.what)

    def overdue(self, today: date) -> bool:
        return self.last_day < today and bool(self.figures.missing)

    def due_soon(self, today: date) -> bool:
        return today <= self.last_day and self.due <= today + timedelta(days=DUE_SOON_DAYS) and bool(
            self.figures.missing)

    def draft(self) -> RequestDraft:
        return RequestDraft(
            title=self.title, issued_on=self.issued_on, due=self.due, what=self.what, form_id=self.form_id,
            period=self.period, audience=self.audience, upstream_uuid=self.upstream_uuid,
            document_uuid=self.document_uuid, task_uuid=self.task_uuid, notes=self.notes,
            form_period=self.form_period,
        )  # fmt: skip


@dataclass(frozen=True)
class Dashboard:
    """What the clerk sees first each morning."""

    today: date
    overdue: tuple[ReportRequest, ...]
    due_soon: tuple[ReportRequest, ...]

    @classmethod
    def of(cls, today: date, requests: Sequence[ReportRequest]) -> Dashboard:
        """Of the requests due in ``dashboard_span(today)``, those overdue and those due within the week."""
        return cls(today, tuple(r for r in requests if r.overdue(today)),
                   tuple(r for r in requests if r.due_soon(today)))

    @property
    def notice(self) -> str:
        if not self.overdue and not self.due_soon:
            return _("Không có báo cáo quá hạn hay đến hạn trong tuần.")
        parts = []
        if self.overdue:
            parts.append(_("{n} báo cáo quá hạn").format(n=len(self.overdue)))
        if self.due_soon:
            parts.append(_("{n} đến hạn trong tuần").format(n=len(self.due_soon)))
        return ", ".join(parts)


class RequestRowLike(Protocol):
    """A stored request: the ORM's ``ReportRequestRow`` or ``tracking_reads.RequestLine``."""

    @property
    def id(self) -> int: ...
    @property
    def uuid(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def what(self) -> str: ...
    @property
    def form_id(self) -> str | None: ...
    @property
    def period(self) -> str: ...
    @property
    def issued_on(self) -> date: ...
    @property
    def due(self) -> date: ...
    @property
    def audience(self) -> str: ...
    @property
    def document_uuid(self) -> str | None: ...
    @property
    def task_uuid(self) -> str | None: ...
    @property
    def upstream_uuid(self) -> str | None: ...
    @property
    def notes(self) -> str: ...
    @property
    def revision(self) -> int: ...
    @property
    def form_period(self) -> date | None: ...


class UpstreamLike(Protocol):
    """The incoming document a request serves: the ORM's ``IncomingEntryRow`` or ``tracking_reads.UpstreamLine``."""

    @property
    def deadline(self) -> date | None: ...
    @property
    def their_symbol(self) -> str: ...
    @property
    def arrival_number(self) -> int: ...
    @property
    def their_date(self) -> date | None: ...
    @property
    def arrived_on(self) -> date: ...
    @property
    def sender(self) -> str: ...


# The figures of one request from its row, audience and last day on time (the service keeps them between reads).
FiguresOf = Callable[[RequestRowLike, Audience, date], Figures]


def build_requests(
    rows: Sequence[RequestRowLike], calendar: WorkCalendar, upstream: Mapping[str, UpstreamLike | None],
    documents: Mapping[str, str], figures_of: FiguresOf,
) -> list[ReportRequest]:
    """The requests of ``rows`` with their figures; ``upstream`` by incoming uuid, ``documents`` symbols by uuid."""
    result = []
    for row in rows:
        audience = Audience.from_json(json.loads(row.audience or "{}"))
        entry = upstream.get(row.upstream_uuid or "")
        deadline = entry.deadline if entry is not None else None
        label = ""
        if entry is not None:
            label = _("{symbol} ngày {day} của {sender}").format(
                symbol=entry.their_symbol or _("văn bản đến số {n}").format(n=entry.arrival_number),
                day=format_date(entry.their_date or entry.arrived_on), sender=entry.sender)
        last_day = calendar.next_working_day(row.due)
        result.append(ReportRequest(
            id=row.id, uuid=row.uuid, title=row.title, what=row.what, form_id=row.form_id, period=row.period,
            issued_on=row.issued_on, due=row.due, last_day=last_day, audience=audience,
            document_uuid=row.document_uuid,
            document_symbol=documents.get(row.document_uuid or "", "") or (
                _("dự thảo") if row.document_uuid else ""),
            task_uuid=row.task_uuid, upstream_uuid=row.upstream_uuid, upstream_label=label,
            upstream_deadline=deadline,
            slack=calendar.working_days_between(row.due, deadline) if deadline else None,
            notes=row.notes, revision=row.revision,
            figures=figures_of(row, audience, last_day),
            form_period=row.form_period,
        ))  # fmt: skip
    return result


def office_calendar(office: Sequence[DayOverride]) -> WorkCalendar:
    """Working days: the holidays the library knows (through the data folder's cache of them), the shipped
    government decisions, the office's own edits on top."""
    return WorkCalendar(merge_overrides(shipped_days(), office), shared_cache())


def dashboard_span(today: date) -> tuple[date, date]:
    """The due dates the dashboard looks at: the last twelve months (CHASED_DAYS) up to the coming week."""
    return today - timedelta(days=CHASED_DAYS), today + timedelta(days=DUE_SOON_DAYS)


def quick_dashboard(conn: sqlite3.Connection, today: date) -> Dashboard:
    """The dashboard read from the office's file with plain SQL (``tracking_reads``), as
    ``TrackingService.dashboard`` makes it: the start page's figures before SQLAlchemy is imported."""
    first, last = dashboard_span(today)
    rows = tracking_reads.requests(conn, first, last)
    if not rows:
        return Dashboard(today, (), ())
    units = tracking_reads.grassroots_units(conn)
    spans = [UnitSpan(u.uuid, u.code, u.name, u.sector, u.founded, u.dissolved) for u in units]
    states: dict[int, dict[str, Submission]] = {}
    for request_id, state in tracking_reads.submission_states(conn, [r.id for r in rows]):
        states.setdefault(request_id, {})[state.unit_uuid] = state
    calendar = office_calendar([DayOverride(d.day, d.working, d.note) for d in tracking_reads.calendar_days(conn)])
    upstream = tracking_reads.incoming_entries(conn, [r.upstream_uuid for r in rows if r.upstream_uuid])
    documents = tracking_reads.document_symbols(conn, [r.document_uuid for r in rows if r.document_uuid])
    requests = build_requests(rows, calendar, upstream, documents, lambda row, audience, last_day: figures(
        row.due, audience, spans, states.get(row.id, {}), last_day))
    return Dashboard.of(today, requests)
