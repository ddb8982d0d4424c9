"""Dissolve a unit: the date and the reason (the unit stays in the list, marked, with its history)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.domain.vntext import format_date, parse_date
from desktop_app.services.units import UnitRecord
from desktop_app.ui.widgets.forms import ErrorLabel, dialog_buttons, labelled_rows


class DissolveDialog(QDialog):
    def __init__(self, unit: UnitRecord, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Giải thể đơn vị"))
        self.setMinimumWidth(480)
        self.on_date: date | None = None
        intro = QLabel(
            self.tr("Giải thể «{name}». Đơn vị vẫn được giữ trong danh sách cùng toàn bộ lịch sử.").format(
                name=unit.name
            )
        )
        intro.setWordWrap(True)
        self.date_edit = QLineEdit(format_date(today))
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("ví dụ: doanh nghiệp ngừng hoạt động"))
        form = QFormLayout()
        labelled_rows(form, [(self.tr("&Ngày giải thể:"), self.date_edit), (self.tr("&Lý do:"), self.reason_edit)])
        self.error_label = ErrorLabel()
        buttons = dialog_buttons(self, self.tr("&Giải thể"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    @property
    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def show_error(self, message: str) -> None:
        self.error_label.show_message(message)

    def accept(self) -> None:
        try:
            self.on_date = parse_date(self.date_edit.text())
        except ValueError as exc:
            self.show_error(str(exc))
            self.date_edit.setFocus()
            return
        super().accept()
