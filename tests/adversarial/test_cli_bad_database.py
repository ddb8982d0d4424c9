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
    path = tmp_path / "khong_phai.sqlite"
    make(path)  # type: ignore[operator]
    before = path.read_bytes()
    names = {"xlsx": str(tmp_path / "ds.xlsx"), "out": str(tmp_path / "ra.xlsx"), "pdf": str(tmp_path / "vb.pdf")}
    argv = ["--db", str(path), *(part.format(**names) for part in command)]
    status = cli.main(argv)
    captured = capsys.readouterr()
    assert status != 0
    assert "Traceback" not in captured.err
    assert str(path) in captured.err
    assert "không phải là cơ sở dữ liệu" in captured.err or "bị hỏng" in captured.err
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
