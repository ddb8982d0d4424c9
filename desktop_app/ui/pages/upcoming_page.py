"""An honest empty state for a part of the app whose capability has not landed yet."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class UpcomingPage(QWidget):
    """Says "chưa có dữ liệu" and what this part will do; shows no made-up data."""

    def __init__(self, title: str, what_will_come: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(title)
        heading.setStyleSheet("font-size: 16px; font-weight: bold;")
        empty = QLabel(self.tr("Chưa có dữ liệu."))
        empty.setStyleSheet("font-size: 14px; color: #555;")
        details = QLabel(what_will_come)
        details.setWordWrap(True)
        details.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addSpacing(12)
        layout.addWidget(empty)
        layout.addWidget(details)
        layout.addStretch(1)
        self.empty_label = empty
        self.details_label = details
