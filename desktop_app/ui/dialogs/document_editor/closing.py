"""The editor's last tab (Nơi nhận, người ký): the closing paragraphs, the recipients and the signer."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from desktop_app.domain.documents import OfficialDocument, Paragraph, Recipients, SignerBlock
from desktop_app.ui.dialogs.document_editor.fields import Change, Current, lines, set_text
from desktop_app.ui.widgets.forms import labelled_rows, text_box

AUTHORITIES = ("TM. BAN THƯỜNG VỤ", "TM. BAN CHẤP HÀNH", "KT. CHỦ TỊCH", "Q. CHỦ TỊCH", "TL. CHỦ TỊCH",
               "TUQ. CHỦ TỊCH", "")
NO_SIGNER = SignerBlock("", "", "")


class ClosingTab(QWidget):
    """The end of one document; edits go to ``change``."""

    def __init__(self, document: Current, change: Change, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._change = change
        self._loading = False
        form = QFormLayout(self)
        self.closing_edit = text_box(4)
        self.closing_edit.textChanged.connect(lambda: self._edit(
            replace(self._document(), closing=tuple(Paragraph(p) for p in lines(self.closing_edit))), "closing",
            self.tr("Sửa đoạn kết")))
        self.recipients_edit = text_box(6)
        self.recipients_edit.textChanged.connect(lambda: self._edit(
            replace(self._document(), recipients=Recipients(lines(self.recipients_edit))), "recipients",
            self.tr("Sửa nơi nhận")))
        self.authority_combo = QComboBox()
        self.authority_combo.setEditable(True)
        self.authority_combo.addItems(list(AUTHORITIES))
        self.authority_combo.editTextChanged.connect(lambda t: self._edit_signer(authority=t))
        self.signer_title_edit = QLineEdit()
        self.signer_title_edit.textEdited.connect(lambda t: self._edit_signer(title=t))
        self.signer_name_edit = QLineEdit()
        self.signer_name_edit.textEdited.connect(lambda t: self._edit_signer(name=t))
        labelled_rows(form, [
            (self.tr("Đoạn &kết (mỗi dòng một đoạn):"), self.closing_edit),
            (self.tr("&Nơi nhận (mỗi dòng một nơi):"), self.recipients_edit),
            (self.tr("&Thẩm quyền ký (TM., KT., Q., TL., TUQ.):"), self.authority_combo),
            (self.tr("&Chức vụ người ký:"), self.signer_title_edit),
            (self.tr("&Họ tên người ký:"), self.signer_name_edit),
        ])

    def show_document(self) -> None:
        doc = self._document()
        self._loading = True
        try:
            set_text(self.closing_edit, "\n".join(p.text for p in doc.closing))
            set_text(self.recipients_edit, "\n".join(doc.recipients.lines))
            signer = doc.signer or NO_SIGNER
            if self.authority_combo.currentText() != signer.authority:
                self.authority_combo.setEditText(signer.authority)
            set_text(self.signer_title_edit, signer.title)
            set_text(self.signer_name_edit, signer.name)
        finally:
            self._loading = False

    def _edit(self, after: OfficialDocument, key: object, text: str) -> None:
        # Setting the fields to show a document is not an edit.
        if not self._loading:
            self._change(after, key, text)

    def _edit_signer(self, **fields: str) -> None:
        doc = self._document()
        after = replace(doc.signer or NO_SIGNER, **fields)
        self._edit(replace(doc, signer=None if after == NO_SIGNER else after), ("signer", *fields),
                   self.tr("Sửa người ký"))
