"""One CĐCS's indicator form for one period, entered in the grid: a header saying which form, unit and period,
the grid, its status line, and «Lưu» (Ctrl+S). Saving is the caller's (a ``save(values)`` callback, which the
page runs through the service); a change is kept on screen, with undo, until the clerk saves."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QAbstractItemDelegate, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.domain.form_values import CellValue
from desktop_app.domain.forms import FormDefinition
from desktop_app.domain.vntext import format_date
from desktop_app.services.errors import clerk_message
from desktop_app.ui.models.form_entry_model import FormEntryModel
from desktop_app.ui.widgets.actions import add_action
from desktop_app.ui.widgets.form_grid import FormGrid, FormStatusLine
from desktop_app.ui.widgets.forms import ERROR_STYLE
from desktop_app.ui.widgets.messages import ask

SaveCallback = Callable[[dict[str, CellValue]], None]


class EntryPanel(QWidget):
    """The grid of ``form`` for ``unit_name`` (``unit_code``) as of ``period``, filled with ``values``."""

    #: True when there are changes not yet saved, False once saved (or undone back to the saved figures).
    dirty_changed = Signal(bool)
    saved = Signal()

    def __init__(self, form: FormDefinition, unit_code: str, unit_name: str, period: date,
                 values: Mapping[str, CellValue], save: SaveCallback, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form, self.unit_code, self.unit_name, self.period = form, unit_code, unit_name, period
        self._save = save
        self.model = FormEntryModel(form, values, self)
        self.undo_stack = self.model.undo_stack  # the main window's Edit menu undoes on the page it shows
        self.grid = FormGrid(self.model)
        self.status_line = FormStatusLine(self.model)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.grid.problem.connect(self.show_problem)

        title = QLabel(f"<b>{form.code}</b> — {form.title}")
        title.setTextFormat(Qt.TextFormat.RichText)
        self.header = QLabel(self.tr("Đơn vị: {unit} (mã {code}) · Số liệu tính đến ngày {day}").format(
            unit=unit_name, code=unit_code, day=format_date(period)))
        # Wrapped: a long CĐCS name must not widen the window past a 1366-pixel screen.
        title.setWordWrap(True)
        self.header.setWordWrap(True)
        self.save_button = QPushButton(self.tr("&Lưu (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.save_action = add_action(self, self.tr("Lưu số liệu"), "Ctrl+S", self.save)

        bottom = QHBoxLayout()
        bottom.addWidget(self.status_line, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.header)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)

        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self._clean_changed(True)

    @property
    def dirty(self) -> bool:
        return not self.undo_stack.isClean()

    def _clean_changed(self, clean: bool) -> None:
        self.save_button.setEnabled(not clean)
        self.dirty_changed.emit(not clean)

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def save(self) -> bool:
        """Hand the figures to the caller's save; True when saved (a refusal is shown and the changes kept)."""
        if self.grid.state() == FormGrid.State.EditingState:
            # Ctrl+S while a cell is being typed saves what is typed, as Excel does.
            editor = self.grid.indexWidget(self.grid.currentIndex())
            if editor is not None:
                self.grid.commitData(editor)
                self.grid.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        if not self.dirty:
            return True
        try:
            self._save(self.model.values())
        except Exception as exc:
            # A refusal, or a database that cannot take the write now (read-only, another clerk saved meanwhile):
            # said here, the figures kept on screen; anything else is a bug for the application's handler.
            message = clerk_message(exc)
            if message is None:
                raise
            self.show_problem(message)
            return False
        self.undo_stack.setClean()
        self.show_problem("")
        self.saved.emit()
        return True

    def confirm_close(self) -> bool:
        """Whether the panel may go: no unsaved change, or the clerk chose to save (and it worked) or to drop it."""
        if not self.dirty:
            return True
        answer = ask(self, self.tr("Số liệu chưa lưu"),
                     self.tr("Số liệu của {unit} có thay đổi chưa lưu. Lưu trước khi đóng?").format(
                         unit=self.unit_name),
                     [self.tr("Lưu"), self.tr("Không lưu"), self.tr("Hủy")])
        if answer == 0:
            return self.save()
        return answer == 1

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.confirm_close():
            event.accept()
        else:
            event.ignore()
