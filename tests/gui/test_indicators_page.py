"""«Chỉ tiêu» on the demo district, real widgets over a real SQLite file: the CĐCS of a period with where their
figures stand, a missing CĐCS's form typed in and saved with Ctrl+S, the district's table and its drill-down, the
congress targets, and a folder of returned workbooks taken in through the preview."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.bootstrap import AppContext
from desktop_app.files.form_workbooks import layout_of
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.form_entry_model import VALUE_COLUMN
from desktop_app.ui.pages.indicators.aggregate_view import ContributionsDialog
from desktop_app.ui.pages.indicators.page import COMPLETE, MISSING, ImportPreviewDialog, IndicatorsPage
from tests.gui.helpers import type_text, when_modal

FORM = "mau-1-hdcd"
MAY = date(2026, 5, 31)


@pytest.fixture
def page(window: MainWindow) -> IndicatorsPage:
    window.show_page("indicators")
    page = window.page("indicators")
    assert isinstance(page, IndicatorsPage)
    return page


def _row_of(page: IndicatorsPage, state: str) -> int:
    return next(n for n, line in enumerate(page.units_model.rows()) if line.state == state)


def test_the_page_replaces_the_placeholder_and_opens_on_the_last_snapshot_date(page: IndicatorsPage,
                                                                               demo_context: AppContext) -> None:
    assert page.form_combo.currentData() == FORM
    assert page.period() == MAY  # 30/11/2026 has not come yet on the tests' day (21/11/2026)
    lines = page.units_model.rows()
    assert [line.unit.code for line in lines] == [u.code for u in demo_context.indicators.expected_units(FORM, MAY)]
    saved = {r.unit_code: r for r in demo_context.indicators.reports(FORM, MAY)}
    assert {line.unit.code for line in lines if line.state != MISSING} == set(saved)
    assert f"{len(lines)} CĐCS phải báo cáo" in page.counts_label.text()


def test_a_missing_cdcs_typed_in_and_saved_with_ctrl_s(qtbot: QtBot, page: IndicatorsPage,
                                                       demo_context: AppContext) -> None:
    row = _row_of(page, MISSING)
    code = page.units_model.rows()[row].unit.code
    page.units_table.selectRow(row)
    panel = page.panel
    assert panel is not None and panel.unit_code == code
    grid = panel.grid
    model = grid.entry_model()
    grid.setFocus()
    grid.setCurrentIndex(model.index(model.line_of("tong_lao_dong"), VALUE_COLUMN))
    type_text(grid, "1")
    editor = grid.focusWidget()
    assert isinstance(editor, QLineEdit)
    type_text(editor, ".250")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert model.value("tong_lao_dong") == 1250
    assert panel.dirty
    qtbot.keyClick(grid, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not panel.dirty)
    saved = demo_context.indicators.report(FORM, MAY, code)
    assert saved is not None and saved.values["tong_lao_dong"] == 1250 and saved.source == "entry"
    line = next(line for line in page.units_model.rows() if line.unit.code == code)
    assert line.state != MISSING  # listed with its figures now (incomplete: most rows are still blank)


def test_the_district_table_and_its_drill_down(qtbot: QtBot, page: IndicatorsPage,
                                               demo_context: AppContext) -> None:
    page.tabs.setCurrentWidget(page.summary_tab)
    view = page.aggregate_view
    total = demo_context.indicators.aggregate(FORM, MAY)
    line = next(line for line in view.lines() if line.row_id == "tong_lao_dong")
    assert line.reporting == f"{total.rows['tong_lao_dong'].reporting}/{len(total.expected)}"
    assert line.previous  # 30/11/2025 is the previous period
    seen: list[int] = []

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, ContributionsDialog)
        seen.append(dialog.table.rowCount())
        dialog.reject()

    when_modal(look, ContributionsDialog)
    view.drill.emit("tong_lao_dong")
    assert seen == [len(total.reported)]
    # The upper-level form, filled from the CĐCS forms by the mapping.
    page.table_combo.setCurrentIndex(1)
    upper = demo_context.indicators.upper(FORM, MAY)
    line = next(line for line in view.lines() if line.row_id == "tong_lao_dong")
    assert "Mẫu số 2-HĐCĐ" in view.title.text()
    assert line.value.replace(".", "") == str(upper.values["tong_lao_dong"])
    page.tabs.setCurrentWidget(page.targets_view)
    assert page.targets_view.lines()


def test_a_folder_of_returned_workbooks_goes_through_the_preview(qtbot: QtBot, page: IndicatorsPage,
                                                                 demo_context: AppContext, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    missing = [line.unit.code for line in page.units_model.rows() if line.state == MISSING][:2]
    paths = demo_context.indicator_workbooks.write_workbooks(FORM, MAY, tmp_path, unit_codes=missing)
    form = demo_context.indicators.form(FORM)
    layout = layout_of(form)
    for path in paths:
        book = openpyxl.load_workbook(path)
        sheet = book[layout.sheet]
        sheet[layout.cell("tong_lao_dong")] = 80
        sheet[layout.cell("lao_dong_nu")] = 100  # above its parent: refused whole
        book.save(path)
        break
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(tmp_path))
    previewed: list[list[bool]] = []

    told: list[str] = []

    def close_result(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        told.append(box.text())
        box.accept()

    def preview(dialog: QWidget) -> None:
        assert isinstance(dialog, ImportPreviewDialog)
        previewed.append([p.importable for p in dialog.previews])
        when_modal(close_result, QMessageBox)
        dialog.accept()

    when_modal(preview, ImportPreviewDialog)
    page.receive_workbooks()
    qtbot.waitUntil(lambda: bool(previewed))
    assert sorted(previewed[0]) == [False, True]
    qtbot.waitUntil(lambda: demo_context.indicators.report(FORM, MAY, missing[1]) is not None)
    assert demo_context.indicators.report(FORM, MAY, missing[0]) is None
    # The clerk is told why the refused workbook was refused, with its cell.
    qtbot.waitUntil(lambda: bool(told))
    assert "Đã nhập 1 sổ" in told[0] and f"{layout.sheet}!{layout.cell('lao_dong_nu')}" in told[0]
    lines = {line.unit.code: line for line in page.units_model.rows()}
    assert lines[missing[1]].state != MISSING and lines[missing[1]].report is not None
    assert lines[missing[1]].report.source == "workbook"
    assert COMPLETE in {line.state for line in lines.values()}


def test_a_request_asks_for_a_form_and_its_snapshot_date(qtbot: QtBot, window: MainWindow,
                                                         demo_context: AppContext) -> None:
    from desktop_app.domain.tracking import FORM as WHAT_FORM
    from desktop_app.domain.tracking import NARRATIVE
    from desktop_app.ui.dialogs.request_dialog import RequestDialog

    window.show_page("tracking")
    made: list[object] = []

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, RequestDialog)
        dialog.title_edit.setText("Biểu thống kê hoạt động công đoàn 6 tháng đầu năm 2026")
        dialog.what_combo.setCurrentIndex(dialog.what_combo.findData(NARRATIVE))
        assert not dialog.form_combo.isEnabled()  # a narrative report asks for no form
        dialog.what_combo.setCurrentIndex(dialog.what_combo.findData(WHAT_FORM))
        dialog.form_combo.setCurrentIndex(dialog.form_combo.findData(FORM))
        assert dialog.form_period_combo.isEnabled()
        dialog.form_period_combo.setCurrentIndex(dialog.form_period_index(MAY))
        made.append(dialog.draft())
        dialog.accept()

    when_modal(fill, RequestDialog)
    window.tracking_page.new_action.trigger()
    request = window.tracking_page.selected_request()
    assert made and request is not None
    assert (request.what, request.form_id, request.form_period) == (WHAT_FORM, FORM, MAY)


def test_the_office_types_its_own_rows_of_the_upper_form(qtbot: QtBot, page: IndicatorsPage,
                                                         demo_context: AppContext) -> None:
    page.tabs.setCurrentWidget(page.summary_tab)
    assert not page.office_button.isVisible()  # the CĐCS form added up has no rows of the office's own
    page.table_combo.setCurrentIndex(1)
    assert page.office_button.isVisible()
    dialog = page.enter_office_rows()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    panel = dialog.panel
    model = panel.grid.entry_model()
    own = [row.id for row in model.form.rows]
    assert "thiet_che_cong_doan" in own and "tong_lao_dong" not in own  # only what no CĐCS figure fills
    panel.grid.setFocus()
    panel.grid.setCurrentIndex(model.index(model.line_of("thiet_che_cong_doan"), VALUE_COLUMN))
    type_text(panel.grid, "2")
    editor = panel.grid.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert panel.save()
    _home, report = demo_context.indicators.office_report("mau-2-hdcd", MAY)
    assert report is not None and report.values["thiet_che_cong_doan"] == 2
    assert demo_context.indicators.upper(FORM, MAY).values["thiet_che_cong_doan"] == 2
    line = next(line for line in page.aggregate_view.lines() if line.row_id == "thiet_che_cong_doan")
    assert line.value == "2"
    dialog.reject()


def test_the_forms_are_read_when_the_page_is_first_shown(window: MainWindow) -> None:
    # Opening the office does not read and check the YAML definitions: «Chỉ tiêu» does, the first time it shows.
    assert window.indicators_page.forms == [] and window.indicators_page.form_combo.count() == 0
    window.show_page("indicators")
    assert [f.id for f in window.indicators_page.forms] == [FORM]
    assert window.indicators_page.period() == MAY
