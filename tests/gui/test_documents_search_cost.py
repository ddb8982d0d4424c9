"""What one keystroke in the documents search box costs: one listing of the documents (the years are not read
again), the columns measured on the first rows and those in view, not the whole list, and no full garbage
collection walking start-up's objects (bench/bench_lists.py: 230 ms a keystroke with 5,000 documents before,
target < 50 ms)."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop_app.bootstrap import AppContext
from desktop_app.ui import app as app_module
from desktop_app.ui.document_actions import DocumentActions, DocumentSettings
from desktop_app.ui.pages.documents.documents_tab import DocumentsTab
from tests.conftest import TODAY
from tests.gui.helpers import type_text
from tests.gui.test_documents_page import plan

DOCUMENTS = 150


@pytest.fixture
def tab(qtbot: QtBot, context: AppContext) -> DocumentsTab:
    for n in range(DOCUMENTS):
        context.documents.create_draft(replace(plan(), summary=f"Tổ chức Tháng Công nhân, đợt {n}"))
    screen = QWidget()
    qtbot.addWidget(screen)
    tab = DocumentsTab(context.documents, context.registers, DocumentActions(context.documents, DocumentSettings(),
                       screen), QUndoStack(screen), clock=lambda: TODAY)  # fmt: skip
    qtbot.addWidget(tab)
    tab.resize(1100, 560)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def test_a_keystroke_lists_the_documents_once_and_leaves_the_years_alone(
    tab: DocumentsTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed: list[dict[str, Any]] = []
    real = tab.documents.list_documents

    def counted(**filters: Any) -> Any:
        listed.append(filters)
        return real(**filters)

    years_read: list[int] = []
    real_years = tab.documents.years

    def years() -> list[int]:
        years_read.append(1)
        return real_years()

    monkeypatch.setattr(tab.documents, "list_documents", counted)
    monkeypatch.setattr(tab.documents, "years", years)
    type_text(tab.search_edit, "t")
    assert [f.get("search") for f in listed] == ["t"]
    assert years_read == []  # typing changes no document, so not the years either
    tab.reload()  # after a change (a new draft, another clerk's), the years are read again
    assert years_read == [1]
    assert tab.model.rowCount() == DOCUMENTS
    assert [tab.year_combo.itemText(i) for i in range(tab.year_combo.count())][1:] == [str(TODAY.year)]


def test_a_keystroke_measures_the_first_rows_and_those_in_view_not_every_row(tab: DocumentsTab) -> None:
    type_text(tab.search_edit, "t")
    assert tab.model.rowCount() == DOCUMENTS
    # Qt's default (1,000 rows besides those in view) asked for 36,000 cells at every keystroke.
    assert 0 < tab.table.horizontalHeader().resizeContentsPrecision() <= 60
    widths = [tab.table.columnWidth(c) for c in range(tab.model.columnCount())]
    assert all(w > 0 for w in widths)


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()  # the other tests' objects stay collectable


def test_the_app_freezes_what_start_up_made_out_of_full_collections(
    qtbot: QtBot, context: AppContext, unfrozen: None
) -> None:
    # A full collection walks every tracked object: with start-up's objects in sight it took 50 ms in the
    # middle of a keystroke; frozen, it walks only what was made since.
    assert context.database.path is not None
    assert gc.get_freeze_count() == 0
    previous = sys.excepthook
    try:
        _app, window = app_module.launch(context.database.path, None)
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: hasattr(window, "units_page"), timeout=10_000)
        assert gc.get_freeze_count() > 10_000
    finally:
        sys.excepthook = previous
