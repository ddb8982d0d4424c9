"""An SQLite file as a file: is it a database, whole, with a readable schema — checked without SQLAlchemy.

Opening an office (persistence.database) and listing its first page before SQLAlchemy loads
(persistence.quick_read) refuse the same files by the same checks, and neither changes a byte of the file.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from desktop_app.domain.i18n import _
from desktop_app.persistence.errors import DatabaseUnreadable, translate

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_BYTES = 100
# Below this size opening also runs PRAGMA quick_check, which reads every page: a fraction of a second even
# from a slow disk, where a 6 GB office with years of attachments takes 7–18 s (docs/decisions/0011).
FULL_CHECK_LIMIT_BYTES = 64 * 1024 * 1024
BUSY_TIMEOUT_MS = 10_000

def busy_seconds() -> float:
    return BUSY_TIMEOUT_MS / 1000


def read_only_uri(path: Path) -> str:
    """An SQLite URI that reads ``path`` without writing it or creating anything beside it.

    Even a read-only connection creates -wal and -shm beside a WAL-mode file. When no -wal file
    exists no program has the file open in WAL mode, so it is opened as immutable instead (which
    also works in a read-only folder, where SQLite could not create them at all).
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        with path.open("rb") as handle:
            header = handle.read(20)
    except OSError:
        return uri
    wal_mode = len(header) == 20 and header[18] == 2
    if wal_mode and not path.with_name(path.name + "-wal").exists():
        uri += "&immutable=1"
    return uri


def check_sqlite_file(path: Path, thorough: bool | None = None) -> None:
    """Refuse a file that is not an SQLite database, is cut short, or whose schema or tables cannot be read.

    Every check here reads a few pages whatever the file's size: the header, the schema and the first
    page of each table (docs/decisions/0011-opening-large-databases.md). ``PRAGMA quick_check``, which
    reads every page, runs too when ``thorough`` is True or, by default, when the file is smaller than
    ``FULL_CHECK_LIMIT_BYTES``. Only these checks (or SQLite itself saying the file is damaged) make a
    file "corrupt": a lock held by another program or an unreadable file each get their own error.
    """
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(HEADER_BYTES)
        size = path.stat().st_size
    except OSError as exc:
        raise DatabaseUnreadable(
            _("Không đọc được tệp «{path}»: {reason}.").format(path=path, reason=exc.strerror or exc)
        ) from exc
    if not _is_sqlite_header(header):
        raise DatabaseUnreadable(
            _("Tệp «{path}» không phải là cơ sở dữ liệu của CongDoan Desk (hoặc đã bị hỏng).").format(path=path)
        )
    _check_length(path, header, size)
    if thorough is None:
        thorough = size < FULL_CHECK_LIMIT_BYTES
    try:
        # Read-only, and without creating -wal/-shm: checking must not change a byte of (or beside)
        # a file we may end up refusing.
        conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=busy_seconds())
        try:
            result = _read_schema_and_tables(conn)
            if thorough and not result:
                result = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
                result = [] if result == ["ok"] else result
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise translate(exc, path, path, busy_seconds()) or DatabaseUnreadable(
            _("Không đọc được cơ sở dữ liệu «{path}» ({reason}).").format(path=path, reason=exc)
        ) from exc
    if result:
        raise DatabaseUnreadable(
            _("Cơ sở dữ liệu «{path}» bị hỏng: {detail}.").format(path=path, detail="; ".join(result[:3]))
        )


def _is_sqlite_header(header: bytes) -> bool:
    """The fixed parts of the 100-byte header (sqlite.org/fileformat.html, 1.3): what SQLite itself checks
    before calling a file a database."""
    if len(header) < HEADER_BYTES or header[: len(SQLITE_HEADER)] != SQLITE_HEADER:
        return False
    page_size = _page_size(header)
    return (
        512 <= page_size <= 65536
        and page_size & (page_size - 1) == 0
        and header[18] in (1, 2)
        and header[19] in (1, 2)
        and header[21:24] == b"\x40\x20\x20"
    )


def _page_size(header: bytes) -> int:
    value = int.from_bytes(header[16:18], "big")
    return 65536 if value == 1 else value


def _check_length(path: Path, header: bytes, size: int) -> None:
    """Refuse a file shorter than the pages its header counts: a copy cut short (a full USB stick, a
    download stopped half-way) reads as healthy until the clerk reaches a page that is not there."""
    page_size = _page_size(header)
    page_count = int.from_bytes(header[28:32], "big")
    # The count is only kept up to date by SQLite 3.7.0 and later; otherwise it is the file's size.
    count_is_valid = header[92:96] == header[24:28] and page_count > 0
    if count_is_valid and size < page_count * page_size:
        raise DatabaseUnreadable(
            _(
                "Cơ sở dữ liệu «{path}» bị hỏng: tệp bị cắt cụt, chỉ có {size} byte thay vì {expected} byte "
                "(thường do chép chưa xong hoặc ổ đĩa đầy khi chép). Hãy chép lại tệp hoặc khôi phục bản sao lưu."
            ).format(path=path, size=_thousands(size), expected=_thousands(page_count * page_size))
        )


def _thousands(count: int) -> str:
    return f"{count:,}".replace(",", ".")


def _read_schema_and_tables(conn: sqlite3.Connection) -> list[str]:
    """Read the whole schema and step onto the first row of every table (its root page and the pages down to
    its first leaf); the problems found, empty when none. A damaged page there raises sqlite3.DatabaseError."""
    conn.execute("BEGIN")
    page_count = int(conn.execute("PRAGMA page_count").fetchone()[0])
    objects = conn.execute("SELECT type, name, rootpage, sql FROM sqlite_master").fetchall()
    problems = [
        _("«{name}» nằm ở trang {page}, ngoài {count} trang của tệp").format(name=name, page=root, count=page_count)
        for _kind, name, root, _sql in objects
        if root is not None and root > page_count
    ]
    if problems:
        return problems
    for kind, name, root, _sql in objects:
        if kind == "table" and root:
            quoted = '"' + str(name).replace('"', '""') + '"'
            # NOT INDEXED walks the table's own b-tree, and selecting no column leaves the row's
            # overflow pages (an attachment's megabytes) unread.
            conn.execute(f"SELECT 1 FROM {quoted} NOT INDEXED LIMIT 1").fetchall()
    return []


def why_not_writable(path: Path) -> str | None:
    """Why the database at ``path`` (or a new one there) cannot be written, or None when it can."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    # os.access reports a read-only mount (EROFS) and an immutable file even to root, for whom
    # permission bits alone mean nothing; SQLite also needs the folder for its journal files.
    if path.exists() and not os.access(path, os.W_OK):
        return _("tệp không cho ghi")
    if not os.access(folder, os.W_OK | os.X_OK):
        return _("thư mục «{folder}» không cho ghi").format(folder=folder)
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return _("ổ đĩa chỉ cho đọc")
    except OSError:
        pass
    return None
