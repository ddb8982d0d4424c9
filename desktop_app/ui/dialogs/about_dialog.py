"""About: the version and where the data is."""

from __future__ import annotations

import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop_app import __version__
from desktop_app.bootstrap import AppContext
from desktop_app.services.storage import schema_revision


class AboutDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Giới thiệu CongDoan Desk"))
        self.text = QLabel(
            self.tr(
                "<h3>CongDoan Desk {version}</h3>"
                "<p>Phần mềm văn phòng Liên đoàn Lao động: đơn vị, văn bản, theo dõi báo cáo, chỉ tiêu.</p>"
                "<p><b>Cơ sở dữ liệu:</b> {where}<br><b>Phiên bản lược đồ:</b> {schema}</p>"
                "<p>Python {python}, Qt for Python {qt}</p>"
            ).format(
                version=__version__,
                where=context.storage.location(),
                schema=schema_revision(),
                python=sys.version.split()[0],
                qt=pyside_version,
            )
        )
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
