"""`congdoan-desk forms workbooks|import|export` as a script uses them: files written, JSON records with their id,
every refused workbook with its problems and a non-zero exit, no traceback.

The commands run on a real SQLite office; what they saved is read back through the real IndicatorService."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from desktop_app.bootstrap import open_context
from desktop_app.cli import EXIT_USER_ERROR, main
from desktop_app.domain.units import UnitDraft
from desktop_app.files.form_workbooks import layout_of
from desktop_app.persistence.database import sqlite_url
from tests.conftest import HOME_SETUP
from tests.integration.test_indicator_workbooks import FORM, PERIOD, UNITS, RealIndicators, figures


@pytest.fixture
def office_db(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "office.sqlite"
    context = open_context(sqlite_url(path))
    context.office.set_up(HOME_SETUP)
    context.units.create_many([UnitDraft(u.code, u.name, dissolved=u.dissolved) for u in UNITS])
    context.close()
    yield path


@pytest.fixture
def cli(office_db: Path) -> Iterator[RealIndicators]:
    context = open_context(sqlite_url(office_db))
    yield RealIndicators(context)
    context.close()


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    try:
        status = main(["--db", str(db), "forms", *args])
    except SystemExit as exc:  # argparse's usage errors
        status = int(exc.code or 0)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_workbooks_import_export(cli: RealIndicators, office_db: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "gui-di"
    out.mkdir()
    status, stdout, err = run(capsys, office_db, "workbooks", "--form", FORM, "--period", "2026-11-30", "-o",
                              str(out), "--format", "json")
    assert status == 0, err
    records = json.loads(stdout)
    assert [r["id"] for r in records] == [f"{FORM}_2026-11-30_CD00{n}" for n in (1, 2, 3)]
    first = Path(records[0]["file"])
    book = openpyxl.load_workbook(first)
    assert book.worksheets[0]["A1"].value == "LIÊN ĐOÀN LAO ĐỘNG HUYỆN DƯƠNG MINH CHÂU"
    layout = layout_of(cli.form(FORM))
    for name, value in figures(1).items():
        book.worksheets[0][layout.cell(name)] = value
    book.save(first)
    # A second file for CD002 holding a typed formula.
    second = Path(records[1]["file"])
    book = openpyxl.load_workbook(second)
    book.worksheets[0][layout.cell("tong_lao_dong")] = "=1+1"
    book.save(second)

    status, stdout, err = run(capsys, office_db, "import", str(out), "--dry-run", "--format", "json")
    assert status == EXIT_USER_ERROR
    results = {Path(r["file"]).name: r for r in json.loads(stdout)}
    assert results[first.name]["status"] == "would_import" and not cli.saved
    change = next(c for c in results[first.name]["changes"] if c["row"] == "tong_lao_dong")
    assert change["old"] is None and change["new"] == "100"
    assert results[second.name]["status"] == "refused"
    assert "ô có công thức «=1+1»" in results[second.name]["problems"][-1]

    status, stdout, err = run(capsys, office_db, "import", str(out), "--received-on", "2026-12-01")
    assert status == EXIT_USER_ERROR
    assert "đã nhập" in stdout and "không nhập" in stdout and "ô có công thức" in err
    assert cli.saved[(FORM, PERIOD, "CD001")].received_on.isoformat() == "2026-12-01"

    target = tmp_path / "tong-hop.xlsx"
    status, stdout, err = run(capsys, office_db, "export", "--form", FORM, "--period", "2026-11-30", "-o",
                              str(target), "--format", "json")
    assert status == 0, err
    assert json.loads(stdout)["file"] == str(target)
    assert openpyxl.load_workbook(target).sheetnames[0] == "Mẫu số 2-HĐCĐ"


def test_bad_period_and_database_as_output(cli: RealIndicators, office_db: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    status, _out, err = run(capsys, office_db, "workbooks", "--form", FORM, "--period", "30/11/2026", "-o",
                            str(tmp_path))
    assert status != 0 and "NĂM-THÁNG-NGÀY" in err and "Traceback" not in err
    status, _out, err = run(capsys, office_db, "workbooks", "--form", FORM, "--period", "2026-12-31", "-o",
                            str(tmp_path))
    assert status == EXIT_USER_ERROR and "không phải kỳ báo cáo" in err
    status, _out, err = run(capsys, office_db, "export", "--form", FORM, "--period", "2026-11-30", "-o",
                            str(office_db))
    assert status == EXIT_USER_ERROR and "cơ sở dữ liệu" in err
    status, _out, err = run(capsys, office_db, "import", str(tmp_path / "khong-co"))
    assert status == EXIT_USER_ERROR and "Không có thư mục" in err
