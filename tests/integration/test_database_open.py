"""Opening databases: new, older (backed up and migrated), newer, damaged, failed migrations."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from desktop_app import paths
from desktop_app.persistence.database import open_database, sqlite_url
from desktop_app.persistence.errors import DatabaseTooNew, DatabaseUnreadable, MigrationFailed
from desktop_app.persistence.migrate import head_revision, restore_backup
from desktop_app.persistence.models import Base
from tests.broken_migrations import broken_migrations

FIXTURE_V1 = Path(__file__).parents[1] / "fixtures" / "schema_0001.sqlite"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def revision_of(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    target = tmp_path / "office.sqlite"
    shutil.copyfile(FIXTURE_V1, target)
    return target


def test_new_database_is_created_at_the_latest_schema_with_safe_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.sqlite"
    database = open_database(sqlite_url(path))
    try:
        with database.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
            kinds = conn.exec_driver_sql("SELECT code FROM unit_kinds").scalars().all()
        assert "CDCS" in kinds and "LDLD_HUYEN" in kinds
        assert database.backup_path is None
    finally:
        database.dispose()
    assert revision_of(path) == head_revision()


def test_models_match_the_migrations(tmp_path: Path) -> None:
    database = open_database(sqlite_url(tmp_path / "db.sqlite"))
    try:
        with database.engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diffs == []
    finally:
        database.dispose()


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    database = open_database(sqlite_url(tmp_path / "db.sqlite"))
    try:
        with pytest.raises(Exception, match="FOREIGN KEY"), database.engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO unit_events (unit_id, kind, on_date, recorded_at, detail, uuid,"
                                 " owner_code, revision, updated_at) VALUES (999, 'x', '2026-01-01',"
                                 " '2026-01-01', '', 'u', 'o', 1, '2026-01-01')")
    finally:
        database.dispose()


def test_first_schema_database_is_backed_up_then_migrated_with_its_data(v1_copy: Path) -> None:
    database = open_database(sqlite_url(v1_copy))
    try:
        assert database.backup_path is not None
        backup = database.backup_path
        assert backup.parent == paths.backups_dir(v1_copy)
        with database.engine.connect() as conn:
            units = dict(conn.exec_driver_sql("SELECT code, name FROM units").all())
            history = conn.exec_driver_sql(
                "SELECT u.code, e.kind, e.on_date FROM unit_events e JOIN units u ON u.id = e.unit_id ORDER BY u.code"
            ).all()
    finally:
        database.dispose()
    assert units["CDCS001"] == "CĐCS Trường Tiểu học Phước Minh A"
    assert len(units) == 4
    # Migration 0002 gives every existing unit a "created" line dated from its founding day.
    assert ("CDCS001", "created", "2001-09-05") in history
    assert len(history) == 4
    assert revision_of(v1_copy) == head_revision()
    assert revision_of(backup) == "0001"
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT count(*) FROM units").fetchone()[0] == 4
    conn.close()


def test_database_from_a_newer_app_is_refused_and_not_touched(v1_copy: Path) -> None:
    conn = sqlite3.connect(v1_copy)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = digest(v1_copy)
    with pytest.raises(DatabaseTooNew, match="phiên bản CongDoan Desk mới hơn"):
        open_database(sqlite_url(v1_copy))
    assert digest(v1_copy) == before
    assert not paths.backups_dir(v1_copy).exists()


@pytest.mark.parametrize(
    "content",
    [b"", b"This is a Word document, not a database" * 50, b"PK\x03\x04" + b"\x00" * 4000],
    ids=["empty-file-is-new", "text-file", "zip-file"],
)
def test_files_that_are_not_databases(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "thing.sqlite"
    path.write_bytes(content)
    if not content:
        open_database(sqlite_url(path)).dispose()  # an empty file is simply a new database
        return
    with pytest.raises(DatabaseUnreadable, match="không phải là cơ sở dữ liệu"):
        open_database(sqlite_url(path))
    assert path.read_bytes() == content


def test_corrupt_database_gets_a_clear_message_and_is_not_changed(v1_copy: Path) -> None:
    data = bytearray(v1_copy.read_bytes())
    page = 4096
    data[page * 2 : page * 2 + 200] = b"\xff" * 200  # scribble over a b-tree page
    v1_copy.write_bytes(bytes(data))
    before = digest(v1_copy)
    with pytest.raises(DatabaseUnreadable, match="bị hỏng"):
        open_database(sqlite_url(v1_copy))
    assert digest(v1_copy) == before


def test_unversioned_database_with_foreign_tables_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(DatabaseUnreadable, match="không phải cơ sở dữ liệu của CongDoan Desk"):
        open_database(sqlite_url(path))
    assert digest(path) == before


def test_a_failed_migration_leaves_the_file_byte_identical(v1_copy: Path, tmp_path: Path) -> None:
    scripts = broken_migrations(tmp_path, "disk full")
    before = digest(v1_copy)
    from desktop_app.persistence import migrate
    from desktop_app.persistence.database import make_engine

    engine = make_engine(sqlite_url(v1_copy))
    try:
        with pytest.raises(MigrationFailed, match="disk full") as failure:
            migrate.bring_to_head(engine, migrate.inspect_sqlite_file(v1_copy), v1_copy, None, script_location=scripts)
    finally:
        engine.dispose()
    assert "bản sao lưu" in str(failure.value)
    assert digest(v1_copy) == before
    assert revision_of(v1_copy) == "0001"


def test_restoring_a_backup_keeps_the_replaced_file(v1_copy: Path, tmp_path: Path) -> None:
    database = open_database(sqlite_url(v1_copy))
    backup = database.backup_path
    database.dispose()
    assert backup is not None
    moved = restore_backup(backup, v1_copy)
    assert moved is not None and moved.exists()
    assert revision_of(v1_copy) == "0001"
    assert revision_of(moved) == head_revision()


def test_schema_head_constant_matches_the_migrations() -> None:
    from desktop_app.persistence.migrate import SCHEMA_HEAD

    assert head_revision() == SCHEMA_HEAD
