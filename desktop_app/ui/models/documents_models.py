"""Qt table models of the Documents screen: outgoing documents, the outgoing and the incoming register.

Each holds the list the service returned and replaces it whole (one model reset); sorting ranks
text columns in Vietnamese order and date columns by date, as the clerk reads them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.domain.documents import document_type
from desktop_app.domain.vntext import collation_key, format_date
from desktop_app.services.documents import STATUS_LABELS, DocumentListing
from desktop_app.services.registers import IncomingEntry, OutgoingEntry

RECORD_ROLE = Qt.ItemDataRole.UserRole + 2

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_RECORD = int(RECORD_ROLE)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_GREY = QColor("#8a8a8a")
_DESCENDING = Qt.SortOrder.DescendingOrder

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


def _tr(text: str) -> str:
    return QCoreApplication.translate("DocumentsModels", text)


@dataclass(frozen=True)
class Column(Generic[Row]):
    title: str
    text: Callable[[Row], str]
    # Dates and numbers sort by value; None sorts the text in Vietnamese order.
    sort_key: Callable[[Row], Any] | None = None
    tooltip: Callable[[Row], str] | None = None
    numeric: bool = False


def _day(value: date | None) -> str:
    return format_date(value) if value else ""


def _ordinal(value: date | None) -> int:
    return value.toordinal() if value else -1


class RecordTableModel(QAbstractTableModel, Generic[Row]):
    """A read-only list of service records; ``RECORD_ROLE`` gives the record behind a row."""

    def __init__(self, columns: Sequence[Column[Row]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Row] = []
        self._grey = QBrush(_GREY)
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if self._sorted_by is not None:
            # A reload keeps the order the clerk chose by clicking a column.
            self._rows.sort(key=self._sort_key(self._sorted_by[0]), reverse=self._sorted_by[1] == _DESCENDING)
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def record_at(self, row: int) -> Row:
        return self._rows[row]

    def row_where(self, wanted: Callable[[Row], bool]) -> int | None:
        return next((i for i, r in enumerate(self._rows) if wanted(r)), None)

    def is_grey(self, _record: Row) -> bool:
        return False

    def _sort_key(self, column: int) -> Callable[[Row], Any]:
        spec = self.columns[column]
        return spec.sort_key or (lambda r: collation_key(spec.text(r)))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self._sorted_by = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [self._rows[i.row()] if 0 <= i.row() < len(self._rows) else None for i in persistent]
        self._rows.sort(key=self._sort_key(column), reverse=order == _DESCENDING)
        where = {id(r): n for n, r in enumerate(self._rows)}
        self.changePersistentIndexList(
            persistent,
            [
                self.index(where[id(r)], i.column()) if r is not None else QModelIndex()
                for r, i in zip(held, persistent, strict=True)
            ],
        )
        self.layoutChanged.emit()

    # -- Qt interface ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        row = index.row()
        if row < 0 or row >= len(self._rows):
            return None
        record, spec = self._rows[row], self.columns[index.column()]
        if role == _DISPLAY:
            return spec.text(record)
        if role == _RECORD:
            return record
        if role == _FOREGROUND:
            return self._grey if self.is_grey(record) else None
        if role == _ALIGNMENT:
            return _RIGHT if spec.numeric else None
        if role == _TOOLTIP:
            return (spec.tooltip or spec.text)(record) or None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Returning None (not super().headerData) keeps clear of PySide6 6.12's QVariant bug.
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title
        return None


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
