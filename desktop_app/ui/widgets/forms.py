"""Pieces every form dialog uses: the inline error line, labelled rows, and the button row."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QWidget,
)

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a4b00;"  # something to look at, not a refusal
UNDERSTOOD_STYLE = "color: #1b5e20;"  # what the app read from the clerk's words, when it read them


# Wider than this on one line, a form label wraps.
LONG_LABEL_WIDTH = 220


class WrappedLabel(QLabel):
    """A word-wrapped label that is always as tall as its wrapped lines, with room above for stacked accents.

    A plain word-wrapped QLabel in a form row is given the height of the field beside it (one line); its two
    lines are then centred in one line's height and the top of the first line is cut off, which shows first
    on Vietnamese capitals and stacked marks (Ấ, Ễ, Ổ). Here the label asks for the height its text needs at
    its current width, plus a few pixels for marks above the font's ascent.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._needed = 0
        # Only a long label wraps: a form gives a wrapped label as little width as it can, so a short one
        # would break after every word.
        if self.fontMetrics().horizontalAdvance(text.replace("&", "")) > LONG_LABEL_WIDTH:
            self.setWordWrap(True)
            self.setMinimumWidth(LONG_LABEL_WIDTH)

    def needed_height(self, width: int) -> int:
        metrics = self.fontMetrics()
        headroom = max(3, metrics.height() // 5)
        if self.textFormat() == Qt.TextFormat.RichText or (
            self.textFormat() == Qt.TextFormat.AutoText and self.text().lstrip().startswith("<")
        ):
            return max(super().heightForWidth(width), metrics.height()) + headroom
        margins = self.contentsMargins()
        inner = max(width - margins.left() - margins.right() - 2 * self.margin(), 1)
        flags = int(Qt.TextFlag.TextWordWrap) | int(self.alignment())
        text_height = metrics.boundingRect(QRect(0, 0, inner, 100_000), flags, self.text()).height()
        return text_height + headroom + margins.top() + margins.bottom() + 2 * self.margin()

    def show_text(self, text: str) -> None:
        """setText, then the height for the new text (QLabel.setText is not virtual)."""
        self.setText(text)
        self._fit(self.width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit(event.size().width())

    def _fit(self, width: int) -> None:
        if width <= 0 or not self.wordWrap():
            return
        needed = self.needed_height(width)
        if needed != self._needed:
            self._needed = needed
            self.setMinimumHeight(needed)


class ErrorLabel(WrappedLabel):
    """A red line under a form: the reason an action was refused, kept beside what was typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setWordWrap(True)
        self.setStyleSheet(ERROR_STYLE)
        self.hide()

    def show_message(self, message: str) -> None:
        self.show_text(message)
        self.setVisible(bool(message))


def labelled_rows(form: QFormLayout, rows: list[tuple[str, QWidget]]) -> None:
    """Add "label: field" rows whose label mnemonics (Alt+letter) move to their field."""
    for text, widget in rows:
        label = WrappedLabel(text)
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


def resize_within_screen(window: QWidget, width: int, height: int) -> None:
    """Resize to ``width``×``height``, or to what the screen leaves (1366×768 leaves about 1366×728)."""
    screen = window.screen().availableGeometry()
    # Room for the title bar and the frame, which the available geometry does not count.
    window.resize(min(width, screen.width() - 16), min(height, screen.height() - 40))


def rows_follow_column_widths(table: QTableView) -> None:
    """Wrapped cells keep the height their text needs whenever a column's width changes (a stretched last
    column gets its width only once the table is shown, after the rows were first measured)."""
    table.setWordWrap(True)
    # Once per pass of the event loop: fitting all columns resizes each of them in turn.
    timer = QTimer(table)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(table.resizeRowsToContents)
    table.horizontalHeader().sectionResized.connect(lambda *_args: timer.start())
