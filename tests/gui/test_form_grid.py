"""The indicator entry grid on the shipped «Mẫu số 1-HĐCĐ», driven by the keyboard like a clerk: values typed and
stored, computed rows following, Tab over computed rows, a block pasted from Excel (Vietnamese separators), a bad
block refused whole, undo and redo, problems on hover, completeness flipping by itself, Delete, F2; and the panel's
«Lưu» with its dirty flag and its question on close."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.domain.form_values import CellValue, computed_values, format_cell, is_complete
from desktop_app.domain.forms import FormDefinition
from desktop_app.files.forms import load_definitions, shipped_forms
from desktop_app.persistence.errors import RecordChangedElsewhere
from desktop_app.services.errors import UserError
from desktop_app.ui.models.form_entry_model import NOTE_COLUMN, TEXT_COLUMN, VALUE_COLUMN, FormEntryModel
from desktop_app.ui.pages.indicators.entry_panel import EntryPanel
from desktop_app.ui.widgets.form_grid import FormGrid, FormStatusLine
from tests.gui.helpers import type_text, when_modal

PERIOD = date(2025, 11, 30)


@pytest.fixture(scope="module")
def form() -> FormDefinition:
    shipped = load_definitions(shipped_forms())
    return next(d for d in shipped.values() if isinstance(d, FormDefinition) and d.id == "mau-1-hdcd")


def _grid(qtbot: QtBot, form: FormDefinition, values: dict[str, CellValue] | None = None) -> FormGrid:
    grid = FormGrid(FormEntryModel(form, values))
    qtbot.addWidget(grid)
    grid.resize(1200, 700)
    grid.show()
    qtbot.waitExposed(grid)
    grid.setFocus()
    return grid


def _go(grid: FormGrid, row_id: str, column: int = VALUE_COLUMN) -> None:
    model = grid.entry_model()
    grid.setCurrentIndex(model.index(model.line_of(row_id), column))


def _current_row(grid: FormGrid) -> str:
    row = grid.entry_model().row_at(grid.currentIndex().row())
    assert row is not None
    return row.id


def _type_enter(qtbot: QtBot, grid: FormGrid, text: str) -> None:
    type_text(grid, text[0])  # the first key opens the editor (type-to-replace) ...
    editor = grid.focusWidget()
    assert isinstance(editor, QLineEdit), "typing did not open the cell's editor"
    type_text(editor, text[1:])  # ... which gets the rest (QTest.keyClicks refuses «ó»)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def _shown(grid: FormGrid, row_id: str, column: int = VALUE_COLUMN) -> str:
    model = grid.entry_model()
    return str(model.index(model.line_of(row_id), column).data() or "")


def _input_ids(form: FormDefinition) -> list[str]:
    return [row.id for row in form.rows if not row.computed]


def test_typed_values_are_stored_and_the_computed_rows_follow(qtbot: QtBot, form: FormDefinition) -> None:
    grid = _grid(qtbot, form)
    model = grid.entry_model()
    _go(grid, "tong_lao_dong")
    _type_enter(qtbot, grid, "1.250")
    # Enter commits and goes down to the next input cell: «Trong đó: nữ».
    assert _current_row(grid) == "lao_dong_nu"
    _type_enter(qtbot, grid, "500")
    assert model.values()["tong_lao_dong"] == Decimal(1250)
    assert model.values()["lao_dong_nu"] == Decimal(500)
    assert _shown(grid, "tong_lao_dong") == "1.250"
    # 500 / 1250 × 100: the rate row worked out at once, and greyed, not editable.
    assert model.value("ty_le_lao_dong_nu") == Decimal(40)
    assert _shown(grid, "ty_le_lao_dong_nu") == "40"
    rate = model.index(model.line_of("ty_le_lao_dong_nu"), VALUE_COLUMN)
    assert not rate.flags() & Qt.ItemFlag.ItemIsEditable
    assert rate.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert "ty_le_lao_dong_nu" not in model.values()
    # Enter skipped the computed rate and landed on the next input row.
    assert _current_row(grid) == "thieu_viec_lam"


def test_a_refused_value_keeps_the_old_one_and_says_why(qtbot: QtBot, form: FormDefinition) -> None:
    grid = _grid(qtbot, form, {"tong_lao_dong": Decimal(10)})
    problems: list[str] = []
    grid.problem.connect(problems.append)
    _go(grid, "tong_lao_dong")
    _type_enter(qtbot, grid, "12,5")  # a head count has no fraction
    assert grid.entry_model().values()["tong_lao_dong"] == Decimal(10)
    assert problems and "số nguyên" in problems[-1] and "Tổng số lao động" in problems[-1]
    assert _current_row(grid) == "tong_lao_dong"  # the clerk stays on the cell to correct it
    assert grid.entry_model().undo_stack.count() == 0


def test_tab_and_shift_tab_skip_titles_and_computed_rows(qtbot: QtBot, form: FormDefinition) -> None:
    grid = _grid(qtbot, form)
    model = grid.entry_model()
    _go(grid, "lao_dong_nu")
    qtbot.keyClick(grid, Qt.Key.Key_Tab)
    assert _current_row(grid) == "thieu_viec_lam"  # over «Tỷ lệ lao động nữ», which is computed
    assert grid.currentIndex().column() == VALUE_COLUMN
    qtbot.keyClick(grid, Qt.Key.Key_Backtab)
    assert _current_row(grid) == "lao_dong_nu"
    # Tabbing through the whole form visits exactly the input rows, in order.
    _go(grid, _input_ids(form)[0])
    visited = [_current_row(grid)]
    for _ in range(len(_input_ids(form)) - 1):
        qtbot.keyClick(grid, Qt.Key.Key_Tab)
        visited.append(_current_row(grid))
    assert visited == _input_ids(form)
    assert all(model.is_input_line(model.line_of(r)) for r in visited)
    # Tab while typing commits and moves on as well.
    _go(grid, "lao_dong_nu")
    qtbot.keyClicks(grid, "7")
    editor = grid.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert model.values()["lao_dong_nu"] == Decimal(7)
    assert _current_row(grid) == "thieu_viec_lam"


def test_arrows_move_over_every_line(qtbot: QtBot, form: FormDefinition) -> None:
    grid = _grid(qtbot, form)
    _go(grid, "lao_dong_nu")
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert _current_row(grid) == "ty_le_lao_dong_nu"  # an arrow goes to the next line, computed or not
    qtbot.keyClick(grid, Qt.Key.Key_Left)
    assert grid.currentIndex().column() == VALUE_COLUMN - 1


def test_paste_a_column_from_excel_with_vietnamese_separators(qtbot: QtBot, form: FormDefinition) -> None:
    grid = _grid(qtbot, form)
    model = grid.entry_model()
    _go(grid, "tong_lao_dong")
    # Five figures as Excel copies them (CRLF, a final line break); the third lands past the computed rate.
    QGuiApplication.clipboard().setText("1.234\r\n617\r\n12\r\n3\r\n8.500.000\r\n")
    qtbot.keyClick(grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert model.values() == {
        "tong_lao_dong": Decimal(1234), "lao_dong_nu": Decimal(617), "thieu_viec_lam": Decimal(12),
        "mat_viec_lam": Decimal(3), "luong_binh_quan": Decimal(8_500_000)}
    assert model.value("ty_le_lao_dong_nu") == Decimal(617) / Decimal(1234) * 100
    assert model.undo_stack.count() == 1  # the whole block is one step
    assert _current_row(grid) == "luong_binh_quan"  # the cursor ends on the block's last cell


def test_a_block_copied_with_its_labels_takes_the_column_that_falls_on_the_figures(
        qtbot: QtBot, form: FormDefinition) -> None:
    grid = _grid(qtbot, form)
    model = grid.entry_model()
    _go(grid, "tong_lao_dong", TEXT_COLUMN)
    # «Nội dung | Đơn vị tính | Số lượng» copied from a filled paper form in Excel, pasted on «Nội dung».
    assert grid.paste_text("Tổng số lao động\tngười\t2.000\nTrong đó: nữ\tngười\t1.100\n")
    assert model.values() == {"tong_lao_dong": Decimal(2000), "lao_dong_nu": Decimal(1100)}
    assert _shown(grid, "ty_le_lao_dong_nu") == "55"


def test_a_value_given_for_a_computed_row_is_not_kept(qtbot: QtBot, form: FormDefinition) -> None:
    grid = _grid(qtbot, form, {"tong_lao_dong": Decimal(10), "lao_dong_nu": Decimal(5),
                               "ty_le_lao_dong_nu": Decimal(99)})
    assert grid.entry_model().values() == {"tong_lao_dong": Decimal(10), "lao_dong_nu": Decimal(5)}
    assert _shown(grid, "ty_le_lao_dong_nu") == "50"


def test_a_block_with_a_bad_value_pastes_nothing_and_lists_the_reasons(qtbot: QtBot, form: FormDefinition) -> None:
    grid = _grid(qtbot, form, {"tong_lao_dong": Decimal(5)})
    model = grid.entry_model()
    problems: list[str] = []
    grid.problem.connect(problems.append)
    _go(grid, "tong_lao_dong")
    assert not grid.paste_text("100\n12,5\nabc\n4\n")
    assert model.values() == {"tong_lao_dong": Decimal(5)}
    assert model.undo_stack.count() == 0
    reasons = problems[-1]
    assert reasons.startswith("Không dán gì cả")
    assert "«12,5»" in reasons and "«abc»" in reasons and "Trong đó: nữ" in reasons
    # A block longer than the input rows left is refused too, not cut short.
    last = _input_ids(form)[-1]
    _go(grid, last)
    assert not grid.paste_text("x\ny\n")
    assert model.values() == {"tong_lao_dong": Decimal(5)}


def test_undo_and_redo_of_a_paste(qtbot: QtBot, form: FormDefinition) -> None:
    grid = _grid(qtbot, form, {"tong_lao_dong": Decimal(40)})
    model = grid.entry_model()
    _go(grid, "tong_lao_dong")
    assert grid.paste_text("1.000\n250\n")
    pasted = model.values()
    assert pasted == {"tong_lao_dong": Decimal(1000), "lao_dong_nu": Decimal(250)}
    assert _shown(grid, "ty_le_lao_dong_nu") == "25"
    _go(grid, "tong_chi")
    qtbot.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert model.values() == {"tong_lao_dong": Decimal(40)}
    # The grid shows what the undo changed: the cursor back on the block's first cell, the block selected.
    assert _current_row(grid) == "tong_lao_dong"
    assert {model.row_at(i.row()).id for i in grid.selectedIndexes()} == {"tong_lao_dong", "lao_dong_nu"}
    rate = form.row("ty_le_lao_dong_nu")
    before = computed_values(form, {"tong_lao_dong": Decimal(40)})[0]["ty_le_lao_dong_nu"]
    assert _shown(grid, "ty_le_lao_dong_nu") == format_cell(rate, before) != "25"
    qtbot.keyClick(grid, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert model.values() == pasted
    qtbot.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert model.values() == pasted


def test_an_invalid_cell_is_marked_with_its_message_on_hover(qtbot: QtBot, form: FormDefinition) -> None:
    grid = _grid(qtbot, form)
    model = grid.entry_model()
    _go(grid, "tong_lao_dong")
    _type_enter(qtbot, grid, "100")
    _type_enter(qtbot, grid, "150")  # «Trong đó: nữ» above its parent
    cell = model.index(model.line_of("lao_dong_nu"), VALUE_COLUMN)
    tooltip = cell.data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip and "lớn hơn dòng cha" in tooltip and "150" in tooltip
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "lớn hơn dòng cha" in _shown(grid, "lao_dong_nu", NOTE_COLUMN)
    assert model.wrong_count() == 1
    fine = model.index(model.line_of("tong_lao_dong"), VALUE_COLUMN)
    assert fine.data(Qt.ItemDataRole.ToolTipRole) is None
    assert fine.data(Qt.ItemDataRole.BackgroundRole) is None


def test_complete_flips_by_itself_when_the_last_required_cell_is_filled(qtbot: QtBot, form: FormDefinition) -> None:
    required = [row for row in form.rows if row.validation.required and not row.computed]
    assert len(required) >= 2
    grid = _grid(qtbot, form)
    model = grid.entry_model()
    status = FormStatusLine(model)
    qtbot.addWidget(status)
    flips: list[bool] = []
    model.complete_changed.connect(flips.append)
    assert not model.complete
    assert status.text() == f"Còn thiếu {len(required)} dòng bắt buộc"
    typed = {"integer": "120", "yes_no": "có"}
    for row in required[:-1]:
        _go(grid, row.id)
        _type_enter(qtbot, grid, typed[row.value_type])
    assert not model.complete and flips == []
    assert status.text() == "Còn thiếu 1 dòng bắt buộc"
    _go(grid, required[-1].id)
    _type_enter(qtbot, grid, typed[required[-1].value_type])
    assert flips == [True] and model.complete
    assert is_complete(form, model.values())  # the domain agrees with what the grid shows
    assert status.text() == f"Đã đủ — {len(required)}/{len(required)} dòng bắt buộc hợp lệ"
    qtbot.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert flips == [True, False] and not model.complete


def test_delete_clears_the_selected_cells_in_one_step(qtbot: QtBot, form: FormDefinition) -> None:
    values: dict[str, CellValue] = {"tong_lao_dong": Decimal(100), "lao_dong_nu": Decimal(40),
                                    "thieu_viec_lam": Decimal(2), "mat_viec_lam": Decimal(1)}
    grid = _grid(qtbot, form, values)
    model = grid.entry_model()
    top = model.index(model.line_of("lao_dong_nu"), VALUE_COLUMN)
    bottom = model.index(model.line_of("thieu_viec_lam"), VALUE_COLUMN)
    grid.setCurrentIndex(top)
    grid.selectionModel().select(QItemSelection(top, bottom), grid.selectionModel().SelectionFlag.ClearAndSelect)
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert model.values() == {"tong_lao_dong": Decimal(100), "mat_viec_lam": Decimal(1)}
    assert model.undo_stack.count() == 1
    model.undo_stack.undo()
    assert model.values() == values


def test_f2_edits_keeping_the_text(qtbot: QtBot, form: FormDefinition) -> None:
    grid = _grid(qtbot, form, {"tong_lao_dong": Decimal(1234)})
    _go(grid, "tong_lao_dong")
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    editor = grid.focusWidget()
    assert isinstance(editor, QLineEdit)
    assert editor.text() == "1234" and not editor.hasSelectedText()  # as Excel's edit line: no thousands dots
    qtbot.keyClicks(editor, "5")  # appended at the end, as in Excel
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert grid.entry_model().values()["tong_lao_dong"] == Decimal(12345)
    # Typing without F2 replaces the whole text.
    _go(grid, "tong_lao_dong")
    _type_enter(qtbot, grid, "9")
    assert grid.entry_model().values()["tong_lao_dong"] == Decimal(9)


def test_the_columns_fit_a_page_of_a_1366_pixel_wide_window(qtbot: QtBot, form: FormDefinition) -> None:
    grid = _grid(qtbot, form)
    grid.resize(1366 - 176 - 40, 600)  # the main window's navigation list and margins left out
    qtbot.waitUntil(lambda: grid.columnWidth(TEXT_COLUMN) > 100)
    assert not grid.horizontalScrollBar().isVisible()
    assert grid.columnWidth(TEXT_COLUMN) >= 450
    # A line too long for its column is elided on screen and whole on hover.
    longest = max(form.rows, key=lambda row: len(row.text))
    assert longest.text in grid.entry_model().index(
        grid.entry_model().line_of(longest.id), TEXT_COLUMN).data(Qt.ItemDataRole.ToolTipRole)


def test_copy_gives_the_selection_as_tab_separated_lines(qtbot: QtBot, form: FormDefinition) -> None:
    grid = _grid(qtbot, form, {"tong_lao_dong": Decimal(1234), "lao_dong_nu": Decimal(600)})
    model = grid.entry_model()
    top = model.index(model.line_of("tong_lao_dong"), TEXT_COLUMN)
    bottom = model.index(model.line_of("lao_dong_nu"), VALUE_COLUMN)
    grid.selectionModel().select(QItemSelection(top, bottom), grid.selectionModel().SelectionFlag.ClearAndSelect)
    qtbot.keyClick(grid, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "Tổng số lao động\tngười\t1.234\nTrong đó: nữ\tngười\t600\n"


def test_vietnamese_text_typed_into_a_text_row(qtbot: QtBot, form: FormDefinition) -> None:
    text_row = next(row for row in form.rows if row.value_type == "text")
    grid = _grid(qtbot, form)
    _go(grid, text_row.id)
    _type_enter(qtbot, grid, "Đề nghị tăng lương")
    assert grid.entry_model().values()[text_row.id] == "Đề nghị tăng lương"


def test_the_panel_saves_with_ctrl_s_and_asks_before_dropping_changes(qtbot: QtBot, form: FormDefinition) -> None:
    saved: list[dict[str, CellValue]] = []
    panel = EntryPanel(form, "CD001", "Công đoàn Công ty May Hoàng Mai", PERIOD, {}, saved.append)
    qtbot.addWidget(panel, before_close_func=lambda p: p.undo_stack.setClean())  # no question at teardown
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)  # shortcuts (Ctrl+S) reach only the active window
    assert "30/11/2025" in panel.header.text() and "Công ty May Hoàng Mai" in panel.header.text()
    assert not panel.dirty and not panel.save_button.isEnabled()
    _go(panel.grid, "tong_lao_dong")
    panel.grid.setFocus()
    _type_enter(qtbot, panel.grid, "300")
    assert panel.dirty and saved == []  # no save per keystroke
    assert panel.status_line.text() == "Còn thiếu 2 dòng bắt buộc"
    qtbot.keyClick(panel.grid, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved == [{"tong_lao_dong": Decimal(300)}] and not panel.dirty
    assert panel.confirm_close()  # nothing unsaved: no question

    # Ctrl+S in the middle of typing saves what is typed, as Excel does.
    type_text(panel.grid, "4")
    assert isinstance(panel.grid.focusWidget(), QLineEdit)
    qtbot.keyClick(panel.grid.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved[-1]["lao_dong_nu"] == Decimal(4) and not panel.dirty
    del saved[1:]

    _type_enter(qtbot, panel.grid, "100")
    assert panel.dirty
    when_modal(lambda box: box.reject(), QMessageBox)  # «Hủy»: the panel stays
    assert not panel.confirm_close()
    assert panel.dirty and len(saved) == 1

    def refuse(_values: dict[str, CellValue]) -> None:
        raise UserError("Số liệu đã được người khác sửa; hãy mở lại.")

    panel._save = refuse
    assert not panel.save()
    assert panel.dirty and "người khác sửa" in panel.message.text()

    # Another clerk saved the same report meanwhile: the database's refusal is said in the panel as well.
    def stale(_values: dict[str, CellValue]) -> None:
        raise RecordChangedElsewhere("Số liệu biểu mẫu này vừa được lưu ở nơi khác.")

    panel._save = stale
    assert not panel.save()
    assert panel.dirty and "lưu ở nơi khác" in panel.message.text()
