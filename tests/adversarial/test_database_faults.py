"""Real faults around the database file: read-only folders and mounts, a full disk, another
process holding the write lock, corrupt and foreign files.

Healthy databases must never be called corrupt (the clerk would restore a backup they do not need),
and a refused or failed open must leave the file byte-identical with nothing created beside it.
The tests run as root, which ignores permission bits, so read-only and full-disk cases use real
mounts (tmpfs, remounted read-only) and ``chattr +i``; the lock is held by a second process.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from desktop_app.bootstrap import AppContext, open_context
from desktop_app.domain.units import UnitDraft
from desktop_app.persistence import database as database_module
from desktop_app.persistence.database import open_database, sqlite_url
from desktop_app.persistence.errors import (
    DatabaseBusy,
    DatabaseDiskFull,
    DatabaseError,
    DatabaseReadOnly,
    DatabaseUnreadable,
    MigrationFailed,
)
from tests.broken_migrations import broken_migrations
from tests.conftest import HOME_SETUP, TODAY

PERIOD_2025 = date(2025, 11, 30)  # a snapshot date of the demo's indicator figures

FIXTURE_V1 = Path(__file__).parents[1] / "fixtures" / "schema_0001.sqlite"
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def side_files(path: Path) -> list[str]:
    return [path.name + s for s in SIDE_SUFFIXES if path.with_name(path.name + s).exists()]


def run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


@pytest.fixture
def mount_point(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs of its own: can be filled up and remounted read-only for real."""
    point = tmp_path / "mnt"
    point.mkdir()
    run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(point))
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def office_database(path: Path) -> None:
    """A healthy, set-up office database with one CĐCS, closed."""
    context = open_context(sqlite_url(path), clock=lambda: TODAY)
    try:
        context.office.set_up(HOME_SETUP)
        context.units.create(UnitDraft(code="CDCS001", name="CĐCS Trường Tiểu học A", members=12))
    finally:
        context.close()


def fill_disk(folder: Path) -> None:
    """Write until the file system says ENOSPC."""
    with (folder / "filler.bin").open("wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass


def a_new_unit(context: AppContext) -> None:
    context.units.create(UnitDraft(code="CDCS002", name="CĐCS Trường Tiểu học B", notes="x" * 200_000))


# -- read-only -----------------------------------------------------------------------------------
def test_database_on_a_read_only_mount_opens_read_only_and_says_so(mount_point: Path) -> None:
    path = mount_point / "office.sqlite"
    office_database(path)
    before = digest(path)
    run("mount", "-o", "remount,ro", str(mount_point))
    context = open_context(sqlite_url(path), clock=lambda: TODAY)
    try:
        assert context.database.read_only
        assert "chỉ đọc" in context.database.read_only_reason
        assert [u.code for u in context.units.list_units()] == ["CDCS001"]
        with pytest.raises(DatabaseReadOnly, match="chỉ đọc") as refused:
            a_new_unit(context)
        assert "bị hỏng" not in str(refused.value).replace("không bị hỏng", "")
    finally:
        context.close()
    assert digest(path) == before
    assert side_files(path) == []


def test_immutable_file_opens_read_only_and_a_write_is_refused_with_its_own_message(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite"
    office_database(path)
    before = digest(path)
    run("chattr", "+i", str(path))
    try:
        context = open_context(sqlite_url(path), clock=lambda: TODAY)
        try:
            assert context.database.read_only
            assert context.units.by_code("CDCS001").members == 12
            with pytest.raises(DatabaseReadOnly, match="chỉ đọc"):
                a_new_unit(context)
        finally:
            context.close()
    finally:
        run("chattr", "-i", str(path))
    assert digest(path) == before


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder outside pytest's private (0700) temporary tree, so another user can reach it."""
    folder = Path(tempfile.mkdtemp(prefix="congdoan-chung-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for item in (folder, *folder.rglob("*")):
            item.chmod(0o755)
        shutil.rmtree(folder)


def test_unprivileged_user_in_a_read_only_folder_gets_read_only_not_corrupt(shared_folder: Path) -> None:
    path = shared_folder / "office.sqlite"
    office_database(path)
    before = digest(path)
    shared_folder.chmod(0o555)
    path.chmod(0o444)
    # A forked child gives up root for "nobody" (the interpreter under /root is not readable by
    # nobody, so a fresh process cannot be started as that user); permission bits then apply.
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(reader)
        try:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            database = open_database(sqlite_url(path))
            report = f"{database.read_only}\n{database.read_only_reason}"
            database.dispose()
        except BaseException as exc:  # the parent reports it
            report = f"error\n{type(exc).__name__}: {exc}"
        os.write(writer, report.encode("utf-8"))
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        report = pipe.read().decode("utf-8")
    os.waitpid(child, 0)
    first, reason = report.split("\n", 1)
    assert first == "True", reason
    assert "chỉ đọc" in reason
    assert digest(path) == before
    assert side_files(path) == []


# -- disk full -----------------------------------------------------------------------------------
def test_write_on_a_full_disk_says_so_and_changes_nothing(mount_point: Path) -> None:
    path = mount_point / "office.sqlite"
    office_database(path)
    context = open_context(sqlite_url(path), clock=lambda: TODAY)
    try:
        fill_disk(mount_point)
        with pytest.raises(DatabaseDiskFull, match="đầy") as refused:
            a_new_unit(context)
        assert "bị hỏng" not in str(refused.value).replace("không bị hỏng", "")
        assert [u.code for u in context.units.list_units()] == ["CDCS001"]
    finally:
        context.close()
    (mount_point / "filler.bin").unlink()
    context = open_context(sqlite_url(path), clock=lambda: TODAY)
    try:
        assert [u.code for u in context.units.list_units()] == ["CDCS001"]
    finally:
        context.close()


def test_upgrade_on_a_full_disk_says_so_and_leaves_the_file_as_it_was(mount_point: Path) -> None:
    path = mount_point / "office.sqlite"
    shutil.copyfile(FIXTURE_V1, path)
    before = digest(path)
    fill_disk(mount_point)
    with pytest.raises(DatabaseDiskFull, match="đầy") as refused:
        open_database(sqlite_url(path), backups_dir=mount_point / "backups")
    assert "bị hỏng" not in str(refused.value).replace("không bị hỏng", "")
    assert digest(path) == before
    assert side_files(path) == []


# -- locked --------------------------------------------------------------------------------------
HOLD_LOCK = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE units SET notes = 'đang sửa'")
    print("locked", flush=True)
    sys.stdin.readline()
    conn.execute("ROLLBACK")
    """
)


@pytest.fixture
def lock_holder() -> Iterator[object]:
    processes: list[subprocess.Popen[str]] = []

    def hold(path: Path) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-c", HOLD_LOCK, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert process.stdout is not None and process.stdout.readline().strip() == "locked"
        processes.append(process)
        return process

    yield hold
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("\n")
        process.stdin.flush()
        process.wait(timeout=30)


def test_reads_do_not_wait_for_another_process_holding_the_write_lock(
    tmp_path: Path, lock_holder: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "office.sqlite"
    office_database(path)
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 1500)
    context = open_context(sqlite_url(path), clock=lambda: TODAY)
    try:
        holder = lock_holder(path)  # type: ignore[operator]
        started = time.monotonic()
        assert [u.code for u in context.units.list_units()] == ["CDCS001"]
        assert context.units.by_code("CDCS001").notes == ""
        assert context.units.history(context.units.by_code("CDCS001").id)
        assert time.monotonic() - started < 1.0
        with pytest.raises(DatabaseBusy, match="đang được ghi") as refused:
            a_new_unit(context)
        assert f"{holder.pid}" in str(refused.value)  # says which program holds it
        assert "thử lại" in str(refused.value)
    finally:
        context.close()


def test_opening_a_database_that_needs_an_upgrade_while_locked_says_locked_and_changes_nothing(
    tmp_path: Path, lock_holder: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "office.sqlite"
    shutil.copyfile(FIXTURE_V1, path)
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 1000)
    lock_holder(path)  # type: ignore[operator]
    before = digest(path)
    with pytest.raises(DatabaseBusy, match="đang được ghi"):
        open_database(sqlite_url(path), backups_dir=tmp_path / "backups")
    assert digest(path) == before


def test_an_exclusively_locked_rollback_journal_database_is_busy_not_corrupt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "office.sqlite"
    office_database(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 500)
    script = textwrap.dedent(
        """
        import sqlite3, sys
        conn = sqlite3.connect(sys.argv[1], isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        print("locked", flush=True)
        sys.stdin.readline()
        """
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(DatabaseBusy) as refused:
            open_database(sqlite_url(path))
        assert not isinstance(refused.value, DatabaseUnreadable)
        assert "bị hỏng" not in str(refused.value).replace("không bị hỏng", "")
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)


# -- refused files stay byte-identical with nothing beside them ---------------------------------------
def _corrupt_wal_database(path: Path) -> None:
    office_database(path)
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 2 + 200] = b"\xff" * 200
    path.write_bytes(bytes(data))


def _too_new_wal_database(path: Path) -> None:
    office_database(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()


def _foreign_wal_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()


def _header_then_garbage(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)


def _png(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 3000)


def _truncated_database(path: Path) -> None:
    office_database(path)
    path.write_bytes(path.read_bytes()[:6000])


@pytest.mark.parametrize(
    "make",
    [_corrupt_wal_database, _too_new_wal_database, _foreign_wal_database, _header_then_garbage, _png,
     _truncated_database],
)
def test_a_refused_file_is_byte_identical_with_no_wal_or_shm_beside_it(tmp_path: Path, make: object) -> None:
    path = tmp_path / "office.sqlite"
    make(path)  # type: ignore[operator]
    assert side_files(path) == []
    before = digest(path)
    with pytest.raises(DatabaseError):
        open_database(sqlite_url(path))
    assert digest(path) == before
    assert side_files(path) == []


@pytest.mark.parametrize("journal_mode", ["DELETE", "WAL"])
def test_a_failed_migration_is_byte_identical_whatever_the_journal_mode(
    tmp_path: Path, journal_mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app import paths

    path = tmp_path / "office.sqlite"
    shutil.copyfile(FIXTURE_V1, path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {journal_mode}")
    conn.close()
    for suffix in SIDE_SUFFIXES:
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    before = digest(path)
    scripts = broken_migrations(tmp_path)
    monkeypatch.setattr(paths, "migrations_dir", lambda: scripts)
    monkeypatch.setattr("desktop_app.persistence.migrate.SCHEMA_HEAD", "9001")
    with pytest.raises(MigrationFailed, match="broken step"):
        open_database(sqlite_url(path), backups_dir=tmp_path / "backups")
    assert digest(path) == before
    assert side_files(path) == []


def test_opening_a_current_database_on_a_full_disk_reads_it_and_says_so(mount_point: Path) -> None:
    path = mount_point / "office.sqlite"
    office_database(path)
    before = digest(path)
    fill_disk(mount_point)
    context = open_context(sqlite_url(path), clock=lambda: TODAY)
    try:
        assert context.database.read_only
        assert "ổ đĩa chứa tệp đã đầy" in context.database.read_only_reason
        assert [u.code for u in context.units.list_units()] == ["CDCS001"]
        with pytest.raises(DatabaseError) as refused:
            a_new_unit(context)
        assert not isinstance(refused.value, DatabaseUnreadable)
    finally:
        context.close()
    assert digest(path) == before
    assert side_files(path) == []


def test_opening_does_not_wait_for_another_process_holding_the_write_lock(
    tmp_path: Path, lock_holder: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "office.sqlite"
    office_database(path)
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 3000)
    lock_holder(path)  # type: ignore[operator]
    started = time.monotonic()
    context = open_context(sqlite_url(path), clock=lambda: TODAY)
    try:
        assert not context.database.read_only
        assert [u.code for u in context.units.list_units()] == ["CDCS001"]
    finally:
        context.close()
    assert time.monotonic() - started < 2


def test_every_read_of_every_service_goes_on_while_another_process_holds_the_write_lock(
    tmp_path: Path, lock_holder: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.services.demo import load_demo

    path = tmp_path / "office.sqlite"
    context = open_context(sqlite_url(path), clock=lambda: TODAY)
    try:
        load_demo(context)
        document = context.documents.list_documents()[0]
        year = TODAY.year
    finally:
        context.close()
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 1500)
    context = open_context(sqlite_url(path), clock=lambda: TODAY)
    try:
        context.indicators.forms()  # the shipped definitions are files: read before the clock starts
        lock_holder(path)  # type: ignore[operator]
        started = time.monotonic()
        assert context.office.is_set_up() and context.office.profile().home.code
        assert context.units.list_units() and context.units.sectors() and context.units.kinds()
        assert context.documents.list_documents() and context.documents.get(document.id).id == document.id
        context.registers.outgoing(year)
        incoming = context.registers.incoming(year)
        context.registers.recent_incoming()
        if incoming:
            assert context.registers.incoming_entry(incoming[0].uuid) is not None
        figures = context.indicators.aggregate("mau-1-hdcd", PERIOD_2025)
        assert figures.reported and len(context.indicators.reports("mau-1-hdcd", PERIOD_2025)) >= len(
            figures.reported)
        assert time.monotonic() - started < 1.5
    finally:
        context.close()
