"""The tracking page's two export buttons on the demo district: the save dialog proposes a name in the last folder,
the file is written on the worker, the status bar says so, the clerk may open it; a refused path is said, not
written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.bootstrap import AppContext
from desktop_app.services.tracking import Receipt, RequestDraft
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.pages.tracking import exports as exports_module
from desktop_app.ui.pages.tracking.page import TrackingPage
from tests.gui.helpers import when_modal
from tests.pdf_tools import pdftotext, squeeze

TITLE = "Báo cáo kết quả Tháng Công nhân"


@pytest.fixture
def page(window: MainWindow, demo_context: AppContext) -> TrackingPage:
    draft = RequestDraft(title=TITLE, issued_on=date(2026, 11, 2), due=date(2026, 11, 13), period="năm 2026")
    request = demo_context.tracking.create_request(draft)
    first = demo_context.tracking.status(request.id).lines[0].unit
    demo_context.tracking.receive(request.id, Receipt(first.code, date(2026, 11, 10), backdate_note="bản giấy"))
    window.show_page("tracking")
    page = window.tracking_page
    assert page.select_request(request.id)
    return page


def button(page: TrackingPage, text: str) -> QToolButton:
    """The output bar's button of the action named ``text`` (a tool button shows it without the «…»)."""
    found = [a for a in page.output_bar.actions() if a.text() == text]
    assert len(found) == 1, [a.text() for a in page.output_bar.actions()]
    widget = page.output_bar.widgetForAction(found[0])
    assert isinstance(widget, QToolButton) and widget.isVisible() and widget.isEnabled()
    return widget


def press_in_box(answer: str | None, said: list[str]) -> None:
    """When the next message box opens, keep its text and press ``answer`` (None: its only button)."""

    def act(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        said.append(box.text())
        buttons = box.findChildren(QPushButton)
        chosen = buttons[0] if answer is None else next(b for b in buttons if b.text() == answer)
        chosen.click()

    when_modal(act, QMessageBox)


def test_the_matrix_button_saves_the_workbook_where_the_clerk_chose_and_remembers_the_folder(
    qtbot: QtBot, window: MainWindow, page: TrackingPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    demo_context: AppContext,
) -> None:
    folder = tmp_path / "xuat"
    folder.mkdir()
    window.settings.last_folder = str(tmp_path)
    proposed: list[str] = []

    def save_dialog(_parent: QWidget, _title: str, suggested: str, *_args: object) -> tuple[str, str]:
        proposed.append(suggested)
        return str(folder / "theo-doi"), ""  # the clerk left out the extension

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    said: list[str] = []
    press_in_box("Đóng", said)
    qtbot.mouseClick(button(page, "Xuất bảng theo dõi (Excel)…"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    target = folder / "theo-doi.xlsx"
    assert proposed == [str(tmp_path / "bang-theo-doi-bao-cao-2026.xlsx")]
    assert said[0].startswith(f"Đã lưu bảng theo dõi năm 2026 ra «{target}»")
    assert window.statusBar().currentMessage() == said[0]
    assert window.settings.last_folder == str(folder)
    sheet = load_workbook(target).active
    assert sheet is not None
    # The demo's own requests of the year have their columns too; this request's is the one headed with its title.
    [column] = [c for c in range(4, sheet.max_column + 1) if sheet.cell(5, c).value == f"{TITLE}\n(hạn 13/11/2026)"]
    request = page.selected_request()
    assert request is not None
    codes = {u.code for u in demo_context.tracking.grassroots()}
    statuses = {sheet.cell(r, 2).value: sheet.cell(r, column).value for r in range(6, sheet.max_row + 1)
                if sheet.cell(r, 2).value in codes and sheet.cell(r, column).value}
    assert len(statuses) == request.figures.expected
    received = [code for code, status in statuses.items() if status == "Đúng hạn\n10/11/2026"]
    assert len(received) == 1 and {s for c, s in statuses.items() if c not in received} == {"Quá hạn"}


def test_the_summary_button_prints_the_pdf_and_opens_it_when_asked(
    qtbot: QtBot, window: MainWindow, page: TrackingPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "tong-hop.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    opened: list[Path] = []

    def open_url(url: QUrl) -> bool:
        opened.append(Path(url.toLocalFile()))
        return True

    monkeypatch.setattr(exports_module.QDesktopServices, "openUrl", open_url)
    said: list[str] = []
    press_in_box("Mở tệp", said)
    qtbot.mouseClick(button(page, "In tổng hợp (PDF)…"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened), timeout=30_000)
    assert opened == [target]
    assert said[0].startswith(f"Đã lưu bản tổng hợp năm 2026 ra «{target}»")
    text = squeeze(pdftotext(target, "-raw"))
    assert "Tình hình gửi báo cáo năm 2026" in text and TITLE in text


def test_a_refused_path_is_said_and_nothing_is_written(
    qtbot: QtBot, page: TrackingPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "no such folder" / "tong-hop.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    said: list[str] = []
    press_in_box(None, said)
    qtbot.mouseClick(button(page, "In tổng hợp (PDF)…"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    assert "không có thư mục" in said[0]
    assert not target.parent.exists()
