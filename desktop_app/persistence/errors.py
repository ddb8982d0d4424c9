"""Why a database cannot be used, each with a Vietnamese message for the clerk.

SQLite reports a read-only folder, a full disk, a lock held by another program and real damage
with different result codes; each gets its own error here so that only real damage is ever called
damage (the clerk would otherwise restore a backup they do not need).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from desktop_app.domain.i18n import _


class DatabaseError(Exception):
    """A database cannot be used; the message says why in Vietnamese."""


class DatabaseUnreadable(DatabaseError):
    """Not a database, or a damaged one: offer to open another file or restore a backup."""


class DatabaseTooNew(DatabaseError):
    """Written by a newer version of the app: refuse and leave it untouched."""


class MigrationFailed(DatabaseError):
    """Upgrading the schema failed; the file is as it was and a backup exists."""


class DatabaseReadOnly(DatabaseError):
    """The file, its folder or its drive cannot be written: nothing was saved, nothing is damaged."""


class DatabaseDiskFull(DatabaseError):
    """The drive is full: the change was not saved and the file is as it was."""


class DatabaseBusy(DatabaseError):
    """Another program held the database for writing longer than the wait allows: try again later."""


class RecordChangedElsewhere(DatabaseError):
    """Another clerk (or program) saved the same record between this one's reading and saving it."""


# SQLite primary result codes (the low byte of an extended code).
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26


def sqlite_code(exc: BaseException) -> int | None:
    """The primary SQLite result code behind ``exc`` (looking down the cause chain), if any."""
    seen: BaseException | None = exc
    while seen is not None:
        code = getattr(seen, "sqlite_errorcode", None)
        if isinstance(seen, sqlite3.Error) and isinstance(code, int):
            return code & 0xFF
        orig = getattr(seen, "orig", None)
        if isinstance(orig, BaseException) and orig is not seen:
            seen = orig
            continue
        seen = seen.__cause__ or seen.__context__
    return None


def os_errno(exc: BaseException) -> int | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno is not None:
            return seen.errno
        seen = seen.__cause__ or seen.__context__
    return None


def holders_of(path: Path) -> list[str]:
    """Programs on this computer that have the database (or its journal) open, as "name (pid N)".

    Only Linux shows this (/proc); elsewhere, and for other computers sharing the folder, the list
    is empty and the message stays general.
    """
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    try:
        target = path.resolve()
    except OSError:
        return []
    wanted = {str(target), *(str(target) + suffix for suffix in ("-wal", "-journal", "-shm"))}
    found: list[str] = []
    me = os.getpid()
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            if any(os.readlink(fd) in wanted for fd in (entry / "fd").iterdir()):
                name = (entry / "comm").read_text(encoding="utf-8", errors="replace").strip()
                found.append(_("{name} (pid {pid})").format(name=name, pid=entry.name))
        except OSError:
            continue
    return found


def read_only_message(where: object) -> str:
    return _(
        "Cơ sở dữ liệu «{where}» chỉ đọc được (tệp, thư mục hoặc ổ đĩa không cho ghi): thay đổi vừa rồi "
        "chưa được lưu. Dữ liệu không bị hỏng. Hãy xin quyền ghi vào thư mục, hoặc chép tệp sang thư mục "
        "ghi được rồi mở tệp đó."
    ).format(where=where)


def disk_full_message(where: object) -> str:
    return _(
        "Ổ đĩa chứa cơ sở dữ liệu «{where}» đã đầy: thay đổi chưa được lưu và tệp dữ liệu vẫn như cũ, "
        "không bị hỏng. Hãy xóa bớt tệp để giải phóng chỗ trống trên ổ đĩa rồi thử lại."
    ).format(where=where)


def busy_message(where: object, seconds: float, path: Path | None) -> str:
    holders = holders_of(path) if path is not None else []
    who = (
        _("Chương trình đang giữ tệp: {holders}.").format(holders=", ".join(holders))
        if holders
        else _("Có thể là một cửa sổ CongDoan Desk khác, hoặc một máy khác dùng chung thư mục này.")
    )
    return _(
        "Cơ sở dữ liệu «{where}» đang được ghi bởi một chương trình khác và vẫn bị khóa sau {seconds:g} giây "
        "chờ. {who} Thay đổi chưa được lưu, dữ liệu không bị hỏng. Hãy chờ chương trình đó ghi xong "
        "(hoặc đóng nó) rồi thử lại."
    ).format(where=where, seconds=seconds, who=who)


def corrupt_message(where: object, detail: object) -> str:
    return _("Cơ sở dữ liệu «{where}» bị hỏng, không mở được ({reason}).").format(where=where, reason=detail)


def _nearly_full(path: Path | None) -> bool:
    # An I/O error while the drive has no room left is the full disk (SQLite says "disk I/O error"
    # when growing its shared-memory file fails), not damage.
    if path is None:
        return False
    try:
        return shutil.disk_usage(path.parent).free < 256 * 1024
    except OSError:
        return False


def translate(exc: BaseException, where: object, path: Path | None, wait_seconds: float) -> DatabaseError | None:
    """The clerk-facing error for a database failure, or None when it is not one we can name."""
    code = sqlite_code(exc)
    errno = os_errno(exc)
    if code in (SQLITE_READONLY, SQLITE_CANTOPEN) or errno in (30, 13, 1):  # EROFS, EACCES, EPERM
        return DatabaseReadOnly(read_only_message(where))
    if code == SQLITE_FULL or errno in (28, 122) or (code == SQLITE_IOERR and _nearly_full(path)):
        return DatabaseDiskFull(disk_full_message(where))
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return DatabaseBusy(busy_message(where, wait_seconds, path))
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return DatabaseUnreadable(corrupt_message(where, exc.__cause__ or exc))
    return None
