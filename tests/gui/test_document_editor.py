"""The structured editor (Soạn văn bản) driven as a clerk would: the body tree, tasks with what the app
understood of their timing, basis lines from the incoming register, undo, unsaved copies, and the whole
road from a template to a numbered, previewed and printed plan."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QPoint, QRect, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.bootstrap import AppContext
from desktop_app.domain.documents import ListItem, Paragraph, Section, Task
from desktop_app.services.documents import DocumentListing, DocumentRecord
from desktop_app.ui.dialogs.document_editor import DocumentEditor, IncomingPicker
from desktop_app.ui.dialogs.issue_dialog import IssueDialog
from desktop_app.ui.dialogs.print_preview import PrintPreviewDialog
from desktop_app.ui.dialogs.template_dialog import TemplateDialog
from desktop_app.ui.pages.documents.page import DocumentsPage, DocumentsPageDeps
from tests.conftest import TODAY
from tests.gui.helpers import type_text, when_modal
from tests.gui.test_print_preview import pdf_printer
from tests.pdf_tools import CHECKER

MID_TERM = "ke-hoach-so-ket-giua-nhiem-ky"


def open_editor(qtbot: QtBot, context: AppContext, record: DocumentListing,
                previews: list[Any] | None = None, activate: bool = True) -> DocumentEditor:
    opened = record if isinstance(record, DocumentRecord) else context.documents.get(record.id)
    editor = DocumentEditor(
        opened, context.documents, context.registers.recent_incoming, context.registers.incoming_entry,
        lambda doc, parent: (previews if previews is not None else []).append(doc), lambda: TODAY,
    )
    # Closing at the end of a test must not stop at the "save changes?" question.
    qtbot.addWidget(editor, before_close_func=lambda widget: widget.undo_stack.setClean())
    editor.show()
    qtbot.waitExposed(editor)
    if activate:
        editor.activateWindow()  # keyboard shortcuts reach the active window only
        qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    return editor


def pick(editor: DocumentEditor, path: tuple[int, ...]) -> None:
    item = editor.tree.topLevelItem(path[0])
    for index in path[1:]:
        assert item is not None
        item = item.child(index)
    assert item is not None
    editor.tree.setCurrentItem(item)


def tree_texts(editor: DocumentEditor) -> list[str]:
    out: list[str] = []

    def walk(item: Any, depth: int) -> None:
        out.append("  " * depth + item.text(0))
        for i in range(item.childCount()):
            walk(item.child(i), depth + 1)

    for i in range(editor.tree.topLevelItemCount()):
        walk(editor.tree.topLevelItem(i), 0)
    return out


def test_building_a_plan_body_with_sections_items_and_tasks(qtbot: QtBot, context: AppContext) -> None:
    record = context.templates.create_blank("KH")
    editor = open_editor(qtbot, context, record)
    editor.tabs.setCurrentIndex(2)
    assert editor.node_stack.currentIndex() == 0  # nothing selected: the hint

    editor.add_section_action.trigger()
    assert editor.focusWidget() is editor.heading_edit  # the new heading is ready for typing
    type_text(editor.heading_edit, "Mục đích, yêu cầu")
    editor.add_item_action.trigger()  # a selected section takes the item inside it, numbered "1."
    type_text(editor.node_text_edit, "Động viên đoàn viên")
    editor.add_item_action.trigger()  # after a selected item: its sibling, same marker
    type_text(editor.node_text_edit, "Tổ chức tốt")
    pick(editor, (0,))
    editor.add_section_action.trigger()  # a section after a section of the same level
    type_text(editor.heading_edit, "Tổ chức thực hiện")
    editor.add_task_action.trigger()
    type_text(editor.task_text_edit, "Gửi báo cáo sơ kết về LĐLĐ huyện")
    editor.who_combo.setEditText("Các CĐCS")
    type_text(editor.timing_edit, "Thời gian hoàn thành: trước ngày 15/12/2026")

    assert tree_texts(editor) == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "  1. Động viên đoàn viên",
        "  2. Tổ chức tốt",
        "II. TỔ CHỨC THỰC HIỆN",
        "  - Gửi báo cáo sơ kết về LĐLĐ huyện [Các CĐCS]",
    ]
    task_item = editor.tree.topLevelItem(1).child(0)
    assert task_item.text(1).endswith("→ hạn cuối 15/12/2026")
    assert editor.understood_label.text() == task_item.text(1)
    assert editor.windowTitle().endswith("*")

    assert editor.save()
    assert not editor.windowTitle().endswith("*")
    stored = context.documents.get(record.id).document
    assert stored.body == (
        Section("Mục đích, yêu cầu", 1, (ListItem("Động viên đoàn viên", "1."), ListItem("Tổ chức tốt", "1."))),
        Section("Tổ chức thực hiện", 1, (Task("Gửi báo cáo sơ kết về LĐLĐ huyện", "Các CĐCS",
                                              "Thời gian hoàn thành: trước ngày 15/12/2026"),)),
    )


def test_an_unreadable_timing_is_flagged_and_can_be_set_by_hand(qtbot: QtBot, context: AppContext) -> None:
    record = context.templates.create_blank("KH")
    editor = open_editor(qtbot, context, record)
    editor.tabs.setCurrentIndex(2)
    editor.add_task_action.trigger()
    type_text(editor.task_text_edit, "Báo cáo kết quả")
    type_text(editor.timing_edit, "Thời gian: khi có yêu cầu của cấp trên")
    assert editor.understood_label.text().startswith("⚠ Chưa hiểu")
    assert "1 nhiệm vụ có thời hạn chưa hiểu được" in editor.problems_label.text()

    editor.due_edit.setDate(QDate(2027, 1, 10))
    editor.due_check.setChecked(True)
    assert editor.understood_label.text() == "Hạn do văn thư đặt: 10/01/2027"
    assert "chưa hiểu được" not in editor.problems_label.text()
    editor.save()
    (task,) = context.documents.get(record.id).document.body
    assert isinstance(task, Task) and task.due == date(2027, 1, 10)
    assert task.timing == "Thời gian: khi có yêu cầu của cấp trên"  # the words stay as typed


def test_undo_takes_back_a_fields_typing_at_once_and_structure_edits_one_by_one(
    qtbot: QtBot, context: AppContext
) -> None:
    record = context.templates.create_blank("KH")
    editor = open_editor(qtbot, context, record)
    type_text(editor.summary_edit, "Tổ chức Tháng Công nhân")
    editor.tabs.setCurrentIndex(2)
    editor.add_paragraph_action.trigger()
    type_text(editor.node_text_edit, "Đoạn một")
    editor.add_paragraph_action.trigger()
    type_text(editor.node_text_edit, "Đoạn hai")
    editor.up_action.trigger()
    assert [getattr(n, "text", "") for n in editor.doc.body] == ["Đoạn hai", "Đoạn một"]

    qtbot.keyClick(editor.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the move
    assert [getattr(n, "text", "") for n in editor.doc.body] == ["Đoạn một", "Đoạn hai"]
    editor.undo_stack.undo()  # all of "Đoạn hai" at once
    assert [getattr(n, "text", "") for n in editor.doc.body] == ["Đoạn một", ""]
    editor.undo_stack.undo()  # the added paragraph
    assert editor.doc.body == (Paragraph("Đoạn một"),)
    assert tree_texts(editor) == ["Đoạn một"]
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert editor.doc.body == ()
    editor.undo_stack.undo()
    assert editor.doc.summary == "" and editor.summary_edit.toPlainText() == ""
    assert editor.undo_stack.isClean() and not editor.windowTitle().endswith("*")
    editor.undo_stack.redo()
    assert editor.summary_edit.toPlainText() == "Tổ chức Tháng Công nhân"


def test_indent_and_outdent_with_the_keyboard(qtbot: QtBot, context: AppContext) -> None:
    record = context.templates.create_blank("KH")
    editor = open_editor(qtbot, context, record)
    editor.tabs.setCurrentIndex(2)
    editor.add_section_action.trigger()
    type_text(editor.heading_edit, "Nội dung")
    pick(editor, (0,))
    editor.add_section_action.trigger()
    type_text(editor.heading_edit, "Tuyên truyền")
    editor.tree.setFocus()
    qtbot.keyClick(editor.tree, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert tree_texts(editor) == ["I. NỘI DUNG", "  1. Tuyên truyền"]  # a heading inside becomes a sub-heading
    editor.level_spin.setValue(3)
    assert tree_texts(editor) == ["I. NỘI DUNG", "  1. Tuyên truyền"]  # no "1." above it to number "1.1." from
    qtbot.keyClick(editor.tree, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert tree_texts(editor) == ["I. NỘI DUNG", "II. TUYÊN TRUYỀN"]
    qtbot.keyClick(editor.tree, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # already outermost
    assert "ngoài cùng" in editor.problems_label.text()
    assert editor.selected_path() == (1,)
    editor.delete_action.trigger()
    assert tree_texts(editor) == ["I. NỘI DUNG"] and editor.selected_path() == (0,)


def test_basis_line_from_the_incoming_register_keeps_its_link(qtbot: QtBot, demo_context: AppContext) -> None:
    record = demo_context.templates.create_blank("KH")
    editor = open_editor(qtbot, demo_context, record)
    editor.tabs.setCurrentIndex(1)
    seen: dict[str, Any] = {}

    def choose(widget: QWidget) -> None:
        assert isinstance(widget, IncomingPicker)
        seen["all"] = widget.list.count()
        type_text(widget.filter_edit, "xyz không có")
        widget.accept()  # nothing listed: refused with a hint, the picker stays open
        seen["hint"] = widget.hint.text()
        widget.filter_edit.clear()
        type_text(widget.filter_edit, "ke hoach 213")  # no accents needed
        seen["filtered"] = [widget.list.item(i).text() for i in range(widget.list.count())]
        widget.accept()

    when_modal(choose, IncomingPicker)
    editor.add_from_incoming_button.click()
    assert seen["all"] == 3  # the documents the demo's two plans cite
    assert seen["hint"] == "Chưa chọn văn bản nào."
    assert len(seen["filtered"]) == 1 and "213/KH-LĐLĐ" in seen["filtered"][0]
    (line,) = editor.doc.basis
    assert line.text == ("Thực hiện Kế hoạch số 213/KH-LĐLĐ ngày 22/3/2021 của Ban Thường vụ Liên đoàn Lao động "
                         "tỉnh Tây Ninh về việc thực hiện Chương trình hành động số 13-CTr/TU ngày 22/12/2020 "
                         "của Ban Chấp hành Đảng bộ tỉnh;")
    entry = demo_context.registers.incoming_entry(line.incoming_uuid or "")
    assert entry is not None and entry.their_symbol == "213/KH-LĐLĐ"
    assert editor.basis_link_label.text() == f"Liên kết: sổ đến số {entry.arrival_number}/2021."
    assert "[sổ đến số" in editor.basis_list.item(0).text()
    editor.basis_edit.moveCursor(QTextCursor.MoveOperation.End)
    type_text(editor.basis_edit, " (bổ sung)")  # editing the words keeps the link
    editor.save()
    stored = demo_context.documents.get(record.id).document.basis[0]
    assert stored.incoming_uuid == entry.uuid and stored.text.endswith("(bổ sung)")

    when_modal(lambda picker: picker.reject(), IncomingPicker)
    editor.add_from_incoming_button.click()  # cancelled: nothing added
    assert len(editor.doc.basis) == 1


def test_a_crash_loses_nothing_typed(qtbot: QtBot, context: AppContext) -> None:
    record = context.templates.create_blank("KH")
    editor = open_editor(qtbot, context, record)
    type_text(editor.summary_edit, "Kế hoạch gõ dở")
    qtbot.waitUntil(lambda: context.documents.unsaved_copy(record) is not None, timeout=5000)
    # The app dies here: no save, no close question. The next editor offers the copy back.
    editor.hide()
    seen: dict[str, str] = {}

    def restore(widget: QWidget) -> None:
        assert isinstance(widget, QMessageBox)
        seen["question"] = widget.text()
        next(b for b in widget.buttons() if b.text() == "Khôi phục").click()

    when_modal(restore, QMessageBox)
    again = open_editor(qtbot, context, context.documents.get(record.id), activate=False)
    qtbot.waitUntil(lambda: "question" in seen)
    assert "chưa lưu" in seen["question"]
    assert again.summary_edit.toPlainText() == "Kế hoạch gõ dở"
    assert again.windowTitle().endswith("*")  # restored, not yet saved
    again.save()
    assert context.documents.unsaved_copy(context.documents.get(record.id)) is None


def test_closing_with_changes_asks_and_cancel_keeps_everything(qtbot: QtBot, context: AppContext) -> None:
    record = context.templates.create_blank("KH")
    editor = open_editor(qtbot, context, record)
    type_text(editor.summary_edit, "Chưa lưu")
    answers = iter(["Hủy", "Không lưu"])

    def answer(widget: QWidget) -> None:
        assert isinstance(widget, QMessageBox)
        wanted = next(answers)
        next(b for b in widget.buttons() if b.text() == wanted).click()

    when_modal(answer, QMessageBox)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert editor.isVisible() and editor.summary_edit.toPlainText() == "Chưa lưu"
    when_modal(answer, QMessageBox)
    editor.close_button.click()
    assert not editor.isVisible()
    assert context.documents.get(record.id).document.summary == ""
    assert context.documents.unsaved_copy(context.documents.get(record.id)) is None


def test_an_issued_document_does_not_open_for_editing(qtbot: QtBot, demo_context: AppContext) -> None:
    plan = next(r for r in demo_context.documents.list_documents() if r.issued)
    from desktop_app.services.errors import UserError

    with pytest.raises(UserError, match="đã ban hành"):
        DocumentEditor(plan, demo_context.documents, lambda: [], lambda _u: None, lambda d, p: None)


def test_someone_else_saving_first_is_reported_not_overwritten(qtbot: QtBot, context: AppContext,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    record = context.templates.create_blank("KH")
    editor = open_editor(qtbot, context, record)
    context.documents.update_draft(record.id, record.document.__class__(
        **{**record.document.__dict__, "summary": "Sửa ở máy khác"}))
    type_text(editor.summary_edit, "Sửa ở đây")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    assert not editor.save()
    assert "vừa được sửa ở nơi khác" in shown[0]
    assert context.documents.get(record.id).document.summary == "Sửa ở máy khác"
    assert editor.summary_edit.toPlainText() == "Sửa ở đây"  # what was typed is still on screen


def test_template_to_edited_numbered_previewed_and_printed_plan(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole road a clerk takes: template → editor → save → issue (number) → preview → print."""
    page = DocumentsPage(DocumentsPageDeps(context.documents, context.registers, context.templates, lambda: TODAY))
    qtbot.addWidget(page)
    page.resize(1100, 560)
    page.show()
    seen: dict[str, Any] = {}
    printed = tmp_path / "in-tu-xem-truoc.pdf"

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, TemplateDialog)
        assert dialog.select_template(MID_TERM)
        type_text(dialog.field_edits["congress"], "Đại hội Công đoàn huyện Dương Minh Châu lần thứ IX")
        type_text(dialog.field_edits["term"], "nhiệm kỳ 2023-2028")
        type_text(dialog.field_edits["upstream_plan"], "Kế hoạch số 166/KH-LĐLĐ ngày 10/9/2025 của LĐLĐ tỉnh")
        type_text(dialog.field_edits["cdcs_deadline"], "15/11/2026")
        dialog.accept()

    def look_at_preview(widget: QWidget) -> None:
        assert isinstance(widget, PrintPreviewDialog)
        seen["preview_pages"] = len(widget.page_labels)
        seen["printed_pages"] = widget.print_to(pdf_printer(printed))
        widget.reject()

    def edit(widget: QWidget) -> None:
        assert isinstance(widget, DocumentEditor)
        editor = widget
        try:
            editor.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
            seen["tree"] = tree_texts(editor)
            last_section = (editor.tree.topLevelItemCount() - 1,)
            pick(editor, last_section)
            editor.add_task_action.trigger()
            type_text(editor.task_text_edit, "Gửi báo cáo kết quả sơ kết về Thường trực LĐLĐ huyện")
            editor.who_combo.setEditText("Các CĐCS")
            type_text(editor.timing_edit, "Thời gian hoàn thành: chậm nhất ngày 20/12/2026")
            seen["understood"] = editor.understood_label.text()
            qtbot.keyClick(editor.tree, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
            seen["saved"] = editor.undo_stack.isClean()
            when_modal(look_at_preview, PrintPreviewDialog, attempts=1500)
            editor.preview_button.click()
            qtbot.waitUntil(lambda: "printed_pages" in seen, timeout=30_000)
            editor.grab().save(str(tmp_path / "editor.png"))
        finally:
            seen.setdefault("saved", False)
            editor.undo_stack.setClean()  # a failure above must not leave the "save?" question open
            editor.reject()

    when_modal(fill, TemplateDialog)
    when_modal(edit, DocumentEditor, attempts=1500)
    page.documents_tab.new_from_template_action.trigger()
    qtbot.waitUntil(lambda: "saved" in seen and QApplication.activeModalWidget() is None, timeout=30_000)
    assert "I. MỤC ĐÍCH, YÊU CẦU" in seen["tree"]
    assert seen["understood"].endswith("hạn cuối 20/12/2026")
    assert seen["saved"] is True
    assert seen["preview_pages"] == seen["printed_pages"] >= 2
    info = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {seen['printed_pages']}" in info

    draft = page.documents_tab.selected_document()
    assert draft is not None and not draft.issued
    when_modal(lambda d: d.accept(), IssueDialog)  # type: ignore[attr-defined]
    page.documents_tab.issue_action.trigger()
    issued = context.documents.get(draft.id)
    assert issued.symbol == "01/KH-LĐLĐ"

    target = tmp_path / "so-ket.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    page.documents_tab.save_pdf_action.trigger()
    qtbot.waitUntil(lambda: target.exists() and "trang" in page.documents_tab.status_label.text(), timeout=30_000)
    text = " ".join(subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Số: 01/KH-LĐLĐ" in text
    assert "- Gửi báo cáo kết quả sơ kết về Thường trực LĐLĐ huyện" in text
    assert "Đơn vị thực hiện: Các CĐCS." in text
    assert "Thời gian hoàn thành: chậm nhất ngày 20/12/2026." in text
    result = subprocess.run([sys.executable, str(CHECKER), str(target)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr

    # The numbered plan, previewed from the list and printed (to a PDF printer here) as the clerk would.
    numbered = tmp_path / "in-ban-chinh-thuc.pdf"

    def print_numbered(widget: QWidget) -> None:
        assert isinstance(widget, PrintPreviewDialog)
        seen["numbered title"] = widget.windowTitle()
        seen["numbered pages"] = widget.print_to(pdf_printer(numbered))
        widget.reject()

    when_modal(print_numbered, PrintPreviewDialog, attempts=1500)
    page.documents_tab.preview_action.trigger()
    qtbot.waitUntil(lambda: "numbered pages" in seen and QApplication.activeModalWidget() is None, timeout=30_000)
    assert seen["numbered title"].startswith("Xem trước khi in — 01/KH-LĐLĐ — ")
    info = subprocess.run(["pdfinfo", str(numbered)], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {seen['numbered pages']}" in info and "(A4)" in info


def test_blank_letter_from_the_list_opens_in_the_editor(qtbot: QtBot, context: AppContext) -> None:
    page = DocumentsPage(DocumentsPageDeps(context.documents, context.registers, context.templates, lambda: TODAY))
    qtbot.addWidget(page)
    page.show()
    assert page.documents_tab.new_blank_action.shortcut().toString() == "Ctrl+N"
    seen: dict[str, Any] = {}

    def pick_letter(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("Công văn")
        dialog.accept()

    def look(widget: QWidget) -> None:
        assert isinstance(widget, DocumentEditor)
        seen["summary label"] = widget.summary_label.text()
        seen["office enabled"] = widget.office_edit.isEnabled()
        type_text(widget.summary_edit, "Đôn đốc gửi báo cáo")
        widget.save()
        widget.reject()

    when_modal(pick_letter, QInputDialog)
    when_modal(look, DocumentEditor, attempts=1500)
    page.documents_tab.new_blank_action.trigger()
    assert seen == {"summary label": "&V/v (trích yếu công văn):", "office enabled": True}
    listed = page.documents_tab.selected_document()
    assert listed is not None
    draft = context.documents.get(listed.id)
    assert draft.document.type.is_letter
    assert draft.document.subject == "Đôn đốc gửi báo cáo" and draft.summary == "V/v Đôn đốc gửi báo cáo"
    assert page.documents_tab.edit_action.isEnabled()  # a draft is selected


def test_appendices_are_written_in_the_same_tree_and_undone_where_they_were_made(
    qtbot: QtBot, context: AppContext
) -> None:
    record = context.templates.create_blank("KH")
    editor = open_editor(qtbot, context, record)
    editor.tabs.setCurrentIndex(2)
    editor.add_paragraph_action.trigger()
    type_text(editor.node_text_edit, "Nội dung chính")
    assert not editor.remove_appendix_button.isEnabled()  # the document's own body is shown

    editor.add_appendix_button.click()
    assert editor.part_combo.currentText() == "PHỤ LỤC: (chưa có tên)" and tree_texts(editor) == []
    type_text(editor.appendix_title_edit, "Lịch tổ chức hội nghị")
    assert editor.part_combo.currentText() == "PHỤ LỤC: Lịch tổ chức hội nghị"
    editor.add_section_action.trigger()
    type_text(editor.heading_edit, "Thời gian")
    editor.add_item_action.trigger()
    type_text(editor.node_text_edit, "Tháng 12/2026")
    editor.appendix_landscape_check.setChecked(True)
    assert tree_texts(editor) == ["I. THỜI GIAN", "  1. Tháng 12/2026"]

    editor.part_combo.setCurrentIndex(0)
    assert tree_texts(editor) == ["Nội dung chính"]
    editor.undo_stack.undo()  # the landscape tick, made in the appendix: the appendix is shown again
    assert editor.part_combo.currentIndex() == 1 and not editor.appendix_landscape_check.isChecked()
    editor.undo_stack.redo()
    editor.save()
    (appendix,) = context.documents.get(record.id).document.appendices
    assert (appendix.label, appendix.title, appendix.landscape) == ("Phụ lục", "Lịch tổ chức hội nghị", True)
    assert appendix.body == (Section("Thời gian", 1, (ListItem("Tháng 12/2026", "1."),)),)
    assert context.documents.get(record.id).document.body == (Paragraph("Nội dung chính"),)

    editor.remove_appendix_button.click()
    assert editor.part_combo.count() == 1 and tree_texts(editor) == ["Nội dung chính"]
    editor.undo_stack.undo()
    assert editor.part_combo.count() == 2


def test_undoing_inside_a_field_leaves_the_document_clean(qtbot: QtBot, demo_context: AppContext) -> None:
    """Ctrl+Z in a line edit undoes its own typing; the editor's stack must end clean, not "changed"."""
    draft = next(r for r in demo_context.documents.list_documents() if not r.issued)
    editor = open_editor(qtbot, demo_context, draft)
    editor.tabs.setCurrentIndex(2)
    pick(editor, (1, 2))  # the report task of the demo draft
    assert editor.timing_edit.cursorPosition() == 0
    before = editor.timing_edit.text()
    editor.timing_edit.setFocus()
    editor.timing_edit.selectAll()
    type_text(editor.timing_edit, "Thời gian hoàn thành: khi có yêu cầu")
    assert editor.understood_label.text().startswith("⚠")
    qtbot.keyClick(editor.timing_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.timing_edit.text() == before
    assert editor.undo_stack.isClean() and not editor.windowTitle().endswith("*")
    assert not editor.understood_label.text().startswith("⚠")


def test_the_editor_fits_the_screen_with_its_buttons_on_it(qtbot: QtBot, demo_context: AppContext) -> None:
    """A 1366×768 laptop leaves about 728 pixels above the Windows taskbar; Lưu and Đóng must be on screen."""
    draft = next(r for r in demo_context.documents.list_documents() if not r.issued)
    editor = open_editor(qtbot, demo_context, draft, activate=False)
    available = editor.screen().availableGeometry()
    assert editor.width() <= available.width() - 40
    assert editor.height() <= available.height() - 48  # the title bar is outside the dialog's own height
    assert editor.minimumSizeHint().height() <= 728 - 48 and editor.minimumSizeHint().width() <= 1366
    for tab in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(tab)
        qtbot.wait(10)
        for button in (editor.save_button, editor.close_button, editor.preview_button):
            place = QRect(button.mapTo(editor, QPoint(0, 0)), button.size())
            assert button.isVisible() and editor.rect().contains(place), (tab, button.text())


def test_a_new_document_is_kept_against_a_crash_once_typed_and_gone_when_not_saved(
    qtbot: QtBot, context: AppContext
) -> None:
    def new_editor() -> DocumentEditor:
        editor = DocumentEditor(
            context.templates.blank_document("KH"), context.documents, context.registers.recent_incoming,
            context.registers.incoming_entry, lambda _doc, _parent: None, lambda: TODAY,
        )
        qtbot.addWidget(editor, before_close_func=lambda widget: widget.undo_stack.setClean())
        editor.show()
        qtbot.waitExposed(editor)
        return editor

    editor = new_editor()
    qtbot.wait(50)
    assert context.documents.list_documents() == []  # opened, nothing typed: nothing stored
    type_text(editor.summary_edit, "Kế hoạch gõ dở")
    qtbot.waitUntil(lambda: len(context.documents.list_documents()) == 1, timeout=5000)
    type_text(editor.summary_edit, " thêm")
    stored = context.documents.get(context.documents.list_documents()[0].id)
    qtbot.waitUntil(lambda: context.documents.unsaved_copy(stored) is not None, timeout=5000)
    when_modal(lambda box: next(b for b in box.buttons() if b.text() == "Không lưu").click(), QMessageBox)
    editor.close_button.click()
    assert not editor.isVisible()
    assert context.documents.list_documents() == []  # not saved: the draft kept for a crash is gone too

    crashed = new_editor()
    type_text(crashed.summary_edit, "Kế hoạch sẽ mất điện")
    qtbot.waitUntil(lambda: len(context.documents.list_documents()) == 1, timeout=5000)
    crashed.hide()  # the power goes: no question, no close; the draft is in the list to open again
    (kept,) = context.documents.list_documents()
    assert kept.summary == "Kế hoạch sẽ mất điện" and not kept.issued
