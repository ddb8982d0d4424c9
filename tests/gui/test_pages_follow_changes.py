"""A change made anywhere shows on every page that lists it: another page, the database worker, or another
program on the same database (at the next refresh) — and a page that lists nothing that changed stays as it is."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.bootstrap import AppContext
from desktop_app.domain.changes import ChangeSet
from desktop_app.domain.units import UnitDraft
from desktop_app.services.registers import IncomingDraft
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import database_worker, run_in_background


def listed_names(window: MainWindow) -> set[str]:
    return {unit.name for unit in window.units_page.model.visible_units()}


def incoming_rows(window: MainWindow) -> list[str]:
    model = window.documents_page.incoming_tab.model
    return [model.record_at(row).their_symbol for row in range(model.rowCount())]


def test_a_unit_added_by_a_service_shows_on_the_units_page(qtbot: QtBot, window: MainWindow,
                                                           demo_context: AppContext) -> None:
    window.show_page("units")
    demo_context.units.create(UnitDraft(code="CDCS900", name="CĐCS Công ty Mới Thành Lập", sector="HCSN"))
    qtbot.waitUntil(lambda: "CĐCS Công ty Mới Thành Lập" in listed_names(window), timeout=3000)


def test_work_on_the_database_worker_is_announced_and_a_hidden_tab_catches_up_when_shown(
        qtbot: QtBot, window: MainWindow, demo_context: AppContext) -> None:
    window.show_page("documents")
    documents = window.documents_page
    documents.tabs.setCurrentWidget(documents.incoming_tab)
    documents.incoming_tab.year.setValue(2026)
    before = incoming_rows(window)
    heard: list[ChangeSet] = []
    window.data_events.changed.connect(heard.append)
    window.show_page("units")  # the incoming tab is hidden while the arrival is registered

    def register(_token: object) -> object:
        return demo_context.registers.register_incoming(
            IncomingDraft(date(2026, 11, 20), "UBND huyện Dương Minh Châu", "Về việc tổng kết năm", "88/KH-UBND"))

    done: list[object] = []
    run_in_background(window, "Đang vào sổ…", register, done.append, lambda exc: done.append(exc))
    qtbot.waitUntil(lambda: bool(done) and bool(heard), timeout=5000)
    assert database_worker().maxThreadCount() == 1
    assert heard[-1].touches("incoming")
    assert incoming_rows(window) == before  # not reloaded while hidden
    window.show_page("documents")
    qtbot.waitUntil(lambda: "88/KH-UBND" in incoming_rows(window), timeout=3000)


def test_a_unit_page_is_not_reloaded_for_a_document_change(qtbot: QtBot, window: MainWindow,
                                                            demo_context: AppContext) -> None:
    window.show_page("units")
    reloads: list[int] = []
    original = window.units_page.reload
    window.units_page._follower._reload = lambda: (reloads.append(1), original())  # type: ignore[method-assign]
    heard: list[ChangeSet] = []
    window.data_events.changed.connect(heard.append)
    draft = next(r for r in demo_context.documents.list_documents() if not r.issued)
    demo_context.documents.update_draft(draft.id, demo_context.documents.get(draft.id).document)
    qtbot.waitUntil(lambda: bool(heard), timeout=3000)
    assert heard[-1].touches("document") and reloads == []
    demo_context.units.create(UnitDraft(code="CDCS901", name="CĐCS Trường Mới", sector="HCSN"))
    qtbot.waitUntil(lambda: reloads == [1], timeout=3000)


def test_a_change_by_the_command_line_shows_at_the_next_refresh(qtbot: QtBot, window: MainWindow,
                                                                 demo_context: AppContext, tmp_path: Path) -> None:
    window.show_page("units")
    assert demo_context.database.path is not None
    workbook = tmp_path / "units.xlsx"
    export = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--db", str(demo_context.database.path), "units", "export",
         str(workbook)], capture_output=True, text=True, timeout=120)
    assert export.returncode == 0, export.stderr
    from openpyxl import Workbook, load_workbook

    exported = load_workbook(workbook).active
    assert exported is not None
    book = Workbook()  # the export's header and one new CĐCS
    sheet = book.active
    assert sheet is not None
    header = [cell.value for cell in exported[1]]
    sheet.append(header)
    sheet.append(["CDCS950", "CĐCS Hợp tác xã Nông nghiệp Bàu Năng"] + [None] * (len(header) - 2))
    book.save(workbook)
    imported = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--db", str(demo_context.database.path), "units", "import",
         str(workbook)], capture_output=True, text=True, timeout=120)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "CĐCS Hợp tác xã Nông nghiệp Bàu Năng" not in listed_names(window)  # another program: not heard
    window.refresh_data()  # what coming back to the window does
    qtbot.waitUntil(lambda: "CĐCS Hợp tác xã Nông nghiệp Bàu Năng" in listed_names(window), timeout=3000)


def test_a_page_writes_on_the_database_worker_and_gets_its_result_or_refusal(
        qtbot: QtBot, window: MainWindow, demo_context: AppContext) -> None:
    import threading

    from desktop_app.services.errors import UserError
    from desktop_app.ui.tasks import run_on_worker

    ui_thread = threading.current_thread()
    seen: list[threading.Thread] = []

    def dissolve(units: object) -> object:
        seen.append(threading.current_thread())
        unit = next(u for u in demo_context.units.list_units() if u.dissolved is None)
        return demo_context.units.dissolve(unit.id, date(2026, 11, 1), "giải thể thử")

    record = window.units_page.apply(dissolve)  # the page's one way to change a unit
    assert record is not None and record.dissolved == date(2026, 11, 1)
    assert seen and seen[0] is not ui_thread

    def refused() -> object:
        raise UserError("Không được")

    try:
        run_on_worker(refused, window)
    except UserError as exc:
        assert str(exc) == "Không được"  # raised here, on the UI thread, as if called directly
    else:
        raise AssertionError("the refusal was lost")


def test_a_register_reloaded_for_a_change_elsewhere_keeps_the_selected_line(
        qtbot: QtBot, window: MainWindow, demo_context: AppContext) -> None:
    window.show_page("documents")
    documents = window.documents_page
    documents.tabs.setCurrentWidget(documents.incoming_tab)
    tab = documents.incoming_tab
    year = tab.year.value()
    rows = tab.model.rowCount()
    tab.table.selectRow(rows - 1)
    chosen = tab.selected()
    assert chosen is not None
    day = date(2026, 11, 20) if year == 2026 else date(year, 12, 30)
    demo_context.registers.register_incoming(IncomingDraft(day, "UBND huyện", "Về việc khác", "99/UBND"))
    qtbot.waitUntil(lambda: tab.model.rowCount() == rows + 1, timeout=3000)  # reloaded: the new arrival is listed
    again = tab.selected()
    assert again is not None and again.id == chosen.id


def test_closing_at_exit_does_not_trip_over_a_worker_qt_has_already_destroyed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """At the program's end Qt may destroy the worker before the window: closing the office must still work
    quietly (an error dialog there would keep the program from ever exiting)."""
    import shiboken6
    from PySide6.QtCore import QThreadPool

    from desktop_app.ui import tasks

    gone = QThreadPool()
    monkeypatch.setattr(tasks, "_worker", gone)
    shiboken6.delete(gone)
    assert tasks.wait_for_worker() is True


def test_the_status_bar_counts_a_unit_added_while_another_page_is_shown(
        qtbot: QtBot, window: MainWindow, demo_context: AppContext) -> None:
    window.show_page("documents")
    before = window.units_page.model.active_count()
    assert f"{before} CĐCS" in window.home_label.text()
    demo_context.units.create(UnitDraft(code="CDCS902", name="CĐCS Công ty Bao bì Mới", sector="HCSN"))
    qtbot.waitUntil(lambda: f"{before + 1} CĐCS" in window.home_label.text(), timeout=3000)
