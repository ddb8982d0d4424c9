"""Errors shown to the clerk: Vietnamese dialogs, never a bare traceback; details go to the log."""

from __future__ import annotations

import logging
import sys
import traceback
from datetime import datetime
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop_app import __version__

log = logging.getLogger("desktop_app.ui")


def tr(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


def show_error(parent: QWidget | None, message: str, title: str | None = None) -> None:
    QMessageBox.warning(parent, title or tr("Không thực hiện được"), message)


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


def show_unexpected(parent: QWidget | None, exc: BaseException) -> None:
    """An error nobody foresaw: log it with the traceback, tell the clerk in plain words.

    An error that says what to do (a read-only or full drive, a database held by another program, a refused
    request that escaped its screen) is shown as its own message instead: it is not a bug.
    """
    from desktop_app.services.errors import clerk_message

    message = clerk_message(exc)
    if message is not None:
        log.warning("%s: %s", type(exc).__name__, message)
        show_error(parent, message)
        return
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    UnexpectedErrorDialog(exc, parent).exec()


def install_excepthook() -> None:
    """Route uncaught exceptions (including those raised in Qt slots) to the log and a dialog."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        exc.__traceback__ = tb
        parent = QApplication.activeWindow()
        show_unexpected(parent, exc)

    sys.excepthook = hook
