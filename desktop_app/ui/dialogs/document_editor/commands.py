"""The undo step of the editor: one change of the whole (immutable) document."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

from desktop_app.domain.document_edit import NodePath
from desktop_app.domain.documents import OfficialDocument


class EditTarget(Protocol):
    """What an undo step needs of the editor: the part shown, the selection, and a way to show a document."""

    part: int

    def selected_path(self) -> NodePath | None: ...

    def apply(self, doc: OfficialDocument, select: NodePath | None, refresh: bool) -> None: ...


class DocumentEdit(QUndoCommand):
    """One change of the document: ``before`` and ``after`` are whole (immutable) documents.

    Typing in one field pushes one command per keystroke with the same ``key``; consecutive ones merge,
    so Ctrl+Z takes back a whole field's typing rather than one letter."""

    def __init__(self, editor: EditTarget, before: OfficialDocument, after: OfficialDocument,
                 key: object, text: str, select: NodePath | None) -> None:
        super().__init__(text)
        self.editor, self.before, self.after, self.key = editor, before, after, key
        self.select_before = editor.selected_path()
        self.select_after = select if select is not None else self.select_before
        self.part = editor.part  # undo shows the part the change was made in
        self._pushed = False

    def id(self) -> int:
        return 1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (not isinstance(other, DocumentEdit) or self.key is None or other.key != self.key
                or other.part != self.part):
            return False
        self.after, self.select_after = other.after, other.select_after
        if self.after == self.before:
            # Typing undone inside the field (a line edit's own Ctrl+Z) leaves nothing to undo here: drop the
            # step, so the stack is clean again when the text is back to what was saved.
            self.setObsolete(True)
        return True

    def redo(self) -> None:
        # The first redo comes from push(): the widget that made the edit already shows it.
        self.editor.part = self.part
        self.editor.apply(self.after, self.select_after, refresh=self._pushed)
        self._pushed = True

    def undo(self) -> None:
        self.editor.part = self.part
        self.editor.apply(self.before, self.select_before, refresh=True)
