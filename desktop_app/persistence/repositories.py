"""Repositories: the queries services need, by name, over one session."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session, lazyload, selectinload, undefer

from desktop_app.domain.tracking import Submission
from desktop_app.persistence import form_report_reads, tracking_reads
from desktop_app.persistence.models import (
    CalendarDayRow,
    ChangeRow,
    ChangeSequenceRow,
    DocumentCitationRow,
    DocumentRow,
    FormReportRow,
    IncomingEntryRow,
    IncomingFileRow,
    OutgoingEntryRow,
    ReportRequestRow,
    SectorRow,
    SignerRow,
    SubmissionFileRow,
    SubmissionRow,
    UnitEventRow,
    UnitKindRow,
    UnitRow,
)

# An attachment's columns as the registers list them. SQLite keeps a row's columns in order and a large value on
# a chain of overflow pages: a column stored after ``content`` is reached by walking every page of the attachment.
# Migration 0005 puts ``content`` last; listing only these columns keeps that true whatever is added later.
_FILES_AS_LISTED = selectinload(IncomingEntryRow.files).load_only(
    IncomingFileRow.id, IncomingFileRow.entry_id, IncomingFileRow.file_name, IncomingFileRow.size,
    IncomingFileRow.sha256,
)  # fmt: skip


class UnitRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, unit_id: int) -> UnitRow | None:
        return self.session.get(UnitRow, unit_id)

    def by_code(self, code: str) -> UnitRow | None:
        return self.session.scalars(select(UnitRow).where(UnitRow.code == code)).one_or_none()

    def home(self) -> UnitRow | None:
        return self.session.scalars(select(UnitRow).where(UnitRow.is_home.is_(True))).one_or_none()

    def home_locked(self) -> UnitRow | None:
        """The home unit, row-locked until the transaction ends: serialises the office's numbering on a
        server database (SQLite needs no lock: its write transactions are already serial)."""
        # No joined eager loads here: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
        return self.session.scalars(
            select(UnitRow).where(UnitRow.is_home.is_(True)).options(lazyload("*")).with_for_update()
        ).one_or_none()

    def children_of(self, parent_id: int) -> Sequence[UnitRow]:
        return self.session.scalars(select(UnitRow).where(UnitRow.parent_id == parent_id)).all()

    def all(self) -> Sequence[UnitRow]:
        return self.session.scalars(select(UnitRow)).all()

    def codes(self) -> set[str]:
        return set(self.session.scalars(select(UnitRow.code)).all())

    def code_names(self) -> dict[str, str]:
        return {code: name for code, name in self.session.execute(select(UnitRow.code, UnitRow.name)).all()}

    def names(self) -> set[str]:
        return set(self.session.scalars(select(UnitRow.name)).all())

    def count(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(UnitRow)) or 0)

    def add(self, row: UnitRow) -> UnitRow:
        self.session.add(row)
        self.session.flush()
        return row

    def add_all(self, rows: Sequence[UnitRow]) -> None:
        self.session.add_all(rows)

    def kinds(self) -> Sequence[UnitKindRow]:
        return self.session.scalars(select(UnitKindRow).order_by(UnitKindRow.level, UnitKindRow.id)).all()

    def kind_by_code(self, code: str) -> UnitKindRow | None:
        return self.session.scalars(select(UnitKindRow).where(UnitKindRow.code == code)).one_or_none()

    def sectors(self) -> Sequence[SectorRow]:
        return self.session.scalars(select(SectorRow).order_by(SectorRow.id)).all()

    def sector_by_code(self, code: str) -> SectorRow | None:
        return self.session.scalars(select(SectorRow).where(SectorRow.code == code)).one_or_none()

    def add_event(self, event: UnitEventRow) -> None:
        self.session.add(event)

    def events_of(self, unit_ids: Sequence[int]) -> Sequence[UnitEventRow]:
        return self.session.scalars(
            select(UnitEventRow)
            .where(UnitEventRow.unit_id.in_(unit_ids))
            # In the order they were recorded: the "added to the list" line comes first even when a
            # dissolution recorded later took effect before the day the unit was added.
            .order_by(UnitEventRow.id)
        ).all()

    def merged_into(self, unit_id: int) -> Sequence[UnitRow]:
        return self.session.scalars(select(UnitRow).where(UnitRow.merged_into_id == unit_id)).all()


class OfficeRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def default_signer(self) -> SignerRow | None:
        return self.session.scalars(
            select(SignerRow).where(SignerRow.is_default.is_(True), SignerRow.active.is_(True))
        ).first()

    def signers(self) -> Sequence[SignerRow]:
        return self.session.scalars(select(SignerRow).where(SignerRow.active.is_(True))).all()

    def add_signer(self, signer: SignerRow) -> None:
        self.session.add(signer)
        self.session.flush()


class RegisterRepository:
    """The outgoing and incoming registers."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def outgoing_numbers(self, owner_code: str, year: int) -> set[int]:
        return set(
            self.session.scalars(
                select(OutgoingEntryRow.number).where(
                    OutgoingEntryRow.owner_code == owner_code, OutgoingEntryRow.year == year
                )
            )
        )

    def outgoing(self, year: int) -> Sequence[OutgoingEntryRow]:
        return self.session.scalars(
            select(OutgoingEntryRow).where(OutgoingEntryRow.year == year).order_by(OutgoingEntryRow.number)
        ).all()

    def outgoing_years(self) -> list[int]:
        return list(self.session.scalars(select(OutgoingEntryRow.year).distinct()))

    def incoming_years(self) -> list[int]:
        return list(self.session.scalars(select(IncomingEntryRow.year).distinct()))

    def outgoing_entry(self, entry_id: int) -> OutgoingEntryRow | None:
        return self.session.get(OutgoingEntryRow, entry_id)

    def highest_arrival(self, owner_code: str, year: int) -> int:
        highest = self.session.scalar(
            select(func.max(IncomingEntryRow.arrival_number)).where(
                IncomingEntryRow.owner_code == owner_code, IncomingEntryRow.year == year
            )
        )
        return int(highest or 0)

    def incoming(self, year: int) -> Sequence[IncomingEntryRow]:
        return self.session.scalars(
            select(IncomingEntryRow)
            .where(IncomingEntryRow.year == year)
            .order_by(IncomingEntryRow.arrival_number)
            .options(_FILES_AS_LISTED)
        ).all()

    def recent_incoming(self, limit: int) -> Sequence[IncomingEntryRow]:
        return self.session.scalars(
            select(IncomingEntryRow)
            .order_by(IncomingEntryRow.arrived_on.desc(), IncomingEntryRow.id.desc())
            .limit(limit)
            .options(_FILES_AS_LISTED)
        ).all()

    def incoming_by_uuid(self, uuid: str) -> IncomingEntryRow | None:
        return self.session.scalars(
            select(IncomingEntryRow).where(IncomingEntryRow.uuid == uuid).options(_FILES_AS_LISTED)
        ).first()

    def incoming_file(self, file_id: int) -> IncomingFileRow | None:
        return self.session.get(IncomingFileRow, file_id)

    def add(self, row: OutgoingEntryRow | IncomingEntryRow) -> None:
        self.session.add(row)


class DocumentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, document_id: int) -> DocumentRow | None:
        return self.session.get(DocumentRow, document_id)

    def listed(
        self, type_code: str | None, year: int | None, status: str | None, tokens: Sequence[str],
        columns: Sequence[str],
    ) -> Sequence[Row[Any]]:
        """The ``columns`` of the documents (content stays unread); ``tokens`` all occur in the search key.
        Plain rows, no DocumentRow: the documents tab lists again at every keystroke of its search box, and
        making (then expiring) 5,000 mapped objects took most of 100 ms."""
        query = select(*(getattr(DocumentRow, name) for name in columns))
        if type_code is not None:
            query = query.where(DocumentRow.type_code == type_code)
        if year is not None:
            query = query.where(DocumentRow.year == year)
        if status is not None:
            query = query.where(DocumentRow.status == status)
        for token in tokens:
            escaped = token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(DocumentRow.search_key.like(f"%{escaped}%", escape="\\"))
        return self.session.execute(query).all()

    def years(self) -> list[int]:
        return list(self.session.scalars(select(DocumentRow.year).distinct()))

    def citing(self, incoming_uuids: Sequence[str]) -> Sequence[tuple[str, str, date | None, datetime, int]]:
        """(incoming uuid, symbol, issue date, created at, id) of every document citing one of these arrivals."""
        if not incoming_uuids:
            return []
        rows = self.session.execute(
            select(DocumentCitationRow.incoming_uuid, DocumentRow.symbol, DocumentRow.issue_date,
                   DocumentRow.created_at, DocumentRow.id)
            .join(DocumentRow, DocumentRow.id == DocumentCitationRow.document_id)
            .where(DocumentCitationRow.incoming_uuid.in_(incoming_uuids))
        ).all()
        return [tuple(r) for r in rows]  # type: ignore[misc]

    def by_uuids(self, uuids: Sequence[str], with_content: bool = False) -> Sequence[DocumentRow]:
        if not uuids:
            return []
        query = select(DocumentRow).where(DocumentRow.uuid.in_(uuids))
        if with_content:
            query = query.options(undefer(DocumentRow.content))
        return self.session.scalars(query).all()

    def add(self, row: DocumentRow) -> None:
        self.session.add(row)
        self.session.flush()

    def delete(self, row: DocumentRow) -> None:
        self.session.delete(row)
        self.session.flush()


class ChangeLogRepository:
    """The change log, read by history screens, refreshes and (later) exchange bundles."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def last_seq(self) -> int:
        return int(self.session.scalar(select(ChangeSequenceRow.last_seq).where(ChangeSequenceRow.id == 1)) or 0)

    def find(
        self,
        since: int | None = None,
        kind: str | None = None,
        unit_code: str | None = None,
        actor: str | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> Sequence[ChangeRow]:
        query = select(ChangeRow)
        if since is not None:
            query = query.where(ChangeRow.seq > since)
        if kind is not None:
            query = query.where(ChangeRow.kind == kind)
        if unit_code is not None:
            query = query.where(ChangeRow.unit_code == unit_code)
        if actor is not None:
            query = query.where(ChangeRow.actor == actor)
        if start is not None:
            query = query.where(ChangeRow.at >= start)
        if end is not None:
            query = query.where(ChangeRow.at < end)
        query = query.order_by(ChangeRow.seq.desc() if newest_first else ChangeRow.seq)
        if limit is not None:
            query = query.limit(limit)
        return self.session.scalars(query).all()

    def actors(self) -> list[str]:
        return sorted(a for a in self.session.scalars(select(ChangeRow.actor).distinct()) if a)


class TrackingRepository:
    """Report requests, submissions and the office's calendar corrections."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def request(self, request_id: int) -> ReportRequestRow | None:
        return self.session.get(ReportRequestRow, request_id)

    def request_by_uuid(self, uuid: str) -> ReportRequestRow | None:
        return self.session.scalar(select(ReportRequestRow).where(ReportRequestRow.uuid == uuid))

    def requests(self, due_from: date | None = None, due_to: date | None = None) -> Sequence[ReportRequestRow]:
        query = select(ReportRequestRow)
        if due_from is not None:
            query = query.where(ReportRequestRow.due >= due_from)
        if due_to is not None:
            query = query.where(ReportRequestRow.due <= due_to)
        return self.session.scalars(query.order_by(ReportRequestRow.due, ReportRequestRow.id)).all()

    def requests_for_tasks(self, task_uuids: Sequence[str]) -> Sequence[ReportRequestRow]:
        if not task_uuids:
            return []
        return self.session.scalars(
            select(ReportRequestRow).where(ReportRequestRow.task_uuid.in_(task_uuids)).order_by(ReportRequestRow.id)
        ).all()

    def years(self) -> list[int]:
        days = self.session.scalars(select(ReportRequestRow.due)).all()
        return sorted({d.year for d in days})

    def driver_connection(self) -> Any:
        """The DB-API connection of this session's transaction, for ``persistence.tracking_reads``; what the session
        holds unwritten is written first (as the ORM's own queries would), so the plain reads see it."""
        self.session.flush()
        return self.session.connection().connection

    def submission_states(self, request_ids: Sequence[int]) -> list[tuple[int, Submission]]:
        """(request id, submission) of every submission of these requests (``tracking_reads``)."""
        return tracking_reads.submission_states(self.driver_connection(), request_ids)

    def submission_versions(self, request_ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
        """Per request with submissions, what changes whenever one of them is added, changed or removed
        (``tracking_reads.submission_versions``)."""
        return tracking_reads.submission_versions(self.driver_connection(), request_ids)

    def grassroots_units(self) -> list[tracking_reads.UnitLine]:
        """(id, uuid, code, name, sector code, founded, dissolved) of every CĐCS, dissolved ones too, by code."""
        return tracking_reads.grassroots_units(self.driver_connection())

    def submissions_of(self, request_id: int) -> Sequence[SubmissionRow]:
        return self.session.scalars(
            select(SubmissionRow).where(SubmissionRow.request_id == request_id).options(
                selectinload(SubmissionRow.files).load_only(
                    SubmissionFileRow.id, SubmissionFileRow.submission_id, SubmissionFileRow.file_name,
                    SubmissionFileRow.size, SubmissionFileRow.sha256),
                lazyload(SubmissionRow.request), lazyload(SubmissionRow.unit))
        ).all()

    def submission(self, request_id: int, unit_id: int) -> SubmissionRow | None:
        return self.session.scalar(
            select(SubmissionRow).where(SubmissionRow.request_id == request_id, SubmissionRow.unit_id == unit_id)
        )

    def unit_rows(self, unit_ids: Sequence[int]) -> Sequence[UnitRow]:
        """The CĐCS' rows, in one query (the change log names the unit of each submission it logs)."""
        if not unit_ids:
            return []
        return self.session.scalars(select(UnitRow).where(UnitRow.id.in_(unit_ids)).options(lazyload("*"))).all()

    def submission_file(self, file_id: int) -> SubmissionFileRow | None:
        return self.session.get(SubmissionFileRow, file_id)

    def add(self, row: ReportRequestRow | SubmissionRow | CalendarDayRow) -> None:
        self.session.add(row)

    def delete(self, row: ReportRequestRow | CalendarDayRow) -> None:
        self.session.delete(row)

    def calendar_days(self) -> Sequence[CalendarDayRow]:
        return self.session.scalars(select(CalendarDayRow).order_by(CalendarDayRow.day)).all()

    def calendar_day(self, day: date) -> CalendarDayRow | None:
        return self.session.scalar(select(CalendarDayRow).where(CalendarDayRow.day == day))

    def requests_for_form(self, form_id: str, period: date) -> Sequence[ReportRequestRow]:
        """The requests asking for this form's figures as of ``period`` (the snapshot date)."""
        return self.session.scalars(
            select(ReportRequestRow)
            .where(ReportRequestRow.form_id == form_id, ReportRequestRow.form_period == period)
            .order_by(ReportRequestRow.id)
        ).all()


class FormReportRepository:
    """The CĐCS's filled indicator forms. The bulk reads (a period's 3,000 reports) go to the driver's cursor
    (``form_report_reads``), as tracking's do."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, form_id: str, period: date, unit_id: int) -> FormReportRow | None:
        return self.session.scalar(select(FormReportRow).where(
            FormReportRow.form_id == form_id, FormReportRow.period == period, FormReportRow.unit_id == unit_id))

    def for_units(self, form_id: str, period: date, unit_ids: Sequence[int]) -> dict[int, FormReportRow]:
        """The reports of these CĐCS, by unit id, in one query (a batch looked up one by one would flush the
        rows added before each)."""
        if not unit_ids:
            return {}
        rows = self.session.scalars(select(FormReportRow).where(
            FormReportRow.form_id == form_id, FormReportRow.period == period, FormReportRow.unit_id.in_(unit_ids)
        ).options(lazyload("*"))).all()
        return {row.unit_id: row for row in rows}

    def add(self, row: FormReportRow) -> None:
        self.session.add(row)

    def of_period(self, form_id: str, period: date) -> list[form_report_reads.ReportLine]:
        self.session.flush()
        return form_report_reads.reports(self.session.connection().connection, form_id, period)

    def oldest_period(self, form_id: str) -> date | None:
        return self.session.scalar(select(func.min(FormReportRow.period)).where(FormReportRow.form_id == form_id))

    def has_period(self, form_id: str, period: date) -> bool:
        return self.session.scalar(select(FormReportRow.id).where(
            FormReportRow.form_id == form_id, FormReportRow.period == period).limit(1)) is not None
