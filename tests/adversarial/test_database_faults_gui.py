"""Starting the app on a healthy database that cannot be used right now: no offer to restore a backup."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.bootstrap import database_url
from desktop_app.persistence import database as database_module
from desktop_app.ui import app as app_module
from desktop_app.ui.dialogs import database_problem

FIXTURE_V1 = Path(__file__).parents[1] / "fixtures" / "schema_0001.sqlite"


def test_a_locked_database_is_not_offered_a_backup_restore(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "office.sqlite"
    shutil.copyfile(FIXTURE_V1, path)  # needs an upgrade, which needs the write lock
    original = path.read_bytes()
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 500)
    script = textwrap.dedent(
        """
        import sqlite3, sys
        conn = sqlite3.connect(sys.argv[1], isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        print("locked", flush=True)
        sys.stdin.readline()
        conn.execute("ROLLBACK")
        """
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    asked: list[tuple[str, bool]] = []

    def ask(_parent: object, message: str, can_restore: bool) -> database_problem.Choice:
        asked.append((message, can_restore))
        return database_problem.Choice.QUIT

    monkeypatch.setattr(database_problem, "ask", ask)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        assert app_module.open_with_recovery(database_url(path), path) is None
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    message, can_restore = asked[0]
    assert "đang được ghi" in message and "thử lại" in message
    assert not can_restore
    assert path.read_bytes() == original
