"""Form definitions and target sets: built from plain data, and the checks across rows."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from desktop_app.domain.forms import (
    FormDefinitionError,
    check_mapping,
    check_targets,
    check_values,
    form_from_data,
    target_set_from_data,
)
from desktop_app.domain.formulas import evaluate_all

D = Decimal


def cdcs_form() -> dict[str, Any]:
    return {
        "id": "mau-thu", "version": 1, "code": "Mẫu thử", "title": "Báo cáo thử", "level": "cdcs",
        "period_type": "year", "snapshot_dates": [{"month": 5, "day": 31}, {"month": 11, "day": 30}],
        "sections": [
            {"tt": "I", "title": "Lao động", "rows": [
                {"id": "tong_ld", "tt": "1", "text": "Tổng số lao động", "unit": "người", "type": "integer"},
                {"id": "ld_nu", "tt": "-", "text": "Trong đó: nữ", "unit": "người", "type": "integer",
                 "parent": "tong_ld"},
                {"id": "ty_le_nu", "tt": "2", "text": "Tỷ lệ lao động nữ", "unit": "%", "type": "percent",
                 "formula": "if(tong_ld = 0, 0, ld_nu / tong_ld * 100)"},
                {"id": "luong_bq", "tt": "3", "text": "Tiền lương bình quân", "unit": "đồng", "type": "money",
                 "aggregate": "weighted_mean", "by": "so_nguoi_tinh"},
                {"id": "so_nguoi_tinh", "tt": "+", "text": "Số người được tính", "unit": "người", "type": "integer",
                 "parent": "luong_bq", "validation": {"not_above_parent": False, "rules": [
                     {"expression": "so_nguoi_tinh <= tong_ld", "message": "Không quá tổng số lao động"}]}},
            ]},
            {"tt": "II", "title": "Công đoàn", "rows": [
                {"id": "co_tu", "tt": "4", "text": "Có thỏa ước", "type": "yes_no"},
                {"id": "xep_loai", "tt": "5", "text": "Xếp loại", "type": "category",
                 "categories": ["Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ"]},
            ]},
        ],
        "upper_form": {"form": "mau-tren", "rows": [
            {"to": "so_cdcs"},
            {"from": "tong_ld", "to": "tong_ld"},
            {"from": "so_nguoi_tinh", "to": "so_nguoi_tinh"},
            {"from": "luong_bq", "to": "luong_bq"},
            {"from": "co_tu", "to": "so_co_tu"},
            {"from": "xep_loai", "to": {"Hoàn thành tốt nhiệm vụ": "so_tot", "Hoàn thành nhiệm vụ": "so_ht"}},
        ]},
    }


def upper_form() -> dict[str, Any]:
    rows = [
        {"id": "so_cdcs", "tt": "1", "text": "Số CĐCS", "unit": "đơn vị", "type": "integer"},
        {"id": "tong_ld", "tt": "2", "text": "Tổng số lao động", "unit": "người", "type": "integer"},
        {"id": "luong_bq", "tt": "3", "text": "Lương bình quân", "unit": "đồng", "type": "money",
         "aggregate": "weighted_mean", "by": "so_nguoi_tinh"},
        {"id": "so_nguoi_tinh", "tt": "+", "text": "Số người được tính", "unit": "người", "type": "integer"},
        {"id": "so_co_tu", "tt": "4", "text": "Số CĐCS có thỏa ước", "unit": "đơn vị", "type": "integer",
         "parent": "so_cdcs"},
        {"id": "ty_le_tu", "tt": "5", "text": "Tỷ lệ", "unit": "%", "type": "percent",
         "formula": "if(so_cdcs = 0, 0, so_co_tu / so_cdcs * 100)"},
        {"id": "so_tot", "tt": "6", "text": "Hoàn thành tốt", "unit": "đơn vị", "type": "integer"},
        {"id": "so_ht", "tt": "7", "text": "Hoàn thành", "unit": "đơn vị", "type": "integer"},
    ]
    return {"id": "mau-tren", "version": 2, "title": "Tổng hợp", "level": "upper", "period_type": "year",
            "sections": [{"tt": "I", "title": "Tất cả", "rows": rows}]}


def problems(data: dict[str, Any]) -> FormDefinitionError:
    with pytest.raises(FormDefinitionError) as caught:
        form_from_data(data)
    return caught.value


def test_a_good_form_is_built() -> None:
    form = form_from_data(cdcs_form())
    assert form.snapshot_dates == ((5, 31), (11, 30))
    assert [s.tt for s in form.sections] == ["I", "II"]
    assert form.row("ld_nu").validation.not_above_parent  # a numeric sub-row by default
    assert not form.row("so_nguoi_tinh").validation.not_above_parent  # turned off in the file
    assert form.row("tong_ld").aggregate == "sum"
    assert form.row("ty_le_nu").aggregate == "recompute"
    assert form.row("co_tu").aggregate == "count_yes"
    assert form.row("xep_loai").aggregate == "count_per_category"
    assert [r.id for r in form.children("tong_ld")] == ["ld_nu"]
    assert form.mapping is not None
    assert form.mapping.rows[0].rule == "count_units"
    assert form.mapping.rows[3].rule == "weighted_mean"
    values = evaluate_all(form.formulas(), {"tong_ld": D(120), "ld_nu": D(45)})
    assert values["ty_le_nu"] == D("37.5")
    check_mapping(form, form_from_data(upper_form()))


def _row(data: dict[str, Any], row_id: str) -> dict[str, Any]:
    row: dict[str, Any] = next(r for s in data["sections"] for r in s["rows"] if r["id"] == row_id)
    return row


@pytest.mark.parametrize(("change", "row_id", "words"), [
    (lambda d: _row(d, "ld_nu").update(id="tong_ld"), "tong_ld", "bị trùng"),
    (lambda d: _row(d, "ld_nu").update(id="2nu"), "2nu", "không hợp lệ"),
    (lambda d: _row(d, "ld_nu").update(parent="khong_co"), "ld_nu", "dòng cha «khong_co»"),
    (lambda d: _row(d, "ld_nu").update(parent="ld_nu"), "ld_nu", "chính nó"),
    (lambda d: _row(d, "tong_ld").update(parent="ld_nu"), "tong_ld", "phải đứng trước"),
    (lambda d: _row(d, "ld_nu").update(unit="đơn vị"), "ld_nu", "cùng đơn vị tính"),
    (lambda d: _row(d, "ty_le_nu").update(formula="ld_nu / tong_lao_dong"), "ty_le_nu", "«tong_lao_dong»"),
    (lambda d: _row(d, "ty_le_nu").update(formula="ld_nu / (tong_ld"), "ty_le_nu", 'thiếu dấu ")"'),
    (lambda d: _row(d, "ty_le_nu").update(formula="ld_nu > 3"), "ty_le_nu", "cho ra giá trị có/không"),
    (lambda d: _row(d, "ty_le_nu").update(formula="co_tu + 1"), "ty_le_nu", "cần một số"),
    (lambda d: _row(d, "ty_le_nu").update(formula="xep_loai"), "ty_le_nu", "«xep_loai»"),
    (lambda d: _row(d, "tong_ld").update(formula="ty_le_nu + 1"), "tong_ld", "vòng tròn"),
    (lambda d: _row(d, "luong_bq").pop("by"), "luong_bq", "cần «by»"),
    (lambda d: _row(d, "luong_bq").update(by="khong_co"), "luong_bq", "«khong_co»"),
    (lambda d: _row(d, "luong_bq").update(by="co_tu"), "luong_bq", "số nguyên hoặc thập phân"),
    (lambda d: _row(d, "luong_bq").update(by="luong_bq"), "luong_bq", "chính dòng này"),
    (lambda d: _row(d, "tong_ld").update(by="ld_nu"), "tong_ld", "«by» chỉ dùng với"),
    (lambda d: _row(d, "ty_le_nu").update(aggregate="sum"), "ty_le_nu", "không cộng dồn"),
    (lambda d: _row(d, "tong_ld").update(aggregate="recompute"), "tong_ld", "chỉ dùng cho dòng có công thức"),
    (lambda d: _row(d, "tong_ld").update(aggregate="count_yes"), "tong_ld", "có/không"),
    (lambda d: _row(d, "co_tu").update(aggregate="count_per_category"), "co_tu", "chọn từ danh sách"),
    (lambda d: _row(d, "co_tu").update(categories=["a"]), "co_tu", "chỉ dòng kiểu «category»"),
    (lambda d: _row(d, "xep_loai").update(categories=[]), "xep_loai", "cần danh sách"),
    (lambda d: _row(d, "xep_loai").update(categories=["a", "a"]), "xep_loai", "trùng nhau"),
    (lambda d: _row(d, "xep_loai").update(formula="1"), "xep_loai", "không tính bằng công thức"),
    (lambda d: _row(d, "co_tu").update(validation={"min": 0}), "co_tu", "min/max"),
    (lambda d: _row(d, "tong_ld").update(validation={"min": 5, "max": 1}), "tong_ld", "lớn hơn max"),
    (lambda d: _row(d, "tong_ld").update(validation={"rules": [{"expression": "tong_ld + 1", "message": "x"}]}),
     "tong_ld", "đúng/sai"),
    (lambda d: _row(d, "co_tu").update(parent="tong_ld", validation={"not_above_parent": True}), "co_tu",
     "chỉ dùng cho dòng số"),
    (lambda d: _row(d, "tong_ld").update(validation={"not_above_parent": True}), "tong_ld", "cần một dòng cha"),
    (lambda d: d["upper_form"]["rows"].append({"from": "khong_co", "to": "x"}), None, "«khong_co»"),
    (lambda d: d["upper_form"]["rows"].append({"from": "ty_le_nu", "to": "x"}), "ty_le_nu", "mẫu cấp trên tự"),
    (lambda d: d["upper_form"]["rows"].append({"from": "tong_ld", "to": "x", "rule": "count_yes"}), "tong_ld",
     "tổng hợp bằng «sum»"),
    (lambda d: d["upper_form"]["rows"].append({"from": "xep_loai", "to": {"Xuất sắc": "x"}}), "xep_loai",
     "«Xuất sắc»"),
    (lambda d: d["upper_form"]["rows"].append({"from": "xep_loai", "to": "x"}), "xep_loai", "mỗi mục"),
    (lambda d: d.update(snapshot_dates=[{"month": 2, "day": 30}]), None, "30/2"),
    (lambda d: d.update(level="upper"), None, "Chỉ mẫu của công đoàn cơ sở"),
])
def test_rows_that_do_not_hold_together(change: Any, row_id: str | None, words: str) -> None:
    data = cdcs_form()
    change(data)
    error = problems(data)
    assert words in str(error)
    if row_id is not None:
        assert row_id in error.row_ids


def test_every_problem_is_reported_at_once() -> None:
    data = cdcs_form()
    _row(data, "ld_nu").update(parent="khong_co")
    _row(data, "luong_bq").update(by="khong_co")
    error = problems(data)
    assert {"ld_nu", "luong_bq"} <= set(error.row_ids)
    assert "Dòng - (ld_nu)" not in str(error)  # "-" and "+" are no TT worth naming: the id is used
    assert "Dòng 3 (luong_bq)" in str(error)


@pytest.mark.parametrize(("change", "words"), [
    (lambda u: _row(u, "so_ht").update(id="so_hoan_thanh"), "«so_ht» không có trong mẫu cấp trên"),
    (lambda u: _row(u, "so_co_tu").update(formula="so_cdcs"), "có công thức"),
    (lambda u: _row(u, "so_tot").update(type="decimal"), "số nguyên"),
    (lambda u: _row(u, "luong_bq").update(by="so_cdcs"), "dòng trọng số «so_nguoi_tinh»"),
    (lambda u: _row(u, "luong_bq").update(aggregate="none", by=None) or _row(u, "luong_bq").pop("by"),
     "weighted_mean"),
    (lambda u: u.update(level="cdcs"), "không phải mẫu cấp trên"),
])
def test_mapping_must_fit_the_upper_form(change: Any, words: str) -> None:
    upper = upper_form()
    change(upper)
    with pytest.raises(FormDefinitionError) as caught:
        check_mapping(form_from_data(cdcs_form()), form_from_data(upper))
    assert words in str(caught.value)


def test_a_row_of_the_upper_form_is_fed_once() -> None:
    data = cdcs_form()
    data["upper_form"]["rows"].append({"from": "ld_nu", "to": "tong_ld"})
    with pytest.raises(FormDefinitionError) as caught:
        check_mapping(form_from_data(data), form_from_data(upper_form()))
    assert "«tong_ld» của mẫu cấp trên đã nhận một số khác" in str(caught.value)
    assert caught.value.problems[0].place == "upper_form.rows.6"


def targets() -> dict[str, Any]:
    return {
        "id": "chi-tieu", "version": 1, "title": "Chỉ tiêu", "form": "mau-tren", "term": {"from": 2023, "to": 2028},
        "targets": [
            {"id": "cdcs_moi", "tt": "1", "text": "Thành lập mới CĐCS", "value": "so_cdcs", "unit": "đơn vị",
             "term_target": 10, "annual": {2024: 2, 2025: 2}, "over_term": "sum"},
            {"id": "ty_le_tu", "tt": "2", "text": "Tỷ lệ có thỏa ước", "value": "so_co_tu / so_cdcs * 100",
             "unit": "%", "direction": "at_least", "term_target": 75},
        ],
    }


def test_a_target_set_is_built_and_checked() -> None:
    target_set = target_set_from_data(targets())
    assert (target_set.first_year, target_set.last_year) == (2023, 2028)
    first = target_set.targets[0]
    assert first.annual_targets == ((2024, D(2)), (2025, D(2)))
    assert first.met(D(12), D(10)) and not first.met(D(9), D(10))
    check_targets(target_set, form_from_data(upper_form()))


@pytest.mark.parametrize(("change", "words"), [
    (lambda t: t["targets"][1].update(id="cdcs_moi"), "bị trùng"),
    (lambda t: t["targets"][0]["annual"].update({2030: 1}), "2030"),
    (lambda t: t["targets"][1].pop("term_target"), "term_target"),
    (lambda t: t["targets"][1].update(value="so_co_tu / (so_cdcs"), 'thiếu dấu ")"'),
    (lambda t: t["term"].update({"to": 2020}), "năm cuối trước năm đầu"),
])
def test_target_sets_that_do_not_hold_together(change: Any, words: str) -> None:
    data = targets()
    change(data)
    with pytest.raises(FormDefinitionError) as caught:
        target_set_from_data(data)
    assert words in str(caught.value)


@pytest.mark.parametrize(("change", "words"), [
    (lambda t: t["targets"][1].update(value="so_co_tu / tong_cdcs"), "tong_cdcs"),
    (lambda t: t["targets"][1].update(value="so_co_tu > 1"), "phải là một số"),
    (lambda t: t.update(form="mau-khac"), "«mau-khac»"),
])
def test_targets_must_read_rows_of_their_form(change: Any, words: str) -> None:
    data = copy.deepcopy(targets())
    change(data)
    with pytest.raises(FormDefinitionError, match=words):
        check_targets(target_set_from_data(data), form_from_data(upper_form()))


def _values(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"tong_ld": D(120), "ld_nu": D(45), "luong_bq": D("7500000"), "so_nguoi_tinh": D(100),
                              "co_tu": True, "xep_loai": "Hoàn thành tốt nhiệm vụ"}
    values.update(changes)
    return values


def checked(data: dict[str, Any], **changes: Any) -> list[str]:
    return [p.message for p in check_values(form_from_data(data), _values(**changes))]


def test_a_well_filled_form_has_no_problems() -> None:
    assert checked(cdcs_form()) == []
    assert checked(cdcs_form(), ty_le_nu=D(99)) == []  # a value typed into a computed row is recomputed


@pytest.mark.parametrize(("changes", "expected"), [
    ({"ld_nu": D(130)}, "Dòng ld_nu: 130 lớn hơn dòng cha «Tổng số lao động» (120)"),
    ({"ld_nu": D("4.5")}, "Dòng ld_nu: cần một số nguyên, không phải 4,5"),
    ({"ld_nu": "nhiều"}, "Dòng ld_nu: cần một số, không phải «nhiều»"),
    ({"co_tu": D(1)}, "Dòng 4 (co_tu): cần «có» hoặc «không»"),
    ({"xep_loai": "Xuất sắc"}, "Dòng 5 (xep_loai): «Xuất sắc» không có trong danh sách"),
    ({"so_nguoi_tinh": D(121)}, "Dòng so_nguoi_tinh: Không quá tổng số lao động"),
])
def test_problems_of_a_filled_form(changes: dict[str, Any], expected: str) -> None:
    messages = checked(cdcs_form(), **changes)
    assert len(messages) == 1, messages
    assert messages[0].startswith(expected), messages


def test_required_bounds_and_blanks() -> None:
    data = cdcs_form()
    _row(data, "tong_ld").update(validation={"required": True, "min": 1, "max": 100000})
    assert checked(data, tong_ld=None, ld_nu=None) == ["Dòng 1 (tong_ld): chưa nhập (bắt buộc)"]
    assert checked(data, tong_ld=D(0), ld_nu=D(0), so_nguoi_tinh=D(0)) == [
        "Dòng 1 (tong_ld): 0 nhỏ hơn mức thấp nhất 1"]
    assert checked(data, tong_ld=D(200000)) == ["Dòng 1 (tong_ld): 200.000 lớn hơn mức cao nhất 100.000"]
    # A rule reading a blank row is not judged, and a blank sub-row is not above anything.
    assert checked(data, so_nguoi_tinh=None, ld_nu=None) == []


def test_a_computed_row_that_cannot_be_computed_is_reported() -> None:
    data = cdcs_form()
    _row(data, "ty_le_nu").update(formula="ld_nu / tong_ld * 100")
    messages = checked(data, tong_ld=D(0), ld_nu=D(0), so_nguoi_tinh=D(0))
    assert messages == ["Công thức của dòng 2 (ty_le_nu): chia cho 0 («tong_ld» bằng 0) ở vị trí 9"]
