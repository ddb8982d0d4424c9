"""The data-entry grid of an indicator form, with the keys a clerk knows from Excel: arrows, Enter and Tab to
the next input cell, type-to-replace, F2, Delete, copy and paste of a block (TSV), undo and redo."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from desktop_app.ui.models.form_entry_model import (
    NOTE_COLUMN,
    TEXT_COLUMN,
    TT_COLUMN,
    UNIT_COLUMN,
    VALUE_COLUMN,
    FormEntryModel,
)

Index = QModelIndex | QPersistentModelIndex

#: Column widths that leave «Nội dung» (which takes the rest) about 500 pixels on a page beside the main window's
#: navigation in a maximised window on a 1366×768 laptop; a long note is elided, whole in its tooltip.
# The note column holds «bắt buộc», «tự tính» or the first words of a problem (the tooltip has it whole): the
# text of the row gets the rest, beside the CĐCS list on a 1366-pixel screen.
COLUMN_WIDTHS = {TT_COLUMN: 44, UNIT_COLUMN: 78, VALUE_COLUMN: 120, NOTE_COLUMN: 140}

_OK = "color: #1b5e20;"
_NOT_YET = "color: #8a4b00;"

_MOVE_DOWN = QAbstractItemDelegate.EndEditHint.SubmitModelCache  # what Enter asks of the grid (see _Delegate)


def _tr(text: str) -> str:
    return QCoreApplication.translate("FormGrid", text)


class _Delegate(QStyledItemDelegate):
    """A plain line editor whose Enter says «commit and go down», so the grid can tell it from Tab."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        if index.data(Qt.ItemDataRole.TextAlignmentRole) is not None:
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return editor

    def eventFilter(self, editor: Any, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and isinstance(editor, QWidget)):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, _MOVE_DOWN)
            return True
        return super().eventFilter(editor, event)


class FormGrid(QTableView):
    """The grid over a FormEntryModel. ``problem`` carries what a refused paste or edit was refused for."""

    #: The reasons an edit or a paste was refused (one per line), or "" when the last action went through.
    problem = Signal(str)

    def __init__(self, model: FormEntryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._refused = False
        self.setModel(model)
        self.setItemDelegate(_Delegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # AnyKeyPressed is type-to-replace (Qt selects the cell's text before the key reaches the editor).
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setTabKeyNavigation(True)
        self.setWordWrap(False)
        self.setAlternatingRowColors(False)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionResizeMode(TEXT_COLUMN, QHeaderView.ResizeMode.Stretch)
        for column, width in COLUMN_WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, width)
        header.setStretchLastSection(False)
        model.refused.connect(self._on_refused)
        model.revisited.connect(self._show_rows)
        first = model.next_input_line(-1)
        if first is not None:
            self.setCurrentIndex(model.index(first, VALUE_COLUMN))

    def entry_model(self) -> FormEntryModel:
        model = self.model()
        assert isinstance(model, FormEntryModel)
        return model

    def setModel(self, model: QAbstractItemModel | None) -> None:
        if model is not None and not isinstance(model, FormEntryModel):
            raise TypeError("FormGrid shows a FormEntryModel")
        super().setModel(model)

    # -- moving ------------------------------------------------------------------------------------------
    def go_to_input(self, line: int | None) -> None:
        """Make the «Số lượng» cell of ``line`` current (nothing when None: the grid stays where it is)."""
        if line is None:
            return
        index = self.model().index(line, VALUE_COLUMN)
        self.setCurrentIndex(index)
        self.scrollTo(index)

    def _next_input(self, step: int) -> int | None:
        return self.entry_model().next_input_line(self.currentIndex().row(), step)

    def moveCursor(self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        # Tab and Shift+Tab (and the editor's Tab) go from input cell to input cell, over titles and computed rows.
        if cursorAction in (QAbstractItemView.CursorAction.MoveNext, QAbstractItemView.CursorAction.MovePrevious):
            step = 1 if cursorAction == QAbstractItemView.CursorAction.MoveNext else -1
            line = self._next_input(step)
            if line is None:
                return QModelIndex(self.currentIndex())
            return self.model().index(line, VALUE_COLUMN)
        return super().moveCursor(cursorAction, modifiers)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        refused, self._refused = self._refused, False
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        if refused:
            return  # the clerk stays on the cell the value was refused for
        if hint in (_MOVE_DOWN, QAbstractItemDelegate.EndEditHint.EditNextItem):
            self.go_to_input(self._next_input(1))
        elif hint == QAbstractItemDelegate.EndEditHint.EditPreviousItem:
            self.go_to_input(self._next_input(-1))

    def commitData(self, editor: QWidget) -> None:
        self._refused = False
        super().commitData(editor)
        if not self._refused:
            self.problem.emit("")

    def _show_rows(self, row_ids: list[str]) -> None:
        """Select the cells an undo or a redo changed, the cursor on the first of them."""
        model = self.entry_model()
        lines = sorted(model.line_of(row_id) for row_id in row_ids)
        if not lines:
            return
        self.go_to_input(lines[0])
        selection = QItemSelection()
        for line in lines:
            cell = model.index(line, VALUE_COLUMN)
            selection.select(cell, cell)
        self.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _on_refused(self, reason: str) -> None:
        self._refused = True
        self.problem.emit(reason)

    # -- keys --------------------------------------------------------------------------------------------
    _OWN_KEYS = (QKeySequence.StandardKey.Copy, QKeySequence.StandardKey.Paste, QKeySequence.StandardKey.Undo,
                 QKeySequence.StandardKey.Redo, QKeySequence.StandardKey.Delete)

    def event(self, event: QEvent) -> bool:
        # The grid's own copy, paste, undo and redo win over the window's shortcuts for the same keys.
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and self.state() != QAbstractItemView.State.EditingState and self._own_key(event)):
            event.accept()
            return True
        return super().event(event)

    def _own_key(self, event: QKeyEvent) -> bool:
        if any(event.matches(key) for key in self._OWN_KEYS):
            return True
        combo = event.keyCombination()
        ctrl = Qt.KeyboardModifier.ControlModifier
        return combo.keyboardModifiers() in (ctrl, ctrl | Qt.KeyboardModifier.ShiftModifier) and combo.key() in (
            Qt.Key.Key_Y, Qt.Key.Key_Z)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() == QAbstractItemView.State.EditingState:
            super().keyPressEvent(event)
            return
        key, mods = event.key(), event.modifiers()
        ctrl = Qt.KeyboardModifier.ControlModifier
        shift = Qt.KeyboardModifier.ShiftModifier
        stack = self.entry_model().undo_stack
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
        elif key == Qt.Key.Key_Z and mods == ctrl:
            stack.undo()
        elif (key == Qt.Key.Key_Y and mods == ctrl) or (key == Qt.Key.Key_Z and mods == ctrl | shift):
            stack.redo()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not mods & ctrl:
            self.clear_selection()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.go_to_input(self._next_input(-1 if mods & shift else 1))
        elif key == Qt.Key.Key_F2:
            self.edit_keeping_text()
        elif event.text() and event.text().isprintable() and not mods & ctrl:
            self._type_to_replace(event)
        else:
            super().keyPressEvent(event)

    def _type_to_replace(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        model = self.entry_model()
        if index.column() != VALUE_COLUMN and model.is_input_line(index.row()):
            # Typing on the label of an input row fills its figure, as the clerk means.
            index = model.index(index.row(), VALUE_COLUMN)
            self.setCurrentIndex(index)
        if index.flags() & Qt.ItemFlag.ItemIsEditable:
            super().keyPressEvent(event)

    def keyboardSearch(self, search: str) -> None:
        """Typing never jumps to a line starting with the letter (Qt's default): it types into the cell."""

    def edit_keeping_text(self) -> None:
        """F2: edit the current cell with its text kept and the cursor at its end."""
        index = self.currentIndex()
        if not index.flags() & Qt.ItemFlag.ItemIsEditable:
            return
        self.edit(index)
        editor = self.indexWidget(index)
        if isinstance(editor, QLineEdit):
            editor.deselect()
            editor.end(False)

    # -- clipboard and clearing ----------------------------------------------------------------------------
    def _selected_rectangle(self) -> tuple[int, int, int, int] | None:
        indexes = self.selectedIndexes() or ([self.currentIndex()] if self.currentIndex().isValid() else [])
        if not indexes:
            return None
        rows = [i.row() for i in indexes]
        columns = [i.column() for i in indexes]
        return min(rows), max(rows), min(columns), max(columns)

    def selection_tsv(self) -> str:
        """The selected cells as tab-separated lines (the bounding rectangle of the selection), as Excel reads them."""
        box = self._selected_rectangle()
        if box is None:
            return ""
        top, bottom, left, right = box
        model = self.model()
        lines = []
        for line in range(top, bottom + 1):
            cells = []
            for column in range(left, right + 1):
                text = model.index(line, column).data(Qt.ItemDataRole.DisplayRole) or ""
                cells.append(" ".join(str(text).split()))  # a tab or a line break inside would split the cell
            lines.append("\t".join(cells))
        return "\n".join(lines) + "\n"

    def copy_selection(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self.selection_tsv())

    def paste(self) -> None:
        self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> bool:
        """Paste a TSV block from the current cell down: all of it as one undo step, or nothing and the reasons
        (``problem``). Of a block several columns wide, the column that falls on «Số lượng» is taken."""
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        while lines and not lines[-1].strip():
            lines.pop()  # Excel ends a copied block with a line break
        if not lines:
            return False
        current = self.currentIndex()
        if not current.isValid():
            self.problem.emit(_tr("Hãy chọn ô bắt đầu dán."))
            return False
        rows = [line.split("\t") for line in lines]
        width = max(len(r) for r in rows)
        offset = 0 if width == 1 else VALUE_COLUMN - current.column()
        if not 0 <= offset < width:
            self.problem.emit(_tr("Khối dán không có cột nào rơi vào cột «Số lượng»: hãy chọn ô «Số lượng» của dòng "
                                  "đầu tiên rồi dán lại."))
            return False
        texts = [r[offset] if offset < len(r) else "" for r in rows]
        model = self.entry_model()
        changes, errors = model.parse_block(current.row(), texts)
        if errors:
            self.problem.emit(_tr("Không dán gì cả, vì:") + "\n" + "\n".join(errors))
            return False
        model.set_values(changes, _tr("Dán {n} ô").format(n=len(changes)))
        self.problem.emit("")
        landed = [model.line_of(row_id) for row_id in changes]
        if landed:
            self.go_to_input(max(landed))
        return True

    def clear_selection(self) -> bool:
        """Delete: blank every selected input cell, as one undo step."""
        model = self.entry_model()
        box = self._selected_rectangle()
        if box is None:
            return False
        selected = {i.row() for i in self.selectedIndexes()} or {self.currentIndex().row()}
        changes: dict[str, Any] = {}
        for line in sorted(selected):
            row = model.row_at(line)
            if row is not None and model.is_input_line(line):
                changes[row.id] = None
        return model.set_values(changes, _tr("Xóa {n} ô").format(n=len(changes)))


class FormStatusLine(QLabel):
    """«Đã đủ — 3/3 dòng bắt buộc hợp lệ» or «Còn thiếu 3 dòng bắt buộc, 2 ô sai», following the model."""

    def __init__(self, model: FormEntryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.setWordWrap(True)
        model.values_changed.connect(self.update_text)
        self.update_text()

    def update_text(self) -> None:
        self.setText(self._model.status_text())
        self.setStyleSheet(_OK if self._model.complete else _NOT_YET)
