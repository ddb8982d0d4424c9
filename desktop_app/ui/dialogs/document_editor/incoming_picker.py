"""The dialog that picks a received document (from the incoming register) to cite as a basis line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.vntext import format_date, matches
from desktop_app.services.registers import IncomingEntry


class IncomingPicker(QDialog):
    """Choose a received document to cite as a basis line; typing filters (accents optional)."""

    def __init__(self, entries: list[IncomingEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Chọn văn bản đến làm căn cứ"))
        self.resize(760, 420)
        self._entries = entries
        self.chosen: IncomingEntry | None = None
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Tìm theo số, nơi gửi, trích yếu…"))
        self.filter_edit.textChanged.connect(lambda _t: self._fill())
        self.list = QListWidget()
        self.list.itemActivated.connect(lambda _i: self.accept())
        self.hint = QLabel()
        ok = QPushButton(self.tr("Thêm dòng căn cứ"))
        ok.setDefault(True)
        ok.clicked.connect(self.accept)
        cancel = QPushButton(self.tr("Hủy"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(ok)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        self._fill()

    def _fill(self) -> None:
        self.list.clear()
        for entry in self._entries:
            line = (f"Số đến {entry.arrival_number}/{entry.year} — {format_date(entry.arrived_on)} — "
                    f"{entry.their_symbol or 'không số'} — {entry.sender}: {entry.summary}")
            if matches(self.filter_edit.text(), line):
                item = QListWidgetItem(line)
                item.setData(Qt.ItemDataRole.UserRole, entry.id)
                self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.hint.setText("" if self.list.count() else (
            self.tr("Không có văn bản đến nào khớp.") if self.filter_edit.text().strip()
            else self.tr("Sổ văn bản đến chưa có văn bản nào. Hãy vào sổ văn bản đến trước.")))

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None:
            self.hint.setText(self.tr("Chưa chọn văn bản nào."))
            return
        wanted = item.data(Qt.ItemDataRole.UserRole)
        self.chosen = next(e for e in self._entries if e.id == wanted)
        super().accept()
