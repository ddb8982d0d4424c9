"""Qt models for the unit list: the rows as the service gives them, and a filter/sort proxy.

Sorting compares precomputed integer ranks (Vietnamese collation is done once in Python per
reload), and filtering compares precomputed search keys, so typing in the filter box stays
fast with thousands of units.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from desktop_app.domain.vntext import collation_key, format_date, format_number, search_key, search_tokens
from desktop_app.services.units import UnitRecord

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("UnitsTableModel", text)


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    text: Callable[[UnitRecord], str]
    numeric: bool = False


def _count(value: int | None) -> str:
    return "" if value is None else format_number(value)


def _status(unit: UnitRecord) -> str:
    if unit.merged_into_code:
        return _tr("Đã sáp nhập vào {code}").format(code=unit.merged_into_code)
    if unit.dissolved:
        return _tr("Giải thể {day}").format(day=format_date(unit.dissolved))
    return _tr("Đang hoạt động")


def columns() -> list[Column]:
    return [
        Column("code", _tr("Mã"), lambda u: u.code),
        Column("name", _tr("Tên đơn vị"), lambda u: u.name),
        Column("sector", _tr("Khu vực"), lambda u: u.sector_name),
        Column("members", _tr("Đoàn viên"), lambda u: _count(u.members), numeric=True),
        Column("female_members", _tr("Nữ"), lambda u: _count(u.female_members), numeric=True),
        Column("workers", _tr("Lao động"), lambda u: _count(u.workers), numeric=True),
        Column("chair", _tr("Chủ tịch CĐCS"), lambda u: u.chair),
        Column("phone", _tr("Điện thoại"), lambda u: u.phone),
        Column("founded", _tr("Ngày thành lập"), lambda u: format_date(u.founded) if u.founded else ""),
        Column("status", _tr("Tình trạng"), _status),
    ]


def _rank(values: list[str]) -> list[int]:
    """Position of each value in Vietnamese order (ties share a rank)."""
    order = sorted(range(len(values)), key=lambda i: collation_key(values[i]))
    ranks = [0] * len(values)
    previous: str | None = None
    rank = -1
    for i in order:
        if values[i] != previous:
            rank += 1
            previous = values[i]
        ranks[i] = rank
    return ranks


class UnitsTableModel(QAbstractTableModel):
    """The unit rows, replaced whole on reload (Vorta's pattern)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = columns()
        self._rows: list[UnitRecord] = []
        self._texts: list[list[str]] = []
        self._sort_keys: list[list[int]] = []
        self.search_keys: list[str] = []
        self.sector_codes: list[str | None] = []
        self.active: list[bool] = []

    # -- data ------------------------------------------------------------------------------
    def set_units(self, units: list[UnitRecord]) -> None:
        self.beginResetModel()
        self._rows = list(units)
        self._texts = [[c.text(u) for c in self.columns] for u in self._rows]
        self.search_keys = [search_key(f"{u.code} {u.name} {u.short_name} {u.chair}") for u in self._rows]
        self.sector_codes = [u.sector for u in self._rows]
        self.active = [u.dissolved is None for u in self._rows]
        per_column: list[list[int]] = []
        for position, column in enumerate(self.columns):
            if column.numeric:
                per_column.append(
                    [getattr(u, column.key) if getattr(u, column.key) is not None else -1 for u in self._rows]
                )
            elif column.key == "founded":
                per_column.append([u.founded.toordinal() if u.founded else -1 for u in self._rows])
            else:
                per_column.append(_rank([texts[position] for texts in self._texts]))
        self._sort_keys = [list(keys) for keys in zip(*per_column, strict=True)] if self._rows else []
        self.endResetModel()

    def unit_at(self, row: int) -> UnitRecord:
        return self._rows[row]

    def row_of(self, unit_id: int) -> int | None:
        for row, unit in enumerate(self._rows):
            if unit.id == unit_id:
                return row
        return None

    # -- Qt interface ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[row][column]
        if role == SORT_ROLE:
            return self._sort_keys[row][column]
        if role == RECORD_ROLE:
            return self._rows[row]
        if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[column].numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and not self.active[row]:
            return QBrush(QColor("#8a8a8a"))
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            unit = self._rows[row]
            return unit.address or None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Returning None (not super().headerData) also keeps clear of PySide6 6.12's QVariant bug.
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None


class UnitsFilterModel(QSortFilterProxyModel):
    """Accent-insensitive text filter, sector filter and show/hide dissolved units."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._tokens: tuple[str, ...] = ()
        self._sector: str | None = None
        self._show_dissolved = False
        self._visible: list[bool] = []
        self._stale = True

    def set_filter(
        self, text: str | None = None, sector: str | bool | None = False, show_dissolved: bool | None = None
    ) -> None:
        """Change any of the three filters (``sector=False`` leaves it as it is)."""
        self.beginFilterChange()
        if text is not None:
            self._tokens = search_tokens(text)
        if sector is not False:
            self._sector = sector or None
        if show_dissolved is not None:
            self._show_dissolved = show_dissolved
        self._recompute()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def setSourceModel(self, model: Any) -> None:
        # Marked before the source changes, so no filtering can use the old rows' flags.
        model.modelAboutToBeReset.connect(self._mark_stale)
        self._stale = True
        super().setSourceModel(model)

    def _mark_stale(self) -> None:
        self._stale = True

    def _recompute(self) -> None:
        self._stale = False
        source = self.sourceModel()
        if not isinstance(source, UnitsTableModel):
            self._visible = []
            return
        tokens, sector, show_dissolved = self._tokens, self._sector, self._show_dissolved
        self._visible = [
            (show_dissolved or active) and (sector is None or code == sector) and all(token in key for token in tokens)
            for key, code, active in zip(source.search_keys, source.sector_codes, source.active, strict=True)
        ]

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._stale:
            self._recompute()
        return source_row < len(self._visible) and self._visible[source_row]
