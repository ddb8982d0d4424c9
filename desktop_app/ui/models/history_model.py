"""The Qt table model of «Lịch sử thay đổi»: the change-log lines the history service returned, newest first."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop_app.services.history import ChangeEntry
from desktop_app.ui.models.record_table import Column, RecordTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("HistoryTableModel", text)


def local_time(at: datetime) -> datetime:
    """The log's time (UTC, stored without a zone) on the clerk's clock."""
    return (at.replace(tzinfo=UTC) if at.tzinfo is None else at).astimezone()


def time_text(at: datetime) -> str:
    return local_time(at).strftime("%d/%m/%Y %H:%M")


def columns() -> list[Column[ChangeEntry]]:
    return [
        Column(_tr("Số"), lambda e: str(e.seq), sort_key=lambda e: e.seq, numeric=True),
        Column(_tr("Thời gian"), lambda e: time_text(e.at), sort_key=lambda e: (e.at, e.seq),
               tooltip=lambda e: local_time(e.at).strftime("%d/%m/%Y %H:%M:%S")),
        Column(_tr("Người sửa"), lambda e: e.actor),
        Column(_tr("Loại"), lambda e: e.kind_label),
        Column(_tr("Thao tác"), lambda e: e.operation_label),
        # A long summary is elided in the cell; the tooltip has it whole.
        Column(_tr("Nội dung"), lambda e: e.summary),
    ]


class HistoryTableModel(RecordTableModel[ChangeEntry]):
    """Change-log lines; ``RECORD_ROLE`` gives the ``ChangeEntry`` behind a row."""

    SUMMARY_COLUMN = 5

    def __init__(self, parent: Any = None) -> None:
        super().__init__(columns(), parent)
