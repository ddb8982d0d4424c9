"""Each tab of the Documents screen, and DocumentActions, built on their own over a real temporary database:
what each one needs comes through its constructor, without the page."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.bootstrap import AppContext
from desktop_app.domain.registers import NumberRequest
from desktop_app.services.registers import IncomingDraft
from desktop_app.ui.dialogs.issue_dialog import CancelNumberDialog, IssueDialog
from desktop_app.ui.dialogs.print_preview import PrintPreviewDialog
from desktop_app.ui.document_actions import DocumentActions, DocumentSettings
from desktop_app.ui.pages.documents import documents_tab as documents_tab_module
from desktop_app.ui.pages.documents.documents_tab import DocumentsTab
from desktop_app.ui.pages.documents.incoming_tab import IncomingTab
from desktop_app.ui.pages.documents.outgoing_tab import OutgoingTab
from tests.conftest import TODAY
from tests.gui.helpers import type_text, when_modal
from tests.gui.test_documents_page import plan


def shown(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.resize(1100, 560)
    widget.show()
    qtbot.waitExposed(widget)


def host(qtbot: QtBot) -> QWidget:
    """The widget dialogs open over, standing in for whichever screen holds the actions."""
    widget = QWidget()
    shown(qtbot, widget)
    return widget


class Remembered:
    """Settings as the main window keeps them: what the tabs read and what they ask to remember."""

    def __init__(self, folder: Path) -> None:
        self.folder = str(folder)
        self.remembered: list[str] = []

    def settings(self) -> DocumentSettings:
        return DocumentSettings(last_folder=lambda: self.folder, remember_folder=self._remember)

    def _remember(self, folder: str) -> None:
        self.remembered.append(folder)
        self.folder = folder


def test_the_outgoing_tab_alone_opens_on_the_latest_year_with_numbers_and_cancels_one(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    context.registers.take_number(NumberRequest(date(2025, 12, 1), "BC", "Báo cáo năm 2025"))
    tab = OutgoingTab(context.registers, Remembered(tmp_path).settings(), clock=lambda: TODAY)
    shown(qtbot, tab)
    # Nothing numbered in 2026 yet: last year's register is shown, this year is offered.
    assert tab.year.value() == 2025
    assert [tab.year.itemText(i) for i in range(tab.year.count())] == ["2026", "2025"]
    assert tab.model.rowCount() == 1 and not tab.cancel_number_action.isEnabled()
    tab.table.selectRow(0)
    assert tab.cancel_number_action.isEnabled()

    def give_reason(dialog: QWidget) -> None:
        assert isinstance(dialog, CancelNumberDialog)
        type_text(dialog.reason_edit, "Lấy nhầm số")
        dialog.accept()

    when_modal(give_reason, CancelNumberDialog)
    tab.cancel_number_action.trigger()
    assert context.registers.outgoing(2025)[0].cancelled
    assert tab.model.data(tab.model.index(0, 4)).startswith("Đã hủy")
    assert not tab.cancel_number_action.isEnabled()  # the cancelled number stays selected
    tab.year.setValue(2026)
    assert tab.model.rowCount() == 0
    assert tab.table.hint.text() == "Sổ văn bản đi năm 2026 chưa có số nào."


def test_the_incoming_tab_alone_saves_an_attachment_where_the_settings_say(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attachment = tmp_path / "cv-12.pdf"
    attachment.write_bytes(b"%PDF-1.4 cong van")
    context.registers.register_incoming(
        IncomingDraft(TODAY, "Huyện ủy Dương Minh Châu", "Công văn về việc báo cáo nhanh"), [attachment]
    )
    folder = tmp_path / "luu"
    folder.mkdir()
    settings = Remembered(folder)
    tab = IncomingTab(context.registers, settings.settings(), clock=lambda: TODAY)
    shown(qtbot, tab)
    assert tab.model.rowCount() == 1 and not tab.save_attachment_action.isEnabled()
    tab.table.selectRow(0)
    assert tab.save_attachment_action.isEnabled()
    suggested: list[str] = []
    target = tmp_path / "khac" / "ban-sao.pdf"
    target.parent.mkdir()

    def save_dialog(_parent: QWidget, _title: str, proposed: str, *_args: object) -> tuple[str, str]:
        suggested.append(proposed)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    tab.save_attachment_action.trigger()
    assert suggested == [str(folder / "cv-12.pdf")]
    assert target.read_bytes() == attachment.read_bytes()
    assert settings.remembered == [str(target.parent)]


def test_the_documents_tab_alone_issues_a_draft_says_a_number_was_taken_and_undoes_a_deletion(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = host(qtbot)
    undo = QUndoStack(screen)
    actions = DocumentActions(context.documents, DocumentSettings(), screen)
    first = context.documents.create_draft(plan())
    tab = DocumentsTab(context.documents, context.registers, actions, undo, clock=lambda: TODAY)
    shown(qtbot, tab)
    assert tab.status_label is actions.status_label  # the actions report on the tab's status line
    assert tab.select_document(first.id) and tab.issue_action.isEnabled()

    when_modal(lambda dialog: dialog.accept(), IssueDialog)  # type: ignore[attr-defined]
    with qtbot.waitSignal(tab.numbers_changed, timeout=5_000):
        tab.issue_action.trigger()
    assert context.documents.get(first.id).symbol == "01/KH-LĐLĐ"
    assert [entry.symbol for entry in context.registers.outgoing(TODAY.year)] == ["01/KH-LĐLĐ"]

    second = context.documents.create_draft(plan())
    tab.reload()
    assert tab.select_document(second.id)
    monkeypatch.setattr(documents_tab_module, "ask", lambda *_args, **_kwargs: 0)  # "Xóa dự thảo"
    tab.delete_action.trigger()
    assert second.uuid not in {r.uuid for r in context.documents.list_documents()}
    assert undo.count() == 1 and "Ctrl+Z" in tab.status_label.text()
    undo.undo()
    assert second.uuid in {r.uuid for r in context.documents.list_documents()}
    selected = tab.selected_document()
    assert selected is not None and selected.uuid == second.uuid


def test_document_actions_without_a_page_save_a_stored_document_as_pdf(
    qtbot: QtBot, demo_context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Remembered(tmp_path / "van-ban")
    actions = DocumentActions(demo_context.documents, settings.settings(), host(qtbot))
    record = next(r for r in demo_context.documents.list_documents() if r.symbol == "94/KH-LĐLĐ")
    suggested: list[str] = []
    target = tmp_path / "ra" / "ke hoach 94"  # no extension: ".pdf" is added
    target.parent.mkdir()

    def save_dialog(_parent: QWidget, _title: str, proposed: str, *_args: object) -> tuple[str, str]:
        suggested.append(proposed)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    actions.save_pdf(record)
    qtbot.waitUntil(lambda: "trang" in actions.status_label.text(), timeout=30_000)
    assert suggested == [str(tmp_path / "van-ban" / "94-KH-LĐLĐ.pdf")]
    assert settings.remembered == [str(target.parent)]
    written = target.with_suffix(".pdf")
    assert actions.status_label.text().startswith("Đã lưu «ke hoach 94.pdf»: ")
    assert actions.status_label.toolTip() == str(written)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(written), "-"], capture_output=True, check=True).stdout
    assert "Số: 94/KH-LĐLĐ" in text.decode("utf-8")


def test_document_actions_preview_an_unsaved_document_over_the_widget_given(
    qtbot: QtBot, context: AppContext
) -> None:
    """The editor's preview callable: what it holds, never stored, shown over the editor."""
    actions = DocumentActions(context.documents, DocumentSettings(), host(qtbot))
    editor_stand_in = host(qtbot)
    seen: dict[str, object] = {}

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, PrintPreviewDialog)
        seen["title"] = dialog.windowTitle()
        seen["over"] = dialog.parentWidget()
        seen["pages"] = len(dialog.page_labels)
        dialog.reject()

    when_modal(look, PrintPreviewDialog, attempts=1500)
    actions.preview_document(plan(), editor_stand_in)
    qtbot.waitUntil(lambda: bool(seen), timeout=30_000)
    assert seen["title"] == "Xem trước khi in — Tổ chức Tháng Công nhân năm 2026"
    assert seen["over"] is editor_stand_in and seen["pages"] == 1
    assert actions.status_label.text().startswith("Bản xem trước: 1 trang")
    assert context.documents.list_documents() == []
