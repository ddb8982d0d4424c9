"""Background work for the UI: run a function off the UI thread behind a progress dialog.

The work function never touches widgets (it may run on another thread); its result or error
comes back on the UI thread through signals, as in Anki's task manager.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside work that noticed the clerk pressed Cancel."""


class CancelToken:
    """Checked by long work between steps; set when the clerk presses Cancel."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[CancelToken], Any], token: CancelToken) -> None:
        super().__init__()
        self.work = work
        self.token = token
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.work(self.token)
        except BaseException as exc:
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


# Running jobs, kept alive until their signals have been delivered.
_running: set[_Job] = set()


def run_in_background(
    parent: QWidget,
    label: str,
    work: Callable[[CancelToken], Any],
    on_success: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    cancellable: bool = True,
) -> CancelToken:
    """Run ``work(token)`` on the thread pool with a progress dialog; call back on the UI thread."""
    token = CancelToken()
    dialog = QProgressDialog(label, parent.tr("Hủy") if cancellable else "", 0, 0, parent)
    dialog.setWindowTitle(parent.tr("Đang xử lý"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    if cancellable:
        dialog.canceled.connect(token.cancel)
    else:
        # Work that cannot be stopped (a transaction already under way) must still report its
        # result even if the clerk closes the progress window.
        dialog.setCancelButton(None)
    job = _Job(work, token)
    _running.add(job)

    def finish(result: object) -> None:
        _running.discard(job)
        dialog.reset()
        dialog.deleteLater()
        if token.cancelled:
            return
        on_success(result)

    def fail(exc: object) -> None:
        _running.discard(job)
        dialog.reset()
        dialog.deleteLater()
        if isinstance(exc, Cancelled) or token.cancelled:
            return
        assert isinstance(exc, BaseException)
        on_error(exc)

    job.signals.finished.connect(finish, Qt.ConnectionType.QueuedConnection)
    job.signals.failed.connect(fail, Qt.ConnectionType.QueuedConnection)
    job.setAutoDelete(False)
    QThreadPool.globalInstance().start(job)
    return token
