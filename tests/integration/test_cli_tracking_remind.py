"""``tracking remind``: reminder letters from the command line — the PDFs written to the folder and their paths
printed, numbered from the outgoing register, naming exactly the missing CĐCS; bad input refused, nothing numbered."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.bootstrap import open_context
from desktop_app.cli.common import EXIT_USAGE, EXIT_USER_ERROR
from desktop_app.domain.documents import format_text_date
from desktop_app.domain.units import UnitDraft
from desktop_app.domain.vntext import format_date
from desktop_app.persistence.database import sqlite_url
from desktop_app.services.tracking import Receipt, RequestDraft
from tests.conftest import HOME_SETUP
from tests.pdf_tools import layout_failures, pdftotext, squeeze

TODAY = date.today()  # the command line works on the real calendar
ISSUED = TODAY - timedelta(days=30)
DUE = TODAY - timedelta(days=5)
NAMES = {
    "CD01": "Công đoàn Trường Tiểu học Phước Minh A",
    "CD02": "Công đoàn Trạm Y tế xã Suối Đá",
    "CD03": "Công đoàn Công ty TNHH Giày Đông Phương",
    "CD04": "Công đoàn Công ty Cao su Tây Ninh",
}
MISSING = ["CD02", "CD04"]


@pytest.fixture
def office(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """An office with an overdue request two CĐCS have sent, one nobody is missing from, one not due yet."""
    path = tmp_path / "data" / "office.sqlite"
    context = open_context(sqlite_url(path))
    try:
        context.office.set_up(HOME_SETUP)
        for code, name in NAMES.items():
            context.units.create(UnitDraft(code=code, name=name, sector="HCSN"))
        tracking = context.tracking
        ids = {}
        for key, title, due in [("overdue", "Báo cáo sơ kết 6 tháng", DUE), ("done", "Báo cáo nữ công", DUE),
                                ("early", "Báo cáo an toàn vệ sinh lao động", TODAY + timedelta(days=10))]:
            ids[key] = tracking.create_request(RequestDraft(title=title, issued_on=ISSUED, due=due)).id
        for code in ("CD01", "CD03"):
            tracking.receive(ids["overdue"], Receipt(code, DUE - timedelta(days=1), backdate_note="bản giấy"))
        for code in NAMES:
            tracking.receive(ids["done"], Receipt(code, DUE - timedelta(days=1), backdate_note="bản giấy"))
        return path, ids
    finally:
        context.close()


def remind(db: Path, *args: str) -> int:
    try:
        return cli.main(["--db", str(db), "tracking", "remind", *args])
    except SystemExit as exc:  # argparse refuses the arguments themselves by exiting (status 64)
        return int(exc.code or 0)


def outgoing(db: Path) -> list[str]:
    context = open_context(sqlite_url(db))
    try:
        return [e.symbol for e in context.registers.outgoing(TODAY.year)]
    finally:
        context.close()


def named(pdf: Path) -> list[str]:
    text = squeeze(pdftotext(pdf, "-raw"))
    return [code for code, name in NAMES.items() if name in text]


def test_one_letter_as_json(office: tuple[Path, dict[str, int]], tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    db, ids = office
    out = tmp_path / "cong-van"
    out.mkdir()
    assert remind(db, "--request", str(ids["overdue"]), "-o", str(out), "--format", "json") == 0
    result = json.loads(capsys.readouterr().out)
    [letter] = result["letters"]
    assert letter["symbol"] == f"01/{HOME_SETUP.abbreviation}-VP"
    assert [u["code"] for u in letter["units"]] == MISSING
    assert letter["units"][0]["name"] == NAMES["CD02"]
    pdf = Path(letter["file"])
    assert pdf.parent == out and pdf.is_file() and [p.name for p in out.iterdir()] == [pdf.name]
    assert named(pdf) == MISSING and layout_failures(pdf, letter=True) == {}
    assert f"Số: {letter['symbol']}" in squeeze(pdftotext(pdf, "-raw"))
    assert outgoing(db) == [letter["symbol"]]
    assert result["request"] == ids["overdue"] and date.fromisoformat(result["deadline"]) > TODAY
    assert result["notice"] is None


def test_one_letter_per_unit_with_a_deadline_prints_the_paths(
        office: tuple[Path, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, ids = office
    deadline = TODAY + timedelta(days=7)
    assert remind(db, "--request", str(ids["overdue"]), "-o", str(tmp_path), "--per-unit",
                  "--deadline", deadline.isoformat()) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    paths = [Path(line.split("\t")[0]) for line in lines]
    assert [line.split("\t")[1] for line in lines] == outgoing(db) == [
        f"01/{HOME_SETUP.abbreviation}-VP", f"02/{HOME_SETUP.abbreviation}-VP"]
    for path, code in zip(paths, MISSING, strict=True):
        assert path.is_file() and path.name.endswith(f"-{code}.pdf")
        assert named(path) == [code]
        assert f"trước ngày {format_text_date(deadline)}" in squeeze(pdftotext(path, "-raw"))


def test_a_request_not_overdue_yet_is_reminded_with_a_notice(
        office: tuple[Path, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, ids = office
    assert remind(db, "--request", str(ids["early"]), "-o", str(tmp_path), "--unit", "CD03") == 0
    captured = capsys.readouterr()
    assert "chưa quá hạn" in captured.err
    [line] = captured.out.splitlines()
    assert named(Path(line.split("\t")[0])) == ["CD03"]


def test_bad_input_is_refused_and_nothing_is_numbered(
        office: tuple[Path, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, ids = office
    out = tmp_path / "cong-van"
    out.mkdir()
    overdue = str(ids["overdue"])
    for args, status, words in [
        (["--request", overdue, "-o", str(tmp_path / "khong-co")], EXIT_USER_ERROR, "Không có thư mục"),
        (["--request", overdue, "-o", str(db)], EXIT_USER_ERROR, "cơ sở dữ liệu"),
        (["--request", overdue, "-o", str(out), "--deadline", "30/11/2026"], EXIT_USAGE, "không phải là ngày"),
        (["--request", overdue, "-o", str(out), "--deadline", TODAY.isoformat()], EXIT_USER_ERROR,
         f"phải sau hôm nay ({format_date(TODAY)})"),
        (["--request", overdue, "-o", str(out), "--unit", "CD01"], EXIT_USER_ERROR, "Không đôn đốc được CD01"),
        (["--request", str(ids["done"]), "-o", str(out)], EXIT_USER_ERROR, "không có ai cần đôn đốc"),
        (["--request", "999", "-o", str(out)], EXIT_USER_ERROR, "Không có yêu cầu báo cáo «999»"),
        (["--request", overdue], EXIT_USAGE, "-o/--output"),
    ]:
        assert remind(db, *args) == status, args
        captured = capsys.readouterr()
        assert words in captured.err and captured.out == "", (args, captured.err)
    assert list(out.iterdir()) == [] and not (tmp_path / "khong-co").exists()
    assert outgoing(db) == []
