"""Fixtures of the GUI tests: the real main window on the demo district."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.bootstrap import AppContext
from desktop_app.settings import UserSettings
from desktop_app.ui.main_window import MainWindow
from tests.conftest import TODAY


@pytest.fixture
def window(qtbot: QtBot, demo_context: AppContext) -> MainWindow:
    """The real main window on the demo district, shown and active (shortcuts reach only the active window)."""
    win = MainWindow(demo_context, UserSettings(), clock=lambda: TODAY)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    return win
