"""Choosing the demo in the first-run wizard: the demo office opens in its own file, and a damaged demo
file sends the clerk back to the wizard with the file named, the office's database untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app import paths
from desktop_app.bootstrap import AppContext
from desktop_app.settings import UserSettings
from desktop_app.ui import app as app_module
from desktop_app.ui.dialogs.setup_wizard import SetupWizard
from desktop_app.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def _wizard_answers(monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> list[str]:
    """The wizard, run as the clerk would answer it: "demo" chooses the demo, "cancel" closes it."""
    asked: list[str] = []

    def exec_(wizard: SetupWizard) -> int:
        answer = answers[len(asked)]
        asked.append(answer)
        if answer == "demo":
            wizard.choose_demo()
            return 1
        return 0

    monkeypatch.setattr(SetupWizard, "exec", exec_)
    return asked


def test_the_demo_opens_in_its_own_file(qtbot: QtBot, empty_context: AppContext,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    _wizard_answers(monkeypatch, ["demo"])
    window = MainWindow(None, UserSettings())
    qtbot.addWidget(window)
    shown = app_module.finish_start(window, empty_context)
    assert shown is not None
    try:
        assert shown.database.path == app_module.demo_path_beside(shown)
        assert len(window.units_page.model.visible_units()) > 100
    finally:
        shown.close()


def test_a_damaged_demo_file_is_named_and_the_wizard_comes_back(
    qtbot: QtBot, empty_context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "demo-content"
    shutil.copytree(ROOT / "resources" / "demo", folder)
    (folder / "documents.json").write_text('{"plan_94": ', encoding="utf-8")
    monkeypatch.setattr(paths, "demo_dir", lambda: folder)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    asked = _wizard_answers(monkeypatch, ["demo", "cancel"])
    window = MainWindow(None, UserSettings())
    qtbot.addWidget(window)
    demo_file = app_module.demo_path_beside(empty_context)

    assert app_module.finish_start(window, empty_context) is None
    assert asked == ["demo", "cancel"]
    assert len(warnings) == 1 and str(folder / "documents.json") in warnings[0] and "bị hỏng" in warnings[0]
    assert not demo_file.exists()
    # The office's own database is still open and as it was.
    assert not empty_context.office.is_set_up()
