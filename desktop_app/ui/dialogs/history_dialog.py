"""A unit's history, including the history of units merged into it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from desktop_app.domain.vntext import format_date
from desktop_app.services.units import UnitEvent, UnitRecord


class HistoryDialog(QDialog):
    def __init__(self, unit: UnitRecord, events: list[UnitEvent], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Lịch sử: {name}").format(name=unit.name))
        self.resize(820, 380)
        headers = [
            self.tr("Ngày"),
            self.tr("Sự kiện"),
            self.tr("Đơn vị"),
            self.tr("Đơn vị liên quan"),
            self.tr("Chi tiết"),
        ]
        self.table = QTableWidget(len(events), len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, event in enumerate(events):
            values = [format_date(event.on_date), event.label, event.unit_name, event.other_unit_name, event.detail]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
