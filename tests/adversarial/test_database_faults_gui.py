"""Starting the app on a healthy database that cannot be used right now: no offer to restore a backup."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.bootstrap import database_url
from desktop_app.persistence import database as database_module
from desktop_app.ui import app as app_module
from desktop_app.ui.dialogs import database_problem

FIXTURE_V1 = Path(__file__).parents[1] / "fixtures" / "schema_0001.sqlite"


def test_a_locked_database_is_not_offered_a_backup_restore(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "office.sqlite"
    shutil.copyfile(FIXTURE_V1, path)  # needs an upgrade, which needs the write lock
    original = path.read_bytes()
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 500)
    script = textwrap.dedent(
        """
        import sqlite3, sys
        conn = sqlite3.connect(sys.argv[1], isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        print("locked", flush=True)
        sys.stdin.readline()
        conn.execute("ROLLBACK")
        """
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    asked: list[tuple[str, bool]] = []

    def ask(_parent: object, message: str, can_restore: bool) -> database_problem.Choice:
        asked.append((message, can_restore))
        return database_problem.Choice.QUIT

    monkeypatch.setattr(database_problem, "ask", ask)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        assert app_module.open_with_recovery(database_url(path), path) is None
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    message, can_restore = asked[0]
    assert "đang được ghi" in message and "thử lại" in message
    assert not can_restore
    assert path.read_bytes() == original


def test_a_read_only_database_says_so_in_the_window_and_a_refused_write_is_its_own_message(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While nothing can be saved the status bar says so; a write that reaches the database anyway is shown as
    the database's own message (what happened, what to do), never as «Lỗi ngoài dự kiến»."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.bootstrap import open_context
    from desktop_app.persistence.database import sqlite_url
    from desktop_app.settings import UserSettings
    from desktop_app.ui.dialogs.unexpected_error import UnexpectedErrorDialog
    from desktop_app.ui.errors import install_excepthook
    from desktop_app.ui.main_window import MainWindow
    from tests.adversarial.test_database_faults import TODAY, a_new_unit, office_database, run

    path = tmp_path / "office.sqlite"
    office_database(path)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *_a, **_k: warnings.append(text))
    monkeypatch.setattr(UnexpectedErrorDialog, "exec", lambda _self: pytest.fail("shown as an unexpected error"))
    previous = sys.excepthook
    run("chattr", "+i", str(path))
    try:
        context = open_context(sqlite_url(path), clock=lambda: TODAY)
        try:
            window = MainWindow(context, UserSettings(), clock=lambda: TODAY)
            qtbot.addWidget(window)
            window.show()
            qtbot.waitExposed(window)
            assert "Chỉ đọc" in window.db_label.text()
            assert "chỉ đọc" in window.db_label.toolTip()
            install_excepthook()
            QTimer.singleShot(0, lambda: a_new_unit(context))  # a slot whose write the database refuses
            qtbot.waitUntil(lambda: bool(warnings))
        finally:
            sys.excepthook = previous
            context.close()
    finally:
        run("chattr", "-i", str(path))
    assert "chỉ đọc" in warnings[0]
