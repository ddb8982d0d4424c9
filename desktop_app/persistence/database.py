"""Opening an office database: engine with the right pragmas, schema checks and migration.

Opening is the one place that decides whether a file may be used: a file that is not a
database, a corrupt one, or one written by a newer app is refused before anything is
written to it (nothing is created beside it either); an older one is backed up and migrated
first. A file that cannot be written (read-only file, folder or drive) is opened read-only
and says so; a full disk or a lock held by another program gets its own message.
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
from desktop_app.persistence import changes, migrate
from desktop_app.persistence.errors import (
    DatabaseDiskFull,
    DatabaseError,
    DatabaseReadOnly,
    DatabaseTooNew,
    DatabaseUnreadable,
    corrupt_message,
    translate,
)
from desktop_app.persistence.sqlite_file import (
    BUSY_TIMEOUT_MS,
    busy_seconds,
    check_sqlite_file,
    read_only_uri,
    why_not_writable,
)

# Execution option a unit of work sets on its connection for transactions that only read.
READ_ONLY_OPTION = "congdoan_read_only"


@dataclass
class Database:
    """An open office database; ``read_only`` when the file cannot be written (``read_only_reason`` says why)."""

    url: str
    engine: Engine
    session_factory: sessionmaker[Session]
    path: Path | None
    backup_path: Path | None = None
    read_only: bool = False
    read_only_reason: str = ""

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def where(self) -> str:
        return str(self.path) if self.path is not None else self.engine.url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _configure_sqlite(engine: Engine, read_only: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # pysqlite begins transactions itself and never around DDL; take that over so a
        # migration (and every write) is one real transaction (SQLAlchemy docs, "pysqlite").
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # The journal mode is not set here: switching a rollback-journal file to WAL rewrites its
        # header, which must not happen to a file that is then refused or fails to upgrade.
        if not read_only:
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if read_only or connection.get_execution_options().get(READ_ONLY_OPTION):
            # A reader in WAL mode sees the last commit and never waits for a writer.
            connection.exec_driver_sql("BEGIN")
            return
        # IMMEDIATE takes the write lock up front: a deferred transaction that read first and then
        # writes fails at once with "database is locked" when another writer got in between (the busy
        # timeout does not apply to that case), e.g. two clerks taking the next document number.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, read_only: bool = False) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        timeout = busy_seconds()
        if read_only and parsed.database:
            uri = read_only_uri(Path(parsed.database))

            def connect() -> sqlite3.Connection:
                return sqlite3.connect(uri, uri=True, timeout=timeout, check_same_thread=False)

            engine = create_engine(url, creator=connect)
        else:
            engine = create_engine(url, connect_args={"timeout": timeout})
        _configure_sqlite(engine, read_only)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _schema_problem_read_only(state: migrate.SchemaState, path: Path, reason: str) -> DatabaseError | None:
    if state.revision == migrate.SCHEMA_HEAD:
        return None
    if state.revision is None and not state.has_tables:
        return DatabaseReadOnly(
            _("Không tạo được cơ sở dữ liệu «{path}»: {reason}. Hãy chọn một thư mục ghi được.").format(
                path=path, reason=reason
            )
        )
    if state.revision is None:
        return DatabaseUnreadable(
            _("«{where}» có dữ liệu nhưng không phải cơ sở dữ liệu của CongDoan Desk.").format(where=path)
        )
    if state.revision not in migrate.known_revisions():
        return DatabaseTooNew(migrate.too_new_message(state.revision))
    return DatabaseReadOnly(
        _(
            "Cơ sở dữ liệu «{path}» tạo bởi phiên bản cũ hơn cần được nâng cấp, nhưng {reason} nên không "
            "nâng cấp được. Tệp không bị thay đổi. Hãy chép tệp sang thư mục ghi được rồi mở tệp đó."
        ).format(path=path, reason=reason)
    )


def _use_wal(engine: Engine) -> None:
    """Switch to WAL (readers never wait for the writer) once the file is known good and current."""
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA journal_mode = WAL")  # type: ignore[union-attr]
    except sqlite3.OperationalError:
        # Another program has the file open in rollback-journal mode; it still works, only slower.
        pass
    finally:
        raw.close()


def open_database(url: str, backups_dir: Path | None = None) -> Database:
    """Open (creating or migrating as needed) the database at ``url``.

    Raises DatabaseUnreadable, DatabaseTooNew, MigrationFailed, DatabaseReadOnly, DatabaseDiskFull or
    DatabaseBusy with a Vietnamese message; none of them leaves the file changed.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        engine = make_engine(url)
        try:
            state = migrate.inspect_engine(engine)
            backup_path = migrate.bring_to_head(engine, state, None, backups_dir)
        except Exception:
            engine.dispose()
            raise
        factory = changes.tracked_sessions(engine)
        return Database(url=url, engine=engine, session_factory=factory, path=None, backup_path=backup_path)

    if not parsed.database or parsed.database == ":memory:":
        raise DatabaseError(_("Cần một tệp cơ sở dữ liệu, không dùng cơ sở dữ liệu trong bộ nhớ."))
    path = Path(parsed.database)
    try:
        if path.is_dir():
            raise DatabaseUnreadable(_("«{path}» là một thư mục, không phải tệp dữ liệu.").format(path=path))
        check_sqlite_file(path)
    except OSError as exc:
        raise DatabaseUnreadable(
            _("Không đọc được tệp «{path}»: {reason}.").format(path=path, reason=exc.strerror or exc)
        ) from exc
    try:
        state = migrate.inspect_sqlite_file(path)
    except sqlite3.Error as exc:
        raise translate(exc, path, path, busy_seconds()) or DatabaseUnreadable(corrupt_message(path, exc)) from exc
    not_writable = why_not_writable(path)
    if not_writable is not None:
        problem = _schema_problem_read_only(state, path, not_writable)
        if problem is not None:
            raise problem
        return _read_only_database(url, path, not_writable)
    existed = {p for p in _with_side_files(path) if p.exists()}
    try:
        engine, backup_path = _open_writable(url, path, state, backups_dir)
    except DatabaseDiskFull:
        # Leave the folder as it was: SQLite creates empty -wal/-shm (or the file itself) before
        # finding there is no room.
        for created in _with_side_files(path):
            if created not in existed and created.is_file() and created.stat().st_size == 0:
                created.unlink(missing_ok=True)
        shm = path.with_name(path.name + "-shm")
        if shm not in existed and not path.with_name(path.name + "-wal").exists():
            # Only a live WAL connection gives -shm meaning, and ours never got that far.
            shm.unlink(missing_ok=True)
        if state.revision != migrate.SCHEMA_HEAD:
            raise
        return _read_only_database(url, path, _("ổ đĩa chứa tệp đã đầy (hãy giải phóng chỗ trống rồi mở lại)"))
    factory = changes.tracked_sessions(engine)
    return Database(url=url, engine=engine, session_factory=factory, path=path, backup_path=backup_path)


def _with_side_files(path: Path) -> list[Path]:
    return [path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))]


def _read_only_database(url: str, path: Path, why: str) -> Database:
    engine = make_engine(url, read_only=True)
    factory = changes.tracked_sessions(engine)
    reason = _(
        "Cơ sở dữ liệu «{path}» được mở ở chế độ chỉ đọc vì {reason}: xem được nhưng không lưu được thay "
        "đổi. Dữ liệu không bị hỏng."
    ).format(path=path, reason=why)
    return Database(url=url, engine=engine, session_factory=factory, path=path, read_only=True, read_only_reason=reason)


def _open_writable(
    url: str, path: Path, state: migrate.SchemaState, backups_dir: Path | None
) -> tuple[Engine, Path | None]:
    """The engine once the file is created or upgraded and in WAL mode; failures come out named."""
    engine = make_engine(url)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        backup_path = migrate.bring_to_head(engine, state, path, backups_dir)
        _use_wal(engine)
        # Reading once makes SQLite create its shared-memory file now, where a full disk is still
        # a reason to fall back to reading only, rather than at the clerk's first action.
        with engine.connect() as conn:
            conn.execution_options(**{READ_ONLY_OPTION: True})
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
            conn.rollback()
    except DatabaseError as exc:
        engine.dispose()
        cause = exc.__cause__
        named = translate(cause, path, path, busy_seconds()) if cause is not None else None
        if named is not None and not isinstance(named, DatabaseUnreadable):
            raise named from exc
        raise
    except Exception as exc:
        engine.dispose()
        named = translate(exc, path, path, busy_seconds())
        if named is None:
            raise
        raise named from exc
    return engine, backup_path
