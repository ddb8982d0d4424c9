"""``forms targets`` as a script uses it: the demo district's congress targets as JSON with their ids, each the
service's progress (goal, achieved, projection, status, the years), a table for a reader, and an unknown set
refused."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.bootstrap import AppContext
from desktop_app.cli import main
from desktop_app.cli.common import EXIT_USER_ERROR

SET_ID = "chi-tieu-dai-hoi-2023-2028"


def test_json_is_the_services_progress(demo_context: AppContext, db_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["forms", "targets", "--db", str(db_path), "--format", "json"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    result = json.loads(captured.out)
    progress = demo_context.indicators.target_progress(SET_ID)
    assert (result["id"], result["term"]) == (SET_ID, [2023, 2028])
    assert [t["id"] for t in result["targets"]] == [p.target.id for p in progress]
    for shown, real in zip(result["targets"], progress, strict=True):
        assert shown["status"] == real.status
        for key, value in (("goal", real.goal), ("achieved", real.achieved), ("projection", real.projection)):
            assert (shown[key] is None) if value is None else Decimal(shown[key]) == value
        assert [y["year"] for y in shown["years"]] == list(range(2023, 2029))
    assert any(t["achieved"] is not None for t in result["targets"])  # the demo's figures reach the targets


def test_a_table_and_an_unknown_set(demo_context: AppContext, db_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forms", "targets", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "dự báo tuyến tính" in out and "Kết nạp đoàn viên công đoàn" in out
    assert main(["forms", "targets", "--db", str(db_path), "--set", "khong-co"]) == EXIT_USER_ERROR
    assert "Không có bộ chỉ tiêu «khong-co»" in capsys.readouterr().err
