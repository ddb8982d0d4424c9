"""Background work for the UI: one database worker, and the news of what changed.

As in Anki's task manager: work runs on a single worker thread (so two operations never write at once and
a read never races a write of this program), behind a progress dialog; the work function never touches
widgets; its result or error comes back on the UI thread through signals. What each operation committed
(kinds and uuids, from the change log) is announced by ``DataEvents``, to which pages subscribe: a page
refreshes only when something it lists changed, whoever changed it — this program on any thread, or
another program on the same database, found at the next refresh.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QRunnable, Qt, QThread, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop_app.domain.changes import ChangeSet

if TYPE_CHECKING:
    # The first page is listed before SQLAlchemy loads (decision 0010): the services come when work does.
    from desktop_app.services.history import HistoryService

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside work that noticed the clerk pressed Cancel."""


class CancelToken:
    """Checked by long work between steps; set when the clerk presses Cancel. Work tells how far it got through
    ``report``, which reaches the progress dialog by a queued signal (the work never touches the dialog)."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._reporter: Callable[[int, int, str], None] | None = None

    def report(self, done: int, total: int, label: str = "") -> None:
        """``done`` of ``total`` steps finished, and what is under way (``label``; empty keeps the current one)."""
        if self._reporter is not None and not self._event.is_set():
            self._reporter(done, total, label)

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
    progressed = Signal(int, int, str)


class _Job(QRunnable):
    def __init__(self, work: Callable[[CancelToken], Any], token: CancelToken) -> None:
        super().__init__()
        self.work = work
        self.token = token
        self.signals = _Signals()
        token._reporter = self.signals.progressed.emit

    def run(self) -> None:
        from desktop_app.services.history import collecting

        try:
            with collecting():  # what it commits is announced by DataEvents as well
                result = self.work(self.token)
        except BaseException as exc:
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


# Running jobs, kept alive until their signals have been delivered.
_running: set[_Job] = set()
_worker: QThreadPool | None = None


def database_worker() -> QThreadPool:
    """The single thread every background operation runs on, one after another."""
    global _worker
    if _worker is None:
        _worker = QThreadPool()
        _worker.setMaxThreadCount(1)
        # Idle threads of a private pool are never stopped by Qt while it waits: keep the one thread alive.
        _worker.setExpiryTimeout(-1)
    return _worker


def wait_for_worker(msecs: int = 30_000) -> bool:
    """Let queued operations finish (before closing the database)."""
    worker = _worker
    if worker is None:
        return True  # no operation ever ran
    try:
        return worker.waitForDone(msecs)
    except RuntimeError:  # Qt already destroyed it at the program's exit: nothing can still be running on it
        return True


P = ParamSpec("P")
T = TypeVar("T")


def run_on_worker(work: Callable[[], T], parent: QWidget, label: str = "") -> T:
    """Run a database operation on the worker thread and wait for its result (or its error, raised here).

    For the clerk it is like a direct call: the dialog that saved learns at once whether it worked. Meanwhile the
    window keeps painting but takes no input, and a long wait shows what it is waiting for (``run_in_background``'s
    progress window: a lock held by another program, an operation queued behind an import).
    """
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        return work()  # already off the UI thread (inside background work): it is the worker
    outcome: list[tuple[bool, object]] = []
    loop = QEventLoop()

    def done(ok: bool, value: object) -> None:
        outcome.append((ok, value))
        loop.quit()

    run_in_background(
        parent,
        label or parent.tr("Đang lưu vào cơ sở dữ liệu…"),
        lambda _token: work(),
        lambda value: done(True, value),
        lambda exc: done(False, exc),
        cancellable=False,  # a write under way is never abandoned half-way
    )
    while not outcome:
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    ok, value = outcome[0]
    if not ok:
        assert isinstance(value, BaseException)
        raise value
    return value  # type: ignore[return-value]


def on_worker(call: Callable[P, T], parent: QWidget) -> Callable[P, T]:
    """``call`` made to run on the database worker (for dialogs given a service call to save with)."""

    def through_worker(*args: P.args, **kwargs: P.kwargs) -> T:
        return run_on_worker(lambda: call(*args, **kwargs), parent)

    return through_worker


class DataEvents(QObject):
    """Announces on the UI thread what changed in the office's records (``changed(ChangeSet)``).

    Commits of this program are heard as they happen (from any thread) and announced together once the event
    loop is free, so a page reloads once per operation, not once per commit. ``refresh()`` asks the change log
    for what was committed since the last refresh — by another program (the CLI, a second clerk on PostgreSQL)
    too; this program's own changes in that span come again, which costs a reload but never misses one.
    """

    changed = Signal(object)
    _heard = Signal(object)

    def __init__(self, history_service: HistoryService, parent: QObject | None = None) -> None:
        from desktop_app.services.history import subscribe

        super().__init__(parent)
        self._history = history_service
        self._pending = ChangeSet()
        self._seen = history_service.last_seq()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._flush)
        # Queued: the commit may be on the worker thread; the announcement is always on this one.
        self._heard.connect(self._collect, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe = subscribe(self._hear)
        self.destroyed.connect(self._unsubscribe)

    def _hear(self, changes: ChangeSet) -> None:
        try:
            self._heard.emit(changes)
        except RuntimeError:  # the window went away while another thread committed: nobody to tell
            self._unsubscribe()

    def close(self) -> None:
        self._unsubscribe()

    def refresh(self) -> ChangeSet:
        """Announce what the change log holds beyond what was announced (another program's changes)."""
        changes, last = self._history.changed_since(self._seen)
        if changes:
            self._collect(changes)
            self._flush()
        self._seen = max(self._seen, last)
        return changes

    def _collect(self, changes: object) -> None:
        assert isinstance(changes, ChangeSet)
        if not self._pending:
            self._timer.start()
        self._pending = self._pending | changes

    def _flush(self) -> None:
        pending, self._pending = self._pending, ChangeSet()
        if not pending:
            return
        log.debug("changed: %s", sorted(pending.kinds))
        self.changed.emit(pending)


def run_in_background(
    parent: QWidget,
    label: str,
    work: Callable[[CancelToken], Any],
    on_success: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    cancellable: bool = True,
    result_when_cancelled: bool = False,
) -> CancelToken:
    """Run ``work(token)`` on the database worker with a progress dialog; call back on the UI thread.

    What ``work`` reports through ``token.report`` moves the dialog's bar and label. Work cancelled is dropped
    silently, unless ``result_when_cancelled``: work that stops itself on Cancel and returns what it did (letters
    numbered before the clerk stopped) still has its result delivered."""
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
    over: list[bool] = []

    def show_progress(done: int, total: int, text: str) -> None:
        if over or token.cancelled:
            return  # reported just before the end, or after Cancel closed the dialog
        if text:
            dialog.setLabelText(text)
        dialog.setMaximum(max(total, 1))
        # Kept below the maximum, which would close the dialog before the work ends; set last, as a modal
        # dialog's setValue processes events.
        dialog.setValue(min(done, max(total, 1) - 1))

    def finish(result: object) -> None:
        over.append(True)
        _running.discard(job)
        dialog.reset()
        dialog.deleteLater()
        if token.cancelled and not result_when_cancelled:
            return
        on_success(result)

    def fail(exc: object) -> None:
        over.append(True)
        _running.discard(job)
        dialog.reset()
        dialog.deleteLater()
        if isinstance(exc, Cancelled) or (token.cancelled and not result_when_cancelled):
            return  # (work that returns what it did on Cancel says so when the step under way fails too)
        assert isinstance(exc, BaseException)
        on_error(exc)

    job.signals.finished.connect(finish, Qt.ConnectionType.QueuedConnection)
    job.signals.failed.connect(fail, Qt.ConnectionType.QueuedConnection)
    job.signals.progressed.connect(show_progress, Qt.ConnectionType.QueuedConnection)
    job.setAutoDelete(False)
    database_worker().start(job)
    return token
