"""The Documents screen (Văn bản): outgoing documents, the outgoing register and the incoming register."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSignalBlocker, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QKeySequence,
    QResizeEvent,
    QShowEvent,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.documents import DOCUMENT_TYPES, OfficialDocument
from desktop_app.services.documents import (
    DRAFT,
    ISSUED,
    STATUS_LABELS,
    DeletedDraft,
    DocumentRecord,
    DocumentService,
    PageImage,
    pdf_page_images,
)
from desktop_app.services.errors import UserError
from desktop_app.services.registers import IncomingEntry, IncomingFile, OutgoingEntry, RegisterService
from desktop_app.services.signatures import (
    SignatureInfo,
    SignatureReport,
    SignerSource,
    format_signing_time,
    verify_signed_pdf,
)
from desktop_app.services.templates import TemplateService
from desktop_app.ui.errors import show_error
from desktop_app.ui.models.documents_models import (
    DocumentsTableModel,
    IncomingRegisterModel,
    OutgoingRegisterModel,
    RecordTableModel,
)
from desktop_app.ui.tasks import run_in_background
from desktop_app.ui.widgets.actions import Keys, add_action
from desktop_app.ui.widgets.files import ask_save_path
from desktop_app.ui.widgets.forms import WARNING_STYLE
from desktop_app.ui.widgets.messages import ask
from desktop_app.ui.widgets.tables import HintedTable

if TYPE_CHECKING:
    # reportlab loads with it; the page is built at start-up and prints only on demand.
    from desktop_app.files.pdf.official import RenderResult
    from desktop_app.ui.dialogs.document_editor import DocumentEditor

# "Tất cả loại" and "công văn" both have no type code; the combo tells them apart with these.
ALL_TYPES = "*"
LETTER_TYPE = ""
# Sharp enough on screen at 125% zoom; print again at the printer's resolution.
PREVIEW_DPI = 120


class YearCombo(QComboBox):
    """A register's year: the years that have entries, newest first, and the current one."""

    valueChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chosen = False  # until the clerk picks a year, the register follows its latest year with entries
        self.currentIndexChanged.connect(lambda _i: self.valueChanged.emit(self.value()))
        self.activated.connect(lambda _i: setattr(self, "chosen", True))

    def value(self) -> int:
        return int(self.currentData())

    def setValue(self, year: int) -> None:
        self.chosen = True
        if self.findData(year) < 0:
            self.set_years([*self._years(), year], self.value() if self.count() else year)
        self.setCurrentIndex(self.findData(year))  # the signal, when the year shown changes

    def set_years(self, years: list[int], current: int) -> None:
        """List ``years`` and ``current``, newest first, and show ``current`` (without a signal)."""
        wanted = sorted({*years, current}, reverse=True)
        with QSignalBlocker(self):
            if self._years() != wanted:
                self.clear()
                for year in wanted:
                    self.addItem(str(year), year)
            self.setCurrentIndex(self.findData(current))

    def _years(self) -> list[int]:
        return [int(self.itemData(i)) for i in range(self.count())]


class FittedTable(HintedTable):
    """A list whose columns stay on screen: sized to their contents when rows arrive, then, when the table is
    narrower than that (a 1366-pixel screen at 125 %), the ``shrinkable`` columns give way down to a floor,
    their text elided in the middle (the tooltip has it whole), so the last columns never fall off the edge."""

    STRETCH_ROOM = 220  # what the stretching column (the summary) keeps at least
    FLOOR = 90

    def __init__(
        self, model: RecordTableModel[Any], stretch: int, caps: dict[int, int], shrinkable: tuple[int, ...]
    ) -> None:
        super().__init__(model)
        self._stretch = stretch
        self._caps = caps
        self._shrinkable = shrinkable
        self._natural: dict[int, int] = {}
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)

    def fit(self) -> None:
        """Size to the rows now shown (after every reload: an empty list sizes to the titles only)."""
        self.fit_columns(self._stretch, self._caps)
        header = self.horizontalHeader()
        self._natural = {c: header.sectionSize(c) for c in range(header.count()) if c != self._stretch}
        self._give_way()

    def _give_way(self) -> None:
        header = self.horizontalHeader()
        excess = sum(self._natural.values()) + self.STRETCH_ROOM - self.viewport().width()
        for column, natural in self._natural.items():
            cut = 0
            if column in self._shrinkable and excess > 0:
                cut = min(excess, max(0, natural - self.FLOOR))
                excess -= cut
            if header.sectionSize(column) != natural - cut:
                header.resizeSection(column, natural - cut)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)  # the viewport has its new width by now
        if self._natural:
            self._give_way()


class _DeleteDraft(QUndoCommand):
    """Undo puts the deleted draft back (same uuid and content); redo deletes it again."""

    def __init__(self, page: DocumentsPage, document_id: int, deleted: DeletedDraft) -> None:
        super().__init__(page.tr("Xóa dự thảo «{summary}»").format(summary=deleted.summary))
        self.page = page
        self.document_id = document_id
        self.deleted = deleted
        self._done = True  # the page deleted it before pushing (a refusal must not reach the stack)

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        try:
            self.deleted = self.page.documents.delete_draft(self.document_id)
        except UserError as exc:
            show_error(self.page, str(exc))
        self.page.reload_documents()

    def undo(self) -> None:
        try:
            restored = self.page.documents.restore_draft(self.deleted)
        except UserError as exc:
            show_error(self.page, str(exc))
            return
        self.document_id = restored.id
        self.page.reload_documents()
        self.page.select_document(restored.id)


def _toolbar(*actions: QAction) -> QToolBar:
    bar = QToolBar()
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for act in actions:
        bar.addAction(act)
        # The button text is short (the bar must fit 1366-pixel screens); the tip says it in full, with its keys.
        keys = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if keys and not act.toolTip().endswith(f"({keys})"):
            act.setToolTip(f"{act.toolTip()} ({keys})")
    return bar


def _labelled(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


class DocumentsPage(QWidget):
    """Gets its services through the constructor; never touches the database itself."""

    def __init__(
        self,
        documents: DocumentService,
        registers: RegisterService,
        clock: Callable[[], date] = date.today,
        last_folder: Callable[[], str] = lambda: "",
        remember_folder: Callable[[str], None] = lambda _f: None,
        print_font: Callable[[], str] = lambda: "",
        parent: QWidget | None = None,
        templates: TemplateService | None = None,
        signing_library: Callable[[], str] = lambda: "",
        signing_token_label: Callable[[], str] = lambda: "",
        remember_token: Callable[[str, str], None] = lambda _library, _label: None,
        trust_roots: Callable[[], str] = lambda: "",
    ) -> None:
        super().__init__(parent)
        self.documents = documents
        self.templates = templates
        self.registers = registers
        self._clock = clock
        self._last_folder = last_folder
        self._remember_folder = remember_folder
        self._print_font = print_font
        self._signing_library = signing_library
        self._signing_token_label = signing_token_label
        self._remember_token = remember_token
        self._trust_roots = trust_roots
        self._preview_dir: tempfile.TemporaryDirectory[str] | None = None
        self.editor: DocumentEditor | None = None
        self._previews = 0

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_documents_tab(), self.tr("Văn bản đi"))
        self.tabs.addTab(self._build_outgoing_tab(), self.tr("Sổ văn bản đi"))
        self.tabs.addTab(self._build_incoming_tab(), self.tr("Sổ văn bản đến"))
        self.tabs.currentChanged.connect(lambda _i: self.reload_current())

        title = QLabel(self.tr("Văn bản"))
        title.setStyleSheet("font-size: 16px; font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs)
        self._build_undo()
        self.reload_documents()
        self.reload_outgoing()
        self.reload_incoming()

    # -- building ----------------------------------------------------------------------------
    def _action(self, tab: QWidget, text: str, keys: Keys, slot: Callable[[], None]) -> QAction:
        # Owned by the tab: Qt ignores the shortcuts of a tab that is not shown and the main window those of a
        # page that is not shown, so Ctrl+N is a new document here, a new arrival in the incoming register and a
        # new unit on the units page, wherever the focus is on the shown one (its search box too).
        return add_action(tab, text, keys, slot)

    def _build_undo(self) -> None:
        # The page's own undo (deleted drafts). The main window gives Ctrl+Z and Ctrl+Y to the shown page's
        # undo_stack (its undo group), so Ctrl+Z here never reaches another page's changes; no shortcuts here.
        self.undo_stack = QUndoStack(self)
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Hoàn tác"))
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Làm lại"))

    def _build_documents_tab(self) -> QWidget:
        tab = QWidget()
        self.new_from_template_action = self._action(
            tab, self.tr("Mới từ &mẫu…"), "Ctrl+Shift+M", self.new_from_template
        )
        self.new_from_template_action.setToolTip(self.tr("Văn bản mới từ mẫu"))
        self.new_from_template_action.setEnabled(self.templates is not None)
        self.new_blank_action = self._action(tab, self.tr("Văn bản trố&ng…"), QKeySequence.StandardKey.New,
                                             self.new_blank)
        self.new_blank_action.setEnabled(self.templates is not None)
        self.edit_action = self._action(tab, self.tr("&Soạn / sửa…"), "Ctrl+E", self.edit_selected)
        self.save_pdf_action = self._action(tab, self.tr("&Lưu PDF…"), "Ctrl+Shift+S", self.save_pdf)
        self.open_pdf_action = self._action(tab, self.tr("Mở &PDF"), "Ctrl+P", self.open_pdf)
        self.preview_action = self._action(tab, self.tr("&Xem trước…"), "Ctrl+Shift+P", self.preview_selected)
        self.preview_action.setToolTip(self.tr("Xem trước khi in"))
        self.save_docx_action = self._action(tab, self.tr("Lưu &Word…"), None, self.save_docx)
        self.issue_action = self._action(tab, self.tr("&Ban hành…"), "Ctrl+Shift+B", self.issue_selected)
        self.new_version_action = self._action(
            tab, self.tr("Bản sửa đổ&i"), "Ctrl+Shift+N", self.new_version_of_selected
        )
        self.new_version_action.setToolTip(self.tr("Tạo bản sửa đổi của văn bản đã ban hành"))
        self.sign_action = self._action(tab, self.tr("&Ký số…"), None, self.sign_selected)
        self.verify_action = self._action(tab, self.tr("Kiểm t&ra chữ ký…"), None, self.verify_signed_file)
        self.verify_action.setToolTip(self.tr("Kiểm tra chữ ký số của một tệp PDF"))
        self.find_action = self._action(tab, self.tr("Tìm"), QKeySequence.StandardKey.Find, self.focus_search)

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
            combo.currentIndexChanged.connect(lambda _i: self.reload_documents())
        self.search_edit.textChanged.connect(lambda _t: self.reload_documents())

        filters = QHBoxLayout()
        filters.addWidget(_labelled(self.tr("Tìm (Ctrl+F):"), self.search_edit))
        filters.addWidget(self.search_edit, 3)
        filters.addWidget(_labelled(self.tr("L&oại:"), self.type_combo))
        filters.addWidget(self.type_combo, 1)
        filters.addWidget(_labelled(self.tr("Nă&m:"), self.year_combo))
        filters.addWidget(self.year_combo)
        filters.addWidget(_labelled(self.tr("T&rạng thái:"), self.status_combo))
        filters.addWidget(self.status_combo)

        self.documents_model = DocumentsTableModel(self)
        self.documents_table = FittedTable(self.documents_model, 3, {0: 160, 2: 140, 4: 140}, (0, 2, 4))
        self.documents_table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        # A draft opens in the editor, an issued document (read-only) as its PDF.
        self.documents_table.doubleClicked.connect(lambda _index: self._open_selected())
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.delete_action = self._action(tab, self.tr("Xóa &dự thảo…"), QKeySequence.StandardKey.Delete,
                                          self.delete_selected_draft)
        self.delete_action.setToolTip(self.tr("Xóa dự thảo đang chọn (văn bản đã ban hành không xóa được)"))

        layout = QVBoxLayout(tab)
        bar = _toolbar(
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
        layout.addWidget(self.documents_table)
        layout.addWidget(self.status_label)
        return tab

    def _build_outgoing_tab(self) -> QWidget:
        tab = QWidget()
        self.cancel_number_action = self._action(tab, self.tr("&Hủy số…"), None, self.cancel_selected_number)
        self.print_book_action = self._action(tab, self.tr("&In sổ ra PDF…"), None, self.print_outgoing_book)
        self.outgoing_year = YearCombo()
        self.outgoing_year.valueChanged.connect(lambda _y: self.reload_outgoing())
        self.outgoing_model = OutgoingRegisterModel(self)
        self.outgoing_table = FittedTable(self.outgoing_model, 3, {1: 160, 4: 320}, (4, 1))
        self.outgoing_table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        return self._register_tab(
            tab, self.outgoing_year, self.outgoing_table, self.cancel_number_action, self.print_book_action
        )

    def _build_incoming_tab(self) -> QWidget:
        tab = QWidget()
        self.register_incoming_action = self._action(
            tab, self.tr("&Vào sổ…"), QKeySequence.StandardKey.New, self.register_incoming
        )
        self.save_attachment_action = self._action(
            tab, self.tr("Lưu tệp đính &kèm…"), "Ctrl+Shift+S", self.save_attachment
        )
        self.incoming_year = YearCombo()
        self.incoming_year.valueChanged.connect(lambda _y: self.reload_incoming())
        self.incoming_model = IncomingRegisterModel(self)
        # The sender and "cited by" give way first; the numbers, dates and the deadline stay whole.
        self.incoming_table = FittedTable(self.incoming_model, 5, {2: 240, 3: 140, 6: 160, 7: 160}, (2, 7, 3))
        self.incoming_table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        return self._register_tab(
            tab, self.incoming_year, self.incoming_table, self.register_incoming_action, self.save_attachment_action
        )

    def _register_tab(self, tab: QWidget, year: YearCombo, table: FittedTable, *actions: QAction) -> QWidget:
        top = QHBoxLayout()
        top.addWidget(_toolbar(*actions), 1)
        top.addWidget(_labelled(self.tr("Nă&m:"), year))
        top.addWidget(year)
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addWidget(table)
        return tab

    # -- loading -----------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        # Another page (or another clerk on a shared database) may have changed the lists.
        super().showEvent(event)
        self.reload_current()

    def reload_current(self) -> None:
        (self.reload_documents, self.reload_outgoing, self.reload_incoming)[self.tabs.currentIndex()]()

    def reload_documents(self, select_id: int | None = None) -> None:
        selected = self.documents_table.selected()
        keep = select_id if select_id is not None else (selected.id if selected else None)
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
        self.documents_model.set_rows(records)
        filtered = kind != ALL_TYPES or year is not None or self.status_combo.currentIndex() > 0
        self.documents_table.set_hint(
            self.tr("Không có văn bản nào khớp điều kiện tìm và lọc.")
            if filtered or self.search_edit.text().strip()
            else self.tr("Chưa có văn bản đi nào.")
        )
        self.documents_table.fit()
        if keep is not None:
            self.documents_table.select_row(self.documents_model.row_of(keep))
        self._update_actions()

    def _fill_years(self) -> None:
        """Fill the year filter: all years, the years documents exist for and the current one, newest first."""
        years = {r.issue_date.year if r.issue_date else r.updated_at.year for r in self.documents.list_documents()}
        years.add(self._clock().year)
        wanted = [None, *sorted(years, reverse=True)]
        if [self.year_combo.itemData(i) for i in range(self.year_combo.count())] == wanted:
            return
        current = self.year_combo.currentData()
        with QSignalBlocker(self.year_combo):
            self.year_combo.clear()
            for year in wanted:
                self.year_combo.addItem(self.tr("Tất cả các năm") if year is None else str(year), year)
            self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(current)))

    def _fill_register_years(self, combo: YearCombo, years: list[int]) -> None:
        """The years with entries and the current one; first shown: the latest year with entries (an office that
        has not numbered anything this year yet sees last year's register, not an empty one)."""
        today = self._clock().year
        current = combo.value() if combo.chosen else (years[0] if years else today)
        combo.set_years([*years, today], current)

    def reload_outgoing(self, select_id: int | None = None) -> None:
        self._fill_register_years(self.outgoing_year, self.registers.outgoing_years())
        year = self.outgoing_year.value()
        self.outgoing_model.set_rows(self.registers.outgoing(year))
        self.outgoing_table.set_hint(self.tr("Sổ văn bản đi năm {year} chưa có số nào.").format(year=year))
        self.outgoing_table.fit()
        self.outgoing_table.select_row(self.outgoing_model.row_where(lambda e: e.id == select_id))
        self._update_actions()

    def reload_incoming(self, select_id: int | None = None) -> None:
        self._fill_register_years(self.incoming_year, self.registers.incoming_years())
        year = self.incoming_year.value()
        self.incoming_model.set_rows(self.registers.incoming(year))
        self.incoming_table.set_hint(self.tr("Chưa có văn bản đến nào trong năm {year}.").format(year=year))
        self.incoming_table.fit()
        self.incoming_table.select_row(self.incoming_model.row_where(lambda e: e.id == select_id))
        self._update_actions()

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
        number = self.selected_outgoing()
        self.cancel_number_action.setEnabled(number is not None and not number.cancelled)
        arrival = self.selected_incoming()
        self.save_attachment_action.setEnabled(arrival is not None and bool(arrival.files))

    def selected_document(self) -> DocumentRecord | None:
        return record if isinstance(record := self.documents_table.selected(), DocumentRecord) else None

    def selected_outgoing(self) -> OutgoingEntry | None:
        return entry if isinstance(entry := self.outgoing_table.selected(), OutgoingEntry) else None

    def selected_incoming(self) -> IncomingEntry | None:
        return entry if isinstance(entry := self.incoming_table.selected(), IncomingEntry) else None

    def select_document(self, document_id: int) -> bool:
        """Select a document, clearing the filters when they hide it (a new draft under "Đã ban hành")."""
        if self.documents_model.row_of(document_id) is None:
            self.search_edit.clear()  # each cleared filter reloads the list
            for combo in (self.type_combo, self.year_combo, self.status_combo):
                combo.setCurrentIndex(0)
        row = self.documents_model.row_of(document_id)
        self.documents_table.select_row(row)
        return row is not None

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    # -- outgoing documents ------------------------------------------------------------------
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
        else:
            self.open_pdf()

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
            self.reload_documents()
            return
        self._open_editor(record)

    def _open_editor(self, record: DocumentRecord | OfficialDocument) -> None:
        """Edit a stored draft, or a new document that is stored when the clerk saves it."""
        from desktop_app.ui.dialogs.document_editor import DocumentEditor

        editor = DocumentEditor(
            record, self.documents, self.registers.recent_incoming, self.registers.incoming_entry,
            self.preview_document, self._clock, self,
        )
        self.editor = editor  # tests and the main window reach the open editor here
        editor.exec()
        self.editor = None
        saved = editor.saved
        editor.deleteLater()
        self.reload_documents(select_id=saved.id if saved else None)
        if saved is not None:
            self.select_document(saved.id)  # a new one may be hidden by the filters

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
            deleted = self.documents.delete_draft(document.id)
        except UserError as exc:
            show_error(self, str(exc))
            self.reload_documents()
            return
        self.undo_stack.push(_DeleteDraft(self, document.id, deleted))
        self.reload_documents()
        self.status_label.setStyleSheet("")
        self.status_label.setText(self.tr("Đã xóa dự thảo «{summary}». Ctrl+Z để lấy lại.").format(summary=summary))

    def save_pdf(self) -> None:
        document = self.selected_document()
        if document is None:
            return
        path = ask_save_path(
            self, self.tr("Lưu văn bản ra PDF"), self._last_folder(), f"{_file_stem(document)}.pdf",
            self.tr("Tệp PDF (*.pdf)"),
        )
        if path is None:
            return
        self._remember_folder(str(path.parent))
        self._render(path, self._stored(document), lambda result: self._tell_rendered(
            self.tr("Đã lưu «{name}»").format(name=path.name), path, result))

    def save_docx(self) -> None:
        """The document as a Word file in the same layout (offices finish documents in Word)."""
        document = self.selected_document()
        if document is None:
            return
        path = ask_save_path(
            self, self.tr("Lưu văn bản ra Word"), self._last_folder(), f"{_file_stem(document)}.docx",
            self.tr("Tệp Word (*.docx)"),
        )
        if path is None:
            return
        self._remember_folder(str(path.parent))

        def saved(_path: Path) -> None:
            self.status_label.setStyleSheet("")
            self.status_label.setText(self.tr("Đã lưu «{name}».").format(name=path.name))
            self.status_label.setToolTip(str(path))

        run_in_background(
            self,
            self.tr("Đang xuất văn bản ra Word…"),
            lambda _token: self.documents.export_docx(document.id, path),
            saved,
            self._failed,
            cancellable=False,
        )

    def print_outgoing_book(self) -> None:
        """The register of the chosen year as the printed register book (A4 landscape PDF)."""
        year = self.outgoing_year.value()
        path = ask_save_path(
            self, self.tr("In sổ văn bản đi ra PDF"), self._last_folder(), f"so-van-ban-di-{year}.pdf",
            self.tr("Tệp PDF (*.pdf)"),
        )
        if path is None:
            return
        self._remember_folder(str(path.parent))
        font = self._print_font() or None

        def printed(pages: int) -> None:
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("Đã lưu sổ"),
                              self.tr("Đã lưu sổ văn bản đi năm {year} ra «{path}»: {pages} trang.").format(
                                  year=year, path=path, pages=pages), parent=self)
            box.addButton(self.tr("Đóng"), QMessageBox.ButtonRole.AcceptRole)  # not Qt's English "OK"
            box.exec()
            box.deleteLater()

        run_in_background(
            self,
            self.tr("Đang in sổ văn bản đi…"),
            lambda _token: self.registers.print_outgoing_book(year, path, font),
            printed,
            self._failed,
            cancellable=False,
        )

    def open_pdf(self) -> None:
        document = self.selected_document()
        if document is None:
            return
        path = self._preview_path(_file_stem(document))

        def opened(result: RenderResult) -> None:
            self._tell_rendered(self.tr("Đã mở «{name}»").format(name=path.name), path, result)
            if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
                show_error(
                    self,
                    self.tr(
                        "Không mở được tệp PDF «{path}». Hãy cài một phần mềm đọc PDF, hoặc dùng «Lưu PDF…»."
                    ).format(path=path),
                )

        self._render(path, self._stored(document), opened)

    def preview_selected(self) -> None:
        """Print to a temporary PDF, then show its pages in the print preview (which prints on paper)."""
        document = self.selected_document()
        if document is None:
            return
        title = f"{document.symbol} — {document.summary}" if document.symbol else document.summary
        self._show_preview(
            self._preview_path(_file_stem(document)), title,
            self._stored(document), self,
        )

    def preview_document(self, doc: OfficialDocument, parent: QWidget) -> None:
        """The editor's preview: what it holds, saved or not, over the editor."""
        title = (doc.subject_line if doc.type.is_letter else doc.summary) or self.tr("Dự thảo")
        self._show_preview(
            self._preview_path("du-thao"), title,
            lambda path, font: self.documents.render_document_pdf(doc, path, font), parent,
        )

    def _show_preview(
        self, path: Path, title: str, render: Callable[[Path, str | None], RenderResult], parent: QWidget
    ) -> None:
        from desktop_app.ui.dialogs.print_preview import PrintPreviewDialog

        def show(pages: list[PageImage]) -> None:
            dialog = PrintPreviewDialog(pages, title, parent, lambda dpi, n: pdf_page_images(path, dpi, n, n)[0])
            dialog.exec()
            dialog.deleteLater()  # its page images are tens of megabytes

        def rendered(result: RenderResult) -> None:
            # Only shown: "printed" is said by the preview when the clerk prints on paper.
            self._tell_rendered(self.tr("Bản xem trước"), path, result)
            run_in_background(
                parent,
                self.tr("Đang dựng trang xem trước…"),
                lambda _token: pdf_page_images(path, PREVIEW_DPI),
                show,
                self._failed,
                cancellable=False,
            )

        self._render(path, render, rendered, parent)

    def _preview_path(self, stem: str) -> Path:
        if self._preview_dir is None:
            # Removed when the app closes; a viewer still holding a file on Windows is not an error.
            self._preview_dir = tempfile.TemporaryDirectory(prefix="congdoan-pdf-", ignore_cleanup_errors=True)
        self._previews += 1
        return Path(self._preview_dir.name) / f"{stem}-{self._previews}.pdf"

    def _render(
        self,
        path: Path,
        render: Callable[[Path, str | None], RenderResult],
        done: Callable[[RenderResult], None],
        parent: QWidget | None = None,
    ) -> None:
        """Print to ``path`` in the background with the chosen font; ``render`` is the service call."""
        font = self._print_font() or None
        self.status_label.clear()
        run_in_background(
            parent or self,
            self.tr("Đang in văn bản ra PDF…"),
            lambda _token: render(path, font),
            done,
            self._failed,
            # reportlab writes the file in one go; there is no point at which it could stop cleanly.
            cancellable=False,
        )

    def _stored(self, document: DocumentRecord) -> Callable[[Path, str | None], RenderResult]:
        return lambda path, font: self.documents.render_pdf(document.id, path, font)

    def _tell_rendered(self, done: str, path: Path, result: RenderResult) -> None:
        """``done`` says what happened to the file (saved, opened, previewed), never "printed" for a file."""
        text = self.tr("{done}: {pages} trang, phông chữ {font}.").format(
            done=done, pages=result.pages, font=result.font_family
        )
        if result.warnings:
            text += "\n" + "\n".join(f"⚠ {warning}" for warning in result.warnings)
        self.status_label.setStyleSheet(WARNING_STYLE if result.warnings else "")
        self.status_label.setText(text)
        self.status_label.setToolTip(str(path))

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            raise exc
        show_error(self, str(exc))

    def issue_selected(self) -> None:
        document = self.selected_document()
        if document is None or document.issued:
            return
        from desktop_app.ui.dialogs.issue_dialog import IssueDialog

        dialog = IssueDialog(
            document,
            lambda day, number, office: self.documents.issue(document.id, day, number, office),
            self._clock(),
            self,
        )
        if dialog.exec() and dialog.issued is not None:
            self.reload_documents()
            self.select_document(dialog.issued.id)
            self.reload_outgoing()

    def new_version_of_selected(self) -> None:
        document = self.selected_document()
        if document is None or not document.issued:
            return
        try:
            draft = self.documents.new_version(document.id)
        except UserError as exc:
            show_error(self, str(exc))
            return
        self.reload_documents()
        self.select_document(draft.id)
        self.status_label.setStyleSheet("")
        self.status_label.setText(self.tr("Đã tạo bản dự thảo sửa đổi của {symbol}.").format(symbol=document.symbol))

    # -- digital signatures ------------------------------------------------------------------
    def sign_selected(self) -> None:
        document = self.selected_document()
        if document is None or not document.issued:
            return
        from desktop_app.ui.dialogs.sign_dialog import SignDialog

        font = self._print_font() or None
        folder = Path(self._last_folder() or Path.home())

        def sign(signer: SignerSource, path: Path, image: Path | None, organisation_seal: bool) -> SignatureInfo:
            return self.documents.sign_pdf(document.id, path, signer, image, font, organisation_seal=organisation_seal)

        dialog = SignDialog(
            document,
            sign,
            folder / f"{_file_stem(document)}-ky-so.pdf",
            self._signing_library(),
            self._signing_token_label(),
            self,
        )
        if not dialog.exec() or dialog.signed is None:
            return
        info = dialog.signed
        self._remember_folder(str(info.path.parent))
        if dialog.token_radio.isChecked():
            self._remember_token(dialog.library_edit.text().strip(), dialog.token_label_edit.text().strip())
        self.status_label.setStyleSheet("")
        self.status_label.setText(
            self.tr("Đã ký số «{name}»: {signer}, {time}.").format(
                name=info.path.name, signer=info.signer_name, time=format_signing_time(info.signing_time)
            )
        )
        self.status_label.setToolTip(str(info.path))

    def verify_signed_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp PDF cần kiểm tra chữ ký số"), self._last_folder(), self.tr("Tệp PDF (*.pdf)")
        )
        if not chosen:
            return
        from desktop_app.ui.dialogs.verify_dialog import VerifyDialog

        path = Path(chosen)
        roots = [Path(line.strip()) for line in self._trust_roots().splitlines() if line.strip()]

        def show(reports: list[SignatureReport] | str) -> None:
            VerifyDialog(path.name, reports, self).exec()

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, UserError):
                raise exc
            show(str(exc))

        run_in_background(
            self,
            self.tr("Đang kiểm tra chữ ký số…"),
            lambda _token: verify_signed_pdf(path, roots),
            show,
            failed,
            cancellable=False,
        )

    # -- registers ---------------------------------------------------------------------------
    def cancel_selected_number(self) -> None:
        entry = self.selected_outgoing()
        if entry is None or entry.cancelled:
            return
        from desktop_app.ui.dialogs.issue_dialog import CancelNumberDialog

        dialog = CancelNumberDialog(entry, lambda reason: self.registers.cancel_number(entry.id, reason), self)
        accepted = dialog.exec()
        dialog.deleteLater()
        if accepted:
            self.reload_outgoing(select_id=entry.id)

    def register_incoming(self) -> None:
        from desktop_app.ui.dialogs.incoming_dialog import IncomingDialog

        dialog = IncomingDialog(
            self.registers.register_incoming, self._clock(), self._last_folder, self._remember_folder, self
        )
        if dialog.exec() and dialog.entry is not None:
            with QSignalBlocker(self.incoming_year):
                self.incoming_year.setValue(dialog.entry.year)  # the arrival is shown where it was numbered
            self.reload_incoming(select_id=dialog.entry.id)

    def save_attachment(self) -> None:
        entry = self.selected_incoming()
        chosen_file = self._choose_attachment(entry) if entry is not None else None
        if chosen_file is None:
            return
        suggested = str(Path(self._last_folder() or Path.home()) / chosen_file.file_name)
        target, _filter = QFileDialog.getSaveFileName(self, self.tr("Lưu tệp đính kèm"), suggested)
        if not target:
            return
        path = Path(target)
        try:
            path.write_bytes(self.registers.incoming_file_content(chosen_file.id))
        except UserError as exc:
            show_error(self, str(exc))
            return
        except OSError as exc:
            show_error(
                self,
                self.tr("Không ghi được tệp «{path}»: {reason}. Hãy chọn thư mục khác.").format(
                    path=path, reason=exc.strerror or exc
                ),
            )
            return
        self._remember_folder(str(path.parent))

    def _choose_attachment(self, entry: IncomingEntry) -> IncomingFile | None:
        if len(entry.files) <= 1:
            return entry.files[0] if entry.files else None
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Lưu tệp đính kèm"))
        dialog.setLabelText(self.tr("Văn bản đến này có {n} tệp. Lưu tệp nào?").format(n=len(entry.files)))
        dialog.setComboBoxItems([f.file_name for f in entry.files])
        dialog.setOkButtonText(self.tr("Chọn"))
        dialog.setCancelButtonText(self.tr("Hủy"))
        if not dialog.exec():
            return None
        names = [f.file_name for f in entry.files]
        return entry.files[names.index(dialog.textValue())] if dialog.textValue() in names else None


def _file_stem(document: DocumentRecord) -> str:
    """ "94-KH-LĐLĐ" for an issued document, "du-thao-12" for a draft: no characters file systems refuse."""
    if not document.symbol:
        return f"du-thao-{document.id}"
    return re.sub(r'[\\/:*?"<>|\s]+', "-", document.symbol).strip("-")
