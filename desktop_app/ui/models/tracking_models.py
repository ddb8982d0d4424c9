"""Qt table models of «Theo dõi báo cáo»: the requests of a year, one request's CĐCS lines, its figures per
sector, and the CĐCS the receive box offers as the clerk types."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.domain.tracking import EXEMPT, PENDING, RECEIVED, RETURNED, Figures, percent
from desktop_app.domain.vntext import format_date, search_key, search_tokens
from desktop_app.services.tracking import ReportRequest, SubmissionLine
from desktop_app.ui.models.record_table import RECORD_ROLE, Column, Index, RecordTableModel

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_RECORD = int(RECORD_ROLE)

# The status colours the clerk reads at a glance (DOMAIN §4): late or overdue red, returned orange, exempt grey,
# on time green; a line not yet due stays in the ordinary text colour.
RED = QColor("#b00020")
ORANGE = QColor("#b35c00")
GREY = QColor("#8a8a8a")
GREEN = QColor("#1b5e20")


def _tr(text: str) -> str:
    return QCoreApplication.translate("TrackingModels", text)


def _day(value: date | None) -> str:
    return format_date(value) if value else ""


def _ordinal(value: date | None) -> int:
    return value.toordinal() if value else -1


def _rate(value: float | None) -> float:
    return -1.0 if value is None else value


# --------------------------------------------------------------------------- requests


def due_state(request: ReportRequest, today: date) -> str:
    """«Quá hạn» when the due date passed with someone missing, «Đến hạn» within the week, else nothing."""
    if request.overdue(today):
        return _tr("Quá hạn")
    if request.due_soon(today):
        return _tr("Đến hạn")
    return ""


def sent_text(figures: Figures) -> str:
    return f"{figures.received}/{figures.expected}"


class RequestsTableModel(RecordTableModel[ReportRequest]):
    """The requests of a year with their figures; overdue ones in red, due this week in orange."""

    def __init__(self, today: Callable[[], date], parent: Any = None) -> None:
        self._today = today
        super().__init__(
            [
                Column(_tr("Tên báo cáo"), lambda r: r.title, tooltip=lambda r: f"{r.title}\n{r.what_label}"),
                Column(_tr("Kỳ báo cáo"), lambda r: r.period),
                Column(_tr("Hạn nộp"), lambda r: _day(r.due), lambda r: (_ordinal(r.due), r.id),
                       tooltip=self._due_tooltip),
                Column(_tr("Tình trạng"), lambda r: due_state(r, self._today())),
                Column(_tr("Đã nộp"), lambda r: sent_text(r.figures),
                       lambda r: (r.figures.received, r.figures.expected), numeric=True),
                Column(_tr("Nộp đủ"), lambda r: percent(r.figures.completeness),
                       lambda r: _rate(r.figures.completeness), numeric=True),
                Column(_tr("Đúng hạn"), lambda r: percent(r.figures.timeliness),
                       lambda r: _rate(r.figures.timeliness), numeric=True),
            ],
            parent,
        )

    @staticmethod
    def _due_tooltip(request: ReportRequest) -> str:
        if request.last_day != request.due:
            return _tr("Hạn rơi vào ngày nghỉ: tính đúng hạn đến hết ngày {day}").format(day=_day(request.last_day))
        return _day(request.due)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role == _FOREGROUND and 0 <= index.row() < self.rowCount():
            request = self.record_at(index.row())
            if request.overdue(self._today()):
                return QBrush(RED)
            if request.due_soon(self._today()):
                return QBrush(ORANGE)
            return None
        return super().data(index, role)

    def row_of(self, request_id: int) -> int | None:
        return self.row_where(lambda r: r.id == request_id)


# --------------------------------------------------------------------------- one request's CĐCS


def line_colour(line: SubmissionLine, today: date, last_day: date) -> QColor | None:
    """Late or overdue red, returned orange, exempt grey, on time green; not yet due: the ordinary colour."""
    status = line.status
    if status == EXEMPT:
        return GREY
    if status == RETURNED:
        return ORANGE
    if status == RECEIVED and line.state is not None:
        counted = line.state.counted_on()
        return RED if counted is not None and counted > last_day else GREEN
    if status == PENDING and today > last_day:
        return RED
    return None


def _line_note(line: SubmissionLine) -> str:
    return " · ".join(part for part in (line.exempt_reason, line.note, line.backdate_note) if part)


def _status_order(line: SubmissionLine) -> tuple[int, int]:
    # Missing first (what the clerk chases), then returned, late, on time, exempt.
    rank = {PENDING: 0, RETURNED: 1, RECEIVED: 2, EXEMPT: 4}.get(line.status, 5)
    return rank, _ordinal(line.received_on)


class SubmissionLinesModel(RecordTableModel[SubmissionLine]):
    """One line per CĐCS asked (and any other with a record), coloured by status."""

    STATUS_COLUMN = 2

    def __init__(self, today: Callable[[], date], parent: Any = None) -> None:
        self._today = today
        self._last_day: date | None = None
        super().__init__(
            [
                Column(_tr("Mã"), lambda s: s.unit.code),
                Column(_tr("Tên CĐCS"), lambda s: s.unit.name),
                Column(_tr("Tình trạng"), lambda s: s.label, _status_order),
                Column(_tr("Ngày nhận"), lambda s: _day(s.received_on), lambda s: _ordinal(s.received_on)),
                Column(_tr("Hình thức"), lambda s: s.channel_label if s.status in (RECEIVED, RETURNED) else ""),
                Column(_tr("Tệp"), lambda s: str(len(s.files)) if s.files else "", lambda s: len(s.files),
                       tooltip=lambda s: "\n".join(f.file_name for f in s.files), numeric=True),
                Column(_tr("Ghi chú"), _line_note),
                Column(_tr("Người ghi"), lambda s: s.logged_by if s.state is not None else ""),
            ],
            parent,
        )

    def set_lines(self, lines: Sequence[SubmissionLine], last_day: date) -> None:
        self._last_day = last_day
        self.set_rows(lines)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role == _FOREGROUND and 0 <= index.row() < self.rowCount() and self._last_day is not None:
            colour = line_colour(self.record_at(index.row()), self._today(), self._last_day)
            return QBrush(colour) if colour is not None else None
        return super().data(index, role)

    def row_of_code(self, code: str) -> int | None:
        return self.row_where(lambda s: s.unit.code == code)


class SectorFiguresModel(RecordTableModel[tuple[str | None, str, Figures]]):
    """A request's rates per sector (TrackingService.sector_figures)."""

    def __init__(self, parent: Any = None) -> None:
        def number(pick: Callable[[Figures], int]) -> Callable[[tuple[str | None, str, Figures]], str]:
            return lambda row: str(pick(row[2]))

        def key(pick: Callable[[Figures], int]) -> Callable[[tuple[str | None, str, Figures]], int]:
            return lambda row: pick(row[2])

        counts: list[tuple[str, Callable[[Figures], int]]] = [
            (_tr("Phải nộp"), lambda f: f.expected),
            (_tr("Đã nộp"), lambda f: f.received),
            (_tr("Đúng hạn"), lambda f: f.on_time),
            (_tr("Nộp muộn"), lambda f: f.late),
            (_tr("Chưa nộp"), lambda f: len(f.missing)),
            (_tr("Trả lại"), lambda f: f.returned),
            (_tr("Miễn"), lambda f: f.exempt),
        ]
        super().__init__(
            [
                Column(_tr("Khối, ngành"), lambda row: row[1]),
                *[Column(title, number(pick), key(pick), numeric=True) for title, pick in counts],
                Column(_tr("Tỷ lệ nộp đủ"), lambda row: percent(row[2].completeness),
                       lambda row: _rate(row[2].completeness), numeric=True),
                Column(_tr("Tỷ lệ đúng hạn"), lambda row: percent(row[2].timeliness),
                       lambda row: _rate(row[2].timeliness), numeric=True),
            ],
            parent,
        )


# --------------------------------------------------------------------------- the receive box's choices


class ReceiveChoicesModel(QAbstractListModel):
    """The CĐCS of a request that match what the clerk typed (accents, case and order of words ignored): those
    still missing first, then returned ones, then those already in (receiving again corrects the day)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._lines: list[tuple[SubmissionLine, str]] = []  # (line, folded «code name»)
        self._shown: list[SubmissionLine] = []

    def set_lines(self, lines: Sequence[SubmissionLine]) -> None:
        asked = [line for line in lines if line.expected or line.status == EXEMPT]
        asked.sort(key=lambda s: ({PENDING: 0, RETURNED: 1}.get(s.status, 2), s.unit.code))
        self._lines = [(line, search_key(f"{line.unit.code} {line.unit.name}")) for line in asked]

    def filter(self, query: str) -> None:
        tokens = search_tokens(query)
        self.beginResetModel()
        self._shown = [line for line, key in self._lines if tokens and all(t in key for t in tokens)]
        self.endResetModel()

    def line_at(self, row: int) -> SubmissionLine | None:
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        line = self.line_at(index.row())
        if line is None:
            return None
        if role == _DISPLAY:
            if line.status == PENDING:
                return f"{line.unit.name} ({line.unit.code})"
            return f"{line.unit.name} ({line.unit.code}) — {line.label}"
        if role == _FOREGROUND:
            return QBrush(GREY) if line.status not in (PENDING, RETURNED) else None
        if role == _RECORD:
            return line
        return None
