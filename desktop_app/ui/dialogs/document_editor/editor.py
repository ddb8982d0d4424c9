"""The editor dialog: it holds the document, assembles the tabs, keeps the undo stack, and saves, keeps a
copy against a crash and offers that copy back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from desktop_app.domain.document_edit import NodePath
from desktop_app.domain.documents import DocumentNumber, OfficialDocument, Task, outline, validate_for_issue
from desktop_app.services.documents import DocumentRecord, DocumentService
from desktop_app.services.errors import UserError
from desktop_app.services.registers import IncomingEntry
from desktop_app.ui.dialogs.document_editor.basis import BasisTab
from desktop_app.ui.dialogs.document_editor.body import BodyTab
from desktop_app.ui.dialogs.document_editor.closing import ClosingTab
from desktop_app.ui.dialogs.document_editor.commands import DocumentEdit
from desktop_app.ui.dialogs.document_editor.general import GeneralTab
from desktop_app.ui.dialogs.document_editor.timing import read_timing
from desktop_app.ui.errors import show_error
from desktop_app.ui.tasks import run_on_worker
from desktop_app.ui.widgets.actions import add_action
from desktop_app.ui.widgets.forms import UNDERSTOOD_STYLE, WARNING_STYLE
from desktop_app.ui.widgets.messages import ask

# Kept copies are written this long after the last keystroke: often enough to lose at most a few words.
KEEP_DELAY_MS = 1500
# The window frame around the dialog: Windows 10/11 title bar and borders at 100–125 % scaling.
TITLE_BAR_ALLOWANCE = 48


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
        self._preview = preview
        self._today = today
        self._loading = False
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

        def current() -> OfficialDocument:
            return self.doc

        self.general_tab = GeneralTab(current, self._change, self._year)
        self.general_tab.retyped.connect(lambda: self._show_all(self.selected_path()))
        self.basis_tab = BasisTab(current, self._change, incoming, incoming_entry)
        self.body_tab = BodyTab(current, self._change, self._year, today, self._warn)
        self.closing_tab = ClosingTab(current, self._change)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.general_tab, self.tr("&1. Thông tin chung"))
        self.tabs.addTab(self.basis_tab, self.tr("&2. Căn cứ"))
        self.tabs.addTab(self.body_tab, self.tr("&3. Nội dung"))
        self.tabs.addTab(self.closing_tab, self.tr("&4. Nơi nhận, người ký"))
        self._expose_fields()

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

    def _expose_fields(self) -> None:
        """The tabs' fields that the guide's screenshots and the tests reach on the editor itself, as before the tabs
        were modules of their own."""
        general, basis, body, parts = self.general_tab, self.basis_tab, self.body_tab, self.body_tab.parts
        self.summary_label, self.summary_edit, self.office_edit = (
            general.summary_label, general.summary_edit, general.office_edit)
        self.basis_list, self.basis_edit, self.basis_link_label, self.add_from_incoming_button = (
            basis.basis_list, basis.basis_edit, basis.basis_link_label, basis.add_from_incoming_button)
        self.tree, self.node_stack = body.tree, body.node_stack
        self.add_section_action, self.add_item_action = body.add_section_action, body.add_item_action
        self.add_paragraph_action, self.add_task_action = body.add_paragraph_action, body.add_task_action
        self.delete_action, self.up_action, self.down_action = body.delete_action, body.up_action, body.down_action
        self.indent_action, self.outdent_action = body.indent_action, body.outdent_action
        self.part_combo, self.appendix_title_edit, self.appendix_landscape_check = (
            parts.part_combo, parts.appendix_title_edit, parts.appendix_landscape_check)
        self.add_appendix_button, self.remove_appendix_button = parts.add_appendix_button, parts.remove_appendix_button
        self.heading_edit, self.level_spin = body.section_panel.heading_edit, body.section_panel.level_spin
        self.node_text_edit = body.text_panel.node_text_edit
        task = body.task_panel
        self.task_text_edit, self.who_combo, self.timing_edit = task.task_text_edit, task.who_combo, task.timing_edit
        self.understood_label, self.due_check, self.due_edit = task.understood_label, task.due_check, task.due_edit

    # ================================================================= state
    @property
    def part(self) -> int:
        """The body the tree shows: the document's (``MAIN_BODY``), or an appendix's (its index)."""
        return self.body_tab.part

    @part.setter
    def part(self, part: int) -> None:
        self.body_tab.part = part

    def selected_path(self) -> NodePath | None:
        return self.body_tab.selected_path()

    def _title(self) -> str:
        what = self.doc.subject_line if self.doc.type.is_letter else self.doc.summary
        kind = self.doc.type.name[:1].upper() + self.doc.type.name[1:]
        star = "" if self.undo_stack.isClean() and self.record is not None else " *"
        return f"Soạn {kind.lower()}: {what or '(chưa có trích yếu)'}{star}"

    def _change(self, after: OfficialDocument, key: object, text: str, select: NodePath | None = None) -> None:
        """Record an edit made in a tab; ``key`` merges consecutive typing in one field."""
        if self._loading or after == self.doc:
            return
        self.undo_stack.push(DocumentEdit(self, self.doc, after, key, text, select))

    def apply(self, doc: OfficialDocument, select: NodePath | None, refresh: bool) -> None:
        """Make ``doc`` the document; ``refresh`` shows it in every widget (after undo, redo, structure)."""
        before, self.doc = self.doc, doc
        if refresh:
            self._show_all(select)
        else:
            self.body_tab.follow(before, select)
            self._show_problems()
        self.setWindowTitle(self._title())
        self._keep_timer.start()

    def _show_all(self, select: NodePath | None) -> None:
        self._loading = True
        try:
            self.general_tab.show_document()
            self.basis_tab.show_document()
            self.body_tab.show_document(select)
            self.closing_tab.show_document()
        finally:
            self._loading = False
        self._show_problems()

    def _warn(self, text: str) -> None:
        self.problems_label.setText(text)
        self.problems_label.setStyleSheet(WARNING_STYLE)

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

    # ================================================================= saving, closing, recovery
    def save(self) -> bool:
        try:
            doc, record = self.doc, self.record
            if record is None:
                self.saved = run_on_worker(lambda: self.documents.create_draft(doc), self)
            else:
                self.saved = run_on_worker(
                    lambda: self.documents.update_draft(record.id, doc, expected_revision=record.revision), self
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
                doc = self.doc
                self.record = run_on_worker(lambda: self.documents.create_draft(doc), self)
            except UserError as exc:
                self._warn(str(exc))
                return
            self._provisional = True
        if self.undo_stack.isClean():
            self.documents.discard_unsaved(self.record)
            return
        try:
            self.documents.keep_unsaved(self.record, self.doc)
        except UserError as exc:
            # Not fatal: the clerk still has the document on screen and can save it.
            self._warn(str(exc))

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
                gone = self.record.id
                run_on_worker(lambda: self.documents.delete_draft(gone), self)
        super().reject()
