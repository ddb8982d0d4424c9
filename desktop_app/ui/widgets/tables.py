"""A read-only record table with a centred hint when it is empty (never a blank grid, never fake rows)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

from desktop_app.ui.models.documents_models import RECORD_ROLE, RecordTableModel


class HintedTable(QTableView):
    """A read-only, row-selecting table that shows a centred hint instead of rows when its model is empty."""

    def __init__(self, model: RecordTableModel[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        # The service's order (newest first, register order) until the clerk clicks a column.
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.hint = QLabel(self.viewport())
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #666; font-size: 14px;")
        self.hint.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        model.modelReset.connect(self._update_hint)
        self._update_hint()

    def set_hint(self, text: str) -> None:
        self.hint.setText(text)
        self._update_hint()

    def _update_hint(self) -> None:
        self.hint.setVisible(self.model().rowCount() == 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.hint.setGeometry(self.viewport().rect().adjusted(24, 24, -24, -24))

    def selected(self) -> Any:
        rows = self.selectionModel().selectedRows()
        return rows[0].data(RECORD_ROLE) if rows else None

    def select_row(self, row: int | None) -> None:
        if row is not None:
            self.selectRow(row)
            self.scrollTo(self.model().index(row, 0))

    def fit_columns(self, stretch: int, caps: dict[int, int]) -> None:
        """Widths from the contents, long columns capped; ``stretch`` (the summary) takes the rest."""
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.resizeColumnsToContents()
        for column, cap in caps.items():
            header.resizeSection(column, min(header.sectionSize(column), cap))
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
