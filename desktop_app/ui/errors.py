"""Errors shown to the clerk: Vietnamese dialogs, never a bare traceback; details go to the log."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

log = logging.getLogger("desktop_app.ui")


def tr(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


def show_error(parent: QWidget | None, message: str, title: str | None = None) -> None:
    QMessageBox.warning(parent, title or tr("Không thực hiện được"), message)


def show_unexpected(parent: QWidget | None, exc: BaseException) -> None:
    """An error nobody foresaw: log it with the traceback, tell the clerk in plain words."""
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(tr("Lỗi ngoài dự kiến"))
    box.setText(
        tr(
            "Phần mềm gặp một lỗi ngoài dự kiến. Dữ liệu đã lưu không bị ảnh hưởng; "
            "thao tác vừa rồi có thể chưa hoàn tất.\n\n"
            "Chi tiết đã được ghi vào tệp nhật ký trong thư mục dữ liệu. Hãy gửi tệp đó cho bộ phận hỗ trợ."
        )
    )
    box.setDetailedText("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    box.exec()


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
