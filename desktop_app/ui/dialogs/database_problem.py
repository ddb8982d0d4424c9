"""When the database cannot be opened: say why, and offer another file, a backup, or quitting."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("DatabaseProblem", text)


class Choice(Enum):
    OPEN_OTHER = "open_other"
    RESTORE = "restore"
    QUIT = "quit"


def ask(parent: QWidget | None, message: str, can_restore: bool) -> Choice:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_tr("Không mở được cơ sở dữ liệu"))
    box.setText(message)
    other = box.addButton(_tr("Mở &tệp khác…"), QMessageBox.ButtonRole.AcceptRole)
    restore = box.addButton(_tr("&Khôi phục bản sao lưu…"), QMessageBox.ButtonRole.ActionRole)
    restore.setVisible(can_restore)
    quit_button = box.addButton(_tr("&Thoát"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(other)
    box.exec()
    clicked = box.clickedButton()
    if clicked is other:
        return Choice.OPEN_OTHER
    if clicked is restore:
        return Choice.RESTORE
    del quit_button  # closing the box or pressing Esc also means quit
    return Choice.QUIT


def choose_database(parent: QWidget | None, folder: Path) -> Path | None:
    chosen, _filter = QFileDialog.getSaveFileName(
        parent,
        _tr("Chọn hoặc tạo tệp cơ sở dữ liệu"),
        str(folder / "congdoan.sqlite"),
        "CongDoan Desk (*.sqlite)",
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    return Path(chosen) if chosen else None


def choose_backup(parent: QWidget | None, folder: Path) -> Path | None:
    chosen, _filter = QFileDialog.getOpenFileName(
        parent, _tr("Chọn bản sao lưu"), str(folder), "CongDoan Desk (*.sqlite)"
    )
    return Path(chosen) if chosen else None
