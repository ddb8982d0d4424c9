"""The real main window on a real database: set-up, navigation, search, sort, dissolve, merge, undo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWizard
from pytestqt.qtbot import QtBot

from desktop_app.bootstrap import AppContext
from desktop_app.domain.vntext import collation_key, matches, search_key
from desktop_app.settings import UserSettings, load_settings
from desktop_app.ui.dialogs.dissolve_dialog import DissolveDialog
from desktop_app.ui.dialogs.import_dialog import ImportUnitsDialog
from desktop_app.ui.dialogs.merge_dialog import MergeDialog
from desktop_app.ui.dialogs.setup_wizard import SetupWizard
from desktop_app.ui.dialogs.unit_dialog import UnitDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.pages import units_page as units_page_module
from desktop_app.ui.pages.upcoming_page import UpcomingPage
from tests.conftest import TODAY
from tests.gui.helpers import type_text, when_modal


def shown_names(win: MainWindow) -> list[str]:
    return [u.name for u in win.units_page.visible_units()]


def units_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH CÔNG ĐOÀN CƠ SỞ"])
    sheet.append(["STT", "Tên CĐCS", "Khu vực", "Số đoàn viên", "Trong đó nữ", "Chủ tịch"])
    sheet.append([1, "CĐCS Trường Mầm non Hoa Sen", "Hành chính sự nghiệp", 24, 23, "Lê Thị Hoa"])
    sheet.append([2, "CĐCS Công ty TNHH Ánh Dương", "Doanh nghiệp ngoài nhà nước", "1.234", 600, "Phạm Văn Tú"])
    book.save(path)
    return path


def test_setup_wizard_then_main_window_and_import(qtbot: QtBot, empty_context: AppContext, tmp_path: Path) -> None:
    workbook = units_workbook(tmp_path / "cdcs.xlsx")
    wizard = SetupWizard(empty_context)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    home = wizard.home_page
    # Missing required fields keep the clerk on the page with the reason.
    wizard.next()
    assert wizard.currentPage() is home
    assert "tên đơn vị" in home.error_label.text()
    type_text(home.name_edit, "Liên đoàn Lao động huyện Tân Châu")
    type_text(home.abbreviation_edit, "LĐLĐ")
    type_text(home.place_edit, "Huyện Tân Châu")
    type_text(home.parent_edit, "Liên đoàn Lao động tỉnh Tây Ninh")
    wizard.next()
    assert wizard.currentPage() is wizard.signer_page
    type_text(wizard.signer_page.name_edit, "Trần Thị Mai")
    wizard.next()
    wizard.import_page.import_check.setChecked(True)
    wizard.import_page.path_edit.setText(str(workbook))
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result() == QWizard.DialogCode.Accepted
    profile = empty_context.office.profile()
    assert profile.home.name == "Liên đoàn Lao động huyện Tân Châu"
    assert profile.place_name == "Huyện Tân Châu"
    assert profile.signer is not None and profile.signer.name == "Trần Thị Mai"
    assert wizard.import_path == workbook

    win = MainWindow(empty_context, UserSettings(), clock=lambda: TODAY)
    qtbot.addWidget(win)
    win.show()
    assert win.page_titles() == [
        "Tổng quan", "Đơn vị", "Văn bản", "Lịch sử thay đổi", "Theo dõi báo cáo", "Chỉ tiêu", "Trao đổi dữ liệu"]
    assert "Liên đoàn Lao động huyện Tân Châu" in win.home_label.text()

    def drive_import(dialog: ImportUnitsDialog) -> None:
        qtbot.waitUntil(lambda: dialog.stack.currentIndex() == 1, timeout=10_000)
        dialog.next_button.click()
        qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
        dialog.import_button.click()

    when_modal(drive_import, ImportUnitsDialog)
    win.units_page.import_workbook(wizard.import_path)
    stored = {u.name: u for u in empty_context.units.list_units()}
    assert stored["CĐCS Công ty TNHH Ánh Dương"].members == 1234
    assert stored["CĐCS Trường Mầm non Hoa Sen"].sector == "HCSN"
    assert sorted(shown_names(win), key=collation_key) == shown_names(win)
    assert set(shown_names(win)) == set(stored)
    assert win.units_page.count_label.text() == "Hiển thị 2/2 đơn vị"


def test_empty_states_say_no_data_and_what_will_come(window: MainWindow) -> None:
    # Units, Documents, Tracking and Indicators are real pages; the exchange, still to come, shows an honest
    # empty state.
    window.nav_actions["documents"].trigger()
    assert window.current_page() is window.documents_page
    window.nav_actions["indicators"].trigger()
    assert window.current_page() is window.indicators_page
    for name in ("exchange",):
        window.nav_actions[name].trigger()
        page = window.page(name)
        assert isinstance(page, UpcomingPage) and window.current_page() is page
        assert page.empty_label.text() == "Chưa có dữ liệu."
        assert page.details_label.text().startswith("Phần ")
    window.nav_actions["units"].trigger()
    assert window.current_page() is window.units_page


def test_unaccented_search_filters_the_table(qtbot: QtBot, window: MainWindow, demo_context: AppContext) -> None:
    page = window.units_page
    qtbot.keyClicks(page.search_edit, "truong tieu hoc phuoc")
    names = shown_names(window)
    # Code, name, short name and chair are searched, accents and case ignored.
    expected = [u.name for u in demo_context.units.list_units(include_dissolved=False)
                if matches("truong tieu hoc phuoc", f"{u.code} {u.name} {u.short_name} {u.chair}")]
    assert names and sorted(names) == sorted(expected)
    assert "CĐCS Trường Tiểu học Phước Minh A" in names
    assert all("Trường Tiểu học" in n for n in names)
    assert page.count_label.text().startswith(f"Hiển thị {len(names)}/")
    page.search_edit.clear()
    assert len(shown_names(window)) == len(demo_context.units.list_units(include_dissolved=False))


def test_sector_filter_and_dissolved_toggle(window: MainWindow, demo_context: AppContext) -> None:
    page = window.units_page
    page.sector_combo.setCurrentIndex(page.sector_combo.findData("FDI"))
    fdi = [u for u in demo_context.units.list_units() if u.sector == "FDI"]
    assert sorted(shown_names(window)) == sorted(u.name for u in fdi if u.dissolved is None)
    page.sector_combo.setCurrentIndex(0)
    hidden = [u.name for u in demo_context.units.list_units() if u.dissolved]
    assert hidden and not set(hidden) & set(shown_names(window))
    page.dissolved_check.setChecked(True)
    assert set(hidden) <= set(shown_names(window))


def test_sorting_by_name_is_vietnamese_and_by_members_is_numeric(qtbot: QtBot, window: MainWindow) -> None:
    page = window.units_page
    names = shown_names(window)
    assert names == sorted(names, key=collation_key)
    header = page.table.horizontalHeader()
    members_column = next(i for i, c in enumerate(page.model.columns) if c.key == "members")
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.rect().topLeft() + _section_centre(header, members_column))
    members = [u.members or 0 for u in page.visible_units()]
    assert members in (sorted(members), sorted(members, reverse=True))
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.rect().topLeft() + _section_centre(header, members_column))
    again = [u.members or 0 for u in page.visible_units()]
    assert again == list(reversed(members)) or again == sorted(members, reverse=True)
    # Shown text is Vietnamese number formatting.
    big = max(page.visible_units(), key=lambda u: u.members or 0)
    row = page.model.row_of(big.id)
    assert row is not None
    text = page.model.index(row, members_column).data()
    assert text == f"{big.members:,}".replace(",", ".")


def _section_centre(header, column):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    return QPoint(x, header.height() // 2)


def select(window: MainWindow, name: str) -> None:
    page = window.units_page
    unit = next(u for u in page.visible_units() if u.name == name)
    assert page.select_unit(unit.id)


def test_dissolve_through_the_dialog_then_undo(qtbot: QtBot, window: MainWindow, demo_context: AppContext) -> None:
    page = window.units_page
    target = next(u for u in page.visible_units() if u.sector == "NNN")
    select(window, target.name)

    def fill(dialog: DissolveDialog) -> None:
        dialog.date_edit.setText("31/10/2026")
        type_text(dialog.reason_edit, "Doanh nghiệp ngừng hoạt động")
        dialog.accept()

    when_modal(fill, DissolveDialog)
    page.dissolve_action.trigger()
    stored = demo_context.units.get(target.id)
    assert stored.dissolved == date(2026, 10, 31)
    assert target.name not in shown_names(window)
    page.dissolved_check.setChecked(True)
    row = page.model.row_of(target.id)
    assert row is not None
    status_column = next(i for i, c in enumerate(page.model.columns) if c.key == "status")
    assert page.model.index(row, status_column).data() == "Giải thể 31/10/2026"
    history = demo_context.units.history(target.id)
    assert history[-1].kind == "dissolved" and history[-1].detail == "Doanh nghiệp ngừng hoạt động"

    page.undo_action.trigger()
    assert demo_context.units.get(target.id).dissolved is None
    page.redo_action.trigger()
    assert demo_context.units.get(target.id).dissolved == date(2026, 10, 31)


def test_dissolve_dialog_refuses_a_bad_date_and_keeps_the_text(qtbot: QtBot, window: MainWindow,
                                                              demo_context: AppContext) -> None:
    page = window.units_page
    target = page.visible_units()[0]
    select(window, target.name)
    seen: dict[str, str] = {}

    def fill(dialog: DissolveDialog) -> None:
        dialog.date_edit.setText("31/02/2026")
        dialog.reason_edit.setText("lý do đã gõ")
        dialog.accept()
        seen["error"] = dialog.error_label.text()
        seen["reason"] = dialog.reason_edit.text()
        dialog.reject()

    when_modal(fill, DissolveDialog)
    page.dissolve_action.trigger()
    assert "không hợp lệ" in seen["error"] or "không có ngày" in seen["error"]
    assert seen["reason"] == "lý do đã gõ"
    assert demo_context.units.get(target.id).dissolved is None


def test_merge_through_the_dialog(qtbot: QtBot, window: MainWindow, demo_context: AppContext,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    page = window.units_page
    schools = [u for u in page.visible_units() if "Trường Tiểu học" in u.name]
    source, target = schools[0], schools[1]
    select(window, source.name)
    monkeypatch.setattr(units_page_module, "ask", lambda *args, **kwargs: 0)  # "Sáp nhập"

    def choose(dialog: MergeDialog) -> None:
        qtbot.keyClicks(dialog.search_edit, search_key(target.name))
        assert dialog.list.count() == 1
        dialog.accept()

    when_modal(choose, MergeDialog)
    page.merge_action.trigger()
    merged = demo_context.units.get(source.id)
    receiving = demo_context.units.get(target.id)
    assert merged.merged_into_code == target.code
    assert receiving.members == (source.members or 0) + (target.members or 0)
    assert source.name not in shown_names(window)
    assert page.selected_unit() is not None and page.selected_unit().id == target.id
    kinds = {(e.unit_code, e.kind) for e in demo_context.units.history(target.id)}
    assert (source.code, "merged_into") in kinds and (target.code, "absorbed") in kinds


def test_edit_dialog_shows_problems_and_keeps_typed_text(qtbot: QtBot, window: MainWindow,
                                                        demo_context: AppContext) -> None:
    page = window.units_page
    unit = page.visible_units()[0]
    select(window, unit.name)
    seen: dict[str, str] = {}

    def edit(dialog: UnitDialog) -> None:
        dialog.members_edit.setText("10")
        dialog.female_edit.setText("12")
        dialog.chair_edit.setText("Người mới")
        dialog.accept()
        seen["error"] = dialog.error_label.text()
        seen["chair"] = dialog.chair_edit.text()
        dialog.female_edit.setText("7")
        dialog.accept()

    when_modal(edit, UnitDialog)
    page.edit_action.trigger()
    assert "lớn hơn tổng số đoàn viên" in seen["error"]
    assert seen["chair"] == "Người mới"
    stored = demo_context.units.get(unit.id)
    assert (stored.members, stored.female_members, stored.chair) == (10, 7, "Người mới")
    page.undo_action.trigger()
    assert demo_context.units.get(unit.id).members == unit.members


def test_add_unit_with_keyboard(qtbot: QtBot, window: MainWindow, demo_context: AppContext) -> None:
    page = window.units_page
    window.show_page("units")  # the start page (Tổng quan) comes first

    def add(dialog: UnitDialog) -> None:
        qtbot.keyClicks(dialog.code_edit, "cdcs900")
        type_text(dialog.name_edit, "CĐCS Trường Mầm non Bình Minh")
        qtbot.keyClicks(dialog.members_edit, "1.050")
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)

    when_modal(add, UnitDialog)
    page.add_action.trigger()
    added = demo_context.units.by_code("CDCS900")
    assert added.members == 1050
    assert page.selected_unit() is not None and page.selected_unit().code == "CDCS900"


def test_window_geometry_is_remembered(qtbot: QtBot, demo_context: AppContext) -> None:
    first = MainWindow(demo_context, load_settings(), clock=lambda: TODAY)
    qtbot.addWidget(first)
    first.show()
    # The offscreen screen is 800×600 and the window's minimum width is about that, so the height
    # (default 760, clamped) is what shows the remembered geometry.
    first.resize(first.width(), 530)
    first.close()
    second = MainWindow(demo_context, load_settings(), clock=lambda: TODAY)
    qtbot.addWidget(second)
    assert second.height() == 530


def test_invalid_header_data_does_not_corrupt_none(window: MainWindow) -> None:
    """PySide6 6.12.0 on Python 3.11 corrupts None's refcount on invalid QVariants (ARCHITECTURE.md)."""
    import sys

    before = sys.getrefcount(None)
    model = window.units_page.model
    header = window.units_page.table.horizontalHeader()
    for _ in range(20_000):
        # Through Qt (C++ calling back into Python), as the view does.
        header.model().headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DecorationRole)
        model.data(QModelIndex())
    assert abs(sys.getrefcount(None) - before) < 1_000


def test_no_widget_text_field_left_in_a_bad_state(window: MainWindow) -> None:
    assert isinstance(window.units_page.search_edit, QLineEdit)
    assert window.units_page.search_edit.placeholderText().startswith("Tìm theo tên")


def test_keyboard_only_find_and_open(qtbot: QtBot, window: MainWindow, demo_context: AppContext) -> None:
    page = window.units_page
    window.show_page("units")  # the start page (Tổng quan) comes first
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search_edit.hasFocus()
    qtbot.keyClicks(page.search_edit, "tieu hoc phuoc minh")
    # Enter in the search box does not open anything; Down then Enter in the table does.
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    assert QApplication.activeModalWidget() is None
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    chosen = page.selected_unit()
    assert chosen is not None and chosen == page.visible_units()[0]
    opened: list[str] = []

    def look(dialog: UnitDialog) -> None:
        opened.append(dialog.name_edit.text())
        dialog.reject()

    when_modal(look, UnitDialog)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened == [chosen.name]
    assert "Tiểu học Phước Minh" in opened[0]


def test_export_from_the_units_page(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    target = tmp_path / "xuat" / "danh sach"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kwargs: (str(target), ""))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: told.append(text))
    window.units_page.export_action.trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    written = target.with_suffix(".xlsx")
    assert written.exists()
    sheet = openpyxl.load_workbook(written).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted(u.name for u in window.units_page.model.visible_units())
    assert str(written) in told[0]
    assert window.settings.last_folder == str(target.parent)
