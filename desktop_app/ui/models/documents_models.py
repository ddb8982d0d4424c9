"""Qt table models of the Documents screen: outgoing documents, the outgoing and the incoming register.

Each holds the list the service returned and replaces it whole (one model reset); sorting ranks
text columns in Vietnamese order and date columns by date, as the clerk reads them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop_app.domain.documents import document_type
from desktop_app.domain.vntext import collation_key, format_date
from desktop_app.services.documents import STATUS_LABELS, DocumentListing
from desktop_app.services.registers import IncomingEntry, OutgoingEntry
from desktop_app.ui.models.record_table import Column, RecordTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("DocumentsModels", text)


def _day(value: date | None) -> str:
    return format_date(value) if value else ""


def _ordinal(value: date | None) -> int:
    return value.toordinal() if value else -1


# --------------------------------------------------------------------------- outgoing documents


def _type_name(record: DocumentListing) -> str:
    name = document_type(record.type_code).name
    return name[:1].upper() + name[1:]


def _document_date(record: DocumentListing) -> str:
    # A draft has no issue date yet; "Dự thảo" in the status column already says so.
    return _day(record.issue_date)


class DocumentsTableModel(RecordTableModel[DocumentListing]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(_tr("Số, ký hiệu"), lambda r: r.symbol, lambda r: (r.issue_date is None, r.symbol)),
                Column(_tr("Ngày"), _document_date, lambda r: _ordinal(r.issue_date)),
                Column(_tr("Loại"), _type_name),
                Column(_tr("Trích yếu"), lambda r: r.summary or _tr("(chưa có trích yếu)")),
                Column(
                    _tr("Trạng thái"),
                    lambda r: STATUS_LABELS.get(r.status, r.status),
                    tooltip=lambda r: _tr("Bản sửa đổi của một văn bản đã ban hành") if r.version_of_id else "",
                ),
            ],
            parent,
        )

    def row_of(self, document_id: int) -> int | None:
        return self.row_where(lambda r: r.id == document_id)


# --------------------------------------------------------------------------- registers


def outgoing_state(entry: OutgoingEntry) -> str:
    if entry.cancelled:
        when = _day(entry.cancelled_on)
        return _tr("Đã hủy {day}: {reason}").format(day=when, reason=entry.cancel_reason)
    return _tr("Đã cấp số")


class OutgoingRegisterModel(RecordTableModel[OutgoingEntry]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(_tr("Số"), lambda e: str(e.number), lambda e: e.number, numeric=True),
                Column(_tr("Ký hiệu"), lambda e: e.symbol, lambda e: e.number),
                Column(_tr("Ngày"), lambda e: _day(e.issued_on), lambda e: (_ordinal(e.issued_on), e.number)),
                Column(_tr("Trích yếu"), lambda e: e.summary),
                Column(_tr("Tình trạng"), outgoing_state),
            ],
            parent,
        )

    def is_grey(self, record: OutgoingEntry) -> bool:
        return record.cancelled


def _summary_and_notes(entry: IncomingEntry) -> str:
    return "\n".join(part for part in (entry.summary, entry.notes) if part)


def deadline_text(entry: IncomingEntry) -> str:
    return _day(entry.deadline) if entry.deadline else entry.deadline_text


class IncomingRegisterModel(RecordTableModel[IncomingEntry]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(_tr("Số đến"), lambda e: str(e.arrival_number), lambda e: e.arrival_number, numeric=True),
                Column(_tr("Ngày đến"), lambda e: _day(e.arrived_on), lambda e: (_ordinal(e.arrived_on), e.id)),
                Column(_tr("Nơi gửi"), lambda e: e.sender),
                Column(_tr("Số, ký hiệu"), lambda e: e.their_symbol),
                Column(_tr("Ngày văn bản"), lambda e: _day(e.their_date), lambda e: _ordinal(e.their_date)),
                Column(_tr("Trích yếu"), lambda e: e.summary, tooltip=_summary_and_notes),
                Column(
                    _tr("Thời hạn"),
                    deadline_text,
                    lambda e: (_ordinal(e.deadline), collation_key(e.deadline_text)),
                    tooltip=lambda e: e.deadline_text,
                ),
                Column(
                    _tr("Làm căn cứ cho"),
                    lambda e: ", ".join(e.cited_by),
                    tooltip=lambda e: _tr("Văn bản đi có dòng căn cứ liên kết tới văn bản này: {symbols}").format(
                        symbols=", ".join(e.cited_by)) if e.cited_by else "",
                ),
                Column(
                    _tr("Tệp"),
                    lambda e: str(len(e.files)) if e.files else "",
                    lambda e: len(e.files),
                    tooltip=lambda e: "\n".join(f.file_name for f in e.files),
                    numeric=True,
                ),
            ],
            parent,
        )
