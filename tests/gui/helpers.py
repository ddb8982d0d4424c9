"""Driving modal dialogs from pytest-qt: act on the next modal window once it is open."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


def when_modal(action: Callable[[QWidget], None], kind: type[QWidget] = QWidget, attempts: int = 200) -> None:
    """Call ``action(dialog)`` as soon as a modal ``kind`` is shown (polls the event loop)."""

    def poll(remaining: int) -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible():
            action(widget)
        elif remaining > 0:
            QTimer.singleShot(20, lambda: poll(remaining - 1))
        else:
            raise AssertionError(f"no modal {kind.__name__} appeared")

    QTimer.singleShot(0, lambda: poll(attempts))


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` key by key, Vietnamese letters included (QTest.keyClicks asserts on non-ASCII)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))
