"""Returned indicator workbooks as they really come back: edited structure, formulas, merged cells, hostile or
broken files. Each is refused whole with a message that says where («Trang!D12») and why."""

from __future__ import annotations

import dataclasses
import os
import re
import time
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.forms import FormDefinition
from desktop_app.files.form_workbooks import (
    META_SHEET,
    WorkbookRefused,
    layout_of,
    read_form_workbook,
    write_form_workbook,
)
from desktop_app.files.forms import load_definitions, shipped_forms

PERIOD = date(2026, 11, 30)


@pytest.fixture(scope="module")
def definitions() -> dict[str, FormDefinition]:
    loaded = load_definitions(shipped_forms()).values()
    return {d.id: d for d in loaded if isinstance(d, FormDefinition)}


@pytest.fixture(scope="module")
def form(definitions: dict[str, FormDefinition]) -> FormDefinition:
    return definitions["mau-1-hdcd"]


@pytest.fixture
def workbook(form: FormDefinition, tmp_path: Path) -> Path:
    return write_form_workbook(form, unit_code="CD007", unit_name="CĐCS Trường THCS Kim Liên",
                               office_name="LĐLĐ huyện Nam Đàn", period=PERIOD, path=tmp_path / "CD007.xlsx")


def refused(path: Path, definitions: object) -> str:
    with pytest.raises(WorkbookRefused) as caught:
        read_form_workbook(path, definitions)  # type: ignore[arg-type]
    assert caught.value.problems
    return str(caught.value)


def edit(path: Path, change: object) -> Path:
    book = openpyxl.load_workbook(path)
    change(book)  # type: ignore[operator]
    book.save(path)
    return path


def rewrite_part(path: Path, part: str, text: str | bytes) -> Path:
    """The same package with one part replaced or added (what a hand-edited or hostile file looks like)."""
    out = path.with_name("edited.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info.filename, text if info.filename == part else data)
        if part not in source.namelist():
            target.writestr(part, text)
    return out


def cell(form: FormDefinition, row_id: str) -> str:
    return layout_of(form).cell(row_id)


# --------------------------------------------------------------------------- recognised, but not this one


def test_another_units_workbook_says_whose_it_is(form: FormDefinition, definitions: dict, workbook: Path) -> None:
    returned = read_form_workbook(workbook, definitions)
    assert returned.unit_code == "CD007" and returned.unit_name == "CĐCS Trường THCS Kim Liên"
    assert returned.period == PERIOD


def test_older_form_version_is_refused_as_an_old_form(form: FormDefinition, workbook: Path) -> None:
    newer = {form.id: dataclasses.replace(form, version=form.version + 1)}
    message = refused(workbook, newer)
    assert "mẫu cũ" in message and f"phiên bản {form.version}" in message and f"phiên bản {form.version + 1}" in message


def test_unknown_form_is_refused(workbook: Path) -> None:
    assert "không có trong phần mềm" in refused(workbook, {})


# --------------------------------------------------------------------------- edited structure


def test_renamed_sheet_is_refused(form: FormDefinition, definitions: dict, workbook: Path) -> None:
    def rename(book: openpyxl.Workbook) -> None:
        book[layout_of(form).sheet].title = "Báo cáo"

    message = refused(edit(workbook, rename), definitions)
    assert "«Mẫu số 1-HĐCĐ»" in message and "«Báo cáo»" in message and "đổi tên" in message


@pytest.mark.parametrize("how", ["insert", "delete"])
def test_inserted_or_deleted_rows_are_refused(form: FormDefinition, definitions: dict, workbook: Path,
                                             how: str) -> None:
    number = int(cell(form, "tong_lao_dong")[1:])

    def change(book: openpyxl.Workbook) -> None:
        sheet = book[layout_of(form).sheet]
        if how == "insert":
            sheet.insert_rows(number)
            sheet[f"D{number}"] = 5
        else:
            sheet.delete_rows(number)

    message = refused(edit(workbook, change), definitions)
    assert "cấu trúc mẫu đã bị sửa" in message
    assert f"Mẫu số 1-HĐCĐ!A{number}" in message or f"Mẫu số 1-HĐCĐ!B{number}" in message


def test_retyped_row_text_is_refused(form: FormDefinition, definitions: dict, workbook: Path) -> None:
    number = int(cell(form, "tong_doan_vien")[1:])
    message = refused(edit(workbook, lambda b: b[layout_of(form).sheet].cell(number, 2, "Số đoàn viên")),
                      definitions)
    assert f"Mẫu số 1-HĐCĐ!B{number}: cần «Tổng số đoàn viên công đoàn», tệp ghi «Số đoàn viên»" in message


def test_row_added_under_the_table_is_refused(form: FormDefinition, definitions: dict, workbook: Path) -> None:
    last = layout_of(form).lines[-1].number
    message = refused(edit(workbook, lambda b: b[layout_of(form).sheet].cell(last + 1, 4, 12)), definitions)
    assert f"D{last + 1}" in message and "ngoài bảng" in message


def test_missing_meta_sheet_is_refused(definitions: dict, workbook: Path) -> None:
    message = refused(edit(workbook, lambda b: b.remove(b[META_SHEET])), definitions)
    assert "_meta" in message and "CongDoan Desk" in message


def test_edited_meta_is_refused(definitions: dict, workbook: Path) -> None:
    def change(book: openpyxl.Workbook) -> None:
        meta = book[META_SHEET]
        for row in meta.iter_rows(max_col=2):
            if row[0].value == "unit_code":
                row[1].value = "CD008"

    message = refused(edit(workbook, change), definitions)
    assert "_meta" in message and "đã bị sửa" in message


def test_merged_cells_over_inputs_are_refused(form: FormDefinition, definitions: dict, workbook: Path) -> None:
    first, second = cell(form, "tong_lao_dong"), cell(form, "lao_dong_nu")
    message = refused(edit(workbook, lambda b: b[layout_of(form).sheet].merge_cells(f"{first}:{second}")),
                      definitions)
    assert f"Mẫu số 1-HĐCĐ!{first}:{second}" in message and "gộp" in message


# --------------------------------------------------------------------------- what was typed


def test_formula_typed_into_an_input_is_invalid_and_not_evaluated(form: FormDefinition, definitions: dict,
                                                                  workbook: Path) -> None:
    ref = cell(form, "tong_lao_dong")
    message = refused(edit(workbook, lambda b: b[layout_of(form).sheet].__setitem__(ref, "=100+25")), definitions)
    assert f"Mẫu số 1-HĐCĐ!{ref}: ô có công thức «=100+25»" in message
    assert "125" not in message


def test_numbers_as_text_with_vietnamese_separators(form: FormDefinition, definitions: dict, workbook: Path) -> None:
    sheet_cells = {"tong_lao_dong": "1.234", "lao_dong_nu": "  567 ", "luong_binh_quan": "7.850.000"}

    def change(book: openpyxl.Workbook) -> None:
        for row_id, text in sheet_cells.items():
            book[layout_of(form).sheet][cell(form, row_id)] = text

    returned = read_form_workbook(edit(workbook, change), definitions)
    assert returned.values["tong_lao_dong"] == 1234
    assert returned.values["lao_dong_nu"] == 567
    assert returned.values["luong_binh_quan"] == 7_850_000


def test_decimal_comma_is_read_as_a_fraction_and_refused_where_a_whole_number_is_needed(
        form: FormDefinition, definitions: dict, workbook: Path) -> None:
    ref = cell(form, "tong_lao_dong")
    message = refused(edit(workbook, lambda b: b[layout_of(form).sheet].__setitem__(ref, "12,5")), definitions)
    assert f"Mẫu số 1-HĐCĐ!{ref}: dòng 1 (tong_lao_dong)" in message and "«12,5»" in message


def test_every_bad_cell_is_listed_and_nothing_is_kept(form: FormDefinition, definitions: dict,
                                                      workbook: Path) -> None:
    bad = {"tong_lao_dong": "nhiều", "khu_vuc_ngoai_nha_nuoc": "có lẽ", "xep_loai_cdcs": "Xuất sắc lắm",
           "tong_doan_vien": 12}

    def change(book: openpyxl.Workbook) -> None:
        for row_id, text in bad.items():
            book[layout_of(form).sheet][cell(form, row_id)] = text

    message = refused(edit(workbook, change), definitions)
    for row_id in ("tong_lao_dong", "khu_vuc_ngoai_nha_nuoc", "xep_loai_cdcs"):
        assert f"Mẫu số 1-HĐCĐ!{cell(form, row_id)}:" in message
    assert f"!{cell(form, 'tong_doan_vien')}:" not in message  # a good cell is not a problem


# --------------------------------------------------------------------------- hostile or broken files


BOMB = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
        + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>')


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_xml_entity_bomb_is_refused(definitions: dict, workbook: Path, part: str) -> None:
    started = time.perf_counter()
    message = refused(rewrite_part(workbook, part, BOMB), definitions)
    assert "thực thể XML" in message and part in message
    assert time.perf_counter() - started < 1


def test_entity_declaration_after_a_long_comment_is_still_found(definitions: dict, workbook: Path) -> None:
    padded = BOMB.replace("?>", "?><!--" + "x" * 50_000 + "-->", 1)
    assert "thực thể XML" in refused(rewrite_part(workbook, "xl/sharedStrings.xml", padded), definitions)


def test_a_200_mb_file_is_refused_before_it_is_read(definitions: dict, tmp_path: Path) -> None:
    huge = tmp_path / "CD009.xlsx"
    with huge.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: no 200 MB written to the disk
    started = time.perf_counter()
    message = refused(huge, definitions)
    assert time.perf_counter() - started < 0.5
    assert "200 MB" in message and "20 MB" in message


def test_zip_bomb_is_refused(definitions: dict, workbook: Path) -> None:
    bomb = rewrite_part(workbook, "xl/sharedStrings.xml", b"<" + b" " * (40 * 1024 * 1024))
    assert os.path.getsize(bomb) < 1024 * 1024
    message = refused(bomb, definitions)
    assert "bom nén" in message and "xl/sharedStrings.xml" in message


def test_password_protected_workbook_is_refused(definitions: dict, workbook: Path, tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    encrypted = tmp_path / "co_mat_khau.xlsx"
    with workbook.open("rb") as source, encrypted.open("wb") as target:
        OOXMLFile(source).encrypt("matkhau", target)
    assert encrypted.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    message = refused(encrypted, definitions)
    assert "mật khẩu" in message and "co_mat_khau.xlsx" in message


def test_not_a_workbook_and_truncated_workbook(definitions: dict, workbook: Path, tmp_path: Path) -> None:
    text = tmp_path / "ghi_chu.xlsx"
    text.write_text("Số liệu gửi sau", encoding="utf-8")
    assert "không phải tệp Excel" in refused(text, definitions)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(workbook.read_bytes()[: os.path.getsize(workbook) // 2])
    assert "bị cắt cụt" in refused(cut, definitions)
    assert "không mở được" in refused(tmp_path / "khong_co.xlsx", definitions)


# --------------------------------------------------------------------------- fuzzed


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_bytes_are_refused_or_read_never_a_traceback(form: FormDefinition, definitions: dict,
                                                            tmp_path: Path, data: st.DataObject) -> None:
    source = tmp_path / "source.xlsx"
    if not source.exists():
        write_form_workbook(form, unit_code="CD007", unit_name="CĐCS A", office_name="LĐLĐ", period=PERIOD,
                            path=source)
    raw = bytearray(source.read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(bytes(raw))
    try:
        returned = read_form_workbook(damaged, definitions)
    except WorkbookRefused as exc:
        assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)
    else:
        assert returned.unit_code == "CD007"  # a flip in a part nobody reads


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.floats(0.0, 1.0), junk=st.text(max_size=30))
def test_damaged_sheet_xml_is_refused(form: FormDefinition, definitions: dict, tmp_path: Path, cut: float,
                                      junk: str) -> None:
    source = tmp_path / "source.xlsx"
    if not source.exists():
        write_form_workbook(form, unit_code="CD007", unit_name="CĐCS A", office_name="LĐLĐ", period=PERIOD,
                            path=source)
    with zipfile.ZipFile(source) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    broken = sheet[: int(len(sheet) * cut)] + junk.encode("utf-8")
    if broken == sheet:
        return
    with pytest.raises(WorkbookRefused):
        read_form_workbook(rewrite_part(source, "xl/worksheets/sheet1.xml", broken), definitions)


@pytest.mark.parametrize(("ref", "where"), [("XFD1048576", "dòng 1048576"), ("BZ10", "ô BZ10"), ("A2001", "dòng 2001")])
def test_a_cell_far_from_the_table_is_refused_before_a_grid_is_built(
        form: FormDefinition, definitions: dict, workbook: Path, ref: str, where: str) -> None:
    # The reader keeps a sheet as one dense grid up to its last cell: XFD1048576 would ask for half a terabyte and
    # abort the process, so the sheet is scanned first.
    started = time.perf_counter()
    message = refused(edit(workbook, lambda b: b[layout_of(form).sheet].__setitem__(ref, 1)), definitions)
    assert f"«Mẫu số 1-HĐCĐ» có dữ liệu ở {where}" in message
    assert time.perf_counter() - started < 2


def test_far_cell_in_the_hidden_sheet_is_refused(definitions: dict, workbook: Path) -> None:
    message = refused(edit(workbook, lambda b: b[META_SHEET].__setitem__("XFD1", "x")), definitions)
    assert "«_meta» có dữ liệu ở ô XFD1" in message


def test_a_sheet_that_claims_to_be_huge_is_read_by_its_cells(definitions: dict, workbook: Path) -> None:
    with zipfile.ZipFile(workbook) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<dimension " in sheet
    lying = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', sheet)
    returned = read_form_workbook(rewrite_part(workbook, "xl/worksheets/sheet1.xml", lying), definitions)
    assert returned.unit_code == "CD007"
