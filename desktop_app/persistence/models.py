"""SQLAlchemy 2 models: the tables of one office's database.

The schema itself is owned by the Alembic migrations in db/; a test keeps the two equal.
"""

from __future__ import annotations

import uuid as uuid_module
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

# Named constraints: Alembic's batch mode on SQLite silently drops unnamed ones.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def new_uuid() -> str:
    return str(uuid_module.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Syncable:
    """Columns every record that may travel between offices carries (for exchange bundles).

    ``revision``, ``updated_at`` and ``updated_by`` are stamped by the persistence hook
    (``persistence.changes``) on every flush that changes the record; services never set them.
    """

    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    owner_code: Mapped[str] = mapped_column(String(32))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(128), default="")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        # Every UPDATE and DELETE says "WHERE revision = the one read": a record another clerk saved meanwhile
        # is not overwritten (the write fails as RecordChangedElsewhere). The hook sets the new revision.
        return {"version_id_col": cls.__table__.c.revision, "version_id_generator": False}  # type: ignore[attr-defined]


class UnitKindRow(Base):
    __tablename__ = "unit_kinds"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    level: Mapped[int] = mapped_column(Integer)
    grassroots: Mapped[bool] = mapped_column(Boolean, default=False)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)


class SectorRow(Base):
    __tablename__ = "sectors"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    retired: Mapped[bool] = mapped_column(Boolean, default=False)


class UnitRow(Syncable, Base):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    short_name: Mapped[str] = mapped_column(String(64), default="")
    kind_id: Mapped[int] = mapped_column(ForeignKey("unit_kinds.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    sector_id: Mapped[int | None] = mapped_column(ForeignKey("sectors.id"))
    members: Mapped[int | None] = mapped_column(Integer)
    female_members: Mapped[int | None] = mapped_column(Integer)
    workers: Mapped[int | None] = mapped_column(Integer)
    chair: Mapped[str] = mapped_column(String(128), default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    email: Mapped[str] = mapped_column(String(128), default="")
    address: Mapped[str] = mapped_column(String(255), default="")
    founded: Mapped[date | None] = mapped_column(Date)
    dissolved: Mapped[date | None] = mapped_column(Date)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    # What another office's database can resolve (its integer ids are its own); kept by the hook.
    parent_uuid: Mapped[str | None] = mapped_column(String(36))
    merged_into_uuid: Mapped[str | None] = mapped_column(String(36))
    notes: Mapped[str] = mapped_column(Text, default="")
    is_home: Mapped[bool] = mapped_column(Boolean, default=False)
    abbreviation: Mapped[str] = mapped_column(String(32), default="")
    place_name: Mapped[str] = mapped_column(String(128), default="")

    kind: Mapped[UnitKindRow] = relationship(lazy="joined")
    sector: Mapped[SectorRow | None] = relationship(lazy="joined")
    parent: Mapped[UnitRow | None] = relationship(remote_side=[id], foreign_keys=[parent_id])
    merged_into: Mapped[UnitRow | None] = relationship(remote_side=[id], foreign_keys=[merged_into_id])


class UnitEventRow(Syncable, Base):
    """One line of a unit's history: created, edited, imported, dissolved, merged."""

    __tablename__ = "unit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    on_date: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    other_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    unit_uuid: Mapped[str | None] = mapped_column(String(36))
    other_unit_uuid: Mapped[str | None] = mapped_column(String(36))
    detail: Mapped[str] = mapped_column(Text, default="")

    unit: Mapped[UnitRow] = relationship(foreign_keys=[unit_id])
    other_unit: Mapped[UnitRow | None] = relationship(foreign_keys=[other_unit_id])


class SignerRow(Syncable, Base):
    """A person who signs the office's documents, with the authority line above the title."""

    __tablename__ = "signers"

    id: Mapped[int] = mapped_column(primary_key=True)
    authority: Mapped[str] = mapped_column(String(64), default="")
    title: Mapped[str] = mapped_column(String(128))
    name: Mapped[str] = mapped_column(String(128))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class OutgoingEntryRow(Syncable, Base):
    """A line of the outgoing register (sổ văn bản đi): a number given out, never reused."""

    __tablename__ = "outgoing_register"
    __table_args__ = (UniqueConstraint("owner_code", "year", "number", name="uq_outgoing_register_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    type_code: Mapped[str | None] = mapped_column(String(16))
    drafting_office: Mapped[str] = mapped_column(String(32), default="")
    symbol: Mapped[str] = mapped_column(String(64))
    issued_on: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    cancelled_on: Mapped[date | None] = mapped_column(Date)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    document_uuid: Mapped[str | None] = mapped_column(String(36))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class IncomingEntryRow(Syncable, Base):
    """A line of the incoming register (sổ văn bản đến), with the deadline it sets for the office."""

    __tablename__ = "incoming_register"
    __table_args__ = (UniqueConstraint("owner_code", "year", "arrival_number", name="uq_incoming_register_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    arrival_number: Mapped[int] = mapped_column(Integer)
    arrived_on: Mapped[date] = mapped_column(Date)
    sender: Mapped[str] = mapped_column(String(255))
    their_symbol: Mapped[str] = mapped_column(String(64), default="")
    their_date: Mapped[date | None] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text)
    deadline_text: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    # Loaded with the entries in one more query (their content stays unread: it is deferred).
    files: Mapped[list[IncomingFileRow]] = relationship(
        back_populates="entry", order_by="IncomingFileRow.id", cascade="all, delete-orphan", lazy="selectin"
    )


class IncomingFileRow(Syncable, Base):
    """A copy of a file that came with an incoming document, kept inside the database (backed up with it)."""

    __tablename__ = "incoming_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("incoming_register.id"), index=True)
    entry_uuid: Mapped[str | None] = mapped_column(String(36))
    file_name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    # Megabytes each: loaded only when the clerk saves the file, never by a list.
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)

    entry: Mapped[IncomingEntryRow] = relationship(back_populates="files")


class DocumentRow(Syncable, Base):
    """An outgoing document: a draft the clerk edits, then issued (read-only) with its register number.

    ``content`` is the document as data (``domain.documents.document_to_dict``, with its format version) in
    JSON; only opening one document reads it. The columns beside it, and the task and citation rows, are what
    lists, search, the registers and report requests read; the documents service writes them from the content
    in the same transaction, so they always agree with it.
    """

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    type_code: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    summary: Mapped[str] = mapped_column(Text)
    symbol: Mapped[str] = mapped_column(String(64), default="")
    number: Mapped[int | None] = mapped_column(Integer)
    issue_date: Mapped[date | None] = mapped_column(Date)
    # The year a list files it under: the issue year, or the year the draft was started.
    year: Mapped[int] = mapped_column(Integer, index=True)
    signer_name: Mapped[str] = mapped_column(String(128), default="")
    # Symbol and summary folded (no accents, đ → d, lower case): what the search box matches.
    search_key: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[str] = mapped_column(Text, deferred=True)
    version_of_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    version_of_uuid: Mapped[str | None] = mapped_column(String(36))
    register_entry_id: Mapped[int | None] = mapped_column(ForeignKey("outgoing_register.id"))
    register_entry_uuid: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    tasks: Mapped[list[DocumentTaskRow]] = relationship(
        order_by="DocumentTaskRow.position", cascade="all, delete-orphan", lazy="select"
    )
    citations: Mapped[list[DocumentCitationRow]] = relationship(
        order_by="DocumentCitationRow.position", cascade="all, delete-orphan", lazy="select"
    )


class DocumentTaskRow(Base):
    """A task of a document (DOMAIN §2.5) as a row: what report requests and deadline lists point at.

    Derived from the document's content on every save (the content is the truth); ``uuid`` is the task's own,
    kept in the content across edits, so a reference to it survives moves, indents and rewording."""

    __tablename__ = "document_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    uuid: Mapped[str] = mapped_column(String(36), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(Text, default="")
    timing: Mapped[str] = mapped_column(Text, default="")
    # The last day that counts: set by the clerk, or read from the timing line; None when not understood.
    due: Mapped[date | None] = mapped_column(Date, index=True)


class DocumentCitationRow(Base):
    """A basis line of a document that links to an incoming register entry (by the entry's uuid)."""

    __tablename__ = "document_citations"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    incoming_uuid: Mapped[str] = mapped_column(String(36), index=True)
    position: Mapped[int] = mapped_column(Integer)


class ReportRequestRow(Syncable, Base):
    """A report the office asks its CĐCS for (yêu cầu báo cáo): what, for which period, from whom, by when.

    Made from a plan's task (``task_uuid``, kept across the plan's edits) or on its own; ``upstream`` is the
    incoming register entry whose deadline it serves. ``audience`` is ``domain.tracking.Audience`` in JSON."""

    __tablename__ = "report_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    what: Mapped[str] = mapped_column(String(16), default="narrative")
    form_id: Mapped[str | None] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(128), default="")
    issued_on: Mapped[date] = mapped_column(Date)
    due: Mapped[date] = mapped_column(Date, index=True)
    audience: Mapped[str] = mapped_column(Text, default='{"kind": "all"}')
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    document_uuid: Mapped[str | None] = mapped_column(String(36))
    task_uuid: Mapped[str | None] = mapped_column(String(36), index=True)
    upstream_id: Mapped[int | None] = mapped_column(ForeignKey("incoming_register.id"))
    upstream_uuid: Mapped[str | None] = mapped_column(String(36))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # For a request asking for a form: the snapshot date (31/5, 30/11) its figures are about, so a CĐCS's
    # completed form for that date counts as its submission.
    form_period: Mapped[date | None] = mapped_column(Date)


class SubmissionRow(Syncable, Base):
    """Where one CĐCS stands with one request; no row means not yet. One row per pair: receiving twice updates
    it (the change log keeps every step)."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("request_id", "unit_id", name="uq_submissions_request_unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("report_requests.id"), index=True)
    request_uuid: Mapped[str | None] = mapped_column(String(36))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    unit_uuid: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(16))
    received_on: Mapped[date | None] = mapped_column(Date)
    first_received_on: Mapped[date | None] = mapped_column(Date)
    returned_on: Mapped[date | None] = mapped_column(Date)
    correction_due: Mapped[date | None] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(16), default="")
    # Why the received date is earlier than the day it was logged, why the unit is exempt, why it was returned.
    backdate_note: Mapped[str] = mapped_column(Text, default="")
    exempt_reason: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")

    request: Mapped[ReportRequestRow] = relationship()
    unit: Mapped[UnitRow] = relationship()
    files: Mapped[list[SubmissionFileRow]] = relationship(
        back_populates="submission", order_by="SubmissionFileRow.id", cascade="all, delete-orphan", lazy="select"
    )


class SubmissionFileRow(Syncable, Base):
    """A copy of a file a CĐCS sent with its report, kept inside the database with its hash."""

    __tablename__ = "submission_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    submission_uuid: Mapped[str | None] = mapped_column(String(36))
    file_name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)

    submission: Mapped[SubmissionRow] = relationship(back_populates="files")


class CalendarDayRow(Syncable, Base):
    """The office's own correction of the working-day calendar: a swapped working Saturday, an extra day off."""

    __tablename__ = "calendar_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    working: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")


class FormReportRow(Syncable, Base):
    """One CĐCS's figures for one indicator form and snapshot date (services.indicators).

    ``values`` is JSON {row id: ``form_values.stored`` value} of the input rows (computed rows are worked out
    again whenever they are read); ``complete`` and ``problem_count`` are written from the figures on every save,
    so lists need not read them."""

    __tablename__ = "form_reports"
    __table_args__ = (UniqueConstraint("form_id", "period", "unit_id", name="uq_form_reports_form_period_unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[str] = mapped_column(String(64))
    form_version: Mapped[int] = mapped_column(Integer)
    period: Mapped[date] = mapped_column(Date)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    unit_uuid: Mapped[str | None] = mapped_column(String(36))
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    problem_count: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(16), default="entry")
    received_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    values: Mapped[str] = mapped_column(Text, default="{}")

    unit: Mapped[UnitRow] = relationship()


class ChangeRow(Base):
    """One line of the change log: a record that travels was inserted, changed, issued, dissolved or deleted.

    Written by the persistence hook in the transaction that made the change, so a rolled-back change leaves
    none. ``seq`` increases in commit order (the hook takes the next numbers under the sequence row's lock):
    "everything after seq N" is exactly what a later bundle or a refresh has to look at."""

    __tablename__ = "change_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(128), default="")
    kind: Mapped[str] = mapped_column(String(32), index=True)
    uuid: Mapped[str] = mapped_column(String(36), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    owner_code: Mapped[str] = mapped_column(String(32), default="")
    operation: Mapped[str] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(Text, default="")
    # The unit the change is about (a unit's own code, an event's unit), so history can be filtered by unit.
    unit_code: Mapped[str | None] = mapped_column(String(32), index=True)


class ChangeSequenceRow(Base):
    """The single row holding the last change-log number given out; updating it serialises writers."""

    __tablename__ = "change_sequence"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
