"""Questions to the clerk with Vietnamese answer buttons (Qt ships no Vietnamese translation of its own)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def ask(parent: QWidget | None, title: str, text: str, answers: list[str], default: int = 0) -> int | None:
    """Show ``text`` with one button per answer; the index of the one pressed, None for Esc/close.

    The last answer is the cancelling one (Esc), so list it last ("Hủy").
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    buttons = []
    for position, answer in enumerate(answers):
        last = position == len(answers) - 1
        role = QMessageBox.ButtonRole.RejectRole if last else QMessageBox.ButtonRole.AcceptRole
        buttons.append(box.addButton(answer, role))
    box.setDefaultButton(buttons[default])
    box.setEscapeButton(buttons[-1])
    box.exec()
    clicked = box.clickedButton()
    return buttons.index(clicked) if clicked in buttons else None
