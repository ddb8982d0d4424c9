"""The editor's first tab (Thông tin chung): the document's type, summary, addressees and header fields."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from desktop_app.domain.documents import (
    CIRCULATIONS,
    DOCUMENT_TYPES,
    URGENCIES,
    DocumentNumber,
    OfficialDocument,
    document_type,
)
from desktop_app.ui.dialogs.document_editor.fields import Change, Current, lines, set_text
from desktop_app.ui.widgets.forms import labelled_rows, text_box


class GeneralTab(QWidget):
    """Header fields of one document. Edits go to ``change``; ``retyped`` asks for every tab to be shown
    again after the type changed (the summary box means the "V/v" line for letters)."""

    retyped = Signal()

    def __init__(self, document: Current, change: Change, year: Callable[[], int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._change = change
        self._year = year
        self._loading = False
        form = QFormLayout(self)
        self.type_combo = QComboBox()
        for kind in DOCUMENT_TYPES:
            label = kind.name[:1].upper() + kind.name[1:]
            self.type_combo.addItem(f"{label} ({kind.code})" if kind.code else label, kind.code or "")
        self.type_combo.currentIndexChanged.connect(lambda _i: self._edit_type())
        self.summary_edit = text_box(3)
        self.summary_edit.textChanged.connect(self._edit_summary)
        self.summary_label = QLabel()
        self.summary_label.setBuddy(self.summary_edit)
        self.addressees_edit = text_box(3)
        self.addressees_edit.textChanged.connect(
            lambda: self._edit(replace(self._document(), addressees=lines(self.addressees_edit)), "addressees",
                               self.tr("Sửa Kính gửi")))
        self.parent_edit = QLineEdit()
        self.parent_edit.textEdited.connect(lambda t: self._edit_header("parent", self.tr("Sửa cơ quan chủ quản"),
                                                                        parent_body=t))
        self.issuer_edit = QLineEdit()
        self.issuer_edit.textEdited.connect(lambda t: self._edit_header("issuer", self.tr("Sửa cơ quan ban hành"),
                                                                        issuing_body=t))
        self.place_edit = QLineEdit()
        self.place_edit.textEdited.connect(lambda t: self._edit_header("place", self.tr("Sửa địa danh"), place=t))
        self.office_edit = QLineEdit()
        self.office_edit.setPlaceholderText(self.tr("VD: VP (công văn 12/LĐLĐ-VP)"))
        self.office_edit.textEdited.connect(self._edit_office)
        self.urgency_combo = QComboBox()
        self.urgency_combo.addItem(self.tr("Không"), "")
        for mark in URGENCIES:
            self.urgency_combo.addItem(mark.capitalize(), mark)
        self.urgency_combo.currentIndexChanged.connect(lambda _i: self._edit(
            replace(self._document(), urgency=self.urgency_combo.currentData()), None, self.tr("Đổi độ khẩn")))
        self.circulation_combo = QComboBox()
        self.circulation_combo.addItem(self.tr("Không"), "")
        for mark in CIRCULATIONS:
            self.circulation_combo.addItem(mark.capitalize(), mark)
        self.circulation_combo.currentIndexChanged.connect(lambda _i: self._edit(
            replace(self._document(), circulation=self.circulation_combo.currentData()), None,
            self.tr("Đổi chỉ dẫn lưu hành")))
        self.landscape_check = QCheckBox(self.tr("In khổ A4 ngang (văn bản có bảng rộng)"))
        self.landscape_check.toggled.connect(lambda on: self._edit(
            replace(self._document(), landscape=on), None, self.tr("Đổi khổ giấy")))
        self.contact_edit = text_box(2)
        self.contact_edit.textChanged.connect(lambda: self._edit(
            replace(self._document(), contact=self.contact_edit.toPlainText().strip()), "contact",
            self.tr("Sửa địa chỉ liên hệ")))
        labelled_rows(form, [(self.tr("&Loại văn bản:"), self.type_combo)])
        form.addRow(self.summary_label, self.summary_edit)  # its text changes for letters ("V/v")
        labelled_rows(form, [
            (self.tr("&Kính gửi (mỗi dòng một nơi):"), self.addressees_edit),
            (self.tr("Cơ quan &chủ quản:"), self.parent_edit),
            (self.tr("Cơ quan &ban hành:"), self.issuer_edit),
            (self.tr("Đị&a danh:"), self.place_edit),
            (self.tr("Đơn vị &soạn thảo (công văn):"), self.office_edit),
            (self.tr("Độ &khẩn:"), self.urgency_combo),
            (self.tr("Chỉ dẫn lư&u hành:"), self.circulation_combo),
        ])
        form.addRow("", self.landscape_check)
        labelled_rows(form, [
            (self.tr("Địa chỉ, điện thoại, thư điện tử\n(chân trang đầu, nếu cần):"), self.contact_edit),
        ])
        note = QLabel(self.tr("Số và ngày ban hành được lấy từ sổ văn bản đi khi bấm «Ban hành» ở danh sách văn bản."))
        note.setWordWrap(True)
        form.addRow(note)

    def show_document(self) -> None:
        """Show the document in every field (after undo, redo or a change of type)."""
        doc = self._document()
        self._loading = True
        try:
            self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(doc.type.code or "")))
            letter = doc.type.is_letter
            self.summary_label.setText(self.tr("&V/v (trích yếu công văn):") if letter else self.tr("&Trích yếu:"))
            set_text(self.summary_edit, doc.subject if letter else doc.summary)
            set_text(self.addressees_edit, "\n".join(doc.addressees))
            set_text(self.parent_edit, doc.header.parent_body)
            set_text(self.issuer_edit, doc.header.issuing_body)
            set_text(self.place_edit, doc.header.place)
            set_text(self.office_edit, doc.number.drafting_office if doc.number else "")
            self.office_edit.setEnabled(letter)
            self.urgency_combo.setCurrentIndex(max(0, self.urgency_combo.findData(doc.urgency)))
            self.circulation_combo.setCurrentIndex(max(0, self.circulation_combo.findData(doc.circulation)))
            self.landscape_check.setChecked(doc.landscape)
            set_text(self.contact_edit, doc.contact)
        finally:
            self._loading = False

    def _edit(self, after: OfficialDocument, key: object, text: str) -> None:
        # Setting the fields to show a document is not an edit.
        if not self._loading:
            self._change(after, key, text)

    def _edit_header(self, key: str, text: str, **fields: Any) -> None:
        doc = self._document()
        self._edit(replace(doc, header=replace(doc.header, **fields)), key, text)

    def _edit_type(self) -> None:
        if self._loading:
            return
        doc = self._document()
        kind = document_type(self.type_combo.currentData() or None)
        number = doc.number
        if number is not None:
            number = replace(number, type_code=kind.code)
        self._change(replace(doc, type=kind, number=number), None, self.tr("Đổi loại văn bản"))
        self.retyped.emit()  # the summary box changes meaning for letters

    def _edit_summary(self) -> None:
        doc = self._document()
        text = self.summary_edit.toPlainText()
        after = replace(doc, subject=text) if doc.type.is_letter else replace(doc, summary=text)
        self._edit(after, "summary", self.tr("Sửa trích yếu"))

    def _edit_office(self, text: str) -> None:
        doc = self._document()
        number = doc.number or DocumentNumber(None, self._year(), doc.type.code, "")
        self._edit(replace(doc, number=replace(number, drafting_office=text)), "office",
                   self.tr("Sửa đơn vị soạn thảo"))
