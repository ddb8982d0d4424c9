"""``forms aggregate`` as a script uses it: the demo district's figures of form 1 for a period as JSON (numbers as
exact text, rows and units by their id and code, the missing CĐCS, the upper-level form), a table for a reader,
and refusals with their exit code."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop_app.bootstrap import AppContext
from desktop_app.cli import main
from desktop_app.cli.common import EXIT_USAGE, EXIT_USER_ERROR

FORM_ID = "mau-1-hdcd"
PERIOD = date(2025, 11, 30)


def aggregate_json(db: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> Any:
    status = main(["forms", "aggregate", "--db", str(db), "--form", FORM_ID, "--period", PERIOD.isoformat(),
                   *extra, "--format", "json"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return json.loads(captured.out)


def test_json_is_the_service_aggregate_with_ids_and_exact_numbers(
        demo_context: AppContext, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = aggregate_json(db_path, capsys)
    indicators = demo_context.indicators
    totals = indicators.aggregate(FORM_ID, PERIOD)
    assert (result["form"], result["period"], result["form_version"]) == (FORM_ID, "2025-11-30", 1)
    assert result["expected"] == len(totals.expected) and result["reported"] == len(totals.reported)
    assert 0 < result["reported"] < result["expected"]  # the demo has CĐCS missing
    names = {u.code: u.name for u in indicators.expected_units(FORM_ID, PERIOD)}
    assert result["missing"] == [{"code": code, "name": names[code]} for code in totals.missing]
    form = indicators.form(FORM_ID)
    assert [row["id"] for row in result["rows"]] == [row.id for row in form.rows]
    for row in result["rows"]:
        total = totals.rows[row["id"]]
        assert row["reporting"] == total.reporting
        if isinstance(total.value, Decimal):
            assert isinstance(row["value"], str) and Decimal(row["value"]) == total.value
        else:
            assert row["value"] == total.value
    by_id = {row["id"]: row for row in result["rows"]}
    grades = by_id["xep_loai_cdcs"]["counts"]
    assert sum(c["count"] for c in grades) == by_id["xep_loai_cdcs"]["reporting"]
    assert "weight" in by_id["luong_binh_quan"]
    # The wage is a weighted mean: exact, and not the plain mean of the CĐCS's wages.
    drill = indicators.contributions(FORM_ID, PERIOD, "luong_binh_quan")
    weighted = sum((c.value * c.weight for _u, c in drill if c.value and c.weight), Decimal(0))  # type: ignore[operator]
    weights = sum((c.weight for _u, c in drill if c.value and c.weight), Decimal(0))
    assert abs(Decimal(by_id["luong_binh_quan"]["value"]) - weighted / weights) < Decimal("1e-6")
    upper = result["upper"]
    assert upper["form"] == "mau-2-hdcd"
    figures = indicators.upper(FORM_ID, PERIOD)
    for row in upper["rows"]:
        value = figures.values.get(row["id"])
        assert row["value"] == (format(value, "f") if isinstance(value, Decimal) else value)


def test_a_sector_subset_and_the_text_table(demo_context: AppContext, db_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    subset = aggregate_json(db_path, capsys, "--sector", "NNN", "--sector", "FDI")
    assert "upper" not in subset
    expected = [u for u in demo_context.indicators.expected_units(FORM_ID, PERIOD) if u.sector in ("NNN", "FDI")]
    assert subset["expected"] == len(expected)
    assert main(["forms", "aggregate", "--db", str(db_path), "--form", FORM_ID, "--period", "2025-11-30"]) == 0
    lines = capsys.readouterr().out.splitlines()
    totals = demo_context.indicators.aggregate(FORM_ID, PERIOD)
    assert lines[0] == (f"Mẫu số 1-HĐCĐ — số liệu đến ngày 30/11/2025: {len(totals.reported)}/{len(totals.expected)}"
                        " CĐCS đã báo cáo")
    assert f"Chưa báo cáo ({len(totals.missing)}):" in lines
    assert any(line.startswith("1\tTổng số lao động\t") for line in lines)


@pytest.mark.parametrize(("args", "status", "message"), [
    (["--form", FORM_ID, "--period", "2025-11-29"], EXIT_USER_ERROR, "không phải ngày chốt số liệu"),
    (["--form", "mau-9", "--period", "2025-11-30"], EXIT_USER_ERROR, "Không có mẫu biểu «mau-9»"),
    (["--form", FORM_ID, "--period", "30/11/2025"], EXIT_USAGE, "NĂM-THÁNG-NGÀY"),
    (["--form", FORM_ID], EXIT_USAGE, "--period"),
])
def test_refusals(context: AppContext, db_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                  status: int, message: str) -> None:
    try:
        result = main(["forms", "aggregate", "--db", str(db_path), *args, "--format", "json"])
    except SystemExit as exc:  # argparse's refusal of the arguments
        result = int(exc.code or 0)
    captured = capsys.readouterr()
    assert result == status and message in captured.err and "Traceback" not in captured.err
    assert captured.out == ""


def test_a_missing_database_is_not_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.sqlite"
    assert main(["forms", "aggregate", "--db", str(missing), "--form", FORM_ID, "--period", "2025-11-30"]) != 0
    assert not missing.exists()



def test_tracking_create_asks_for_a_form_and_its_period(context: AppContext, db_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from desktop_app.domain.units import UnitDraft
    from tests.integration.test_indicators_service import figures

    context.units.create(UnitDraft(code="CD01", name="Công đoàn Trường Tiểu học Phước Minh A", sector="HCSN",
                                   workers=40, members=38, female_members=30))
    base = ["tracking", "create", "--db", str(db_path), "--title", "Số liệu 6 tháng đầu năm 2026",
            "--issued", "2026-05-20", "--due", "2026-06-10"]
    assert main([*base, "--form", FORM_ID, "--format", "json"]) == EXIT_USER_ERROR
    assert "--form-period" in capsys.readouterr().err
    assert main([*base, "--form", FORM_ID, "--form-period", "2026-06-30", "--format", "json"]) == EXIT_USER_ERROR
    assert "không phải ngày chốt số liệu" in capsys.readouterr().err
    assert main([*base, "--form", FORM_ID, "--form-period", "2026-05-31", "--format", "json"]) == 0
    request = json.loads(capsys.readouterr().out)
    assert (request["what"], request["form_id"], request["form_period"]) == ("form", FORM_ID, "2026-05-31")
    context.indicators.save_report(FORM_ID, date(2026, 5, 31), "CD01", figures("CD01"),  # type: ignore[arg-type]
                                   received_on=date(2026, 6, 2))
    assert main(["tracking", "status", "--db", str(db_path), "--request", str(request["id"]), "--format", "json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["received"] == 1
