"""Merge a unit into another: pick the receiving unit by typing part of its name (accents optional)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.vntext import collation_key, format_date, matches, parse_date
from desktop_app.services.units import UnitRecord
from desktop_app.ui.widgets.forms import ErrorLabel, dialog_buttons, labelled_rows


class MergeDialog(QDialog):
    def __init__(
        self, unit: UnitRecord, candidates: list[UnitRecord], today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sáp nhập đơn vị"))
        self.setMinimumSize(560, 460)
        self.target: UnitRecord | None = None
        self.on_date: date | None = None
        self._candidates = sorted(
            (c for c in candidates if c.id != unit.id and c.dissolved is None), key=lambda c: collation_key(c.name)
        )
        intro = QLabel(
            self.tr(
                "Sáp nhập «{name}» vào đơn vị được chọn. Số đoàn viên và lao động chuyển sang đơn vị nhận; "
                "lịch sử của đơn vị bị sáp nhập hiện trong lịch sử của đơn vị nhận."
            ).format(name=unit.name)
        )
        intro.setWordWrap(True)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Gõ tên hoặc mã đơn vị nhận (không cần dấu)…"))
        self.search_edit.textChanged.connect(self._refilter)
        self.list = QListWidget()
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.date_edit = QLineEdit(format_date(today))
        self.note_edit = QLineEdit()
        form = QFormLayout()
        labelled_rows(
            form,
            [
                (self.tr("&Tìm đơn vị nhận:"), self.search_edit),
                (self.tr("Ngày &sáp nhập:"), self.date_edit),
                (self.tr("&Ghi chú:"), self.note_edit),
            ],
        )
        self.error_label = ErrorLabel()
        buttons = dialog_buttons(self, self.tr("Sáp &nhập"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.list)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._refilter("")

    @property
    def note(self) -> str:
        return self.note_edit.text().strip()

    def _refilter(self, text: str) -> None:
        self.list.clear()
        for unit in self._candidates:
            if matches(text, f"{unit.code} {unit.name} {unit.short_name}"):
                item = QListWidgetItem(f"{unit.name}  ({unit.code})")
                item.setData(Qt.ItemDataRole.UserRole, unit.id)
                self.list.addItem(item)
        # No unit is preselected: a merge cannot be undone, so the clerk picks the receiving unit
        # himself (only a single match is selected for him).
        self.list.setCurrentRow(0 if self.list.count() == 1 else -1)

    def select_target(self, unit_id: int) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == unit_id:
                self.list.setCurrentRow(row)
                return

    def show_error(self, message: str) -> None:
        self.error_label.show_message(message)

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None:
            self.show_error(self.tr("Hãy chọn đơn vị nhận sáp nhập."))
            return
        try:
            self.on_date = parse_date(self.date_edit.text())
        except ValueError as exc:
            self.show_error(str(exc))
            return
        unit_id = item.data(Qt.ItemDataRole.UserRole)
        self.target = next(c for c in self._candidates if c.id == unit_id)
        super().accept()
