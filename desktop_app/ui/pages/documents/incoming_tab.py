"""The incoming register tab (Sổ văn bản đến): arrivals of a year, registering one, saving its attachments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSignalBlocker
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from desktop_app.services.errors import UserError
from desktop_app.services.registers import IncomingEntry, IncomingFile, RegisterService
from desktop_app.ui.document_actions import DocumentSettings
from desktop_app.ui.errors import show_error
from desktop_app.ui.models.documents_models import IncomingRegisterModel
from desktop_app.ui.pages.documents.widgets import FittedTable, YearCombo, refill_register, register_layout
from desktop_app.ui.tasks import on_worker
from desktop_app.ui.widgets.actions import add_action


class IncomingTab(QWidget):
    """Gets the register service and the folder settings through its constructor."""

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
        self.register_incoming_action = add_action(
            self, self.tr("&Vào sổ…"), QKeySequence.StandardKey.New, self.register_incoming
        )
        self.save_attachment_action = add_action(
            self, self.tr("Lưu tệp đính &kèm…"), "Ctrl+Shift+S", self.save_attachment
        )
        self.year = YearCombo()
        self.year.valueChanged.connect(lambda _y: self.reload())
        self.model = IncomingRegisterModel(self)
        # The sender and "cited by" give way first; the numbers, dates and the deadline stay whole.
        self.table = FittedTable(self.model, 5, {2: 240, 3: 140, 6: 160, 7: 160}, (2, 7, 3))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        register_layout(self, self.year, self.table, self.register_incoming_action, self.save_attachment_action)
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        refill_register(
            self.table, self.model, self.year, self.registers.incoming_years(), self._clock().year,
            self.registers.incoming, self.tr("Chưa có văn bản đến nào trong năm {year}."), select_id,
        )
        self._update_actions()

    def _update_actions(self) -> None:
        arrival = self.selected()
        self.save_attachment_action.setEnabled(arrival is not None and bool(arrival.files))

    def selected(self) -> IncomingEntry | None:
        return entry if isinstance(entry := self.table.selected(), IncomingEntry) else None

    def select_entry_uuid(self, uuid: str) -> bool:
        """Show the year of the arrival a change-log line names and select it; False when it is not registered."""
        entry = self.registers.incoming_entry(uuid)
        if entry is None:
            return False
        with QSignalBlocker(self.year):
            self.year.setValue(entry.year)
        self.reload(select_id=entry.id)
        return self.selected() is not None

    def register_incoming(self) -> None:
        from desktop_app.ui.dialogs.incoming_dialog import IncomingDialog

        dialog = IncomingDialog(
            on_worker(self.registers.register_incoming, self), self._clock(), self._settings.last_folder,
            self._settings.remember_folder, self,
        )
        if dialog.exec() and dialog.entry is not None:
            with QSignalBlocker(self.year):
                self.year.setValue(dialog.entry.year)  # the arrival is shown where it was numbered
            self.reload(select_id=dialog.entry.id)

    def save_attachment(self) -> None:
        entry = self.selected()
        chosen_file = self._choose_attachment(entry) if entry is not None else None
        if chosen_file is None:
            return
        suggested = str(Path(self._settings.last_folder() or Path.home()) / chosen_file.file_name)
        target, _filter = QFileDialog.getSaveFileName(self, self.tr("Lưu tệp đính kèm"), suggested)
        if not target:
            return
        path = Path(target)
        try:
            path.write_bytes(self.registers.incoming_file_content(chosen_file.id))
        except UserError as exc:
            show_error(self, str(exc))
            return
        except OSError as exc:
            show_error(
                self,
                self.tr("Không ghi được tệp «{path}»: {reason}. Hãy chọn thư mục khác.").format(
                    path=path, reason=exc.strerror or exc
                ),
            )
            return
        self._settings.remember_folder(str(path.parent))

    def _choose_attachment(self, entry: IncomingEntry) -> IncomingFile | None:
        if len(entry.files) <= 1:
            return entry.files[0] if entry.files else None
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Lưu tệp đính kèm"))
        dialog.setLabelText(self.tr("Văn bản đến này có {n} tệp. Lưu tệp nào?").format(n=len(entry.files)))
        dialog.setComboBoxItems([f.file_name for f in entry.files])
        dialog.setOkButtonText(self.tr("Chọn"))
        dialog.setCancelButtonText(self.tr("Hủy"))
        if not dialog.exec():
            return None
        names = [f.file_name for f in entry.files]
        return entry.files[names.index(dialog.textValue())] if dialog.textValue() in names else None
