"""What the editor's tabs share: the edit callback they report changes through, and small form helpers
that show a value without reporting it as an edit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol, cast

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPlainTextEdit, QWidget

from desktop_app.domain.document_edit import NodePath
from desktop_app.domain.documents import MARKERS, BodyNode, OfficialDocument

#: The part of the document the body tab shows when no appendix is chosen: the document's own body.
MAIN_BODY = -1

#: How a tab reads the document as it is now (the editor's, after every edit and undo).
Current = Callable[[], OfficialDocument]
#: How a node panel edits the selected node: a function from the node to its new version, and the field typed
#: in (consecutive typing in one field merges into one undo step; ``None`` never merges). Returns the selected
#: node as it is afterwards (``None`` when nothing is selected).
EditNode = Callable[[Callable[[BodyNode], BodyNode], str | None], BodyNode | None]


class Change(Protocol):
    """How a tab reports an edit: the whole document after it, a ``key`` that merges consecutive typing in one
    field (``None``: never merged), the undo text, and the body node to select after it (if any)."""

    def __call__(self, after: OfficialDocument, key: object, text: str, select: NodePath | None = None) -> None: ...


def with_fields(node: BodyNode, **changes: Any) -> BodyNode:
    """``dataclasses.replace`` on a node of any kind (the panel shown only offers its kind's fields)."""
    return cast(BodyNode, replace(cast(Any, node), **changes))


def marker_combo() -> QComboBox:
    combo = QComboBox()
    for marker in MARKERS:
        combo.addItem(marker, marker)
    return combo


def row_of(*widgets: QWidget, grow: QWidget | None = None) -> QWidget:
    """Several widgets on one form row: ``grow`` takes the width left (else the row keeps to the left); the
    row's label's Alt+letter goes to the first widget."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget, 1 if widget is grow else 0)
    if grow is None:
        layout.addStretch(1)
    row.setFocusProxy(widgets[0])
    return row


def lines(box: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(line for line in (raw.strip() for raw in box.toPlainText().split("\n")) if line)


def set_text(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Show ``text`` without emitting an edit, and without moving the cursor when nothing changed."""
    current = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
    if current == text:
        return
    with QSignalBlocker(widget):
        if isinstance(widget, QLineEdit):
            widget.setText(text)
            widget.setCursorPosition(0)  # show the beginning of a long line, not its tail
        else:
            widget.setPlainText(text)
