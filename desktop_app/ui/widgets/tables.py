"""A read-only record table with a centred hint when it is empty (never a blank grid, never fake rows)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

from desktop_app.ui.models.record_table import RECORD_ROLE

if TYPE_CHECKING:
    from desktop_app.ui.models.record_table import RecordTableModel


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
        # The first 60 rows and those in view, as ColumnFitter measures: Qt's default of 1,000 rows asked the
        # model for 36,000 cells at every reload of a long list (90 ms a keystroke in the documents search).
        header.setResizeContentsPrecision(60)
        self.resizeColumnsToContents()
        for column, cap in caps.items():
            header.resizeSection(column, min(header.sectionSize(column), cap))
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


class ColumnFitter(QObject):
    """Keeps a table's columns sized to what they show and within the view's width.

    Columns are measured from the contents once rows are there (widths measured on an empty list are the
    headers' and would squash every name until restart), capped, and then the ``shrink`` columns give up
    width, in that order, until every column is visible without a sideways scroll: their text is elided in
    the middle and the model's tooltip shows it whole. Once the clerk drags a column, his widths are kept.
    """

    def __init__(
        self,
        view: QTableView,
        caps: dict[int, int],
        shrink: list[int],
        minimum: int = 90,
        minimums: dict[int, int] | None = None,
    ) -> None:
        super().__init__(view)
        self._view, self._caps, self._shrink, self._minimum = view, caps, shrink, minimum
        # A column that must stay readable (a unit's name) keeps more; below that, a sideways scroll is better.
        self._minimums = minimums or {}
        self._fitting = False
        self._measured_rows = False
        self.clerk_sized = False
        view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.sectionResized.connect(self._section_resized)
        model = view.model()
        model.modelReset.connect(self._rows_changed)
        model.rowsInserted.connect(self._rows_changed)
        # The viewport, not the view: the view's own resize comes before the viewport has its new width.
        self._viewport = view.viewport()
        self._viewport.installEventFilter(self)
        self.fit()

    def _section_resized(self, column: int, _old: int, _new: int) -> None:
        # The stretched last column follows the view by itself; only a dragged column is the clerk's.
        if not self._fitting and column != self._view.horizontalHeader().count() - 1:
            self.clerk_sized = True

    def _rows_changed(self, *_args: object) -> None:
        # Measured once with rows; later resets (filtering, a reload) keep the widths the clerk is used to.
        if not self._measured_rows and self._view.model().rowCount() > 0:
            self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A view being destroyed still resizes its viewport; there is nothing left to fit then.
        if (
            watched is self._viewport
            and event.type() == QEvent.Type.Resize
            and not self.clerk_sized
            and shiboken6.isValid(self._view)
        ):
            self.fit_width()
        return False

    def fit(self) -> None:
        """Widths from the contents (the first 60 rows), capped, then fitted to the view's width."""
        view = self._view
        header = view.horizontalHeader()
        self._fitting = True
        try:
            header.setResizeContentsPrecision(60)
            view.resizeColumnsToContents()
            for column, cap in self._caps.items():
                header.resizeSection(column, min(header.sectionSize(column), cap))
            self._natural = [header.sectionSize(c) for c in range(header.count())]
        finally:
            self._fitting = False
        self._measured_rows = view.model().rowCount() > 0
        self.fit_width()

    def fit_width(self) -> None:
        header = self._view.horizontalHeader()
        natural = getattr(self, "_natural", None)
        if natural is None or len(natural) != header.count():
            return
        available = self._view.viewport().width()
        widths = list(natural)
        excess = sum(widths) - available
        for column in self._shrink:
            if excess <= 0:
                break
            give = min(excess, max(widths[column] - self._minimums.get(column, self._minimum), 0))
            widths[column] -= give
            excess -= give
        self._fitting = True
        try:
            # The last column stretches over what is left; it is not resized here.
            for column, width in enumerate(widths[:-1]):
                header.resizeSection(column, width)
        finally:
            self._fitting = False
