"""The editor's second tab (Căn cứ): the basis lines under the summary, typed or taken from the incoming
register (those keep a link to the received document)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from desktop_app.domain.documents import BasisLine, basis_text
from desktop_app.services.registers import IncomingEntry
from desktop_app.ui.dialogs.document_editor.fields import Change, Current, set_text
from desktop_app.ui.dialogs.document_editor.incoming_picker import IncomingPicker
from desktop_app.ui.widgets.forms import text_box


class BasisTab(QWidget):
    """The basis lines of one document. Edits go to ``change``; ``incoming`` lists the register to cite from,
    ``incoming_entry`` finds the entry a line links to (by its uuid)."""

    def __init__(self, document: Current, change: Change, incoming: Callable[[], list[IncomingEntry]],
                 incoming_entry: Callable[[str], IncomingEntry | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._change = change
        self._incoming = incoming
        self._incoming_entry = incoming_entry
        self._loading = False
        self._links: dict[str, str] = {}  # incoming uuid → how the list shows it ("sổ đến số 2/2021")
        self.basis_list = QListWidget()
        # Basis lines are long sentences: wrap them rather than scroll sideways.
        self.basis_list.setWordWrap(True)
        self.basis_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.basis_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.basis_list.setAlternatingRowColors(True)
        self.basis_list.currentRowChanged.connect(lambda _r: self._show_basis_line())
        self.basis_edit = text_box(3)
        self.basis_edit.textChanged.connect(self._edit_basis_line)
        self.basis_link_label = QLabel()
        self.basis_link_label.setWordWrap(True)
        add = QPushButton(self.tr("Thêm &dòng"))
        add.clicked.connect(self.add_basis_line)
        self.add_from_incoming_button = QPushButton(self.tr("Thêm từ sổ văn bản đế&n…"))
        self.add_from_incoming_button.clicked.connect(self.add_basis_from_incoming)
        remove = QPushButton(self.tr("&Xóa dòng"))
        remove.clicked.connect(self.remove_basis_line)
        up = QPushButton(self.tr("Lên"))
        up.clicked.connect(lambda: self.move_basis_line(-1))
        down = QPushButton(self.tr("Xuống"))
        down.clicked.connect(lambda: self.move_basis_line(1))
        buttons = QHBoxLayout()
        for button in (add, self.add_from_incoming_button, remove, up, down):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Mỗi dòng «Căn cứ …» hoặc «Thực hiện …» in nghiêng dưới trích yếu; dòng lấy từ sổ "
                               "văn bản đến giữ liên kết tới văn bản đó."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.basis_list, 1)
        label = QLabel(self.tr("Nội dung &dòng đang chọn:"))
        label.setBuddy(self.basis_edit)
        layout.addWidget(label)
        layout.addWidget(self.basis_edit)
        layout.addWidget(self.basis_link_label)

    def show_document(self) -> None:
        """List the document's basis lines, keeping the selected row where it was."""
        row = self.basis_list.currentRow()
        with QSignalBlocker(self.basis_list):
            self.basis_list.clear()
            for line in self._document().basis:
                self.basis_list.addItem(self._basis_display(line))
            if self.basis_list.count():
                self.basis_list.setCurrentRow(min(max(row, 0), self.basis_list.count() - 1))
        self._show_basis_line()

    def _basis_display(self, line: BasisLine) -> str:
        if not line.incoming_uuid:
            return line.text or self.tr("(dòng trống)")
        return f"{line.text}   [{self._link_name(line.incoming_uuid)}]"

    def _link_name(self, uuid: str) -> str:
        if uuid not in self._links:
            entry = self._incoming_entry(uuid)
            self._links[uuid] = (
                self.tr("sổ đến số {n}/{year}").format(n=entry.arrival_number, year=entry.year) if entry
                else self.tr("văn bản đến không còn trong sổ"))
        return self._links[uuid]

    def _show_basis_line(self) -> None:
        row = self.basis_list.currentRow()
        basis = self._document().basis
        line = basis[row] if 0 <= row < len(basis) else None
        self.basis_edit.setEnabled(line is not None)
        loading, self._loading = self._loading, True
        try:
            set_text(self.basis_edit, line.text if line else "")
        finally:
            self._loading = loading
        self.basis_link_label.setText(
            self.tr("Liên kết: {link}.").format(link=self._link_name(line.incoming_uuid))
            if line and line.incoming_uuid else "")

    def _edit_basis_line(self) -> None:
        row = self.basis_list.currentRow()
        doc = self._document()
        if self._loading or not 0 <= row < len(doc.basis):
            return
        basis = list(doc.basis)
        basis[row] = replace(basis[row], text=self.basis_edit.toPlainText())
        self._change(replace(doc, basis=tuple(basis)), ("basis", row), self.tr("Sửa dòng căn cứ"))
        item = self.basis_list.item(row)
        if item is not None:
            item.setText(self._basis_display(self._document().basis[row]))

    def _set_basis(self, basis: list[BasisLine], row: int, text: str) -> None:
        self._change(replace(self._document(), basis=tuple(basis)), None, text)
        self.show_document()
        self.basis_list.setCurrentRow(row)

    def _insert_row(self) -> int:
        """Where a new line goes: after the selected one, or first in an empty list."""
        return self.basis_list.currentRow() + 1 if self.basis_list.count() else 0

    def add_basis_line(self) -> None:
        row = self._insert_row()
        basis = list(self._document().basis)
        basis.insert(row, BasisLine("Căn cứ …;"))
        self._set_basis(basis, row, self.tr("Thêm dòng căn cứ"))
        self.basis_edit.setFocus()
        self.basis_edit.selectAll()

    def add_basis_from_incoming(self) -> None:
        picker = IncomingPicker(self._incoming(), self)
        if not picker.exec() or picker.chosen is None:
            return
        entry = picker.chosen
        line = BasisLine(basis_text(entry.their_symbol, entry.their_date, entry.sender, entry.summary), entry.uuid)
        row = self._insert_row()
        basis = list(self._document().basis)
        basis.insert(row, line)
        self._set_basis(basis, row, self.tr("Thêm căn cứ từ sổ văn bản đến"))

    def remove_basis_line(self) -> None:
        row = self.basis_list.currentRow()
        basis = list(self._document().basis)
        if not 0 <= row < len(basis):
            return
        del basis[row]
        self._set_basis(basis, min(row, len(basis) - 1), self.tr("Xóa dòng căn cứ"))

    def move_basis_line(self, delta: int) -> None:
        row = self.basis_list.currentRow()
        target = row + delta
        basis = list(self._document().basis)
        if not (0 <= row < len(basis) and 0 <= target < len(basis)):
            return
        basis.insert(target, basis.pop(row))
        self._set_basis(basis, target, self.tr("Chuyển dòng căn cứ"))
