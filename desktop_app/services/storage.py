"""Where the office's database file lives: moving it, restoring a backup over it, its schema version.

The GUI reaches the database's files only through here; ``DatabaseError`` and ``DatabaseUnreadable`` are the
errors opening an office can raise (bootstrap.open_context), named here so the screens need not know the
persistence layer.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.domain.i18n import _
from desktop_app.persistence.database import Database
from desktop_app.persistence.errors import DatabaseError, DatabaseUnreadable
from desktop_app.persistence.migrate import backup_sqlite, head_revision
from desktop_app.persistence.migrate import restore_backup as _restore_backup
from desktop_app.services.errors import UserError

__all__ = ["DatabaseError", "DatabaseUnreadable", "StorageService", "restore_backup", "schema_revision"]


def restore_backup(backup: Path, target: Path) -> Path | None:
    """Put ``backup`` in place of ``target``, keeping the replaced file beside it under a new name.

    Returns where the replaced file went (None when there was none). A backup that is not a healthy
    database, or a file that cannot be moved or written, raises UserError saying which file and why.
    """
    try:
        return _restore_backup(backup, target)
    except DatabaseUnreadable as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        message = _("Không khôi phục được «{backup}» vào «{target}»: {reason}.")
        raise UserError(message.format(backup=backup, target=target, reason=exc.strerror or exc)) from exc


def schema_revision() -> str:
    """The schema version this app writes (an office is always upgraded to it when opened)."""
    return head_revision()


class StorageService:
    def __init__(self, database: Database) -> None:
        self._database = database

    @property
    def database_path(self) -> Path | None:
        """The SQLite file in use (None on a database server)."""
        return self._database.path

    @property
    def read_only(self) -> bool:
        """Nothing can be saved (a read-only file, folder or drive); ``read_only_reason`` says why."""
        return self._database.read_only

    @property
    def read_only_reason(self) -> str:
        return self._database.read_only_reason

    def location(self) -> str:
        """Where the office's data is, for the clerk to read: the file, or the server without its password."""
        if self._database.path is not None:
            return str(self._database.path)
        return self._database.engine.url.render_as_string(hide_password=True)

    def copy_to_folder(self, folder: Path) -> Path:
        """Copy the live database into ``folder`` (consistently, WAL included); refuse to overwrite."""
        source = self._database.path
        if source is None:
            raise UserError(_("Cơ sở dữ liệu nằm trên máy chủ, không có tệp để chuyển thư mục."))
        target = folder / source.name
        if target.resolve() == source.resolve():
            return target
        if target.exists():
            message = _("Thư mục «{folder}» đã có tệp dữ liệu «{name}»; không ghi đè.")
            raise UserError(message.format(folder=folder, name=source.name))
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return backup_sqlite(source, target)
        except OSError as exc:
            message = _("Không chép được dữ liệu sang «{folder}»: {reason}.")
            raise UserError(message.format(folder=folder, reason=exc.strerror or exc)) from exc
