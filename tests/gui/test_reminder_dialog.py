"""Reminder letters from the tracking page on the demo district: the «Thư đôn đốc…» button opens the dialog, the
letters are numbered and printed on the worker, and the PDFs (read with poppler) name exactly the missing CĐCS."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop_app.bootstrap import AppContext
from desktop_app.services.tracking import Receipt, RequestDraft
from desktop_app.ui.dialogs.reminder_dialog import ReminderDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.pages.tracking.page import TrackingPage
from tests.gui.helpers import when_modal
from tests.pdf_tools import layout_failures, pdftotext, squeeze

ISSUED = date(2026, 11, 2)
DUE = date(2026, 11, 13)  # before TODAY (21/11/2026): the request is overdue
LEFT_OUT = 3  # CĐCS that never send


@pytest.fixture
def request_id(demo_context: AppContext) -> int:
    tracking = demo_context.tracking
    draft = RequestDraft(title="Báo cáo kết quả Tháng Công nhân", issued_on=ISSUED, due=DUE, period="năm 2026")
    rid = tracking.create_request(draft).id
    asked = [line.unit.code for line in tracking.status(rid).lines if line.expected]
    tracking.receive_many(rid, [Receipt(code, date(2026, 11, 12), backdate_note="bản giấy")
                                for code in asked[:-LEFT_OUT]])
    return rid


@pytest.fixture
def page(window: MainWindow, request_id: int) -> TrackingPage:
    window.show_page("tracking")
    page = window.tracking_page
    assert page.select_request(request_id)
    return page


def missing_names(context: AppContext, request_id: int) -> dict[str, str]:
    return {line.unit.code: line.unit.name for line in context.reminders.missing(request_id)}


def named(pdf: Path, names: dict[str, str]) -> list[str]:
    text = squeeze(pdftotext(pdf, "-raw"))
    return [code for code, name in names.items() if name in text]


def guarded(action: Callable[[QWidget], None], failures: list[BaseException]) -> Callable[[QWidget], None]:
    """``action`` on a dialog, which is closed if the action fails (a failed check must not leave it open)."""

    def act(dialog: QWidget) -> None:
        try:
            action(dialog)
        except BaseException as exc:
            failures.append(exc)
            assert isinstance(dialog, QDialog)
            dialog.reject()

    return act


def close_message(answer: str, seen: list[str]) -> None:
    def act(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        [button] = [b for b in box.buttons() if b.text() == answer]
        button.click()

    when_modal(act, QMessageBox, attempts=3000)  # numbering and printing come first


def test_the_button_prints_one_letter_per_missing_unit(
    qtbot: QtBot, page: TrackingPage, demo_context: AppContext, request_id: int, tmp_path: Path
) -> None:
    every = {u.code: u.name for u in demo_context.tracking.grassroots()}
    missing = missing_names(demo_context, request_id)
    assert len(missing) == LEFT_OUT
    button = page.output_bar.widgetForAction(page.remind_action)
    assert isinstance(button, QToolButton) and button.isEnabled()
    assert page.remind_action.text() == "Thư đôn đốc…"
    seen: list[str] = []

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, ReminderDialog)
        assert dialog.chosen_codes() == tuple(missing)  # all checked
        assert dialog.focusWidget() is dialog.units_list  # the list first: Space unchecks a CĐCS
        dialog.activateWindow()  # keyboard shortcuts (the Alt+letter of a label) reach the active window only
        qtbot.waitUntil(dialog.isActiveWindow)
        dialog.folder_edit.clear()
        qtbot.keyClicks(dialog.folder_edit, str(tmp_path))
        qtbot.keyClick(dialog, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)  # «Mỗi CĐCS một công văn»
        qtbot.waitUntil(dialog.per_unit.isChecked)  # a mnemonic clicks the way a mouse does, a moment later
        assert dialog.summary_label.text() == f"Sẽ cấp số và in {LEFT_OUT} công văn cho {LEFT_OUT} CĐCS."
        close_message("Đóng", seen)
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)

    failures: list[BaseException] = []
    when_modal(guarded(fill, failures), ReminderDialog)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    if failures:
        raise failures[0]

    pdfs = sorted(tmp_path.glob("don-doc-*.pdf"))
    assert len(pdfs) == LEFT_OUT
    entries = demo_context.registers.outgoing(2026)[-LEFT_OUT:]
    assert all("đôn đốc gửi báo cáo kết quả Tháng Công nhân" in e.summary for e in entries), entries
    numbers = [e.number for e in entries]
    assert numbers == list(range(numbers[0], numbers[0] + LEFT_OUT))  # in order, one after the other
    for pdf, code, entry in zip(pdfs, missing, entries, strict=True):
        assert pdf.name.endswith(f"-{code}.pdf")
        assert named(pdf, every) == [code]  # exactly its own CĐCS, no other of the district
        assert f"Số: {entry.symbol}" in squeeze(pdftotext(pdf, "-raw"))
    assert layout_failures(pdfs[0], letter=True) == {}
    assert seen and f"Đã in {LEFT_OUT} công văn đôn đốc" in seen[0] and str(tmp_path) in seen[0]
    assert page.window().statusBar().currentMessage().startswith(f"Đã in {LEFT_OUT} công văn đôn đốc")


def test_keyboard_only_leaving_a_unit_out_and_a_refused_folder_kept_in_the_dialog(
    qtbot: QtBot, page: TrackingPage, window: MainWindow, demo_context: AppContext, request_id: int, tmp_path: Path
) -> None:
    missing = missing_names(demo_context, request_id)
    _first, *kept = list(missing)
    before = len(demo_context.registers.outgoing(2026))
    seen: list[str] = []
    folder = tmp_path / "cong-van"

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, ReminderDialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        assert dialog.units_list.hasFocus()
        qtbot.keyClick(dialog.units_list, Qt.Key.Key_Space)  # the first CĐCS is left out
        assert dialog.chosen_codes() == tuple(kept)
        assert dialog.summary_label.text() == f"Sẽ cấp số và in 1 công văn cho {len(kept)} CĐCS."
        qtbot.keyClick(dialog, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
        assert dialog.folder_edit.hasFocus()
        dialog.folder_edit.selectAll()
        qtbot.keyClicks(dialog.folder_edit, str(folder))  # not created yet
        qtbot.keyClick(dialog.folder_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "Không có thư mục" in dialog.error_label.text())  # refused on the worker
        assert dialog.isVisible() and dialog.print_button.isEnabled()
        assert len(demo_context.registers.outgoing(2026)) == before  # refused before a number was taken
        folder.mkdir()
        close_message("Đóng", seen)
        qtbot.keyClick(dialog.folder_edit, Qt.Key.Key_Return)

    failures: list[BaseException] = []
    when_modal(guarded(fill, failures), ReminderDialog)
    qtbot.keyClick(page, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    if failures:
        raise failures[0]

    [pdf] = list(folder.iterdir())
    assert named(pdf, missing) == kept
    assert len(demo_context.registers.outgoing(2026)) == before + 1
    assert window.settings.last_folder == str(folder)  # offered again next time
    assert f"gửi {', '.join(kept)}" in demo_context.tracking.request(request_id).notes


def test_the_button_is_off_when_nobody_is_missing(page: TrackingPage, demo_context: AppContext,
                                                   request_id: int) -> None:
    codes = list(missing_names(demo_context, request_id))
    demo_context.tracking.receive_many(request_id, [Receipt(c, date(2026, 11, 20), backdate_note="thư")
                                                    for c in codes])
    page.reload()
    assert not page.remind_action.isEnabled()


def test_a_request_not_overdue_yet_says_so_and_escape_numbers_nothing(
    qtbot: QtBot, window: MainWindow, demo_context: AppContext
) -> None:
    draft = RequestDraft(title="Báo cáo công tác nữ công", issued_on=ISSUED, due=date(2026, 11, 30))
    rid = demo_context.tracking.create_request(draft).id
    window.show_page("tracking")
    page = window.tracking_page
    assert page.select_request(rid) and page.remind_action.isEnabled()
    before = len(demo_context.registers.outgoing(2026))
    seen: dict[str, object] = {}

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, ReminderDialog)
        seen["notice"] = dialog.notice_label.text() if dialog.notice_label.isVisibleTo(dialog) else ""
        seen["units"] = dialog.units_list.count()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    failures: list[BaseException] = []
    when_modal(guarded(look, failures), ReminderDialog)
    page.remind()
    if failures:
        raise failures[0]
    assert "chưa quá hạn (hạn nộp 30/11/2026)" in str(seen["notice"])
    assert seen["units"] == demo_context.tracking.request(rid).figures.expected
    assert len(demo_context.registers.outgoing(2026)) == before


PER_UNIT = 40


def test_printing_forty_letters_shows_progress_and_cancel_midway_keeps_exactly_those_reported(
    qtbot: QtBot, window: MainWindow, demo_context: AppContext, tmp_path: Path
) -> None:
    draft = RequestDraft(title="Báo cáo nhanh tình hình việc làm", issued_on=ISSUED, due=DUE)
    rid = demo_context.tracking.create_request(draft).id
    assert len(demo_context.reminders.missing(rid)) >= PER_UNIT
    window.show_page("tracking")
    page = window.tracking_page
    assert page.select_request(rid)
    before = [e.symbol for e in demo_context.registers.outgoing(2026)]
    labels: list[str] = []
    seen: list[str] = []
    cancelled_at: list[int] = []

    def watch() -> None:
        # The progress window the letters print behind: its label is read, and Cancel pressed from the 3rd letter
        # on (early, so a busy machine still stops the batch midway).
        progress = QApplication.activeModalWidget()
        if not isinstance(progress, QProgressDialog) or not progress.isVisible():
            return
        text = progress.labelText()
        if not labels or labels[-1] != text:
            labels.append(text)
        printing = re.fullmatch(r"Đang in công văn (\d+)/(\d+)…", text)
        if printing and int(printing[1]) >= 3 and not cancelled_at:
            cancelled_at.append(int(printing[1]))
            [cancel] = progress.findChildren(QPushButton)
            assert cancel.text() == "Hủy"
            qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)

    timer = QTimer()
    timer.timeout.connect(watch)
    timer.start(5)

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, ReminderDialog)
        dialog.folder_edit.setText(str(tmp_path))
        dialog.per_unit.setChecked(True)
        for row in range(PER_UNIT, dialog.units_list.count()):
            dialog.units_list.item(row).setCheckState(Qt.CheckState.Unchecked)
        assert dialog.summary_label.text() == f"Sẽ cấp số và in {PER_UNIT} công văn cho {PER_UNIT} CĐCS."
        close_message("Đóng", seen)
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)

    failures: list[BaseException] = []
    when_modal(guarded(fill, failures), ReminderDialog)
    page.remind()
    timer.stop()
    if failures:
        raise failures[0]

    assert any(re.fullmatch(rf"Đang dàn trang công văn \d+/{PER_UNIT} \(chưa cấp số\)…", t) for t in labels), labels
    assert f"Đang in công văn {cancelled_at[0]}/{PER_UNIT}…" in labels
    [message] = seen
    assert message.startswith("Đã dừng theo yêu cầu: đã cấp số và in ")
    match = re.search(r"in (\d+)/(\d+) công văn đôn đốc \(số ([^,)]+(?:, [^,)]+)*), gửi", message)
    assert match, message
    printed, total, symbols = int(match[1]), int(match[2]), match[3].split(", ")
    assert total == PER_UNIT and cancelled_at[0] - 1 <= printed < PER_UNIT and len(symbols) == printed
    # The register holds exactly the letters the clerk was told of, and so does the folder.
    added = [e.symbol for e in demo_context.registers.outgoing(2026)][len(before):]
    assert added == symbols
    assert len(list(tmp_path.glob("don-doc-*.pdf"))) == printed
    notes = demo_context.tracking.request(rid).notes
    assert all(f"số {symbol} gửi" in notes for symbol in symbols)
    assert page.window().statusBar().currentMessage().startswith(f"Đã in {printed} công văn đôn đốc")


def test_cancel_while_the_letters_are_laid_out_numbers_nothing(
    qtbot: QtBot, window: MainWindow, demo_context: AppContext, tmp_path: Path
) -> None:
    draft = RequestDraft(title="Báo cáo nhanh tình hình việc làm", issued_on=ISSUED, due=DUE)
    rid = demo_context.tracking.create_request(draft).id
    window.show_page("tracking")
    page = window.tracking_page
    assert page.select_request(rid)
    before = demo_context.registers.outgoing(2026)
    folder = tmp_path / "cong-van"
    folder.mkdir()
    said: list[str] = []

    def watch() -> None:
        progress = QApplication.activeModalWidget()
        if isinstance(progress, QProgressDialog) and progress.isVisible() and "dàn trang" in progress.labelText():
            timer.stop()
            progress.findChildren(QPushButton)[0].click()

    timer = QTimer()
    timer.timeout.connect(watch)
    timer.start(5)

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, ReminderDialog)
        dialog.folder_edit.setText(str(folder))
        dialog.per_unit.setChecked(True)
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Đã hủy" in dialog.error_label.text(), timeout=60_000)
        said.append(dialog.error_label.text())
        assert dialog.isVisible() and dialog.print_button.isEnabled()  # the clerk may choose again
        dialog.reject()

    failures: list[BaseException] = []
    when_modal(guarded(fill, failures), ReminderDialog)
    page.remind()
    timer.stop()
    if failures:
        raise failures[0]
    assert said == ["Đã hủy: chưa cấp số, chưa in công văn nào."]
    assert demo_context.registers.outgoing(2026) == before
    assert list(folder.iterdir()) == []
