"""Offline entry end to end at the service level: workbooks out for the expected CĐCS, filled with openpyxl or
re-saved through LibreOffice, imported back whole (or refused whole), and the aggregated table exported.

The service under them is the real IndicatorService on a real SQLite file (``RealIndicators``).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desktop_app.bootstrap import AppContext, open_context
from desktop_app.domain.forms import FormDefinition
from desktop_app.domain.tracking import UnitSpan
from desktop_app.domain.units import UnitDraft
from desktop_app.files.form_workbooks import layout_of
from desktop_app.files.forms import load_definitions, shipped_forms
from desktop_app.persistence.database import sqlite_url
from desktop_app.services.errors import UserError
from desktop_app.services.indicator_workbooks import IndicatorWorkbookService, workbook_name
from desktop_app.services.indicators import FormReport
from tests.conftest import HOME_SETUP

PERIOD = date(2026, 11, 30)
FORM = "mau-1-hdcd"
TODAY = date(2026, 12, 3)


class RealIndicators:
    """The real IndicatorService over a real SQLite office, with what these tests look at beside it: every report
    saved (``saved``, read back from the database) and the CĐCS (``units``, the office's own)."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.service = context.indicators

    def __getattr__(self, name: str) -> Any:
        return getattr(self.service, name)

    @property
    def saved(self) -> dict[tuple[str, date, str], FormReport]:
        return {(r.form_id, r.period, r.unit_code): r
                for period in (date(2026, 5, 31), PERIOD) for r in self.service.reports(FORM, period)}

    def dissolve(self, code: str, on: date) -> None:
        unit = self.context.units.by_code(code)
        self.context.units.reinstate(unit.id)
        self.context.units.dissolve(unit.id, on, "giải thể")


UNITS = [
    UnitSpan("u1", "CD001", "CĐCS Công ty May Nam Đàn", "dn_ngoai_nha_nuoc"),
    UnitSpan("u2", "CD002", "CĐCS Trường THCS Kim Liên", "giao_duc"),
    UnitSpan("u3", "CD003", "CĐCS UBND xã Nam Giang", "hcsn"),
    UnitSpan("u4", "CD004", "CĐCS Công ty Gạch Tuynel", "dn_ngoai_nha_nuoc", dissolved=date(2026, 6, 30)),
]


@pytest.fixture(scope="module")
def definitions() -> dict[str, FormDefinition]:
    loaded = load_definitions(shipped_forms()).values()
    return {d.id: d for d in loaded if isinstance(d, FormDefinition)}


@pytest.fixture
def indicators(db_path: Path) -> Iterator[RealIndicators]:
    context = open_context(sqlite_url(db_path), clock=lambda: TODAY)
    context.office.set_up(dataclasses.replace(HOME_SETUP, name="Liên đoàn Lao động huyện Nam Đàn"))
    sectors = {s.code for s in context.units.sectors()}
    context.units.create_many([UnitDraft(u.code, u.name, sector=u.sector if u.sector in sectors else None,
                                         dissolved=u.dissolved) for u in UNITS])
    yield RealIndicators(context)
    context.close()


@pytest.fixture
def service(indicators: RealIndicators) -> IndicatorWorkbookService:
    return IndicatorWorkbookService(indicators, office_name="LĐLĐ huyện Nam Đàn")


def fill(path: Path, form: FormDefinition, typed: Mapping[str, object]) -> None:
    layout = layout_of(form)
    book = openpyxl.load_workbook(path)
    for row_id, value in typed.items():
        book[layout.sheet][layout.cell(row_id)] = value
    book.save(path)


def figures(n: int) -> dict[str, object]:
    return {"khu_vuc_ngoai_nha_nuoc": "Có" if n % 2 else "Không", "tong_lao_dong": 100 * n, "lao_dong_nu": 40 * n,
            "luong_binh_quan": 6_000_000 + 500_000 * n, "so_nguoi_tinh_luong": 90 * n, "tong_doan_vien": 80 * n,
            "ky_hop_dong": 95 * n, "xep_loai_cdcs": "Hoàn thành tốt nhiệm vụ" if n < 3 else "Hoàn thành nhiệm vụ"}


def test_one_workbook_per_expected_cdcs_prefilled(service: IndicatorWorkbookService, indicators: RealIndicators,
                                                  definitions: dict, tmp_path: Path) -> None:
    indicators.save_report(FORM, PERIOD, "CD002", {"tong_lao_dong": Decimal(55)})
    steps: list[tuple[int, int]] = []
    paths = service.write_workbooks(FORM, PERIOD, tmp_path, progress=lambda done, total: steps.append((done, total)))
    assert steps == [(1, 3), (2, 3), (3, 3)]
    assert [p.name for p in paths] == [workbook_name(FORM, PERIOD, c) for c in ("CD001", "CD002", "CD003")]
    sheet = openpyxl.load_workbook(paths[1])[layout_of(definitions[FORM]).sheet]
    assert sheet[layout_of(definitions[FORM]).cell("tong_lao_dong")].value == 55
    assert "CĐCS Trường THCS Kim Liên" in sheet["A2"].value
    only = service.write_workbooks(FORM, PERIOD, tmp_path / "..", unit_codes=["CD003"])
    assert len(only) == 1
    with pytest.raises(UserError, match="CD004"):
        service.write_workbooks(FORM, PERIOD, tmp_path, unit_codes=["CD004"])  # dissolved before 30/11
    with pytest.raises(UserError, match="không phải kỳ báo cáo"):
        service.write_workbooks(FORM, date(2026, 12, 31), tmp_path)
    with pytest.raises(UserError, match="cấp trên"):
        service.write_workbooks("mau-2-hdcd", PERIOD, tmp_path)


def test_round_trip_through_openpyxl_and_libreoffice_adds_up(service: IndicatorWorkbookService,
                                                             indicators: RealIndicators, definitions: dict,
                                                             tmp_path: Path) -> None:
    form = definitions[FORM]
    out = tmp_path / "gui"
    out.mkdir()
    paths = service.write_workbooks(FORM, PERIOD, out)
    for n, path in enumerate(paths, start=1):
        fill(path, form, figures(n))
    back = tmp_path / "nhan"
    back.mkdir()
    shutil.copy(paths[0], back / paths[0].name)  # CD001 as openpyxl saved it
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx",
                    "--outdir", str(back), *map(str, paths[1:])], check=True, capture_output=True, timeout=180,
                   env={**os.environ, "HOME": str(tmp_path)})
    preview = service.preview_folder(back)
    assert [p.importable for p in preview] == [True, True, True]
    assert all(p.expected for p in preview)
    change = next(c for c in preview[0].changes if c.row_id == "tong_lao_dong")
    assert (change.old, change.new, change.new_text) == (None, Decimal(100), "100")

    results = service.import_folder(back)
    assert [r.status for r in results] == ["imported"] * 3
    saved = indicators.saved
    assert all(r.source == "workbook" and r.received_on == TODAY for r in saved.values())
    # The district total equals what was typed into the workbooks.
    total = indicators.aggregate(FORM, PERIOD)
    assert total.value("tong_lao_dong") == sum(100 * n for n in (1, 2, 3))
    assert total.value("tong_doan_vien") == sum(80 * n for n in (1, 2, 3))
    weighted = sum(Decimal(6_000_000 + 500_000 * n) * 90 * n for n in (1, 2, 3)) / sum(90 * n for n in (1, 2, 3))
    assert abs(Decimal(str(total.value("luong_binh_quan"))) - weighted) < Decimal("0.001")
    assert total.rows["xep_loai_cdcs"].counts[:2] == (("Hoàn thành xuất sắc nhiệm vụ", 0),
                                                       ("Hoàn thành tốt nhiệm vụ", 2))
    # Importing the same folder again changes nothing.
    assert [r.status for r in service.import_folder(back)] == ["unchanged"] * 3
    assert {r.revision for r in indicators.saved.values()} == {1}


def test_dry_run_saves_nothing(service: IndicatorWorkbookService, indicators: RealIndicators, definitions: dict,
                               tmp_path: Path) -> None:
    paths = service.write_workbooks(FORM, PERIOD, tmp_path)
    fill(paths[0], definitions[FORM], figures(1))
    results = service.import_folder(tmp_path, dry_run=True)
    assert [r.status for r in results] == ["would_import"] * 3
    assert results[0].changes and not indicators.saved


def test_bad_workbooks_are_refused_whole_and_the_good_ones_imported(
        service: IndicatorWorkbookService, indicators: RealIndicators, definitions: dict, tmp_path: Path) -> None:
    form = definitions[FORM]
    paths = service.write_workbooks(FORM, PERIOD, tmp_path)
    fill(paths[0], form, figures(1))
    # CD002's file holds CD003's figures (a CĐCS filled in the neighbour's workbook).
    fill(paths[2], form, figures(3))
    shutil.copy(paths[2], paths[1])
    # CD003's workbook: a sub-row above its parent, and a typed formula.
    fill(paths[2], form, {"tong_lao_dong": 10, "lao_dong_nu": 12, "tong_doan_vien": "=5+5"})
    results = {r.path.name: r for r in service.import_folder(tmp_path)}
    first, second, third = (results[p.name] for p in paths)
    assert first.status == "imported"
    assert second.status == "refused" and third.status == "refused"
    text = "\n".join(second.problems)
    assert "tên tệp là của CĐCS CD002" in text and "CD003 «CĐCS UBND xã Nam Giang»" in text
    text = "\n".join(third.problems)
    layout = layout_of(form)
    assert f"{layout.sheet}!{layout.cell('tong_doan_vien')}: ô có công thức «=5+5»" in text
    assert list(indicators.saved) == [(FORM, PERIOD, "CD001")]


def test_two_workbooks_of_one_cdcs_are_both_refused(service: IndicatorWorkbookService,
                                                     indicators: RealIndicators, tmp_path: Path) -> None:
    (path,) = service.write_workbooks(FORM, PERIOD, tmp_path, unit_codes=["CD001"])
    shutil.copy(path, tmp_path / "CD001 (ban sua).xlsx")
    (tmp_path / "~$CD001.xlsx").write_bytes(b"lock")  # Excel's lock file is not a workbook anyone sent
    results = service.import_folder(tmp_path)
    assert len(results) == 2 and {r.status for r in results} == {"refused"}
    assert all("có 2 tệp cùng là báo cáo của CĐCS CD001" in r.problems[-1] for r in results)
    assert not indicators.saved


def test_sub_row_above_parent_names_the_cell(service: IndicatorWorkbookService, indicators: RealIndicators,
                                             definitions: dict, tmp_path: Path) -> None:
    form = definitions[FORM]
    paths = service.write_workbooks(FORM, PERIOD, tmp_path, unit_codes=["CD001"])
    fill(paths[0], form, {"tong_lao_dong": 10, "lao_dong_nu": 12})
    (result,) = service.import_folder(tmp_path)
    layout = layout_of(form)
    assert result.status == "refused"
    assert any(p.startswith(f"{layout.sheet}!{layout.cell('lao_dong_nu')}:") for p in result.problems)
    assert not indicators.saved


def test_another_period_and_a_dissolved_unit(service: IndicatorWorkbookService, indicators: RealIndicators,
                                            definitions: dict, tmp_path: Path) -> None:
    may = date(2026, 5, 31)
    service.write_workbooks(FORM, may, tmp_path, unit_codes=["CD004"])  # CD004 still existed on 31/5
    (result,) = service.import_folder(tmp_path, period=PERIOD)
    assert result.status == "refused" and result.period == may
    assert "kỳ 31/05/2026 của CĐCS CD004" in result.problems[0] and "không phải kỳ 30/11/2026" in result.problems[0]
    # The same workbook with the period recognised imports; a dissolved unit's for 30/11 would not be expected.
    assert [r.status for r in service.import_folder(tmp_path)] == ["imported"]
    indicators.dissolve("CD004", date(2026, 1, 31))  # dissolved before 31/5 after all
    (again,) = service.import_folder(tmp_path)
    assert again.status == "refused" and "không có trong danh sách CĐCS phải báo cáo" in again.problems[0]


def test_stale_revision_is_refused_with_the_reason(service: IndicatorWorkbookService, indicators: RealIndicators,
                                                   definitions: dict, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    paths = service.write_workbooks(FORM, PERIOD, tmp_path, unit_codes=["CD001"])
    fill(paths[0], definitions[FORM], figures(1))
    real_preview = service.preview_folder

    def preview_then_someone_saves(*args: Any, **kwargs: Any) -> Any:
        previews = real_preview(*args, **kwargs)
        indicators.save_report(FORM, PERIOD, "CD001", {"tong_lao_dong": Decimal(1)})
        return previews

    monkeypatch.setattr(service, "preview_folder", preview_then_someone_saves)
    (result,) = service.import_folder(tmp_path)
    assert result.status == "refused" and "lưu ở nơi khác" in result.problems[0]
    assert indicators.saved[(FORM, PERIOD, "CD001")].values == {"tong_lao_dong": Decimal(1)}


def test_export_of_the_aggregated_table(service: IndicatorWorkbookService, indicators: RealIndicators,
                                        definitions: dict, tmp_path: Path) -> None:
    for n, code in ((1, "CD001"), (2, "CD002")):
        values = {k: v for k, v in figures(n).items()}
        values["khu_vuc_ngoai_nha_nuoc"] = n == 1
        values["xep_loai_cdcs"] = "Hoàn thành tốt nhiệm vụ"
        typed = {k: Decimal(v) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in values.items()}
        indicators.save_report(FORM, PERIOD, code, typed)
    path = service.export_aggregate(FORM, PERIOD, tmp_path / "tong-hop.xlsx")
    book = openpyxl.load_workbook(path)
    upper_form = definitions["mau-2-hdcd"]
    assert book.sheetnames == [layout_of(upper_form).sheet, layout_of(definitions[FORM]).sheet]
    upper = indicators.upper(FORM, PERIOD)
    sheet = book[layout_of(upper_form).sheet]
    filled = 0
    for line in layout_of(upper_form).lines:
        if line.row is None:
            continue
        value = upper.values.get(line.row.id)
        cell = sheet[f"D{line.number}"]
        if isinstance(value, Decimal):
            assert isinstance(cell.value, int | float) and abs(Decimal(str(cell.value)) - value) < Decimal("0.0001")
            filled += 1
    assert filled >= 10
    cdcs = book[layout_of(definitions[FORM]).sheet]
    layout = layout_of(definitions[FORM])
    assert cdcs[layout.cell("tong_lao_dong")].value == 300
    assert cdcs[layout.cell("tong_lao_dong")].number_format == "#,##0"
    assert cdcs["E" + layout.cell("tong_lao_dong")[1:]].value == 2
    assert "Hoàn thành tốt nhiệm vụ: 2" in cdcs[layout.cell("xep_loai_cdcs")].value
    assert cdcs[layout.cell("khu_vuc_ngoai_nha_nuoc")].value == 1  # CĐCS that answered yes
    share = cdcs[layout.cell("ty_le_lao_dong_nu")].value  # recomputed from the sums: 120 of 300
    assert abs(share - 40) < 1e-9 and cdcs[layout.cell("ty_le_lao_dong_nu")].number_format == "#,##0.00"
    texts = [c.value for row in cdcs.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("chưa báo cáo (1/3)" in t and "CD003" in t for t in texts)
    assert cdcs.page_setup.orientation == "portrait"
