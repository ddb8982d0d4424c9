"""The outgoing register tab (Sổ văn bản đi): the numbers taken in a year, cancelling one, the printed book."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.services.errors import UserError
from desktop_app.services.registers import OutgoingEntry, RegisterService
from desktop_app.ui.document_actions import DocumentSettings
from desktop_app.ui.errors import show_error
from desktop_app.ui.models.documents_models import OutgoingRegisterModel
from desktop_app.ui.pages.documents.widgets import FittedTable, YearCombo, refill_register, register_layout
from desktop_app.ui.tasks import on_worker, run_in_background
from desktop_app.ui.widgets.actions import add_action
from desktop_app.ui.widgets.files import ask_save_path


class OutgoingTab(QWidget):
    """Gets the register service and the settings it prints with through its constructor."""

    def __init__(
        self,
        registers: RegisterService,
        settings: DocumentSettings,
        clock: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.registers = registers
        self._settings = settings
        self._clock = clock
        self.cancel_number_action = add_action(self, self.tr("&Hủy số…"), None, self.cancel_selected_number)
        self.print_book_action = add_action(self, self.tr("&In sổ ra PDF…"), None, self.print_outgoing_book)
        self.year = YearCombo()
        self.year.valueChanged.connect(lambda _y: self.reload())
        self.model = OutgoingRegisterModel(self)
        self.table = FittedTable(self.model, 3, {1: 160, 4: 320}, (4, 1))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        register_layout(self, self.year, self.table, self.cancel_number_action, self.print_book_action)
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        refill_register(
            self.table, self.model, self.year, self.registers.outgoing_years(), self._clock().year,
            self.registers.outgoing, self.tr("Sổ văn bản đi năm {year} chưa có số nào."), select_id,
        )
        self._update_actions()

    def select_entry_uuid(self, uuid: str) -> bool:
        """Show the year of the number a change-log line names and select it; False when it is not in the book."""
        for year in self.registers.outgoing_years():
            entry = next((e for e in self.registers.outgoing(year) if e.uuid == uuid), None)
            if entry is not None:
                with QSignalBlocker(self.year):
                    self.year.setValue(year)
                self.reload(select_id=entry.id)
                return self.selected() is not None
        return False

    def _update_actions(self) -> None:
        number = self.selected()
        self.cancel_number_action.setEnabled(number is not None and not number.cancelled)

    def selected(self) -> OutgoingEntry | None:
        return entry if isinstance(entry := self.table.selected(), OutgoingEntry) else None

    def cancel_selected_number(self) -> None:
        entry = self.selected()
        if entry is None or entry.cancelled:
            return
        from desktop_app.ui.dialogs.issue_dialog import CancelNumberDialog

        cancel = on_worker(partial(self.registers.cancel_number, entry.id), self)
        dialog = CancelNumberDialog(entry, cancel, self)
        accepted = dialog.exec()
        dialog.deleteLater()
        if accepted:
            self.reload(select_id=entry.id)

    def print_outgoing_book(self) -> None:
        """The register of the chosen year as the printed register book (A4 landscape PDF)."""
        year = self.year.value()
        path = ask_save_path(
            self, self.tr("In sổ văn bản đi ra PDF"), self._settings.last_folder(), f"so-van-ban-di-{year}.pdf",
            self.tr("Tệp PDF (*.pdf)"),
        )
        if path is None:
            return
        self._settings.remember_folder(str(path.parent))
        font = self._settings.print_font() or None

        def printed(pages: int) -> None:
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("Đã lưu sổ"),
                              self.tr("Đã lưu sổ văn bản đi năm {year} ra «{path}»: {pages} trang.").format(
                                  year=year, path=path, pages=pages), parent=self)
            box.addButton(self.tr("Đóng"), QMessageBox.ButtonRole.AcceptRole)  # not Qt's English "OK"
            box.exec()
            box.deleteLater()

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, UserError):
                raise exc
            show_error(self, str(exc))

        run_in_background(
            self,
            self.tr("Đang in sổ văn bản đi…"),
            lambda _token: self.registers.print_outgoing_book(year, path, font),
            printed,
            failed,
            cancellable=False,
        )
