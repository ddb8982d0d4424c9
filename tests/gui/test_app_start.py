"""Starting the app: damaged databases, recovery choices, unexpected errors, settings."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.bootstrap import database_url, open_context
from desktop_app.logs import LOG_FILE_NAME, configure_logging
from desktop_app.settings import UserSettings, load_settings, save_settings, settings_file
from desktop_app.ui import app as app_module
from desktop_app.ui.dialogs import database_problem
from desktop_app.ui.errors import install_excepthook
from desktop_app.ui.main_window import MainWindow


def test_damaged_database_then_quit_leaves_it_untouched(qtbot: QtBot, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "hong.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x13" * 5000)
    original = bad.read_bytes()
    messages: list[str] = []

    def ask(_parent: object, message: str, can_restore: bool) -> database_problem.Choice:
        messages.append(message)
        assert can_restore
        return database_problem.Choice.QUIT

    monkeypatch.setattr(database_problem, "ask", ask)
    assert app_module.open_with_recovery(database_url(bad), bad) is None
    assert "bị hỏng" in messages[0]
    assert bad.read_bytes() == original


def test_open_another_file_after_a_refusal(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "notes.sqlite"
    bad.write_text("không phải cơ sở dữ liệu " * 100, encoding="utf-8")
    other = tmp_path / "moi.sqlite"
    monkeypatch.setattr(database_problem, "ask", lambda *_args: database_problem.Choice.OPEN_OTHER)
    monkeypatch.setattr(database_problem, "choose_database", lambda _parent, _folder: other)
    context = app_module.open_with_recovery(database_url(bad), bad)
    assert context is not None
    try:
        assert context.database.path == other.resolve()
        assert not context.office.is_set_up()
    finally:
        context.close()


def test_restore_a_backup_after_damage(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop_app.persistence.migrate import backup_sqlite
    from desktop_app.services.demo import load_demo

    path = tmp_path / "office.sqlite"
    context = open_context(database_url(path))
    load_demo(context)
    context.close()
    backup = backup_sqlite(path, tmp_path / "backups" / "office-ban-sao.sqlite")
    data = bytearray(path.read_bytes())
    data[4096 * 3 : 4096 * 3 + 300] = b"\xee" * 300
    path.write_bytes(bytes(data))

    monkeypatch.setattr(database_problem, "ask", lambda *_args: database_problem.Choice.RESTORE)
    monkeypatch.setattr(database_problem, "choose_backup", lambda _parent, _folder: backup)
    monkeypatch.setattr(QMessageBox, "information", lambda *_args: QMessageBox.StandardButton.Ok)
    restored = app_module.open_with_recovery(database_url(path), path)
    assert restored is not None
    try:
        assert len(restored.units.list_units()) >= 110
    finally:
        restored.close()
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("office-thay-the-")]
    assert kept, "the damaged file is kept beside the restored one"


def test_start_shows_the_main_window_for_a_set_up_office(qtbot: QtBot, demo_context: object) -> None:
    window = app_module.start(demo_context, UserSettings())  # type: ignore[arg-type]
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert window.isVisible()


def test_unexpected_error_is_logged_and_shown_in_vietnamese(qtbot: QtBot, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QApplication, QPushButton

    from desktop_app.ui.dialogs.unexpected_error import UnexpectedErrorDialog

    log_path = configure_logging(tmp_path / "logs")
    shown: list[dict[str, object]] = []

    def fake_exec(dialog: UnexpectedErrorDialog) -> int:
        # What the clerk sees: Vietnamese words only, no traceback, no "Show Details…".
        texts = [label.text() for label in dialog.findChildren(QLabel)]
        buttons = [button.text() for button in dialog.findChildren(QPushButton)]
        dialog.copy_button.click()
        shown.append({"texts": texts, "buttons": buttons, "clipboard": QApplication.clipboard().text()})
        return 0

    monkeypatch.setattr(UnexpectedErrorDialog, "exec", fake_exec)
    previous = sys.excepthook
    install_excepthook()
    try:
        try:
            raise ZeroDivisionError("chia cho 0 trong tính tỷ lệ")
        except ZeroDivisionError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    finally:
        sys.excepthook = previous
        logging.getLogger().handlers[-1].flush()
    assert shown
    seen = shown[0]
    assert any("lỗi ngoài dự kiến" in str(text) for text in seen["texts"])  # type: ignore[attr-defined]
    assert not any("Traceback" in str(text) or "ZeroDivisionError" in str(text)
                   for text in seen["texts"])  # type: ignore[attr-defined]
    assert sorted(seen["buttons"]) == sorted(["&Sao chép chi tiết", "Đóng"])  # type: ignore[arg-type]
    # The details go to the clipboard for support, and to the log.
    assert "ZeroDivisionError: chia cho 0 trong tính tỷ lệ" in str(seen["clipboard"])
    text = log_path.read_text(encoding="utf-8")
    assert log_path.name == LOG_FILE_NAME
    assert "ZeroDivisionError: chia cho 0 trong tính tỷ lệ" in text


def test_environment_check_refuses_unguarded_xml(monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl.xml

    assert app_module.check_environment() is None
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    assert "defusedxml" in (app_module.check_environment() or "")


def test_settings_round_trip_and_damaged_file_gives_defaults() -> None:
    settings = UserSettings(print_font="Tinos", last_folder="/tmp/đơn vị")
    save_settings(settings)
    assert load_settings() == settings
    settings_file().write_text("{not json", encoding="utf-8")
    assert load_settings() == UserSettings()


def test_launch_shows_the_window_first_then_opens_the_office(qtbot: QtBot, tmp_path: Path) -> None:
    from desktop_app.services.demo import load_demo

    path = tmp_path / "demo.sqlite"
    context = open_context(database_url(path))
    load_demo(context)
    context.close()
    previous = sys.excepthook
    try:
        _app, window = app_module.launch(path, None)
        qtbot.addWidget(window)
        assert window.isVisible()
        assert not hasattr(window, "units_page")  # the database opens on the next pass of the event loop
        qtbot.waitUntil(lambda: hasattr(window, "units_page"), timeout=10_000)
        assert window.units_page.model.total() >= 110
        assert str(path) in window.db_label.text()
        assert "Dương Minh Châu" in window.home_label.text()
        assert (tmp_path / "data" / "logs" / LOG_FILE_NAME).exists()
    finally:
        sys.excepthook = previous


def test_choosing_the_demo_in_the_wizard_keeps_the_office_database_empty(qtbot: QtBot, empty_context: object,
                                                                        db_path: Path) -> None:
    from desktop_app.ui.dialogs.setup_wizard import SetupWizard
    from tests.gui.helpers import when_modal

    def choose_demo(wizard: SetupWizard) -> None:
        assert wizard.currentPage() is wizard.start_page
        wizard.start_page.demo_button.click()

    when_modal(choose_demo, SetupWizard)
    window = app_module.start(empty_context, UserSettings())  # type: ignore[arg-type]
    assert window is not None
    qtbot.addWidget(window)
    assert window.context.database.path == db_path.parent / "demo.sqlite"
    assert window.units_page.model.total() >= 110
    office = open_context(database_url(db_path))
    try:
        assert not office.office.is_set_up()
    finally:
        office.close()
        window.context.close()


def test_settings_dialog_saves_office_signer_and_font(qtbot: QtBot, demo_context: object) -> None:
    from desktop_app.ui.dialogs.settings_dialog import SettingsDialog

    settings = UserSettings()
    dialog = SettingsDialog(demo_context.office, settings)  # type: ignore[attr-defined]
    qtbot.addWidget(dialog)
    dialog.place_edit.setText("Huyện Dương Minh Châu, tỉnh Tây Ninh")
    dialog.name_edit.setText("")
    dialog.accept()
    assert "Người ký" in dialog.error_label.text()
    assert demo_context.office.profile().place_name == "Huyện Dương Minh Châu"  # type: ignore[attr-defined]
    dialog.name_edit.setText("Phạm Thị Lan")
    dialog.font_combo.setCurrentText("DejaVu Serif")
    dialog.accept()
    profile = demo_context.office.profile()  # type: ignore[attr-defined]
    assert profile.place_name == "Huyện Dương Minh Châu, tỉnh Tây Ninh"
    assert profile.signer is not None and profile.signer.name == "Phạm Thị Lan"
    assert settings.print_font == "DejaVu Serif"


def test_changing_the_data_folder_copies_the_office_database(qtbot: QtBot, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop_app.services.demo import load_demo
    from desktop_app.ui.dialogs import settings_dialog as settings_module
    from desktop_app.ui.dialogs.settings_dialog import SettingsDialog

    settings = UserSettings()
    context = open_context(database_url(settings.database_path()))
    try:
        load_demo(context)
        monkeypatch.setattr(settings_module, "ask", lambda *_args, **_kwargs: 0)  # "Chép sang"
        dialog = SettingsDialog(context.office, settings, storage=context.storage)
        qtbot.addWidget(dialog)
        new_folder = tmp_path / "USB" / "CongDoan"
        dialog.folder_edit.setText(str(new_folder))
        dialog.accept()
        assert settings.data_folder == str(new_folder)
        copied = open_context(database_url(new_folder / "congdoan.sqlite"))
        try:
            assert len(copied.units.list_units()) == len(context.units.list_units())
        finally:
            copied.close()
        # A second move onto a folder that already has a database is refused, nothing overwritten.
        again = SettingsDialog(context.office, UserSettings(), storage=context.storage)
        qtbot.addWidget(again)
        again.folder_edit.setText(str(new_folder))
        again.accept()
        assert "không ghi đè" in again.error_label.text()
    finally:
        context.close()


def test_questions_have_vietnamese_answer_buttons(qtbot: QtBot) -> None:
    from desktop_app.ui.widgets.messages import ask
    from tests.gui.helpers import when_modal

    seen: list[list[str]] = []

    def answer(box: QMessageBox) -> None:
        seen.append([b.text() for b in box.buttons()])
        next(b for b in box.buttons() if b.text() == "Không chép").click()

    when_modal(answer, QMessageBox)
    assert ask(None, "Đổi thư mục dữ liệu", "Chép?", ["Chép sang", "Không chép", "Hủy"]) == 1
    assert sorted(seen[0]) == sorted(["Chép sang", "Không chép", "Hủy"])

    when_modal(lambda box: qtbot.keyClick(box, Qt.Key.Key_Escape), QMessageBox)
    assert ask(None, "Xác nhận", "Sáp nhập?", ["Sáp nhập", "Hủy"], default=1) in (1, None)


def test_settings_dialog_keeps_the_token_and_trust_roots(qtbot: QtBot, demo_context: object, tmp_path: Path) -> None:
    from desktop_app.ui.dialogs.settings_dialog import SettingsDialog

    settings = UserSettings()
    root = tmp_path / "goc.pem"
    root.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    dialog = SettingsDialog(demo_context.office, settings)  # type: ignore[attr-defined]
    qtbot.addWidget(dialog)
    dialog.library_edit.setText("/usr/lib/softhsm/libsofthsm2.so")
    dialog.token_label_edit.setText("LDLD-DMC")
    dialog.trust_edit.setPlainText(f"{root}\n{tmp_path / 'khong-co.pem'}")
    dialog.place_edit.setText("Huyện Dương Minh Châu, tỉnh Tây Ninh")
    dialog.accept()
    assert "khong-co.pem" in dialog.error_label.text()
    # Refused as a whole: the office's place name did not change either.
    assert demo_context.office.profile().place_name == "Huyện Dương Minh Châu"  # type: ignore[attr-defined]
    dialog.trust_edit.setPlainText(str(root))
    dialog.accept()
    assert settings.signing_library == "/usr/lib/softhsm/libsofthsm2.so"
    assert settings.signing_token_label == "LDLD-DMC" and settings.trust_roots == str(root)
