"""New document from a template: choose a template, read its summary and headings, type the few values it
needs (a term, a deadline…), and get a document with the office's names, place and signer filled in (stored
when the clerk saves it in the editor)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.documents import OfficialDocument
from desktop_app.domain.templates import TemplateField
from desktop_app.services.errors import UserError
from desktop_app.services.templates import TemplateService
from desktop_app.ui.widgets.forms import WARNING_STYLE, ErrorLabel, dialog_buttons


class TemplateDialog(QDialog):
    """``created`` holds the filled-in document once the clerk pressed "Tạo dự thảo" and the service accepted
    the values; nothing is stored until the clerk saves it in the editor."""

    def __init__(self, templates: TemplateService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.templates = templates
        self.created: OfficialDocument | None = None
        # What the clerk typed, by field name: kept when switching templates (two templates often share
        # a field such as the deadline), so going back and forth loses nothing.
        self._typed: dict[str, str] = {}
        self.field_edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.setWindowTitle(self.tr("Văn bản mới từ mẫu"))
        self.setMinimumSize(640, 560)

        self.template_list = QListWidget()
        for info in templates.list_templates():
            item = QListWidgetItem(self.tr("{title} ({kind})").format(title=info.title, kind=info.type_name))
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            self.template_list.addItem(item)
        list_label = QLabel(self.tr("&Mẫu văn bản:"))
        list_label.setBuddy(self.template_list)

        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet(WARNING_STYLE)
        problems = templates.problems()
        self.problems_label.setText(
            self.tr("Không dùng được {n} tệp mẫu:").format(n=len(problems))
            + "".join(f"\n• {problem}" for problem in problems)
        )
        self.problems_label.setVisible(bool(problems))

        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        # Read-only text the clerk only reads: Tab goes from the list straight to the fields.
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview.setMaximumHeight(150)

        self.fields_box = QGroupBox(self.tr("Thông tin cần nhập"))
        self.fields_form = QFormLayout(self.fields_box)
        # Each label on its own line above its field: a label wrapped beside the field gets the field's height
        # when space is short, and its first line (the accents of "Văn bản cấp trên …") is cut off at the top.
        self.fields_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)

        self.error_label = ErrorLabel()
        buttons = dialog_buttons(self, self.tr("&Tạo dự thảo"))
        self.create_button = buttons.button(QDialogButtonBox.StandardButton.Ok)

        layout = QVBoxLayout(self)
        layout.addWidget(list_label)
        layout.addWidget(self.template_list, 1)
        layout.addWidget(self.problems_label)
        layout.addWidget(QLabel(self.tr("Xem trước:")))
        layout.addWidget(self.preview)
        layout.addWidget(self.fields_box)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        self.template_list.currentRowChanged.connect(lambda _row: self._show_selected())
        if self.template_list.count():
            self.template_list.setCurrentRow(0)
        else:
            self.preview.setPlainText(
                self.tr("Chưa có mẫu văn bản nào trong thư mục {folder}.").format(folder=templates.folder)
            )
            self.fields_box.hide()
        self.create_button.setEnabled(self.template_list.count() > 0)
        self.template_list.setFocus()

    # -- showing -------------------------------------------------------------------------------
    def selected_id(self) -> str | None:
        item = self.template_list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def select_template(self, template_id: str) -> bool:
        for row in range(self.template_list.count()):
            if self.template_list.item(row).data(Qt.ItemDataRole.UserRole) == template_id:
                self.template_list.setCurrentRow(row)
                return True
        return False

    def _show_selected(self) -> None:
        self._remember_typed()
        self.error_label.show_message("")
        template_id = self.selected_id()
        if template_id is None:
            return
        try:
            details = self.templates.details(template_id)
        except UserError as exc:
            self.preview.clear()
            self._set_fields([])
            self.error_label.show_message(str(exc))
            return
        lines = [self.tr("Trích yếu: {summary}").format(summary=details.summary), ""]
        lines += list(details.headings)
        if details.template.description:
            lines += ["", details.template.description]
        self.preview.setPlainText("\n".join(lines))
        self._set_fields(list(details.fields))

    def _set_fields(self, fields: list[TemplateField]) -> None:
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self.field_edits = {}
        for field in fields:
            edit: QLineEdit | QPlainTextEdit
            value = self._typed.get(field.name, field.default)
            if field.kind == "list":
                edit = QPlainTextEdit(value)
                edit.setPlaceholderText(field.example)
                edit.setTabChangesFocus(True)  # Tab must leave the box, as in every other field
                edit.setMaximumHeight(90)
            else:
                edit = QLineEdit(value)
                edit.setPlaceholderText(self.tr("ví dụ: {example}").format(example=field.example))
            edit.setToolTip(field.example)
            label = QLabel(field.label + ":")
            label.setBuddy(edit)
            self.fields_form.addRow(label, edit)
            self.field_edits[field.name] = edit
        self.fields_box.setVisible(bool(fields))

    def _remember_typed(self) -> None:
        self._typed.update(self.values())

    def values(self) -> dict[str, str]:
        return {
            name: edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()
            for name, edit in self.field_edits.items()
        }

    # -- creating ------------------------------------------------------------------------------
    def accept(self) -> None:
        template_id = self.selected_id()
        if template_id is None:
            return
        values = self.values()
        try:
            self.created = self.templates.document_from_template(template_id, values)
        except UserError as exc:
            self.error_label.show_message(str(exc))
            empty = next((edit for name, edit in self.field_edits.items() if not values[name].strip()), None)
            if empty is not None:
                empty.setFocus()
            return
        super().accept()
