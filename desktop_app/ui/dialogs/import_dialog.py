"""The three-step dialog that imports the CĐCS list from a clerk's Excel workbook.

Choose the file, check what each column holds, review every row; nothing is stored before "Nhập",
and the service stores all kept rows or none.
"""

from __future__ import annotations

import logging
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.unit_import import ImportRow, cell_text, column_letter
from desktop_app.domain.units import FIELD_LABELS
from desktop_app.domain.vntext import format_number
from desktop_app.services.errors import UserError
from desktop_app.services.unit_workbooks import ImportSession, UnitWorkbookService
from desktop_app.services.units import UnitRecord
from desktop_app.ui.tasks import CancelToken, run_in_background
from desktop_app.ui.widgets.forms import resize_within_screen, rows_follow_column_widths

log = logging.getLogger(__name__)

_CHOOSE, _MAPPING, _PREVIEW = range(3)
_SAMPLE_ROWS = 3
_BLOCKED_BACKGROUND = QColor("#fbd5d5")
_WARNING_BACKGROUND = QColor("#fff1b8")
_EXCLUDED_FOREGROUND = QColor("#8a8a8a")
# Preview columns; the check column carries the sheet row number in UserRole.
_CHECK, _ROW, _CODE, _NAME, _MEMBERS, _FEMALE, _STATUS, _PROBLEMS = range(8)
_SHOWN_FIELDS = {_CODE: "code", _NAME: "name", _MEMBERS: "members", _FEMALE: "female_members"}


class ImportUnitsDialog(QDialog):
    """Choose a workbook, map its columns, review the rows, then import them all at once."""

    def __init__(self, workbooks: UnitWorkbookService, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self._workbooks = workbooks
        self._session: ImportSession | None = None
        self._excluded: set[int] = set()
        self._mapping_ok = True
        self._task: CancelToken | None = None
        # Closing the progress window drops the result of an import that may still commit: until
        # a result arrives, "Nhập" stays disabled so the same rows can never be stored twice.
        self._importing = False
        self.imported: list[UnitRecord] = []
        self.setWindowTitle(self.tr("Nhập danh sách CĐCS từ Excel"))
        resize_within_screen(self, 1200, 660)

        self.step_label = QLabel()
        bold = QFont(self.step_label.font())
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.15)
        self.step_label.setFont(bold)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_choose_page())
        self.stack.addWidget(self._build_mapping_page())
        self.stack.addWidget(self._build_preview_page())
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setStyleSheet(
            "QLabel { color: #8b0000; background: #fde8e8; border: 1px solid #e4a0a0; padding: 6px; }"
        )
        self.error_label.hide()

        self.back_button = QPushButton(self.tr("&Quay lại"))
        self.next_button = QPushButton(self.tr("&Tiếp tục"))
        self.import_button = QPushButton(self.tr("&Nhập"))
        self.cancel_button = QPushButton(self.tr("Hủy"))
        self.back_button.clicked.connect(self._go_back)
        self.next_button.clicked.connect(self._go_next)
        self.import_button.clicked.connect(self._start_import)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.import_button, self.cancel_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

        self._show_step(_CHOOSE)
        if path is not None:
            self.path_edit.setText(str(path))
            self.load(path)

    # -- pages ------------------------------------------------------------------------------
    def _build_choose_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(
            self.tr(
                "Chọn tệp Excel (.xlsx) chứa danh sách CĐCS. Phần mềm đọc trang tính đầu tiên, tìm dòng "
                "tiêu đề (ví dụ «Tên CĐCS», «Số đoàn viên») và đoán mỗi cột chứa thông tin gì.\n"
                "Chưa có gì được ghi vào dữ liệu cho tới khi bạn bấm «Nhập» ở bước cuối."
            )
        )
        intro.setWordWrap(True)
        path_label = QLabel(self.tr("Đường &dẫn tệp:"))
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("Ví dụ: D:\\Danh sach CDCS.xlsx"))
        self.path_edit.textChanged.connect(lambda _text: self._update_buttons())
        path_label.setBuddy(self.path_edit)
        self.browse_button = QPushButton(self.tr("&Chọn tệp Excel (.xlsx)…"))
        # Enter in the path field means "go on", not "open the file chooser again".
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(path_label)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def _build_mapping_page(self) -> QWidget:
        page = QWidget()
        self.sheet_label = QLabel()
        self.sheet_label.setWordWrap(True)
        table_label = QLabel(self.tr("Các &cột trong tệp và thông tin mỗi cột chứa:"))
        self.mapping_table = QTableWidget(0, 4)
        self.mapping_table.setHorizontalHeaderLabels(
            [self.tr("Cột"), self.tr("Tiêu đề trong tệp"), self.tr("Giá trị mẫu"), self.tr("Thông tin")]
        )
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Tab walks from combo to combo (see _fill_mapping) instead of from cell to cell.
        self.mapping_table.setTabKeyNavigation(False)
        self.mapping_table.verticalHeader().hide()
        header = self.mapping_table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table_label.setBuddy(self.mapping_table)
        self._combos: list[QComboBox] = []
        layout = QVBoxLayout(page)
        layout.addWidget(self.sheet_label)
        layout.addWidget(table_label)
        layout.addWidget(self.mapping_table, 1)
        return page

    def _build_preview_page(self) -> QWidget:
        page = QWidget()
        self.summary_label = QLabel()
        self.skip_invalid_button = QPushButton(self.tr("&Bỏ qua các dòng có lỗi"))
        self.skip_invalid_button.setAutoDefault(False)
        self.skip_invalid_button.clicked.connect(self._skip_invalid)
        top = QHBoxLayout()
        top.addWidget(self.summary_label, 1)
        top.addWidget(self.skip_invalid_button)
        self.preview_table = QTableWidget(0, 8)
        self.preview_table.setHorizontalHeaderLabels([
            self.tr("Nhập"), self.tr("Dòng"), FIELD_LABELS["code"], FIELD_LABELS["name"],
            FIELD_LABELS["members"], FIELD_LABELS["female_members"], self.tr("Tình trạng"), self.tr("Lỗi, lưu ý"),
        ])  # fmt: skip
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview_table.setTabKeyNavigation(False)
        # Problems wrap, each on its own line, and the rows grow to show them whole: the bad value sits in
        # the middle of a message ("Dòng 7, cột D: Số đoàn viên «12a» không phải là số"), where eliding cut it.
        rows_follow_column_widths(self.preview_table)
        self.preview_table.verticalHeader().hide()
        self.preview_table.horizontalHeader().setStretchLastSection(True)
        self.preview_table.itemChanged.connect(self._row_toggled)
        # Space toggles the current row whichever cell is current (see eventFilter).
        self.preview_table.installEventFilter(self)
        # The problems column elides long messages; the selected row's are shown here in full.
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview_table.currentCellChanged.connect(lambda *_cells: self._show_row_detail())
        self.generated_label = QLabel()
        self.generated_label.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.preview_table, 1)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.generated_label)
        return page

    # -- navigation -------------------------------------------------------------------------
    @property
    def session(self) -> ImportSession | None:
        return self._session

    def _show_step(self, step: int) -> None:
        titles = {
            _CHOOSE: self.tr("Bước 1/3: Chọn tệp Excel"),
            _MAPPING: self.tr("Bước 2/3: Kiểm tra thông tin của từng cột"),
            _PREVIEW: self.tr("Bước 3/3: Xem lại các dòng sẽ nhập"),
        }
        self.stack.setCurrentIndex(step)
        self.step_label.setText(titles[step])
        self.back_button.setVisible(step != _CHOOSE)
        self.next_button.setVisible(step != _PREVIEW)
        self.import_button.setVisible(step == _PREVIEW)
        (self.import_button if step == _PREVIEW else self.next_button).setDefault(True)
        (self.next_button if step == _PREVIEW else self.import_button).setDefault(False)
        focus = {_CHOOSE: self.path_edit, _MAPPING: self.mapping_table, _PREVIEW: self.preview_table}[step]
        focus.setFocus()
        self._update_buttons()

    def _update_buttons(self) -> None:
        step = self.stack.currentIndex()
        if step == _CHOOSE:
            self.next_button.setEnabled(bool(self.path_edit.text().strip()))
        elif step == _MAPPING:
            self.next_button.setEnabled(self._mapping_ok)

    def _go_back(self) -> None:
        self.error_label.hide()
        self._show_step(max(self.stack.currentIndex() - 1, _CHOOSE))

    def _go_next(self) -> None:
        step = self.stack.currentIndex()
        if step == _CHOOSE:
            self.load(Path(self.path_edit.text().strip()))
        elif step == _MAPPING and self._mapping_ok:
            self.error_label.hide()
            self._fill_preview()
            self._show_step(_PREVIEW)

    def _busy(self) -> bool:
        # A cancelled task never calls back, so a cancelled token means "not busy any more".
        return self._task is not None and not self._task.cancelled

    def _show_error(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.error_label.setText(str(exc))
        else:
            log.error("Import dialog failed", exc_info=exc)
            self.error_label.setText(
                self.tr("Có lỗi không mong đợi: {error}. Hãy thử lại; nếu vẫn lỗi, báo cho người hỗ trợ.").format(
                    error=exc
                )
            )
        self.error_label.show()

    # -- step 1: the file -------------------------------------------------------------------
    def _browse(self) -> None:
        current = Path(self.path_edit.text().strip()) if self.path_edit.text().strip() else None
        start = str(current.parent) if current is not None and current.parent.is_dir() else str(Path.home())
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp Excel"), start, self.tr("Tệp Excel (*.xlsx)")
        )
        if chosen:
            self.path_edit.setText(chosen)
            self.load(Path(chosen))

    def load(self, path: Path) -> None:
        """Open ``path`` in the background; on success go to the mapping step, else show why."""
        if self._busy():
            return
        self.error_label.hide()
        workbooks = self._workbooks
        self._task = run_in_background(
            self,
            self.tr("Đang đọc tệp «{name}»…").format(name=path.name),
            lambda _token: workbooks.open_workbook(path),
            self._opened,
            self._open_failed,
        )

    def _opened(self, session: ImportSession) -> None:
        self._task = None
        self._session = session
        self._excluded = set()
        self._mapping_ok = True
        self._fill_mapping(session)
        self._show_step(_MAPPING)

    def _open_failed(self, exc: BaseException) -> None:
        self._task = None
        self._show_error(exc)
        self._show_step(_CHOOSE)

    # -- step 2: the mapping ----------------------------------------------------------------
    def _fill_mapping(self, session: ImportSession) -> None:
        rows = session.sheet.rows
        width = max((max((i + 1 for i, v in enumerate(row) if cell_text(v)), default=0) for row in rows), default=0)
        headers = session.headers
        samples = [row for row in rows[session.header_row + 1 :] if any(cell_text(v) for v in row)][:_SAMPLE_ROWS]
        self.sheet_label.setText(
            self.tr("Trang tính «{sheet}», dòng tiêu đề là dòng {row}. Tệp: {path}").format(
                sheet=session.sheet.sheet_name, row=session.header_row + 1, path=session.path
            )
        )
        self.mapping_table.setRowCount(0)
        self.mapping_table.setRowCount(width)
        self._combos = []
        for column in range(width):
            header = headers[column] if column < len(headers) else ""
            values = [cell_text(row[column]) for row in samples if column < len(row)]
            header_item = QTableWidgetItem(header or self.tr("(không có tiêu đề)"))
            if not header:
                header_item.setForeground(_EXCLUDED_FOREGROUND)
            sample_item = QTableWidgetItem(" | ".join(v for v in values if v))
            sample_item.setToolTip("\n".join(v for v in values if v))
            self.mapping_table.setItem(column, 0, QTableWidgetItem(column_letter(column)))
            self.mapping_table.setItem(column, 1, header_item)
            self.mapping_table.setItem(column, 2, sample_item)
            combo = QComboBox()
            combo.addItem(self.tr("(bỏ qua)"), "")
            for name, label in FIELD_LABELS.items():
                combo.addItem(label, name)
            combo.setCurrentIndex(max(combo.findData(session.mapping.get(column, "")), 0))
            combo.setAccessibleName(
                self.tr("Thông tin của cột {column} ({header})").format(column=column_letter(column), header=header)
            )
            combo.currentIndexChanged.connect(lambda _index: self._remap())
            combo.installEventFilter(self)
            self.mapping_table.setCellWidget(column, 3, combo)
            self._combos.append(combo)
        self.mapping_table.resizeColumnsToContents()
        # The view sizes a column by its items, not by the combos placed over them.
        widest = max((combo.sizeHint().width() for combo in self._combos), default=0)
        self.mapping_table.setColumnWidth(3, max(self.mapping_table.columnWidth(3), widest + 8))
        self.mapping_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        chain: list[QWidget] = [self.mapping_table, *self._combos, self.back_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _remap(self) -> None:
        if self._session is None:
            return
        mapping = {column: str(combo.currentData()) for column, combo in enumerate(self._combos) if combo.currentData()}
        try:
            self._session = self._workbooks.remap(self._session, mapping)
        except UserError as exc:
            self._mapping_ok = False
            self._show_error(exc)
        else:
            self._mapping_ok = True
            self.error_label.hide()
        self._update_buttons()

    # -- step 3: the preview ----------------------------------------------------------------
    def _fill_preview(self) -> None:
        assert self._session is not None
        preview = self._session.preview
        known_rows = {row.row_number for row in preview.rows}
        self._excluded &= known_rows
        table = self.preview_table
        table.blockSignals(True)
        table.setRowCount(0)
        table.setRowCount(len(preview.rows))
        for index, row in enumerate(preview.rows):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            check.setData(Qt.ItemDataRole.UserRole, row.row_number)
            table.setItem(index, _CHECK, check)
            table.setItem(index, _ROW, self._number_item(row.row_number))
            for column, name in _SHOWN_FIELDS.items():
                value = self._shown_value(row, name)
                item = self._number_item(value) if isinstance(value, int) else QTableWidgetItem(value or "")
                if column in (_MEMBERS, _FEMALE):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(index, column, item)
            table.setItem(index, _STATUS, QTableWidgetItem())
            table.setItem(index, _PROBLEMS, QTableWidgetItem())
        table.blockSignals(False)
        codes = [row.draft.code for row in preview.rows if row.draft is not None and row.draft.code]
        self.generated_label.setText(
            self.tr(
                "Tệp không có cột mã đơn vị: phần mềm sẽ tự đặt mã theo thứ tự dòng (cột «{column}», "
                "bắt đầu từ {first})."
            ).format(column=FIELD_LABELS["code"], first=codes[0] if codes else "")
        )
        self.generated_label.setVisible(preview.generated_codes and bool(codes))
        self._refresh_preview()
        table.resizeColumnsToContents()
        table.setColumnWidth(_NAME, min(max(table.columnWidth(_NAME), 220), 360))
        table.resizeRowsToContents()

    def _shown_value(self, row: ImportRow, name: str) -> int | str | None:
        if row.draft is not None:
            value: object = getattr(row.draft, name)
            return value if isinstance(value, int) else str(value or "")
        # The row could not be read as a whole: show what the cell says so the clerk finds it.
        assert self._session is not None
        cells = self._session.sheet.rows[row.row_number - 1]
        column = next((c for c, n in self._session.mapping.items() if n == name), None)
        return cell_text(cells[column]) if column is not None and column < len(cells) else ""

    def _number_item(self, value: int) -> QTableWidgetItem:
        item = QTableWidgetItem(format_number(value))
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def _preview_item(self, row: int, column: int) -> QTableWidgetItem:
        item = self.preview_table.item(row, column)
        assert item is not None  # _fill_preview puts an item in every cell
        return item

    def _refresh_preview(self) -> None:
        """Recolour every row: a clash with another row disappears once that row is left out."""
        assert self._session is not None
        preview = self._session.preview
        excluded = self._excluded
        table = self.preview_table
        table.blockSignals(True)
        blocked_kept = 0
        for index, row in enumerate(preview.rows):
            kept = row.row_number not in excluded
            problems = [p for p in row.problems if p.applies(excluded)]
            blocked = row.blocked(excluded)
            blocked_kept += blocked and kept
            if blocked:
                status, background = self.tr("Có lỗi"), _BLOCKED_BACKGROUND
            elif problems:
                status, background = self.tr("Lưu ý"), _WARNING_BACKGROUND
            else:
                status, background = self.tr("Hợp lệ"), None
            self._preview_item(index, _CHECK).setCheckState(Qt.CheckState.Checked if kept else Qt.CheckState.Unchecked)
            self._preview_item(index, _STATUS).setText(status)
            described = "\n".join(p.describe() for p in problems)
            self._preview_item(index, _PROBLEMS).setText(described)
            self._preview_item(index, _PROBLEMS).setToolTip(described)
            for column in range(table.columnCount()):
                item = self._preview_item(index, column)
                item.setData(Qt.ItemDataRole.BackgroundRole, background)
                item.setData(Qt.ItemDataRole.ForegroundRole, None if kept else _EXCLUDED_FOREGROUND)
        table.blockSignals(False)

        total = len(preview.rows)
        self.summary_label.setText(
            self.tr("{total} dòng, {valid} hợp lệ, {invalid} có lỗi, bỏ qua {skipped}").format(
                total=total, valid=total - len(excluded) - blocked_kept, invalid=blocked_kept, skipped=len(excluded)
            )
        )
        self.skip_invalid_button.setEnabled(blocked_kept > 0)
        can_import = preview.can_import(excluded)
        self.import_button.setEnabled(can_import and not self._importing)
        if can_import:
            tip = self.tr("Nhập {count} đơn vị vào danh sách CĐCS.").format(count=total - len(excluded))
        elif total == len(excluded):
            tip = self.tr("Chưa chọn dòng nào để nhập.")
        else:
            tip = self.tr(
                "Còn {count} dòng có lỗi. Hãy sửa tệp rồi mở lại, hoặc bỏ chọn các dòng đó "
                "(nút «Bỏ qua các dòng có lỗi»)."
            ).format(count=blocked_kept)
        self.import_button.setToolTip(tip)
        self._show_row_detail()

    def _show_row_detail(self) -> None:
        index = self.preview_table.currentRow()
        item = self.preview_table.item(index, _PROBLEMS) if index >= 0 else None
        self.detail_label.setText(item.text() if item is not None else "")
        self.detail_label.setVisible(bool(self.detail_label.text()))

    def _row_toggled(self, item: QTableWidgetItem) -> None:
        if item.column() != _CHECK:
            return
        row_number = int(item.data(Qt.ItemDataRole.UserRole))
        if item.checkState() == Qt.CheckState.Checked:
            self._excluded.discard(row_number)
        else:
            self._excluded.add(row_number)
        self._refresh_preview()

    def _skip_invalid(self) -> None:
        assert self._session is not None
        excluded = frozenset(self._excluded)
        self._excluded |= {row.row_number for row in self._session.preview.rows if row.blocked(excluded)}
        self._refresh_preview()

    # -- importing --------------------------------------------------------------------------
    def _start_import(self) -> None:
        if self._session is None or self._importing or not self._session.preview.can_import(self._excluded):
            return
        self.error_label.hide()
        self._importing = True
        self.import_button.setEnabled(False)
        session, excluded, workbooks = self._session, frozenset(self._excluded), self._workbooks
        # Not cancellable: once the transaction runs, the clerk must learn whether it committed.
        self._task = run_in_background(
            self,
            self.tr("Đang nhập danh sách đơn vị…"),
            lambda _token: workbooks.import_units(session, excluded),
            self._imported,
            self._import_failed,
            cancellable=False,
        )

    def _imported(self, records: list[UnitRecord]) -> None:
        self._task = None
        self._importing = False
        self.imported = records
        self.accept()

    def success_message(self) -> str:
        """What the import did, in one line for the status bar."""
        path = self._session.path if self._session is not None else None
        return self.tr("Đã nhập {count} đơn vị từ «{file}».").format(
            count=format_number(len(self.imported)), file=path.name if path is not None else ""
        )

    def _import_failed(self, exc: BaseException) -> None:
        self._task = None
        self._importing = False
        self._show_error(exc)
        self._refresh_preview()

    # -- keyboard ---------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and watched in self._combos:
            # Tabbing onto a combo further down must scroll the table to show it.
            row = self._combos.index(watched)
            self.mapping_table.setCurrentCell(row, 3)
            self.mapping_table.scrollTo(self.mapping_table.model().index(row, 3))
        elif (
            watched is self.preview_table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Space
        ):
            current = self.preview_table.currentRow()
            if current >= 0:
                check = self._preview_item(current, _CHECK)
                checked = check.checkState() == Qt.CheckState.Checked
                check.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
                return True
        return super().eventFilter(watched, event)
