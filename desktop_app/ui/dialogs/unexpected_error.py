"""The box for an error nobody foresaw: a Vietnamese summary on screen, the details only for support."""

from __future__ import annotations

import traceback
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QHBoxLayout, QLabel, QPushButton, QStyle, QVBoxLayout, QWidget

from desktop_app import __version__
from desktop_app.ui.errors import tr


def error_details(exc: BaseException) -> str:
    """What support needs, for the clipboard: when, which version, and the traceback."""
    when = datetime.now().isoformat(timespec="seconds")
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return f"CongDoan Desk {__version__} — {when}\n{trace}"


class UnexpectedErrorDialog(QDialog):
    """A plain-words summary; the technical details only on the clipboard (for support), never on screen."""

    def __init__(self, exc: BaseException, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Lỗi ngoài dự kiến"))
        self.details = error_details(exc)
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text_label = QLabel(
            tr(
                "Phần mềm gặp một lỗi ngoài dự kiến. Dữ liệu đã lưu không bị ảnh hưởng; "
                "thao tác vừa rồi có thể chưa hoàn tất.\n\n"
                "Chi tiết đã được ghi vào tệp nhật ký trong thư mục dữ liệu. Khi báo cho bộ phận hỗ trợ, "
                "hãy bấm «Sao chép chi tiết» rồi dán vào thư hoặc tin nhắn."
            )
        )
        self.text_label.setWordWrap(True)
        self.text_label.setMinimumWidth(420)
        self.copy_button = QPushButton(tr("&Sao chép chi tiết"))
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(lambda _checked=False: self.copy_details())
        self.close_button = QPushButton(tr("Đóng"))
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(lambda _checked=False: self.accept())
        self.copied_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(self.text_label, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copied_label, 1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details)
        self.copied_label.setText(tr("Đã sao chép."))
