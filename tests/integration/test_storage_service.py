"""Restoring a backup and naming the schema through the storage service, as the start-up screens do."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.bootstrap import AppContext
from desktop_app.persistence.migrate import backup_sqlite, head_revision
from desktop_app.services.errors import UserError
from desktop_app.services.storage import restore_backup, schema_revision


def test_restore_where_no_file_can_be_written_says_which_files_in_vietnamese(
    context: AppContext, tmp_path: Path
) -> None:
    assert context.database.path is not None
    backup = backup_sqlite(context.database.path, tmp_path / "backups" / "ban-sao.sqlite")
    # The "folder" is a plain file: the copy fails with an OSError whatever the user's rights.
    (tmp_path / "khong-phai-thu-muc").write_text("x", encoding="utf-8")
    target = tmp_path / "khong-phai-thu-muc" / "office.sqlite"
    with pytest.raises(UserError) as caught:
        restore_backup(backup, target)
    message = str(caught.value)
    assert message.startswith("Không khôi phục được")
    assert "ban-sao.sqlite" in message and str(target) in message
    assert (tmp_path / "khong-phai-thu-muc").read_text(encoding="utf-8") == "x"


def test_restore_of_a_file_that_is_no_database_is_refused_and_changes_nothing(
    context: AppContext, tmp_path: Path
) -> None:
    assert context.database.path is not None
    target = tmp_path / "office.sqlite"
    backup_sqlite(context.database.path, target)
    before = target.read_bytes()
    notes = tmp_path / "ghi-chu.sqlite"
    notes.write_text("không phải cơ sở dữ liệu " * 200, encoding="utf-8")
    with pytest.raises(UserError, match=r"ghi-chu\.sqlite"):
        restore_backup(notes, target)
    assert target.read_bytes() == before


def test_location_and_schema_revision(context: AppContext) -> None:
    assert context.storage.location() == str(context.database.path)
    assert schema_revision() == head_revision()
