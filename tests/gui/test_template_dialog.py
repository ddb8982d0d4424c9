"""New document from a template, through the Documents page: choose, type the values, issue, save the PDF."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.bootstrap import AppContext
from desktop_app.ui.dialogs.document_editor import DocumentEditor
from desktop_app.ui.dialogs.issue_dialog import IssueDialog
from desktop_app.ui.dialogs.template_dialog import TemplateDialog
from desktop_app.ui.pages.documents.page import DocumentsPage, DocumentsPageDeps
from tests.conftest import TODAY
from tests.gui.helpers import type_text, when_modal
from tests.gui.test_documents_page import make_page_with_templates

MID_TERM = "ke-hoach-so-ket-giua-nhiem-ky"
SUMMARY = (
    "Sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Công đoàn huyện Dương Minh Châu lần thứ IX, nhiệm kỳ 2023-2028"
)


def make_dialog(qtbot: QtBot, context: AppContext) -> TemplateDialog:
    dialog = TemplateDialog(context.templates)
    qtbot.addWidget(dialog)
    return dialog


def test_plan_from_template_is_issued_with_the_next_number_and_saved_as_pdf(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = make_page_with_templates(qtbot, context)
    assert page.documents_tab.new_from_template_action.isEnabled()
    assert page.documents_tab.new_from_template_action.shortcut().toString() == "Ctrl+Shift+M"
    seen: dict[str, str] = {}

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, TemplateDialog)
        assert dialog.select_template(MID_TERM)
        seen["preview"] = dialog.preview.toPlainText()
        seen["fields"] = ",".join(dialog.field_edits)
        dialog.accept()  # nothing typed yet: refused inline, the dialog stays open
        seen["refusal"] = dialog.error_label.text()
        seen["open"] = str(dialog.isVisible())
        type_text(dialog.field_edits["congress"], "Đại hội Công đoàn huyện Dương Minh Châu lần thứ IX")
        type_text(dialog.field_edits["term"], "nhiệm kỳ 2023-2028")
        type_text(dialog.field_edits["upstream_plan"], "Kế hoạch số 166/KH-LĐLĐ ngày 10/9/2025 của LĐLĐ tỉnh")
        type_text(dialog.field_edits["cdcs_deadline"], "15/11/2026")
        dialog.accept()

    def save_in_editor(dialog: QWidget) -> None:
        # The new document opens in the editor (tested in test_document_editor.py), stored only when saved.
        assert isinstance(dialog, DocumentEditor)
        seen["editor"] = dialog.windowTitle()
        seen["stored before saving"] = str(len(context.documents.list_documents()))
        dialog.save_button.click()
        dialog.reject()

    when_modal(fill, TemplateDialog)
    when_modal(save_in_editor, DocumentEditor, attempts=1500)
    page.documents_tab.new_from_template_action.trigger()
    assert seen["editor"] == f"Soạn kế hoạch: {SUMMARY} *"
    assert seen["stored before saving"] == "0"
    assert "I. MỤC ĐÍCH, YÊU CẦU" in seen["preview"] and "IV. TỔ CHỨC THỰC HIỆN" in seen["preview"]
    assert seen["fields"] == "congress,term,upstream_plan,cdcs_deadline"
    assert seen["refusal"].startswith("Chưa nhập: «Đại hội được sơ kết»") and seen["open"] == "True"

    draft = page.documents_tab.selected_document()
    assert draft is not None and draft.status == "draft" and draft.summary == SUMMARY
    assert page.documents_tab.issue_action.isEnabled()

    def issue(dialog: QWidget) -> None:
        assert isinstance(dialog, IssueDialog)
        dialog.accept()

    when_modal(issue, IssueDialog)
    page.documents_tab.issue_action.trigger()
    issued = context.documents.get(draft.id)
    assert issued.symbol == "01/KH-LĐLĐ" and issued.issue_date == TODAY

    target = tmp_path / "so-ket.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    assert page.documents_tab.selected_document() is not None and page.documents_tab.selected_document().id == draft.id  # type: ignore[union-attr]
    page.documents_tab.save_pdf_action.trigger()
    qtbot.waitUntil(lambda: "trang" in page.documents_tab.status_label.text(), timeout=30_000)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(target), "-"], capture_output=True, check=True).stdout
    flat = " ".join(text.decode("utf-8").split())
    assert "Số: 01/KH-LĐLĐ" in flat
    assert SUMMARY in flat
    assert "trước ngày 15/11/2026" in flat


def test_the_letter_asks_for_a_list_of_units_and_cancel_creates_nothing(qtbot: QtBot, context: AppContext) -> None:
    dialog = make_dialog(qtbot, context)
    titles = [dialog.template_list.item(i).text() for i in range(dialog.template_list.count())]
    assert titles[0] == "Báo cáo kết quả thực hiện (Báo cáo)"
    assert "Công văn đôn đốc gửi báo cáo (Công văn)" in titles
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.template_list  # keyboard first: arrows choose, Tab to the fields
    assert dialog.select_template("cong-van-don-doc")
    assert isinstance(dialog.field_edits["units"], QPlainTextEdit)
    assert isinstance(dialog.field_edits["deadline"], QLineEdit)
    assert "V/v đôn đốc gửi [Báo cáo cần gửi]" in dialog.preview.toPlainText()
    dialog.reject()
    assert dialog.created is None and context.documents.list_documents() == []


def test_typed_values_survive_switching_templates_and_a_bad_date_is_refused(qtbot: QtBot, context: AppContext) -> None:
    dialog = make_dialog(qtbot, context)
    dialog.select_template("cong-van-don-doc")
    edits = dialog.field_edits
    type_text(edits["report_name"], "báo cáo sơ kết")
    type_text(edits["request"], "Kế hoạch số 95/KH-LĐLĐ")
    edits["units"].setPlainText("Công đoàn Trường A\nCông đoàn Trạm Y tế B")  # type: ignore[union-attr]
    type_text(edits["deadline"], "31/2/2026")
    dialog.select_template("ke-hoach-thuc-hien-chuong-trinh-nghi-quyet")
    assert set(dialog.field_edits) == {"programme", "upstream_plan"}
    dialog.select_template("cong-van-don-doc")
    assert dialog.values()["report_name"] == "báo cáo sơ kết"
    dialog.accept()
    assert "Hạn gửi: Ngày không hợp lệ" in dialog.error_label.text()
    assert dialog.created is None
    dialog.field_edits["deadline"].setFocus()
    line = dialog.field_edits["deadline"]
    assert isinstance(line, QLineEdit)
    line.setText("28/11/2026")
    dialog.show()
    qtbot.keyClick(line, Qt.Key.Key_Return)  # Enter creates the draft, as the default button
    assert dialog.created is not None
    assert dialog.created.addressees == ("Công đoàn Trường A;", "Công đoàn Trạm Y tế B.")


def test_a_page_without_templates_disables_the_action(qtbot: QtBot, context: AppContext) -> None:
    page = DocumentsPage(DocumentsPageDeps(context.documents, context.registers, clock=lambda: TODAY))
    qtbot.addWidget(page)
    assert not page.documents_tab.new_from_template_action.isEnabled()


def test_a_broken_template_file_is_shown_beside_the_usable_ones(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    import shutil

    from desktop_app.persistence.unit_of_work import UnitOfWork
    from desktop_app.services.templates import TemplateService

    shipped = Path(__file__).resolve().parents[2] / "forms" / "templates"
    shutil.copy(shipped / "bao-cao-ket-qua.json", tmp_path)
    (tmp_path / "hong.json").write_text("{", encoding="utf-8")
    templates = TemplateService(lambda: UnitOfWork(context.database.session_factory), lambda: TODAY, tmp_path)
    dialog = TemplateDialog(templates)
    qtbot.addWidget(dialog)
    assert dialog.template_list.count() == 1
    assert not dialog.problems_label.isHidden()
    assert "Không dùng được 1 tệp mẫu" in dialog.problems_label.text()
    assert "Mẫu văn bản «hong.json»: không đọc được JSON" in dialog.problems_label.text()


def test_field_labels_get_the_room_of_all_their_text(qtbot: QtBot, context: AppContext) -> None:
    """A label given less height than its wrapped lines need is cut at the top (Vietnamese accents first)."""
    dialog = make_dialog(qtbot, context)
    dialog.resize(dialog.minimumSize())
    dialog.show()
    qtbot.waitExposed(dialog)
    checked: list[str] = []
    for row in range(dialog.template_list.count()):
        dialog.template_list.setCurrentRow(row)
        qtbot.wait(20)
        for label in dialog.fields_box.findChildren(QLabel):
            if not label.isVisible():
                continue
            where = (dialog.template_list.item(row).text(), label.text())
            if label.wordWrap():
                assert label.height() >= label.heightForWidth(label.width()), where
            else:
                assert label.height() >= label.sizeHint().height(), where
                assert label.width() >= label.sizeHint().width(), where
            checked.append(label.text())
    assert "Văn bản cấp trên triển khai:" in checked
