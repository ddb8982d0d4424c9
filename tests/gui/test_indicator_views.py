"""The district's table for a form and period, its drill-down, and the congress targets with their chart — real
widgets over the shipped definitions and the domain's own aggregation (no database needed for these views)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from desktop_app.domain.aggregation import UnitReport, aggregate, contributions, fill_upper
from desktop_app.domain.forms import FormDefinition, TargetSet
from desktop_app.domain.targets import STATUS_COLOURS, progress
from desktop_app.files.forms import load_definitions, shipped_forms
from desktop_app.ui.pages.indicators.aggregate_view import AggregateView, ContributionsDialog, aggregate_lines
from desktop_app.ui.pages.indicators.targets_view import TargetsView, target_series

D = Decimal
GOOD = "Hoàn thành tốt nhiệm vụ"
BEST = "Hoàn thành xuất sắc nhiệm vụ"


@pytest.fixture(scope="module")
def shipped() -> dict[str, Any]:
    return {d.id: d for d in load_definitions(shipped_forms()).values()}


def _report(code: str, workers: int, women: int, wage: int | None, people: int | None, grade: str) -> UnitReport:
    values: dict[str, Any] = {"khu_vuc_ngoai_nha_nuoc": True, "tong_lao_dong": D(workers), "lao_dong_nu": D(women),
                              "xep_loai_cdcs": grade, "ket_nap_moi": D(workers // 10),
                              "thanh_lap_trong_ky": workers < 20}
    if wage is not None and people is not None:
        values |= {"luong_binh_quan": D(wage), "so_nguoi_tinh_luong": D(people)}
    return UnitReport(code, values)


REPORTS = [_report("CD001", 100, 40, 8_000_000, 90, GOOD), _report("CD002", 50, 30, 6_000_000, 50, BEST),
           _report("CD003", 10, 5, None, None, GOOD)]
EXPECTED = ["CD001", "CD002", "CD003", "CD004"]
NAMES = {"CD001": "CĐCS Công ty A", "CD002": "CĐCS Trường B", "CD003": "CĐCS Xã C", "CD004": "CĐCS Bệnh viện D"}


def _line(lines: list[Any], row_id: str, kind: str = "row") -> Any:
    return next(line for line in lines if line.row_id == row_id and line.kind == kind)


def test_the_table_shows_each_rule_n_of_n_and_the_earlier_periods(shipped: dict[str, Any]) -> None:
    form: FormDefinition = shipped["mau-1-hdcd"]
    current = aggregate(form, REPORTS, EXPECTED)
    previous = aggregate(form, REPORTS[:1], EXPECTED)
    lines = aggregate_lines(form, current, previous, None)
    assert [line.text for line in lines if line.kind == "section"] == [s.title for s in form.sections]
    workers = _line(lines, "tong_lao_dong")
    assert (workers.value, workers.reporting, workers.previous, workers.last_year) == ("160", "3/4", "100", "")
    wage = _line(lines, "luong_binh_quan")
    # (8,000,000 × 90 + 6,000,000 × 50) ÷ 140, shown to the đồng; two CĐCS gave a wage.
    assert (wage.value, wage.reporting) == ("7.285.714", "2/4")
    assert "140 người được tính" in wage.tooltip
    women = _line(lines, "ty_le_lao_dong_nu")
    assert women.value == "46,88"  # 75 ÷ 160 × 100, recomputed from the totals
    grades = [line for line in lines if line.row_id == "xep_loai_cdcs" and line.kind == "category"]
    assert [(g.text, g.value) for g in grades] == [(f"– {BEST}", "1"), (f"– {GOOD}", "2"),
                                                   ("– Hoàn thành nhiệm vụ", "0"),
                                                   ("– Không hoàn thành nhiệm vụ", "0")]


def test_the_view_lists_the_missing_and_opens_a_row(qtbot: QtBot, shipped: dict[str, Any]) -> None:
    from datetime import date

    form: FormDefinition = shipped["mau-1-hdcd"]
    view = AggregateView()
    qtbot.addWidget(view)
    view.show_aggregate(form, date(2026, 11, 30), aggregate(form, REPORTS, EXPECTED), unit_names=NAMES)
    view.resize(1180, 640)
    view.show()
    qtbot.waitExposed(view)
    assert "3/4 CĐCS đã gửi" in view.title.text() and "30/11/2026" in view.title.text()
    assert "CĐCS Bệnh viện D (CD004)" in view.missing_label.text()
    assert "CD001" not in view.missing_label.text()
    row = next(n for n, line in enumerate(view.lines()) if line.row_id == "tong_lao_dong")
    opened: list[str] = []
    view.drill.connect(opened.append)
    index = view.model.index(row, 1)
    view.table.setCurrentIndex(index)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened == ["tong_lao_dong"]
    where = view.table.visualRect(index).center()
    # A real double-click: the first click presses the line, the second is the double-click.
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert opened == ["tong_lao_dong", "tong_lao_dong"]
    # A section title opens nothing.
    view.table.setCurrentIndex(view.model.index(0, 1))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened == ["tong_lao_dong", "tong_lao_dong"]


def test_the_drill_down_lists_each_cdcs_with_its_weight(qtbot: QtBot, shipped: dict[str, Any]) -> None:
    form: FormDefinition = shipped["mau-1-hdcd"]
    rows = [(c.unit_code, NAMES[c.unit_code], c) for c in contributions(form, REPORTS, "luong_binh_quan")]
    dialog = ContributionsDialog(form, "luong_binh_quan", rows)
    qtbot.addWidget(dialog)
    table = dialog.table
    cells = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    assert cells == [["CD001", "CĐCS Công ty A", "8.000.000", "90"], ["CD002", "CĐCS Trường B", "6.000.000", "50"],
                     ["CD003", "CĐCS Xã C", "", ""]]


def _figures(shipped: dict[str, Any]) -> dict[int, Any]:
    first, second = shipped["mau-1-hdcd"], shipped["mau-2-hdcd"]
    return {2024: fill_upper(first, second, REPORTS[:2]).values, 2025: fill_upper(first, second, REPORTS).values}


def test_the_targets_table_colours_each_status_and_draws_the_chart(qtbot: QtBot, shipped: dict[str, Any]) -> None:
    targets: TargetSet = shipped["chi-tieu-dai-hoi-2023-2028"]
    result = progress(targets, _figures(shipped))
    view = TargetsView()
    qtbot.addWidget(view)
    view.show_progress(targets, result)
    assert len(view.lines()) == len(targets.targets)
    for row, line in enumerate(view.lines()):
        brush = view.model.data(view.model.index(row, 5), Qt.ItemDataRole.ForegroundRole)
        assert brush.color() == QColor(STATUS_COLOURS[line.progress.status])
        assert view.model.index(row, 5).data() == line.status_name
    assert view.plot is None  # pyqtgraph only once the chart is shown
    view.resize(1100, 700)
    view.show()
    qtbot.waitExposed(view)
    assert view.plot is not None
    with_figures = next(n for n, line in enumerate(view.lines()) if line.progress.achieved is not None)
    view.table.selectRow(with_figures)
    assert view.series is not None and view.series.years
    labels = [label.text for _sample, label in view.plot.getPlotItem().legend.items]
    assert "Đạt được" in labels


def test_a_sum_target_plots_the_running_total_and_its_projection(shipped: dict[str, Any]) -> None:
    targets: TargetSet = shipped["chi-tieu-dai-hoi-2023-2028"]
    result = progress(targets, _figures(shipped))
    summed = next((p for p in result if p.target.over_term == "sum" and p.achieved is not None), None)
    assert summed is not None, "the shipped targets have one summed over the term (new CĐCS, new members)"
    series = target_series(targets, summed)
    assert list(series.figures) == sorted(series.figures)  # a running total never goes down when figures are ≥ 0
    assert series.figures[-1] == float(summed.achieved or 0)
    assert series.projection is not None
    assert series.projection[1] == (float(targets.last_year), float(summed.projection or 0))
