"""Each tab of the document editor built and driven on its own, without the dialog: a tab reads the document
through a getter and reports every edit through one callback, and these tests stand in for the editor."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QTextCursor, QUndoStack
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.document_edit import NodePath
from desktop_app.domain.documents import (
    URGENCIES,
    Appendix,
    BasisLine,
    BodyNode,
    Header,
    OfficialDocument,
    Paragraph,
    Recipients,
    Section,
    SignerBlock,
    Task,
    document_type,
)
from desktop_app.services.registers import IncomingEntry
from desktop_app.ui.dialogs.document_editor import IncomingPicker
from desktop_app.ui.dialogs.document_editor.basis import BasisTab
from desktop_app.ui.dialogs.document_editor.body import BodyTab
from desktop_app.ui.dialogs.document_editor.closing import ClosingTab
from desktop_app.ui.dialogs.document_editor.commands import DocumentEdit
from desktop_app.ui.dialogs.document_editor.fields import MAIN_BODY
from desktop_app.ui.dialogs.document_editor.general import GeneralTab
from desktop_app.ui.dialogs.document_editor.node_panels import TaskPanel
from tests.conftest import TODAY
from tests.gui.helpers import type_text, when_modal

Change = tuple[OfficialDocument, object, str, NodePath | None]


def plan(**fields: object) -> OfficialDocument:
    doc = OfficialDocument(document_type("KH"), None, Header("LĐLĐ TỈNH TÂY NINH", "LĐLĐ HUYỆN DƯƠNG MINH CHÂU",
                                                             "Dương Minh Châu"))
    return replace(doc, **fields)  # type: ignore[arg-type]


@dataclass
class Editor:
    """Stands in for the editor: holds the document and records each change a tab reports."""

    doc: OfficialDocument
    changes: list[Change] = field(default_factory=list)
    body: BodyTab | None = None  # shown the way the editor shows an edit made in it

    def current(self) -> OfficialDocument:
        return self.doc

    def change(self, after: OfficialDocument, key: object, text: str, select: NodePath | None = None) -> None:
        before, self.doc = self.doc, after
        self.changes.append((after, key, text, select))
        if self.body is not None:
            self.body.follow(before, select)


def shown(tab: QWidget, qtbot: QtBot) -> None:
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitExposed(tab)


def test_basis_tab_reports_adding_editing_moving_and_removing_lines(qtbot: QtBot) -> None:
    editor = Editor(plan(basis=(BasisLine("Căn cứ Điều lệ;"), BasisLine("Căn cứ Nghị quyết;"))))
    tab = BasisTab(editor.current, editor.change, lambda: [], lambda _uuid: None)
    shown(tab, qtbot)
    tab.show_document()
    assert [tab.basis_list.item(i).text() for i in range(tab.basis_list.count())] == [
        "Căn cứ Điều lệ;", "Căn cứ Nghị quyết;"]
    assert editor.changes == []  # showing the document is not an edit

    tab.basis_list.setCurrentRow(0)
    assert tab.basis_edit.toPlainText() == "Căn cứ Điều lệ;"
    tab.add_basis_line()  # after the selected line, its words selected for typing over
    after, key, text, _select = editor.changes[-1]
    assert [line.text for line in after.basis] == ["Căn cứ Điều lệ;", "Căn cứ …;", "Căn cứ Nghị quyết;"]
    assert (key, text, tab.basis_list.currentRow()) == (None, "Thêm dòng căn cứ", 1)

    typed_from = len(editor.changes)
    type_text(tab.basis_edit, "Thực hiện Kế hoạch 12;")
    assert {key for _a, key, _t, _s in editor.changes[typed_from:]} == {("basis", 1)}  # one undo step
    assert editor.doc.basis[1].text == "Thực hiện Kế hoạch 12;"
    assert tab.basis_list.item(1).text() == "Thực hiện Kế hoạch 12;"

    tab.move_basis_line(-1)
    assert [line.text for line in editor.doc.basis] == [
        "Thực hiện Kế hoạch 12;", "Căn cứ Điều lệ;", "Căn cứ Nghị quyết;"]
    assert editor.changes[-1][2] == "Chuyển dòng căn cứ" and tab.basis_list.currentRow() == 0
    count = len(editor.changes)
    tab.move_basis_line(-1)  # already first: nothing to report
    assert len(editor.changes) == count

    tab.basis_list.setCurrentRow(2)
    tab.remove_basis_line()
    assert [line.text for line in editor.doc.basis] == ["Thực hiện Kế hoạch 12;", "Căn cứ Điều lệ;"]
    assert editor.changes[-1][2] == "Xóa dòng căn cứ" and tab.basis_list.currentRow() == 1


def test_basis_tab_cites_the_incoming_register_through_its_callbacks(qtbot: QtBot) -> None:
    entry = IncomingEntry(7, "uuid-7", 2026, 5, date(2026, 3, 2), "LĐLĐ tỉnh Tây Ninh", "45/KH-LĐLĐ",
                          date(2026, 2, 27), "tổ chức Tháng Công nhân năm 2026", "", None, "", (),
                          datetime(2026, 3, 2, 8, 0))
    editor = Editor(plan())
    tab = BasisTab(editor.current, editor.change, lambda: [entry],
                   lambda uuid: entry if uuid == entry.uuid else None)
    shown(tab, qtbot)
    tab.show_document()
    assert not tab.basis_edit.isEnabled()  # no line to edit yet

    when_modal(lambda picker: picker.accept(), IncomingPicker)
    tab.add_from_incoming_button.click()
    (line,) = editor.doc.basis
    assert line.incoming_uuid == "uuid-7" and "45/KH-LĐLĐ" in line.text
    assert editor.changes[-1][2] == "Thêm căn cứ từ sổ văn bản đến"
    assert tab.basis_list.item(0).text().endswith("[sổ đến số 5/2026]")
    assert tab.basis_link_label.text() == "Liên kết: sổ đến số 5/2026."


def test_general_tab_reports_its_fields_and_asks_to_show_all_again_for_a_letter(qtbot: QtBot) -> None:
    editor = Editor(plan(summary="Tổ chức Tháng Công nhân", urgency=URGENCIES[0], landscape=True))
    tab = GeneralTab(editor.current, editor.change, lambda: 2031)
    retyped: list[bool] = []
    tab.retyped.connect(lambda: retyped.append(True))
    shown(tab, qtbot)
    tab.show_document()
    assert tab.summary_edit.toPlainText() == "Tổ chức Tháng Công nhân" and tab.summary_label.text() == "&Trích yếu:"
    assert not tab.office_edit.isEnabled()
    assert editor.changes == [] and retyped == []  # setting the combos to show the document is not an edit

    tab.summary_edit.moveCursor(QTextCursor.MoveOperation.End)
    type_text(tab.summary_edit, " năm 2026")
    assert editor.doc.summary == "Tổ chức Tháng Công nhân năm 2026"
    assert {key for _a, key, _t, _s in editor.changes} == {"summary"}

    assert tab.urgency_combo.currentData() == URGENCIES[0] and tab.landscape_check.isChecked()
    tab.urgency_combo.setCurrentIndex(tab.urgency_combo.findData(""))
    assert editor.doc.urgency == "" and editor.changes[-1][1:3] == (None, "Đổi độ khẩn")

    tab.type_combo.setCurrentIndex(tab.type_combo.findData(""))  # công văn
    assert editor.doc.type.is_letter and editor.changes[-1][2] == "Đổi loại văn bản"
    assert retyped == [True]
    tab.show_document()
    assert tab.summary_label.text() == "&V/v (trích yếu công văn):" and tab.office_edit.isEnabled()
    type_text(tab.office_edit, "VP")
    assert editor.doc.number is not None
    assert (editor.doc.number.drafting_office, editor.doc.number.year) == ("VP", 2031)  # the year it was given


def test_closing_tab_reports_recipients_and_signer(qtbot: QtBot) -> None:
    editor = Editor(plan())
    tab = ClosingTab(editor.current, editor.change)
    shown(tab, qtbot)
    tab.show_document()
    assert editor.changes == []
    type_text(tab.recipients_edit, "- Như trên;")
    qtbot.keyClick(tab.recipients_edit, Qt.Key.Key_Return)
    type_text(tab.recipients_edit, "- Lưu VT.")
    assert editor.doc.recipients == Recipients(("- Như trên;", "- Lưu VT."))
    tab.authority_combo.setEditText("KT. CHỦ TỊCH")
    type_text(tab.signer_name_edit, "Nguyễn Văn An")
    assert editor.doc.signer == SignerBlock("KT. CHỦ TỊCH", "", "Nguyễn Văn An")
    assert editor.changes[-1][1:3] == (("signer", "name"), "Sửa người ký")
    tab.signer_name_edit.selectAll()
    qtbot.keyClick(tab.signer_name_edit, Qt.Key.Key_Backspace)
    tab.authority_combo.setEditText("")
    assert editor.doc.signer is None  # an empty signer block is no signer

    editor.doc = plan(signer=SignerBlock("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Trần Thị Bình"))
    count = len(editor.changes)
    tab.show_document()
    assert (tab.authority_combo.currentText(), tab.signer_name_edit.text()) == ("TM. BAN THƯỜNG VỤ", "Trần Thị Bình")
    assert len(editor.changes) == count


def test_body_tab_builds_a_tree_and_refuses_a_move_through_its_warning(qtbot: QtBot) -> None:
    editor = Editor(plan())
    warnings: list[str] = []
    tab = BodyTab(editor.current, editor.change, lambda: 2026, lambda: TODAY, warnings.append)
    editor.body = tab
    shown(tab, qtbot)
    tab.show_document(None)
    assert tab.node_stack.currentWidget() is tab.empty_panel and not tab.delete_action.isEnabled()

    tab.add_section_action.trigger()
    assert editor.changes[-1][2:] == ("Thêm mục", (0,))
    assert tab.node_stack.currentWidget() is tab.section_panel
    type_text(tab.section_panel.heading_edit, "Tổ chức thực hiện")
    assert editor.changes[-1][1] == ("node", (0,), "heading")
    tab.add_task_action.trigger()  # inside the selected section
    type_text(tab.task_panel.timing_edit, "Thời gian hoàn thành: trước ngày 15/12/2026")
    assert editor.doc.body == (Section("Tổ chức thực hiện", 1, (
        Task("", timing="Thời gian hoàn thành: trước ngày 15/12/2026"),)),)
    section = tab.tree.topLevelItem(0)
    assert section.text(0) == "I. TỔ CHỨC THỰC HIỆN"
    assert section.child(0).text(1).endswith("→ hạn cuối 15/12/2026")
    assert tab.task_panel.understood_label.text() == section.child(0).text(1)

    tab.outdent_selected()
    assert editor.doc.body[1] == Task("", timing="Thời gian hoàn thành: trước ngày 15/12/2026")
    assert tab.selected_path() == (1,) and warnings == []
    count = len(editor.changes)
    tab.outdent_selected()  # already outermost: refused, shown as a warning, nothing changed
    assert len(editor.changes) == count and len(warnings) == 1 and "ngoài cùng" in warnings[0]


def test_body_tab_edits_an_appendix_in_its_own_part(qtbot: QtBot) -> None:
    editor = Editor(plan(body=(Paragraph("Nội dung chính"),)))
    tab = BodyTab(editor.current, editor.change, lambda: 2026, lambda: TODAY, lambda _text: None)
    editor.body = tab
    shown(tab, qtbot)
    tab.show_document(None)
    tab.parts.add_appendix_button.click()
    assert tab.part == 0 and editor.doc.appendices == (Appendix(""),)
    assert tab.parts.part_combo.currentText() == "PHỤ LỤC: (chưa có tên)" and tab.tree.topLevelItemCount() == 0
    type_text(tab.parts.appendix_title_edit, "Lịch tổ chức")
    assert editor.changes[-1][1] == ("appendix", 0, "title")
    assert tab.parts.part_combo.currentText() == "PHỤ LỤC: Lịch tổ chức"
    tab.add_paragraph_action.trigger()
    type_text(tab.text_panel.node_text_edit, "Tháng 12/2026")
    assert editor.doc.appendices[0].body == (Paragraph("Tháng 12/2026"),)
    assert editor.doc.body == (Paragraph("Nội dung chính"),)

    count = len(editor.changes)
    tab.parts.part_combo.setCurrentIndex(0)  # choosing what to show is not an edit
    assert tab.part == MAIN_BODY and tab.tree.topLevelItem(0).text(0) == "Nội dung chính"
    assert len(editor.changes) == count


def test_task_panel_shows_a_task_without_reporting_it_and_reports_a_due_date(qtbot: QtBot) -> None:
    edits: list[str | None] = []
    node: list[BodyNode] = [Task("Báo cáo", timing="Thời gian: khi có yêu cầu")]

    def edit(change: object, field_name: str | None) -> BodyNode:
        assert callable(change)
        node[0] = change(node[0])
        edits.append(field_name)
        return node[0]

    panel = TaskPanel(edit, lambda: 2026, lambda: TODAY)
    shown(panel, qtbot)
    panel.show_node(Task("Báo cáo", timing="Thời gian: khi có yêu cầu"))
    assert edits == []  # ticking and dating the boxes to show the task is not an edit
    assert panel.understood_label.text().startswith("⚠") and not panel.due_edit.isEnabled()
    assert panel.due_edit.date() == QDate(TODAY.year, TODAY.month, TODAY.day)

    panel.due_edit.setDate(QDate(2027, 1, 10))
    panel.due_check.setChecked(True)
    assert isinstance(node[0], Task) and node[0].due == date(2027, 1, 10)
    assert panel.understood_label.text() == "Hạn do văn thư đặt: 10/01/2027" and panel.due_edit.isEnabled()


@dataclass
class Target:
    """The editor as an undo step sees it: the part shown, the selection, and showing a document."""

    part: int = MAIN_BODY
    shown: list[tuple[OfficialDocument, bool]] = field(default_factory=list)

    def selected_path(self) -> NodePath | None:
        return None

    def apply(self, doc: OfficialDocument, select: NodePath | None, refresh: bool) -> None:
        self.shown.append((doc, refresh))


def test_typing_in_one_field_is_one_undo_step_and_typing_it_back_is_none(qtbot: QtBot) -> None:
    target, stack = Target(), QUndoStack()
    first, second, third = plan(summary="K"), plan(summary="Kế"), plan(summary="Kế hoạch")
    stack.push(DocumentEdit(target, plan(), first, "summary", "Sửa trích yếu", None))
    stack.push(DocumentEdit(target, first, second, "summary", "Sửa trích yếu", None))
    stack.push(DocumentEdit(target, second, third, None, "Đổi độ khẩn", None))
    assert stack.count() == 2
    assert target.shown == [(first, False), (second, False), (third, False)]  # the widget already shows it
    stack.undo()
    stack.undo()
    assert target.shown[-1] == (plan(), True)
    stack.redo()
    assert target.shown[-1] == (second, True)

    target2, stack2 = Target(), QUndoStack()
    stack2.push(DocumentEdit(target2, plan(), first, "summary", "Sửa trích yếu", None))
    stack2.push(DocumentEdit(target2, first, plan(), "summary", "Sửa trích yếu", None))
    assert stack2.count() == 0 and stack2.isClean()  # typed back to what it was: nothing to undo
