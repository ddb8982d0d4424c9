"""The main window as a shell: every action runs, shortcuts and undo belong to the shown page, feedback."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QFileDialog, QInputDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.bootstrap import AppContext
from desktop_app.settings import UserSettings
from desktop_app.ui.dialogs.dissolve_dialog import DissolveDialog
from desktop_app.ui.dialogs.import_dialog import ImportUnitsDialog
from desktop_app.ui.dialogs.unit_dialog import UnitDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.translations import install_translations
from tests.conftest import TODAY
from tests.gui.helpers import when_modal

ENGLISH_BUTTONS = {
    "ok", "cancel", "yes", "no", "save", "discard", "close", "apply", "help", "reset", "open", "abort", "retry",
    "ignore", "show details...", "hide details...", "< back", "next >", "finish", "restore defaults",
    "yes to all", "no to all", "save all", "don't save", "commit",
}


def english_buttons(widget: QWidget) -> list[str]:
    """The texts of ``widget``'s buttons that are Qt's English defaults."""
    texts = [button.text() for button in widget.findChildren(QAbstractButton) if button.text()]
    return [text for text in texts if text.replace("&", "").strip().lower() in ENGLISH_BUTTONS]


@pytest.fixture
def closing_every_dialog(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every modal window that opens is closed at once (its title noted, with any English button);
    file choosers answer "none"."""
    install_translations(QApplication.instance())  # as make_application() does
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: ("", ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: ("", ""))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: "")
    seen: list[str] = []

    def close_modal() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, QDialog) and widget.isVisible():
            seen.append(widget.windowTitle())
            seen.extend(f"{widget.windowTitle()}: English button «{text}»" for text in english_buttons(widget))
            widget.reject()

    timer = QTimer()
    timer.timeout.connect(close_modal)
    timer.start(20)
    yield seen
    timer.stop()


def _every_action(win: MainWindow) -> list[QAction]:
    """The menu bar's actions, the pages' (toolbars included) and the window's own shortcuts."""
    found: dict[int, QAction] = {}
    for action in win.findChildren(QAction):
        if action.menu() is None and not action.isSeparator() and action is not win.quit_action:
            found[id(action)] = action
    return list(found.values())


def test_every_action_of_the_main_window_runs_without_an_error(
    qtbot: QtBot, window: MainWindow, closing_every_dialog: list[str]
) -> None:
    # A row selected in every list, so the actions that need one are enabled and really run.
    window.units_page.select_unit(window.units_page.visible_units()[0].id)
    actions = _every_action(window)
    assert window.units_page.import_action in actions and window.settings_action in actions
    for name in ("units", "documents"):
        window.show_page(name)
        for action in actions:
            if action.isEnabled():
                # triggered(bool) sends checked=False; a slot that took it as an argument would fail here.
                action.trigger()
                QApplication.processEvents()
    assert "Nhập danh sách CĐCS từ Excel" in closing_every_dialog
    assert [title for title in closing_every_dialog if "English button" in title] == []


def _workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["STT", "Tên CĐCS", "Số đoàn viên", "Trong đó nữ"])
    sheet.append([1, "CĐCS Trường Mầm non Hoa Sen", 24, 23])
    sheet.append([2, "CĐCS Công ty TNHH Ánh Dương", 1234, 600])
    book.save(path)
    return path


def test_ctrl_i_imports_from_the_main_window_and_says_how_many(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_context: AppContext
) -> None:
    workbook = _workbook(tmp_path / "cdcs.xlsx")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(workbook), ""))
    before = len(demo_context.units.list_units())

    def drive(dialog: ImportUnitsDialog) -> None:
        dialog.browse_button.click()
        qtbot.waitUntil(lambda: dialog.stack.currentIndex() == 1, timeout=10_000)
        dialog.next_button.click()
        qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
        dialog.import_button.click()

    when_modal(drive, ImportUnitsDialog)
    window.show_page("units")  # the start page (Tổng quan) comes first
    _activate(qtbot, window)
    window.units_page.table.setFocus()
    qtbot.keyClick(window.units_page.table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert len(demo_context.units.list_units()) == before + 2
    assert window.statusBar().currentMessage() == "Đã nhập 2 đơn vị từ «cdcs.xlsx»."


def _dissolve_first(qtbot: QtBot, window: MainWindow) -> int:
    page = window.units_page
    target = page.visible_units()[0]
    page.select_unit(target.id)

    def fill(dialog: DissolveDialog) -> None:
        dialog.date_edit.setText("31/10/2026")
        dialog.accept()

    when_modal(fill, DissolveDialog)
    page.dissolve_action.trigger()
    _activate(qtbot, window)
    return target.id


def _activate(qtbot: QtBot, window: MainWindow) -> None:
    # Shortcuts reach only the active window; after a modal dialog none is active under offscreen.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_dissolving_says_what_happened(qtbot: QtBot, window: MainWindow, demo_context: AppContext) -> None:
    unit_id = _dissolve_first(qtbot, window)
    name = demo_context.units.get(unit_id).name
    assert window.statusBar().currentMessage().startswith(f"Đã giải thể «{name}» từ ngày 31/10/2026.")


@pytest.mark.parametrize("focus", ["search", "table", "navigation"])
def test_ctrl_z_on_the_documents_page_leaves_the_units_alone(
    qtbot: QtBot, window: MainWindow, demo_context: AppContext, focus: str
) -> None:
    unit_id = _dissolve_first(qtbot, window)
    window.show_page("documents")
    documents = window.documents_page
    widget: QWidget = {
        "search": documents.documents_tab.search_edit,
        "table": documents.documents_tab.table,
        "navigation": window.nav,
    }[focus]
    if focus == "search":
        qtbot.keyClicks(documents.documents_tab.search_edit, "ke hoach")
    widget.setFocus()
    assert QApplication.focusWidget() is widget
    qtbot.keyClick(widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert demo_context.units.get(unit_id).dissolved == date(2026, 10, 31)


def test_ctrl_z_on_the_units_page_undoes_there_and_says_what(
    qtbot: QtBot, window: MainWindow, demo_context: AppContext
) -> None:
    unit_id = _dissolve_first(qtbot, window)
    name = demo_context.units.get(unit_id).name
    window.show_page("documents")
    window.show_page("units")
    table = window.units_page.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert demo_context.units.get(unit_id).dissolved is None
    assert window.statusBar().currentMessage() == f"Đã hoàn tác: giải thể «{name}»"
    qtbot.keyClick(table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert demo_context.units.get(unit_id).dissolved == date(2026, 10, 31)
    assert window.statusBar().currentMessage() == f"Đã làm lại: giải thể «{name}»"


def test_ctrl_n_belongs_to_the_shown_page(qtbot: QtBot, window: MainWindow) -> None:
    asked: list[tuple[str, list[str]]] = []

    def picker(dialog: QInputDialog) -> None:
        # The blank-document type picker, with Vietnamese buttons (Qt ships no Vietnamese of its own).
        asked.append((dialog.windowTitle(), sorted(b.text() for b in dialog.findChildren(QPushButton)
                                                    if b.isVisible())))
        dialog.reject()

    window.show_page("documents")
    for focus in (window.documents_page.documents_tab.search_edit, window.documents_page.documents_tab.table):
        _activate(qtbot, window)
        focus.setFocus()
        when_modal(picker, QInputDialog)
        qtbot.keyClick(focus, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: len(asked) == 1)
        assert asked.pop() == ("Văn bản trống", ["Hủy", "Soạn văn bản"])

    opened: list[str] = []

    def look(dialog: UnitDialog) -> None:
        opened.append(dialog.windowTitle())
        dialog.reject()

    window.show_page("units")
    _activate(qtbot, window)
    when_modal(look, UnitDialog)
    qtbot.keyClick(window.units_page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert opened == ["Thêm công đoàn cơ sở"]
    assert asked == []


def test_a_small_screen_opens_the_window_maximised(qtbot: QtBot, demo_context: AppContext) -> None:
    # The offscreen screen is 800×600, smaller than a 1366×768 laptop's.
    win = MainWindow(demo_context, UserSettings(), clock=lambda: TODAY)
    qtbot.addWidget(win)
    win.show_fitting()
    qtbot.waitExposed(win)
    assert win.isMaximized()


def test_every_units_column_is_in_view_at_1366x768(qtbot: QtBot, window: MainWindow) -> None:
    window.show_page("units")
    window.resize(1366, 728)
    QApplication.processEvents()
    table = window.units_page.table
    header = table.horizontalHeader()
    assert sum(header.sectionSize(c) for c in range(header.count())) <= table.viewport().width()
    assert table.horizontalScrollBar().maximum() == 0
    # The last columns are not squeezed to nothing either.
    keys = [c.key for c in window.units_page.model.columns]
    for key in ("phone", "founded", "status"):
        column = keys.index(key)
        title = window.units_page.model.columns[column].title
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title)
    # A long name is elided in the middle, and the tooltip has it whole.
    assert table.textElideMode() == Qt.TextElideMode.ElideMiddle
    index = window.units_page.model.index(0, keys.index("name"))
    assert str(index.data()) in str(index.data(Qt.ItemDataRole.ToolTipRole))


def test_a_narrower_window_scrolls_sideways_rather_than_cutting_names_to_a_few_letters(
    qtbot: QtBot, window: MainWindow
) -> None:
    # A window left at 1100 px (not maximised): fitting every column would leave «CĐCS B…h Châu».
    from desktop_app.ui.pages.units_page import NAME_MINIMUM_WIDTH

    window.resize(1100, 700)
    QApplication.processEvents()
    table = window.units_page.table
    header = table.horizontalHeader()
    name = [c.key for c in window.units_page.model.columns].index("name")
    assert header.sectionSize(name) >= NAME_MINIMUM_WIDTH
    assert table.horizontalScrollBar().maximum() > 0


def test_columns_measured_on_an_empty_list_are_measured_again_when_rows_arrive(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    win = MainWindow(context, UserSettings(), clock=lambda: TODAY)
    qtbot.addWidget(win)
    win.resize(1366, 728)
    win.show()
    qtbot.waitExposed(win)
    page = win.units_page
    header = page.table.horizontalHeader()
    name_column = [c.key for c in page.model.columns].index("name")
    empty_width = header.sectionSize(name_column)
    session = context.workbooks.open_workbook(_workbook(tmp_path / "cdcs.xlsx"))
    context.workbooks.import_units(session, frozenset())
    page.reload()
    QApplication.processEvents()
    longest = max(header.fontMetrics().horizontalAdvance(u.name) for u in page.visible_units())
    assert header.sectionSize(name_column) > empty_width
    assert header.sectionSize(name_column) >= longest
