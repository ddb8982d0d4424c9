"""Starting the GUI: logging, error dialogs, opening the database, first-run setup, main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app import __version__
from desktop_app.bootstrap import AppContext, database_url, open_context
from desktop_app.logs import configure_logging
from desktop_app.persistence.errors import DatabaseError, DatabaseTooNew, DatabaseUnreadable
from desktop_app.settings import UserSettings, load_settings
from desktop_app.ui.errors import install_excepthook

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
    from desktop_app.persistence.migrate import restore_backup
    from desktop_app.ui.dialogs import database_problem

    while True:
        try:
            return open_context(url)
        except DatabaseError as exc:
            log.warning("cannot open %s: %s", url, exc)
            can_restore = db_path is not None and not isinstance(exc, DatabaseTooNew)
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


def start(context: AppContext, settings: UserSettings) -> object | None:
    """Run the first-run wizard when needed, then build and show the main window."""
    from desktop_app.ui.main_window import MainWindow

    import_path = None
    if not context.office.is_set_up():
        from desktop_app.ui.dialogs.setup_wizard import SetupWizard

        wizard = SetupWizard(context)
        if not wizard.exec():
            return None
        import_path = wizard.import_path
    window = MainWindow(context, settings)
    window.show()
    if import_path is not None:
        window.units_page.import_workbook(import_path)
    return window


def run_gui(db_path: Path | None, db_url: str | None) -> int:
    settings = load_settings()
    data_folder = settings.database_path().parent
    configure_logging(data_folder / "logs")
    app = make_application()
    install_excepthook()
    problem = check_environment()
    if problem:
        QMessageBox.critical(None, _tr("Không chạy được"), problem)
        return 3
    if db_path is None and not db_url:
        db_path = settings.database_path()
    context = open_with_recovery(database_url(db_path, db_url), db_path if not db_url else None)
    if context is None:
        return 2
    window = start(context, settings)
    if window is None:
        context.close()
        return 0
    status = app.exec()
    context.close()
    return int(status)
