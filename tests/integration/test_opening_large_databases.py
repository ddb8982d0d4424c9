"""Opening a large database reads a few pages, not the whole file, and still refuses a file that is not a
database, one cut short and one whose schema or tables cannot be read (docs/decisions/0011)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from desktop_app.bootstrap import open_context
from desktop_app.persistence import sqlite_file as file_checks
from desktop_app.persistence.database import open_database, sqlite_url
from desktop_app.persistence.errors import DatabaseError, DatabaseUnreadable
from desktop_app.persistence.sqlite_file import check_sqlite_file
from desktop_app.services.registers import IncomingDraft
from tests.conftest import HOME_SETUP, TODAY

MB = 1024 * 1024
PAGE = 4096


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def bytes_read() -> int:
    """Bytes this process has read through read()/pread() so far, cached or not (proc(5), rchar)."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar in /proc/self/io")


def office_with_attachments(path: Path, folder: Path, megabytes: int) -> None:
    """A set-up office whose incoming register holds ``megabytes`` MB of attachments (one entry per 4 MB)."""
    context = open_context(sqlite_url(path), clock=lambda: TODAY)
    try:
        context.office.set_up(HOME_SETUP)
        for n in range(megabytes // 4):
            attachment = folder / f"den-{n}.pdf"
            attachment.write_bytes(os.urandom(4 * MB))
            context.registers.register_incoming(
                IncomingDraft(arrived_on=date(2026, 3, 1 + n), sender="Huyện ủy", summary=f"Về việc số {n}"),
                [attachment],
            )
            attachment.unlink()
    finally:
        context.close()


@pytest.fixture(scope="module")
def large_office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("large")
    path = folder / "office.sqlite"
    office_with_attachments(path, folder, 24)
    return path


def test_a_database_above_the_limit_opens_reading_a_small_part_of_it(
    large_office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(file_checks, "FULL_CHECK_LIMIT_BYTES", 8 * MB)
    size = large_office.stat().st_size
    assert size > 24 * MB
    before = bytes_read()
    database = open_database(sqlite_url(large_office))
    read = bytes_read() - before
    try:
        with database.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM incoming_files").scalar() == 6
    finally:
        database.dispose()
    assert read < size // 10, f"opening read {read} of {size} bytes"


def test_the_first_page_of_a_large_office_is_listed_reading_a_small_part_of_it(
    large_office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quick first read (before SQLAlchemy loads) makes the opening's own checks, not a full scan."""
    from desktop_app.persistence.quick_read import read_units_quickly

    monkeypatch.setattr(file_checks, "FULL_CHECK_LIMIT_BYTES", 8 * MB)
    before = bytes_read()
    rows = read_units_quickly(large_office)
    read = bytes_read() - before
    assert rows is not None and rows.units == []  # set up, no CĐCS yet
    assert read < large_office.stat().st_size // 10, f"the quick read read {read} bytes"


def test_below_the_limit_every_page_is_still_checked(large_office: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(file_checks, "FULL_CHECK_LIMIT_BYTES", 64 * MB)
    before = bytes_read()
    check_sqlite_file(large_office)
    assert bytes_read() - before >= large_office.stat().st_size - PAGE


def test_a_thorough_check_reads_every_page_whatever_the_size(large_office: Path) -> None:
    before = bytes_read()
    check_sqlite_file(large_office, thorough=True)
    assert bytes_read() - before >= large_office.stat().st_size - PAGE


# -- what the quick checks alone must still refuse ------------------------------------------------
def _small_office(path: Path) -> None:
    context = open_context(sqlite_url(path), clock=lambda: TODAY)
    try:
        context.office.set_up(HOME_SETUP)
    finally:
        context.close()


def _cut_short(path: Path) -> None:
    _small_office(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 3 * PAGE])


def _cut_at_a_page_boundary_to_one_page(path: Path) -> None:
    _small_office(path)
    path.write_bytes(path.read_bytes()[:PAGE])


def _header_then_garbage(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)


def _short_header(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00\x10\x00")


def _schema_page_scribbled(path: Path) -> None:
    _small_office(path)
    data = bytearray(path.read_bytes())
    data[100:400] = b"\xff" * 300  # page 1 after the file header: sqlite_master's b-tree
    path.write_bytes(bytes(data))


def _table_root_page_scribbled(path: Path) -> None:
    _small_office(path)
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'units'").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * PAGE : (root - 1) * PAGE + 200] = b"\xff" * 200
    path.write_bytes(bytes(data))


def _table_root_beyond_the_end(path: Path) -> None:
    _small_office(path)
    conn = sqlite3.connect(path)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = 'units'", (pages + 50,))
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_cut_short, "bị cắt cụt"),
        (_cut_at_a_page_boundary_to_one_page, "bị cắt cụt"),
        (_header_then_garbage, "không phải là cơ sở dữ liệu"),
        (_short_header, "không phải là cơ sở dữ liệu"),
        (_schema_page_scribbled, "bị hỏng"),
        (_table_root_page_scribbled, "bị hỏng"),
        (_table_root_beyond_the_end, "bị hỏng"),
    ],
)
def test_without_the_full_check_a_damaged_file_is_still_refused_and_left_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Callable[[Path], None], message: str
) -> None:
    monkeypatch.setattr(file_checks, "FULL_CHECK_LIMIT_BYTES", 0)
    path = tmp_path / "office.sqlite"
    make(path)
    before = digest(path)
    with pytest.raises(DatabaseUnreadable, match=message) as refused:
        open_database(sqlite_url(path))
    assert str(path) in str(refused.value)
    assert digest(path) == before
    assert [p.name for p in tmp_path.iterdir()] == ["office.sqlite"]


def test_the_cut_short_message_says_how_much_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite"
    _cut_short(path)
    expected = path.stat().st_size + 3 * PAGE
    with pytest.raises(DatabaseError) as refused:
        open_database(sqlite_url(path))
    assert f"{expected:,}".replace(",", ".") in str(refused.value)
