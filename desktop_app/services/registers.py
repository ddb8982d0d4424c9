"""The outgoing and incoming registers: taking a number, cancelling one, registering arrivals."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from desktop_app.domain.documents import DocumentNumber, document_from_dict
from desktop_app.domain.i18n import _
from desktop_app.domain.registers import (
    CANCELLED,
    ISSUED,
    NumberRequest,
    next_number,
    number_problems,
)
from desktop_app.domain.vntext import clean, format_date, nfc
from desktop_app.files.atomic import OutputPathError, atomic_output
from desktop_app.persistence.models import IncomingEntryRow, IncomingFileRow, OutgoingEntryRow, UnitRow
from desktop_app.persistence.unit_of_work import UnitOfWork, UnitOfWorkFactory
from desktop_app.services.attachments import read_copy
from desktop_app.services.errors import NotFound, UserError

# Two clerks taking a number at the same moment: the loser of the unique index tries again.
NUMBER_ATTEMPTS = 5


@dataclass(frozen=True)
class OutgoingEntry:
    id: int
    uuid: str
    year: int
    number: int
    symbol: str
    type_code: str | None
    issued_on: date
    summary: str
    status: str
    cancelled_on: date | None
    cancel_reason: str
    document_uuid: str | None

    @property
    def cancelled(self) -> bool:
        return self.status == CANCELLED


@dataclass(frozen=True)
class IncomingDraft:
    """An arrival as the clerk notes it."""

    arrived_on: date
    sender: str
    summary: str
    their_symbol: str = ""
    their_date: date | None = None
    deadline_text: str = ""
    deadline: date | None = None
    notes: str = ""


@dataclass(frozen=True)
class IncomingFile:
    id: int
    file_name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class IncomingEntry:
    id: int
    uuid: str
    year: int
    arrival_number: int
    arrived_on: date
    sender: str
    their_symbol: str
    their_date: date | None
    summary: str
    deadline_text: str
    deadline: date | None
    notes: str
    files: tuple[IncomingFile, ...]
    recorded_at: datetime
    # The office's documents whose basis lines cite this arrival ("94/KH-LĐLĐ", "dự thảo" for a draft).
    cited_by: tuple[str, ...] = ()


def _outgoing(row: OutgoingEntryRow) -> OutgoingEntry:
    return OutgoingEntry(
        id=row.id,
        uuid=row.uuid,
        year=row.year,
        number=row.number,
        symbol=row.symbol,
        type_code=row.type_code,
        issued_on=row.issued_on,
        summary=row.summary,
        status=row.status,
        cancelled_on=row.cancelled_on,
        cancel_reason=row.cancel_reason,
        document_uuid=row.document_uuid,
    )


def _incoming(row: IncomingEntryRow) -> IncomingEntry:
    return IncomingEntry(
        id=row.id,
        uuid=row.uuid,
        year=row.year,
        arrival_number=row.arrival_number,
        arrived_on=row.arrived_on,
        sender=row.sender,
        their_symbol=row.their_symbol,
        their_date=row.their_date,
        summary=row.summary,
        deadline_text=row.deadline_text,
        deadline=row.deadline,
        notes=row.notes,
        files=tuple(IncomingFile(f.id, f.file_name, f.size, f.sha256) for f in row.files),
        recorded_at=row.recorded_at,
    )


def _citing_documents(uow: UnitOfWork, incoming_uuids: Sequence[str]) -> dict[str, list[str]]:
    """incoming uuid → the documents whose basis lines link to it, in issue order (drafts last), read from the
    documents' citation rows (no document is parsed)."""
    citing: dict[str, list[str]] = {}
    rows = sorted(uow.documents.citing(incoming_uuids), key=lambda r: (r[2] is None, r[2] or r[3].date(), r[4]))
    for incoming_uuid, symbol, _issued, _created, _id in rows:
        citing.setdefault(incoming_uuid, []).append(symbol or _("dự thảo"))
    return citing


def allocate_number(
    uow: UnitOfWork, request: NumberRequest, document_uuid: str | None, today: date
) -> OutgoingEntryRow:
    """Add a line to the outgoing register inside ``uow``'s transaction (committed by the caller, so
    issuing a document and taking its number succeed or fail together)."""
    home = uow.units.home_locked()
    if home is None:
        raise UserError(_("Chưa khai báo đơn vị của văn phòng. Hãy hoàn tất bước thiết lập ban đầu."))
    if not home.abbreviation:
        raise UserError(_("Chưa có tên viết tắt dùng trong ký hiệu văn bản (Tệp → Cài đặt)."))
    year = request.issued_on.year
    taken = uow.registers.outgoing_numbers(home.code, year)
    problems = number_problems(request, taken, today)
    if problems:
        raise UserError("\n".join(problems))
    number = request.number if request.number is not None else next_number(taken)
    office = clean(request.drafting_office) or None
    row = OutgoingEntryRow(
        year=year,
        number=number,
        type_code=request.type_code,
        drafting_office=office or "",
        symbol=DocumentNumber(number, year, request.type_code, home.abbreviation, office or "").symbol(),
        issued_on=request.issued_on,
        summary=nfc(request.summary).strip(),
        status=ISSUED,
        document_uuid=document_uuid,
        owner_code=home.code,
    )
    uow.registers.add(row)
    uow.session.flush()
    return row


class RegisterService:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Callable[[], date] = date.today) -> None:
        self._uow = uow_factory
        self._clock = clock

    # -- outgoing register -------------------------------------------------------------------
    def take_number(self, request: NumberRequest, document_uuid: str | None = None) -> OutgoingEntry:
        """Give the next number of the year (or the typed one, if still free) and record it."""
        for _attempt in range(NUMBER_ATTEMPTS):
            try:
                return self._take_number(request, document_uuid)
            except IntegrityError:
                if request.number is not None:
                    break
        raise UserError(
            _("Không lấy được số văn bản: số vừa được người khác lấy. Hãy thử lại.")
            if request.number is None
            else _("Số {number} vừa được người khác lấy.").format(number=request.number)
        )

    def _take_number(self, request: NumberRequest, document_uuid: str | None) -> OutgoingEntry:
        with self._uow() as uow:
            row = allocate_number(uow, request, document_uuid, self._clock())
            uow.commit()
            return _outgoing(row)

    def cancel_number(self, entry_id: int, reason: str) -> OutgoingEntry:
        """Mark a number cancelled; it stays in the register and is never given again."""
        if not clean(reason):
            raise UserError(_("Hãy ghi lý do hủy số."))
        with self._uow() as uow:
            row = uow.registers.outgoing_entry(entry_id)
            if row is None:
                raise NotFound(_("Không có dòng này trong sổ văn bản đi."))
            if row.status == CANCELLED:
                raise UserError(
                    _("Số {symbol} đã hủy ngày {day}.").format(
                        symbol=row.symbol, day=format_date(row.cancelled_on) if row.cancelled_on else ""
                    )
                )
            if row.document_uuid and any(d.status == "issued" for d in uow.documents.by_uuids([row.document_uuid])):
                # The printed document carries this number: cancelling it would leave an issued document whose
                # number the register says was never used. Withdrawing it takes a document of its own.
                raise UserError(
                    _("Số {symbol} là số của một văn bản đã ban hành nên không hủy được. Muốn thu hồi hoặc đính "
                      "chính văn bản đó, hãy ban hành văn bản thu hồi hoặc tạo bản sửa đổi.").format(symbol=row.symbol)
                )
            row.status = CANCELLED
            row.cancelled_on = self._clock()
            row.cancel_reason = nfc(reason).strip()
            uow.commit()
            return _outgoing(row)

    def print_outgoing_book(self, year: int, path: Path, font: str | None = None) -> int:
        """Print the outgoing register of ``year`` as the register book (PDF); returns the page count."""
        from desktop_app.domain.documents import document_type
        from desktop_app.files.pdf.fonts import FontError, choose_fonts
        from desktop_app.files.pdf.register_book import BookLine, render_register_book

        with self._uow().reading() as uow:
            home = self._home(uow)
            entries = [_outgoing(row) for row in uow.registers.outgoing(year)]
            uuids = [e.document_uuid for e in entries if e.document_uuid]
            documents = {
                row.uuid: document_from_dict(json.loads(row.content))
                for row in uow.documents.by_uuids(uuids, with_content=True)
            }
            office = home.name
        lines = []
        for entry in entries:
            doc = documents.get(entry.document_uuid or "")
            kind = doc.type if doc is not None else document_type(entry.type_code)
            signer = doc.signer.name if doc is not None and doc.signer is not None else ""
            recipients = (
                "\n".join(line.lstrip("- ").rstrip(";.") for line in doc.recipients.lines) if doc is not None else ""
            )
            note = ""
            if entry.status == CANCELLED:
                when = format_date(entry.cancelled_on) if entry.cancelled_on else ""
                note = _("Đã hủy {day}: {reason}").format(day=when, reason=entry.cancel_reason)
            lines.append(
                BookLine(
                    symbol=entry.symbol,
                    issued_on=entry.issued_on,
                    summary=f"{kind.name[:1].upper()}{kind.name[1:]}: {entry.summary}",
                    signer=signer,
                    recipients=recipients,
                    note=note,
                    cancelled=entry.status == CANCELLED,
                )
            )
        try:
            with atomic_output(path) as partial:
                return render_register_book(lines, year, office, partial, choose_fonts(font))
        except OutputPathError as exc:
            raise UserError(str(exc)) from None
        except (FontError, OSError) as exc:
            message = _("Không in được sổ văn bản đi ra «{path}»: {reason}")
            raise UserError(message.format(path=path, reason=exc)) from exc

    def outgoing_years(self) -> list[int]:
        """The years the outgoing register has numbers in, newest first (the register opens on the first)."""
        with self._uow() as uow:
            return sorted(uow.registers.outgoing_years(), reverse=True)

    def outgoing(self, year: int) -> list[OutgoingEntry]:
        with self._uow().reading() as uow:
            return [_outgoing(row) for row in uow.registers.outgoing(year)]

    # -- incoming register -------------------------------------------------------------------
    def register_incoming(self, draft: IncomingDraft, files: Sequence[Path] = ()) -> IncomingEntry:
        """Record an arrival with the next arrival number of its year, and keep copies of its files."""
        problems = []
        if not clean(draft.sender):
            problems.append(_("Chưa ghi nơi gửi (cơ quan ban hành)."))
        if not clean(draft.summary):
            problems.append(_("Chưa ghi trích yếu của văn bản đến."))
        if draft.arrived_on > self._clock():
            problems.append(_("Ngày đến ở sau ngày hôm nay."))
        if draft.their_date is not None and draft.their_date > draft.arrived_on:
            problems.append(_("Ngày của văn bản ở sau ngày văn bản đến."))
        copies = [read_copy(path) for path in files]
        if problems:
            raise UserError("\n".join(problems))
        with self._uow() as uow:
            home = self._home(uow, lock=True)
            year = draft.arrived_on.year
            row = IncomingEntryRow(
                year=year,
                arrival_number=uow.registers.highest_arrival(home.code, year) + 1,
                arrived_on=draft.arrived_on,
                sender=clean(draft.sender),
                their_symbol=clean(draft.their_symbol).replace(" ", ""),
                their_date=draft.their_date,
                summary=nfc(draft.summary).strip(),
                deadline_text=clean(draft.deadline_text),
                deadline=draft.deadline,
                notes=nfc(draft.notes).strip(),
                owner_code=home.code,
            )
            for copy in copies:
                row.files.append(IncomingFileRow(
                    file_name=copy.file_name, size=copy.size, sha256=copy.sha256, content=copy.content,
                    owner_code=home.code,
                ))  # fmt: skip
            uow.registers.add(row)
            uow.commit()
            return _incoming(row)

    def incoming_years(self) -> list[int]:
        """The years the incoming register has arrivals in, newest first."""
        with self._uow() as uow:
            return sorted(uow.registers.incoming_years(), reverse=True)

    def incoming(self, year: int) -> list[IncomingEntry]:
        with self._uow().reading() as uow:
            rows = uow.registers.incoming(year)
            citing = _citing_documents(uow, [row.uuid for row in rows])
            return [replace(_incoming(row), cited_by=tuple(citing.get(row.uuid, ()))) for row in rows]

    def incoming_entry(self, uuid: str) -> IncomingEntry | None:
        """The arrival a basis line links to (None when it was never registered here)."""
        with self._uow().reading() as uow:
            row = uow.registers.incoming_by_uuid(uuid)
            return None if row is None else _incoming(row)

    def recent_incoming(self, limit: int = 3000) -> list[IncomingEntry]:
        """The latest arrivals, newest first: what a new plan cites (the picker filters as the clerk types)."""
        with self._uow().reading() as uow:
            return [_incoming(row) for row in uow.registers.recent_incoming(limit)]

    def incoming_file_content(self, file_id: int) -> bytes:
        with self._uow().reading() as uow:
            row = uow.registers.incoming_file(file_id)
            if row is None:
                raise NotFound(_("Không có tệp này trong sổ văn bản đến."))
            return bytes(row.content)

    # -- helpers -------------------------------------------------------------------------------
    def _home(self, uow: UnitOfWork, lock: bool = False) -> UnitRow:
        home = uow.units.home_locked() if lock else uow.units.home()
        if home is None:
            raise UserError(_("Chưa khai báo đơn vị của văn phòng. Hãy hoàn tất bước thiết lập ban đầu."))
        if not home.abbreviation:
            raise UserError(_("Chưa có tên viết tắt dùng trong ký hiệu văn bản (Tệp → Cài đặt)."))
        return home
