"""Charts of «Theo dõi báo cáo» drawn with pyqtgraph: one request's arrivals against the days to its deadline and
its completeness by sector (the «Biểu đồ» tab), and one CĐCS's punctuality over the years («Lịch sử nộp báo cáo»).

pyqtgraph (and numpy under it) costs about 0.45 s to import: it is imported when a chart is first shown, never at
start-up (docs/decisions/0014-charts-pyqtgraph.md). The series are computed apart from the drawing, so the tests
read the plotted arrays back from the chart items."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.tracking import Figures, Punctuality, Submission, UnitSpan, arrival_offsets, percent

if TYPE_CHECKING:
    from pyqtgraph import BarGraphItem, InfiniteLine, PlotWidget

# The status colours of the tracking tables (ui/models/tracking_models.py).
ON_TIME_COLOUR = "#1b5e20"
LATE_COLOUR = "#b00020"
RATE_COLOUR = "#1f5f99"
TIMELY_COLOUR = "#7fa8cf"
MISSING_COLOUR = "#6d6d6d"  # nothing came: grey, apart from the red of what came late


def _tr(text: str) -> str:
    return QCoreApplication.translate("TrackingCharts", text)


# --------------------------------------------------------------------------- series


@dataclass(frozen=True)
class Bars:
    """What a bar chart plots: positions, heights, one colour per bar, and the labels under the positions."""

    x: tuple[float, ...]
    heights: tuple[float, ...]
    colours: tuple[str, ...] = ()
    ticks: tuple[tuple[float, str], ...] = ()


def arrival_bars(due: date, last_day: date, submissions: Iterable[Submission]) -> Bars:
    """How many reports came n days before (negative) or after the due date; those counted on time (up to the last
    day on time, the next working day for a due date on a day off) green, the late ones red."""
    offsets = arrival_offsets(due, submissions)
    days = sorted(offsets)
    grace = (last_day - due).days
    return Bars(
        tuple(float(d) for d in days),
        tuple(float(offsets[d]) for d in days),
        tuple(ON_TIME_COLOUR if d <= grace else LATE_COLOUR for d in days),
    )


def sector_bars(rows: Sequence[tuple[str | None, str, Figures]]) -> tuple[Bars, Bars]:
    """Completeness and timeliness (in %) per sector that was asked, side by side (drawn across, the sector names
    being long); sectors with nobody expected are left out (a rate of nothing is no 0 %)."""
    shown = [(name, f) for _code, name, f in rows if f.expected]
    ticks = tuple((float(n), name) for n, (name, _f) in enumerate(shown))
    complete = Bars(
        tuple(n - 0.2 for n in range(len(shown))),
        tuple(100.0 * (f.completeness or 0.0) for _name, f in shown),
        ticks=ticks,
    )
    timely = Bars(
        tuple(n + 0.2 for n in range(len(shown))),
        tuple(100.0 * (f.timeliness or 0.0) for _name, f in shown),
        ticks=ticks,
    )
    return complete, timely


def punctuality_bars(years: Sequence[Punctuality]) -> tuple[Bars, Bars, Bars]:
    """Per year: the reports sent on time, those sent late and those not sent (the counts, stacked by the chart in
    that order, as the table's columns read)."""
    ticks = tuple((float(y.year), str(y.year)) for y in years)
    x = tuple(float(y.year) for y in years)
    on_time = Bars(x, tuple(float(y.on_time) for y in years), ticks=ticks)
    late = Bars(x, tuple(float(y.late) for y in years), ticks=ticks)
    missing = Bars(x, tuple(float(y.missing) for y in years), ticks=ticks)
    return on_time, late, missing


# --------------------------------------------------------------------------- drawing


def _pyqtgraph() -> Any:
    """pyqtgraph, imported the first time a chart is drawn (white background, black axes, like a printed page)."""
    import pyqtgraph

    pyqtgraph.setConfigOptions(background="w", foreground="k", antialias=True)
    return pyqtgraph


def _plot(title: str, bottom: str, left: str) -> PlotWidget:
    pg = _pyqtgraph()
    plot = pg.PlotWidget()
    plot.setTitle(title)
    plot.setLabel("bottom", bottom)
    plot.setLabel("left", left)
    plot.showGrid(x=False, y=True, alpha=0.3)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.setMenuEnabled(False)
    return plot


def _bars(bars: Bars, width: float, colour: str, **extra: Any) -> BarGraphItem:
    pg = _pyqtgraph()
    brushes = [pg.mkBrush(c) for c in bars.colours] if bars.colours else pg.mkBrush(colour)
    keyword = "brushes" if bars.colours else "brush"
    return pg.BarGraphItem(x=list(bars.x), height=list(bars.heights), width=width, pen=None,
                           **{keyword: brushes}, **extra)


def _across(bars: Bars, thickness: float, colour: str, **extra: Any) -> BarGraphItem:
    """Bars drawn from the left axis: ``bars.x`` are their places down the chart, ``bars.heights`` their lengths."""
    pg = _pyqtgraph()
    return pg.BarGraphItem(x0=0, y=list(bars.x), height=thickness, width=list(bars.heights), pen=None,
                           brush=pg.mkBrush(colour), **extra)


def _ticks(plot: PlotWidget, bars: Bars, axis: str = "bottom") -> None:
    plot.getAxis(axis).setTicks([list(bars.ticks)])


class RequestCharts(QWidget):
    """The «Biểu đồ» tab of a request: built (and pyqtgraph imported) the first time it is shown; ``show_data``
    before that only keeps the data."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: tuple[date, date, tuple[Submission, ...], tuple[tuple[str | None, str, Figures], ...]] | None \
            = None
        self.arrivals_plot: PlotWidget | None = None
        self.sectors_plot: PlotWidget | None = None
        self.arrival_item: BarGraphItem | None = None
        self.deadline_line: InfiniteLine | None = None
        self.completeness_item: BarGraphItem | None = None
        self.timeliness_item: BarGraphItem | None = None
        self.hint = QLabel(_tr("Chọn một yêu cầu báo cáo để xem biểu đồ."))
        self.hint.setStyleSheet("color: #666;")
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.hint)

    def show_data(self, due: date | None, last_day: date | None, submissions: Iterable[Submission],
                  sectors: Sequence[tuple[str | None, str, Figures]]) -> None:
        self._data = None if due is None or last_day is None else (due, last_day, tuple(submissions), tuple(sectors))
        if self.arrivals_plot is not None:
            self._draw()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.arrivals_plot is None:
            self._build()
            self._draw()

    def _build(self) -> None:
        self.arrivals_plot = _plot(_tr("Báo cáo đến theo ngày so với hạn nộp"),
                                   _tr("Số ngày so với hạn nộp (âm: trước hạn)"), _tr("Số báo cáo"))
        self.sectors_plot = _plot(_tr("Tỷ lệ theo khối, ngành"), _tr("Tỷ lệ (%)"), _tr("Khối, ngành"))
        self.sectors_plot.showGrid(x=True, y=False, alpha=0.3)
        self.sectors_plot.invertY(True)  # the first sector at the top, as in the table
        self.sectors_plot.addLegend(offset=(-10, -10))
        row = QHBoxLayout()
        row.addWidget(self.arrivals_plot, 1)
        row.addWidget(self.sectors_plot, 1)
        self._layout.addLayout(row, 1)

    def _draw(self) -> None:
        assert self.arrivals_plot is not None and self.sectors_plot is not None
        pg = _pyqtgraph()
        self.arrivals_plot.clear()
        self.sectors_plot.clear()
        self.arrival_item = self.deadline_line = self.completeness_item = self.timeliness_item = None
        self.hint.setVisible(self._data is None)
        if self._data is None:
            return
        due, last_day, submissions, sectors = self._data
        arrivals = arrival_bars(due, last_day, submissions)
        self.arrival_item = _bars(arrivals, 0.8, ON_TIME_COLOUR)
        self.arrivals_plot.addItem(self.arrival_item)
        self.deadline_line = pg.InfiniteLine(pos=0, angle=90, pen=pg.mkPen(LATE_COLOUR, width=1),
                                             label=_tr("Hạn nộp"), labelOpts={"position": 0.95, "color": "k"})
        self.arrivals_plot.addItem(self.deadline_line)
        complete, timely = sector_bars(sectors)
        self.completeness_item = _across(complete, 0.4, RATE_COLOUR, name=_tr("Nộp đủ"))
        self.timeliness_item = _across(timely, 0.4, TIMELY_COLOUR, name=_tr("Đúng hạn"))
        self.sectors_plot.addItem(self.completeness_item)
        self.sectors_plot.addItem(self.timeliness_item)
        _ticks(self.sectors_plot, complete, "left")
        self.sectors_plot.setXRange(0, 100, padding=0.04)
        # A free row under the last sector for the legend (at 100 % a bar would run under it).
        self.sectors_plot.setYRange(-0.6, len(complete.ticks) + 0.9, padding=0)


class PunctualityDialog(QDialog):
    """«Lịch sử nộp báo cáo» of one CĐCS: per year, the reports it was expected to send, on time, late, missing."""

    def __init__(self, unit: UnitSpan, years: Sequence[Punctuality], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Lịch sử nộp báo cáo — {name}").format(name=unit.name))
        self.resize(760, 560)
        self.years = list(years)
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("{name} ({code})").format(name=unit.name, code=unit.code))
        heading.setStyleSheet("font-weight: bold;")
        layout.addWidget(heading)
        self.plot = _plot(self.tr("Báo cáo phải nộp qua các năm"), self.tr("Năm"), self.tr("Số báo cáo"))
        # Each series is added to the legend with its bar item, so the legend draws a swatch of the bars' brush
        # beside each name.
        self.legend = self.plot.addLegend(offset=(-10, 10))
        on_time, late_bars, missing_bars = punctuality_bars(self.years)
        self.on_time_item = _bars(on_time, 0.6, ON_TIME_COLOUR, name=self.tr("Đúng hạn"))
        # Stacked: the top of a year's bars is what the CĐCS was expected to send.
        self.late_item = _bars(late_bars, 0.6, LATE_COLOUR, y0=list(on_time.heights), name=self.tr("Muộn"))
        self.missing_item = _bars(missing_bars, 0.6, MISSING_COLOUR, name=self.tr("Chưa nộp"),
                                  y0=[a + b for a, b in zip(on_time.heights, late_bars.heights, strict=True)])
        for item in (self.on_time_item, self.late_item, self.missing_item):
            self.plot.addItem(item)
        _ticks(self.plot, on_time)
        # Room above the tallest bar for the legend.
        self.plot.setYRange(0, 1.6 * max([y.expected for y in self.years], default=1), padding=0)
        self.plot.setMinimumHeight(260)
        layout.addWidget(self.plot, 1)
        self.table = QTableWidget(len(self.years), 7)
        self.table.setHorizontalHeaderLabels([
            self.tr("Năm"), self.tr("Phải nộp"), self.tr("Đúng hạn"), self.tr("Muộn"), self.tr("Chưa nộp"),
            self.tr("Miễn"), self.tr("Tỷ lệ đúng hạn")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, year in enumerate(self.years):
            cells = [str(year.year), str(year.expected), str(year.on_time), str(year.late), str(year.missing),
                     str(year.exempt), percent(year.timeliness)]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table)
        if not self.years:
            layout.addWidget(QLabel(self.tr("CĐCS này chưa được yêu cầu nộp báo cáo nào.")))
        late_days = sum(y.total_days_late for y in self.years)
        late = sum(y.late for y in self.years)
        if late:
            layout.addWidget(QLabel(self.tr("Nộp muộn {late} lần, trung bình {days} ngày mỗi lần.").format(
                late=late, days=f"{late_days / late:.1f}".replace(".", ","))))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
