"""Offline entry workbooks against the real IndicatorService on a copy of the demo district: out for every expected
CĐCS, filled with openpyxl and through LibreOffice, imported, saved with source «workbook», the request's arrival
logged, the district total equal to what was typed, and the CLI on the same file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desktop_app.cli import main
from desktop_app.files.form_workbooks import layout_of
from desktop_app.services.indicator_workbooks import IndicatorWorkbookService

FORM = "mau-1-hdcd"


def test_workbooks_out_and_back_on_the_demo(demo_context: Any, tmp_path: Path, db_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    indicators = demo_context.indicators
    period = indicators.periods(FORM)[-2]  # 31/5 of this year: before the demo's today
    units = indicators.expected_units(FORM, period)
    before = {r.unit_code: r for r in indicators.reports(FORM, period)}
    service = IndicatorWorkbookService(indicators, office_name=lambda: demo_context.office.profile().home.name)
    out = tmp_path / "gui"
    out.mkdir()
    paths = service.write_workbooks(FORM, period, out)
    assert len(paths) == len(units)
    form = indicators.form(FORM)
    layout = layout_of(form)
    missing = [i for i, u in enumerate(units) if u.code not in before]
    assert missing, "the demo leaves some CĐCS without figures"
    # A CĐCS without figures fills its workbook; another one goes through LibreOffice unchanged.
    target = missing[0]
    book = openpyxl.load_workbook(paths[target])
    for row_id, value in {"khu_vuc_ngoai_nha_nuoc": "Có", "tong_lao_dong": "1.234", "lao_dong_nu": 600,
                          "tong_doan_vien": 1100, "doan_vien_nu": 500}.items():
        book[layout.sheet][layout.cell(row_id)] = value
    book.save(paths[target])
    relayed = tmp_path / "lo"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(relayed), str(paths[target])], check=True,
                   capture_output=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)})
    shutil.move(relayed / paths[target].name, paths[target])

    results = service.import_folder(out)
    statuses = Counter(r.status for r in results)
    assert statuses["imported"] >= 1
    assert statuses["imported"] + statuses["unchanged"] + statuses["refused"] == len(units)
    report = indicators.report(FORM, period, units[target].code)
    assert report is not None and report.source == "workbook"
    assert report.values["tong_lao_dong"] == Decimal(1234)
    total = indicators.aggregate(FORM, period)
    typed = sum((r.values.get("tong_lao_dong") or Decimal(0)) for r in indicators.reports(FORM, period))
    assert total.value("tong_lao_dong") == typed

    demo_context.close()
    status = main(["--db", str(db_path), "forms", "import", str(out), "--dry-run", "--format", "json"])
    records = json.loads(capsys.readouterr().out)
    assert {r["status"] for r in records} <= {"unchanged", "refused"} and status in (0, 1)
    status = main(["--db", str(db_path), "forms", "export", "--form", FORM, "--period", period.isoformat(), "-o",
                   str(tmp_path / "tong-hop.xlsx")])
    assert status == 0
    assert openpyxl.load_workbook(tmp_path / "tong-hop.xlsx").sheetnames[0] == "Mẫu số 2-HĐCĐ"
