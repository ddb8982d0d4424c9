"""«Lịch sử thay đổi» on a real database: what the services change shows up, each filter narrows the lines, and
Enter opens the record a line is about on its own page."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import pairwise

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import bindparam, text

from desktop_app.bootstrap import AppContext
from desktop_app.domain.changes import KIND_LABELS
from desktop_app.domain.units import UnitDraft
from desktop_app.persistence import changes as change_hook
from desktop_app.services.history import ChangeEntry, HistoryFilter
from desktop_app.services.registers import IncomingDraft
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.pages.history_page import HistoryPage
from tests.gui.helpers import type_text


def school(code: str = "CDCS_LS1", members: int = 20) -> UnitDraft:
    return UnitDraft(code=code, name="CĐCS Trường Mầm non Lịch Sử", sector="HCSN", members=members,
                     female_members=15, workers=members + 2)


@pytest.fixture
def page(window: MainWindow) -> HistoryPage:
    window.show_page("history")
    QApplication.processEvents()
    return window.history_page


def entries(page: HistoryPage) -> list[ChangeEntry]:
    return page.model.rows()


def select(page: HistoryPage, wanted: ChangeEntry) -> None:
    row = page.model.row_where(lambda e: e.seq == wanted.seq)
    assert row is not None, wanted
    page.table.select_row(row)


def press_key(qtbot: QtBot, window: MainWindow, page: HistoryPage, key: Qt.Key) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page.table.setFocus()
    qtbot.keyClick(page.table, key)


def press_enter(qtbot: QtBot, window: MainWindow, page: HistoryPage) -> None:
    press_key(qtbot, window, page, Qt.Key.Key_Return)


def test_the_page_sits_after_documents_and_shows_every_kind(window: MainWindow, page: HistoryPage) -> None:
    assert window.page_names()[1:4] == ["units", "documents", "history"]  # after the start page
    assert window.page_titles()[3] == "Lịch sử thay đổi"
    assert window.page("history") is page and window.current_page() is page
    assert page.shows_kinds == frozenset(KIND_LABELS)
    assert [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())] == [
        "Số", "Thời gian", "Người sửa", "Loại", "Thao tác", "Nội dung"]
    # Newest first, as the service gives them.
    seqs = [e.seq for e in entries(page)]
    assert seqs and seqs == sorted(seqs, reverse=True)


def test_a_change_made_through_a_service_appears_after_reload(
    qtbot: QtBot, window: MainWindow, page: HistoryPage, demo_context: AppContext
) -> None:
    unit = demo_context.units.create(school())
    assert all(e.uuid != unit.uuid for e in entries(page))
    page.reload()
    [added] = [e for e in entries(page) if e.uuid == unit.uuid]
    row = page.model.row_where(lambda e: e.seq == added.seq)
    assert row is not None
    shown = [page.model.index(row, c).data() for c in range(page.model.columnCount())]
    assert shown[0] == str(added.seq) and shown[2] == added.actor
    assert shown[3:5] == ["Đơn vị", "Thêm"] and "CĐCS Trường Mầm non Lịch Sử" in shown[5]
    assert shown[1] == added.at.replace(tzinfo=UTC).astimezone().strftime("%d/%m/%Y %H:%M")

    # Shown again after another page: read again, without asking.
    window.show_page("units")
    demo_context.units.update(unit.id, school(members=25))
    window.show_page("history")
    assert [e.operation for e in entries(page) if e.uuid == unit.uuid] == ["update", "insert"]

    # F5 reads again too.
    demo_context.units.dissolve(unit.id, date(2026, 11, 20), "giải thể thử")
    press_key(qtbot, window, page, Qt.Key.Key_F5)
    assert [e.operation for e in entries(page) if e.uuid == unit.uuid] == ["dissolve", "update", "insert"]


def test_the_kind_filter_narrows_the_lines(page: HistoryPage, demo_context: AppContext) -> None:
    everything = len(entries(page))
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("document"))
    documents = entries(page)
    assert documents and {e.kind for e in documents} == {"document"} and len(documents) < everything
    assert page.kind_combo.itemText(0) == "Tất cả"
    assert [page.kind_combo.itemText(i) for i in range(1, page.kind_combo.count())] == list(KIND_LABELS.values())
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("signer"))
    signers = demo_context.history.recent(HistoryFilter(kind="signer"))
    assert [e.seq for e in entries(page)] == [e.seq for e in signers]
    page.kind_combo.setCurrentIndex(0)
    assert len(entries(page)) == everything


def test_the_unit_filter_shows_the_lines_of_that_unit(page: HistoryPage, demo_context: AppContext) -> None:
    unit = demo_context.units.create(school())
    demo_context.units.update(unit.id, school(members=30))
    page.reload()
    index = page.unit_combo.findData("CDCS_LS1")
    assert index > 0 and "CĐCS Trường Mầm non Lịch Sử" in page.unit_combo.itemText(index)
    page.unit_combo.setCurrentIndex(index)
    shown = entries(page)
    # The unit itself and the events of its own history.
    assert {(e.kind, e.operation) for e in shown} == {("unit", "insert"), ("unit", "update"), ("unit_event", "insert")}
    assert {e.unit_code for e in shown} == {"CDCS_LS1"}


def test_the_clerk_filter_lists_each_clerk_and_shows_only_his_changes(
    page: HistoryPage, demo_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(change_hook, "default_actor", lambda: "tran.thi.mai")
    unit = demo_context.units.create(school())
    page.reload()
    clerks = [page.actor_combo.itemData(i) for i in range(page.actor_combo.count())]
    assert clerks[0] is None and "tran.thi.mai" in clerks and len(clerks) >= 3
    page.actor_combo.setCurrentIndex(page.actor_combo.findData("tran.thi.mai"))
    assert {e.uuid for e in entries(page) if e.kind == "unit"} == {unit.uuid}
    assert {e.actor for e in entries(page)} == {"tran.thi.mai"}
    # The filter is kept when the page reads the log again.
    page.reload()
    assert page.actor_combo.currentData() == "tran.thi.mai" and {e.actor for e in entries(page)} == {"tran.thi.mai"}


def _dated(context: AppContext, seqs: list[int], at: datetime) -> None:
    with context.database.engine.begin() as connection:
        connection.execute(text("UPDATE change_log SET at = :at WHERE seq IN :seqs").bindparams(
            bindparam("seqs", expanding=True)), {"at": at, "seqs": seqs})


def test_the_days_narrow_the_lines_and_a_bad_day_changes_nothing(
    qtbot: QtBot, page: HistoryPage, demo_context: AppContext
) -> None:
    seqs = [e.seq for e in entries(page)]
    # Noon UTC: the same calendar day on any office clock from UTC-11 to UTC+11.
    _dated(demo_context, seqs[:3], datetime(2026, 11, 10, 12, 0))
    _dated(demo_context, seqs[3:5], datetime(2026, 11, 15, 12, 0))
    page.reload()
    type_text(page.start_edit, "10/11/2026")
    page.start_edit.editingFinished.emit()
    type_text(page.end_edit, "15/11/2026")
    page.end_edit.editingFinished.emit()
    assert sorted(e.seq for e in entries(page)) == sorted(seqs[:5])
    page.start_edit.setText("11/11/2026")
    page.start_edit.editingFinished.emit()
    assert sorted(e.seq for e in entries(page)) == sorted(seqs[3:5])

    page.end_edit.setText("32/11/2026")
    page.end_edit.editingFinished.emit()
    assert page.error_label.isVisibleTo(page) and "Đến hết ngày" in page.error_label.text()
    assert sorted(e.seq for e in entries(page)) == sorted(seqs[3:5])  # nothing changed

    page.end_edit.setText("1/11/2026")
    page.end_edit.editingFinished.emit()
    assert "ở trước ô «Từ ngày»" in page.error_label.text()
    assert sorted(e.seq for e in entries(page)) == sorted(seqs[3:5])

    page.start_edit.setText("1/1/2030")
    page.end_edit.clear()
    page.end_edit.editingFinished.emit()
    assert not page.error_label.isVisibleTo(page)
    assert entries(page) == [] and page.table.hint.isVisibleTo(page.table)
    assert page.table.hint.text() == "Chưa có thay đổi nào khớp bộ lọc."


def test_enter_on_a_unit_line_shows_the_unit_selected_even_behind_a_search(
    qtbot: QtBot, window: MainWindow, page: HistoryPage, demo_context: AppContext
) -> None:
    unit = demo_context.units.create(school())
    window.units_page.search_edit.setText("không có đơn vị nào tên này")
    page.reload()
    [line] = [e for e in entries(page) if e.uuid == unit.uuid]
    select(page, line)
    assert page.open_action.isEnabled()
    press_enter(qtbot, window, page)
    assert window.current_page() is window.units_page
    selected = window.units_page.selected_unit()
    assert selected is not None and selected.uuid == unit.uuid


def test_a_unit_event_opens_its_unit(qtbot: QtBot, window: MainWindow, page: HistoryPage,
                                     demo_context: AppContext) -> None:
    unit = demo_context.units.create(school())
    page.reload()
    [event] = [e for e in entries(page) if e.kind == "unit_event" and e.unit_code == unit.code]
    select(page, event)
    page.table.doubleClicked.emit(page.table.currentIndex())
    assert window.current_page() is window.units_page
    selected = window.units_page.selected_unit()
    assert selected is not None and selected.uuid == unit.uuid


def test_enter_on_a_document_line_shows_the_document_selected(
    qtbot: QtBot, window: MainWindow, page: HistoryPage, demo_context: AppContext
) -> None:
    documents_tab = window.documents_page.documents_tab
    documents_tab.search_edit.setText("không có văn bản nào như thế")
    # The demo's newest changes are its indicator figures: the documents' lines are found by their kind.
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("document"))
    line = next(e for e in entries(page) if e.kind == "document")
    select(page, line)
    press_enter(qtbot, window, page)
    assert window.current_page() is window.documents_page
    assert window.documents_page.tabs.currentWidget() is documents_tab
    selected = documents_tab.selected_document()
    assert selected is not None and selected.uuid == line.uuid


def test_an_incoming_line_shows_its_year_of_the_register_with_it_selected(
    qtbot: QtBot, window: MainWindow, page: HistoryPage, demo_context: AppContext
) -> None:
    entry = demo_context.registers.register_incoming(
        IncomingDraft(arrived_on=date(2019, 5, 6), sender="LĐLĐ tỉnh Tây Ninh", summary="Về việc thi đua năm 2019"))
    page.reload()
    select(page, next(e for e in entries(page) if e.uuid == entry.uuid))
    press_enter(qtbot, window, page)
    incoming = window.documents_page.incoming_tab
    assert window.current_page() is window.documents_page
    assert window.documents_page.tabs.currentWidget() is incoming and incoming.year.value() == 2019
    selected = incoming.selected()
    assert selected is not None and selected.uuid == entry.uuid


def test_an_outgoing_line_shows_its_number_in_the_outgoing_register(
    qtbot: QtBot, window: MainWindow, page: HistoryPage
) -> None:
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("outgoing"))
    oldest = entries(page)[-1]
    select(page, oldest)
    press_enter(qtbot, window, page)
    outgoing = window.documents_page.outgoing_tab
    assert window.documents_page.tabs.currentWidget() is outgoing
    selected = outgoing.selected()
    assert selected is not None and selected.uuid == oldest.uuid and outgoing.year.value() == selected.year


def test_a_line_without_a_page_cannot_be_opened_and_a_deleted_record_is_said(
    qtbot: QtBot, window: MainWindow, page: HistoryPage, demo_context: AppContext
) -> None:
    # The demo office's signer is set up with it; a signer has no page of its own. Narrowed to signers: the
    # demo's two years of report arrivals push the set-up beyond the latest lines shown.
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("signer"))
    select(page, next(e for e in entries(page) if e.kind == "signer"))
    assert not page.open_action.isEnabled()
    press_enter(qtbot, window, page)
    assert window.current_page() is page
    draft = next(d for d in demo_context.documents.list_documents() if not d.issued)
    demo_context.documents.delete_draft(draft.id)
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("document"))
    page.reload()
    select(page, next(e for e in entries(page) if e.uuid == draft.uuid and e.operation == "insert"))
    press_enter(qtbot, window, page)
    assert window.current_page() is page
    assert "không còn" in window.statusBar().currentMessage()


def test_every_column_is_in_view_at_1366x728_and_a_long_summary_has_its_tooltip(
    window: MainWindow, page: HistoryPage
) -> None:
    window.resize(1366, 728)
    QApplication.processEvents()
    header = page.table.horizontalHeader()
    assert sum(header.sectionSize(c) for c in range(header.count())) <= page.table.viewport().width()
    assert page.table.horizontalScrollBar().maximum() == 0
    for column in range(header.count() - 1):
        title = page.model.headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title)
    longest = max(range(page.model.rowCount()), key=lambda r: len(page.model.record_at(r).summary))
    index = page.model.index(longest, 5)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == page.model.record_at(longest).summary


def test_the_filters_are_reached_by_tab_and_by_alt_letters(qtbot: QtBot, window: MainWindow, page: HistoryPage
                                                            ) -> None:
    chain = [page.kind_combo, page.unit_combo, page.actor_combo, page.start_edit, page.end_edit, page.table]
    for before, after in pairwise(chain):
        assert before.nextInFocusChain() is after or _next_focusable(before) is after
    buddies = {label.buddy(): label.text() for label in page.findChildren(type(page.count_label))
               if label.buddy() is not None}
    assert [buddies[w] for w in chain[:5]] == ["&Loại:", "Đơn &vị:", "Người sử&a:", "Từ ngà&y:", "đến &hết ngày:"]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page.table.setFocus()
    for key, widget in zip((Qt.Key.Key_L, Qt.Key.Key_V, Qt.Key.Key_A, Qt.Key.Key_Y, Qt.Key.Key_H), chain[:5],
                           strict=True):
        qtbot.keyClick(page.table, key, Qt.KeyboardModifier.AltModifier)
        assert QApplication.focusWidget() is widget, key
        page.table.setFocus()


def _next_focusable(widget: object) -> object:
    current = widget.nextInFocusChain()  # type: ignore[attr-defined]
    while current is not widget and current.focusPolicy() == Qt.FocusPolicy.NoFocus:
        current = current.nextInFocusChain()
    return current
