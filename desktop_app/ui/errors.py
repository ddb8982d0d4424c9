"""Errors shown to the clerk: Vietnamese dialogs, never a bare traceback; details go to the log."""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

log = logging.getLogger("desktop_app.ui")


def tr(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


def show_error(parent: QWidget | None, message: str, title: str | None = None) -> None:
    QMessageBox.warning(parent, title or tr("Không thực hiện được"), message)


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
    # Imported here: the dialog's widgets cost start-up time and are needed only when something went wrong.
    from desktop_app.ui.dialogs.unexpected_error import UnexpectedErrorDialog

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
