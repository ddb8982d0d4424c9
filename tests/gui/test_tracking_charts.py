"""The tracking charts on the demo district: the «Biểu đồ» tab of a request (arrivals against the days to its
deadline, completeness and timeliness by sector) and a CĐCS's «Lịch sử nộp báo cáo» over the years. The plotted
arrays are read back from the chart items (not pixels)."""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.bootstrap import AppContext
from desktop_app.domain.tracking import Punctuality, UnitSpan
from desktop_app.services.tracking import Receipt, RequestDraft
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.pages.tracking.charts import LATE_COLOUR, MISSING_COLOUR, ON_TIME_COLOUR, PunctualityDialog
from desktop_app.ui.pages.tracking.page import TrackingPage
from tests.conftest import TODAY
from tests.gui.helpers import when_modal

NOTE = "nhận bản giấy hôm đó"


def _values(item: object, key: str) -> list[float]:
    return [float(v) for v in item.opts[key]]  # type: ignore[attr-defined]


@pytest.fixture
def codes(demo_context: AppContext) -> list[str]:
    return [u.code for u in demo_context.tracking.grassroots()][:6]


def _request(context: AppContext, title: str, issued: date, due: date) -> int:
    return context.tracking.create_request(RequestDraft(title=title, issued_on=issued, due=due)).id


def _shown(window: MainWindow, request_id: int) -> TrackingPage:
    window.show_page("tracking")
    page = window.tracking_page
    assert page.select_request(request_id)
    return page


def test_the_chart_tab_plots_arrivals_against_the_deadline_and_rates_by_sector(
    qtbot: QtBot, window: MainWindow, demo_context: AppContext, codes: list[str]
) -> None:
    # Due Tuesday 10/11/2026: two came the day before, one on the day, one two days late, one eleven days late.
    request_id = _request(demo_context, "Báo cáo sơ kết quý III", date(2026, 10, 20), date(2026, 11, 10))
    arrivals = [date(2026, 11, 9), date(2026, 11, 9), date(2026, 11, 10), date(2026, 11, 12), date(2026, 11, 21)]
    demo_context.tracking.receive_many(request_id, [
        Receipt(code, received_on=day, backdate_note=NOTE if day < date(2026, 11, 21) else "")
        for code, day in zip(codes, arrivals, strict=False)])
    page = _shown(window, request_id)
    charts = page.detail.charts
    assert charts.arrival_item is None  # nothing drawn (pyqtgraph not even needed) until the tab is shown
    page.detail.tabs.setCurrentWidget(charts)
    qtbot.waitUntil(lambda: charts.arrival_item is not None)
    assert charts.arrival_item is not None
    assert _values(charts.arrival_item, "x") == [-1.0, 0.0, 2.0, 11.0]
    assert _values(charts.arrival_item, "height") == [2.0, 1.0, 1.0, 1.0]
    colours = [brush.color().name() for brush in charts.arrival_item.opts["brushes"]]
    assert colours == [ON_TIME_COLOUR, ON_TIME_COLOUR, LATE_COLOUR, LATE_COLOUR]
    assert charts.deadline_line is not None and charts.deadline_line.value() == 0
    assert charts.arrivals_plot is not None
    assert charts.arrivals_plot.getAxis("bottom").labelText == "Số ngày so với hạn nộp (âm: trước hạn)"
    assert charts.arrivals_plot.getAxis("left").labelText == "Số báo cáo"

    sectors = [(name, f) for _code, name, f in demo_context.tracking.sector_figures(request_id) if f.expected]
    assert charts.completeness_item is not None and charts.timeliness_item is not None
    # Drawn across: the bars' lengths are the rates, one sector a row, the names on the left axis.
    assert _values(charts.completeness_item, "width") == pytest.approx(
        [100 * (f.completeness or 0) for _n, f in sectors])
    assert _values(charts.timeliness_item, "width") == pytest.approx(
        [100 * (f.timeliness or 0) for _n, f in sectors])
    assert sum(_values(charts.completeness_item, "width")) > 0
    assert _values(charts.completeness_item, "y") == pytest.approx([n - 0.2 for n in range(len(sectors))])
    assert charts.sectors_plot is not None
    ticks = charts.sectors_plot.getAxis("left")._tickLevels[0]
    assert [label for _x, label in ticks] == [name for name, _f in sectors]
    assert charts.sectors_plot.getAxis("bottom").labelText == "Tỷ lệ (%)"

    # A receipt logged on the page redraws the chart: one more today (11 days late).
    row = page.detail.lines_model.row_of_code(codes[5])
    assert row is not None
    page.detail.receive_line(page.detail.lines_model.record_at(row), TODAY)
    assert _values(charts.arrival_item, "height") == [2.0, 1.0, 1.0, 2.0]


def test_a_request_with_no_arrival_plots_nothing_and_no_selection_says_so(
    qtbot: QtBot, window: MainWindow, demo_context: AppContext
) -> None:
    request_id = _request(demo_context, "Báo cáo tổng kết năm", date(2026, 11, 2), date(2026, 12, 15))
    page = _shown(window, request_id)
    charts = page.detail.charts
    page.detail.tabs.setCurrentWidget(charts)
    qtbot.waitUntil(lambda: charts.arrival_item is not None)
    assert _values(charts.arrival_item, "height") == []  # type: ignore[arg-type]
    assert not charts.hint.isVisible()
    page.detail.show_request(None)
    assert charts.arrival_item is None and charts.hint.isVisible()


def test_a_cdcs_punctuality_over_the_years_from_the_line_menu(
    qtbot: QtBot, window: MainWindow, demo_context: AppContext, codes: list[str]
) -> None:
    code = codes[0]
    tracking = demo_context.tracking
    # The demo's own requests of 2025-2026 count too: what this test adds is counted on top of them.
    unit = next(u for u in tracking.grassroots() if u.code == code)
    base = {p.year: p for p in window.tracking_page.detail.punctuality_of(unit)}
    b25, b26 = base[2025], base[2026]
    # 2025: one report, three days late. 2026: one on time, one never sent (overdue), one not yet due.
    old = _request(demo_context, "Báo cáo 6 tháng 2025", date(2025, 6, 2), date(2025, 6, 30))
    tracking.receive(old, Receipt(code, received_on=date(2025, 7, 3), backdate_note=NOTE))
    on_time = _request(demo_context, "Báo cáo sơ kết quý III", date(2026, 10, 20), date(2026, 11, 10))
    tracking.receive(on_time, Receipt(code, received_on=date(2026, 11, 9), backdate_note=NOTE))
    _request(demo_context, "Báo cáo đoàn viên mới", date(2026, 10, 20), date(2026, 11, 2))
    _request(demo_context, "Báo cáo tổng kết năm", date(2026, 11, 2), date(2026, 12, 15))

    page = _shown(window, on_time)
    row = page.detail.lines_model.row_of_code(code)
    assert row is not None
    page.detail.table.selectRow(row)
    assert page.detail.punctuality_action.isEnabled()
    assert page.detail.punctuality_action.text() == "Lịch sử nộp báo cáo…"
    seen: dict[str, object] = {}

    def read(dialog: PunctualityDialog) -> None:
        seen["title"] = dialog.windowTitle()
        seen["years"] = [(y.year, y.expected, y.on_time, y.late, y.missing) for y in dialog.years]
        seen["x"] = _values(dialog.on_time_item, "x")
        seen["on_time"] = _values(dialog.on_time_item, "height")
        seen["late"] = _values(dialog.late_item, "height")
        seen["late_on"] = _values(dialog.late_item, "y0")
        seen["missing"] = _values(dialog.missing_item, "height")
        seen["missing_on"] = _values(dialog.missing_item, "y0")
        seen["ticks"] = [label for _x, label in dialog.plot.getAxis("bottom")._tickLevels[0]]
        seen["left"] = dialog.plot.getAxis("left").labelText
        seen["cells"] = [[dialog.table.item(r, c).text() for c in range(7)] for r in range(dialog.table.rowCount())]
        dialog.reject()

    when_modal(read, PunctualityDialog)
    page.detail.punctuality_action.trigger()
    name = page.detail.lines_model.record_at(row).unit.name
    assert seen["title"] == f"Lịch sử nộp báo cáo — {name}"
    y25 = (2025, b25.expected + 1, b25.on_time, b25.late + 1, b25.missing)
    y26 = (2026, b26.expected + 2, b26.on_time + 1, b26.late, b26.missing + 1)
    assert seen["years"] == [y25, y26]
    assert seen["x"] == [2025.0, 2026.0]
    assert seen["on_time"] == [float(y25[2]), float(y26[2])]
    assert seen["late"] == [float(y25[3]), float(y26[3])]
    assert seen["late_on"] == [float(y25[2]), float(y26[2])]  # the late bar sits on the on-time bar
    assert seen["missing"] == [float(y25[4]), float(y26[4])]
    assert seen["missing_on"] == [float(y25[2] + y25[3]), float(y26[2] + y26[3])]  # and the missing one on both
    assert seen["ticks"] == ["2025", "2026"]
    assert seen["left"] == "Số báo cáo"
    assert [row[:5] for row in seen["cells"]] == [[str(v) for v in y25], [str(v) for v in y26]]  # type: ignore[index]


def test_the_punctuality_legend_shows_a_swatch_of_each_series_colour(qtbot: QtBot) -> None:
    years = [Punctuality(2025, expected=10, on_time=6, late=3, missing=1),
             Punctuality(2026, expected=8, on_time=5, late=1, missing=2)]
    dialog = PunctualityDialog(UnitSpan("u-1", "CD01", "Công đoàn Trường Tiểu học Phước Minh A"), years)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    series = {"Đúng hạn": (dialog.on_time_item, ON_TIME_COLOUR), "Muộn": (dialog.late_item, LATE_COLOUR),
              "Chưa nộp": (dialog.missing_item, MISSING_COLOUR)}
    entries = [(label.text, sample) for sample, label in dialog.legend.items]
    assert [text for text, _sample in entries] == list(series)  # one entry per series, in the stacking order
    picture = dialog.plot.grab().toImage()
    ratio = picture.devicePixelRatio()
    for text, sample in entries:
        item, colour = series[text]
        assert sample.item is item and item.opts["brush"].color().name() == colour
        # What the clerk sees: the middle of the entry's swatch is painted in the bars' colour.
        middle = dialog.plot.mapFromScene(sample.mapToScene(sample.boundingRect().center()))
        pixel = picture.pixelColor(int(middle.x() * ratio), int(middle.y() * ratio))
        assert pixel.name() == colour, (text, pixel.name())
