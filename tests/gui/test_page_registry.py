"""The main window's pages by name: navigation rows, the View menu, Ctrl+1…, shortcuts and undo follow the page
shown, and a page registered again takes its placeholder's place."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QUndoStack
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.bootstrap import AppContext
from desktop_app.settings import UserSettings
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.pages.upcoming_page import UpcomingPage
from tests.conftest import TODAY

NAMES = ["overview", "units", "documents", "history", "tracking", "indicators", "exchange"]


def test_show_page_by_name_selects_its_row_and_its_page(window: MainWindow) -> None:
    assert window.page_names() == NAMES
    assert window.page("units") is window.units_page and window.page("documents") is window.documents_page
    for name in reversed(NAMES):
        window.show_page(name)
        assert window.current_page_name() == name
        assert window.current_page() is window.page(name)
        assert window.nav.currentItem().text() == window.page_titles()[NAMES.index(name)]
        assert window.nav_actions[name].text() == window.nav.currentItem().text()
    assert isinstance(window.page("exchange"), UpcomingPage)
    with pytest.raises(KeyError, match="no page registered as 'reports'"):
        window.show_page("reports")


def test_a_click_in_the_navigation_and_ctrl_number_show_the_page_of_that_row(
    qtbot: QtBot, window: MainWindow
) -> None:
    row = window.page_names().index("tracking")
    item = window.nav.item(row)
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=window.nav.visualItemRect(item).center())
    assert window.current_page_name() == "tracking"
    keys = [window.nav_actions[name].shortcut().toString() for name in NAMES]
    assert keys == ["Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4", "Ctrl+5", "Ctrl+6", "Ctrl+7"]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.nav, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is window.documents_page


def test_shortcuts_and_undo_follow_the_shown_page(window: MainWindow) -> None:
    documents = window.documents_page.documents_tab
    units = window.units_page
    new_key = QKeySequence(QKeySequence.StandardKey.New)
    window.show_page("documents")
    assert documents.new_blank_action.shortcut() == new_key
    assert units.add_action.shortcut().isEmpty()
    assert window.undo_group.activeStack() is window.documents_page.undo_stack
    window.show_page("tracking")
    assert documents.new_blank_action.shortcut().isEmpty() and units.add_action.shortcut().isEmpty()
    assert window.undo_group.activeStack() is None
    window.show_page("units")
    assert units.add_action.shortcut() == new_key
    assert documents.new_blank_action.shortcut().isEmpty()
    assert window.undo_group.activeStack() is units.undo_stack


def test_the_page_shown_while_loading_stays_shown_when_the_office_opens(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    win = MainWindow(None, UserSettings(), clock=lambda: TODAY)
    qtbot.addWidget(win)
    win.show()
    win.show_page("documents")
    placeholder = win.current_page()
    assert isinstance(placeholder, QLabel) and placeholder.text() == "Đang mở dữ liệu…"
    win.attach(demo_context)
    assert win.page_names() == NAMES
    assert win.current_page_name() == "documents" and win.current_page() is win.documents_page
    assert win.nav.currentRow() == NAMES.index("documents")
    assert win.undo_group.activeStack() is win.documents_page.undo_stack
    assert win.pages.count() == win.nav.count() == len(NAMES)


class _PageWithUndo(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.undo_stack = QUndoStack(self)


def test_registering_a_name_again_replaces_the_page_in_place_and_a_new_name_is_added_at_the_end(
    qtbot: QtBot, window: MainWindow
) -> None:
    old = window.page("tracking")
    tracking = _PageWithUndo()
    window.show_page("tracking")
    window.register_page("tracking", "Theo dõi báo cáo", tracking)
    qtbot.waitUntil(lambda: old not in window.pages.children())  # the placeholder is deleted
    assert window.page_names() == NAMES and window.page("tracking") is tracking
    window.show_page("units")
    window.show_page("tracking")
    assert window.current_page() is tracking
    assert window.undo_group.activeStack() is tracking.undo_stack

    later = QWidget()
    window.register_page("later", "Về sau", later)
    assert window.page_names() == [*NAMES, "later"]
    assert window.page_titles()[-1] == "Về sau"
    assert window.nav_actions["later"].shortcut().toString() == "Ctrl+8"
    assert window.nav_actions["later"] in window.view_menu.actions()
    window.nav_actions["later"].trigger()
    assert window.current_page() is later and window.nav.currentRow() == len(NAMES)
