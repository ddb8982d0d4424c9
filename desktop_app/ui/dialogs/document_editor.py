"""The structured editor of a draft (Soạn văn bản): header fields, basis lines linked to the incoming
register, the body as a tree of sections, items, paragraphs and tasks, and the closing parts.

The document being edited is one immutable ``OfficialDocument``; every edit replaces it and pushes the
previous one on the undo stack, so undo is exact and the widgets are always a view of one state. While
the clerk works, a copy is kept beside the database (the service writes it), so a crash loses nothing.
Beside each task the editor shows what the deadline parser understood; a phrase it cannot read is
flagged, and the clerk may set the last day by hand — nothing is guessed silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any, TypeAlias, cast

from PySide6.QtCore import QDate, QModelIndex, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.deadlines import DeadlineRule, Timing
from desktop_app.domain.document_edit import (
    EditError,
    NodePath,
    indent,
    insert_node,
    move_node,
    node_at,
    outdent,
    remove_node,
    replace_node,
)
from desktop_app.domain.documents import (
    CIRCULATIONS,
    DOCUMENT_TYPES,
    MARKERS,
    TIMING_LABELS,
    URGENCIES,
    Appendix,
    BasisLine,
    BodyNode,
    DocumentNumber,
    ListItem,
    OfficialDocument,
    Paragraph,
    Recipients,
    Section,
    SignerBlock,
    Task,
    appendix_heading,
    basis_text,
    document_type,
    outline,
    validate_for_issue,
)
from desktop_app.domain.vntext import format_date, matches
from desktop_app.services.deadlines import read_timing as read_deadline
from desktop_app.services.documents import DocumentRecord, DocumentService
from desktop_app.services.errors import UserError
from desktop_app.services.registers import IncomingEntry
from desktop_app.ui.errors import show_error
from desktop_app.ui.widgets.actions import Keys, add_action
from desktop_app.ui.widgets.forms import UNDERSTOOD_STYLE, WARNING_STYLE, labelled_rows, text_box
from desktop_app.ui.widgets.messages import ask

#: Who usually carries out a plan's tasks (DOMAIN §1); the clerk may type any other.
PERFORMERS = ("Các CĐCS", "Ban Thường vụ LĐLĐ huyện", "Văn phòng LĐLĐ huyện", "Ban Chấp hành LĐLĐ huyện")
AUTHORITIES = ("TM. BAN THƯỜNG VỤ", "TM. BAN CHẤP HÀNH", "KT. CHỦ TỊCH", "Q. CHỦ TỊCH", "TL. CHỦ TỊCH",
               "TUQ. CHỦ TỊCH", "")
# Kept copies are written this long after the last keystroke: often enough to lose at most a few words.
KEEP_DELAY_MS = 1500
# The window frame around the dialog: Windows 10/11 title bar and borders at 100–125 % scaling.
TITLE_BAR_ALLOWANCE = 48
MAIN_BODY = -1
#: What the tree shows for a node: the node, its text, its timing column, whether that is a warning.
_Label: TypeAlias = tuple[BodyNode, str, str, bool]
_KIND_NAMES = {Section: "mục", Paragraph: "đoạn", ListItem: "ý", Task: "nhiệm vụ"}


def _panel() -> tuple[QWidget, QFormLayout]:
    """A node panel: its fields keep their height, the space left goes below them."""
    panel = QWidget()
    outer = QVBoxLayout(panel)
    form = QFormLayout()
    outer.addLayout(form)
    outer.addStretch(1)
    return panel, form


def _marker_combo() -> QComboBox:
    combo = QComboBox()
    for marker in MARKERS:
        combo.addItem(marker, marker)
    return combo


def _row_of(*widgets: QWidget, grow: QWidget | None = None) -> QWidget:
    """Several widgets on one form row: ``grow`` takes the width left (else the row keeps to the left); the
    row's label's Alt+letter goes to the first widget."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget, 1 if widget is grow else 0)
    if grow is None:
        layout.addStretch(1)
    row.setFocusProxy(widgets[0])
    return row


def _lines(box: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(line for line in (raw.strip() for raw in box.toPlainText().split("\n")) if line)


def _set_text(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Show ``text`` without emitting an edit, and without moving the cursor when nothing changed."""
    current = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
    if current == text:
        return
    with QSignalBlocker(widget):
        if isinstance(widget, QLineEdit):
            widget.setText(text)
            widget.setCursorPosition(0)  # show the beginning of a long line, not its tail
        else:
            widget.setPlainText(text)


def read_timing(task: Task, year: int) -> tuple[str, bool]:
    """What the editor shows beside a task, and whether it is a warning (unread phrase or no timing)."""
    if task.due is not None:
        return f"Hạn do văn thư đặt: {format_date(task.due)}", False
    if not task.timing:
        return "Chưa có thời hạn", True
    timing: Timing = read_deadline(task.timing, reference_year=year)
    if not timing.understood:
        return f"⚠ {timing.summary} — hãy sửa câu chữ hoặc đặt hạn bằng tay", True
    text = timing.summary
    if timing.deadline is not None:
        text += f" → hạn cuối {format_date(timing.deadline)}"
    return text, bool(timing.problems)


class _Edit(QUndoCommand):
    """One change of the document: ``before`` and ``after`` are whole (immutable) documents.

    Typing in one field pushes one command per keystroke with the same ``key``; consecutive ones merge,
    so Ctrl+Z takes back a whole field's typing rather than one letter."""

    def __init__(self, editor: DocumentEditor, before: OfficialDocument, after: OfficialDocument,
                 key: object, text: str, select: NodePath | None) -> None:
        super().__init__(text)
        self.editor, self.before, self.after, self.key = editor, before, after, key
        self.select_before = editor.selected_path()
        self.select_after = select if select is not None else self.select_before
        self.part = editor.part  # undo shows the part the change was made in
        self._pushed = False

    def id(self) -> int:
        return 1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _Edit) or self.key is None or other.key != self.key or other.part != self.part:
            return False
        self.after, self.select_after = other.after, other.select_after
        if self.after == self.before:
            # Typing undone inside the field (a line edit's own Ctrl+Z) leaves nothing to undo here: drop the
            # step, so the stack is clean again when the text is back to what was saved.
            self.setObsolete(True)
        return True

    def redo(self) -> None:
        # The first redo comes from push(): the widget that made the edit already shows it.
        self.editor.part = self.part
        self.editor.apply(self.after, self.select_after, refresh=self._pushed)
        self._pushed = True

    def undo(self) -> None:
        self.editor.part = self.part
        self.editor.apply(self.before, self.select_before, refresh=True)


class IncomingPicker(QDialog):
    """Choose a received document to cite as a basis line; typing filters (accents optional)."""

    def __init__(self, entries: list[IncomingEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Chọn văn bản đến làm căn cứ"))
        self.resize(760, 420)
        self._entries = entries
        self.chosen: IncomingEntry | None = None
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Tìm theo số, nơi gửi, trích yếu…"))
        self.filter_edit.textChanged.connect(lambda _t: self._fill())
        self.list = QListWidget()
        self.list.itemActivated.connect(lambda _i: self.accept())
        self.hint = QLabel()
        ok = QPushButton(self.tr("Thêm dòng căn cứ"))
        ok.setDefault(True)
        ok.clicked.connect(self.accept)
        cancel = QPushButton(self.tr("Hủy"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(ok)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        self._fill()

    def _fill(self) -> None:
        self.list.clear()
        for entry in self._entries:
            line = (f"Số đến {entry.arrival_number}/{entry.year} — {format_date(entry.arrived_on)} — "
                    f"{entry.their_symbol or 'không số'} — {entry.sender}: {entry.summary}")
            if matches(self.filter_edit.text(), line):
                item = QListWidgetItem(line)
                item.setData(Qt.ItemDataRole.UserRole, entry.id)
                self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.hint.setText("" if self.list.count() else (
            self.tr("Không có văn bản đến nào khớp.") if self.filter_edit.text().strip()
            else self.tr("Sổ văn bản đến chưa có văn bản nào. Hãy vào sổ văn bản đến trước.")))

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None:
            self.hint.setText(self.tr("Chưa chọn văn bản nào."))
            return
        wanted = item.data(Qt.ItemDataRole.UserRole)
        self.chosen = next(e for e in self._entries if e.id == wanted)
        super().accept()


class DocumentEditor(QDialog):
    """Edit one draft. ``preview`` prints what the editor holds (saved or not) and shows the pages."""

    def __init__(
        self,
        record: DocumentRecord | OfficialDocument,
        documents: DocumentService,
        incoming: Callable[[], list[IncomingEntry]],
        incoming_entry: Callable[[str], IncomingEntry | None],
        preview: Callable[[OfficialDocument, QWidget], None],
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # A new document (from a template or blank) is stored only when the clerk saves it: closing the editor
        # unsaved leaves no empty draft behind.
        self.record: DocumentRecord | None = None if isinstance(record, OfficialDocument) else record
        if self.record is not None and self.record.issued:
            raise UserError(f"Văn bản {self.record.symbol} đã ban hành nên không sửa được; hãy tạo bản sửa đổi.")
        self.doc = record if isinstance(record, OfficialDocument) else record.document
        # A new document is stored, as a draft, only once the clerk typed in it (so that a crash can give the
        # typing back, as for any draft); closing it unsaved ("Không lưu") deletes that draft again.
        self._provisional = False
        self.documents = documents
        self._incoming = incoming
        self._incoming_entry = incoming_entry
        self._preview = preview
        self._today = today
        self._loading = False
        self._links: dict[str, str] = {}  # incoming uuid → how the list shows it ("sổ đến số 2/2021")
        self.part = MAIN_BODY  # the body the tree shows: the document's, or an appendix's (its index)
        self._shown_part = MAIN_BODY
        self.saved: DocumentRecord | None = None
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        # Within the screen, title bar and taskbar included: on a 1366×768 laptop the Windows taskbar leaves
        # about 728 pixels, and the buttons at the bottom (Lưu, Đóng) must stay on it.
        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen else None
        self.resize(
            min(1100, available.width() - 40) if available else 1100,
            min(760, available.height() - TITLE_BAR_ALLOWANCE) if available else 760,
        )

        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(lambda _clean: self.setWindowTitle(self._title()))
        self.setWindowTitle(self._title())
        self._keep_timer = QTimer(self)
        self._keep_timer.setSingleShot(True)
        self._keep_timer.setInterval(KEEP_DELAY_MS)
        self._keep_timer.timeout.connect(self.keep_copy)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_general(), self.tr("&1. Thông tin chung"))
        self.tabs.addTab(self._build_basis(), self.tr("&2. Căn cứ"))
        self.tabs.addTab(self._build_body(), self.tr("&3. Nội dung"))
        self.tabs.addTab(self._build_closing(), self.tr("&4. Nơi nhận, người ký"))

        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet(WARNING_STYLE)
        self.undo_button = QPushButton(self.tr("Hoàn tác"))
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.redo_button = QPushButton(self.tr("Làm lại"))
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        self.preview_button = QPushButton(self.tr("&Xem trước khi in…"))
        self.preview_button.clicked.connect(self.preview)
        self.save_button = QPushButton(self.tr("&Lưu"))
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(self.tr("Đóng"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.undo_button, self.redo_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.preview_button, self.save_button, self.close_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problems_label)
        layout.addLayout(buttons)

        for text, keys, slot in (
            (self.tr("Hoàn tác"), QKeySequence.StandardKey.Undo, self.undo_stack.undo),
            (self.tr("Làm lại"), QKeySequence.StandardKey.Redo, self.undo_stack.redo),
            (self.tr("Lưu"), QKeySequence.StandardKey.Save, self.save),
            (self.tr("Xem trước"), "Ctrl+Shift+P", self.preview),
        ):
            add_action(self, text, keys, slot)

        self.apply(self.doc, None, refresh=True)
        QTimer.singleShot(0, self._offer_unsaved_copy)

    # ================================================================= building
    def _build_general(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
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
            lambda: self._change(replace(self.doc, addressees=_lines(self.addressees_edit)), "addressees",
                                 self.tr("Sửa Kính gửi")))
        self.parent_edit = QLineEdit()
        self.parent_edit.textEdited.connect(lambda t: self._change(
            replace(self.doc, header=replace(self.doc.header, parent_body=t)), "parent",
            self.tr("Sửa cơ quan chủ quản")))
        self.issuer_edit = QLineEdit()
        self.issuer_edit.textEdited.connect(lambda t: self._change(
            replace(self.doc, header=replace(self.doc.header, issuing_body=t)), "issuer",
            self.tr("Sửa cơ quan ban hành")))
        self.place_edit = QLineEdit()
        self.place_edit.textEdited.connect(lambda t: self._change(
            replace(self.doc, header=replace(self.doc.header, place=t)), "place", self.tr("Sửa địa danh")))
        self.office_edit = QLineEdit()
        self.office_edit.setPlaceholderText(self.tr("VD: VP (công văn 12/LĐLĐ-VP)"))
        self.office_edit.textEdited.connect(self._edit_office)
        self.urgency_combo = QComboBox()
        self.urgency_combo.addItem(self.tr("Không"), "")
        for mark in URGENCIES:
            self.urgency_combo.addItem(mark.capitalize(), mark)
        self.urgency_combo.currentIndexChanged.connect(lambda _i: self._change(
            replace(self.doc, urgency=self.urgency_combo.currentData()), None, self.tr("Đổi độ khẩn")))
        self.circulation_combo = QComboBox()
        self.circulation_combo.addItem(self.tr("Không"), "")
        for mark in CIRCULATIONS:
            self.circulation_combo.addItem(mark.capitalize(), mark)
        self.circulation_combo.currentIndexChanged.connect(lambda _i: self._change(
            replace(self.doc, circulation=self.circulation_combo.currentData()), None,
            self.tr("Đổi chỉ dẫn lưu hành")))
        self.landscape_check = QCheckBox(self.tr("In khổ A4 ngang (văn bản có bảng rộng)"))
        self.landscape_check.toggled.connect(lambda on: self._change(
            replace(self.doc, landscape=on), None, self.tr("Đổi khổ giấy")))
        self.contact_edit = text_box(2)
        self.contact_edit.textChanged.connect(lambda: self._change(
            replace(self.doc, contact=self.contact_edit.toPlainText().strip()), "contact",
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
        return tab

    def _build_basis(self) -> QWidget:
        tab = QWidget()
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
        layout = QVBoxLayout(tab)
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
        return tab

    def _build_body(self) -> QWidget:
        tab = QWidget()
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Nội dung"), self.tr("Thời hạn hiểu được")])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(1, 260)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setAlternatingRowColors(True)
        self.tree.currentItemChanged.connect(lambda *_: self._show_node())

        def tree_action(text: str, keys: Keys, slot: Callable[[], None]) -> QAction:
            # Only while the focus is in this tab: Alt+arrows and Ctrl+Delete mean other things elsewhere.
            return add_action(tab, text, keys, slot, Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.add_section_action = tree_action(self.tr("+ Mục"), "Ctrl+Alt+M", lambda: self.add_node(Section("")))
        self.add_item_action = tree_action(self.tr("+ Ý"), "Ctrl+Alt+Y", lambda: self.add_node(ListItem("")))
        self.add_paragraph_action = tree_action(self.tr("+ Đoạn văn"), "Ctrl+Alt+D",
                                                lambda: self.add_node(Paragraph("")))
        self.add_task_action = tree_action(self.tr("+ Nhiệm vụ"), "Ctrl+Alt+N", lambda: self.add_node(Task("")))
        self.delete_action = tree_action(self.tr("Xóa"), "Ctrl+Delete", self.delete_node)
        self.up_action = tree_action(self.tr("Lên"), "Alt+Up", lambda: self.move_selected(-1))
        self.down_action = tree_action(self.tr("Xuống"), "Alt+Down", lambda: self.move_selected(1))
        self.indent_action = tree_action(self.tr("Lùi vào"), "Alt+Right", self.indent_selected)
        self.outdent_action = tree_action(self.tr("Lùi ra"), "Alt+Left", self.outdent_selected)
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for act in (self.add_section_action, self.add_item_action, self.add_paragraph_action, self.add_task_action):
            bar.addAction(act)
        bar.addSeparator()
        for act in (self.delete_action, self.up_action, self.down_action, self.indent_action, self.outdent_action):
            bar.addAction(act)
        for act in bar.actions():
            if not act.isSeparator() and not act.shortcut().isEmpty():
                act.setToolTip(f"{act.text()} ({act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")

        self.node_stack = QStackedWidget()
        self.empty_panel = QLabel(self.tr("Chọn một dòng bên trái để sửa, hoặc thêm mục, ý, đoạn văn, nhiệm vụ."))
        self.empty_panel.setWordWrap(True)
        self.empty_panel.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.node_stack.addWidget(self.empty_panel)
        self.node_stack.addWidget(self._build_section_panel())
        self.node_stack.addWidget(self._build_text_panel())
        self.node_stack.addWidget(self._build_task_panel())

        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(self.node_stack)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 460])
        self.part_combo = QComboBox()
        self.part_combo.currentIndexChanged.connect(lambda _i: self.show_part(self.part_combo.currentData()))
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
        parts = QHBoxLayout()
        parts.addWidget(part_label)
        parts.addWidget(self.part_combo, 2)
        parts.addWidget(self.appendix_label_combo)
        parts.addWidget(self.appendix_title_edit, 3)
        parts.addWidget(self.appendix_landscape_check)
        parts.addWidget(self.add_appendix_button)
        parts.addWidget(self.remove_appendix_button)
        for button in (self.add_appendix_button, self.remove_appendix_button):
            button.setAutoDefault(False)

        layout = QVBoxLayout(tab)
        layout.addLayout(parts)
        layout.addWidget(bar)
        layout.addWidget(splitter, 1)
        return tab

    def _build_section_panel(self) -> QWidget:
        panel, form = _panel()
        self.heading_edit = QLineEdit()
        self.heading_edit.textEdited.connect(lambda t: self._edit_node(lambda n: _with(n, heading=t), "heading"))
        self.level_spin = QSpinBox()
        self.level_spin.setRange(1, 3)
        self.level_spin.valueChanged.connect(lambda v: self._edit_node(lambda n: _with(n, level=v), None))
        self.numbered_check = QCheckBox(self.tr("Đánh số (I., 1., 1.1.)"))
        self.numbered_check.toggled.connect(lambda on: self._edit_node(lambda n: _with(n, numbered=on), None))
        labelled_rows(form, [(self.tr("&Tiêu đề mục:"), self.heading_edit), (self.tr("Cấp:"), self.level_spin)])
        form.addRow("", self.numbered_check)
        return panel

    def _build_text_panel(self) -> QWidget:
        """Paragraphs and list items: a marker (items only) and the text."""
        panel, form = _panel()
        self.marker_combo = _marker_combo()
        self.marker_combo.currentIndexChanged.connect(
            lambda _i: self._edit_node(lambda n: _with(n, marker=self.marker_combo.currentData()), None))
        self.marker_label = QLabel(self.tr("Ký hiệu đầu dòng:"))
        self.marker_label.setBuddy(self.marker_combo)
        self.node_text_edit = QPlainTextEdit()
        self.node_text_edit.setTabChangesFocus(True)
        self.node_text_edit.textChanged.connect(
            lambda: self._edit_node(lambda n: _with(n, text=self.node_text_edit.toPlainText()), "text"))
        form.addRow(self.marker_label, self.marker_combo)  # hidden for paragraphs, so kept by name
        labelled_rows(form, [(self.tr("&Nội dung:"), self.node_text_edit)])
        return panel

    def _build_task_panel(self) -> QWidget:
        panel, form = _panel()
        self.task_marker_combo = _marker_combo()
        self.task_marker_combo.currentIndexChanged.connect(
            lambda _i: self._edit_node(lambda n: _with(n, marker=self.task_marker_combo.currentData()), None))
        self.task_text_edit = text_box(5)
        self.task_text_edit.textChanged.connect(
            lambda: self._edit_node(lambda n: _with(n, text=self.task_text_edit.toPlainText()), "task-text"))
        self.who_combo = QComboBox()
        self.who_combo.setEditable(True)
        self.who_combo.addItems(["", *PERFORMERS])
        line_edit = self.who_combo.lineEdit()
        assert line_edit is not None
        line_edit.setPlaceholderText(self.tr("Để trống nếu đã ghi trong nội dung"))
        self.who_combo.editTextChanged.connect(lambda t: self._edit_node(lambda n: _with(n, who=t), "who"))
        self.timing_edit = QLineEdit()
        self.timing_edit.setPlaceholderText(self.tr("VD: Thời gian hoàn thành: trước ngày 15/11/2026."))
        self.timing_edit.textEdited.connect(lambda t: self._edit_node(lambda n: _with(n, timing=t), "timing"))
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
        labelled_rows(form, [
            (self.tr("Ký hiệu đầu dòng:"), self.task_marker_combo),
            (self.tr("&Việc cần làm:"), self.task_text_edit),
            (self.tr("Đơn vị thực &hiện:"), self.who_combo),
            (self.tr("Dòng &thời gian:"), _row_of(self.timing_edit, self.timing_label_combo, grow=self.timing_edit)),
        ])
        form.addRow(self.tr("Hiểu là:"), self.understood_label)
        form.addRow("", _row_of(self.due_check, self.due_edit))
        rule = QLabel(DeadlineRule.INCLUSIVE.label)
        rule.setWordWrap(True)
        form.addRow("", rule)
        return panel

    def _build_closing(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        self.closing_edit = text_box(4)
        self.closing_edit.textChanged.connect(lambda: self._change(
            replace(self.doc, closing=tuple(Paragraph(p) for p in _lines(self.closing_edit))), "closing",
            self.tr("Sửa đoạn kết")))
        self.recipients_edit = text_box(6)
        self.recipients_edit.textChanged.connect(lambda: self._change(
            replace(self.doc, recipients=Recipients(_lines(self.recipients_edit))), "recipients",
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
        return tab

    # ================================================================= state
    def _title(self) -> str:
        what = self.doc.subject_line if self.doc.type.is_letter else self.doc.summary
        kind = self.doc.type.name[:1].upper() + self.doc.type.name[1:]
        star = "" if self.undo_stack.isClean() and self.record is not None else " *"
        return f"Soạn {kind.lower()}: {what or '(chưa có trích yếu)'}{star}"

    def _change(self, after: OfficialDocument, key: object, text: str, select: NodePath | None = None) -> None:
        """Record an edit made in a widget; ``key`` merges consecutive typing in one field."""
        if self._loading or after == self.doc:
            return
        self.undo_stack.push(_Edit(self, self.doc, after, key, text, select))

    def apply(self, doc: OfficialDocument, select: NodePath | None, refresh: bool) -> None:
        """Make ``doc`` the document; ``refresh`` shows it in every widget (after undo, redo, structure)."""
        structural = refresh or self.part != self._shown_part or _shape(self._body(doc)) != _shape(self._body())
        parts_changed = len(doc.appendices) != len(self.doc.appendices)
        self.doc = doc
        if parts_changed and not refresh:
            self._fill_parts()
        if refresh:
            self._show_all(select)
        else:
            if structural:
                self._fill_tree(select)
            else:
                self._update_tree_labels()
            self._show_problems()
        self.setWindowTitle(self._title())
        self._keep_timer.start()

    def _show_all(self, select: NodePath | None) -> None:
        self._loading = True
        try:
            doc = self.doc
            self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(doc.type.code or "")))
            letter = doc.type.is_letter
            self.summary_label.setText(self.tr("&V/v (trích yếu công văn):") if letter else self.tr("&Trích yếu:"))
            _set_text(self.summary_edit, doc.subject if letter else doc.summary)
            _set_text(self.addressees_edit, "\n".join(doc.addressees))
            _set_text(self.parent_edit, doc.header.parent_body)
            _set_text(self.issuer_edit, doc.header.issuing_body)
            _set_text(self.place_edit, doc.header.place)
            _set_text(self.office_edit, doc.number.drafting_office if doc.number else "")
            self.office_edit.setEnabled(letter)
            self.urgency_combo.setCurrentIndex(max(0, self.urgency_combo.findData(doc.urgency)))
            self.circulation_combo.setCurrentIndex(max(0, self.circulation_combo.findData(doc.circulation)))
            self.landscape_check.setChecked(doc.landscape)
            _set_text(self.contact_edit, doc.contact)
            self._fill_basis()
            self._fill_parts()
            self._fill_tree(select)
            _set_text(self.closing_edit, "\n".join(p.text for p in doc.closing))
            _set_text(self.recipients_edit, "\n".join(doc.recipients.lines))
            signer = doc.signer or SignerBlock("", "", "")
            if self.authority_combo.currentText() != signer.authority:
                self.authority_combo.setEditText(signer.authority)
            _set_text(self.signer_title_edit, signer.title)
            _set_text(self.signer_name_edit, signer.name)
        finally:
            self._loading = False
        self._show_problems()

    def _show_problems(self) -> None:
        # Number and date come from the register when issuing: leave them out of what is still missing.
        doc = self.doc
        issuer = doc.number.issuer if doc.number and doc.number.issuer else "X"
        ready = replace(doc, number=DocumentNumber(1, self._today().year, doc.type.code, issuer,
                                                   doc.number.drafting_office if doc.number else ""),
                        header=replace(doc.header, issue_date=self._today()))
        problems = validate_for_issue(ready)
        unread = sum(1 for e in outline(doc.body) if isinstance(e.node, Task)
                     and read_timing(e.node, self._year())[1])
        if unread:
            problems.append(self.tr("{n} nhiệm vụ có thời hạn chưa hiểu được hoặc chưa có hạn.").format(n=unread))
        self.problems_label.setText(
            self.tr("Còn thiếu trước khi ban hành: ") + " ".join(problems) if problems
            else self.tr("Đủ thông tin để ban hành."))
        self.problems_label.setStyleSheet(WARNING_STYLE if problems else UNDERSTOOD_STYLE)

    def _year(self) -> int:
        return self.doc.header.issue_date.year if self.doc.header.issue_date else self._today().year

    # ================================================================= general fields
    def _edit_type(self) -> None:
        code = self.type_combo.currentData() or None
        kind = document_type(code)
        number = self.doc.number
        if number is not None:
            number = replace(number, type_code=kind.code)
        after = replace(self.doc, type=kind, number=number)
        self._change(after, None, self.tr("Đổi loại văn bản"))
        if not self._loading:
            self._show_all(self.selected_path())  # the summary box changes meaning for letters

    def _edit_summary(self) -> None:
        text = self.summary_edit.toPlainText()
        after = replace(self.doc, subject=text) if self.doc.type.is_letter else replace(self.doc, summary=text)
        self._change(after, "summary", self.tr("Sửa trích yếu"))

    def _edit_office(self, text: str) -> None:
        number = self.doc.number or DocumentNumber(None, self._year(), self.doc.type.code, "")
        self._change(replace(self.doc, number=replace(number, drafting_office=text)), "office",
                     self.tr("Sửa đơn vị soạn thảo"))

    def _edit_signer(self, **fields: str) -> None:
        signer = self.doc.signer or SignerBlock("", "", "")
        after = replace(signer, **fields)
        self._change(replace(self.doc, signer=None if after == SignerBlock("", "", "") else after),
                     ("signer", *fields), self.tr("Sửa người ký"))

    # ================================================================= basis
    def _fill_basis(self) -> None:
        row = self.basis_list.currentRow()
        with QSignalBlocker(self.basis_list):
            self.basis_list.clear()
            for line in self.doc.basis:
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
        line = self.doc.basis[row] if 0 <= row < len(self.doc.basis) else None
        self.basis_edit.setEnabled(line is not None)
        loading, self._loading = self._loading, True
        try:
            _set_text(self.basis_edit, line.text if line else "")
        finally:
            self._loading = loading
        self.basis_link_label.setText(
            self.tr("Liên kết: {link}.").format(link=self._link_name(line.incoming_uuid))
            if line and line.incoming_uuid else "")

    def _edit_basis_line(self) -> None:
        row = self.basis_list.currentRow()
        if self._loading or not 0 <= row < len(self.doc.basis):
            return
        basis = list(self.doc.basis)
        basis[row] = replace(basis[row], text=self.basis_edit.toPlainText())
        self._change(replace(self.doc, basis=tuple(basis)), ("basis", row), self.tr("Sửa dòng căn cứ"))
        item = self.basis_list.item(row)
        if item is not None:
            item.setText(self._basis_display(self.doc.basis[row]))

    def _set_basis(self, basis: list[BasisLine], row: int, text: str) -> None:
        self._change(replace(self.doc, basis=tuple(basis)), None, text)
        self._fill_basis()
        self.basis_list.setCurrentRow(row)

    def add_basis_line(self) -> None:
        row = self.basis_list.currentRow() + 1 if self.basis_list.count() else 0
        basis = list(self.doc.basis)
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
        row = self.basis_list.currentRow() + 1 if self.basis_list.count() else 0
        basis = list(self.doc.basis)
        basis.insert(row, line)
        self._set_basis(basis, row, self.tr("Thêm căn cứ từ sổ văn bản đến"))

    def remove_basis_line(self) -> None:
        row = self.basis_list.currentRow()
        if not 0 <= row < len(self.doc.basis):
            return
        basis = list(self.doc.basis)
        del basis[row]
        self._set_basis(basis, min(row, len(basis) - 1), self.tr("Xóa dòng căn cứ"))

    def move_basis_line(self, delta: int) -> None:
        row = self.basis_list.currentRow()
        target = row + delta
        if not (0 <= row < len(self.doc.basis) and 0 <= target < len(self.doc.basis)):
            return
        basis = list(self.doc.basis)
        basis.insert(target, basis.pop(row))
        self._set_basis(basis, target, self.tr("Chuyển dòng căn cứ"))

    # ================================================================= body tree
    def _body(self, doc: OfficialDocument | None = None) -> tuple[BodyNode, ...]:
        """The body the tree edits: the document's own, or the shown appendix's."""
        doc = doc or self.doc
        if self.part == MAIN_BODY or self.part >= len(doc.appendices):
            return doc.body
        return doc.appendices[self.part].body

    def _with_body(self, body: tuple[BodyNode, ...]) -> OfficialDocument:
        if self.part == MAIN_BODY:
            return replace(self.doc, body=body)
        appendices = list(self.doc.appendices)
        appendices[self.part] = replace(appendices[self.part], body=body)
        return replace(self.doc, appendices=tuple(appendices))

    def _fill_parts(self) -> None:
        """The "Phần" combo: the document's body, then one entry per appendix."""
        with QSignalBlocker(self.part_combo):
            self.part_combo.clear()
            self.part_combo.addItem(self.tr("Nội dung văn bản"), MAIN_BODY)
            for i in range(len(self.doc.appendices)):
                self.part_combo.addItem(self._part_name(i), i)
            if self.part >= len(self.doc.appendices):
                self.part = MAIN_BODY
            self.part_combo.setCurrentIndex(max(0, self.part_combo.findData(self.part)))
        appendix = self.doc.appendices[self.part] if self.part != MAIN_BODY else None
        for widget in (self.appendix_title_edit, self.appendix_label_combo, self.appendix_landscape_check,
                       self.remove_appendix_button):
            widget.setEnabled(appendix is not None)
        loading, self._loading = self._loading, True
        try:
            _set_text(self.appendix_title_edit, appendix.title if appendix else "")
            if self.appendix_label_combo.currentText() != (appendix.label if appendix else ""):
                self.appendix_label_combo.setEditText(appendix.label if appendix else "")
            self.appendix_landscape_check.setChecked(bool(appendix and appendix.landscape))
        finally:
            self._loading = loading

    def show_part(self, part: int) -> None:
        self.part = part
        self._fill_parts()
        self._fill_tree(None)

    def add_appendix(self) -> None:
        appendices = (*self.doc.appendices, Appendix(""))
        self.part = len(appendices) - 1
        self._change(replace(self.doc, appendices=appendices), None, self.tr("Thêm phụ lục"))
        self.appendix_title_edit.setFocus()

    def remove_appendix(self) -> None:
        if self.part == MAIN_BODY:
            return
        appendices = list(self.doc.appendices)
        del appendices[self.part]
        self.part = MAIN_BODY
        self._change(replace(self.doc, appendices=tuple(appendices)), None, self.tr("Xóa phụ lục"))

    def _edit_appendix(self, key: str | None, **fields: Any) -> None:
        if self._loading or self.part == MAIN_BODY:
            return
        appendices = list(self.doc.appendices)
        appendices[self.part] = replace(appendices[self.part], **fields)
        self._change(replace(self.doc, appendices=tuple(appendices)), ("appendix", self.part, key) if key else None,
                     self.tr("Sửa phụ lục"))
        with QSignalBlocker(self.part_combo):
            self.part_combo.setItemText(self.part_combo.findData(self.part), self._part_name(self.part))

    def _part_name(self, index: int) -> str:
        """"PHỤ LỤC II: Lịch tổ chức", the label as the printed heading shows it."""
        title = self.doc.appendices[index].title or self.tr("(chưa có tên)")
        return f"{appendix_heading(self.doc, index)}: {title}"

    def selected_path(self) -> NodePath | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        path = item.data(0, Qt.ItemDataRole.UserRole)
        return tuple(path) if path is not None else None

    def _labels(self) -> dict[NodePath, _Label]:
        """For every node: the node, its tree text, its timing column and whether the timing is a warning."""
        labels: dict[NodePath, _Label] = {}
        year = self._year()
        for entry in outline(self._body()):
            path, node = entry.path, entry.node
            if isinstance(node, Section):
                heading = node.heading.upper() if node.level == 1 else node.heading
                text = f"{entry.label} {heading or self.tr('(mục chưa có tiêu đề)')}".strip()
                labels[path] = (node, text, "", False)
            elif isinstance(node, Paragraph):
                labels[path] = (node, node.text or self.tr("(đoạn văn trống)"), "", False)
            else:
                text = f"{entry.label} {node.text or self.tr('(chưa có nội dung)')}"
                if isinstance(node, Task):
                    timing, warn = read_timing(node, year)
                    who = f" [{node.who}]" if node.who else ""
                    labels[path] = (node, f"{text}{who}", timing, warn)
                else:
                    labels[path] = (node, text, "", False)
        return labels

    def _fill_tree(self, select: NodePath | None) -> None:
        self._shown_part = self.part
        loading, self._loading = self._loading, True
        try:
            with QSignalBlocker(self.tree):
                self.tree.clear()
                items: dict[NodePath, QTreeWidgetItem] = {}
                for path, label in self._labels().items():
                    parent = items.get(path[:-1])
                    item = QTreeWidgetItem(parent) if parent is not None else QTreeWidgetItem(self.tree)
                    item.setData(0, Qt.ItemDataRole.UserRole, list(path))
                    self._label_item(item, label)
                    items[path] = item
                self.tree.expandAll()
                target = items.get(select) if select is not None else None
                if target is not None:
                    self.tree.setCurrentItem(target)
                else:
                    self.tree.setCurrentIndex(QModelIndex())
        finally:
            self._loading = loading
        self._show_node()

    def _label_item(self, item: QTreeWidgetItem, label: _Label) -> None:
        node, text, timing, warn = label
        first_line = text.split("\n", 1)[0]
        item.setText(0, first_line if len(first_line) <= 160 else first_line[:157] + "…")
        item.setToolTip(0, text)
        font = item.font(0)
        font.setBold(isinstance(node, Section))
        item.setFont(0, font)
        item.setText(1, timing)
        item.setToolTip(1, timing)
        item.setForeground(1, Qt.GlobalColor.darkYellow if warn else Qt.GlobalColor.darkGreen)

    def _update_tree_labels(self) -> None:
        """After typing: the same tree, new texts (rebuilding it would move the clerk's cursor)."""
        labels = self._labels()
        items = QTreeWidgetItemIterator(self.tree)
        while (item := items.value()) is not None:
            label = labels.get(tuple(item.data(0, Qt.ItemDataRole.UserRole)))
            if label is not None:
                self._label_item(item, label)
            items += 1
        selected = labels.get(self.selected_path() or ())
        if selected is not None and isinstance(selected[0], Task):
            self._show_understood(selected[0])

    def _show_node(self) -> None:
        path = self.selected_path()
        node = node_at(self._body(), path) if path is not None else None
        for act in (self.delete_action, self.up_action, self.down_action, self.indent_action, self.outdent_action):
            act.setEnabled(node is not None)
        loading, self._loading = self._loading, True
        try:
            if node is None:
                self.node_stack.setCurrentIndex(0)
            elif isinstance(node, Section):
                self.node_stack.setCurrentIndex(1)
                _set_text(self.heading_edit, node.heading)
                self.level_spin.setValue(node.level)
                self.numbered_check.setChecked(node.numbered)
            elif isinstance(node, (Paragraph, ListItem)):
                self.node_stack.setCurrentIndex(2)
                item = isinstance(node, ListItem)
                self.marker_combo.setVisible(item)
                self.marker_label.setVisible(item)
                if isinstance(node, ListItem):
                    self.marker_combo.setCurrentIndex(max(0, self.marker_combo.findData(node.marker)))
                _set_text(self.node_text_edit, node.text)
            else:
                self.node_stack.setCurrentIndex(3)
                self.task_marker_combo.setCurrentIndex(max(0, self.task_marker_combo.findData(node.marker)))
                _set_text(self.task_text_edit, node.text)
                if self.who_combo.currentText() != node.who:
                    self.who_combo.setEditText(node.who)
                _set_text(self.timing_edit, node.timing)
                self.due_check.setChecked(node.due is not None)
                # The date box needs some date while unticked: today is shown, never stored unless ticked.
                due = node.due or self._today()
                self.due_edit.setDate(QDate(due.year, due.month, due.day))
                self.due_edit.setEnabled(node.due is not None)
                self._show_understood(node)
        finally:
            self._loading = loading

    def _show_understood(self, task: Task) -> None:
        text, warn = read_timing(task, self._year())
        self.understood_label.setText(text)
        self.understood_label.setStyleSheet(WARNING_STYLE if warn else UNDERSTOOD_STYLE)

    def _edit_node(self, change: Callable[[BodyNode], BodyNode], field: str | None) -> None:
        path = self.selected_path()
        if self._loading or path is None:
            return
        node = node_at(self._body(), path)
        try:
            new = change(node)
        except (TypeError, ValueError) as exc:  # e.g. a marker a node kind does not take
            show_error(self, str(exc), self.tr("Không sửa được"))
            return
        body = replace_node(self._body(), path, new)
        self._change(self._with_body(body), ("node", path, field) if field else None,
                     self.tr("Sửa nội dung"), select=path)

    def _edit_due(self, on: bool) -> None:
        self.due_edit.setEnabled(on)
        qdate = self.due_edit.date()
        due = date(qdate.year(), qdate.month(), qdate.day()) if on else None
        self._edit_node(lambda n: _with(n, due=due), None)
        path = self.selected_path()
        if path is not None and isinstance(node := node_at(self._body(), path), Task):
            self._show_understood(node)

    def _insert_timing_label(self, index: int) -> None:
        label = self.timing_label_combo.itemData(index)
        self.timing_label_combo.setCurrentIndex(0)
        if not label:
            return
        current = self.timing_edit.text()
        rest = current.split(":", 1)[1].strip() if ":" in current else current.strip()
        text = f"{label}: {rest}"
        self.timing_edit.setText(text)
        self._edit_node(lambda n: _with(n, timing=text), "timing")
        self.timing_edit.setFocus()

    def _placement(self, node: BodyNode) -> tuple[NodePath, int]:
        """Where a new node goes: inside a selected section (unless it is a section as big), else after the
        selected node; with nothing selected, at the end."""
        path = self.selected_path()
        if path is None:
            return (), len(self._body())
        selected = node_at(self._body(), path)
        if isinstance(selected, Section) and not (isinstance(node, Section) and node.level <= selected.level):
            return path, len(selected.children)
        return path[:-1], path[-1] + 1

    def add_node(self, node: BodyNode) -> None:
        parent, index = self._placement(node)
        container = node_at(self._body(), parent) if parent else None
        siblings = self._body() if container is None or isinstance(container, Paragraph) else container.children
        if isinstance(node, Section):
            if isinstance(container, Section):
                node = replace(node, level=min(container.level + 1, 3))
            else:
                before = siblings[index - 1] if index > 0 else None
                node = replace(node, level=before.level if isinstance(before, Section) else 1)
        elif isinstance(node, (ListItem, Task)):
            before = siblings[index - 1] if 0 < index <= len(siblings) else None
            if isinstance(before, (ListItem, Task)):
                node = replace(node, marker=before.marker)
            elif isinstance(container, Section) and container.level == 1 and isinstance(node, ListItem):
                node = replace(node, marker="1.")
        try:
            body = insert_node(self._body(), parent, index, node)
        except EditError as exc:
            show_error(self, str(exc), self.tr("Không thêm được"))
            return
        kind = _KIND_NAMES[type(node)]
        self._change(self._with_body(body), None, self.tr("Thêm {kind}").format(kind=kind),
                     select=(*parent, index))
        self._focus_editor()

    def _focus_editor(self) -> None:
        index = self.node_stack.currentIndex()
        target: QWidget | None = {1: self.heading_edit, 2: self.node_text_edit, 3: self.task_text_edit}.get(index)
        if target is not None:
            target.setFocus()

    def delete_node(self) -> None:
        path = self.selected_path()
        if path is None:
            return
        node = node_at(self._body(), path)
        body = remove_node(self._body(), path)
        parent = path[:-1]
        container = node_at(body, parent) if parent else None
        left = body if container is None else () if isinstance(container, Paragraph) else container.children
        # The next sibling takes the selection, else the one before, else the parent.
        select: NodePath | None = (*parent, min(path[-1], len(left) - 1)) if left else (parent or None)
        self._change(self._with_body(body), None,
                     self.tr("Xóa {kind}").format(kind=_KIND_NAMES[type(node)]), select=select)

    def _structure(self, edit: Callable[[tuple[BodyNode, ...], NodePath], tuple[tuple[BodyNode, ...], NodePath]],
                   text: str) -> None:
        path = self.selected_path()
        if path is None:
            return
        try:
            body, new_path = edit(self._body(), path)
        except EditError as exc:
            self.problems_label.setText(str(exc))
            self.problems_label.setStyleSheet(WARNING_STYLE)
            return
        self._change(self._with_body(body), None, text, select=new_path)
        self.tree.setFocus()

    def move_selected(self, delta: int) -> None:
        self._structure(lambda body, path: move_node(body, path, delta), self.tr("Chuyển vị trí"))

    def indent_selected(self) -> None:
        self._structure(indent, self.tr("Lùi vào"))

    def outdent_selected(self) -> None:
        self._structure(outdent, self.tr("Lùi ra"))

    # ================================================================= saving, closing, recovery
    def save(self) -> bool:
        try:
            if self.record is None:
                self.saved = self.documents.create_draft(self.doc)
            else:
                self.saved = self.documents.update_draft(
                    self.record.id, self.doc, expected_revision=self.record.revision
                )
        except UserError as exc:
            show_error(self, str(exc), self.tr("Chưa lưu được"))
            return False
        self.record = self.saved
        self._provisional = False
        self.documents.discard_unsaved(self.record)
        self._keep_timer.stop()
        self.undo_stack.setClean()
        self.setWindowTitle(self._title())
        return True

    def keep_copy(self) -> None:
        if self.record is None:
            if self.undo_stack.isClean():
                return  # nothing typed yet: nothing to lose, nothing stored
            try:
                self.record = self.documents.create_draft(self.doc)
            except UserError as exc:
                self.problems_label.setText(str(exc))
                self.problems_label.setStyleSheet(WARNING_STYLE)
                return
            self._provisional = True
        if self.undo_stack.isClean():
            self.documents.discard_unsaved(self.record)
            return
        try:
            self.documents.keep_unsaved(self.record, self.doc)
        except UserError as exc:
            # Not fatal: the clerk still has the document on screen and can save it.
            self.problems_label.setText(str(exc))
            self.problems_label.setStyleSheet(WARNING_STYLE)

    def _offer_unsaved_copy(self) -> None:
        copy = None if self.record is None else self.documents.unsaved_copy(self.record)
        if copy is None:
            return
        when = copy.kept_at.astimezone().strftime("%H:%M ngày %d/%m/%Y")
        answer = ask(self, self.tr("Bản đang soạn dở"),
                     self.tr("Lần trước văn bản này đang được sửa mà chưa lưu (bản giữ lúc {when}). "
                             "Khôi phục bản đó?").format(when=when),
                     [self.tr("Khôi phục"), self.tr("Bỏ bản đó")])
        if answer == 0:
            self._change(copy.document, None, self.tr("Khôi phục bản soạn dở"))
            self._show_all(None)
        elif self.record is not None:
            self.documents.discard_unsaved(self.record)

    def preview(self) -> None:
        self._preview(self.doc, self)

    def reject(self) -> None:
        """Esc, the close button and the window's X all come here (QDialog's closeEvent calls reject)."""
        if not self.undo_stack.isClean():
            answer = ask(self, self.tr("Văn bản chưa lưu"),
                         self.tr("Văn bản có thay đổi chưa lưu. Lưu trước khi đóng?"),
                         [self.tr("Lưu"), self.tr("Không lưu"), self.tr("Hủy")])
            if answer is None or answer == 2 or (answer == 0 and not self.save()):
                return
        self._keep_timer.stop()
        if self.record is not None:
            self.documents.discard_unsaved(self.record)
            if self._provisional:
                self.documents.delete_draft(self.record.id)
        super().reject()


def _with(node: BodyNode, **changes: Any) -> BodyNode:
    """``dataclasses.replace`` on a node of any kind (the panel shown only offers its kind's fields)."""
    return cast(BodyNode, replace(cast(Any, node), **changes))


def _shape(body: tuple[BodyNode, ...]) -> list[tuple[type, int]]:
    """The tree's shape (kinds and child counts), to tell a text edit from a structural one."""
    out: list[tuple[type, int]] = []
    for node in body:
        children = () if isinstance(node, Paragraph) else node.children
        out.append((type(node), len(children)))
        out += _shape(children)
    return out
