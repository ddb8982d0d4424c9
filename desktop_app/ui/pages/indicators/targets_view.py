"""The congress targets («Chỉ tiêu Đại hội»): each target's goal for the term, what is achieved so far, the linear
projection to the end of the term (labelled as such) and a status in its colour; below, the chart of the selected
target: the years' figures as bars, the goals as a line, the projection dashed.

pyqtgraph is imported when the chart is first shown (docs/decisions/0014-charts-pyqtgraph.md)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from desktop_app.domain.forms import TargetSet
from desktop_app.domain.targets import PROJECTION_LABEL, STATUS_COLOURS, STATUS_NAMES, TargetProgress
from desktop_app.domain.vntext import format_number
from desktop_app.ui.models.record_table import Column, RecordTableModel
from desktop_app.ui.widgets.tables import HintedTable

if TYPE_CHECKING:
    from pyqtgraph import PlotWidget

GOAL_COLOUR = "#1f5f99"
FIGURE_COLOUR = "#7fa8cf"
PROJECTION_COLOUR = "#b26a00"


def _tr(text: str) -> str:
    return QCoreApplication.translate("TargetsView", text)


def _number(value: Decimal | None, unit: str = "") -> str:
    if value is None:
        return ""
    places = 1 if value != value.to_integral_value() else 0
    text = format_number(value, places)
    return f"{text} {unit}".rstrip() if unit == "%" else text


@dataclass(frozen=True)
class TargetLine:
    progress: TargetProgress

    @property
    def status_name(self) -> str:
        return STATUS_NAMES[self.progress.status]


def _columns() -> list[Column[TargetLine]]:
    def goal(line: TargetLine) -> str:
        target = line.progress.target
        sign = {"at_least": "≥ ", "at_most": "≤ ", "exactly": "= "}[target.direction]
        return sign + _number(line.progress.goal, target.unit) if line.progress.goal is not None else ""

    return [
        Column(_tr("TT"), lambda line: line.progress.target.tt),
        Column(_tr("Chỉ tiêu"), lambda line: line.progress.target.text, tooltip=lambda line: line.progress.target.text),
        Column(_tr("Mục tiêu"), goal, numeric=True),
        Column(_tr("Đã đạt"), lambda line: _number(line.progress.achieved, line.progress.target.unit), numeric=True),
        Column(_tr("Dự báo cuối nhiệm kỳ (tuyến tính)"),
               lambda line: _number(line.progress.projection, line.progress.target.unit), numeric=True),
        Column(_tr("Đánh giá"), lambda line: line.status_name),
    ]


class _TargetsModel(RecordTableModel[TargetLine]):
    STATUS_COLUMN = 5

    def data(self, index: QModelIndex, role: int = int(Qt.ItemDataRole.DisplayRole)) -> Any:  # type: ignore[override]
        if (role == Qt.ItemDataRole.ForegroundRole and index.column() == self.STATUS_COLUMN
                and 0 <= index.row() < len(self._rows)):
            return QBrush(QColor(STATUS_COLOURS[self._rows[index.row()].progress.status]))
        return super().data(index, role)


@dataclass(frozen=True)
class TargetSeries:
    """What the chart of one target plots: the years with figures, the goals by year, the projection's two ends."""

    years: tuple[float, ...]
    figures: tuple[float, ...]
    goal_years: tuple[float, ...]
    goals: tuple[float, ...]
    projection: tuple[tuple[float, float], tuple[float, float]] | None


def target_series(target_set: TargetSet, progress: TargetProgress) -> TargetSeries:
    """A rate (``over_term: latest``) plots each year's figure against that year's goal (or the term's); a sum over
    the term plots the running total against the term's goal."""
    target = progress.target
    known = [y for y in progress.years if y.figure is not None]
    first, last = float(target_set.first_year), float(target_set.last_year)
    if target.over_term == "sum":
        running, figures = Decimal(0), []
        for year in known:
            running += year.figure or Decimal(0)
            figures.append(float(running))
        goal_years, goals = ([first, last], [float(target.term_target)] * 2) if target.term_target is not None \
            else ([], [])
    else:
        figures = [float(y.figure or 0) for y in known]
        goal_years = [float(y.year) for y in progress.years if y.goal is not None]
        goals = [float(y.goal) for y in progress.years if y.goal is not None]
        if not goals and target.term_target is not None:
            goal_years, goals = [first, last], [float(target.term_target)] * 2
    projection = None
    if known and progress.projection is not None and known[-1].year < target_set.last_year:
        projection = ((float(known[-1].year), figures[-1]), (last, float(progress.projection)))
    return TargetSeries(tuple(float(y.year) for y in known), tuple(figures), tuple(goal_years), tuple(goals),
                        projection)


class TargetsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.model = _TargetsModel(_columns(), self)
        self.table = HintedTable(self.model)
        self.table.set_hint(_tr("Chưa có bộ chỉ tiêu."))
        self.chart_box = QWidget()
        self._chart_layout = QVBoxLayout(self.chart_box)
        self._chart_layout.setContentsMargins(0, 0, 0, 0)
        self.plot: PlotWidget | None = None
        self.series: TargetSeries | None = None
        self.note = QLabel(_tr("Dự báo là phép ngoại suy tuyến tính từ số liệu các năm đã có, chỉ để tham khảo."))
        self.note.setStyleSheet("color: #666;")
        self._target_set: TargetSet | None = None
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.chart_box)
        split.setStretchFactor(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(split, 1)
        layout.addWidget(self.note)
        self.table.selectionModel().currentRowChanged.connect(lambda _now, _before: self._draw())

    def show_progress(self, target_set: TargetSet, progress: Sequence[TargetProgress]) -> None:
        self._target_set = target_set
        term = f"{target_set.first_year}–{target_set.last_year}"
        title = f"<b>{target_set.title}</b>"
        # The term is said once: most target sets name it in their title already.
        self.title.setText(title if term in target_set.title else _tr("{title} (nhiệm kỳ {term})").format(
            title=title, term=term))
        self.model.set_rows([TargetLine(p) for p in progress])
        self.table.fit_columns(1, {1: 480})
        if progress:
            self.table.selectRow(0)
        self._draw()

    def lines(self) -> list[TargetLine]:
        return self.model.rows()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.plot is None:
            self._build()
            self._draw()

    def _build(self) -> None:
        import pyqtgraph as pg

        pg.setConfigOptions(background="w", foreground="k", antialias=True)
        self.plot = pg.PlotWidget()
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.showGrid(x=False, y=True, alpha=0.3)
        self.plot.addLegend(offset=(-10, 10))
        self.plot.setMinimumHeight(200)
        self._chart_layout.addWidget(self.plot)

    def _draw(self) -> None:
        index = self.table.currentIndex()
        rows = self.model.rows()
        line = rows[index.row()] if index.isValid() and index.row() < len(rows) else None
        self.series = (target_series(self._target_set, line.progress)
                       if line is not None and self._target_set is not None else None)
        if self.plot is None:
            return
        import pyqtgraph as pg

        self.plot.clear()
        if self.series is None or line is None:
            return
        series = self.series
        self.plot.setTitle(line.progress.target.text[:90])
        if series.years:
            self.plot.addItem(pg.BarGraphItem(x=list(series.years), height=list(series.figures), width=0.6, pen=None,
                                              brush=pg.mkBrush(FIGURE_COLOUR), name=_tr("Đạt được")))
        if series.goals:
            self.plot.plot(list(series.goal_years), list(series.goals), pen=pg.mkPen(GOAL_COLOUR, width=2),
                           symbol="o", symbolBrush=GOAL_COLOUR, name=_tr("Mục tiêu"))
        if series.projection is not None:
            (x0, y0), (x1, y1) = series.projection
            self.plot.plot([x0, x1], [y0, y1], pen=pg.mkPen(PROJECTION_COLOUR, width=2, style=Qt.PenStyle.DashLine),
                           name=PROJECTION_LABEL)
        assert self._target_set is not None
        years = range(self._target_set.first_year, self._target_set.last_year + 1)
        self.plot.getAxis("bottom").setTicks([[(float(y), str(y)) for y in years]])


__all__ = ["TargetLine", "TargetSeries", "TargetsView", "target_series"]
