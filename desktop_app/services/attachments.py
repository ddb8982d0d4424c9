"""Copies of files kept inside the database beside a record (an incoming document's files, a CĐCS's report):
one reader, so every such copy is refused for the same reasons with the same words."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from desktop_app.domain.i18n import _
from desktop_app.domain.vntext import nfc
from desktop_app.services.errors import UserError

# A copy of a file is kept in the database; beyond this it belongs in a document system.
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class FileCopy:
    file_name: str
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _too_large(path: Path) -> UserError:
    return UserError(_("Tệp «{name}» lớn quá {limit} MB, không lưu kèm được.").format(
        name=path.name, limit=MAX_FILE_BYTES // (1024 * 1024)))


def _reason(exc: OSError) -> str:
    # The system's own words are English; the clerk reads the common cases in Vietnamese.
    if isinstance(exc, FileNotFoundError):
        return _("không có tệp này ở đường dẫn «{path}»").format(path=exc.filename or "")
    if isinstance(exc, PermissionError):
        return _("không có quyền đọc tệp này")
    return str(exc.strerror or exc)


def read_copy(path: Path, allow_empty: bool = True) -> FileCopy:
    """The file at ``path`` to keep: a readable file within the limit (also when it grew after its size was read),
    not empty unless ``allow_empty`` — else UserError naming it and why."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _too_large(path)
        if not path.is_file():
            raise UserError(_("«{name}» không phải là một tệp.").format(name=path.name))
        content = path.read_bytes()
    except OSError as exc:
        raise UserError(
            _("Không đọc được tệp «{name}»: {reason}.").format(name=path.name, reason=_reason(exc))
        ) from exc
    if len(content) > MAX_FILE_BYTES:
        raise _too_large(path)
    if not content and not allow_empty:
        raise UserError(_("Tệp «{name}» trống (0 byte), không lưu kèm được.").format(name=path.name))
    return FileCopy(nfc(path.name), content)
