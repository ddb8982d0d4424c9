"""Pieces every form dialog uses: the inline error line, labelled rows, and the button row."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QPlainTextEdit, QWidget

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a4b00;"  # something to look at, not a refusal
UNDERSTOOD_STYLE = "color: #1b5e20;"  # what the app read from the clerk's words, when it read them


class ErrorLabel(QLabel):
    """A red line under a form: the reason an action was refused, kept beside what was typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.hide()

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))


def labelled_rows(form: QFormLayout, rows: list[tuple[str, QWidget]]) -> None:
    """Add "label: field" rows whose label mnemonics (Alt+letter) move to their field."""
    for text, widget in rows:
        label = QLabel(text)
        label.setBuddy(widget)
        form.addRow(label, widget)


def dialog_buttons(dialog: QDialog, accept_text: str, save: bool = False) -> QDialogButtonBox:
    """The accept/cancel row in Vietnamese, wired to the dialog's accept() and reject()."""
    accept = QDialogButtonBox.StandardButton.Save if save else QDialogButtonBox.StandardButton.Ok
    cancel = QDialogButtonBox.StandardButton.Cancel
    buttons = QDialogButtonBox(accept | cancel)
    buttons.button(accept).setText(accept_text)
    buttons.button(cancel).setText(dialog.tr("Hủy"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def text_box(lines: int) -> QPlainTextEdit:
    """A few lines of text in a form: Tab moves to the next field as in every other box (nobody types a tab
    in a summary), and the box is as tall as ``lines`` lines."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box
