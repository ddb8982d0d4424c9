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

# SQLAlchemy, Alembic and openpyxl are imported only after the main window is on screen:
# together they cost several times Qt's own start-up.

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


def check_environment() -> str | None:
    """A Vietnamese reason the app must not run, or None (openpyxl must be guarded by defusedxml)."""
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
    from desktop_app.persistence.errors import DatabaseError, DatabaseUnreadable
    from desktop_app.persistence.migrate import restore_backup
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
            except (DatabaseUnreadable, OSError) as restore_error:
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

    folder = context.database.path.parent if context.database.path else paths.user_data_dir()
    return folder / "demo.sqlite"


def finish_start(window: MainWindow, context: AppContext) -> AppContext | None:
    """Run the first-run wizard when needed, then fill the window with the office it leads to.

    Returns the office shown (the demo's own database when the clerk chose to try the demo),
    or None when the clerk cancelled.
    """
    import_path = None
    if not context.office.is_set_up():
        from desktop_app.ui.dialogs.setup_wizard import SetupWizard

        wizard = SetupWizard(context, window)
        if not wizard.exec():
            return None
        import_path = wizard.import_path
        if wizard.used_demo:
            from desktop_app.bootstrap import database_url, open_context
            from desktop_app.services.demo import load_demo

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

    def open_office() -> None:
        from desktop_app.bootstrap import database_url
        from desktop_app.logs import configure_logging

        configure_logging(settings.database_path().parent / "logs")
        path = settings.database_path() if db_path is None and not db_url else db_path
        context = open_with_recovery(database_url(path, db_url), path if not db_url else None)
        if context is None:
            app.exit(2)
            return
        shown = finish_start(window, context)
        if shown is None:
            context.close()
            app.exit(0)
            return
        window.destroyed.connect(shown.close)
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

    when_on_screen(window, open_office)
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
