"""Actions with keyboard shortcuts, made the same way on every screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

Keys = QKeySequence | QKeySequence.StandardKey | Qt.Key | str | None


def add_action(
    owner: QWidget,
    text: str,
    keys: Keys,
    slot: Callable[[], object],
    context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
) -> QAction:
    """An action owned by ``owner`` that runs ``slot``.

    The shortcut is window-wide by default, so it works wherever the focus is (the navigation list too);
    Qt ignores the shortcuts of pages and tabs that are not shown, so two screens may share a key.
    """
    act = QAction(text, owner)
    if keys:
        act.setShortcut(QKeySequence(keys))
        act.setShortcutContext(context)
    act.triggered.connect(slot)
    owner.addAction(act)
    return act
