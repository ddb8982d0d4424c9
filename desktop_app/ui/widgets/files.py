"""Asking where to save a file: the suggested name in the last used folder, the right extension added."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def ask_save_path(parent: QWidget, title: str, folder: str, file_name: str, filter_text: str) -> Path | None:
    """The path the clerk chose (None when cancelled); ``file_name``'s extension is added when left out."""
    suggested = str(Path(folder or Path.home()) / file_name)
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, suggested, filter_text)
    if not chosen:
        return None
    path = Path(chosen)
    suffix = Path(file_name).suffix
    if suffix and path.suffix.lower() != suffix.lower():
        path = path.with_suffix(suffix)
    return path
