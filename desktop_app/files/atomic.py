"""Whole-or-nothing output files, and the refusal to write over the open database or a command's own input.

Every file the app writes for the clerk (PDF, Word, Excel, signed PDF) goes through ``atomic_output``: the
writer fills a temporary file in the target's folder, which is renamed into place only once it is complete, so a
full disk or a failed writer leaves neither a partial file nor a stray temporary one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

from desktop_app.domain.i18n import _

__all__ = [
    "OutputPathError",
    "atomic_output",
    "check_output_folder",
    "check_output_path",
    "database_files",
    "protect_database",
    "release_database",
    "write_bytes_atomically",
]

#: Files SQLite keeps beside a database while it is open; overwriting any of them corrupts the database.
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


class OutputPathError(Exception):
    """The output cannot be written where asked; the message says why and what to do, in Vietnamese."""


def database_files(database: Path) -> tuple[Path, ...]:
    """The database file and the side files SQLite may keep beside it."""
    return (database, *(database.with_name(database.name + side) for side in SQLITE_SIDE_FILES))


#: The databases open in this process. Every output refuses them, whichever screen or command asked for it, so no
#: save dialog or option can write a PDF over the clerk's data.
_OPEN_DATABASES: set[Path] = set()


def protect_database(path: Path) -> None:
    """From now on no output of this process may replace ``path`` or its side files (the database was opened)."""
    _OPEN_DATABASES.add(Path(path))


def release_database(path: Path) -> None:
    """The database at ``path`` was closed."""
    _OPEN_DATABASES.discard(Path(path))


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.resolve() == b.resolve():
            return True
    except OSError:
        pass
    # Hard links, symbolic links through other folders, case-insensitive file systems: ask the file system.
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_output_path(target: Path, *, database: Path | None = None, inputs: Iterable[Path] = ()) -> None:
    """Refuse ``target`` if it is ``database``, a database this process has open (or one of their side files), or
    one of the inputs."""
    databases = {*_OPEN_DATABASES, *([database] if database is not None else [])}
    for open_database in databases:
        for protected in database_files(open_database):
            if _same_file(target, protected):
                raise OutputPathError(
                    _("Không ghi ra «{path}»: đó là tệp cơ sở dữ liệu đang mở «{db}». Hãy chọn tên tệp khác.")
                    .format(path=target, db=open_database.name))
    for source in inputs:
        if _same_file(target, source):
            raise OutputPathError(
                _("Không ghi ra «{path}»: đó cũng là tệp đầu vào của lệnh, ghi đè sẽ làm mất tệp gốc. "
                  "Hãy chọn tên tệp khác.").format(path=target))
    if target.is_dir():
        raise OutputPathError(_("Không ghi ra «{path}»: đó là một thư mục. Hãy ghi rõ tên tệp.").format(path=target))


def check_output_folder(target: Path) -> None:
    """Refuse a target in a folder that does not exist: on the command line a mistyped folder is refused rather
    than created, as a mistyped database path is (the GUI's file dialogs may create folders on purpose)."""
    folder = target.parent
    if not folder.is_dir():
        raise OutputPathError(_("Không ghi ra «{path}»: không có thư mục «{folder}». Hãy kiểm tra đường dẫn hoặc tạo "
                                "thư mục trước.").format(path=target, folder=folder))


def check_folder_writable(folder: Path) -> None:
    """Refuse a folder this program cannot create a file in. Tried with a real file: permission bits say nothing of
    a read-only mount or of a share's own rules."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise OutputPathError(_("Không ghi được vào thư mục «{path}» ({reason}). Hãy chọn thư mục khác.").format(
            path=folder, reason=exc.strerror or exc)) from None


def _temporary_name(target: Path) -> Path:
    # Not mkstemp: its 0600 mode would survive os.replace and hide the file from colleagues on a share. The suffix
    # stays last because some writers pick the format from it.
    return target.with_name(f".{target.stem}.{uuid.uuid4().hex[:12]}.tmp{target.suffix}")


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target`` for a writer to fill; on success it replaces ``target``.

    If the block raises, the temporary file is removed and ``target`` is left as it was. ``OSError`` from the final
    rename propagates like the writer's own. ``OutputPathError`` is raised before anything is written when
    ``target`` is an open database (see ``protect_database``).
    """
    target = Path(target)
    check_output_path(target)
    temp = _temporary_name(target)
    try:
        yield temp
        with open(temp, "rb+") as fh:  # the data must be on the disk before the name points at it
            os.fsync(fh.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def write_bytes_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` whole or not at all."""
    with atomic_output(target) as temp:
        temp.write_bytes(data)
