"""The table of one request's CĐCS: several lines can be selected for a bulk action, and files dropped on a line
are offered to it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QWidget

from desktop_app.services.tracking import SubmissionLine
from desktop_app.ui.models.record_table import RECORD_ROLE
from desktop_app.ui.models.tracking_models import SubmissionLinesModel
from desktop_app.ui.widgets.tables import HintedTable


def dropped_files(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
    """The local files being dropped (folders and web addresses are not files a CĐCS sent)."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class LinesTable(HintedTable):
    """Emits ``files_dropped(line, paths)`` when files are dropped on a CĐCS's line."""

    files_dropped = Signal(object, object)  # (SubmissionLine, list[Path])

    def __init__(self, model: SubmissionLinesModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDropIndicatorShown(False)

    def selected_lines(self) -> list[SubmissionLine]:
        rows = sorted(self.selectionModel().selectedRows(), key=lambda index: index.row())
        return [line for index in rows if isinstance(line := index.data(RECORD_ROLE), SubmissionLine)]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if dropped_files(event) and index.isValid():
            self.selectRow(index.row())  # the line the files will go to, shown before they are let go
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = dropped_files(event)
        index = self.indexAt(event.position().toPoint())
        line = index.data(RECORD_ROLE) if index.isValid() else None
        if not files or not isinstance(line, SubmissionLine):
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit(line, files)
