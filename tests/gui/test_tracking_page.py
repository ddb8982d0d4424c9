"""The tracking page on the demo district, real widgets over a real SQLite file: the receive box's keyboard flow,
backdating, bulk actions, the request dialog, following changes made elsewhere, files dropped on a line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.bootstrap import AppContext
from desktop_app.domain.tracking import EXEMPT, PENDING, RECEIVED, SECTORS
from desktop_app.domain.vntext import search_key
from desktop_app.services.tracking import Receipt, RequestDraft, SubmissionLine
from desktop_app.ui.dialogs.request_dialog import RequestDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.pages.tracking.page import TrackingPage
from tests.conftest import TODAY  # Saturday 21/11/2026
from tests.gui.helpers import when_modal

ISSUED = date(2026, 11, 2)
DUE = date(2026, 11, 30)  # a Monday, after TODAY: what comes in today is on time


@pytest.fixture
def request_id(demo_context: AppContext) -> int:
    draft = RequestDraft(title="Báo cáo kết quả Tháng Công nhân", issued_on=ISSUED, due=DUE, period="năm 2026")
    return demo_context.tracking.create_request(draft).id


@pytest.fixture
def page(window: MainWindow, request_id: int) -> TrackingPage:
    window.show_page("tracking")
    page = window.tracking_page
    assert page.select_request(request_id)
    return page


def lines(context: AppContext, request_id: int) -> dict[str, SubmissionLine]:
    return {line.unit.code: line for line in context.tracking.status(request_id).lines}


def test_the_page_replaces_the_placeholder_and_fits_beside_the_navigation(window: MainWindow) -> None:
    assert isinstance(window.page("tracking"), TrackingPage)
    assert window.nav.item(window.page_names().index("tracking")).text() == "Theo dõi báo cáo"
    hint = window.tracking_page.minimumSizeHint()
    assert hint.width() <= 1180 and hint.height() <= 650


def test_twenty_receipts_through_the_keyboard_only(
    qtbot: QtBot, page: TrackingPage, demo_context: AppContext, request_id: int
) -> None:
    box = page.detail.receive_box
    expected = demo_context.tracking.request(request_id).figures.expected  # the CĐCS existing on the due date
    qtbot.keyClick(page, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert box.edit.hasFocus()
    logged: list[str] = []
    pending = [s for s in lines(demo_context, request_id).values() if s.status == PENDING]
    for target in pending[:20]:
        # The last words of the name without accents: often shared by several CĐCS, so the arrows pick.
        typed = " ".join(search_key(target.unit.name).split()[-2:])
        qtbot.keyClicks(box.edit, typed)
        shown = [box.choices.line_at(r) for r in range(box.choices.rowCount())]
        codes = [s.unit.code for s in shown if s is not None]
        assert target.unit.code in codes
        for _step in range(codes.index(target.unit.code)):
            qtbot.keyClick(box.edit, Qt.Key.Key_Down)
        assert box.current_line() is not None and box.current_line().unit.code == target.unit.code
        qtbot.keyClick(box.edit, Qt.Key.Key_Return)
        assert box.edit.text() == "" and box.edit.hasFocus()
        assert box.feedback.text() == f"Đã ghi nhận: {target.unit.name} — 21/11/2026"
        logged.append(target.unit.code)

    figures = demo_context.tracking.request(request_id).figures
    assert (figures.received, figures.on_time, figures.expected) == (20, 20, expected)
    now = lines(demo_context, request_id)
    assert all(now[code].received_on == TODAY and now[code].channel == "paper" for code in logged)
    assert page.detail.figures_label.text().startswith(f"Phải nộp {expected} · Đã nộp 20 (đúng hạn 20, muộn 0)")
    row = page.requests_model.row_of(request_id)  # among the demo's own requests
    assert row is not None and page.requests_model.record_at(row).figures.received == 20


def test_a_name_already_received_comes_after_those_missing_and_undo_puts_it_back(
    qtbot: QtBot, page: TrackingPage, demo_context: AppContext, request_id: int
) -> None:
    box = page.detail.receive_box
    first = next(iter(lines(demo_context, request_id).values()))
    qtbot.keyClicks(box.edit, search_key(first.unit.code))
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert lines(demo_context, request_id)[first.unit.code].status == RECEIVED
    assert box.undo_button.isVisibleTo(page)
    qtbot.mouseClick(box.undo_button, Qt.MouseButton.LeftButton)
    undone = lines(demo_context, request_id)[first.unit.code]
    assert undone.status == PENDING and undone.note == "hoàn tác ghi nhận"
    assert "trở lại chưa nộp" in box.feedback.text()


def test_a_backdated_receipt_asks_why_before_it_is_logged(
    qtbot: QtBot, page: TrackingPage, demo_context: AppContext, request_id: int
) -> None:
    box = page.detail.receive_box
    box.date_edit.setDate(QDate(2026, 11, 10))
    target = next(iter(lines(demo_context, request_id).values()))

    # Cancelled: nothing is logged, what was typed stays.
    when_modal(lambda dialog: dialog.reject(), QInputDialog)
    qtbot.keyClicks(box.edit, target.unit.code.lower())
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert lines(demo_context, request_id)[target.unit.code].status == PENDING
    assert box.edit.text() == target.unit.code.lower()

    asked: list[str] = []

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        asked.append(dialog.labelText())
        dialog.setTextValue("nhận bản giấy hôm đó, nay mới vào sổ")
        dialog.accept()

    when_modal(answer, QInputDialog)
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert asked and "10/11/2026" in asked[0]
    line = lines(demo_context, request_id)[target.unit.code]
    assert line.received_on == date(2026, 11, 10) and line.backdate_note == "nhận bản giấy hôm đó, nay mới vào sổ"
    assert box.feedback.text() == f"Đã ghi nhận: {target.unit.name} — 10/11/2026"


def select_rows(page: TrackingPage, count: int) -> list[str]:
    table = page.detail.table
    selection = table.selectionModel()
    selection.clearSelection()
    for row in range(count):
        selection.select(page.detail.lines_model.index(row, 0),
                         selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
    return [s.unit.code for s in table.selected_lines()]


def test_bulk_exempt_needs_a_reason(page: TrackingPage, demo_context: AppContext, request_id: int) -> None:
    expected = demo_context.tracking.request(request_id).figures.expected
    codes = select_rows(page, 3)
    assert len(codes) == 3 and page.detail.exempt_action.isEnabled()

    def no_reason(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("  ")
        dialog.accept()

    when_modal(no_reason, QInputDialog)
    page.detail.exempt_action.trigger()
    assert page.detail.error_label.text() == "Hãy ghi lý do miễn nộp báo cáo."
    assert demo_context.tracking.request(request_id).figures.exempt == 0

    def reason(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("đang giải thể")
        dialog.accept()

    when_modal(reason, QInputDialog)
    page.detail.exempt_action.trigger()
    now = lines(demo_context, request_id)
    assert all(now[c].status == EXEMPT and now[c].exempt_reason == "đang giải thể" for c in codes)
    figures = demo_context.tracking.request(request_id).figures
    assert (figures.exempt, figures.expected) == (3, expected - 3)
    assert page.detail.error_label.isHidden()
    assert page.detail.lines_model.record_at(page.detail.lines_model.row_of_code(codes[0]) or 0).label == "Miễn"


def test_the_request_dialog_makes_a_sector_request_and_keeps_a_refused_one_open(
    page: TrackingPage, demo_context: AppContext
) -> None:
    sunday = date(2026, 11, 29)
    hcsn = len([u for u in demo_context.tracking.grassroots() if u.sector == "HCSN" and u.exists_on(sunday)])
    seen: dict[str, object] = {}

    def refused(dialog: QWidget) -> None:
        assert isinstance(dialog, RequestDialog)
        dialog.due_edit.setDate(QDate(2026, 11, 29))  # a Sunday
        seen["day_off"] = dialog.day_off_label.text()
        dialog.accept()  # no title
        seen["error"] = dialog.error_label.text()
        seen["open"] = dialog.isVisible()
        dialog.reject()

    when_modal(refused, RequestDialog)
    page.new_action.trigger()
    assert seen == {"day_off": "Hạn rơi vào ngày nghỉ (Chủ nhật), tính đến hết ngày 30/11/2026.",
                    "error": "Chưa ghi tên báo cáo cần gửi.", "open": True}
    before = len(demo_context.tracking.requests())

    def sectors(dialog: QWidget) -> None:
        assert isinstance(dialog, RequestDialog)
        dialog.title_edit.setText("Báo cáo an toàn vệ sinh lao động khối HCSN")
        dialog.due_edit.setDate(QDate(2026, 11, 29))
        dialog.audience_combo.setCurrentIndex(dialog.audience_combo.findData(SECTORS))
        dialog.accept()  # no sector ticked: refused, the title stays
        seen["no sector"] = dialog.error_label.text()
        item = next(dialog.sector_list.item(r) for r in range(dialog.sector_list.count())
                    if dialog.sector_list.item(r).data(Qt.ItemDataRole.UserRole) == "HCSN")
        item.setCheckState(Qt.CheckState.Checked)
        seen["expected"] = dialog.expected_label.text()
        dialog.accept()

    when_modal(sectors, RequestDialog)
    page.new_action.trigger()
    assert seen["no sector"] == "Chưa chọn khối, ngành nào."
    assert seen["expected"] == f"{hcsn} CĐCS phải nộp vào hạn 29/11/2026."
    made = demo_context.tracking.requests()
    assert len(made) == before + 1
    request = page.selected_request()
    assert request is not None and request.title == "Báo cáo an toàn vệ sinh lao động khối HCSN"
    assert request.audience.sectors == ("HCSN",) and request.figures.expected == hcsn
    assert request.last_day == date(2026, 11, 30)


def test_a_change_made_elsewhere_shows_after_follow(
    qtbot: QtBot, page: TrackingPage, demo_context: AppContext, request_id: int
) -> None:
    target = next(iter(lines(demo_context, request_id).values()))
    demo_context.tracking.receive(request_id, Receipt(target.unit.code, channel="email"))
    model = page.detail.lines_model

    def shown() -> bool:
        row = model.row_of_code(target.unit.code)
        return row is not None and model.record_at(row).status == RECEIVED

    qtbot.waitUntil(shown)
    assert "· Đã nộp 1 (đúng hạn 1, muộn 0)" in page.detail.figures_label.text()
    listed = page.requests_model.rowCount()  # the demo's requests of the year and this one
    demo_context.tracking.create_request(
        RequestDraft(title="Báo cáo công tác nữ công", issued_on=ISSUED, due=date(2026, 12, 15)))
    qtbot.waitUntil(lambda: page.requests_model.rowCount() == listed + 1)


def drop(page: TrackingPage, code: str, files: list[Path]) -> None:
    table = page.detail.table
    row = page.detail.lines_model.row_of_code(code)
    assert row is not None
    table.scrollTo(page.detail.lines_model.index(row, 0))
    point = QPointF(table.visualRect(page.detail.lines_model.index(row, 1)).center())
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in files])
    # Qt routes a drop only to the target of a drag the window system started; the view's handlers are called as
    # that routing would, in its order.
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point.toPoint(), Qt.DropAction.CopyAction, mime, buttons, keys)
    table.dragEnterEvent(enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(point.toPoint(), Qt.DropAction.CopyAction, mime, buttons, keys)
    table.dragMoveEvent(move)
    assert move.isAccepted() and table.selected_lines()[0].unit.code == code
    table.dropEvent(QDropEvent(point, Qt.DropAction.CopyAction, mime, buttons, keys))


def test_files_dropped_on_a_line_are_attached_and_a_missing_one_is_offered_as_received(
    page: TrackingPage, demo_context: AppContext, request_id: int, tmp_path: Path
) -> None:
    first, second = list(lines(demo_context, request_id))[:2]
    demo_context.tracking.receive(request_id, Receipt(first))
    page.reload()
    report = tmp_path / "bao-cao.pdf"
    report.write_bytes(b"%PDF-1.4 bao cao")
    drop(page, first, [report])
    attached = lines(demo_context, request_id)[first]
    assert [f.file_name for f in attached.files] == ["bao-cao.pdf"]
    assert demo_context.tracking.file_content(attached.files[0].id) == b"%PDF-1.4 bao cao"

    def log_it(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        assert "chưa được ghi nhận đã nộp" in box.text()
        box.buttons()[0].click()

    when_modal(log_it, QMessageBox)
    drop(page, second, [report])
    logged = lines(demo_context, request_id)[second]
    assert logged.status == RECEIVED and logged.received_on == TODAY
    assert [f.file_name for f in logged.files] == ["bao-cao.pdf"]
    row = page.detail.lines_model.row_of_code(second)
    assert row is not None and page.detail.lines_model.record_at(row).files


def test_a_request_from_a_plans_task_opens_the_dialog_filled_in_from_the_task(
    page: TrackingPage, demo_context: AppContext
) -> None:
    from desktop_app.ui.dialogs.request_dialog import PlanTaskDialog

    plan = next(p for p in demo_context.documents.list_documents(type_code="KH")
                if demo_context.tracking.candidate_tasks(p.id))
    task_uuid, text, due, _made = demo_context.tracking.candidate_tasks(plan.id)[0]
    assert due is not None
    seen: dict[str, object] = {}

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, RequestDialog)
        seen["title"], seen["due"] = dialog.title_edit.text(), dialog.due_edit.date().toString("dd/MM/yyyy")
        dialog.accept()

    def pick(dialog: QWidget) -> None:
        assert isinstance(dialog, PlanTaskDialog)
        dialog.plan_list.setCurrentRow(next(r for r in range(dialog.plan_list.count())
                                            if dialog.plan_list.item(r).data(Qt.ItemDataRole.UserRole) == plan.id))
        assert dialog.task_list.currentItem().data(Qt.ItemDataRole.UserRole) == task_uuid
        when_modal(fill, RequestDialog)
        dialog.accept()

    when_modal(pick, PlanTaskDialog)
    page.from_plan_action.trigger()
    assert seen == {"title": text[:200], "due": due.strftime("%d/%m/%Y")}
    made = demo_context.tracking.candidate_tasks(plan.id)[0]
    request = page.selected_request()
    assert made[3] is not None and request is not None and request.id == made[3]
    assert request.task_uuid == task_uuid and request.document_uuid == plan.uuid
