"""``tracking export --year Y -o FILE``: .xlsx writes the matrix, .pdf the summary, anything else is refused with
nothing written."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop_app.bootstrap import open_context
from desktop_app.cli.common import EXIT_USER_ERROR
from desktop_app.persistence.database import sqlite_url
from desktop_app.services.tracking import Receipt, RequestDraft
from tests.integration.test_cli import cli
from tests.pdf_tools import pdftotext, squeeze

TODAY = date.today()  # the command line works on the real calendar
DUE = TODAY - timedelta(days=5)
TITLE = "Báo cáo kết quả Tháng Công nhân (thử xuất)"


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo office with one request to every CĐCS, one of which has sent it the day before it was due."""
    folder = tmp_path_factory.mktemp("tracking-export-cli")
    path = folder / "demo.sqlite"
    result = cli("--db", str(path), "demo", env_dir=folder)
    assert result.returncode == 0, result.stderr
    context = open_context(sqlite_url(path))
    try:
        request = context.tracking.create_request(
            RequestDraft(title=TITLE, issued_on=TODAY - timedelta(days=30), due=DUE))
        first = next(line.unit for line in context.tracking.status(request.id).lines if line.expected)
        context.tracking.receive(request.id, Receipt(first.code, DUE - timedelta(days=1), backdate_note="vào sổ"))
    finally:
        context.close()
    return path


def test_an_xlsx_gets_the_matrix_and_a_pdf_the_summary(office: Path, tmp_path: Path) -> None:
    matrix, summary = tmp_path / "theo-doi.xlsx", tmp_path / "tong-hop.pdf"
    result = cli("--db", str(office), "tracking", "export", "--year", str(DUE.year), "-o", str(matrix),
                 "--format", "json", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    said = json.loads(result.stdout)
    assert said["file"] == str(matrix) and said["year"] == DUE.year and said["requests"] >= 1
    sheet = load_workbook(matrix).active
    assert sheet is not None
    titles = [sheet.cell(5, c).value for c in range(4, 4 + said["requests"])]
    assert f"{TITLE}\n(hạn {DUE:%d/%m/%Y})" in titles

    result = cli("--db", str(office), "tracking", "export", "--year", str(DUE.year), "-o", str(summary),
                 env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"«{summary}»" in result.stdout and "trang" in result.stdout
    text = squeeze(pdftotext(summary, "-raw"))
    assert f"Tình hình gửi báo cáo năm {DUE.year}" in text and TITLE in text


def test_another_kind_of_file_or_a_missing_folder_is_refused_and_nothing_written(office: Path, tmp_path: Path
                                                                               ) -> None:
    before = sorted(tmp_path.rglob("*"))
    for target, words in [(tmp_path / "theo-doi.csv", ".xlsx"), (tmp_path / "khong-co" / "tong-hop.pdf", "khong-co")]:
        result = cli("--db", str(office), "tracking", "export", "--year", str(DUE.year), "-o", str(target),
                     env_dir=tmp_path)
        assert result.returncode == EXIT_USER_ERROR, result.stdout
        assert words in result.stderr and "Traceback" not in result.stderr
    assert sorted(p for p in tmp_path.rglob("*") if "cfg" not in p.parts and "data" not in p.parts) == [
        p for p in before if "cfg" not in p.parts and "data" not in p.parts]
