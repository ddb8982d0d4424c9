"""One filled form: what a typed value means for its row, how it is shown, and when the form is complete."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from desktop_app.domain.form_values import (
    CellError,
    computed_values,
    format_cell,
    from_stored,
    is_complete,
    parse_cell,
    required_missing,
    stored,
)
from desktop_app.domain.forms import check_values, form_from_data

D = Decimal


def _data() -> dict[str, Any]:
    return {
        "id": "mau-thu", "version": 1, "title": "Báo cáo thử", "level": "cdcs", "period_type": "year",
        "sections": [{"tt": "I", "title": "Chung", "rows": [
            {"id": "tong_ld", "tt": "1", "text": "Tổng số lao động", "unit": "người", "type": "integer",
             "validation": {"required": True, "min": 0, "max": 100000}},
            {"id": "ld_nu", "tt": "-", "text": "Trong đó: nữ", "unit": "người", "type": "integer",
             "parent": "tong_ld", "validation": {"required": True}},
            {"id": "ty_le_nu", "tt": "2", "text": "Tỷ lệ nữ", "unit": "%", "type": "percent",
             "formula": "ld_nu * 100 / tong_ld"},
            {"id": "he_so", "tt": "3", "text": "Hệ số", "unit": "", "type": "decimal"},
            {"id": "quy", "tt": "4", "text": "Quỹ lương", "unit": "đồng", "type": "money"},
            {"id": "ty_le", "tt": "5", "text": "Tỷ lệ tham gia", "unit": "%", "type": "percent",
             "validation": {"max": 100}},
            {"id": "co_tu", "tt": "6", "text": "Có thỏa ước", "type": "yes_no", "validation": {"required": True}},
            {"id": "xep_loai", "tt": "7", "text": "Xếp loại", "type": "category",
             "categories": ["Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ",
                            "Không hoàn thành nhiệm vụ"]},
            {"id": "ghi_chu", "tt": "8", "text": "Ghi chú", "type": "text"},
            {"id": "so_hop", "tt": "9", "text": "Số cuộc đối thoại", "unit": "cuộc", "type": "integer",
             "validation": {"rules": [{"expression": "so_hop <= tong_ld", "message": "Số cuộc nhiều hơn số người?"}]}},
        ]}],
    }


FORM = form_from_data(_data())
ROW = {row.id: row for row in FORM.rows}


@pytest.mark.parametrize(("row", "typed", "value"), [
    ("tong_ld", "1.234", D(1234)),          # a dot groups thousands
    ("tong_ld", "1.234.567", D(1234567)),
    ("tong_ld", " 42 ", D(42)),
    ("tong_ld", 42, D(42)),
    ("tong_ld", 42.0, D(42)),               # what a workbook gives for a whole number
    ("he_so", "12,5", D("12.5")),           # a comma is the decimal point
    ("he_so", "1.234,5", D("1234.5")),
    ("he_so", 0.1, D("0.1")),               # a float read as its shortest text, not 0.1000000000000000055
    ("quy", "7.500.000", D(7500000)),
    ("ty_le", "12,5%", D("12.5")),
    ("ty_le", "12,5 %", D("12.5")),
    ("ty_le", "−3", D(-3)),                 # the typographic minus Word puts in
    ("co_tu", "có", True), ("co_tu", "Không", False), ("co_tu", "x", True), ("co_tu", "khong", False),
    ("co_tu", 1, True), ("co_tu", True, True),
    ("xep_loai", "hoan thanh tot nhiem vu", "Hoàn thành tốt nhiệm vụ"),  # typed without accents
    ("xep_loai", "2", "Hoàn thành tốt nhiệm vụ"),                      # by its place in the list
    ("ghi_chu", "  mới   thành lập ", "mới thành lập"),
    ("tong_ld", "", None), ("tong_ld", "   ", None), ("tong_ld", None, None), ("ghi_chu", "", None),
])
def test_a_typed_value_means(row: str, typed: object, value: object) -> None:
    assert parse_cell(ROW[row], typed) == value
    assert type(parse_cell(ROW[row], typed)) is type(value)


@pytest.mark.parametrize(("row", "typed", "reason"), [
    ("tong_ld", "12,5", "số nguyên"),
    ("quy", "1.500,5", "đồng"),
    ("tong_ld", "abc", "không phải là số"),
    ("tong_ld", "1.23", "không rõ nghĩa"),  # a dot that groups two digits is not a thousands separator
    ("tong_ld", True, "không phải có/không"),
    ("tong_ld", "=A1+1", "không phải là số"),  # a formula typed into a cell is text, never evaluated
    ("tong_ld", "9" * 25, "chữ số"),
    ("he_so", float("nan"), "không phải là số"),
    ("co_tu", "có lẽ", "có/không"),
    ("xep_loai", "Xuất sắc", "không có trong danh sách"),
    ("xep_loai", "9", "không có trong danh sách"),
    ("ghi_chu", "x" * 2001, "dài quá"),
])
def test_a_value_the_row_cannot_take_is_refused_with_the_reason(row: str, typed: object, reason: str) -> None:
    with pytest.raises(CellError, match=reason):
        parse_cell(ROW[row], typed)


def test_values_are_shown_as_a_vietnamese_clerk_reads_them() -> None:
    assert format_cell(ROW["tong_ld"], D(1234567)) == "1.234.567"
    assert format_cell(ROW["quy"], D(7500000)) == "7.500.000"
    assert format_cell(ROW["he_so"], D("1234.5")) == "1.234,5"
    assert format_cell(ROW["ty_le"], D("66.6666666667")) == "66,67"
    assert format_cell(ROW["ty_le"], D("12.345")) == "12,35"  # half up, not to even
    assert format_cell(ROW["co_tu"], True) == "Có"
    assert format_cell(ROW["co_tu"], False) == "Không"
    assert format_cell(ROW["tong_ld"], None) == ""


def test_stored_values_come_back_exactly() -> None:
    for row_id, value in [("quy", D("123456789012")), ("he_so", D("0.000001")), ("co_tu", False),
                          ("xep_loai", "Hoàn thành nhiệm vụ"), ("ghi_chu", None)]:
        assert from_stored(ROW[row_id], stored(value)) == value
    assert stored(D("1234.50")) == "1234.50"
    with pytest.raises(CellError):
        from_stored(ROW["tong_ld"], "mười")


def good() -> dict[str, object]:
    return {"tong_ld": D(100), "ld_nu": D(40), "co_tu": True}


def test_a_form_with_every_required_row_filled_and_nothing_wrong_is_complete() -> None:
    assert check_values(FORM, good()) == []
    assert is_complete(FORM, good())
    full, problems = computed_values(FORM, good())
    assert full["ty_le_nu"] == D(40) and problems == []


def test_a_blank_required_row_makes_it_incomplete_and_says_which() -> None:
    values = good()
    del values["co_tu"]
    assert not is_complete(FORM, values)
    assert [(p.row_id, p.message) for p in check_values(FORM, values)] == [
        ("co_tu", "Dòng 6 (co_tu): chưa nhập (bắt buộc)")]
    assert [row.id for row in required_missing(FORM, values)] == ["co_tu"]


def test_each_check_names_its_row() -> None:
    values = good() | {"tong_ld": D(30), "ty_le": D(120), "so_hop": D(31)}
    found = {(p.row_id, p.message) for p in check_values(FORM, values)}
    assert ("ty_le", "Dòng 5 (ty_le): 120 lớn hơn mức cao nhất 100") in found
    assert any(row == "ld_nu" and "không được vượt" in msg and "Tổng số lao động" in msg for row, msg in found)
    assert ("so_hop", "Dòng 9 (so_hop): Số cuộc nhiều hơn số người?") in found
    assert not is_complete(FORM, values)
    below = check_values(FORM, good() | {"tong_ld": D(-1), "ld_nu": D(-1)})
    assert [(p.row_id, p.message) for p in below] == [("tong_ld", "Dòng 1 (tong_ld): -1 nhỏ hơn mức thấp nhất 0")]


def test_a_computed_row_that_divides_by_zero_is_blank_with_its_problem() -> None:
    values = good() | {"tong_ld": D(0), "ld_nu": D(0)}
    full, problems = computed_values(FORM, values)
    assert full["ty_le_nu"] is None
    assert [p.row_id for p in problems] == ["ty_le_nu"]
    assert not is_complete(FORM, values)


def test_a_rule_over_a_blank_is_not_judged_yet() -> None:
    assert not any(p.row_id == "so_hop" for p in check_values(FORM, {"so_hop": D(5)}))
