"""A unit's history, including the history of units merged into it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from desktop_app.domain.vntext import format_date
from desktop_app.services.units import UnitEvent, UnitRecord
from desktop_app.ui.widgets.forms import resize_within_screen, rows_follow_column_widths


class HistoryDialog(QDialog):
    def __init__(self, unit: UnitRecord, events: list[UnitEvent], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Lịch sử: {name}").format(name=unit.name))
        resize_within_screen(self, 980, 460)
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
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(row, column, item)
        rows_follow_column_widths(self.table)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        # The details too are capped before the last column stretches: sized to their longest line they would
        # push the table sideways instead of wrapping.
        for column in range(len(headers)):
            cap = 360 if column == len(headers) - 1 else 240
            header.resizeSection(column, min(header.sectionSize(column), cap))
        header.setStretchLastSection(True)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
