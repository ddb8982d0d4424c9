"""«Công cụ › Lịch làm việc…» on the demo district: a year's days off and worked weekend days with where each rule
comes from (the holiday law, the government's shipped decisions, the office), and the office's own days added,
changed and removed with their grounds — refused without grounds or with a date that does not exist."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from desktop_app.bootstrap import AppContext
from desktop_app.ui.dialogs.calendar_dialog import GOVERNMENT, LAW, OFFICE, CalendarDialog
from desktop_app.ui.main_window import MainWindow
from tests.gui.helpers import when_modal

GROUNDS = "Nghỉ tất niên theo Thông báo số 12/TB-LĐLĐ"


def _rows(dialog: CalendarDialog) -> dict[date, tuple[bool, str, str]]:
    return {line.day: (line.working, line.name, line.source) for line in dialog.lines}


def _cells(dialog: CalendarDialog, day: date) -> list[str]:
    row = next(n for n, line in enumerate(dialog.lines) if line.day == day)
    return [dialog.table.item(row, c).text() for c in range(dialog.table.columnCount())]


def test_the_tools_menu_opens_the_calendar_of_this_year(qtbot: QtBot, window: MainWindow) -> None:
    assert window.calendar_action.isEnabled() and window.calendar_action.text() == "&Lịch làm việc…"
    menus = [a.text() for a in window.menuBar().actions()]
    assert "&Công cụ" in menus
    seen: list[tuple[str, int]] = []

    def look(dialog: CalendarDialog) -> None:
        seen.append((dialog.windowTitle(), dialog.year_spin.value()))
        dialog.reject()

    when_modal(look, CalendarDialog)
    window.calendar_action.trigger()
    assert seen == [("Lịch làm việc", 2026)]


def test_a_year_lists_the_law_the_government_and_the_office(qtbot: QtBot, demo_context: AppContext) -> None:
    dialog = CalendarDialog(demo_context.tracking, 2026)
    qtbot.addWidget(dialog)
    rows = _rows(dialog)
    assert rows[date(2026, 1, 1)] == (False, "Tết Dương lịch", LAW)
    assert rows[date(2026, 2, 17)] == (False, "Tết Nguyên Đán", LAW)
    # The swap decided by the government for 2026 (shipped with the app): a Friday off, a Saturday worked.
    assert rows[date(2026, 1, 2)][0:1] == (False,) and rows[date(2026, 1, 2)][2] == GOVERNMENT
    assert rows[date(2026, 1, 10)][0:1] == (True,) and rows[date(2026, 1, 10)][2] == GOVERNMENT
    assert _cells(dialog, date(2026, 1, 10))[:3] == ["10/01/2026", "Thứ bảy", "Làm việc"]
    assert _cells(dialog, date(2026, 1, 1))[4] == "Ngày lễ, Tết"
    assert _cells(dialog, date(2026, 1, 2))[4] == "Thông báo của Chính phủ"
    assert [line.day for line in dialog.lines] == sorted(rows)
    assert not dialog.remove_button.isEnabled()  # nothing of the office's yet
    dialog.year_spin.setValue(2025)
    assert date(2025, 1, 1) in _rows(dialog) and all(d.year == 2025 for d in _rows(dialog))


def test_the_office_adds_changes_and_removes_its_own_days(qtbot: QtBot, demo_context: AppContext) -> None:
    tracking = demo_context.tracking
    dialog = CalendarDialog(tracking, 2026)
    qtbot.addWidget(dialog)
    new_year_eve = date(2026, 12, 31)
    assert tracking.calendar().is_working_day(new_year_eve)

    # Without grounds it is refused, and nothing is stored.
    dialog.date_edit.setText("31/12/2026")
    dialog.note_edit.setText("  ")
    assert not dialog.save_day()
    assert "căn cứ" in dialog.error_label.text()
    assert tracking.office_days() == []
    # A date that does not exist is refused too.
    dialog.date_edit.setText("31/02/2026")
    dialog.note_edit.setText(GROUNDS)
    assert not dialog.save_day()
    assert dialog.error_label.text() != "" and tracking.office_days() == []

    dialog.date_edit.setText("31/12/2026")
    assert dialog.save_day()
    assert dialog.error_label.text() == ""
    assert [(d.day, d.working, d.note) for d in tracking.office_days()] == [(new_year_eve, False, GROUNDS)]
    assert not tracking.calendar().is_working_day(new_year_eve)
    assert _rows(dialog)[new_year_eve] == (False, GROUNDS, OFFICE)
    assert _cells(dialog, new_year_eve)[4] == "Của cơ quan"
    assert dialog.selected_line() is not None and dialog.remove_button.isEnabled()

    # A Saturday made a working day, then the grounds changed.
    saturday = date(2026, 12, 26)
    dialog.date_edit.setText("26/12/2026")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(True))
    dialog.note_edit.setText("Làm bù cho ngày 31/12")
    assert dialog.save_day()
    assert tracking.calendar().is_working_day(saturday)
    assert _rows(dialog)[saturday] == (True, "Làm bù cho ngày 31/12", OFFICE)
    dialog.note_edit.setText("Làm bù cho ngày nghỉ tất niên 31/12")
    assert dialog.save_day()
    assert {d.day: d.note for d in tracking.office_days()}[saturday] == "Làm bù cho ngày nghỉ tất niên 31/12"

    # Picking the office's day offers it in the form; removing it puts the law back.
    row = next(n for n, line in enumerate(dialog.lines) if line.day == new_year_eve)
    dialog.table.selectRow(row)
    assert dialog.date_edit.text() == "31/12/2026" and dialog.note_edit.text() == GROUNDS
    assert dialog.remove_day()
    assert [d.day for d in tracking.office_days()] == [saturday]
    assert tracking.calendar().is_working_day(new_year_eve)
    assert new_year_eve not in _rows(dialog)
    # A day of the law cannot be removed here.
    row = next(n for n, line in enumerate(dialog.lines) if line.day == date(2026, 1, 1))
    dialog.table.selectRow(row)
    assert not dialog.remove_button.isEnabled() and not dialog.remove_day()
