"""Offline entry workbooks: written like the paper form, filled in a real spreadsheet program, read back whole."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from desktop_app.domain.forms import FormDefinition
from desktop_app.files.form_workbooks import (
    COMPUTED_NOTE,
    META_SHEET,
    ReturnedWorkbook,
    layout_of,
    read_form_workbook,
    structure_checksum,
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


def generate(form: FormDefinition, folder: Path, code: str = "CD001", values: dict | None = None) -> Path:
    return write_form_workbook(form, unit_code=code, unit_name=f"CĐCS Công ty {code}", office_name="LĐLĐ huyện Nam Đàn",
                               period=PERIOD, values=values, path=folder / f"{code}.xlsx")


def fill(path: Path, form: FormDefinition, typed: dict[str, object]) -> None:
    """Type values as a clerk would, with openpyxl (which keeps the hidden sheet and the protection)."""
    layout = layout_of(form)
    book = openpyxl.load_workbook(path)
    sheet = book[layout.sheet]
    for row_id, value in typed.items():
        sheet[layout.cell(row_id)] = value
    book.save(path)


def resave_with_libreoffice(paths: list[Path], out: Path) -> list[Path]:
    """Open and save each workbook in LibreOffice headless, as a CĐCS clerk's spreadsheet program would."""
    out.mkdir()
    profile = out.parent / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx",
                    "--outdir", str(out), *map(str, paths)], check=True, capture_output=True, timeout=180,
                   env={**os.environ, "HOME": str(out.parent)})
    result = [out / p.name for p in paths]
    assert all(p.is_file() for p in result)
    return result


TYPED: dict[str, object] = {
    "khu_vuc_ngoai_nha_nuoc": "Có",
    "tong_lao_dong": 1250,
    "lao_dong_nu": "1.034",  # text with Vietnamese separators, as pasted from a report
    "luong_binh_quan": 7_850_000,
    "so_nguoi_tinh_luong": 1200,
    "tong_doan_vien": 980,
    "xep_loai_cdcs": "Hoàn thành tốt nhiệm vụ",
    "co_thoa_uoc": "Không",
    "thu_kinh_phi": "12,5",  # «12,5» is twelve and a half (a decimal comma), refused for đồng below
    "ghi_chu": "Đề nghị hỗ trợ nhà trọ",
}
EXPECTED: dict[str, object] = {
    "khu_vuc_ngoai_nha_nuoc": True,
    "tong_lao_dong": Decimal(1250),
    "lao_dong_nu": Decimal(1034),
    "luong_binh_quan": Decimal(7_850_000),
    "so_nguoi_tinh_luong": Decimal(1200),
    "tong_doan_vien": Decimal(980),
    "xep_loai_cdcs": "Hoàn thành tốt nhiệm vụ",
    "co_thoa_uoc": False,
    "thu_kinh_phi": Decimal(12_500_000),
    "ghi_chu": "Đề nghị hỗ trợ nhà trọ",
}


def typed_ok() -> dict[str, object]:
    return {**TYPED, "thu_kinh_phi": "12.500.000"}


def test_the_sheet_looks_like_the_paper_form(form: FormDefinition, tmp_path: Path) -> None:
    path = generate(form, tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book[layout_of(form).sheet]
    assert sheet["E1"].value == "Mẫu số 1-HĐCĐ"
    assert "CĐCS Công ty CD001" in sheet["A2"].value and "CD001" in sheet["A2"].value
    assert sheet["A4"].value == "Số liệu tính đến ngày 30/11/2026"
    assert [sheet.cell(6, c).value for c in range(1, 6)] == ["TT", "Nội dung", "Đơn vị tính", "Số lượng", "Ghi chú"]
    layout = layout_of(form)
    section = next(line for line in layout.lines if line.row is None)
    assert sheet[f"B{section.number}"].font.bold
    # Input cells open, with a validation of their kind; everything else locked under a protected sheet.
    assert sheet.protection.sheet and book.security.lockStructure
    validations = {str(ref): dv for dv in sheet.data_validations.dataValidation for ref in dv.sqref.ranges}
    for line in layout.lines:
        cell = sheet[f"D{line.number}"]
        if line.row is None or line.row.computed:
            assert cell.protection.locked
            if line.row is not None:
                assert cell.value is None and sheet[f"E{line.number}"].value == COMPUTED_NOTE
            continue
        assert not cell.protection.locked
        dv = validations[f"D{line.number}"]
        expected = {"integer": "whole", "money": "whole", "decimal": "decimal", "percent": "decimal",
                    "yes_no": "list", "category": "list", "text": "textLength"}[line.row.value_type]
        assert dv.type == expected
        if line.row.value_type == "yes_no":
            assert dv.formula1 == '"Có,Không"'
        if line.row.value_type == "category":
            assert all(c in dv.formula1 for c in line.row.categories)
        assert sheet[f"A{line.number}"].protection.locked
    assert not any(isinstance(c.value, str) and c.value.startswith("=") and c.data_type == "f"
                   for row in sheet.iter_rows() for c in row)
    assert book[META_SHEET].sheet_state == "veryHidden"
    meta = {r[0]: r[1] for r in book[META_SHEET].iter_rows(max_col=2, values_only=True) if r[0]}
    assert meta["form_id"] == "mau-1-hdcd" and meta["unit_code"] == "CD001" and meta["period"] == "2026-11-30"
    assert meta["checksum"] == structure_checksum(form, "CD001", PERIOD)
    assert sheet.page_setup.orientation == "portrait" and int(sheet.page_setup.paperSize) == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$6:$6"
    # TT labels «-» and «+» are text, not the start of a formula, in the file itself.
    with zipfile.ZipFile(path) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_a_blank_workbook_reads_back_blank(form: FormDefinition, definitions: dict, tmp_path: Path) -> None:
    path = generate(form, tmp_path)
    returned = read_form_workbook(path, definitions)
    assert (returned.form_id, returned.version, returned.unit_code, returned.period) == (
        "mau-1-hdcd", form.version, "CD001", PERIOD)
    assert set(returned.values) == {r.id for r in form.rows if not r.computed}
    assert all(v is None for v in returned.values.values())
    assert returned.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_prefilled_values_come_back_unchanged(form: FormDefinition, definitions: dict, tmp_path: Path) -> None:
    saved = {k: v for k, v in EXPECTED.items()}
    saved["thue_nha_tro"] = Decimal(0)
    saved["ghi_chu"] = "=Đề nghị hỗ trợ"  # a note that looks like a formula is written and read back as text
    path = generate(form, tmp_path, values=saved)  # type: ignore[arg-type]
    returned = read_form_workbook(path, definitions)
    assert {k: v for k, v in returned.values.items() if v is not None} == saved


def test_round_trip_openpyxl_and_libreoffice(form: FormDefinition, definitions: dict, tmp_path: Path) -> None:
    filled = [generate(form, tmp_path, code) for code in ("CD001", "CD002", "CD003")]
    for index, path in enumerate(filled):
        typed = typed_ok()
        typed["tong_lao_dong"] = 1000 + index
        fill(path, form, typed)
    # CD001 stays as openpyxl saved it; the others go through LibreOffice as a clerk's Excel would.
    resaved = resave_with_libreoffice(filled[1:], tmp_path / "lo")
    for index, path in enumerate([filled[0], *resaved]):
        returned = read_form_workbook(path, definitions)
        want = {**EXPECTED, "tong_lao_dong": Decimal(1000 + index)}
        got = {k: v for k, v in returned.values.items() if v is not None}
        assert got == want, path
        assert returned.unit_code == f"CD00{index + 1}"
    # LibreOffice really rewrote the file (not a copy of ours).
    assert resaved[0].read_bytes() != filled[1].read_bytes()
    assert CalamineWorkbook.from_path(str(resaved[0])).sheet_names[-1] == META_SHEET


def test_written_atomically_without_leftovers(form: FormDefinition, tmp_path: Path) -> None:
    generate(form, tmp_path)
    generate(form, tmp_path)  # over the first one
    assert sorted(p.name for p in tmp_path.iterdir()) == ["CD001.xlsx"]


def test_returned_workbook_is_a_value(form: FormDefinition, definitions: dict, tmp_path: Path) -> None:
    path = generate(form, tmp_path)
    copy = tmp_path / "copy.xlsx"
    shutil.copy(path, copy)
    a, b = read_form_workbook(path, definitions), read_form_workbook(copy, definitions)
    assert isinstance(a, ReturnedWorkbook) and a.values == b.values and a.sha256 == b.sha256


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t"])
def test_texts_that_look_like_formulas_stay_text(form: FormDefinition, definitions: dict, tmp_path: Path,
                                                 start: str) -> None:
    hostile = f'{start}HYPERLINK("http://x.example","bấm")'
    path = write_form_workbook(form, unit_code="CD001", unit_name=hostile, office_name=f"{start}1+1",
                               period=PERIOD, values={"ghi_chu": hostile}, path=tmp_path / "x.xlsx")
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    sheet = openpyxl.load_workbook(path)[layout_of(form).sheet]
    note = sheet[layout_of(form).cell("ghi_chu")]
    assert note.data_type == "s" and note.value == hostile and (start == "\t" or note.quotePrefix)
    assert read_form_workbook(path, definitions).values["ghi_chu"] == hostile.strip()


def _value_strategy(row: Any) -> Any:
    from hypothesis import strategies as st

    kind = row.value_type
    if kind == "yes_no":
        return st.booleans()
    if kind == "category":
        return st.sampled_from(row.categories)
    if kind == "text":
        return st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1,
                       max_size=40).map(str.strip).filter(bool)
    if kind in ("integer", "money"):
        return st.integers(0, 10 ** 15).map(Decimal)
    return st.decimals(0, 10 ** 6, places=3, allow_nan=False, allow_infinity=False).map(lambda d: d.normalize())


def test_any_saved_values_come_back_equal(form: FormDefinition, definitions: dict, tmp_path: Path) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from desktop_app.domain.form_values import parse_cell

    inputs = [line.row for line in layout_of(form).inputs]

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.fixed_dictionaries({}, optional={row.id: _value_strategy(row) for row in inputs}))
    def round_trip(values: dict[str, Any]) -> None:
        path = write_form_workbook(form, unit_code="CD001", unit_name="A", office_name="B", period=PERIOD,
                                   values=values, path=tmp_path / "p.xlsx")
        returned = read_form_workbook(path, definitions)
        # What was saved, as the reader's parse would see it (texts cleaned the same way).
        expected = {row.id: parse_cell(row, values[row.id]) if row.id in values else None for row in inputs}
        assert returned.values == expected

    round_trip()
