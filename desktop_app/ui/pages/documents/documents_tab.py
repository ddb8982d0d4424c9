"""The outgoing documents tab (Văn bản đi): the list and its filters, writing drafts, issuing, new versions,
deleting drafts (undone with Ctrl+Z) and what DocumentActions does with the selected document."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QInputDialog, QLineEdit, QVBoxLayout, QWidget

from desktop_app.domain.documents import DOCUMENT_TYPES, OfficialDocument
from desktop_app.domain.vntext import format_date
from desktop_app.services.documents import (
    DRAFT,
    ISSUED,
    STATUS_LABELS,
    DeletedDraft,
    DocumentListing,
    DocumentRecord,
    DocumentService,
)
from desktop_app.services.errors import UserError
from desktop_app.services.registers import RegisterService
from desktop_app.services.templates import TemplateService
from desktop_app.services.tracking import TrackingService
from desktop_app.ui.document_actions import DocumentActions
from desktop_app.ui.errors import show_error
from desktop_app.ui.models.documents_models import DocumentsTableModel
from desktop_app.ui.pages.documents.widgets import FittedTable, labelled, toolbar
from desktop_app.ui.tasks import on_worker, run_on_worker
from desktop_app.ui.widgets.actions import add_action
from desktop_app.ui.widgets.messages import ask

if TYPE_CHECKING:
    from desktop_app.ui.widgets.actions import Keys

# "Tất cả loại" and "công văn" both have no type code; the combo tells them apart with these.
ALL_TYPES = "*"
LETTER_TYPE = ""


class _DeleteDraft(QUndoCommand):
    """Undo puts the deleted draft back (same uuid and content); redo deletes it again."""

    def __init__(self, tab: DocumentsTab, document_id: int, deleted: DeletedDraft) -> None:
        super().__init__(tab.tr("Xóa dự thảo «{summary}»").format(summary=deleted.summary))
        self.tab = tab
        self.document_id = document_id
        self.deleted = deleted
        self._done = True  # the tab deleted it before pushing (a refusal must not reach the stack)

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        try:
            self.deleted = run_on_worker(lambda: self.tab.documents.delete_draft(self.document_id), self.tab)
        except UserError as exc:
            show_error(self.tab, str(exc))
        self.tab.reload()

    def undo(self) -> None:
        try:
            restored = run_on_worker(lambda: self.tab.documents.restore_draft(self.deleted), self.tab)
        except UserError as exc:
            show_error(self.tab, str(exc))
            return
        self.document_id = restored.id
        self.tab.reload()
        self.tab.select_document(restored.id)


class DocumentsTab(QWidget):
    """Gets its services, the shared document actions and the page's undo stack through its constructor.

    ``numbers_changed`` is emitted when issuing took a number of the outgoing register."""

    numbers_changed = Signal()

    def __init__(
        self,
        documents: DocumentService,
        registers: RegisterService,
        document_actions: DocumentActions,
        undo_stack: QUndoStack,
        templates: TemplateService | None = None,
        clock: Callable[[], date] = date.today,
        parent: QWidget | None = None,
        tracking: TrackingService | None = None,
    ) -> None:
        super().__init__(parent)
        self.documents = documents
        self.registers = registers
        self.tracking = tracking
        self.document_actions = document_actions
        self.undo_stack = undo_stack
        self.templates = templates
        self._clock = clock
        self._build_actions()
        self._build_list()
        self.reload()

    def _action(self, text: str, keys: Keys, slot: Callable[[], None]) -> QAction:
        # Owned by the tab: Qt ignores the shortcuts of a tab that is not shown and the main window those of a
        # page that is not shown, so Ctrl+N is a new document here, a new arrival in the incoming register and a
        # new unit on the units page, wherever the focus is on the shown one (its search box too).
        return add_action(self, text, keys, slot)

    def _build_actions(self) -> None:
        self.new_from_template_action = self._action(self.tr("Mới từ &mẫu…"), "Ctrl+Shift+M", self.new_from_template)
        self.new_from_template_action.setToolTip(self.tr("Văn bản mới từ mẫu"))
        self.new_from_template_action.setEnabled(self.templates is not None)
        self.new_blank_action = self._action(self.tr("Văn bản trố&ng…"), QKeySequence.StandardKey.New,
                                             self.new_blank)
        self.new_blank_action.setEnabled(self.templates is not None)
        self.edit_action = self._action(self.tr("&Soạn / sửa…"), "Ctrl+E", self.edit_selected)
        files = self.document_actions
        self.save_pdf_action = self._action(self.tr("&Lưu PDF…"), "Ctrl+Shift+S", self._on_selected(files.save_pdf))
        self.open_pdf_action = self._action(self.tr("Mở &PDF"), "Ctrl+P", self._on_selected(files.open_pdf))
        self.preview_action = self._action(
            self.tr("&Xem trước…"), "Ctrl+Shift+P", self._on_selected(files.preview_stored)
        )
        self.preview_action.setToolTip(self.tr("Xem trước khi in"))
        self.save_docx_action = self._action(self.tr("Lưu &Word…"), None, self._on_selected(files.save_docx))
        self.issue_action = self._action(self.tr("&Ban hành…"), "Ctrl+Shift+B", self.issue_selected)
        self.new_version_action = self._action(self.tr("Bản sửa đổ&i"), "Ctrl+Shift+N", self.new_version_of_selected)
        self.new_version_action.setToolTip(self.tr("Tạo bản sửa đổi của văn bản đã ban hành"))
        self.sign_action = self._action(self.tr("&Ký số…"), None, self.sign_selected)
        self.verify_action = self._action(self.tr("Kiểm t&ra chữ ký…"), None, self.document_actions.verify_signed_file)
        self.verify_action.setToolTip(self.tr("Kiểm tra chữ ký số của một tệp PDF"))
        self.find_action = self._action(self.tr("Tìm"), QKeySequence.StandardKey.Find, self.focus_search)

    def _build_list(self) -> None:
        self.type_combo = QComboBox()
        self.type_combo.addItem(self.tr("Tất cả loại"), ALL_TYPES)
        for kind in DOCUMENT_TYPES:
            self.type_combo.addItem(kind.name[:1].upper() + kind.name[1:], kind.code or LETTER_TYPE)
        self.year_combo = QComboBox()
        self.status_combo = QComboBox()
        self.status_combo.addItem(self.tr("Tất cả trạng thái"), None)
        for status in (DRAFT, ISSUED):
            self.status_combo.addItem(STATUS_LABELS[status], status)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Tìm theo số, ký hiệu, trích yếu (gõ không dấu cũng được)…"))
        self.search_edit.setClearButtonEnabled(True)
        for combo in (self.type_combo, self.year_combo, self.status_combo):
            combo.currentIndexChanged.connect(lambda _i: self.reload(years=False))
        # Filtering changes no document, so the years stay as they are (one query less at each keystroke).
        self.search_edit.textChanged.connect(lambda _t: self.reload(years=False))

        filters = QHBoxLayout()
        filters.addWidget(labelled(self.tr("Tìm (Ctrl+F):"), self.search_edit))
        filters.addWidget(self.search_edit, 3)
        filters.addWidget(labelled(self.tr("L&oại:"), self.type_combo))
        filters.addWidget(self.type_combo, 1)
        filters.addWidget(labelled(self.tr("Nă&m:"), self.year_combo))
        filters.addWidget(self.year_combo)
        filters.addWidget(labelled(self.tr("T&rạng thái:"), self.status_combo))
        filters.addWidget(self.status_combo)

        self.model = DocumentsTableModel(self)
        self.table = FittedTable(self.model, 3, {0: 160, 2: 140, 4: 140}, (0, 2, 4))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        # A draft opens in the editor, an issued document (read-only) as its PDF.
        self.table.doubleClicked.connect(lambda _index: self._open_selected())
        self.status_label = self.document_actions.status_label
        self.delete_action = self._action(self.tr("Xóa &dự thảo…"), QKeySequence.StandardKey.Delete,
                                          self.delete_selected_draft)
        self.delete_action.setToolTip(self.tr("Xóa dự thảo đang chọn (văn bản đã ban hành không xóa được)"))

        layout = QVBoxLayout(self)
        bar = toolbar(
            self.new_from_template_action,
            self.new_blank_action,
            self.edit_action,
            self.delete_action,
            self.save_pdf_action,
            self.open_pdf_action,
            self.preview_action,
            self.save_docx_action,
            self.issue_action,
            self.new_version_action,
            self.sign_action,
            self.verify_action,
        )
        layout.addWidget(bar)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        layout.addWidget(self.status_label)

    def _on_selected(self, act: Callable[[DocumentListing], None]) -> Callable[[], None]:
        """``act`` on the selected document; nothing when none is selected."""

        def run() -> None:
            document = self.selected_document()
            if document is not None:
                act(document)

        return run

    # -- loading -----------------------------------------------------------------------------
    def reload(self, select_id: int | None = None, years: bool = True) -> None:
        selected = self.table.selected()
        keep = select_id if select_id is not None else (selected.id if selected else None)
        if years:
            self._fill_years()
        kind = self.type_combo.currentData()
        year = self.year_combo.currentData()
        records = self.documents.list_documents(
            type_code=None if kind in (ALL_TYPES, LETTER_TYPE) else kind,
            year=year,
            status=self.status_combo.currentData(),
            search=self.search_edit.text(),
        )
        if kind == LETTER_TYPE:
            # The service reads "no type code" as "every type"; letters are the documents without one.
            records = [r for r in records if r.type_code is None]
        self.model.set_rows(records)
        filtered = kind != ALL_TYPES or year is not None or self.status_combo.currentIndex() > 0
        self.table.set_hint(
            self.tr("Không có văn bản nào khớp điều kiện tìm và lọc.")
            if filtered or self.search_edit.text().strip()
            else self.tr("Chưa có văn bản đi nào.")
        )
        self.table.fit()
        if keep is not None:
            self.table.select_row(self.model.row_of(keep))
        self._update_actions()

    def _fill_years(self) -> None:
        """Fill the year filter: all years, the years documents exist for and the current one, newest first.
        The years the year filter selects on, read as such: listing every document for them cost the office
        with 5,000 documents 200 ms at each keystroke in the search box."""
        years = {*self.documents.years(), self._clock().year}
        wanted = [None, *sorted(years, reverse=True)]
        if [self.year_combo.itemData(i) for i in range(self.year_combo.count())] == wanted:
            return
        current = self.year_combo.currentData()
        with QSignalBlocker(self.year_combo):
            self.year_combo.clear()
            for year in wanted:
                self.year_combo.addItem(self.tr("Tất cả các năm") if year is None else str(year), year)
            self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(current)))

    def _update_actions(self) -> None:
        document = self.selected_document()
        self.save_pdf_action.setEnabled(document is not None)
        self.save_docx_action.setEnabled(document is not None)
        self.open_pdf_action.setEnabled(document is not None)
        self.preview_action.setEnabled(document is not None)
        self.issue_action.setEnabled(document is not None and not document.issued)
        self.edit_action.setEnabled(document is not None and not document.issued)
        self.delete_action.setEnabled(document is not None and not document.issued)
        self.new_version_action.setEnabled(document is not None and document.issued)
        self.sign_action.setEnabled(document is not None and document.issued)

    def selected_document(self) -> DocumentListing | None:
        return record if isinstance(record := self.table.selected(), DocumentListing) else None

    def select_document(self, document_id: int) -> bool:
        """Select a document, clearing the filters when they hide it (a new draft under "Đã ban hành")."""
        return self._select_where(lambda r: r.id == document_id)

    def select_document_uuid(self, uuid: str) -> bool:
        """Select the document a change-log line names (the list is read again: it may be new); False when it is
        not there (a deleted draft)."""
        self.reload()
        return self._select_where(lambda r: r.uuid == uuid)

    def _select_where(self, wanted: Callable[[DocumentListing], bool]) -> bool:
        if self.model.row_where(wanted) is None:
            self.search_edit.clear()  # each cleared filter reloads the list
            for combo in (self.type_combo, self.year_combo, self.status_combo):
                combo.setCurrentIndex(0)
        row = self.model.row_where(wanted)
        self.table.select_row(row)
        return row is not None

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    # -- writing -----------------------------------------------------------------------------
    def new_from_template(self) -> None:
        if self.templates is None:
            return
        from desktop_app.ui.dialogs.template_dialog import TemplateDialog

        dialog = TemplateDialog(self.templates, self)
        if dialog.exec() and dialog.created is not None:
            self._open_editor(dialog.created)  # the template gives the frame; the clerk writes the rest

    def new_blank(self) -> None:
        """A document of the chosen type with only the office's header and signer, opened in the editor (stored
        when the clerk saves it)."""
        if self.templates is None:
            return
        names = [kind.name[:1].upper() + kind.name[1:] for kind in DOCUMENT_TYPES]
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Văn bản trống"))
        dialog.setLabelText(self.tr("Loại văn bản:"))
        dialog.setComboBoxItems(names)
        dialog.setComboBoxEditable(False)
        dialog.setTextValue(names[names.index("Kế hoạch")])
        # Qt has no Vietnamese translation of its own: its "OK/Cancel" would show.
        dialog.setOkButtonText(self.tr("Soạn văn bản"))
        dialog.setCancelButtonText(self.tr("Hủy"))
        accepted = dialog.exec()
        name = dialog.textValue()
        dialog.deleteLater()
        if not accepted or name not in names:
            return
        try:
            doc = self.templates.blank_document(DOCUMENT_TYPES[names.index(name)].code)
        except UserError as exc:
            show_error(self, str(exc))
            return
        self._open_editor(doc)

    def _open_selected(self) -> None:
        document = self.selected_document()
        if document is not None and not document.issued:
            self.edit_selected()
        elif document is not None:
            self.document_actions.open_pdf(document)

    def edit_selected(self) -> None:
        """Open the selected draft in the structured editor (issued documents are read-only)."""
        document = self.selected_document()
        if document is None:
            return
        if document.issued:
            show_error(self, self.tr("Văn bản {symbol} đã ban hành nên không sửa được; hãy tạo bản sửa đổi.").format(
                symbol=document.symbol))
            return
        try:
            record = self.documents.get(document.id)  # the newest revision, not the list's copy
        except UserError as exc:
            show_error(self, str(exc))
            self.reload()
            return
        self._open_editor(record)

    def _open_editor(self, record: DocumentRecord | OfficialDocument) -> None:
        """Edit a stored draft, or a new document that is stored when the clerk saves it."""
        from desktop_app.ui.dialogs.document_editor import DocumentEditor

        editor = DocumentEditor(
            record, self.documents, self.registers.recent_incoming, self.registers.incoming_entry,
            self.document_actions.preview_document, self._clock, self,
        )
        editor.exec()
        saved = editor.saved
        editor.deleteLater()
        self.reload(select_id=saved.id if saved else None)
        if saved is not None:
            self.select_document(saved.id)  # a new one may be hidden by the filters
            self.offer_to_move_requests(saved.id)

    def offer_to_move_requests(self, document_id: int) -> None:
        """A task's deadline was edited: offer to move the report requests made from it to the new date."""
        if self.tracking is None:
            return
        tracking = self.tracking
        try:
            moves = tracking.requests_to_move(document_id)
        except UserError as exc:
            show_error(self, str(exc))
            return
        if not moves:
            return
        lines = "\n".join(
            self.tr("• «{title}»: {old} → {new}").format(
                title=request.title, old=format_date(request.due), new=format_date(due))
            for request, due in moves
        )
        answer = ask(
            self, self.tr("Dời hạn yêu cầu báo cáo"),
            self.tr("Thời hạn của nhiệm vụ trong kế hoạch đã đổi. Dời hạn nộp của các yêu cầu báo cáo làm từ "
                    "nhiệm vụ đó theo kế hoạch?\n\n{lines}").format(lines=lines),
            [self.tr("Dời hạn"), self.tr("Giữ hạn cũ")],
        )
        if answer != 0:
            return
        def move_all() -> None:
            for request, due in moves:
                tracking.move_due(request.id, due, expected_revision=request.revision)

        try:
            run_on_worker(move_all, self)
        except UserError as exc:
            show_error(self, str(exc), self.tr("Chưa dời được hạn"))

    def delete_selected_draft(self) -> None:
        """Delete the selected draft after asking; Ctrl+Z brings it back. Issued documents are never deleted."""
        document = self.selected_document()
        if document is None:
            return
        if document.issued:
            show_error(self, self.tr("Văn bản {symbol} đã ban hành (đã vào sổ văn bản đi) nên không xóa được.").format(
                symbol=document.symbol))
            return
        summary = document.summary or self.tr("(chưa có trích yếu)")
        answer = ask(self, self.tr("Xóa dự thảo"),
                     self.tr("Xóa dự thảo «{summary}»?\nCó thể lấy lại bằng «Hoàn tác» (Ctrl+Z).").format(
                         summary=summary),
                     [self.tr("Xóa dự thảo"), self.tr("Không xóa")], default=1)
        if answer != 0:
            return
        try:
            deleted = run_on_worker(lambda: self.documents.delete_draft(document.id), self)
        except UserError as exc:
            show_error(self, str(exc))
            self.reload()
            return
        self.undo_stack.push(_DeleteDraft(self, document.id, deleted))
        self.reload()
        self.document_actions.tell(self.tr("Đã xóa dự thảo «{summary}». Ctrl+Z để lấy lại.").format(summary=summary))

    # -- issuing -----------------------------------------------------------------------------
    def issue_selected(self) -> None:
        document = self.selected_document()
        if document is None or document.issued:
            return
        from desktop_app.ui.dialogs.issue_dialog import IssueDialog

        try:
            record = self.documents.get(document.id)  # the dialog checks the document itself, not the list's line
        except UserError as exc:
            show_error(self, str(exc))
            self.reload()
            return
        dialog = IssueDialog(
            record,
            on_worker(lambda day, number, office: self.documents.issue(document.id, day, number, office), self),
            self._clock(),
            self,
        )
        if dialog.exec() and dialog.issued is not None:
            self.reload()
            self.select_document(dialog.issued.id)
            self.numbers_changed.emit()

    def new_version_of_selected(self) -> None:
        document = self.selected_document()
        if document is None or not document.issued:
            return
        try:
            draft = run_on_worker(lambda: self.documents.new_version(document.id), self)
        except UserError as exc:
            show_error(self, str(exc))
            return
        self.reload()
        self.select_document(draft.id)
        self.document_actions.tell(self.tr("Đã tạo bản dự thảo sửa đổi của {symbol}.").format(symbol=document.symbol))

    def sign_selected(self) -> None:
        document = self.selected_document()
        if document is None or not document.issued:
            return
        self.document_actions.sign(document)
