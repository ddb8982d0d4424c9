"""The import dialog driven like a clerk would: real workbooks, real database, real widgets."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog
from pytestqt.qtbot import QtBot

from desktop_app.bootstrap import AppContext
from desktop_app.domain.units import FIELD_LABELS, UnitDraft
from desktop_app.ui.dialogs.import_dialog import ImportUnitsDialog
from tests.conftest import TODAY

HEADERS = ["STT", "Tên CĐCS", "Số đoàn viên", "Trong đó nữ", "Chủ tịch", "Khu vực"]
GOOD_ROWS = [
    [1, "CĐCS Trường Tiểu học Lê Lợi", 42, 30, "Nguyễn Thị Hoa", "Hành chính sự nghiệp"],
    [2, "CĐCS Công ty TNHH May Phước Đông", 310, 250, "Trần Văn Bình", "Doanh nghiệp ngoài nhà nước"],
    [3, "CĐCS UBND xã Suối Đá", 25, 11, "Lê Văn Cường", "Hành chính sự nghiệp"],
]


def write_workbook(path: Path, rows: list[list[object]], title_rows: int = 1, headers: list[str] = HEADERS) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Danh sách"
    for _ in range(title_rows):
        sheet.append(["DANH SÁCH CÔNG ĐOÀN CƠ SỞ NĂM 2026"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def open_dialog(qtbot: QtBot, context: AppContext) -> ImportUnitsDialog:
    dialog = ImportUnitsDialog(context.workbooks)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def load(qtbot: QtBot, dialog: ImportUnitsDialog, path: Path) -> None:
    dialog.load(path)
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == 1)


def combo_for(dialog: ImportUnitsDialog, header: str) -> QComboBox:
    table = dialog.mapping_table
    for row in range(table.rowCount()):
        if table.item(row, 1).text() == header:
            widget = table.cellWidget(row, 3)
            assert isinstance(widget, QComboBox)
            return widget
    raise AssertionError(f"no mapping row for {header!r}")


def preview_texts(dialog: ImportUnitsDialog) -> list[list[str]]:
    table = dialog.preview_table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def checked_rows(dialog: ImportUnitsDialog) -> list[bool]:
    table = dialog.preview_table
    return [table.item(r, 0).checkState() == Qt.CheckState.Checked for r in range(table.rowCount())]


def import_and_wait(qtbot: QtBot, dialog: ImportUnitsDialog) -> None:
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)


def test_happy_path_imports_every_row(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [list(row) for row in GOOD_ROWS]
    rows[0][1] = unicodedata.normalize("NFD", "CĐCS  Trường Tiểu học Lê Lợi ")  # as pasted from a web page
    path = write_workbook(tmp_path / "danh sách.xlsx", rows)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), "Tệp Excel (*.xlsx)"))
    dialog = open_dialog(qtbot, context)
    assert dialog.stack.currentIndex() == 0
    assert not dialog.back_button.isVisible()

    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == 1)

    assert combo_for(dialog, "Tên CĐCS").currentText() == FIELD_LABELS["name"]
    assert combo_for(dialog, "Số đoàn viên").currentData() == "members"
    assert combo_for(dialog, "Khu vực").currentData() == "sector"
    assert combo_for(dialog, "STT").currentText() == "(bỏ qua)"
    assert "Danh sách" in dialog.sheet_label.text() and "dòng 2" in dialog.sheet_label.text()
    assert "42 | 310 | 25" in dialog.mapping_table.item(2, 2).text()
    assert dialog.next_button.isEnabled()

    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.stack.currentIndex() == 2
    texts = preview_texts(dialog)
    assert [row[1] for row in texts] == ["3", "4", "5"]
    assert texts[0][3] == "CĐCS Trường Tiểu học Lê Lợi"
    assert {row[6] for row in texts} == {"Hợp lệ"}
    assert all(checked_rows(dialog))
    assert dialog.summary_label.text() == "3 dòng, 3 hợp lệ, 0 có lỗi, bỏ qua 0"
    assert "tự đặt mã" in dialog.generated_label.text()
    assert dialog.import_button.isEnabled() and not dialog.skip_invalid_button.isEnabled()
    assert context.units.list_units() == []  # nothing written before "Nhập"

    import_and_wait(qtbot, dialog)

    stored = {unit.name: unit for unit in context.units.list_units()}
    assert set(stored) == {row[1] for row in GOOD_ROWS}
    school = stored["CĐCS Trường Tiểu học Lê Lợi"]
    assert unicodedata.is_normalized("NFC", school.name)
    assert (school.members, school.female_members, school.chair) == (42, 30, "Nguyễn Thị Hoa")
    assert school.sector_name == "Hành chính sự nghiệp"
    assert stored["CĐCS Công ty TNHH May Phước Đông"].members == 310
    assert sorted(u.name for u in dialog.imported) == sorted(stored)


def test_bad_counts_block_import_until_rows_are_skipped(qtbot: QtBot, context: AppContext, tmp_path: Path) -> None:
    rows = [
        GOOD_ROWS[0],
        [2, "CĐCS Trạm Y tế xã Phước Minh", -5, 0, "Phạm Thị Lan", "Hành chính sự nghiệp"],
        GOOD_ROWS[1],
        [4, "CĐCS Trường Mầm non Hoa Sen", 20, 26, "Võ Thị Mai", "Hành chính sự nghiệp"],
    ]
    path = write_workbook(tmp_path / "co_loi.xlsx", rows)
    dialog = open_dialog(qtbot, context)
    load(qtbot, dialog, path)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)

    texts = preview_texts(dialog)
    assert [row[6] for row in texts] == ["Hợp lệ", "Có lỗi", "Hợp lệ", "Có lỗi"]
    assert texts[1][7].startswith("Dòng 4, cột C (Số đoàn viên): ")
    assert "không được âm" in texts[1][7]
    assert texts[3][7].startswith("Dòng 6, cột D (Trong đó nữ): ")
    assert all(checked_rows(dialog))  # blocked rows start checked: the clerk sees why nothing imports
    assert dialog.summary_label.text() == "4 dòng, 2 hợp lệ, 2 có lỗi, bỏ qua 0"
    assert not dialog.import_button.isEnabled()
    assert "2 dòng có lỗi" in dialog.import_button.toolTip()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert context.units.list_units() == []

    qtbot.mouseClick(dialog.skip_invalid_button, Qt.MouseButton.LeftButton)

    assert checked_rows(dialog) == [True, False, True, False]
    assert dialog.summary_label.text() == "4 dòng, 2 hợp lệ, 0 có lỗi, bỏ qua 2"
    assert dialog.import_button.isEnabled()
    import_and_wait(qtbot, dialog)
    assert sorted(u.name for u in context.units.list_units()) == sorted([GOOD_ROWS[0][1], GOOD_ROWS[1][1]])
    assert len(dialog.imported) == 2


def test_space_and_checkbox_toggle_rows(qtbot: QtBot, context: AppContext, tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "ds.xlsx", GOOD_ROWS)
    dialog = open_dialog(qtbot, context)
    load(qtbot, dialog, path)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    table = dialog.preview_table
    table.setCurrentCell(1, 3)
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert checked_rows(dialog) == [True, False, True]
    assert dialog.summary_label.text() == "3 dòng, 2 hợp lệ, 0 có lỗi, bỏ qua 1"
    for row in range(3):
        table.item(row, 0).setCheckState(Qt.CheckState.Unchecked)
    assert not dialog.import_button.isEnabled()
    assert dialog.import_button.toolTip() == "Chưa chọn dòng nào để nhập."


def test_mapping_changes_update_the_preview(qtbot: QtBot, context: AppContext, tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "ds.xlsx", GOOD_ROWS)
    dialog = open_dialog(qtbot, context)
    load(qtbot, dialog, path)

    # Keyboard: Tab walks from the table onto the first column's combo, then the next.
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.mapping_table.setFocus()
    qtbot.keyClick(dialog.mapping_table, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is combo_for(dialog, "STT")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is combo_for(dialog, "Tên CĐCS")
    assert dialog.mapping_table.currentRow() == 1

    members = combo_for(dialog, "Số đoàn viên")
    members.setCurrentIndex(members.findData(""))
    assert dialog.next_button.isEnabled()
    assert dialog.session is not None
    assert all(row.draft is not None and row.draft.members is None for row in dialog.session.preview.rows)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert [row[4] for row in preview_texts(dialog)] == ["", "", ""]
    assert [row[5] for row in preview_texts(dialog)] == ["30", "250", "11"]

    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    assert dialog.stack.currentIndex() == 1
    chair = combo_for(dialog, "Chủ tịch")
    chair.setCurrentIndex(chair.findData("name"))
    assert "Mỗi thông tin chỉ lấy từ một cột" in dialog.error_label.text()
    assert FIELD_LABELS["name"] in dialog.error_label.text()
    assert dialog.error_label.isVisible()
    assert not dialog.next_button.isEnabled()

    chair.setCurrentIndex(chair.findData("chair"))
    assert not dialog.error_label.isVisible()
    assert dialog.next_button.isEnabled()
    members.setCurrentIndex(members.findData("members"))
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert [row[4] for row in preview_texts(dialog)] == ["42", "310", "25"]
    assert context.units.list_units() == []


def test_not_an_xlsx_shows_the_reason_and_stays_on_step_one(qtbot: QtBot, context: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "danh_sach.xlsx"
    path.write_text("STT;Tên CĐCS;Số đoàn viên\n1;CĐCS A;10\n", encoding="utf-8")
    dialog = open_dialog(qtbot, context)
    assert not dialog.next_button.isEnabled()  # nothing chosen yet
    qtbot.keyClicks(dialog.path_edit, str(path))
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(dialog.error_label.isVisible)
    assert "danh_sach.xlsx" in dialog.error_label.text()
    assert "không phải tệp Excel .xlsx hợp lệ" in dialog.error_label.text()
    assert dialog.stack.currentIndex() == 0
    assert dialog.next_button.isVisible() and not dialog.import_button.isVisible()
    assert dialog.session is None
    assert context.units.list_units() == []


def test_path_given_opens_at_once_and_import_error_is_shown(qtbot: QtBot, context: AppContext, tmp_path: Path) -> None:
    coded = [[f"CD{n:02d}", *row[1:]] for n, row in enumerate(GOOD_ROWS, start=1)]
    path = write_workbook(tmp_path / "ds.xlsx", coded, headers=["Mã CĐCS", *HEADERS[1:]])
    dialog = ImportUnitsDialog(context.workbooks, path=path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == 1)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.import_button.isEnabled()
    assert not dialog.generated_label.isVisible()
    # Another window imports the same codes while this preview is open: the service checks again.
    context.workbooks.import_units(context.workbooks.open_workbook(path), excluded={3, 4})
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.error_label.isVisible)
    assert "Chưa nhập được" in dialog.error_label.text()
    assert "Mã CD03 đã có" in dialog.error_label.text()
    assert dialog.result() == 0 and dialog.imported == []
    assert [u.code for u in context.units.list_units()] == ["CD03"]  # all or nothing: no CD01, CD02


def show_problem_preview(qtbot: QtBot, context: AppContext, tmp_path: Path) -> ImportUnitsDialog:
    """Step 3 with an error of each kind and a warning; also used to take the documentation screenshot."""
    context.units.create(UnitDraft(code="CDCS900", name="CĐCS Bưu điện huyện Dương Minh Châu"))
    rows = [
        *GOOD_ROWS,
        [4, "CĐCS Trạm Y tế xã Phước Minh", -5, 0, "Phạm Thị Lan", "Hành chính sự nghiệp"],
        [5, "CĐCS Trường Mầm non Hoa Sen", 20, 26, "Võ Thị Mai", "Khối lạ"],
        [6, "CĐCS UBND xã Suối Đá", 18, 9, "Đỗ Văn Hùng", "Hành chính sự nghiệp"],
        [7, "CĐCS Bưu điện huyện Dương Minh Châu", 12, 5, "Ngô Thị Thu", "Hành chính sự nghiệp"],
    ]
    path = write_workbook(tmp_path / "ds.xlsx", rows)
    dialog = open_dialog(qtbot, context)
    load(qtbot, dialog, path)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    return dialog


def test_preview_colours_errors_and_warnings(qtbot: QtBot, context: AppContext, tmp_path: Path) -> None:
    dialog = show_problem_preview(qtbot, context, tmp_path)
    texts = preview_texts(dialog)
    assert [row[6] for row in texts] == ["Hợp lệ", "Hợp lệ", "Hợp lệ", "Có lỗi", "Có lỗi", "Có lỗi", "Lưu ý"]
    assert "trùng với dòng 5" in texts[5][7]
    assert "Khu vực «Khối lạ» không có trong danh mục" in texts[4][7]
    colours = [dialog.preview_table.item(r, 3).background().color().name() for r in range(7)]
    assert colours[3] == colours[4] == colours[5] != colours[6]
    assert colours[0] != colours[3]
    assert dialog.summary_label.text() == "7 dòng, 4 hợp lệ, 3 có lỗi, bỏ qua 0"
    assert dialog.grab().save(str(tmp_path / "step3.png"))


def test_a_problem_is_shown_whole_where_the_bad_value_is(qtbot: QtBot, context: AppContext, tmp_path: Path) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication

    bad = [4, "CĐCS Công ty Cổ phần Đầu tư Xây dựng và Thương mại Dịch vụ Phước Đông Tây Ninh", "12a", 5,
           "Phạm Văn Tú", "Khu vực không có trong danh mục của văn phòng"]
    path = write_workbook(tmp_path / "loi.xlsx", [*GOOD_ROWS, bad])
    dialog = open_dialog(qtbot, context)
    dialog.resize(1200, 660)
    load(qtbot, dialog, path)
    dialog.next_button.click()
    QApplication.processEvents()
    table = dialog.preview_table
    row = table.rowCount() - 1
    text = table.item(row, 7).text()
    assert "«12a»" in text
    # Wrapped, and the row is tall enough for every wrapped line: nothing is elided away.
    assert table.wordWrap()
    width = table.columnWidth(7)
    needed = table.fontMetrics().boundingRect(QRect(0, 0, width - 8, 10_000), int(Qt.TextFlag.TextWordWrap), text)
    qtbot.waitUntil(lambda: table.rowHeight(row) >= needed.height())


def test_history_details_wrap_and_rows_follow_the_width(qtbot: QtBot, demo_context: AppContext) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.dialogs.history_dialog import HistoryDialog

    units = demo_context.units
    unit = units.list_units()[0]
    long_reason = "Doanh nghiệp ngừng hoạt động theo quyết định số 123/QĐ-UBND ngày 15/10/2026 " * 3
    units.dissolve(unit.id, TODAY, long_reason.strip())
    dialog = HistoryDialog(units.get(unit.id), units.history(unit.id))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    table = dialog.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 4).text() == long_reason.strip())
    assert table.item(row, 4).toolTip() == long_reason.strip()
    width = table.columnWidth(4)
    needed = table.fontMetrics().boundingRect(
        QRect(0, 0, width - 8, 10_000), int(Qt.TextFlag.TextWordWrap), long_reason.strip()
    )
    qtbot.waitUntil(lambda: table.rowHeight(row) >= needed.height())
