"""Telling the clerk what an action did: a line in the main window's status bar, from any page or dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QWidget

# Long enough to be read after a dialog closes; the next message replaces it anyway.
SHOWN_FOR_MS = 15_000


def tell(widget: QWidget, message: str) -> bool:
    """Show ``message`` in the status bar of the main window ``widget`` is part of; False when there is none.

    Walks up the parents rather than ``widget.window()`` so a dialog's own widgets reach the main window too.
    """
    current: QWidget | None = widget
    while current is not None:
        if isinstance(current, QMainWindow):
            current.statusBar().showMessage(message, SHOWN_FOR_MS)
            return True
        current = current.parentWidget()
    return False
