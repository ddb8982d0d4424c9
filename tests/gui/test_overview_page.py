"""The start page (Tổng quan) on the demo district: the tracking notice, the overdue and due-this-week lists, Enter
on a line opens the request on the tracking page, Ctrl+R and the button go to the receive box, and a receipt
logged elsewhere updates it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import delete

from desktop_app.bootstrap import AppContext
from desktop_app.persistence.models import ReportRequestRow, SubmissionFileRow, SubmissionRow
from desktop_app.services.tracking import Receipt, RequestDraft
from desktop_app.settings import UserSettings
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.pages.overview_page import OverviewPage
from tests.conftest import TODAY  # Saturday 21/11/2026
from tests.gui.helpers import type_text


@pytest.fixture(autouse=True)
def _no_demo_requests(demo_context: AppContext) -> None:
    """The demo district without its own report requests (two years of them): these tests count the lists exactly,
    so only the requests they make are there. Set-up only, before any window reads the database."""
    with demo_context.database.session_factory() as session:
        for table in (SubmissionFileRow, SubmissionRow, ReportRequestRow):
            session.execute(delete(table))
        session.commit()


@dataclass(frozen=True)
class Made:
    overdue: int  # due 10/11, 3 CĐCS sent
    long_overdue: int  # due 02/11, nobody sent
    due_soon: int  # due 25/11
    later: int  # due 15/12: neither list


@pytest.fixture
def made(demo_context: AppContext) -> Made:
    tracking = demo_context.tracking

    def request(title: str, due: date) -> int:
        return tracking.create_request(RequestDraft(title=title, issued_on=date(2026, 10, 20), due=due)).id

    overdue = request("Báo cáo sơ kết quý III", date(2026, 11, 10))
    codes = [line.unit.code for line in tracking.status(overdue).lines][:3]
    tracking.receive_many(
        overdue, [Receipt(code, received_on=date(2026, 11, 9), backdate_note="sổ giấy") for code in codes])
    return Made(
        overdue=overdue,
        long_overdue=request("Báo cáo đoàn viên mới", date(2026, 11, 2)),
        due_soon=request("Báo cáo Tháng Công nhân", date(2026, 11, 25)),
        later=request("Báo cáo tổng kết năm", date(2026, 12, 15)),
    )


@pytest.fixture
def home(qtbot: QtBot, made: Made, demo_context: AppContext) -> MainWindow:
    # Built after the requests exist: the start page reads them when the office is attached.
    win = MainWindow(demo_context, UserSettings(), clock=lambda: TODAY)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    return win


def test_the_start_page_is_first_and_says_what_is_late(home: MainWindow, made: Made, demo_context: AppContext) -> None:
    page = home.overview_page
    assert isinstance(page, OverviewPage)
    assert home.page_names()[0] == "overview" and home.current_page() is page
    assert page.notice_label.text() == "2 báo cáo quá hạn, 1 đến hạn trong tuần"
    assert home.notice_label.text() == "2 báo cáo quá hạn, 1 đến hạn trong tuần"  # in the status bar
    assert home.notice_label.isVisible()
    expected = demo_context.tracking.request(made.overdue).figures.expected
    overdue = [[page.overdue_model.index(r, c).data() for c in range(4)] for r in range(page.overdue_model.rowCount())]
    # The service's order: the oldest due date first.
    assert overdue == [
        ["Báo cáo đoàn viên mới", "02/11/2026", "19 ngày", f"{expected} CĐCS"],
        ["Báo cáo sơ kết quý III", "10/11/2026", "11 ngày", f"{expected - 3} CĐCS"],
    ]
    soon = [[page.due_soon_model.index(r, c).data() for c in range(4)] for r in range(page.due_soon_model.rowCount())]
    assert soon == [["Báo cáo Tháng Công nhân", "25/11/2026", "4 ngày", f"{expected} CĐCS"]]
    # Enter opens the first line at once: the focus is on the overdue list.
    assert page.overdue_table.hasFocus()


def test_enter_and_double_click_open_the_request_on_the_tracking_page(
    qtbot: QtBot, home: MainWindow, made: Made
) -> None:
    page = home.overview_page
    page.overdue_table.setFocus()
    page.overdue_table.selectRow(1)
    qtbot.keyClick(page.overdue_table, Qt.Key.Key_Return)
    assert home.current_page() is home.tracking_page
    chosen = home.tracking_page.selected_request()
    assert chosen is not None and chosen.id == made.overdue

    home.show_page("overview")
    where = page.due_soon_table.visualRect(page.due_soon_model.index(0, 0)).center()
    # A real double-click: the first click presses the line, the second is the double-click.
    qtbot.mouseClick(page.due_soon_table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(page.due_soon_table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert home.current_page() is home.tracking_page
    chosen = home.tracking_page.selected_request()
    assert chosen is not None and chosen.id == made.due_soon


def test_ctrl_r_goes_to_the_receive_box_of_the_chosen_request_and_an_arrival_is_logged(
    qtbot: QtBot, home: MainWindow, made: Made, demo_context: AppContext
) -> None:
    page = home.overview_page
    page.due_soon_table.setFocus()
    qtbot.keyClick(page.due_soon_table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    tracking = home.tracking_page
    assert home.current_page() is tracking
    box = tracking.detail.receive_box
    assert box.edit.hasFocus()
    chosen = tracking.selected_request()
    assert chosen is not None and chosen.id == made.due_soon
    # The clerk logs one arrival there; back on the start page the list says one fewer is missing.
    missing = demo_context.tracking.request(made.due_soon).figures.missing
    type_text(box.edit, missing[0].name)
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert len(demo_context.tracking.request(made.due_soon).figures.missing) == len(missing) - 1
    home.show_page("overview")
    qtbot.waitUntil(lambda: page.due_soon_model.index(0, 3).data() == f"{len(missing) - 1} CĐCS")


def test_the_button_goes_to_the_receive_box_of_the_first_overdue_request(home: MainWindow, made: Made) -> None:
    page = home.overview_page
    assert page.receive_button.text().startswith("Ghi nhận báo cáo đến")
    page.receive_button.click()
    tracking = home.tracking_page
    assert home.current_page() is tracking and tracking.detail.receive_box.edit.hasFocus()
    chosen = tracking.selected_request()
    assert chosen is not None and chosen.id == made.long_overdue


def test_a_receipt_logged_elsewhere_updates_the_start_page(
    qtbot: QtBot, home: MainWindow, made: Made, demo_context: AppContext
) -> None:
    page = home.overview_page
    missing = demo_context.tracking.request(made.due_soon).figures.missing
    demo_context.tracking.receive_many(made.due_soon, [Receipt(u.code) for u in missing])
    home.refresh_data()  # what coming back to the window does
    qtbot.waitUntil(lambda: page.due_soon_model.rowCount() == 0)
    assert page.notice_label.text() == "2 báo cáo quá hạn"
    assert home.notice_label.text() == "2 báo cáo quá hạn"
    assert page.due_soon_table.hint.isVisible()


def test_no_request_to_chase_is_said_plainly(qtbot: QtBot, window: MainWindow) -> None:
    page = window.overview_page
    assert page.notice_label.text() == "Không có báo cáo quá hạn hay đến hạn trong tuần."
    assert page.overdue_model.rowCount() == page.due_soon_model.rowCount() == 0
    # Ctrl+R with nothing to chase still lands on the tracking page, which says how to make a request.
    qtbot.keyClick(page, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is window.tracking_page
