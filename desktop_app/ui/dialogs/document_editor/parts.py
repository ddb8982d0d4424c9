"""The row above the body tree: which part the tree shows (the document's body or an appendix), and the
chosen appendix's label, title and paper orientation."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from desktop_app.domain.documents import Appendix, appendix_heading
from desktop_app.ui.dialogs.document_editor.fields import MAIN_BODY, Change, Current, set_text


class PartsBar(QWidget):
    """Holds which part is shown (``part``: ``MAIN_BODY`` or an appendix's index). Edits go to ``change``;
    ``chosen`` tells that the clerk picked another part to show."""

    chosen = Signal()

    def __init__(self, document: Current, change: Change, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._change = change
        self._loading = False
        self.part = MAIN_BODY
        self.part_combo = QComboBox()
        self.part_combo.currentIndexChanged.connect(lambda _i: self._choose(self.part_combo.currentData()))
        part_label = QLabel(self.tr("&Phần:"))
        part_label.setBuddy(self.part_combo)
        self.add_appendix_button = QPushButton(self.tr("Thêm phụ &lục"))
        self.add_appendix_button.clicked.connect(self.add_appendix)
        self.remove_appendix_button = QPushButton(self.tr("Xóa phụ lục"))
        self.remove_appendix_button.clicked.connect(self.remove_appendix)
        self.appendix_label_combo = QComboBox()
        self.appendix_label_combo.setEditable(True)
        self.appendix_label_combo.addItems(["Phụ lục", "Đề cương", "Biểu mẫu"])
        self.appendix_label_combo.editTextChanged.connect(lambda t: self._edit_appendix("label", label=t))
        self.appendix_title_edit = QLineEdit()
        self.appendix_title_edit.setPlaceholderText(self.tr("Tên phụ lục"))
        self.appendix_title_edit.textEdited.connect(lambda t: self._edit_appendix("title", title=t))
        self.appendix_landscape_check = QCheckBox(self.tr("Khổ ngang"))
        self.appendix_landscape_check.toggled.connect(lambda on: self._edit_appendix(None, landscape=on))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # a row of the tab's layout, not a box of its own
        layout.addWidget(part_label)
        layout.addWidget(self.part_combo, 2)
        layout.addWidget(self.appendix_label_combo)
        layout.addWidget(self.appendix_title_edit, 3)
        layout.addWidget(self.appendix_landscape_check)
        layout.addWidget(self.add_appendix_button)
        layout.addWidget(self.remove_appendix_button)
        for button in (self.add_appendix_button, self.remove_appendix_button):
            button.setAutoDefault(False)

    def fill(self) -> None:
        """The "Phần" combo: the document's body, then one entry per appendix; the shown one's fields."""
        doc = self._document()
        with QSignalBlocker(self.part_combo):
            self.part_combo.clear()
            self.part_combo.addItem(self.tr("Nội dung văn bản"), MAIN_BODY)
            for i in range(len(doc.appendices)):
                self.part_combo.addItem(self._part_name(i), i)
            if self.part >= len(doc.appendices):
                self.part = MAIN_BODY
            self.part_combo.setCurrentIndex(max(0, self.part_combo.findData(self.part)))
        appendix = doc.appendices[self.part] if self.part != MAIN_BODY else None
        for widget in (self.appendix_title_edit, self.appendix_label_combo, self.appendix_landscape_check,
                       self.remove_appendix_button):
            widget.setEnabled(appendix is not None)
        loading, self._loading = self._loading, True
        try:
            set_text(self.appendix_title_edit, appendix.title if appendix else "")
            if self.appendix_label_combo.currentText() != (appendix.label if appendix else ""):
                self.appendix_label_combo.setEditText(appendix.label if appendix else "")
            self.appendix_landscape_check.setChecked(bool(appendix and appendix.landscape))
        finally:
            self._loading = loading

    def _choose(self, part: int) -> None:
        self.part = part
        self.fill()
        self.chosen.emit()

    def add_appendix(self) -> None:
        doc = self._document()
        appendices = (*doc.appendices, Appendix(""))
        self.part = len(appendices) - 1
        self._change(replace(doc, appendices=appendices), None, self.tr("Thêm phụ lục"))
        self.appendix_title_edit.setFocus()

    def remove_appendix(self) -> None:
        if self.part == MAIN_BODY:
            return
        doc = self._document()
        appendices = list(doc.appendices)
        del appendices[self.part]
        self.part = MAIN_BODY
        self._change(replace(doc, appendices=tuple(appendices)), None, self.tr("Xóa phụ lục"))

    def _edit_appendix(self, key: str | None, **fields: Any) -> None:
        if self._loading or self.part == MAIN_BODY:
            return
        doc = self._document()
        appendices = list(doc.appendices)
        appendices[self.part] = replace(appendices[self.part], **fields)
        self._change(replace(doc, appendices=tuple(appendices)), ("appendix", self.part, key) if key else None,
                     self.tr("Sửa phụ lục"))
        with QSignalBlocker(self.part_combo):
            self.part_combo.setItemText(self.part_combo.findData(self.part), self._part_name(self.part))

    def _part_name(self, index: int) -> str:
        """"PHỤ LỤC II: Lịch tổ chức", the label as the printed heading shows it."""
        doc = self._document()
        title = doc.appendices[index].title or self.tr("(chưa có tên)")
        return f"{appendix_heading(doc, index)}: {title}"
