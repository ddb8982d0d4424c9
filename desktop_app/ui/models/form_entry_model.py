"""The figures of one CĐCS for one indicator form as an editable table: a line per section title and per row,
only the «Số lượng» of input rows editable, computed rows worked out live, problems marked on their cell, and
every change an undo step (a pasted block or a cleared selection is one step)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QUndoCommand, QUndoStack

from desktop_app.domain.form_values import (
    CellError,
    CellValue,
    computed_values,
    format_cell,
    parse_cell,
    required_missing,
)
from desktop_app.domain.forms import FormDefinition, Problem, Row, Section, check_values
from desktop_app.domain.i18n import _ as domain_text

Index = QModelIndex | QPersistentModelIndex

TT_COLUMN, TEXT_COLUMN, UNIT_COLUMN, VALUE_COLUMN, NOTE_COLUMN = range(5)

#: The Row behind a line (None on a section title).
ROW_ROLE = Qt.ItemDataRole.UserRole + 11

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_EDIT = int(Qt.ItemDataRole.EditRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_ROW = int(ROW_ROLE)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)

_NUMERIC = frozenset({"integer", "decimal", "money", "percent"})


def _(text: str) -> str:
    return QCoreApplication.translate("FormEntryModel", text)


@dataclass(frozen=True)
class _Line:
    """One line of the grid: a section title (``row`` None) or a row of the form."""

    section: Section
    row: Row | None

    @property
    def is_input(self) -> bool:
        return self.row is not None and not self.row.computed


class _SetValues(QUndoCommand):
    """One change of one or more input rows: ``changes`` maps a row id to its (before, after) values."""

    def __init__(self, model: FormEntryModel, changes: Mapping[str, tuple[CellValue, CellValue]], text: str) -> None:
        super().__init__(text)
        self.model = model
        self.changes = dict(changes)
        self._pushed = False

    def redo(self) -> None:
        self.model._apply({row_id: after for row_id, (_before, after) in self.changes.items()})
        if self._pushed:  # the first redo is the edit itself: the clerk is already where it was made
            self.model.revisited.emit(list(self.changes))
        self._pushed = True

    def undo(self) -> None:
        self.model._apply({row_id: before for row_id, (before, _after) in self.changes.items()})
        self.model.revisited.emit(list(self.changes))


class FormEntryModel(QAbstractTableModel):
    """One CĐCS's values of ``form``: ``values()`` gives the input rows as domain values (what a save stores)."""

    #: Emitted with the new state whenever the form becomes complete or stops being so.
    complete_changed = Signal(bool)
    #: Emitted after every change of values (an edit, a paste, an undo): the status line follows it.
    values_changed = Signal()
    #: Emitted with the reason when a typed value is refused (the old value stays).
    refused = Signal(str)
    #: Emitted with the row ids an undo or a redo changed, so the grid shows them (as Excel selects them).
    revisited = Signal(list)

    def __init__(self, form: FormDefinition, values: Mapping[str, CellValue] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.undo_stack = QUndoStack(self)
        self._lines: list[_Line] = []
        for section in form.sections:
            self._lines.append(_Line(section, None))
            self._lines.extend(_Line(section, row) for row in section.rows)
        self._line_of = {line.row.id: n for n, line in enumerate(self._lines) if line.row is not None}
        self._input_lines = [n for n, line in enumerate(self._lines) if line.is_input]
        inputs = {row.id for row in form.rows if not row.computed}
        # A value given for a computed row (or a row the form no longer has) is not the clerk's: dropped.
        self._values: dict[str, CellValue] = {k: v for k, v in (values or {}).items() if k in inputs}
        self._required = [row for row in form.rows if row.validation.required and not row.computed]
        self._shown: dict[str, CellValue] = {}
        self._problems: dict[str, list[str]] = {}
        self._general: list[str] = []
        self._missing: set[str] = set()
        self._wrong: set[str] = set()
        self._complete = False
        self._bold = QFont()
        self._bold.setBold(True)
        self._grey = QBrush(QColor("#6b6b6b"))
        self._section_fill = QBrush(QColor("#e8eef5"))
        self._computed_fill = QBrush(QColor("#f2f2f2"))
        self._wrong_fill = QBrush(QColor("#f8d0d0"))
        self._missing_fill = QBrush(QColor("#fff4c2"))
        self._recompute()

    # -- the figures ---------------------------------------------------------------------------------------
    def values(self) -> dict[str, CellValue]:
        """The input rows' values (blank rows left out), as IndicatorService.save_report takes them."""
        return {k: v for k, v in self._values.items() if v is not None}

    def value(self, row_id: str) -> CellValue:
        """What row ``row_id`` shows: its input value or, for a computed row, what its formula gives."""
        return self._shown.get(row_id)

    @property
    def complete(self) -> bool:
        return self._complete

    def problems(self, row_id: str) -> list[str]:
        return list(self._problems.get(row_id, ()))

    def general_problems(self) -> list[str]:
        """Problems about the form as a whole (no row), shown on the status line."""
        return list(self._general)

    def required_count(self) -> int:
        return len(self._required)

    def missing_count(self) -> int:
        return len(self._missing)

    def wrong_count(self) -> int:
        return len(self._wrong)

    def status_text(self) -> str:
        """«Đã đủ — 3/3 dòng bắt buộc hợp lệ» or what is still missing or wrong."""
        if self._complete:
            n = len(self._required)
            return _("Đã đủ — {valid}/{total} dòng bắt buộc hợp lệ").format(valid=n, total=n)
        parts = []
        if self._missing:
            parts.append(_("Còn thiếu {n} dòng bắt buộc").format(n=len(self._missing)))
        if self._wrong:
            parts.append(_("{n} ô sai").format(n=len(self._wrong)))
        if self._general:
            parts.append("; ".join(self._general))
        return ", ".join(parts)

    # -- lines -------------------------------------------------------------------------------------------
    def row_at(self, line: int) -> Row | None:
        return self._lines[line].row if 0 <= line < len(self._lines) else None

    def line_of(self, row_id: str) -> int:
        return self._line_of[row_id]

    def is_input_line(self, line: int) -> bool:
        return 0 <= line < len(self._lines) and self._lines[line].is_input

    def input_lines(self) -> list[int]:
        return list(self._input_lines)

    def next_input_line(self, line: int, step: int = 1) -> int | None:
        """The first input line after ``line`` (before it for a negative ``step``), None past the end."""
        line += step
        while 0 <= line < len(self._lines):
            if self._lines[line].is_input:
                return line
            line += step
        return None

    # -- changes -----------------------------------------------------------------------------------------
    def set_values(self, changes: Mapping[str, CellValue], text: str) -> bool:
        """Change several input rows as one undo step; False (and nothing pushed) when nothing changes."""
        effective = {row_id: (self._values.get(row_id), value) for row_id, value in changes.items()
                     if self._values.get(row_id) != value or type(self._values.get(row_id)) is not type(value)}
        if not effective:
            return False
        self.undo_stack.push(_SetValues(self, effective, text))
        return True

    def parse_block(self, start_line: int, texts: Sequence[str]) -> tuple[dict[str, CellValue], list[str]]:
        """What pasting ``texts`` (one per line, as copied from a spreadsheet column) from ``start_line`` down
        means: the values for the input rows they land on (section titles and computed rows are skipped), or
        the reasons it cannot be pasted. A blank text clears its row."""
        line: int | None = start_line if self.is_input_line(start_line) else self.next_input_line(start_line)
        changes: dict[str, CellValue] = {}
        errors: list[str] = []
        for number, text in enumerate(texts, start=1):
            if line is None:
                errors.append(_("Khối dán có {n} dòng, nhiều hơn số dòng nhập còn lại từ ô đang chọn "
                                "(thừa từ dòng thứ {k} của khối).").format(n=len(texts), k=number))
                break
            row = self._lines[line].row
            assert row is not None
            try:
                changes[row.id] = parse_cell(row, text)
            except CellError as exc:
                errors.append(_("Dòng {tt} «{text}»: «{value}» — {reason}").format(
                    tt=row.tt, text=row.text, value=text.strip(), reason=exc))
            line = self.next_input_line(line)
        return ({}, errors) if errors else (changes, [])

    def _apply(self, values: Mapping[str, CellValue]) -> None:
        """Store ``values`` (from an undo step) and show what follows from them."""
        for row_id, value in values.items():
            if value is None:
                self._values.pop(row_id, None)
            else:
                self._values[row_id] = value
        self._recompute()
        # Every line can change: computed rows and problems follow the inputs; the two columns are repainted.
        last = len(self._lines) - 1
        self.dataChanged.emit(self.index(0, VALUE_COLUMN), self.index(last, NOTE_COLUMN))
        self.values_changed.emit()

    def _recompute(self) -> None:
        shown, formula_problems = computed_values(self.form, self._values)
        self._shown = shown
        problems: list[Problem] = check_values(self.form, self._values)
        self._missing = {row.id for row in required_missing(self.form, self._values)}
        # check_values' own words for a blank required row: such a row is missing, not wrong.
        required = {row.id: domain_text("Dòng {row}: {text}").format(
            row=row.label, text=domain_text("chưa nhập (bắt buộc)")) for row in self._required}
        by_row: dict[str, list[str]] = {}
        general: list[str] = []
        seen: set[tuple[str | None, str]] = set()
        for problem in [*problems, *formula_problems]:
            if (problem.row_id, problem.message) in seen:
                continue
            seen.add((problem.row_id, problem.message))
            if problem.row_id is None:
                general.append(problem.message)
            else:
                by_row.setdefault(problem.row_id, []).append(problem.message)
        self._problems = by_row
        self._general = general
        self._wrong = {row_id for row_id, messages in by_row.items()
                       if any(m != required.get(row_id) for m in messages)}
        complete = not problems
        if complete != self._complete:
            self._complete = complete
            self.complete_changed.emit(complete)

    # -- Qt interface ------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == VALUE_COLUMN and self._lines[index.row()].is_input:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        line_no, column = index.row(), index.column()
        if not 0 <= line_no < len(self._lines):
            return None
        line = self._lines[line_no]
        row = line.row
        if row is None:
            return self._section_data(line.section, column, role)
        if role == _DISPLAY:
            return self._display(row, column)
        if role == _EDIT:
            return self._edit_text(row) if column == VALUE_COLUMN else self._display(row, column)
        if role == _ROW:
            return row
        if role == _TOOLTIP:
            return self._tooltip(row, column)
        if role == _BACKGROUND:
            if column == VALUE_COLUMN:
                if row.id in self._wrong:
                    return self._wrong_fill
                if row.id in self._missing:
                    return self._missing_fill
            return self._computed_fill if row.computed else None
        if role == _FOREGROUND:
            return self._grey if row.computed else None
        if role == _ALIGNMENT:
            if column == VALUE_COLUMN and row.value_type in _NUMERIC:
                return _RIGHT
            if column in (TT_COLUMN, UNIT_COLUMN):
                return _CENTRE
        return None

    def _section_data(self, section: Section, column: int, role: int) -> Any:
        if role in (_DISPLAY, _EDIT, _TOOLTIP):
            if column == TT_COLUMN:
                return section.tt
            if column == TEXT_COLUMN:
                return section.title
            return None
        if role == _FONT:
            return self._bold
        if role == _BACKGROUND:
            return self._section_fill
        if role == _ALIGNMENT and column == TT_COLUMN:
            return _CENTRE
        return None

    def _display(self, row: Row, column: int) -> str:
        if column == TT_COLUMN:
            return row.tt
        if column == TEXT_COLUMN:
            return row.text
        if column == UNIT_COLUMN:
            return row.unit
        if column == VALUE_COLUMN:
            return format_cell(row, self._shown.get(row.id))
        return self._note(row)

    def _note(self, row: Row) -> str:
        messages = self._problems.get(row.id)
        if messages:
            # The row is named by the line itself: the message without its «Dòng …:» prefix.
            prefix = domain_text("Dòng {row}: {text}").format(row=row.label, text="")
            return "; ".join(m.removeprefix(prefix) for m in messages)
        if row.computed:
            return _("tự tính")
        if row.validation.required:
            return _("bắt buộc")
        return row.note

    def _edit_text(self, row: Row) -> str:
        value = self._values.get(row.id)
        if isinstance(value, Decimal):
            # As Excel's edit line shows a number: every digit, no thousands dots (F2 then a digit typed at the
            # end gives 12345, not the unreadable «1.2345»), a comma before the fraction.
            return format(value, "f").replace(".", ",")
        return format_cell(row, value)

    def _tooltip(self, row: Row, column: int) -> str | None:
        messages = self._problems.get(row.id)
        if column in (VALUE_COLUMN, NOTE_COLUMN) and messages:
            return "\n".join(messages)
        if column == VALUE_COLUMN and row.value_type == "category" and not row.computed:
            return _("Chọn một trong: {choices} (hoặc gõ số thứ tự).").format(choices="; ".join(row.categories))
        if column == VALUE_COLUMN and row.value_type == "yes_no" and not row.computed:
            return _("Gõ «có» hoặc «không» (x/1 cũng là có, 0 là không).")
        if column == TEXT_COLUMN:
            return row.text + (f"\n{row.note}" if row.note else "")
        return None

    def setData(self, index: Index, value: Any, role: int = _EDIT) -> bool:
        if role != _EDIT or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        row = self._lines[index.row()].row
        assert row is not None
        try:
            parsed = parse_cell(row, value)
        except CellError as exc:
            self.refused.emit(_("Dòng {tt} «{text}»: {reason}").format(tt=row.tt, text=row.text, reason=exc))
            return False
        self.set_values({row.id: parsed}, _("Nhập dòng {tt}").format(tt=row.tt))
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        # Returning None (not super().headerData) keeps clear of PySide6 6.12's QVariant bug.
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal and 0 <= section < 5:
            return (_("TT"), _("Nội dung"), _("Đơn vị tính"), _("Số lượng"), _("Ghi chú / trạng thái"))[section]
        return None
