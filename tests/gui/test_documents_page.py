"""The Documents screen on real databases: the list and its filters, printing, issuing, both registers."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop_app.bootstrap import AppContext
from desktop_app.domain.documents import (
    Header,
    ListItem,
    OfficialDocument,
    Recipients,
    Section,
    SignerBlock,
    document_type,
)
from desktop_app.domain.registers import NumberRequest
from desktop_app.services.documents import DocumentRecord
from desktop_app.services.registers import IncomingDraft
from desktop_app.ui.dialogs.dissolve_dialog import DissolveDialog
from desktop_app.ui.dialogs.document_editor import DocumentEditor
from desktop_app.ui.dialogs.incoming_dialog import IncomingDialog
from desktop_app.ui.dialogs.issue_dialog import CancelNumberDialog, IssueDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.documents_models import RecordTableModel
from desktop_app.ui.pages.documents.page import DocumentsPage, DocumentsPageDeps
from tests.conftest import TODAY
from tests.gui.helpers import type_text, when_modal

DOCUMENTS, OUTGOING, INCOMING = range(3)


def make_page_with_templates(qtbot: QtBot, context: AppContext) -> DocumentsPage:
    page = DocumentsPage(DocumentsPageDeps(context.documents, context.registers, context.templates, lambda: TODAY))
    qtbot.addWidget(page)
    page.resize(1100, 560)
    page.show()
    qtbot.waitExposed(page)
    return page


def make_page(qtbot: QtBot, context: AppContext) -> DocumentsPage:
    page = DocumentsPage(DocumentsPageDeps(context.documents, context.registers, clock=lambda: TODAY))
    qtbot.addWidget(page)
    page.resize(1100, 560)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def demo_page(qtbot: QtBot, demo_context: AppContext) -> DocumentsPage:
    return make_page(qtbot, demo_context)


def cells(model: RecordTableModel[Any]) -> list[list[str]]:
    return [
        [model.data(model.index(row, column)) for column in range(model.columnCount())]
        for row in range(model.rowCount(QModelIndex()))
    ]


def select_symbol(page: DocumentsPage, symbol: str) -> DocumentRecord:
    row = page.documents_tab.model.row_where(lambda r: r.symbol == symbol)
    assert row is not None, f"{symbol} is not listed"
    page.documents_tab.table.selectRow(row)
    return page.documents_tab.model.record_at(row)


def plan() -> OfficialDocument:
    return OfficialDocument(
        type=document_type("KH"),
        number=None,
        header=Header(
            "LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY NINH", "LIÊN ĐOÀN LAO ĐỘNG HUYỆN DƯƠNG MINH CHÂU", "Huyện Dương Minh Châu"
        ),
        summary="Tổ chức Tháng Công nhân năm 2026",
        body=(Section("Mục đích, yêu cầu", 1, (ListItem("Chăm lo cho đoàn viên.", "1."),)),),
        recipients=Recipients(("- CĐCS trực thuộc;", "- Lưu: VP.")),
        signer=SignerBlock("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Nguyễn Văn An"),
    )


def patch_save_dialog(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(path), ""))


# --------------------------------------------------------------------------- outgoing documents


def test_lists_plan_94_and_filters_it(demo_page: DocumentsPage) -> None:
    rows = {row[0]: row for row in cells(demo_page.documents_tab.model)}
    symbol, day, kind, summary, status = rows["94/KH-LĐLĐ"]
    assert (symbol, day, kind, status) == ("94/KH-LĐLĐ", "24/03/2021", "Kế hoạch", "Đã ban hành")
    assert summary.startswith("Thực hiện Chương trình hành động số 13-CTr/TU")
    assert demo_page.documents_tab.year_combo.itemText(0) == "Tất cả các năm"
    years = demo_page.documents_tab.year_combo
    assert {"2021", "2026"} <= {years.itemText(i) for i in range(years.count())}

    # Unaccented typing finds accented text.
    type_text(demo_page.documents_tab.search_edit, "thuc hien chuong trinh")
    assert [r[0] for r in cells(demo_page.documents_tab.model)] == ["94/KH-LĐLĐ"]
    type_text(demo_page.documents_tab.search_edit, " xyz")
    assert demo_page.documents_tab.model.rowCount() == 0
    demo_page.documents_tab.search_edit.clear()
    assert demo_page.documents_tab.model.rowCount() == len(rows)
    assert demo_page.documents_tab.table.hint.isHidden()

    demo_page.documents_tab.type_combo.setCurrentIndex(demo_page.documents_tab.type_combo.findText("Báo cáo"))
    assert demo_page.documents_tab.model.rowCount() == 0
    assert not demo_page.documents_tab.table.hint.isHidden()
    assert demo_page.documents_tab.table.hint.text() == "Không có văn bản nào khớp điều kiện tìm và lọc."
    demo_page.documents_tab.type_combo.setCurrentIndex(demo_page.documents_tab.type_combo.findText("Kế hoạch"))
    demo_page.documents_tab.year_combo.setCurrentIndex(demo_page.documents_tab.year_combo.findText("2021"))
    assert [r[0] for r in cells(demo_page.documents_tab.model)] == ["94/KH-LĐLĐ"]
    demo_page.documents_tab.type_combo.setCurrentIndex(0)
    demo_page.documents_tab.year_combo.setCurrentIndex(0)
    demo_page.documents_tab.status_combo.setCurrentIndex(demo_page.documents_tab.status_combo.findText("Dự thảo"))
    assert {r[4] for r in cells(demo_page.documents_tab.model)} == {"Dự thảo"}


def test_an_empty_office_says_so(qtbot: QtBot, context: AppContext) -> None:
    page = make_page(qtbot, context)
    assert page.documents_tab.table.hint.text() == "Chưa có văn bản đi nào."
    assert not page.documents_tab.table.hint.isHidden()
    assert not page.documents_tab.save_pdf_action.isEnabled() and not page.documents_tab.issue_action.isEnabled()


def test_save_pdf_writes_the_official_layout(
    qtbot: QtBot, demo_page: DocumentsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "ke hoach 94"  # no extension: the page adds ".pdf"
    patch_save_dialog(monkeypatch, target)
    select_symbol(demo_page, "94/KH-LĐLĐ")
    assert demo_page.documents_tab.issue_action.isEnabled() is False  # issued documents are read-only
    demo_page.documents_tab.save_pdf_action.trigger()
    qtbot.waitUntil(lambda: "trang" in demo_page.documents_tab.status_label.text(), timeout=30_000)
    pdf = target.with_suffix(".pdf")
    assert "Đã lưu «ke hoach 94.pdf»" in demo_page.documents_tab.status_label.text()
    assert "phông chữ" in demo_page.documents_tab.status_label.text()
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True).stdout
    assert "Số: 94/KH-LĐLĐ" in text.decode("utf-8")


def test_open_pdf_renders_a_preview_and_opens_it(
    qtbot: QtBot, demo_page: DocumentsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.ui import document_actions as module

    opened: list[Path] = []
    monkeypatch.setattr(module.QDesktopServices, "openUrl", lambda url: opened.append(Path(url.toLocalFile())) or True)
    select_symbol(demo_page, "94/KH-LĐLĐ")
    demo_page.documents_tab.open_pdf_action.trigger()
    qtbot.waitUntil(lambda: bool(opened), timeout=30_000)
    assert opened[0].suffix == ".pdf" and opened[0].read_bytes().startswith(b"%PDF")
    assert opened[0].name.startswith("94-KH-LĐLĐ")


def test_a_new_version_of_an_issued_document_is_a_selected_draft(demo_page: DocumentsPage) -> None:
    demo_page.documents_tab.status_combo.setCurrentIndex(demo_page.documents_tab.status_combo.findText("Đã ban hành"))
    select_symbol(demo_page, "94/KH-LĐLĐ")
    assert demo_page.documents_tab.new_version_action.isEnabled()
    demo_page.documents_tab.new_version_action.trigger()
    draft = demo_page.documents_tab.selected_document()
    assert draft is not None and draft.status == "draft" and draft.version_of_id is not None
    # The "Đã ban hành" filter would hide the new draft; it was cleared to show it.
    assert demo_page.documents_tab.status_combo.currentIndex() == 0
    assert {r[4] for r in cells(demo_page.documents_tab.model)} == {"Dự thảo", "Đã ban hành"}
    tab = demo_page.documents_tab
    assert tab.issue_action.isEnabled() and not tab.new_version_action.isEnabled()


def test_issuing_a_draft_gives_it_the_next_number(qtbot: QtBot, context: AppContext) -> None:
    context.registers.take_number(NumberRequest(date(2026, 3, 2), "BC", "Báo cáo tháng 2"))
    draft = context.documents.create_draft(plan())
    page = make_page(qtbot, context)
    assert cells(page.documents_tab.model)[0][4] == "Dự thảo"
    page.documents_tab.table.selectRow(0)
    seen: dict[str, str] = {}

    def issue(dialog: QWidget) -> None:
        assert isinstance(dialog, IssueDialog)
        seen["date"] = dialog.date_edit.text()
        dialog.date_edit.setText("31/2/2026")
        dialog.accept()
        seen["bad date"] = dialog.error_label.text()
        dialog.date_edit.setText("20/11/2026")
        dialog.accept()

    when_modal(issue, IssueDialog)
    page.documents_tab.issue_action.trigger()
    assert seen["date"] == "21/11/2026"
    assert "không có ngày 31" in seen["bad date"]
    record = context.documents.get(draft.id)
    assert record.symbol == "02/KH-LĐLĐ" and record.issue_date == date(2026, 11, 20)
    assert cells(page.documents_tab.model)[0][:2] == ["02/KH-LĐLĐ", "20/11/2026"]
    assert cells(page.documents_tab.model)[0][4] == "Đã ban hành"
    assert page.documents_tab.selected_document() is not None and page.documents_tab.selected_document().id == draft.id  # type: ignore[union-attr]
    assert sorted(r[1] for r in cells(page.outgoing_tab.model)) == ["01/BC-LĐLĐ", "02/KH-LĐLĐ"]


def test_a_draft_without_signer_is_refused_inline_and_takes_no_number(qtbot: QtBot, context: AppContext) -> None:
    draft = context.documents.create_draft(replace(plan(), signer=None))
    page = make_page(qtbot, context)
    page.documents_tab.table.selectRow(0)
    seen: dict[str, str] = {}

    def issue(dialog: QWidget) -> None:
        assert isinstance(dialog, IssueDialog)
        dialog.accept()
        seen["error"] = dialog.error_label.text()
        seen["visible"] = str(dialog.isVisible())
        dialog.reject()

    when_modal(issue, IssueDialog)
    page.documents_tab.issue_action.trigger()
    assert "người ký" in seen["error"] and seen["visible"] == "True"
    assert context.registers.outgoing(2026) == []
    assert context.documents.get(draft.id).status == "draft"
    assert cells(page.documents_tab.model)[0][4] == "Dự thảo"


# --------------------------------------------------------------------------- registers


def test_registers_of_2021_show_plan_94_and_the_province_plan(demo_page: DocumentsPage) -> None:
    demo_page.tabs.setCurrentIndex(OUTGOING)
    # The demo's yearly plan of 2026 is numbered: the register opens on the latest year that has numbers.
    assert demo_page.outgoing_tab.year.value() == 2026
    years = [demo_page.outgoing_tab.year.itemText(i) for i in range(demo_page.outgoing_tab.year.count())]
    assert years[0] == "2026" and "2021" in years
    demo_page.outgoing_tab.year.setValue(2024)
    assert demo_page.outgoing_tab.table.hint.text() == "Sổ văn bản đi năm 2024 chưa có số nào."
    demo_page.outgoing_tab.year.setValue(2021)
    plan_94 = select_symbol(demo_page, "94/KH-LĐLĐ")
    assert cells(demo_page.outgoing_tab.model) == [["94", "94/KH-LĐLĐ", "24/03/2021", plan_94.summary, "Đã cấp số"]]
    assert demo_page.outgoing_tab.table.hint.isHidden()

    demo_page.tabs.setCurrentIndex(INCOMING)
    assert demo_page.incoming_tab.year.value() == 2021  # the latest year with arrivals
    demo_page.incoming_tab.year.setValue(2026)
    assert demo_page.incoming_tab.model.rowCount() == 0
    assert not demo_page.incoming_tab.table.hint.isHidden()
    assert demo_page.incoming_tab.table.hint.text() == "Chưa có văn bản đến nào trong năm 2026."
    demo_page.incoming_tab.year.setValue(2021)
    rows = cells(demo_page.incoming_tab.model)
    assert len(rows) == 1
    number, arrived, sender, symbol, dated, _summary, deadline, cited_by, files = rows[0]
    assert (number, arrived, symbol, dated, files) == ("1", "23/03/2021", "213/KH-LĐLĐ", "22/03/2021", "")
    assert cited_by == "94/KH-LĐLĐ"
    assert sender == "Ban Thường vụ Liên đoàn Lao động tỉnh Tây Ninh"
    # The demo plan's deadline ("Hàng năm, năm 2023 sơ kết và tổng kết năm 2025") dates to the end of 2025.
    assert deadline == "31/12/2025"


def test_cancelling_a_number_marks_it_in_the_register(qtbot: QtBot, context: AppContext) -> None:
    context.registers.take_number(NumberRequest(date(2026, 11, 2), "BC", "Báo cáo tháng 10"))
    page = make_page(qtbot, context)
    page.tabs.setCurrentIndex(OUTGOING)
    page.outgoing_tab.table.selectRow(0)
    assert page.outgoing_tab.cancel_number_action.isEnabled()

    seen: dict[str, str] = {}

    def give_reason(dialog: QWidget) -> None:
        assert isinstance(dialog, CancelNumberDialog)
        dialog.accept()  # no reason: refused here, the dialog stays open with the message
        seen["refusal"] = dialog.error_label.text()
        seen["open"] = str(dialog.isVisible())
        seen["stored"] = str(context.registers.outgoing(2026)[0].cancelled)
        type_text(dialog.reason_edit, "Lấy nhầm số")
        dialog.accept()

    when_modal(give_reason, CancelNumberDialog)
    page.outgoing_tab.cancel_number_action.trigger()
    assert seen == {"refusal": "Hãy ghi lý do hủy số.", "open": "True", "stored": "False"}
    status = page.outgoing_tab.model.data(page.outgoing_tab.model.index(0, 4))
    assert status == "Đã hủy 21/11/2026: Lấy nhầm số"
    assert page.outgoing_tab.model.data(page.outgoing_tab.model.index(0, 4), Qt.ItemDataRole.ForegroundRole) is not None
    assert context.registers.outgoing(2026)[0].cancelled
    assert not page.outgoing_tab.cancel_number_action.isEnabled()  # a cancelled number cannot be cancelled again


def test_registering_an_incoming_document_with_deadline_and_file(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attachment = tmp_path / "213-KH-LĐLĐ.docx"
    attachment.write_bytes(b"PK\x03\x04 province plan \xff\x00")
    page = make_page(qtbot, context)
    page.tabs.setCurrentIndex(INCOMING)
    seen: dict[str, str] = {}

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, IncomingDialog)
        seen["arrived"] = dialog.arrived_edit.text()
        type_text(dialog.sender_edit, "Ban Thường vụ Liên đoàn Lao động tỉnh Tây Ninh")
        type_text(dialog.symbol_edit, "245/KH-LĐLĐ")
        dialog.their_date_edit.setText("18/11/2026")
        dialog.summary_edit.setPlainText("Kế hoạch tổng kết công tác công đoàn năm 2026")
        type_text(dialog.deadline_edit, "trước ngày 10/12/2026")
        seen["timing"] = dialog.timing_label.text()
        seen["rule"] = dialog.rule_label.text()
        dialog.add_files([attachment])
        dialog.accept()

    when_modal(fill, IncomingDialog)
    page.incoming_tab.register_incoming_action.trigger()
    assert seen["arrived"] == "21/11/2026"
    assert "10/12/2026" in seen["timing"] and seen["timing"].startswith("Đã hiểu")
    assert "Trước ngày X" in seen["rule"]
    [entry] = context.registers.incoming(2026)
    assert entry.deadline == date(2026, 12, 10) and entry.deadline_text == "trước ngày 10/12/2026"
    assert entry.their_symbol == "245/KH-LĐLĐ" and entry.their_date == date(2026, 11, 18)
    assert [f.file_name for f in entry.files] == ["213-KH-LĐLĐ.docx"]
    row = cells(page.incoming_tab.model)[0]
    assert row[0] == "1" and row[6] == "10/12/2026" and row[7] == "" and row[8] == "1"  # cited by nothing yet
    assert page.incoming_tab.selected() is not None

    saved = tmp_path / "out" / "copy.docx"
    saved.parent.mkdir()
    patch_save_dialog(monkeypatch, saved)
    page.incoming_tab.save_attachment_action.trigger()
    assert saved.read_bytes() == attachment.read_bytes()
    assert context.registers.incoming_file_content(entry.files[0].id) == attachment.read_bytes()


def test_incoming_refusals_stay_in_the_dialog_and_store_nothing(qtbot: QtBot, context: AppContext) -> None:
    page = make_page(qtbot, context)
    page.tabs.setCurrentIndex(INCOMING)
    seen: dict[str, str] = {}

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, IncomingDialog)
        dialog.arrived_edit.setText("32/11/2026")
        dialog.summary_edit.setPlainText("Công văn về việc báo cáo nhanh")
        type_text(dialog.deadline_edit, "sớm nhất có thể")
        seen["timing"] = dialog.timing_label.text()
        dialog.accept()
        seen["bad date"] = dialog.error_label.text()
        dialog.arrived_edit.setText("20/11/2026")
        dialog.accept()
        seen["no sender"] = dialog.error_label.text()
        seen["kept"] = dialog.summary_edit.toPlainText()
        seen["open"] = str(dialog.isVisible())
        dialog.reject()

    when_modal(fill, IncomingDialog)
    page.incoming_tab.register_incoming_action.trigger()
    assert seen["timing"].startswith("Chưa hiểu")
    assert seen["bad date"].startswith("Ngày đến:") and "32/11/2026" in seen["bad date"]
    assert "nơi gửi" in seen["no sender"]
    assert seen["kept"] == "Công văn về việc báo cáo nhanh" and seen["open"] == "True"
    assert context.registers.incoming(2026) == []
    assert page.incoming_tab.model.rowCount() == 0


def test_a_clicked_column_order_survives_a_reload(demo_page: DocumentsPage) -> None:
    # The service lists newest first: the undated draft, the yearly plans of 2026 and 2025, plan 94 of 2021, then
    # plan 34 of 2020.
    def symbols() -> list[str]:
        return [row[0] for row in cells(demo_page.documents_tab.model)]

    assert symbols() == ["", "02/KH-LĐLĐ", "03/KH-LĐLĐ", "94/KH-LĐLĐ", "34/KH-LĐLĐ"]
    demo_page.documents_tab.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # by date: undated, then oldest
    assert symbols() == ["", "34/KH-LĐLĐ", "94/KH-LĐLĐ", "03/KH-LĐLĐ", "02/KH-LĐLĐ"]
    demo_page.documents_tab.reload()
    assert symbols() == ["", "34/KH-LĐLĐ", "94/KH-LĐLĐ", "03/KH-LĐLĐ", "02/KH-LĐLĐ"]


def test_a_shortcut_shared_by_two_tabs_acts_on_the_shown_one(
    qtbot: QtBot, demo_context: AppContext, demo_page: DocumentsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def save_dialog(_parent: QWidget, title: str, *_args: object) -> tuple[str, str]:
        asked.append(title)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    attachment = tmp_path / "cv.pdf"
    attachment.write_bytes(b"%PDF-1.4")
    demo_context.registers.register_incoming(
        IncomingDraft(TODAY, "Huyện ủy Dương Minh Châu", "Công văn về việc báo cáo nhanh"), [attachment]
    )
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    demo_page.activateWindow()
    select_symbol(demo_page, "94/KH-LĐLĐ")
    qtbot.keyClick(demo_page.documents_tab.table, Qt.Key.Key_S, ctrl_shift)
    assert asked == ["Lưu văn bản ra PDF"]
    demo_page.tabs.setCurrentIndex(INCOMING)
    demo_page.incoming_tab.table.selectRow(0)
    qtbot.keyClick(demo_page.incoming_tab.table, Qt.Key.Key_S, ctrl_shift)
    assert asked == ["Lưu văn bản ra PDF", "Lưu tệp đính kèm"]


def test_printing_the_outgoing_register_book(qtbot: QtBot, demo_page: DocumentsPage, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    book = tmp_path / "so-di-2021"
    patch_save_dialog(monkeypatch, book)
    told: list[str] = []

    def read(box: QMessageBox) -> None:
        told.append(box.text())
        told.append(",".join(button.text() for button in box.buttons()))
        box.buttons()[0].click()

    demo_page.tabs.setCurrentIndex(1)
    demo_page.outgoing_tab.year.setValue(2021)
    when_modal(read, QMessageBox, attempts=750)
    demo_page.outgoing_tab.print_book_action.trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=15_000)
    written = book.with_suffix(".pdf")
    assert written.exists() and "1 trang" in told[0] and told[0].startswith("Đã lưu sổ văn bản đi năm 2021")
    assert told[1] == "Đóng"
    text = subprocess.run(["pdftotext", str(written), "-"], capture_output=True, text=True, check=True).stdout
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in text and "94/KH-LĐLĐ" in text


def test_saving_a_document_as_word(qtbot: QtBot, demo_page: DocumentsPage, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import docx

    select_symbol(demo_page, "94/KH-LĐLĐ")
    target = tmp_path / "ke-hoach-94"
    patch_save_dialog(monkeypatch, target)
    demo_page.documents_tab.save_docx_action.trigger()
    written = target.with_suffix(".docx")
    qtbot.waitUntil(lambda: "Đã lưu" in demo_page.documents_tab.status_label.text(), timeout=15_000)
    text = "\n".join(p.text for p in docx.Document(str(written)).paragraphs)
    assert "KẾ HOẠCH" in text and "I. MỤC ĐÍCH, YÊU CẦU" in text


def test_the_incoming_register_shows_which_plans_cite_each_arrival(demo_page: DocumentsPage) -> None:
    demo_page.tabs.setCurrentIndex(INCOMING)
    demo_page.incoming_tab.year.setValue(2021)
    by_symbol = {row[3]: row[7] for row in cells(demo_page.incoming_tab.model)}
    assert by_symbol == {"213/KH-LĐLĐ": "94/KH-LĐLĐ"}
    demo_page.incoming_tab.year.setValue(2020)
    by_symbol = {row[3]: row[7] for row in cells(demo_page.incoming_tab.model)}
    assert by_symbol["166/KH-TLĐ"] == "34/KH-LĐLĐ"
    assert by_symbol["13-CTr/TU"] == ""  # named in plan 94's summary, not cited by a basis line


# --------------------------------------------------------------------------- on the real main window


def show_documents(qtbot: QtBot, window: MainWindow) -> DocumentsPage:
    window.show_page("documents")
    page = window.documents_page
    # A modal dialog closed before (the units page's) leaves no window active, and shortcuts need one.
    window.activateWindow()
    qtbot.waitUntil(lambda: page.isVisible() and QApplication.activeWindow() is window)
    return page


def test_ctrl_z_on_the_documents_page_leaves_the_units_alone(
    qtbot: QtBot, window: MainWindow, demo_context: AppContext
) -> None:
    units = window.units_page
    target = next(u for u in units.visible_units() if u.sector == "NNN")
    assert units.select_unit(target.id)

    def dissolve(dialog: DissolveDialog) -> None:
        dialog.date_edit.setText("31/10/2026")
        type_text(dialog.reason_edit, "Doanh nghiệp ngừng hoạt động")
        dialog.accept()

    when_modal(dissolve, DissolveDialog)
    units.dissolve_action.trigger()
    assert demo_context.units.get(target.id).dissolved == date(2026, 10, 31)

    page = show_documents(qtbot, window)
    for focus in (page.documents_tab.search_edit, page.documents_tab.table):
        focus.setFocus()
        assert QApplication.focusWidget() is focus
        qtbot.keyClick(focus, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert demo_context.units.get(target.id).dissolved == date(2026, 10, 31)

    # The page's own undo: a deleted draft comes back, and the units still stay as they are.
    draft = next(r for r in demo_context.documents.list_documents() if not r.issued)
    page.documents_tab.select_document(draft.id)
    page.documents_tab.table.setFocus()
    when_modal(lambda box: box.buttons()[0].click(), QMessageBox)  # "Xóa dự thảo"
    qtbot.keyClick(page.documents_tab.table, Qt.Key.Key_Delete)
    assert draft.uuid not in {r.uuid for r in demo_context.documents.list_documents()}
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page.documents_tab.table.setFocus()
    qtbot.keyClick(page.documents_tab.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert draft.uuid in {r.uuid for r in demo_context.documents.list_documents()}
    assert demo_context.units.get(target.id).dissolved == date(2026, 10, 31)


def test_a_draft_is_deleted_after_asking_and_comes_back_with_undo_but_an_issued_one_never(
    qtbot: QtBot, demo_context: AppContext, demo_page: DocumentsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = demo_context.documents.create_draft(plan())
    draft_document = draft.document
    demo_page.documents_tab.reload()
    assert demo_page.documents_tab.select_document(draft.id)
    assert demo_page.documents_tab.delete_action.isEnabled()
    assert demo_page.documents_tab.delete_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Delete)
    asked: list[str] = []

    def answer(index: int) -> Callable[[QWidget], None]:
        def click(box: QWidget) -> None:
            assert isinstance(box, QMessageBox)
            asked.append(box.text())
            box.buttons()[index].click()
        return click

    when_modal(answer(1), QMessageBox)  # "Không xóa"
    demo_page.documents_tab.delete_action.trigger()
    assert "Xóa dự thảo «Tổ chức Tháng Công nhân năm 2026»?" in asked[0]
    assert draft.uuid in {r.uuid for r in demo_context.documents.list_documents()}

    when_modal(answer(0), QMessageBox)  # "Xóa dự thảo"
    demo_page.documents_tab.delete_action.trigger()
    assert draft.uuid not in {r.uuid for r in demo_context.documents.list_documents()}
    assert demo_page.documents_tab.model.row_where(lambda r: r.uuid == draft.uuid) is None
    assert "Ctrl+Z" in demo_page.documents_tab.status_label.text()

    demo_page.undo_action.trigger()
    restored = next(r for r in demo_context.documents.list_documents() if r.uuid == draft.uuid)
    assert demo_context.documents.get(restored.id).document == draft_document
    selected = demo_page.documents_tab.selected_document()
    assert selected is not None and selected.uuid == draft.uuid
    demo_page.redo_action.trigger()
    assert draft.uuid not in {r.uuid for r in demo_context.documents.list_documents()}

    select_symbol(demo_page, "94/KH-LĐLĐ")
    assert not demo_page.documents_tab.delete_action.isEnabled()
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: errors.append(text))
    demo_page.documents_tab.delete_selected_draft()  # the key is disabled; the method itself refuses too
    assert errors == ["Văn bản 94/KH-LĐLĐ đã ban hành (đã vào sổ văn bản đi) nên không xóa được."]
    assert demo_context.documents.list_documents(search="94/KH")


def test_a_blank_document_is_stored_only_when_saved(qtbot: QtBot, context: AppContext) -> None:
    page = make_page_with_templates(qtbot, context)
    opened: list[str] = []

    def pick_plan(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.accept()

    def close_unsaved(dialog: QWidget) -> None:
        assert isinstance(dialog, DocumentEditor)
        opened.append(dialog.windowTitle())
        dialog.reject()

    when_modal(pick_plan, QInputDialog)
    when_modal(close_unsaved, DocumentEditor, attempts=1500)
    page.documents_tab.new_blank_action.trigger()
    assert opened == ["Soạn kế hoạch: (chưa có trích yếu) *"]
    assert context.documents.list_documents() == []
    assert page.documents_tab.model.rowCount() == 0

    def save_it(dialog: QWidget) -> None:
        assert isinstance(dialog, DocumentEditor)
        type_text(dialog.summary_edit, "Tổ chức Tháng Công nhân")
        dialog.save_button.click()
        dialog.reject()

    when_modal(pick_plan, QInputDialog)
    when_modal(save_it, DocumentEditor, attempts=1500)
    page.documents_tab.new_blank_action.trigger()
    stored = context.documents.list_documents()
    assert [r.summary for r in stored] == ["Tổ chức Tháng Công nhân"]
    selected = page.documents_tab.selected_document()
    assert selected is not None and selected.id == stored[0].id


def test_a_preview_never_says_printed(
    qtbot: QtBot, demo_page: DocumentsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.ui.dialogs.print_preview import PrintPreviewDialog

    shown: list[str] = []

    def close_preview(dialog: QWidget) -> None:
        assert isinstance(dialog, PrintPreviewDialog)
        shown.append(demo_page.documents_tab.status_label.text())
        dialog.reject()

    select_symbol(demo_page, "94/KH-LĐLĐ")
    when_modal(close_preview, PrintPreviewDialog, attempts=1500)
    demo_page.documents_tab.preview_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert shown[0].startswith("Bản xem trước:") and "trang" in shown[0]
    assert "Đã in" not in demo_page.documents_tab.status_label.text()


def test_register_columns_stay_on_screen_and_are_sized_again_when_rows_arrive(
    qtbot: QtBot, context: AppContext
) -> None:
    # 1366 pixels at 125 % leave about 880 for the table beside the navigation list.
    page = make_page(qtbot, context)
    page.resize(900, 560)
    page.tabs.setCurrentIndex(INCOMING)
    table = page.incoming_tab.table
    qtbot.waitUntil(table.isVisible)
    assert page.incoming_tab.model.rowCount() == 0  # the columns are sized to their titles first
    sender = "Ban Thường vụ Liên đoàn Lao động tỉnh Tây Ninh"
    context.registers.register_incoming(IncomingDraft(
        date(2026, 11, 20), sender,
        "Kế hoạch tổng kết công tác công đoàn năm 2026 và phương hướng nhiệm vụ năm 2027",
        "245/KH-LĐLĐ", date(2026, 11, 18), "trước ngày 10/12/2026", date(2026, 12, 10),
    ))
    page.incoming_tab.reload()
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width()  # "Thời hạn" and "Làm căn cứ cho" are on screen
    metrics = table.fontMetrics()
    for column in (1, 4, 6):  # the dates are whole, not «2…6»
        assert header.sectionSize(column) >= metrics.horizontalAdvance("20/11/2026")
    assert table.textElideMode() == Qt.TextElideMode.ElideMiddle
    assert page.incoming_tab.model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole) == sender
    page.resize(1300, 560)
    qtbot.waitUntil(lambda: header.sectionSize(2) >= metrics.horizontalAdvance(sender) or header.sectionSize(2) == 240)
    assert header.length() <= table.viewport().width()


def test_the_incoming_dialog_with_every_message_shown_stays_within_the_screen(
    qtbot: QtBot, context: AppContext
) -> None:
    dialog = IncomingDialog(context.registers.register_incoming, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.arrived_edit.setText("20/11/2026")
    dialog.their_date_edit.setText("25/11/2026")
    type_text(dialog.deadline_edit, "sớm nhất có thể, khi nào xong thì gửi, không chậm hơn tuần sau nữa")
    dialog.accept()  # no sender, no summary, a date after the arrival: all said at once
    assert dialog.isVisible() and dialog.error_label.text().count("\n") >= 2
    qtbot.wait(20)
    available = dialog.screen().availableGeometry()
    assert dialog.height() <= available.height() - 48 and dialog.height() <= 728 - 48
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None and buttons.isVisible()
    place = QRect(buttons.mapTo(dialog, QPoint(0, 0)), buttons.size())
    assert dialog.rect().contains(place)
