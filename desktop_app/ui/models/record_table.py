"""A read-only table of service records (``RecordTableModel``) and its columns: the lists of documents, registers,
history and tracking, and the start page's (which is built at start-up before SQLAlchemy is imported, so this
module names no service)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.domain.vntext import collation_key

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


@dataclass(frozen=True)
class Column(Generic[Row]):
    title: str
    text: Callable[[Row], str]
    # Dates and numbers sort by value; None sorts the text in Vietnamese order.
    sort_key: Callable[[Row], Any] | None = None
    tooltip: Callable[[Row], str] | None = None
    numeric: bool = False


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
