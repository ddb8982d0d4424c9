"""The start page (Tổng quan): what a clerk sees first each morning — the tracking notice, the reports overdue and
those due this week — one keystroke from logging an arrival on the tracking page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal, SignalInstance
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.domain.changes import CALENDAR_DAY, REPORT_REQUEST, SUBMISSION, UNIT
from desktop_app.domain.tracking import days_late
from desktop_app.domain.vntext import format_date
from desktop_app.services.tracking_records import Dashboard, ReportRequest
from desktop_app.ui.models.record_table import Column, RecordTableModel
from desktop_app.ui.widgets.actions import add_action
from desktop_app.ui.widgets.refresh import FollowsChanges
from desktop_app.ui.widgets.tables import HintedTable

if TYPE_CHECKING:
    from desktop_app.services.tracking import TrackingService


def _tr(text: str) -> str:
    return QCoreApplication.translate("OverviewPage", text)


class OverdueModel(RecordTableModel[ReportRequest]):
    """Requests whose due date passed with CĐCS still missing: how late, how many missing."""

    def __init__(self, today: Callable[[], date], parent: Any = None) -> None:
        super().__init__(
            [
                Column(_tr("Báo cáo"), lambda r: r.title, tooltip=lambda r: f"{r.title}\n{r.period}"),
                Column(_tr("Hạn nộp"), lambda r: format_date(r.due), lambda r: (r.due.toordinal(), r.id)),
                Column(_tr("Quá hạn"), lambda r: _tr("{n} ngày").format(n=days_late(None, r.due, today())),
                       lambda r: days_late(None, r.due, today()), numeric=True),
                Column(_tr("Còn thiếu"), lambda r: _tr("{n} CĐCS").format(n=len(r.figures.missing)),
                       lambda r: len(r.figures.missing), numeric=True),
            ],
            parent,
        )


class DueSoonModel(RecordTableModel[ReportRequest]):
    """Requests due within the week with CĐCS still missing: how many days are left."""

    def __init__(self, today: Callable[[], date], parent: Any = None) -> None:
        super().__init__(
            [
                Column(_tr("Báo cáo"), lambda r: r.title, tooltip=lambda r: f"{r.title}\n{r.period}"),
                Column(_tr("Hạn nộp"), lambda r: format_date(r.due), lambda r: (r.due.toordinal(), r.id)),
                Column(_tr("Còn lại"), lambda r: self._left(r, today()),
                       lambda r: (r.due - today()).days, numeric=True),
                Column(_tr("Còn thiếu"), lambda r: _tr("{n} CĐCS").format(n=len(r.figures.missing)),
                       lambda r: len(r.figures.missing), numeric=True),
            ],
            parent,
        )

    def _left(self, request: ReportRequest, today: date) -> str:
        days = (request.due - today).days
        if days <= 0:
            return _tr("Hôm nay")  # a due date on a day off counts until the next working day
        return _tr("{n} ngày").format(n=days)


class OverviewPage(QWidget):
    """Reads ``tracking.dashboard()``; asks the window to open a request (``open_request``) or to start logging
    arrivals (``receive``, with the chosen request's id or None).

    At start-up it is built before the office is open (``tracking`` None) with the dashboard of the quick read
    (``services.quick_start``): the clerk sees the figures at once, and Enter, Ctrl+R and F5 wait for
    ``attach_services`` (docs/decisions/0010-start-up.md)."""

    open_request = Signal(int)
    receive = Signal(object)
    notice_changed = Signal(str, bool)  # the notice, and whether something is overdue

    shows_kinds: frozenset[str] = frozenset({REPORT_REQUEST, SUBMISSION, CALENDAR_DAY, UNIT})

    def __init__(
        self, tracking: TrackingService | None, clock: Callable[[], date] = date.today, parent: QWidget | None = None,
        dashboard: Dashboard | None = None,
    ) -> None:
        super().__init__(parent)
        self.tracking = tracking
        self._clock = clock
        self._follower: FollowsChanges | None = None
        self.dashboard: Dashboard | None = None

        self.receive_action = add_action(self, self.tr("Ghi nhận báo cáo đến"), "Ctrl+R", self._receive)
        self.refresh_action = add_action(self, self.tr("Làm mới"), "F5", self.reload)
        self.receive_button = QPushButton(self.tr("Ghi nhận báo cáo đến (Ctrl+R)"))
        self.receive_button.setToolTip(self.tr(
            "Mở trang Theo dõi báo cáo với ô nhận báo cáo: gõ vài chữ tên CĐCS (không cần dấu) rồi Enter"))
        self.receive_button.clicked.connect(lambda _checked=False: self._receive())

        self.notice_label = QLabel()
        self.notice_label.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.notice_label.setWordWrap(True)
        self.overdue_model = OverdueModel(clock, self)
        self.overdue_table = self._table(self.overdue_model, self.tr("Không có báo cáo nào quá hạn."))
        self.due_soon_model = DueSoonModel(clock, self)
        self.due_soon_table = self._table(self.due_soon_model, self.tr("Không có báo cáo nào đến hạn trong tuần."))
        self._layout()
        self._set_ready(tracking is not None)
        if tracking is not None:
            self.reload()
        elif dashboard is not None:
            self.show_dashboard(dashboard)

    @property
    def ready(self) -> bool:
        """The office is open: the lines can be opened and arrivals logged."""
        return self.tracking is not None

    def attach_services(self, tracking: TrackingService) -> None:
        """The open office (after a start on the quick read): read the figures again, enable what waited."""
        self.tracking = tracking
        self._set_ready(True)
        self.reload()

    def _set_ready(self, ready: bool) -> None:
        for action in (self.receive_action, self.refresh_action):
            action.setEnabled(ready)
        self.receive_button.setEnabled(ready)

    def _table(self, model: RecordTableModel[ReportRequest], hint: str) -> HintedTable:
        table = HintedTable(model)
        table.set_hint(hint)
        table.doubleClicked.connect(self._open)
        # Enter opens the line from its own list (as on the history page).
        enter = add_action(self, self.tr("Mở"), Qt.Key.Key_Return, lambda: self._open(table.currentIndex()),
                           Qt.ShortcutContext.WidgetShortcut)
        enter.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        self.removeAction(enter)
        table.addAction(enter)
        return table

    def _layout(self) -> None:
        title = QLabel(self.tr("Tổng quan"))
        title.setStyleSheet("font-size: 16px; font-weight: bold;")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.receive_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice_label)
        self.overdue_title = QLabel(self.tr("Báo cáo quá hạn"))
        self.due_soon_title = QLabel(self.tr("Đến hạn trong tuần"))
        for label, table in ((self.overdue_title, self.overdue_table), (self.due_soon_title, self.due_soon_table)):
            label.setStyleSheet("font-weight: bold; margin-top: 8px;")
            label.setBuddy(table)
            layout.addWidget(label)
            layout.addWidget(table, 1)
        hint = QLabel(self.tr("Enter hoặc nháy đúp một dòng để mở yêu cầu báo cáo trên trang Theo dõi báo cáo."))
        hint.setStyleSheet("color: #666;")
        layout.addWidget(hint)

    # -- loading ---------------------------------------------------------------------------
    def follow(self, changed: SignalInstance) -> None:
        """Reload when a receipt, a request, a unit or the calendar changed, here or in another window."""
        self._follower = FollowsChanges(self, self.shows_kinds, self.reload)
        changed.connect(self._follower.changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._follower is not None:
            self._follower.shown()

    def reload(self) -> None:
        if self.tracking is not None:
            self.show_dashboard(self.tracking.dashboard())

    def show_dashboard(self, dashboard: Dashboard) -> None:
        self.dashboard = dashboard
        self.notice_label.setText(dashboard.notice)
        danger = "#b00020" if dashboard.overdue else ("#b35c00" if dashboard.due_soon else "#1b5e20")
        self.notice_label.setStyleSheet(f"font-size: 15px; font-weight: bold; color: {danger};")
        self.notice_changed.emit(dashboard.notice, bool(dashboard.overdue))
        for model, table, rows in (
            (self.overdue_model, self.overdue_table, dashboard.overdue),
            (self.due_soon_model, self.due_soon_table, dashboard.due_soon),
        ):
            keep = getattr(table.selected(), "id", None)
            model.set_rows(rows)
            table.fit_columns(0, {0: 520})
            ids = [r.id for r in model.rows()]  # in the order the clerk sorted the list
            table.select_row(ids.index(keep) if keep in ids else (0 if rows else None))

    # -- what the clerk does -------------------------------------------------------------------
    def chosen_request(self) -> ReportRequest | None:
        """The line under the focus (or the overdue list's selection): what Ctrl+R logs arrivals for."""
        for table in (self.due_soon_table, self.overdue_table):
            if table.hasFocus() and isinstance(chosen := table.selected(), ReportRequest):
                return chosen
        chosen = self.overdue_table.selected() or self.due_soon_table.selected()
        return chosen if isinstance(chosen, ReportRequest) else None

    def _open(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if not self.ready:
            return  # the tracking page comes with the open office, a moment later
        model = index.model()
        if isinstance(model, RecordTableModel) and 0 <= index.row() < model.rowCount():
            record = model.record_at(index.row())
            if isinstance(record, ReportRequest):
                self.open_request.emit(record.id)

    def _receive(self) -> None:
        chosen = self.chosen_request()
        self.receive.emit(chosen.id if chosen is not None else None)

    def focus_list(self) -> None:
        """Where the clerk lands at start-up: the first list with lines, so Enter opens the first request."""
        table = self.overdue_table if self.overdue_model.rowCount() or not self.due_soon_model.rowCount() \
            else self.due_soon_table
        table.setFocus()
