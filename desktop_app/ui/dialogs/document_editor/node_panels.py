"""The panels beside the body tree, one per kind of node: a section, a paragraph or list item, a task.

A panel shows the selected node (``show_node``) and reports what the clerk changes through ``edit``; it
never holds the document itself."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.deadlines import DeadlineRule
from desktop_app.domain.documents import TIMING_LABELS, BodyNode, ListItem, Paragraph, Section, Task
from desktop_app.ui.dialogs.document_editor.fields import EditNode, marker_combo, row_of, set_text, with_fields
from desktop_app.ui.dialogs.document_editor.timing import read_timing
from desktop_app.ui.widgets.forms import UNDERSTOOD_STYLE, WARNING_STYLE, labelled_rows, text_box

#: Who usually carries out a plan's tasks (DOMAIN §1); the clerk may type any other.
PERFORMERS = ("Các CĐCS", "Ban Thường vụ LĐLĐ huyện", "Văn phòng LĐLĐ huyện", "Ban Chấp hành LĐLĐ huyện")


class NodePanel(QWidget):
    """A node panel: its fields keep their height, the space left goes below them. ``first_field`` is where
    typing starts when a node of the panel's kind was just added."""

    first_field: QWidget

    def __init__(self, edit: EditNode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._edit_node = edit
        self._showing = False
        outer = QVBoxLayout(self)
        self.form = QFormLayout()
        outer.addLayout(self.form)
        outer.addStretch(1)

    @contextmanager
    def _show(self) -> Iterator[None]:
        """While the fields are set to show a node: what they signal then is not an edit."""
        showing, self._showing = self._showing, True
        try:
            yield
        finally:
            self._showing = showing

    def _edit(self, change: Callable[[BodyNode], BodyNode], field: str | None) -> BodyNode | None:
        return None if self._showing else self._edit_node(change, field)


class SectionPanel(NodePanel):
    def __init__(self, edit: EditNode, parent: QWidget | None = None) -> None:
        super().__init__(edit, parent)
        self.heading_edit = QLineEdit()
        self.heading_edit.textEdited.connect(lambda t: self._edit(lambda n: with_fields(n, heading=t), "heading"))
        self.level_spin = QSpinBox()
        self.level_spin.setRange(1, 3)
        self.level_spin.valueChanged.connect(lambda v: self._edit(lambda n: with_fields(n, level=v), None))
        self.numbered_check = QCheckBox(self.tr("Đánh số (I., 1., 1.1.)"))
        self.numbered_check.toggled.connect(lambda on: self._edit(lambda n: with_fields(n, numbered=on), None))
        labelled_rows(self.form, [(self.tr("&Tiêu đề mục:"), self.heading_edit),
                                  (self.tr("Cấp:"), self.level_spin)])
        self.form.addRow("", self.numbered_check)
        self.first_field = self.heading_edit

    def show_node(self, node: Section) -> None:
        with self._show():
            set_text(self.heading_edit, node.heading)
            self.level_spin.setValue(node.level)
            self.numbered_check.setChecked(node.numbered)


class TextPanel(NodePanel):
    """Paragraphs and list items: a marker (items only) and the text."""

    def __init__(self, edit: EditNode, parent: QWidget | None = None) -> None:
        super().__init__(edit, parent)
        self.marker_combo = marker_combo()
        self.marker_combo.currentIndexChanged.connect(
            lambda _i: self._edit(lambda n: with_fields(n, marker=self.marker_combo.currentData()), None))
        self.marker_label = QLabel(self.tr("Ký hiệu đầu dòng:"))
        self.marker_label.setBuddy(self.marker_combo)
        self.node_text_edit = QPlainTextEdit()
        self.node_text_edit.setTabChangesFocus(True)
        self.node_text_edit.textChanged.connect(
            lambda: self._edit(lambda n: with_fields(n, text=self.node_text_edit.toPlainText()), "text"))
        self.form.addRow(self.marker_label, self.marker_combo)  # hidden for paragraphs, so kept by name
        labelled_rows(self.form, [(self.tr("&Nội dung:"), self.node_text_edit)])
        self.first_field = self.node_text_edit

    def show_node(self, node: Paragraph | ListItem) -> None:
        with self._show():
            item = isinstance(node, ListItem)
            self.marker_combo.setVisible(item)
            self.marker_label.setVisible(item)
            if isinstance(node, ListItem):
                self.marker_combo.setCurrentIndex(max(0, self.marker_combo.findData(node.marker)))
            set_text(self.node_text_edit, node.text)


class TaskPanel(NodePanel):
    """A task: what to do, who does it, its timing as written, what the app understood of that, and a last
    day the clerk may set by hand. ``year`` is the year a timing without one is read in."""

    def __init__(self, edit: EditNode, year: Callable[[], int], today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(edit, parent)
        self._year = year
        self._today = today
        self.task_marker_combo = marker_combo()
        self.task_marker_combo.currentIndexChanged.connect(
            lambda _i: self._edit(lambda n: with_fields(n, marker=self.task_marker_combo.currentData()), None))
        self.task_text_edit = text_box(5)
        self.task_text_edit.textChanged.connect(
            lambda: self._edit(lambda n: with_fields(n, text=self.task_text_edit.toPlainText()), "task-text"))
        self.who_combo = QComboBox()
        self.who_combo.setEditable(True)
        self.who_combo.addItems(["", *PERFORMERS])
        line_edit = self.who_combo.lineEdit()
        assert line_edit is not None
        line_edit.setPlaceholderText(self.tr("Để trống nếu đã ghi trong nội dung"))
        self.who_combo.editTextChanged.connect(lambda t: self._edit(lambda n: with_fields(n, who=t), "who"))
        self.timing_edit = QLineEdit()
        self.timing_edit.setPlaceholderText(self.tr("VD: Thời gian hoàn thành: trước ngày 15/11/2026."))
        self.timing_edit.textEdited.connect(lambda t: self._edit(lambda n: with_fields(n, timing=t), "timing"))
        self.timing_label_combo = QComboBox()
        self.timing_label_combo.addItem(self.tr("Chèn nhãn…"), "")
        for label in TIMING_LABELS:
            self.timing_label_combo.addItem(label, label)
        self.timing_label_combo.activated.connect(self._insert_timing_label)
        self.understood_label = QLabel()
        self.understood_label.setWordWrap(True)
        self.understood_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.due_check = QCheckBox(self.tr("Đặt &hạn bằng tay:"))
        self.due_check.toggled.connect(self._edit_due)
        self.due_edit = QDateEdit()
        self.due_edit.setDisplayFormat("dd/MM/yyyy")
        self.due_edit.setCalendarPopup(True)
        self.due_edit.dateChanged.connect(lambda _d: self._edit_due(self.due_check.isChecked()))
        labelled_rows(self.form, [
            (self.tr("Ký hiệu đầu dòng:"), self.task_marker_combo),
            (self.tr("&Việc cần làm:"), self.task_text_edit),
            (self.tr("Đơn vị thực &hiện:"), self.who_combo),
            (self.tr("Dòng &thời gian:"), row_of(self.timing_edit, self.timing_label_combo, grow=self.timing_edit)),
        ])
        self.form.addRow(self.tr("Hiểu là:"), self.understood_label)
        self.form.addRow("", row_of(self.due_check, self.due_edit))
        rule = QLabel(DeadlineRule.INCLUSIVE.label)
        rule.setWordWrap(True)
        self.form.addRow("", rule)
        self.first_field = self.task_text_edit

    def show_node(self, node: Task) -> None:
        with self._show():
            self.task_marker_combo.setCurrentIndex(max(0, self.task_marker_combo.findData(node.marker)))
            set_text(self.task_text_edit, node.text)
            if self.who_combo.currentText() != node.who:
                self.who_combo.setEditText(node.who)
            set_text(self.timing_edit, node.timing)
            self.due_check.setChecked(node.due is not None)
            # The date box needs some date while unticked: today is shown, never stored unless ticked.
            due = node.due or self._today()
            self.due_edit.setDate(QDate(due.year, due.month, due.day))
            self.due_edit.setEnabled(node.due is not None)
            self.show_understood(node)

    def show_understood(self, task: Task) -> None:
        text, warn = read_timing(task, self._year())
        self.understood_label.setText(text)
        self.understood_label.setStyleSheet(WARNING_STYLE if warn else UNDERSTOOD_STYLE)

    def _edit_due(self, on: bool) -> None:
        self.due_edit.setEnabled(on)
        qdate = self.due_edit.date()
        due = date(qdate.year(), qdate.month(), qdate.day()) if on else None
        node = self._edit(lambda n: with_fields(n, due=due), None)
        if isinstance(node, Task):
            self.show_understood(node)

    def _insert_timing_label(self, index: int) -> None:
        label = self.timing_label_combo.itemData(index)
        self.timing_label_combo.setCurrentIndex(0)
        if not label:
            return
        current = self.timing_edit.text()
        rest = current.split(":", 1)[1].strip() if ":" in current else current.strip()
        text = f"{label}: {rest}"
        self.timing_edit.setText(text)
        self._edit(lambda n: with_fields(n, timing=text), "timing")
        self.timing_edit.setFocus()
