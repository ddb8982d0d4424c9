"""Adding up the CĐCS's forms: each rule against hand-computed cases, n of N, missing CĐCS, drill-down, the
upper-level form filled by the mapping, and partition properties of the sum and weighted-mean rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain.aggregation import (
    AggregationError,
    UnitReport,
    aggregate,
    contributions,
    fill_upper,
    subset,
)
from desktop_app.domain.form_values import computed_values
from desktop_app.domain.forms import FormDefinition, form_from_data

D = Decimal
GOOD = "Hoàn thành tốt nhiệm vụ"
DONE = "Hoàn thành nhiệm vụ"


def _form_data() -> dict[str, Any]:
    return {
        "id": "mau-thu", "version": 1, "code": "Mẫu thử", "title": "Báo cáo thử", "level": "cdcs",
        "period_type": "year", "snapshot_dates": [{"month": 11, "day": 30}],
        "sections": [
            {"tt": "I", "title": "Lao động", "rows": [
                {"id": "tong_ld", "tt": "1", "text": "Tổng số lao động", "unit": "người", "type": "integer"},
                {"id": "ld_nu", "tt": "-", "text": "Trong đó: nữ", "unit": "người", "type": "integer",
                 "parent": "tong_ld"},
                {"id": "ty_le_nu", "tt": "2", "text": "Tỷ lệ lao động nữ", "unit": "%", "type": "percent",
                 "formula": "ld_nu / tong_ld * 100"},
                {"id": "luong_bq", "tt": "3", "text": "Tiền lương bình quân", "unit": "đồng", "type": "money",
                 "aggregate": "weighted_mean", "by": "so_nguoi_tinh"},
                {"id": "so_nguoi_tinh", "tt": "+", "text": "Số người được tính", "unit": "người", "type": "integer",
                 "parent": "luong_bq", "validation": {"not_above_parent": False}},
                {"id": "ghi_chu", "tt": "4", "text": "Ghi chú", "type": "text"},
            ]},
            {"tt": "II", "title": "Công đoàn", "rows": [
                {"id": "co_tu", "tt": "5", "text": "Có thỏa ước", "type": "yes_no"},
                {"id": "xep_loai", "tt": "6", "text": "Xếp loại", "type": "category", "categories": [GOOD, DONE]},
            ]},
        ],
        "upper_form": {"form": "mau-tren", "rows": [
            {"to": "so_cdcs"},
            {"from": "tong_ld", "to": "tong_ld"},
            {"from": "ld_nu", "to": "ld_nu"},
            {"from": "so_nguoi_tinh", "to": "so_nguoi_tinh"},
            {"from": "luong_bq", "to": "luong_bq"},
            {"from": "co_tu", "to": "so_co_tu"},
            {"from": "xep_loai", "to": {GOOD: "so_tot", DONE: "so_ht"}},
        ]},
    }


def _upper_data() -> dict[str, Any]:
    rows = [
        {"id": "so_cdcs", "tt": "1", "text": "Số CĐCS báo cáo", "unit": "đơn vị", "type": "integer"},
        {"id": "tong_ld", "tt": "2", "text": "Tổng số lao động", "unit": "người", "type": "integer"},
        {"id": "ld_nu", "tt": "-", "text": "Trong đó: nữ", "unit": "người", "type": "integer", "parent": "tong_ld"},
        {"id": "ty_le_nu", "tt": "3", "text": "Tỷ lệ nữ", "unit": "%", "type": "percent",
         "formula": "ld_nu / tong_ld * 100"},
        {"id": "luong_bq", "tt": "4", "text": "Lương bình quân", "unit": "đồng", "type": "money",
         "aggregate": "weighted_mean", "by": "so_nguoi_tinh"},
        {"id": "so_nguoi_tinh", "tt": "+", "text": "Số người được tính", "unit": "người", "type": "integer"},
        {"id": "so_co_tu", "tt": "5", "text": "Số CĐCS có thỏa ước", "unit": "đơn vị", "type": "integer",
         "parent": "so_cdcs"},
        {"id": "ty_le_tu", "tt": "6", "text": "Tỷ lệ có thỏa ước", "unit": "%", "type": "percent",
         "formula": "so_co_tu / so_cdcs * 100"},
        {"id": "so_tot", "tt": "7", "text": "Hoàn thành tốt", "unit": "đơn vị", "type": "integer"},
        {"id": "so_ht", "tt": "8", "text": "Hoàn thành", "unit": "đơn vị", "type": "integer"},
    ]
    return {"id": "mau-tren", "version": 1, "title": "Tổng hợp", "level": "upper", "period_type": "year",
            "sections": [{"tt": "I", "title": "Tất cả", "rows": rows}]}


FORM: FormDefinition = form_from_data(_form_data())
UPPER: FormDefinition = form_from_data(_upper_data())


def report(code: str, sector: str | None = None, **values: Any) -> UnitReport:
    return UnitReport(code, {k: (D(v) if isinstance(v, int) and not isinstance(v, bool) else v)
                             for k, v in values.items()}, sector)


# Three CĐCS, hand-computed below.
A = report("A", "dn", tong_ld=100, ld_nu=40, luong_bq=8_000_000, so_nguoi_tinh=90, co_tu=True, xep_loai=GOOD)
B = report("B", "hcsn", tong_ld=50, ld_nu=30, luong_bq=6_000_000, so_nguoi_tinh=50, co_tu=False, xep_loai=DONE)
C = report("C", "dn", tong_ld=10, ld_nu=None, luong_bq=None, so_nguoi_tinh=None, co_tu=True, xep_loai=GOOD,
           ghi_chu="mới thành lập")


def test_sum_counts_only_the_cdcs_that_filled_the_row() -> None:
    result = aggregate(FORM, [A, B, C], expected=["A", "B", "C", "D"])
    assert result.value("tong_ld") == 160
    assert result.rows["tong_ld"].reporting == 3
    assert result.value("ld_nu") == 70
    assert result.rows["ld_nu"].reporting == 2
    assert result.missing == ("D",)
    assert result.reported == ("A", "B", "C")


def test_weighted_mean_is_weighted_by_its_people_not_a_mean_of_means() -> None:
    result = aggregate(FORM, [A, B, C])
    # (8,000,000 × 90 + 6,000,000 × 50) ÷ 140 = 1,020,000,000 ÷ 140 = 7,285,714.285714285714…
    assert result.value("luong_bq") == D("7285714.285714285714")
    assert result.rows["luong_bq"].weight == 140
    assert result.rows["luong_bq"].reporting == 2  # C gave no wage
    assert result.value("luong_bq") != (D(8_000_000) + D(6_000_000)) / 2


def test_a_weight_of_zero_or_a_blank_wage_leaves_the_cdcs_out_of_the_mean() -> None:
    zero = report("Z", tong_ld=5, luong_bq=99_000_000, so_nguoi_tinh=0)
    result = aggregate(FORM, [A, zero])
    assert result.value("luong_bq") == 8_000_000
    assert result.rows["luong_bq"].reporting == 1


def test_a_derived_percentage_is_recomputed_from_the_totals() -> None:
    result = aggregate(FORM, [A, B, C])
    # 70 ÷ 160 × 100 = 43.75 — not the mean of 40 % and 60 %.
    assert result.value("ty_le_nu") == D("43.75")
    assert result.rows["ty_le_nu"].reporting == 2  # the fewest of the rows it reads


def test_count_yes_and_count_per_category() -> None:
    result = aggregate(FORM, [A, B, C])
    assert result.value("co_tu") == 2
    assert result.rows["co_tu"].reporting == 3
    assert result.rows["xep_loai"].counts == ((GOOD, 2), (DONE, 1))
    assert result.rows["ghi_chu"].value is None and result.rows["ghi_chu"].reporting == 1


def test_nothing_reported_gives_blanks_and_a_problem_only_for_a_division() -> None:
    result = aggregate(FORM, [], expected=["A", "B"])
    assert result.value("tong_ld") is None
    assert result.value("luong_bq") is None
    assert result.value("ty_le_nu") is None  # blank ÷ blank is blank, not an error
    assert result.missing == ("A", "B")
    zero = aggregate(FORM, [report("A", tong_ld=0, ld_nu=0)])
    assert zero.value("ty_le_nu") is None
    assert [p.row_id for p in zero.problems] == ["ty_le_nu"]
    assert "chia cho 0" in zero.problems[0].message and "tong_ld" in zero.problems[0].message


def test_a_report_from_a_cdcs_not_expected_is_left_out() -> None:
    result = aggregate(FORM, [A, B], expected=["A"])
    assert result.value("tong_ld") == 100
    assert result.reported == ("A",)


def test_two_reports_of_one_cdcs_are_refused() -> None:
    with pytest.raises(AggregationError, match="CĐCS A"):
        aggregate(FORM, [A, A])


def test_drill_down_lists_each_cdcs_figure() -> None:
    rates = contributions(FORM, [A, B, C], "ty_le_nu")
    assert [(c.unit_code, c.value) for c in rates] == [("A", D(40)), ("B", D(60)), ("C", None)]
    wages = contributions(FORM, [A, B], "luong_bq")
    assert [(c.unit_code, c.value, c.weight) for c in wages] == [("A", D(8_000_000), D(90)),
                                                                 ("B", D(6_000_000), D(50))]


def test_ratio_over_a_subset_of_sectors() -> None:
    enterprises = aggregate(FORM, subset([A, B, C], ["dn"]))
    assert enterprises.reported == ("A", "C")
    assert enterprises.value("co_tu") == 2
    assert enterprises.value("tong_ld") == 110


def test_upper_form_filled_by_the_mapping() -> None:
    upper = fill_upper(FORM, UPPER, [A, B, C], expected=["A", "B", "C", "D"])
    values = upper.values
    assert values["so_cdcs"] == 3
    assert values["tong_ld"] == 160
    assert values["ld_nu"] == 70
    assert values["luong_bq"] == D("7285714.285714285714")
    assert values["so_nguoi_tinh"] == 140
    assert values["so_co_tu"] == 2
    assert values["so_tot"] == 2 and values["so_ht"] == 1
    # so_co_tu / so_cdcs * 100: 2 ÷ 3 is rounded at 12 places first (0.666666666667), then × 100.
    assert values["ty_le_tu"] == D("66.6666666667")
    assert values["ty_le_nu"] == D("43.75")
    assert upper.reporting["luong_bq"] == 2
    assert upper.source.missing == ("D",)


def test_upper_form_of_another_mapping_is_refused() -> None:
    with pytest.raises(AggregationError):
        fill_upper(UPPER, FORM, [])


# -- properties ------------------------------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=10_000)
wages = st.integers(min_value=1_000_000, max_value=50_000_000)
unit = st.tuples(st.one_of(st.none(), counts), st.one_of(st.none(), wages), st.one_of(st.none(), counts))


def _reports(units: list[tuple[int | None, int | None, int | None]]) -> list[UnitReport]:
    return [UnitReport(f"U{i}", {"tong_ld": None if t is None else D(t), "luong_bq": None if w is None else D(w),
                                 "so_nguoi_tinh": None if n is None else D(n)})
            for i, (t, w, n) in enumerate(units)]


@settings(max_examples=80, deadline=None)
@given(st.lists(unit, max_size=30), st.integers(min_value=0, max_value=30))
def test_the_sum_of_a_partition_equals_the_sum_of_the_whole(units: list[Any], cut: int) -> None:
    reports = _reports(units)
    whole = aggregate(FORM, reports).rows["tong_ld"]
    parts = [aggregate(FORM, reports[:cut]).rows["tong_ld"], aggregate(FORM, reports[cut:]).rows["tong_ld"]]
    filled = [p.value for p in parts if p.value is not None]
    assert whole.value == (sum(filled, D(0)) if filled else None)
    assert whole.reporting == sum(p.reporting for p in parts)


@settings(max_examples=80, deadline=None)
@given(st.lists(unit, max_size=30), st.integers(min_value=0, max_value=30))
def test_a_weighted_mean_of_the_parts_weighted_by_their_people_is_the_whole(units: list[Any], cut: int) -> None:
    reports = _reports(units)
    whole = aggregate(FORM, reports).rows["luong_bq"]
    parts = [aggregate(FORM, reports[:cut]).rows["luong_bq"], aggregate(FORM, reports[cut:]).rows["luong_bq"]]
    present = [p for p in parts if p.value is not None]
    if not present:
        assert whole.value is None
        return
    assert isinstance(whole.value, Decimal)
    total_weight = sum((p.weight for p in present if p.weight is not None), D(0))
    assert whole.weight == total_weight
    combined = sum((p.value * p.weight for p in present if isinstance(p.value, Decimal) and p.weight), D(0))
    # Each part's mean was rounded at 12 places: the two ways agree to well under a đồng.
    assert abs(combined / total_weight - whole.value) < D("0.000001")
    lowest = min(p.value for p in present if isinstance(p.value, Decimal))
    highest = max(p.value for p in present if isinstance(p.value, Decimal))
    assert lowest <= whole.value <= highest


# -- the shipped forms -------------------------------------------------------------------------------------------


def _shipped() -> tuple[FormDefinition, FormDefinition, Any]:
    from desktop_app.domain.forms import TargetSet
    from desktop_app.files.forms import load_definitions, shipped_forms

    loaded = {d.id: d for d in load_definitions(shipped_forms()).values()}
    first, second, targets = loaded["mau-1-hdcd"], loaded["mau-2-hdcd"], loaded["chi-tieu-dai-hoi-2023-2028"]
    assert isinstance(first, FormDefinition) and isinstance(second, FormDefinition)
    assert isinstance(targets, TargetSet)
    return first, second, targets


def _filled_report(form: FormDefinition, code: str, seed: int) -> UnitReport:
    """Every input row of ``form`` filled with a value its checks allow, varied by ``seed``."""
    values: dict[str, Any] = {}
    for row in form.rows:
        if row.computed:
            continue
        if row.value_type == "yes_no":
            values[row.id] = (seed + len(row.id)) % 2 == 0
        elif row.value_type == "category":
            values[row.id] = row.categories[seed % len(row.categories)]
        elif row.value_type == "text":
            values[row.id] = f"ghi chú {seed}"
        elif row.value_type == "percent":
            values[row.id] = D(seed % 100)
        else:
            values[row.id] = D(10 + seed * 3 + len(row.id))
    return UnitReport(code, values)


def test_form_2_is_filled_from_form_1_by_the_shipped_mapping() -> None:
    first, second, _targets = _shipped()
    reports = [_filled_report(first, f"CD{i:03d}", i) for i in range(1, 8)]
    upper = fill_upper(first, second, reports, expected=[f"CD{i:03d}" for i in range(1, 10)])
    assert first.mapping is not None
    rows = {row.id: row for row in first.rows}
    # Computed yes/no rows (a CĐCS outside the state sector that has an agreement) are counted too.
    reports = [UnitReport(r.unit_code, computed_values(first, r.values)[0]) for r in reports]
    for entry in first.mapping.rows:
        if entry.rule == "count_units":
            assert upper.values[entry.target] == 7  # type: ignore[index]
        elif entry.rule == "sum":
            expected = sum((r.values[entry.source] for r in reports), D(0))
            assert upper.values[entry.target] == expected, entry  # type: ignore[index]
        elif entry.rule == "count_yes":
            assert upper.values[entry.target] == sum(1 for r in reports if r.values[entry.source] is True)  # type: ignore[index]
        elif entry.rule == "count_per_category":
            for category, target in entry.targets:
                assert upper.values[target] == sum(1 for r in reports if r.values[entry.source] == category)
        elif entry.rule == "weighted_mean":
            by = rows[entry.source].weight_row
            assert by is not None
            weighted = sum((r.values[entry.source] * r.values[by] for r in reports), D(0))
            weights = sum((r.values[by] for r in reports), D(0))
            assert abs(upper.values[entry.target] - weighted / weights) < D("1e-9")  # type: ignore[index, operator]
    assert upper.source.missing == ("CD008", "CD009")
    assert not upper.problems


def test_the_congress_targets_are_read_from_two_years_of_form_2() -> None:
    from desktop_app.domain.targets import progress

    first, second, targets = _shipped()
    figures = {}
    for year, seed in ((2024, 1), (2025, 5)):
        reports = [_filled_report(first, f"CD{i:03d}", i + seed) for i in range(1, 8)]
        figures[year] = fill_upper(first, second, reports).values
    result = progress(targets, figures)  # type: ignore[arg-type]
    assert len(result) == len(targets.targets)
    assert all(p.status in ("met", "on_track", "behind", "no_data") for p in result)
    assert any(p.achieved is not None for p in result)
