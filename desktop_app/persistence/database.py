"""Opening an office database: engine with the right pragmas, schema checks and migration.

Opening is the one place that decides whether a file may be used: a file that is not a
database, a corrupt one, or one written by a newer app is refused before anything is
written to it; an older one is backed up and migrated first.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.domain.i18n import _
from desktop_app.persistence import migrate
from desktop_app.persistence.errors import DatabaseError, DatabaseUnreadable

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


@dataclass
class Database:
    """An open office database."""

    url: str
    engine: Engine
    session_factory: sessionmaker[Session]
    path: Path | None
    backup_path: Path | None = None

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def dispose(self) -> None:
        self.engine.dispose()


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # pysqlite begins transactions itself and never around DDL; take that over so a
        # migration (and every write) is one real transaction (SQLAlchemy docs, "pysqlite").
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock up front: a deferred transaction that read first and then
        # writes fails at once with "database is locked" when another writer got in between (the busy
        # timeout does not apply to that case), e.g. two clerks taking the next document number.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not an SQLite database or fails SQLite's integrity check."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseUnreadable(
            _("Không đọc được tệp «{path}»: {reason}.").format(path=path, reason=exc.strerror or exc)
        ) from exc
    if header != SQLITE_HEADER:
        raise DatabaseUnreadable(
            _("Tệp «{path}» không phải là cơ sở dữ liệu của CongDoan Desk (hoặc đã bị hỏng).").format(path=path)
        )
    try:
        # Read-only: checking must not change a byte of a file we may end up refusing.
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            result = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseUnreadable(
            _("Cơ sở dữ liệu «{path}» bị hỏng, không mở được ({reason}).").format(path=path, reason=exc)
        ) from exc
    if result != ["ok"]:
        raise DatabaseUnreadable(
            _("Cơ sở dữ liệu «{path}» bị hỏng: {detail}.").format(path=path, detail="; ".join(result[:3]))
        )


def open_database(url: str, backups_dir: Path | None = None) -> Database:
    """Open (creating or migrating as needed) the database at ``url``.

    Raises DatabaseUnreadable, DatabaseTooNew or MigrationFailed with a Vietnamese message.
    """
    parsed = make_url(url)
    path: Path | None = None
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise DatabaseError(_("Cần một tệp cơ sở dữ liệu, không dùng cơ sở dữ liệu trong bộ nhớ."))
        path = Path(parsed.database)
        if path.is_dir():
            raise DatabaseUnreadable(_("«{path}» là một thư mục, không phải tệp dữ liệu.").format(path=path))
        check_sqlite_file(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        state = migrate.inspect_sqlite_file(path)
    else:
        state = None
    engine = make_engine(url)
    try:
        if state is None:
            state = migrate.inspect_engine(engine)
        backup_path = migrate.bring_to_head(engine, state, path, backups_dir)
    except Exception:
        engine.dispose()
        raise
    factory = sessionmaker(engine, expire_on_commit=False)
    return Database(url=url, engine=engine, session_factory=factory, path=path, backup_path=backup_path)
