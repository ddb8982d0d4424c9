"""Starting the GUI: logging, error dialogs, opening the database, first-run setup, main window."""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop_app import __version__
from desktop_app.settings import UserSettings, load_settings
from desktop_app.ui.errors import install_excepthook

if TYPE_CHECKING:
    from desktop_app.bootstrap import AppContext
    from desktop_app.ui.main_window import MainWindow

# SQLAlchemy is imported only after the main window is on screen (after the Units page is listed, when the
# office's file allows the quick first read), Alembic only when a database needs upgrading, openpyxl,
# reportlab and pyHanko only when a file is made or read: together they cost several times Qt's own
# start-up (docs/decisions/0010-start-up.md).

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("App", text)


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("CongDoan Desk")
    app.setOrganizationName("CongDoan")
    app.setApplicationVersion(__version__)
    from desktop_app.ui.translations import install_translations

    install_translations(app)
    return app


def _openpyxl_would_use_defusedxml() -> bool:
    """openpyxl's own rule (openpyxl/xml/__init__.py), read without importing openpyxl: it parses with
    defusedxml's guards when defusedxml is importable and OPENPYXL_DEFUSEDXML does not turn it off."""
    import importlib.util
    import os

    switched_on = os.environ.get("OPENPYXL_DEFUSEDXML", "True") == "True"
    return switched_on and importlib.util.find_spec("defusedxml") is not None


def check_environment() -> str | None:
    """A Vietnamese reason the app must not run, or None (openpyxl must be guarded by defusedxml).

    Importing openpyxl to ask it costs about as much as Qt's own start-up, so while openpyxl is not loaded
    its rule is evaluated here; only when that finds no guard is openpyxl asked, for the message."""
    if "openpyxl.xml" not in sys.modules and _openpyxl_would_use_defusedxml():
        return None
    from desktop_app.files.xlsx.units_workbook import check_xml_protection

    try:
        check_xml_protection()
    except RuntimeError as exc:
        return str(exc)
    return None


def open_with_recovery(url: str, db_path: Path | None) -> AppContext | None:
    """Open the database; when that fails, let the clerk pick another file or restore a backup."""
    from desktop_app import paths
    from desktop_app.bootstrap import database_url, open_context
    from desktop_app.services.errors import UserError
    from desktop_app.services.storage import DatabaseError, DatabaseUnreadable, restore_backup
    from desktop_app.ui.dialogs import database_problem

    while True:
        try:
            return open_context(url)
        except DatabaseError as exc:
            log.warning("cannot open %s: %s", url, exc)
            # Only damage calls for a backup: a read-only folder, a full disk or a lock held by
            # another program leave a healthy file that restoring would needlessly replace.
            can_restore = db_path is not None and isinstance(exc, DatabaseUnreadable)
            choice = database_problem.ask(None, str(exc), can_restore)
            folder = db_path.parent if db_path else paths.user_data_dir()
            if choice is database_problem.Choice.QUIT:
                return None
            if choice is database_problem.Choice.OPEN_OTHER:
                chosen = database_problem.choose_database(None, folder)
                if chosen is None:
                    continue
                db_path = chosen
                url = database_url(chosen)
                continue
            assert db_path is not None
            backup = database_problem.choose_backup(None, paths.backups_dir(db_path))
            if backup is None:
                continue
            try:
                moved = restore_backup(backup, db_path)
            except UserError as restore_error:
                QMessageBox.warning(None, _tr("Không khôi phục được"), str(restore_error))
                continue
            if moved is not None:
                QMessageBox.information(
                    None,
                    _tr("Đã khôi phục"),
                    _tr("Đã khôi phục từ «{backup}». Tệp cũ được giữ lại với tên «{moved}».").format(
                        backup=backup.name, moved=moved.name
                    ),
                )


def demo_path_beside(context: AppContext) -> Path:
    from desktop_app import paths

    where = context.storage.database_path
    folder = where.parent if where is not None else paths.user_data_dir()
    return folder / "demo.sqlite"


def finish_start(window: MainWindow, context: AppContext) -> AppContext | None:
    """Run the first-run wizard when needed, then fill the window with the office it leads to.

    Returns the office shown (the demo's own database when the clerk chose to try the demo),
    or None when the clerk cancelled.
    """
    import_path = None
    while not context.office.is_set_up():
        from desktop_app.ui.dialogs.setup_wizard import SetupWizard

        wizard = SetupWizard(context, window)
        if not wizard.exec():
            return None
        import_path = wizard.import_path
        if not wizard.used_demo:
            break
        from desktop_app.bootstrap import database_url, open_context
        from desktop_app.services.demo import load_demo, read_demo_content
        from desktop_app.services.errors import UserError

        try:
            # Before the office's database is closed and the demo's created: a damaged demo file leaves both
            # as they were and the clerk back in the wizard.
            read_demo_content()
        except UserError as exc:
            QMessageBox.warning(window, _tr("Không tạo được dữ liệu mẫu"), str(exc))
            continue
        demo = demo_path_beside(context)
        context.close()
        context = open_context(database_url(demo))
        load_demo(context)
    window.attach(context)
    if import_path is not None:
        window.units_page.import_workbook(import_path)
    return context


def freeze_start_up_objects() -> None:
    """Move what start-up made (modules, Qt wrappers, SQLAlchemy's mappers, the first lists), which lives as
    long as the window, out of the garbage collector's sight: a full collection walked all of it, 50 ms in the
    middle of a keystroke in the documents search (bench/bench_lists.py). Only for the app's own process:
    frozen objects are never collected, which a test run starting many windows must not have."""
    gc.freeze()


def start(context: AppContext, settings: UserSettings) -> MainWindow | None:
    """Show the main window on an already open office (tests, screenshots)."""
    from desktop_app.ui.main_window import MainWindow

    window = MainWindow(None, settings)
    window.show_fitting()
    if finish_start(window, context) is None:
        window.close()
        return None
    return window


def launch(db_path: Path | None, db_url: str | None) -> tuple[QApplication, MainWindow]:
    """Show the main window at once, then open the database on the next pass of the event loop."""
    from desktop_app.ui.main_window import MainWindow

    settings = load_settings()
    app = make_application()
    install_excepthook()
    window = MainWindow(None, settings)
    window.show_fitting()

    path = settings.database_path() if db_path is None and not db_url else db_path

    def list_first_page() -> None:
        """Fill the start page and list the Units page straight from the file when it can be (an SQLite file at the
        current schema that opens normally): the start page first, painted, then the units behind it; then open the
        office (once those rows are on screen if the clerk went to them, else at once). Otherwise open it at once,
        the pages saying meanwhile that the data is being opened."""
        from desktop_app.services.quick_start import quick_start

        quick = quick_start(path, window.today()) if path is not None and not db_url else None
        if quick is None:
            open_office()
            return
        start = window.show_start_page(quick.dashboard)

        def list_units() -> None:
            page = window.show_first_page(quick.listing)
            if window.current_page() is page:
                when_on_screen(page.table.viewport(), open_office)
            else:
                # A hidden table is never painted: waiting for it would hold the office back by a second.
                QTimer.singleShot(0, open_office)

        if window.current_page() is start:
            when_on_screen(start.notice_label, list_units)
        else:
            QTimer.singleShot(0, list_units)

    def open_office() -> None:
        from desktop_app.bootstrap import database_url
        from desktop_app.logs import configure_logging

        configure_logging(settings.database_path().parent / "logs")
        context = open_with_recovery(database_url(path, db_url), path if not db_url else None)
        if context is None:
            app.exit(2)
            return
        shown = finish_start(window, context)
        if shown is None:
            context.close()
            app.exit(0)
            return
        closed: list[bool] = []

        def close_office() -> None:
            from desktop_app.ui.tasks import wait_for_worker

            if closed:
                return
            closed.append(True)
            wait_for_worker()  # an operation still on the database worker finishes (or fails) before it closes
            shown.close()

        # When the event loop ends, while every object is still alive; the window's end is the fallback.
        app.aboutToQuit.connect(close_office)
        window.destroyed.connect(close_office)
        freeze_start_up_objects()
        # Checked once the list is on screen (importing openpyxl costs ~0.15 s), before the clerk
        # can reach any workbook action.
        QTimer.singleShot(0, refuse_unsafe_environment)

    def refuse_unsafe_environment() -> None:
        problem = check_environment()
        if problem:
            QMessageBox.critical(window, _tr("Không chạy được"), problem)
            window.setEnabled(False)
            app.exit(3)

    when_on_screen(window, list_first_page)
    return app, window


class _FirstPaintWatcher(QObject):
    """Calls back once the window has been painted on screen for the first time, then removes itself."""

    def __init__(self, window: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(window)
        self._callback: Callable[[], None] | None = callback
        window.installEventFilter(self)
        # Should no paint ever come (started minimised), go on anyway.
        QTimer.singleShot(1000, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # After this paint has been flushed to the screen, not inside it.
            QTimer.singleShot(0, self._fire)
        return False

    def _fire(self) -> None:
        callback, self._callback = self._callback, None
        if callback is not None:
            callback()


def when_on_screen(window: QWidget, callback: Callable[[], None]) -> None:
    """Run ``callback`` once ``window`` is visible, so slow work never delays the first paint."""
    _FirstPaintWatcher(window, callback)


def run_gui(db_path: Path | None, db_url: str | None) -> int:
    app, _window = launch(db_path, db_url)
    return int(app.exec())
