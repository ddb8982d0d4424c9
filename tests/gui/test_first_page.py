"""The Units page listed at start-up before the office is open, behind the start page (which waits for the office):
the clerk who goes to it sees the rows and may search, cannot act; when the office is attached the same page gets
its services and nothing the clerk sees moves."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop_app.bootstrap import AppContext, database_url, open_context
from desktop_app.services.unit_records import quick_list_units
from desktop_app.settings import UserSettings
from desktop_app.ui import app as app_module
from desktop_app.ui.dialogs.unit_dialog import UnitDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.pages.units_page import UnitsPage
from tests.conftest import TODAY
from tests.gui.helpers import type_text, when_modal

FIXTURE_V1 = Path(__file__).parents[1] / "fixtures" / "schema_0001.sqlite"


def _unit_actions(page: UnitsPage) -> list[QAction]:
    return [page.add_action, page.edit_action, page.dissolve_action, page.merge_action, page.history_action,
            page.import_action, page.export_action, page.open_action]


def _first_window(qtbot: QtBot, path: Path) -> tuple[MainWindow, UnitsPage]:
    listing = quick_list_units(path)
    assert listing is not None
    window = MainWindow(None, UserSettings(), clock=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.show_first_page(listing)
    # The start page (Tổng quan) stays shown, saying the data is being opened: its figures need the office.
    placeholder = window.current_page()
    assert window.current_page_name() == "overview" and isinstance(placeholder, QLabel)
    assert placeholder.text() == "Đang mở dữ liệu…"
    # The clerk goes to the units meanwhile: they are listed already.
    window.show_page("units")
    return window, page


def _what_the_clerk_sees(window: MainWindow, page: UnitsPage) -> tuple[object, ...]:
    selected = page.selected_unit()
    return (
        page.search_edit.text(), page.sector_combo.currentText(), page.dissolved_check.isChecked(),
        page.count_label.text(), [u.id for u in page.visible_units()], selected.id if selected else None,
        page.table.horizontalHeader().sortIndicatorSection(), page.table.horizontalHeader().sortIndicatorOrder(),
        window.current_page_name(), window.page("units") is page, page.table.verticalScrollBar().value(),
    )


def _close_demo(demo_context: AppContext) -> Path:
    path = demo_context.database.path
    assert path is not None
    demo_context.close()
    return path


def test_the_first_page_lists_the_units_and_lets_nothing_be_done(qtbot: QtBot, demo_context: AppContext) -> None:
    expected = demo_context.units.list_units()
    path = _close_demo(demo_context)
    window, page = _first_window(qtbot, path)
    assert window.page("units") is page and window.current_page() is page
    assert not hasattr(window, "units_page")  # the office is not attached yet
    assert page.model.total() == len(expected)
    assert window.db_label.text() == "Đang mở dữ liệu…"
    assert not page.ready
    page.table.selectRow(0)
    assert page.selected_unit() is not None
    assert not any(action.isEnabled() for action in _unit_actions(page))
    assert not window.settings_action.isEnabled() and not window.about_action.isEnabled()
    # A double-click (and Enter) opens the unit only through the disabled action: no dialog, no error.
    index = page.model.index(0, 1)
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=page.table.visualRect(index).center())
    assert page.selected_unit() is not None
    # Searching works meanwhile.
    type_text(page.search_edit, "truong")
    assert 0 < page.model.rowCount(QModelIndex()) < len(expected)


def test_attaching_the_office_keeps_what_the_clerk_sees_and_brings_the_actions(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    path = _close_demo(demo_context)
    window, page = _first_window(qtbot, path)
    type_text(page.search_edit, "truong")
    page.sector_combo.setCurrentIndex(page.sector_combo.findData("HCSN"))
    page.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    page.table.selectRow(2)
    seen = _what_the_clerk_sees(window, page)
    assert seen[5] is not None

    resets: list[bool] = []
    page.model.modelReset.connect(lambda: resets.append(True))
    context = open_context(database_url(path), clock=lambda: TODAY)
    try:
        window.attach(context)
        assert window.units_page is page and page.ready
        assert _what_the_clerk_sees(window, page) == seen
        assert resets == []  # the service read the very rows listed first: the table was not even reset
        assert "Đang mở" not in window.db_label.text() and str(path) in window.db_label.text()
        assert all(a.isEnabled() for a in (page.add_action, page.import_action, page.export_action, page.edit_action))
        assert window.settings_action.isEnabled()

        unit = page.selected_unit()
        assert unit is not None

        def edit(dialog: UnitDialog) -> None:
            dialog.chair_edit.setText("Người mới")
            dialog.accept()

        when_modal(edit, UnitDialog)
        page.edit_action.trigger()
        assert context.units.get(unit.id).chair == "Người mới"
        assert page.selected_unit() is not None and page.selected_unit().chair == "Người mới"  # type: ignore[union-attr]
        page.undo_action.trigger()
        assert context.units.get(unit.id).chair == unit.chair
    finally:
        context.close()


def test_a_change_made_to_the_file_before_the_office_opens_is_shown_keeping_the_selection(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    path = _close_demo(demo_context)
    window, page = _first_window(qtbot, path)
    page.table.selectRow(0)
    chosen = page.selected_unit()
    assert chosen is not None
    conn = sqlite3.connect(path)
    conn.execute("UPDATE units SET chair = 'Chủ tịch khác', revision = revision + 1 WHERE id = ?", (chosen.id,))
    conn.commit()
    conn.close()
    context = open_context(database_url(path), clock=lambda: TODAY)
    try:
        window.attach(context)
        assert page.selected_unit() is not None and page.selected_unit().id == chosen.id  # type: ignore[union-attr]
        assert page.selected_unit().chair == "Chủ tịch khác"  # type: ignore[union-attr]
        assert page.model.total() == len(context.units.list_units())
    finally:
        context.close()


def _launched(qtbot: QtBot, path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[MainWindow, list[UnitsPage]]:
    firsts: list[UnitsPage] = []
    original = MainWindow.show_first_page

    def spy(self: MainWindow, listing: object) -> UnitsPage:
        page = original(self, listing)  # type: ignore[arg-type]
        firsts.append(page)
        return page

    monkeypatch.setattr(MainWindow, "show_first_page", spy)
    previous = sys.excepthook
    monkeypatch.setattr(sys, "excepthook", previous)  # launch() installs its own; put it back after the test
    _app, window = app_module.launch(path, None)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: hasattr(window, "units_page"), timeout=20_000)
    return window, firsts


def test_launch_lists_the_first_page_quickly_and_then_attaches_that_same_page(
    qtbot: QtBot, demo_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = demo_context.units.list_units()
    path = _close_demo(demo_context)
    window, firsts = _launched(qtbot, path, monkeypatch)
    assert len(firsts) == 1 and window.units_page is firsts[0]
    assert window.units_page.ready and window.units_page.add_action.isEnabled()
    # The start page, now filled in, is what the clerk sees first.
    assert window.current_page() is window.overview_page and window.overview_page.dashboard is not None
    qtbot.waitUntil(lambda: window.units_page.model.total() == len(expected))
    window.context.close()


def test_an_older_schema_is_opened_the_normal_way(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "data" / "old.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(FIXTURE_V1.read_bytes())
    from desktop_app.persistence.migrate import SCHEMA_HEAD, inspect_sqlite_file

    window, firsts = _launched(qtbot, path, monkeypatch)
    assert firsts == []  # migrated first, then listed through the services
    assert window.units_page.ready
    # Now at the head, the next start may list it quickly: the same units.
    listing = quick_list_units(path)
    assert listing is not None and window.units_page.model.total() == len(listing.units) == 2
    assert inspect_sqlite_file(path).revision == SCHEMA_HEAD
    window.context.close()


def test_a_damaged_database_is_not_listed_and_the_clerk_is_asked(
    qtbot: QtBot, demo_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = len(demo_context.units.list_units())
    path = _close_demo(demo_context)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    healthy = path.with_name("healthy.sqlite")
    healthy.write_bytes(path.read_bytes())
    data = bytearray(path.read_bytes())
    data[4096 * 3 : 4096 * 3 + 300] = b"\xff" * 300
    path.write_bytes(bytes(data))
    from desktop_app.ui.dialogs import database_problem

    asked: list[str] = []

    def open_another(_parent: object, message: str, _can_restore: bool) -> database_problem.Choice:
        asked.append(message)
        return database_problem.Choice.OPEN_OTHER

    monkeypatch.setattr(database_problem, "ask", open_another)
    monkeypatch.setattr(database_problem, "choose_database", lambda _parent, _folder: healthy)
    firsts: list[object] = []
    monkeypatch.setattr(MainWindow, "show_first_page", lambda _self, listing: firsts.append(listing))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    _app, window = app_module.launch(path, None)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: hasattr(window, "units_page"), timeout=20_000)
    # Nothing of the damaged file was shown: the clerk was told first, then chose another file.
    assert firsts == [] and len(asked) == 1 and "hỏng" in asked[0]
    assert window.context.database.path == healthy and window.units_page.model.total() == expected
    window.context.close()


def test_a_database_url_is_opened_the_normal_way(
    qtbot: QtBot, demo_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A URL may name a server (PostgreSQL): the quick read is only for a file given as a file.
    from desktop_app.persistence.database import sqlite_url

    expected = len(demo_context.units.list_units())
    path = _close_demo(demo_context)
    firsts: list[object] = []
    monkeypatch.setattr(MainWindow, "show_first_page", lambda _self, listing: firsts.append(listing))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    _app, window = app_module.launch(None, sqlite_url(path))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: hasattr(window, "units_page"), timeout=20_000)
    assert firsts == []
    assert window.units_page.ready and window.units_page.model.total() == expected
    window.context.close()
