"""Where the office's database file lives, and moving it to another data folder."""

from __future__ import annotations

from pathlib import Path

from desktop_app.domain.i18n import _
from desktop_app.persistence.database import Database
from desktop_app.persistence.migrate import backup_sqlite
from desktop_app.services.errors import UserError


class StorageService:
    def __init__(self, database: Database) -> None:
        self._database = database

    @property
    def database_path(self) -> Path | None:
        """The SQLite file in use (None on a database server)."""
        return self._database.path

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
