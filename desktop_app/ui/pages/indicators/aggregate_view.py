"""The district's table for one form and period («Tổng hợp»): each row added up by its rule with "n/N CĐCS", beside
the previous period and the same period last year; a category row with one line per category; who has not sent;
a double-click (or Enter) on a row lists what each CĐCS put into it (drill-down)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.aggregation import Aggregate, Contribution
from desktop_app.domain.form_values import CellValue, format_cell
from desktop_app.domain.forms import FormDefinition, Row
from desktop_app.domain.vntext import format_date, format_number
from desktop_app.ui.models.record_table import RECORD_ROLE, Column, RecordTableModel
from desktop_app.ui.widgets.tables import HintedTable


def _tr(text: str) -> str:
    return QCoreApplication.translate("AggregateView", text)


@dataclass(frozen=True)
class AggregateLine:
    """One line of the table: a section title, a row, or a category of a row counted per category."""

    row_id: str | None
    tt: str
    text: str
    unit: str
    value: str
    reporting: str
    previous: str
    last_year: str
    kind: str = "row"  # "section", "row", "category"
    tooltip: str = ""


def _shown(row: Row, value: CellValue) -> str:
    if isinstance(value, Decimal) and row.aggregate in ("count_yes", "count_per_category"):
        return format_number(value)  # a count of CĐCS, whatever the row's own type (yes/no, a category)
    return format_cell(row, value)


def _category_counts(total_counts: Sequence[tuple[str, int]]) -> dict[str, int]:
    return dict(total_counts)


def aggregate_lines(form: FormDefinition, current: Aggregate, previous: Aggregate | None = None,
                    last_year: Aggregate | None = None) -> list[AggregateLine]:
    """The table's lines, in the form's order."""
    expected = len(current.expected)
    lines: list[AggregateLine] = []

    def other(aggregate: Aggregate | None, row: Row) -> str:
        if aggregate is None or row.id not in aggregate.rows:
            return ""
        return _shown(row, aggregate.rows[row.id].value)

    for section in form.sections:
        lines.append(AggregateLine(None, section.tt, section.title, "", "", "", "", "", "section"))
        for row in section.rows:
            total = current.rows.get(row.id)
            if total is None:
                continue
            tooltip = ""
            if total.weight is not None:
                tooltip = _tr("Bình quân gia quyền theo {n} người được tính").format(n=format_number(total.weight))
            elif row.computed and row.aggregate == "recompute" and row.formula is not None:
                tooltip = _tr("Tính lại từ số tổng hợp: {formula}").format(formula=row.formula.to_text())
            lines.append(AggregateLine(
                row.id, row.tt, row.text, row.unit or (_tr("đơn vị") if row.aggregate.startswith("count") else ""),
                _shown(row, total.value), f"{total.reporting}/{expected}", other(previous, row), other(last_year, row),
                "row", tooltip))
            if row.aggregate == "count_per_category":
                before = _category_counts(previous.rows[row.id].counts) if previous and row.id in previous.rows else {}
                year_ago = (_category_counts(last_year.rows[row.id].counts)
                            if last_year and row.id in last_year.rows else {})
                for category, count in total.counts:
                    lines.append(AggregateLine(
                        row.id, "", f"– {category}", _tr("đơn vị"), format_number(count), "",
                        format_number(before[category]) if category in before else "",
                        format_number(year_ago[category]) if category in year_ago else "", "category"))
    return lines


def _columns() -> list[Column[AggregateLine]]:
    return [
        Column(_tr("TT"), lambda line: line.tt),
        Column(_tr("Nội dung"), lambda line: line.text, tooltip=lambda line: line.tooltip or line.text),
        Column(_tr("Đơn vị tính"), lambda line: line.unit),
        Column(_tr("Tổng hợp"), lambda line: line.value, numeric=True),
        Column(_tr("Số CĐCS có số liệu"), lambda line: line.reporting, numeric=True),
        Column(_tr("Kỳ trước"), lambda line: line.previous, numeric=True),
        Column(_tr("Cùng kỳ năm trước"), lambda line: line.last_year, numeric=True),
    ]


class _LinesModel(RecordTableModel[AggregateLine]):
    def data(self, index: QModelIndex, role: int = int(Qt.ItemDataRole.DisplayRole)) -> Any:  # type: ignore[override]
        if (role == Qt.ItemDataRole.FontRole and 0 <= index.row() < len(self._rows)
                and self._rows[index.row()].kind == "section"):
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)


class AggregateView(QWidget):
    """``drill(row_id)`` is emitted when the clerk opens a row (double-click or Enter)."""

    drill = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.model = _LinesModel(_columns(), self)
        self.table = _DrillTable(self.model, self._open)
        self.table.setSortingEnabled(False)
        self.table.set_hint(_tr("Chưa có CĐCS nào gửi số liệu của kỳ này."))
        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)
        self.missing_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #b00020;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.missing_label)
        split.setStretchFactor(0, 1)
        layout.addWidget(split, 1)
        layout.addWidget(self.problems_label)

    def show_aggregate(self, form: FormDefinition, period: date, current: Aggregate,
                       previous: Aggregate | None = None, last_year: Aggregate | None = None,
                       unit_names: Mapping[str, str] | None = None) -> None:
        names = unit_names or {}
        self.title.setText(_tr("<b>{code} {title}</b> — số liệu tính đến ngày {day}: {n}/{total} CĐCS đã gửi.").format(
            code=form.code, title=form.title, day=format_date(period), n=len(current.reported),
            total=len(current.expected)))
        self.model.set_rows(aggregate_lines(form, current, previous, last_year))
        self.table.fit_columns(1, {1: 520})
        missing = current.missing
        if missing:
            listed = "; ".join(f"{names.get(code, code)} ({code})" for code in missing)
            self.missing_label.setText(_tr("<b>Chưa gửi ({n} CĐCS):</b> {units}").format(n=len(missing), units=listed))
        else:
            self.missing_label.setText(_tr("Mọi CĐCS phải báo cáo đã gửi số liệu."))
        self.problems_label.setText("\n".join(p.message for p in current.problems))
        self.problems_label.setVisible(bool(current.problems))

    def lines(self) -> list[AggregateLine]:
        return self.model.rows()

    def _open(self, line: AggregateLine) -> None:
        if line.row_id is not None and line.kind != "section":
            self.drill.emit(line.row_id)


class _DrillTable(HintedTable):
    def __init__(self, model: RecordTableModel[AggregateLine], opened: object) -> None:
        super().__init__(model)
        self._opened = opened
        self.doubleClicked.connect(lambda index: self._emit(index.row()))

    def _emit(self, row: int) -> None:
        line = self.model().index(row, 0).data(RECORD_ROLE)
        if isinstance(line, AggregateLine):
            self._opened(line)  # type: ignore[operator]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class ContributionsDialog(QDialog):
    """What each CĐCS put into one row's total."""

    def __init__(self, form: FormDefinition, row_id: str, contributions: Sequence[tuple[str, str, Contribution]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = form.row(row_id)
        self.setWindowTitle(_tr("Số liệu từng CĐCS"))
        heading = QLabel(_tr("<b>{tt} {text}</b> ({unit})").format(tt=row.tt, text=row.text, unit=row.unit or "—"))
        heading.setWordWrap(True)
        weighted = row.weight_row is not None
        headers = [_tr("Mã"), _tr("Tên CĐCS"), _tr("Số liệu")] + ([_tr("Số người được tính")] if weighted else [])
        self.table = QTableWidget(len(contributions), len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        for n, (code, name, contribution) in enumerate(contributions):
            cells = [code, name, format_cell(row, contribution.value)]
            if weighted:
                cells.append(format_number(contribution.weight) if contribution.weight is not None else "")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(n, column, item)
        self.table.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, 480)


__all__ = ["AggregateLine", "AggregateView", "ContributionsDialog", "aggregate_lines"]
