"""Every CLI command that opens a database, given a file that is not one (or a damaged one), refuses it
with a clear message and leaves the file byte-identical with nothing created beside it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.persistence.database import open_database, sqlite_url

COMMANDS = [
    ["demo"],
    ["units", "list"],
    ["units", "list", "--format", "json"],
    ["units", "import", "{xlsx}", "--dry-run"],
    ["units", "import", "{xlsx}"],
    ["units", "export", "{out}"],
    ["documents", "list"],
    ["documents", "render", "1", "-o", "{pdf}"],
    ["registers", "outgoing", "--year", "2026"],
    ["registers", "incoming", "--year", "2026"],
]


def _text_file(path: Path) -> None:
    path.write_text("Biên bản họp, không phải cơ sở dữ liệu.\n" * 40, encoding="utf-8")


def _spreadsheet(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 20)


def _damaged_wal_database(path: Path) -> None:
    open_database(sqlite_url(path)).dispose()
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 2 + 300] = b"\xee" * 300
    path.write_bytes(bytes(data))
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


@pytest.mark.parametrize("make", [_text_file, _spreadsheet, _damaged_wal_database])
@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_every_command_refuses_a_file_that_is_not_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, command: list[str]
) -> None:
    # The file sits in a folder of its own: the app's data folder (its log) is elsewhere, as on a clerk's PC.
    folder = tmp_path / "tep"
    folder.mkdir()
    path = folder / "khong_phai.sqlite"
    make(path)  # type: ignore[operator]
    before = path.read_bytes()
    names = {"xlsx": str(folder / "ds.xlsx"), "out": str(folder / "ra.xlsx"), "pdf": str(folder / "vb.pdf")}
    argv = ["--db", str(path), *(part.format(**names) for part in command)]
    status = cli.main(argv)
    captured = capsys.readouterr()
    assert status != 0
    assert "Traceback" not in captured.err
    assert str(path) in captured.err
    assert "không phải là cơ sở dữ liệu" in captured.err or "bị hỏng" in captured.err
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == [path.name]


def _office_with_one_unit(path: Path) -> None:
    from desktop_app.bootstrap import open_context
    from desktop_app.domain.units import UnitDraft
    from tests.conftest import HOME_SETUP

    context = open_context(sqlite_url(path))
    try:
        context.office.set_up(HOME_SETUP)
        context.units.create(UnitDraft(code="CDCS001", name="CĐCS Trường Tiểu học A"))
    finally:
        context.close()


def test_units_list_works_while_another_process_holds_the_write_lock(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import subprocess
    import sys

    path = tmp_path / "office.sqlite"
    _office_with_one_unit(path)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "c.execute('BEGIN IMMEDIATE')\nc.execute(\"UPDATE units SET notes = 'x'\")\nprint('locked', flush=True)\n"
         "sys.stdin.readline()\n", str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        assert cli.main(["--db", str(path), "units", "list", "--format", "json"]) == 0
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    assert "CDCS001" in capsys.readouterr().out


def test_a_write_to_an_immutable_database_gets_the_read_only_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import subprocess

    import openpyxl

    path = tmp_path / "office.sqlite"
    _office_with_one_unit(path)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Mã đơn vị", "Tên đơn vị", "Số đoàn viên"])
    sheet.append(["CDCS002", "CĐCS B", 10])
    workbook.save(tmp_path / "ds.xlsx")
    before = path.read_bytes()
    subprocess.run(["chattr", "+i", str(path)], check=True)
    try:
        status = cli.main(["--db", str(path), "units", "import", str(tmp_path / "ds.xlsx")])
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
    err = capsys.readouterr().err
    assert status == cli.EXIT_DATABASE_ERROR
    assert "chỉ đọc" in err and "Traceback" not in err
    assert path.read_bytes() == before
