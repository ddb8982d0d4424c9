"""Schema versions: find where a database stands and bring it to the app's version safely.

An older database is copied with SQLite's backup API before it is touched, and upgraded in
one transaction, so a failed upgrade leaves the file exactly as it was.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from desktop_app import paths
from desktop_app.domain.i18n import _
from desktop_app.persistence.errors import DatabaseTooNew, DatabaseUnreadable, MigrationFailed
from desktop_app.persistence.sqlite_file import read_only_uri

if TYPE_CHECKING:
    from alembic.config import Config

VERSION_TABLE = "alembic_version"
# The newest revision in db/versions, known without loading Alembic (about 0.2 s at start-up)
# so that opening an up-to-date database never imports it; a test keeps it equal to Alembic's head.
SCHEMA_HEAD = "0007"


@dataclass(frozen=True)
class SchemaState:
    """Where a database stands: its schema revision (None when unversioned) and whether it has tables."""

    revision: str | None
    has_tables: bool


def alembic_config(script_location: Path | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location or paths.migrations_dir()))
    return config


def head_revision(script_location: Path | None = None) -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(script_location)).get_current_head()
    if head is None:
        raise RuntimeError("no migrations found")
    return head


def known_revisions(script_location: Path | None = None) -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(script_location))
    return {rev.revision for rev in script.walk_revisions()}



def too_new_message(revision: str) -> str:
    return _(
        "Cơ sở dữ liệu này được tạo bởi phiên bản CongDoan Desk mới hơn (lược đồ {revision}). "
        "Hãy cài phiên bản mới nhất của phần mềm; tệp dữ liệu không bị thay đổi."
    ).format(revision=revision)


def inspect_sqlite_file(path: Path) -> SchemaState:
    """Read the schema state without writing to the file (it may be one we refuse)."""
    if not path.exists() or path.stat().st_size == 0:
        return SchemaState(None, False)
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = None
        if VERSION_TABLE in tables:
            row = conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
            revision = row[0] if row else None
    finally:
        conn.close()
    return SchemaState(revision, bool(tables - {VERSION_TABLE}))


def inspect_engine(engine: Engine) -> SchemaState:
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        revision = None
        if VERSION_TABLE in tables:
            revision = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    return SchemaState(revision, bool(tables - {VERSION_TABLE}))


def backup_sqlite(path: Path, target: Path) -> Path:
    """Copy a live SQLite database consistently (WAL included) with the backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    except BaseException:
        # A half-written copy (full disk) must not pass for a backup later.
        for leftover in (target, target.with_name(target.name + "-journal")):
            leftover.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    return target


def bring_to_head(
    engine: Engine,
    state: SchemaState,
    path: Path | None,
    backups_dir: Path | None,
    script_location: Path | None = None,
    target: str = "head",
) -> Path | None:
    """Migrate to ``target``; return the path of the backup taken first, if any."""
    if script_location is None and target == "head" and state.revision == SCHEMA_HEAD:
        return None
    location = script_location or paths.migrations_dir()
    head = head_revision(location) if target == "head" else target
    if state.revision == head:
        return None
    if state.revision is None and state.has_tables:
        where = path if path is not None else engine.url.render_as_string(hide_password=True)
        raise DatabaseUnreadable(
            _("«{where}» có dữ liệu nhưng không phải cơ sở dữ liệu của CongDoan Desk.").format(where=where)
        )
    if state.revision is not None and state.revision not in known_revisions(location):
        raise DatabaseTooNew(too_new_message(state.revision))
    backup_path = None
    if path is not None and state.revision is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = backups_dir or paths.backups_dir(path)
        backup_path = backup_sqlite(path, folder / f"{path.stem}-truoc-nang-cap-{state.revision}-{stamp}.sqlite")
    try:
        _upgrade(engine, location, target)
    except Exception as exc:
        raise MigrationFailed(
            _(
                "Nâng cấp cơ sở dữ liệu thất bại ({reason}). Dữ liệu được giữ nguyên như trước khi nâng cấp{backup}."
            ).format(
                reason=exc,
                backup=_("; bản sao lưu: {path}").format(path=backup_path) if backup_path else "",
            )
        ) from exc
    return backup_path


def _upgrade(engine: Engine, location: Path, target: str) -> None:
    from alembic import command

    config = alembic_config(location)
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        # Batch migrations recreate tables; foreign keys are checked once at the end instead.
        if sqlite and raw is not None:
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                command.upgrade(config, target)
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"foreign key check failed: {broken[:3]}")
        finally:
            if sqlite and raw is not None:
                raw.execute("PRAGMA foreign_keys = ON")


def restore_backup(backup: Path, target: Path) -> Path | None:
    """Put ``backup`` in place of ``target``; the file it replaces is kept beside it, renamed.

    Returns where the replaced file went (None when there was none).
    """
    from desktop_app.persistence.sqlite_file import check_sqlite_file

    check_sqlite_file(backup)
    moved = None
    if target.exists():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        moved = target.with_name(f"{target.stem}-thay-the-{stamp}{target.suffix}")
        target.rename(moved)
        for suffix in ("-wal", "-shm"):
            side = target.with_name(target.name + suffix)
            if side.exists():
                side.rename(moved.with_name(moved.name + suffix))
    backup_sqlite(backup, target)
    return moved
